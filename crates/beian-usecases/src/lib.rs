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

pub mod attach;
pub mod catalog;
pub mod due;
pub mod logs;
pub mod ocr;
pub mod package;
pub mod print;
pub mod settings;
pub mod sheet;
pub mod start;
pub mod support;

pub use catalog::{Catalog, Labeled, catalog};

use beian_core::labels::Label;
use beian_core::plan::Plan;
use beian_core::schedule::{self, Deadline};
use beian_core::workflow::{ActionKind, ActionRequest, AvailableAction};
use beian_core::{Diagnostic, FilingDocument, FilingType};
use beian_store::{Checked, FilingEvent, FilingRecord, ListQuery, ListResult, Store, StoreError};
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
    #[error("{}", errors_left(*.errors).zh)]
    HasErrors { errors: u32, diagnostics: Vec<Diagnostic> },
    /// A print view that cannot be made as asked (no filings, a bad hand-off link).
    #[error(transparent)]
    Print(beian_print::PrintError),
}

impl UseCaseError {
    /// The diagnostics that explain a refusal (empty for other errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            UseCaseError::HasErrors { diagnostics, .. } => diagnostics,
            UseCaseError::Store(_) | UseCaseError::Print(_) => &[],
        }
    }
}

/// Why a submission with `n` errors is refused: the blocked submit button and the refusal say the same.
fn errors_left(n: u32) -> Label {
    Label {
        zh: format!("还有 {n} 个错误，改正后才能提交"),
        en: format!("{n} error(s) left: correct them before submitting"),
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
/// (`id` is then the filing it will be saved to, if any): the core's rules, what blocks its filing
/// type among this store's filings, a personal subject's service total across them, product quotas across them, for a change filing the change rules against its
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
    // What blocks the filing type (a domain filed here or in another open order, the subject's
    // open order, websites calling for different types) — the plan's type check, as errors.
    if !document.filing_type.is_some_and(beian_core::filing_type::is_follow_up) {
        let registry = store.registry_for(order_no.as_deref(), document)?;
        let check = beian_core::filing_type::determine(document, &registry);
        diags.extend(check.blockers.iter().map(beian_core::filing_type::Blocker::to_diagnostic));
        // A personal subject's five services are counted across the agency's filings of them.
        diags.extend(beian_core::rules::check_personal_total_across(document, &registry, today));
    }
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

/// A diagnostic as the window shows it: with the field's label (证件住所, not
/// `subject.cert_address`), the rule's wording in English, and its source as a citation. The
/// diagnostic's own `message` / `message_en` are the case's messages in each language.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Shown {
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// `None` for a finding about the document as a whole.
    pub field_label: Option<Label>,
    /// The rulebook's English wording of the rule: what it requires in general (the case's English
    /// message is the diagnostic's `message_en`).
    pub rule_message_en: Option<String>,
    pub citation: Label,
}

/// The diagnostics with their labels, the rule's English wording and citations.
pub fn present(diags: Vec<Diagnostic>) -> Vec<Shown> {
    present_in(None, diags)
}

/// [`present`], with the fields of each service named by its kind (APP名称, not 网站名称).
pub fn present_in(document: Option<&FilingDocument>, diags: Vec<Diagnostic>) -> Vec<Shown> {
    diags
        .into_iter()
        .map(|d| Shown {
            field_label: catalog::field_label(&d.field, document),
            rule_message_en: beian_core::rules::rule_info(&d.rule).and_then(|r| r.message_en.clone()),
            citation: beian_core::rules::citation(&d.source),
            diagnostic: d,
        })
        .collect()
}

/// [`check_filing`], presented for the window.
pub fn check_for_display(
    store: &Store,
    id: Option<i64>,
    document: &FilingDocument,
    now: Timestamp,
) -> Result<Vec<Shown>, StoreError> {
    Ok(present_in(Some(document), check_filing(store, id, document, now)?))
}

/// What would no longer fit if the draft moved to `provider`: the diagnostics of the document at
/// the new provider that it does not have now (a product the provider does not offer, a code in
/// the wrong format, a quota used up there). Nothing is changed: the window shows them and staff
/// decide; switching is then an ordinary edit of `provider`.
pub fn provider_switch(
    store: &Store,
    id: Option<i64>,
    document: &FilingDocument,
    provider: &str,
    now: Timestamp,
) -> Result<Vec<Shown>, StoreError> {
    if beian_core::providers::profile(provider).is_none() {
        return Err(StoreError::Invalid {
            field: "provider".into(),
            message: format!("未知的接入商：{}", provider.chars().take(32).collect::<String>()),
        });
    }
    let before = check_filing(store, id, document, now)?;
    let moved = FilingDocument { provider: provider.to_owned(), ..document.clone() };
    let after = check_filing(store, id, &moved, now)?;
    let new: Vec<Diagnostic> = after
        .into_iter()
        .filter(|d| d.severity != beian_core::Severity::Reminder)
        .filter(|d| !before.iter().any(|b| b.rule == d.rule && b.code == d.code && b.field == d.field))
        .collect();
    Ok(present_in(Some(&moved), new))
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
    pub diagnostics: Vec<Shown>,
    /// Errors among `diagnostics`: a submission needs zero (the same count [`apply_action`] uses).
    pub errors: u32,
    /// The actions of its status, each saying what it needs and, for a submission with errors,
    /// why it is blocked.
    pub actions: Vec<AvailableAction>,
    /// The filing types that can be started from this filing (an approved one's changes,
    /// cancellation and deregistration).
    pub follow_ups: Vec<FilingType>,
    pub deadlines: Vec<Deadline>,
    /// The document with certificate numbers, phones and e-mails masked, for the review page.
    pub masked: FilingDocument,
    /// The subject's other filings in this store, at any provider (接入 at a second provider is a
    /// second filing of the same client).
    pub related: Vec<RelatedFiling>,
}

/// Another filing of the same subject.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RelatedFiling {
    pub id: Option<i64>,
    pub order_no: String,
    pub status: beian_core::status::FilingStatus,
    pub filing_type: Option<FilingType>,
    pub provider: String,
    pub provider_account: Option<String>,
}

