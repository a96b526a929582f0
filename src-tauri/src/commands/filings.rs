use beian_core::FilingDocument;
use beian_store::{FilingEvent, FilingRecord, ListQuery, ListResult};

use crate::error::IpcResult;

#[tauri::command]
#[specta::specta]
pub async fn create_filing<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    subject_name: String,
    domain: String,
) -> IpcResult<FilingRecord> {
    crate::state::blocking(app, move |state| {
        Ok(beian_usecases::new_draft(&mut *state.store()?, &subject_name, &domain, jiff::Timestamp::now())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_filing<R: tauri::Runtime>(app: tauri::AppHandle<R>, id: i64) -> IpcResult<FilingRecord> {
    crate::state::blocking(app, move |state| Ok(state.store()?.get_filing(id)?)).await
}

/// A filing with its personal data in full, for a viewer of the team store (who otherwise reads
/// the masked document): the server records the reveal in the audit trail in the viewer's own name
/// (`beian.reveal`). Staff and the desk store record it the same way.
#[tauri::command]
#[specta::specta]
pub async fn reveal_filing<R: tauri::Runtime>(app: tauri::AppHandle<R>, id: i64) -> IpcResult<FilingRecord> {
    crate::state::blocking(app, move |state| {
        Ok(state.store()?.reveal_filing(id, "显示完整信息", "app", jiff::Timestamp::now())?)
    })
    .await
}

/// Saves an edited document; `revision` is the revision the editor loaded.
#[tauri::command]
#[specta::specta]
pub async fn update_filing<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    id: i64,
    revision: i64,
    document: FilingDocument,
) -> IpcResult<FilingRecord> {
    crate::state::blocking(app, move |state| {
        Ok(state.store()?.update_filing(id, &document, revision, jiff::Timestamp::now())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_filings<R: tauri::Runtime>(app: tauri::AppHandle<R>, query: ListQuery) -> IpcResult<ListResult> {
    crate::state::blocking(app, move |s| Ok(beian_usecases::list(&*s.store()?, &query)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn filing_events<R: tauri::Runtime>(app: tauri::AppHandle<R>, id: i64) -> IpcResult<Vec<FilingEvent>> {
    crate::state::blocking(app, move |state| Ok(state.store()?.filing_events(id)?)).await
}
