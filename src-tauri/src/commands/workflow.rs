//! The filing's workflow: what the check says now, what can be done next, and doing it.

use beian_core::workflow::ActionRequest;
use beian_core::{FilingDocument, FilingType};
use beian_store::FilingRecord;
pub use beian_usecases::FilingOverview;

use crate::error::IpcResult;

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// Diagnostics of a document being edited (not yet saved): the rules, plus the product
/// verification quotas across the other filings of this store.
#[tauri::command]
#[specta::specta]
pub async fn check_document<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    id: Option<i64>,
    document: FilingDocument,
) -> IpcResult<Vec<beian_usecases::Shown>> {
    crate::state::blocking(app, move |s| Ok(beian_usecases::check_for_display(&*s.store()?, id, &document, now())?))
        .await
}

/// What would no longer fit if the draft moved to another provider (changes nothing).
#[tauri::command]
#[specta::specta]
pub async fn provider_switch<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    id: Option<i64>,
    document: FilingDocument,
    provider: String,
) -> IpcResult<Vec<beian_usecases::Shown>> {
    crate::state::blocking(app, move |s| {
        Ok(beian_usecases::provider_switch(&*s.store()?, id, &document, &provider, now())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn filing_overview<R: tauri::Runtime>(app: tauri::AppHandle<R>, id: i64) -> IpcResult<FilingOverview> {
    crate::state::blocking(app, move |state| Ok(beian_usecases::overview(&*state.store()?, id, now())?)).await
}

/// Applies a workflow action (submit, SMS sent, approve, reject with reason, …); a submission
/// passes the same check as the window's (`beian_usecases::check_filing`).
#[tauri::command]
#[specta::specta]
pub async fn apply_action<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    id: i64,
    request: ActionRequest,
) -> IpcResult<FilingRecord> {
    crate::state::blocking(app, move |state| {
        Ok(beian_usecases::apply_action(&mut *state.store()?, id, request, now())?)
    })
    .await
}

/// The rulebook: every rule with its severity, fields, message, source and dates.
#[tauri::command]
#[specta::specta]
pub fn rulebook() -> Vec<beian_core::rules::RuleInfo> {
    beian_core::rules::rulebook().to_vec()
}

/// Starts a change, cancel-access or deregister filing from an approved one.
#[tauri::command]
#[specta::specta]
pub async fn start_follow_up<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    id: i64,
    filing_type: FilingType,
) -> IpcResult<FilingRecord> {
    crate::state::blocking(app, move |state| Ok(state.store()?.start_follow_up(id, filing_type, now())?)).await
}
