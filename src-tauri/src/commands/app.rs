use serde::Serialize;
use specta::Type;

use crate::error::IpcResult;

#[derive(Debug, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub schema_version: i64,
}

/// Version, data directory and schema version, for the status bar and support.
#[tauri::command]
#[specta::specta]
pub async fn app_info<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> IpcResult<AppInfo> {
    crate::state::blocking(app, move |state| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: state.data_dir.display().to_string(),
            schema_version: state.store()?.schema_version()?,
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub fn catalog() -> beian_usecases::Catalog {
    beian_usecases::catalog()
}

/// When the process started (set first thing in `run`), for the start-up time in the log.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The window's first frame was painted at `at_ms` (milliseconds since the epoch, the page's
/// clock): the start-up time goes into the log, and with `BEIAN_STARTUP_REPORT` set it is printed
/// for `scripts/bench-start.sh`, exactly as its peer, the bare window of `benches/probe`, prints it.
#[tauri::command]
#[specta::specta]
pub fn startup_painted(at_ms: f64) {
    if let Some(started) = STARTED.get() {
        log::info!("first frame painted {} ms after start", started.elapsed().as_millis());
    }
    if std::env::var_os("BEIAN_STARTUP_REPORT").is_some() {
        println!("startup painted_at_ms={at_ms:.1}");
    }
}
