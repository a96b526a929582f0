//! Attachments: scans of a filing's materials. The window hands over paths (from the native file
//! dialog or a drop onto a material slot); each file is processed without holding the store, then
//! recorded (file before row). Several files report their progress through a channel.

use std::path::Path;

use beian_scan::{Derived, FileStore, Kind};
use beian_store::attachments::{self as att, Attachment, Completeness};
use tauri::State;
use tauri::ipc::Channel;

use crate::error::IpcResult;
use crate::state::AppState;

pub use beian_usecases::attach::{AttachFailure, AttachProgress, AttachReport, ProgressStage};

fn files(state: &AppState) -> FileStore {
    FileStore::in_data_dir(&state.data_dir)
}

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
            &files(state),
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
pub async fn replace_attachment(state: State<'_, AppState>, id: i64, path: String) -> IpcResult<Attachment> {
    let name = beian_scan::name::check_source_path(&path)?;
    state.store()?.attachment(id)?;
    let processed = beian_scan::process_file(Path::new(&path))?;
    let mut store = state.store()?;
    Ok(att::commit_replacement(&mut store, &files(&state), id, &name, &processed, jiff::Timestamp::now())?)
}

/// A filing's attachments in force.
#[tauri::command]
#[specta::specta]
pub fn list_attachments(state: State<'_, AppState>, filing_id: i64) -> IpcResult<Vec<Attachment>> {
    Ok(state.store()?.attachments(filing_id, false)?)
}

/// The filing's materials, which are required, and how many files each has.
#[tauri::command]
#[specta::specta]
pub fn material_completeness(state: State<'_, AppState>, filing_id: i64) -> IpcResult<Completeness> {
    Ok(state.store()?.material_completeness(filing_id, jiff::Timestamp::now())?)
}

/// Removes an attachment (undo: `restore_attachment`).
#[tauri::command]
#[specta::specta]
pub fn remove_attachment(state: State<'_, AppState>, id: i64) -> IpcResult<Attachment> {
    Ok(state.store()?.remove_attachment(id, jiff::Timestamp::now())?)
}

/// Undoes a removal or a replacement.
#[tauri::command]
#[specta::specta]
pub fn restore_attachment(state: State<'_, AppState>, id: i64) -> IpcResult<Attachment> {
    Ok(state.store()?.restore_attachment(id)?)
}

fn data_url(mime: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The thumbnail (JPEG, 256 px) of an attachment, as a `data:` URL.
#[tauri::command]
#[specta::specta]
pub fn attachment_thumbnail(state: State<'_, AppState>, id: i64) -> IpcResult<String> {
    let a = state.store()?.attachment(id)?;
    let files = files(&state);
    let bytes = match files.read_derived(&a.sha256, Derived::Thumbnail) {
        Ok(b) => b,
        Err(_) if a.kind == Kind::Pdf => beian_scan::pdf::placeholder_thumbnail()?,
        Err(e) => return Err(e.into()),
    };
    Ok(data_url("image/jpeg", &bytes))
}

/// The large preview of an attachment as a `data:` URL: the normalised image, or a PDF's first
/// page; `None` for a PDF that could not be rendered.
#[tauri::command]
#[specta::specta]
pub async fn attachment_preview<R: tauri::Runtime>(app: tauri::AppHandle<R>, id: i64) -> IpcResult<Option<String>> {
    crate::state::blocking(app, move |state| {
        let a = state.store()?.attachment(id)?;
        let mime = if a.kind == Kind::Image { a.mime.as_str() } else { "image/jpeg" };
        Ok(beian_usecases::ocr::page_bytes(&files(state), &a)?.map(|bytes| data_url(mime, &bytes)))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_urls_are_base64() {
        assert_eq!(data_url("image/jpeg", b""), "data:image/jpeg;base64,");
        assert_eq!(data_url("a/b", b"f"), "data:a/b;base64,Zg==");
        assert_eq!(data_url("a/b", b"fo"), "data:a/b;base64,Zm8=");
        assert_eq!(data_url("a/b", b"foobar"), "data:a/b;base64,Zm9vYmFy");
    }
}
