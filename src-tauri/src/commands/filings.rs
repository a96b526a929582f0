use beian_core::FilingDocument;
use beian_store::{FilingEvent, FilingRecord, ListQuery, ListResult};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn create_filing(state: State<'_, AppState>, subject_name: String, domain: String) -> IpcResult<FilingRecord> {
    Ok(beian_usecases::new_draft(&mut *state.store()?, &subject_name, &domain, jiff::Timestamp::now())?)
}

#[tauri::command]
#[specta::specta]
pub fn get_filing(state: State<'_, AppState>, id: i64) -> IpcResult<FilingRecord> {
    Ok(state.store()?.get_filing(id)?)
}

/// Saves an edited document; `revision` is the revision the editor loaded.
#[tauri::command]
#[specta::specta]
pub fn update_filing(
    state: State<'_, AppState>,
    id: i64,
    revision: i64,
    document: FilingDocument,
) -> IpcResult<FilingRecord> {
    Ok(state.store()?.update_filing(id, &document, revision, jiff::Timestamp::now())?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_filings<R: tauri::Runtime>(app: tauri::AppHandle<R>, query: ListQuery) -> IpcResult<ListResult> {
    crate::state::blocking(app, move |s| Ok(beian_usecases::list(&*s.store()?, &query)?)).await
}

#[tauri::command]
#[specta::specta]
pub fn filing_events(state: State<'_, AppState>, id: i64) -> IpcResult<Vec<FilingEvent>> {
    Ok(state.store()?.filing_events(id)?)
}
