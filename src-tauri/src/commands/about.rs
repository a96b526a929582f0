//! 关于 and 导出诊断信息: what the program and its store are, and the diagnostic bundle for the
//! agency's IT person (beian_usecases::support).

use beian_usecases::support::{self, About};
use tauri::Runtime;

use crate::error::IpcResult;

/// The version, the machine, the data directory, the store's figures, the last backup.
#[tauri::command]
#[specta::specta]
pub async fn about_info<R: Runtime>(app: tauri::AppHandle<R>) -> IpcResult<About> {
    crate::state::blocking(app, move |s| Ok(support::about(&*s.store()?, &s.data_dir, jiff::Timestamp::now())?)).await
}

/// The diagnostic bundle at `path` (a save dialog's `.zip`): about, doctor and the logs, masked.
#[tauri::command]
#[specta::specta]
pub async fn save_support_bundle<R: Runtime>(app: tauri::AppHandle<R>, path: String) -> IpcResult<u32> {
    let target = crate::commands::output_path(&path, "zip")?;
    crate::state::blocking(app, move |s| {
        let bytes = support::bundle(&*s.store()?, &s.data_dir, jiff::Timestamp::now())?;
        crate::commands::write_output(&target, &bytes)?;
        Ok(bytes.len() as u32)
    })
    .await
}
