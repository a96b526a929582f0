use beian_core::FilingDocument;
use beian_store::{FilingEvent, FilingRecord, ListQuery, ListResult};
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Longest subject name or domain accepted when creating a draft.
const MAX_FIELD_CHARS: usize = 256;

/// Creates a draft filing from what staff type first: the subject's name and one domain.
#[tauri::command]
#[specta::specta]
pub fn create_filing(state: State<'_, AppState>, subject_name: String, domain: String) -> IpcResult<FilingRecord> {
    let (subject_name, domain) = (subject_name.trim(), domain.trim());
    if subject_name.is_empty() {
        return Err(IpcError::invalid("subject.name", "请填写主办单位或个人名称"));
    }
    if domain.is_empty() {
        return Err(IpcError::invalid("websites[0].domains[0]", "请填写网站域名"));
    }
    if subject_name.chars().count() > MAX_FIELD_CHARS || domain.chars().count() > MAX_FIELD_CHARS {
        return Err(IpcError::invalid("subject.name", format!("名称和域名不能超过 {MAX_FIELD_CHARS} 个字符")));
    }
    let doc = FilingDocument::draft(subject_name, domain);
    Ok(state.store()?.create_filing(&doc, jiff::Timestamp::now())?)
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
pub fn list_filings(state: State<'_, AppState>, query: ListQuery) -> IpcResult<ListResult> {
    let store = state.store()?;
    let mut result = store.list_filings(&query)?;
    // One page (≤ 1000 rows, 500 in the window): what each filing still lacks.
    let now = jiff::Timestamp::now();
    for item in &mut result.items {
        item.missing_materials = Some(store.material_completeness(item.id, now)?.missing.len() as u32);
    }
    Ok(result)
}

#[tauri::command]
#[specta::specta]
pub fn filing_events(state: State<'_, AppState>, id: i64) -> IpcResult<Vec<FilingEvent>> {
    Ok(state.store()?.filing_events(id)?)
}
