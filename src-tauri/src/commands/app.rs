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