/// The plan of a document not (yet) in the store — filing type determined against the store's
/// filings, materials, SMS verification, expected dates on the store's calendar.
pub fn plan_document(store: &Store, document: &FilingDocument, now: Timestamp) -> Result<Plan, StoreError> {
    let registry = store.registry_for(None, document)?;
    let today = beian_core::calendar::cst_now_date(now);
    let mut plan = beian_core::plan::plan(document, &registry, store.calendar(), today);
    let observed = due::observed_for(store, &document.subject.region.province, &document.provider, now)?;
    plan_with_history(store, document, &mut plan, &observed);
    Ok(plan)
}

/// The plan's expected dates from the agency's own review times where it has enough of them for the
/// document's province and provider (the plan says so); the guide's otherwise.
fn plan_with_history(store: &Store, document: &FilingDocument, plan: &mut Plan, observed: &schedule::Observed) {
    let (province, provider) = (document.subject.region.province.trim(), document.provider.trim());
    if *observed != schedule::Observed::none() {
        plan.expected =
            schedule::Schedule::expected_observed(plan.as_of, province, provider, store.calendar(), observed);
    }
}

/// The overview of the stored filing `id` (phones in the SMS plan masked).
pub fn overview(store: &Store, id: i64, now: Timestamp) -> Result<FilingOverview, StoreError> {
    let rec = store.get_filing(id)?;
    let today = beian_core::calendar::cst_now_date(now);
    let registry = store.registry_for(Some(&rec.order_no), &rec.document)?;
    let mut plan = beian_core::plan::plan(&rec.document, &registry, store.calendar(), today);
    let observed = due::observed_for(store, &rec.document.subject.region.province, &rec.document.provider, now)?;
    plan_with_history(store, &rec.document, &mut plan, &observed);
    for v in &mut plan.sms.verifiers {
        v.phone = beian_core::mask::phone(&v.phone);
    }
    let diagnostics = check_filing(store, Some(id), &rec.document, now)?;
    let events = store.status_changes(id)?;
    let deadlines = schedule::deadlines_observed(
        rec.status,
        &events,
        &rec.document.subject.region.province,
        &rec.document.provider,
        store.calendar(),
        &observed,
        now,
    );
    let masked = beian_core::mask::document(&rec.document);
    let related = registry
        .filings_of(&rec.document.subject)
        .into_iter()
        .map(|f| RelatedFiling {
            id: f.id,
            order_no: f.order_no.clone(),
            status: f.status,
            filing_type: f.filing_type,
            provider: f.provider.clone(),
            provider_account: f.provider_account.clone(),
        })
        .collect();
    let errors = error_count(&diagnostics);
    let mut actions = beian_core::workflow::available_action_buttons(rec.status);
    for a in &mut actions {
        if a.kind == ActionKind::Submit && errors > 0 {
            a.blocked = Some(errors_left(errors));
        }
    }
    Ok(FilingOverview {
        plan,
        errors,
        diagnostics: present_in(Some(&rec.document), diagnostics),
        actions,
        follow_ups: beian_core::workflow::follow_ups(rec.status),
        deadlines,
        masked,
        related,
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

/// Longest subject name or domain accepted when creating a draft.
pub const MAX_DRAFT_FIELD_CHARS: usize = 256;

/// Creates a draft filing from what staff type first: the subject's name and one domain. A name
/// that reads as a unit's (有限公司, 厂, 中心 …) starts as that unit (see `FilingDocument::draft`).
pub fn new_draft(
    store: &mut Store,
    subject_name: &str,
    domain: &str,
    now: Timestamp,
) -> Result<FilingRecord, StoreError> {
    let (subject_name, domain) = (subject_name.trim(), domain.trim());
    let invalid = |field: &str, message: String| StoreError::Invalid { field: field.to_owned(), message };
    if subject_name.is_empty() {
        return Err(invalid("subject.name", "请填写主办单位或个人名称".to_owned()));
    }
    if domain.is_empty() {
        return Err(invalid("websites[0].domains[0]", "请填写网站域名".to_owned()));
    }
    if subject_name.chars().count() > MAX_DRAFT_FIELD_CHARS {
        return Err(invalid("subject.name", format!("名称不能超过 {MAX_DRAFT_FIELD_CHARS} 个字符")));
    }
    if domain.chars().count() > MAX_DRAFT_FIELD_CHARS {
        return Err(invalid("websites[0].domains[0]", format!("域名不能超过 {MAX_DRAFT_FIELD_CHARS} 个字符")));
    }
    store.create_filing(&FilingDocument::draft(subject_name, domain), now)
}

/// The filings list, each row with its missing-materials count — all read by the list's one
/// query (the store keeps the count beside the other dashboard columns).
pub fn list(store: &Store, query: &ListQuery) -> Result<ListResult, StoreError> {
    store.list_filings(query)
}

/// The filings `ids` (every filing when `None`) for export. Personal data is masked unless `full`;
/// a full export is recorded in the audit trail, one entry per filing, before anything is returned
/// (`via`: `cli`, `app`).
pub fn export(
    store: &mut Store,
    ids: Option<Vec<i64>>,
    full: bool,
    via: &'static str,
    now: Timestamp,
) -> Result<Vec<FilingRecord>, StoreError> {
    use beian_store::audit::{AuditAction, NewAuditEntry};
    let ids = match ids {
        Some(ids) => ids,
        None => store.all_filing_ids()?,
    };
    let mut records = ids.iter().map(|id| store.get_filing(*id)).collect::<Result<Vec<_>, _>>()?;
    if full {
        let entries: Vec<NewAuditEntry> = records
            .iter()
            .map(|r| NewAuditEntry {
                action: AuditAction::ExportFull,
                filing_id: Some(r.id),
                detail: format!("完整导出 {}", r.order_no),
                via,
            })
            .collect();
        store.record_audit(&entries, now)?;
    } else {
        for r in &mut records {
            r.document = beian_core::mask::document(&r.document);
        }
    }
    Ok(records)
}

/// The filing's history, oldest first.
pub fn history(store: &Store, id: i64) -> Result<Vec<FilingEvent>, StoreError> {
    store.filing_events(id)
}
