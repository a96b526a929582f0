//! Attachments: scans of a filing's materials. The window hands over paths (from the native file
//! dialog or a drop onto a material slot); each file is processed without holding the store, then
//! recorded (file before row). Several files report their progress through a channel.

use std::path::Path;

use beian_store::attachments::{self as att, Attachment, Completeness};
use tauri::ipc::Channel;

use crate::error::IpcResult;

pub use beian_usecases::attach::{AttachFailure, AttachProgress, AttachReport, ProgressStage};

/// Attaches files to one material of a filing. Each file stands alone: a bad one is reported in
/// `failed` (and through `on_progress`) and stores nothing; the others are attached.
#[tauri::command]
#[specta::specta]
pub async fn attach_files<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    filing_id: i64,
    material_code: String,
    paths: Vec<String>,
    on_progress: Channel<AttachProgress>,
) -> IpcResult<AttachReport> {
    // Decoding large photos is blocking work: off the async workers the hand-off server shares.
    crate::state::blocking(app, move |state| {
        // A window that went away does not stop the batch.
        let report = beian_usecases::attach::attach_files(
            || state.store(),
            filing_id,
            &material_code,
            &paths,
            |p| {
                let _ = on_progress.send(p);
            },
        )?;
        Ok(report)
    })
    .await
}

/// Replaces one attachment by the file at `path` (same material); restoring the old one undoes it.
#[tauri::command]
#[specta::specta]
pub async fn replace_attachment<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    id: i64,
    path: String,
) -> IpcResult<Attachment> {
    // The store (which may be the team server's connection) and the decoding: off the async workers.
    crate::state::blocking(app, move |state| {
        let name = beian_scan::name::check_source_path(&path)?;
        state.store()?.attachment(id)?;
        let processed = beian_scan::process_file(Path::new(&path))?;
        let mut store = state.store()?;
        Ok(att::commit_replacement(&mut store, id, &name, &processed, jiff::Timestamp::now())?)
    })
    .await
}

/// A filing's attachments in force.
#[tauri::command]
#[specta::specta]
pub async fn list_attachments<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    filing_id: i64,
) -> IpcResult<Vec<Attachment>> {
    crate::state::blocking(app, move |state| Ok(state.store()?.attachments(filing_id, false)?)).await
}

/// The filing's materials, which are required, and how many files each has.
#[tauri::command]
#[specta::specta]
pub async fn material_completeness<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    filing_id: i64,
) -> IpcResult<Completeness> {
    crate::state::blocking(app, move |state| {
        Ok(state.store()?.material_completeness(filing_id, jiff::Timestamp::now())?)
    })
    .await
}

/// Removes an attachment (undo: `restore_attachment`).
#[tauri::command]
#[specta::specta]
pub async fn remove_attachment<R: tauri::Runtime>(app: tauri::AppHandle<R>, id: i64) -> IpcResult<Attachment> {
    crate::state::blocking(app, move |state| Ok(state.store()?.remove_attachment(id, jiff::Timestamp::now())?)).await
}

/// Undoes a removal or a replacement.
#[tauri::command]
#[specta::specta]
pub async fn restore_attachment<R: tauri::Runtime>(app: tauri::AppHandle<R>, id: i64) -> IpcResult<Attachment> {
    crate::state::blocking(app, move |state| Ok(state.store()?.restore_attachment(id)?)).await
}
