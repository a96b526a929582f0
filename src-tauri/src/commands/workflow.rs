//! The filing's workflow: what the check says now, what can be done next, and doing it.

use beian_core::plan::Plan;
use beian_core::schedule::{self, Deadline};
use beian_core::workflow::{self, ActionRequest, AvailableAction};
use beian_core::{Diagnostic, FilingDocument, FilingType};
use beian_store::FilingRecord;
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// Every diagnostic of a document: the rules, the product-verification quotas across this store's
/// filings, and for a change filing the change rules against the approved original.
fn diagnostics_of(
    store: &beian_store::Store,
    id: Option<i64>,
    document: &FilingDocument,
) -> Result<Vec<Diagnostic>, beian_store::StoreError> {
    let order_no = match id {
        Some(id) => store.order_no_of(id)?,
        None => None,
    };
    let today = beian_core::calendar::cst_now_date(now());
    let mut diags = beian_core::validate(document, today);
    let uses = store.product_uses_for(order_no.as_deref(), document)?;
    diags.extend(beian_core::product::check_products(order_no.as_deref().unwrap_or(""), document, &uses));
    let is_change = matches!(document.filing_type, Some(FilingType::ChangeSubject | FilingType::ChangeSite));
    if let Some(id) = id
        && is_change
        && let Some(original) = store.original_of(id)?
    {
        diags.extend(beian_core::filing_type::check_change(&original.document, document));
    }
    if let Some(id) = id {
        diags.extend(store.material_diagnostics(id, now())?);
    }
    beian_core::rules::sort_diagnostics(&mut diags);
    Ok(diags)
}

/// Everything the filing's view shows besides the form: the plan (filing type with its reason and
/// blockers, SMS verification, materials, expected dates), the diagnostics, the actions available
/// in its status, and its deadlines.
#[derive(Debug, Serialize, Type)]
pub struct FilingOverview {
    pub plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
    pub actions: Vec<AvailableAction>,
    pub deadlines: Vec<Deadline>,
    /// The document with certificate numbers, phones and e-mails masked, for the review page.
    pub masked: FilingDocument,
}

/// Diagnostics of a document being edited (not yet saved): the rules, plus the product
/// verification quotas across the other filings of this store.
#[tauri::command]
#[specta::specta]
pub fn check_document(
    state: State<'_, AppState>,
    id: Option<i64>,
    document: FilingDocument,
) -> IpcResult<Vec<Diagnostic>> {
    let store = state.store()?;
    Ok(diagnostics_of(&store, id, &document)?)
}

#[tauri::command]
#[specta::specta]
pub fn filing_overview(state: State<'_, AppState>, id: i64) -> IpcResult<FilingOverview> {
    let store = state.store()?;
    let rec = store.get_filing(id)?;
    let now = now();
    let today = beian_core::calendar::cst_now_date(now);
    let registry = store.registry_for(Some(&rec.order_no), &rec.document)?;
    let mut plan = beian_core::plan::plan(&rec.document, &registry, store.calendar(), today);
    for v in &mut plan.sms.verifiers {
        v.phone = beian_core::mask::phone(&v.phone);
    }
    let diagnostics = diagnostics_of(&store, Some(id), &rec.document)?;
    let events = store.status_changes(id)?;
    let deadlines =
        schedule::deadlines(rec.status, &events, &rec.document.subject.region.province, store.calendar(), now);
    let masked = beian_core::mask::document(&rec.document);
    Ok(FilingOverview { plan, diagnostics, actions: workflow::available_action_buttons(rec.status), deadlines, masked })
}

/// Applies a workflow action (submit, SMS sent, approve, reject with reason, …).
#[tauri::command]
#[specta::specta]
pub fn apply_action(state: State<'_, AppState>, id: i64, request: ActionRequest) -> IpcResult<FilingRecord> {
    Ok(state.store()?.apply_action(id, request, now())?)
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
pub fn start_follow_up(state: State<'_, AppState>, id: i64, filing_type: FilingType) -> IpcResult<FilingRecord> {
    Ok(state.store()?.start_follow_up(id, filing_type, now())?)
}
