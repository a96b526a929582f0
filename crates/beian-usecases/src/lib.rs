//! Beian Desk's use cases: every operation that combines the store with the rules, defined once and
//! shared by the desktop window's commands and the `beian` command line, each of which is a few
//! lines over a function here.
//!
//! - [`check_filing`]: all diagnostics of a filing — the core's rules, product verification and
//!   quotas across the store's filings, a change filing's rules against its approved original, the
//!   materials still missing. The window's check and the submit gate are this one function.
//! - [`overview`]: what the filing's view shows besides the form.
//! - [`apply_action`]: a workflow action; a submission is refused, with the diagnostics, when
//!   [`check_filing`] finds any error.
//! - [`history`], [`resolve`].
//!
//! Architecture invariant: no Tauri and no SQL here; the store is reached only through
//! `beian_store::Store`'s methods, so that another engine behind that interface changes nothing
//! above it.

use beian_core::plan::Plan;
use beian_core::schedule::{self, Deadline};
use beian_core::workflow::{ActionKind, ActionRequest, AvailableAction};
use beian_core::{Diagnostic, FilingDocument, FilingType};
use beian_store::{Checked, FilingEvent, FilingRecord, Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use specta::Type;

/// Why a use case did not do what it was asked. Messages are for staff, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum UseCaseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A submission refused by the check: its error count and every diagnostic, so that the
    /// caller shows them (the window at their fields, the CLI on stderr).
    #[error("还有 {} 个错误，改正后才能提交", .errors)]
    HasErrors { errors: u32, diagnostics: Vec<Diagnostic> },
}

impl UseCaseError {
    /// The diagnostics that explain a refusal (empty for other errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            UseCaseError::HasErrors { diagnostics, .. } => diagnostics,
            UseCaseError::Store(_) => &[],
        }
    }
}

/// A filing by order number (`BA20261128-0001`) or numeric id, as every command names one.
pub fn resolve(store: &Store, key: &str) -> Result<i64, StoreError> {
    let key = key.trim();
    if let Some(id) = store.find_by_order_no(&key.to_uppercase())? {
        return Ok(id);
    }
    if let Ok(id) = key.parse::<i64>() {
        store.get_filing(id)?;
        return Ok(id);
    }
    Err(StoreError::NotFound { what: "备案", id: key.chars().take(64).collect() })
}

/// Every diagnostic of a document — of the stored filing `id`, or of a document being edited
/// (`id` is then the filing it will be saved to, if any): the core's rules, product verification
/// and quotas across this store's other filings, for a change filing the change rules against its
/// approved original, and the materials still missing. Sorted as the rulebook sorts.
pub fn check_filing(
    store: &Store,
    id: Option<i64>,
    document: &FilingDocument,
    now: Timestamp,
) -> Result<Vec<Diagnostic>, StoreError> {
    let order_no = match id {
        Some(id) => store.order_no_of(id)?,
        None => None,
    };
    let today = beian_core::calendar::cst_now_date(now);
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
        diags.extend(store.material_diagnostics(id, now)?);
    }
    beian_core::rules::sort_diagnostics(&mut diags);
    Ok(diags)
}

/// How many of `diags` are errors.
pub fn error_count(diags: &[Diagnostic]) -> u32 {
    u32::try_from(diags.iter().filter(|d| d.is_error()).count()).unwrap_or(u32::MAX)
}

/// Everything the filing's view shows besides the form: the plan (filing type with its reason and
/// blockers, SMS verification, materials, expected dates), the diagnostics, the actions available
/// in its status, and its deadlines.
#[derive(Debug, Serialize, Type)]
pub struct FilingOverview {
    pub plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
    /// Errors among `diagnostics`: a submission needs zero (the same count [`apply_action`] uses).
    pub errors: u32,
    pub actions: Vec<AvailableAction>,
    pub deadlines: Vec<Deadline>,
    /// The document with certificate numbers, phones and e-mails masked, for the review page.
    pub masked: FilingDocument,
}

/// The overview of the stored filing `id` (phones in the SMS plan masked).
pub fn overview(store: &Store, id: i64, now: Timestamp) -> Result<FilingOverview, StoreError> {
    let rec = store.get_filing(id)?;
    let today = beian_core::calendar::cst_now_date(now);
    let registry = store.registry_for(Some(&rec.order_no), &rec.document)?;
    let mut plan = beian_core::plan::plan(&rec.document, &registry, store.calendar(), today);
    for v in &mut plan.sms.verifiers {
        v.phone = beian_core::mask::phone(&v.phone);
    }
    let diagnostics = check_filing(store, Some(id), &rec.document, now)?;
    let events = store.status_changes(id)?;
    let deadlines =
        schedule::deadlines(rec.status, &events, &rec.document.subject.region.province, store.calendar(), now);
    let masked = beian_core::mask::document(&rec.document);
    Ok(FilingOverview {
        plan,
        errors: error_count(&diagnostics),
        diagnostics,
        actions: beian_core::workflow::available_action_buttons(rec.status),
        deadlines,
        masked,
    })
}

/// Applies a workflow action. A submission is checked first by [`check_filing`] — every
/// diagnostic the window shows, not only the core's rules — and refused with those diagnostics
/// when any is an error; the store then refuses it as a conflict if the filing changed after the
/// check. Nothing is written by a refused action.
pub fn apply_action(
    store: &mut Store,
    id: i64,
    request: ActionRequest,
    now: Timestamp,
) -> Result<FilingRecord, UseCaseError> {
    let record = store.get_filing(id)?;
    let mut errors = 0;
    if request.kind == ActionKind::Submit {
        let diagnostics = check_filing(store, Some(id), &record.document, now)?;
        errors = error_count(&diagnostics);
        if errors > 0 {
            // The state machine's own refusals (wrong status, no confirmation) come first: they
            // say what to do next more plainly than a list of errors.
            let action = request.clone().into_action(0);
            beian_core::workflow::apply(record.status, &action, None).map_err(StoreError::from)?;
            let diagnostics = diagnostics.into_iter().filter(Diagnostic::is_error).collect();
            return Err(UseCaseError::HasErrors { errors, diagnostics });
        }
    }
    Ok(store.apply_action(id, request, Checked { revision: record.revision, errors }, now)?)
}

/// The filing's history, oldest first.
pub fn history(store: &Store, id: i64) -> Result<Vec<FilingEvent>, StoreError> {
    store.filing_events(id)
}
