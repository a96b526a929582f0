use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[derive(Debug, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub schema_version: i64,
}

/// Version, data directory and schema version, for the status bar and support.
#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.display().to_string(),
        schema_version: state.store()?.schema_version()?,
    })
}

#[tauri::command]
#[specta::specta]
pub fn catalog() -> beian_usecases::Catalog {
    beian_usecases::catalog()
}
