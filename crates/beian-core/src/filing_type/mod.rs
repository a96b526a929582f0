//! Which kind of filing an order is (`rules-digest.md` §1; guide §1.1–§1.5), what blocks it, and
//! the rules of the filings that start from an approved one (change, cancel access, deregister).
//!
//! The type is decided from the subject's identity (certificate type and number) and the domains,
//! with two sources of what was filed before:
//! - the local [`Registry`] of filings made through this agency, which the store fills (the filings of
//!   the same subject certificate or of any of the domains; more rows are harmless);
//! - what staff declare in the document about filings elsewhere (`subject.filed`,
//!   `websites[i].filed`: `with` and the ICP number).
//!
//! A successful (approved) filing here beats a declaration; a declaration of a filing here that the
//! registry does not know is believed (the registry only knows what was filed with this app) with a
//! warning.
//!
//! | subject \ domain            | never filed                 | filed elsewhere   | filed here          |
//! |-----------------------------|-----------------------------|-------------------|---------------------|
//! | never filed                 | `first_filing`              | `new_access` (+ warning) | blocker      |
//! | filed elsewhere only        | `new_site_subject_elsewhere`| `new_access`      | blocker             |
//! | approved here               | `new_site_subject_here`     | `continue_access` | blocker             |
//!
//! That matrix is data: `data/tables/filing_types.toml` ([`crate::tables::filing_type_row`]), one row
//! per combination with the type (or `blocked`), the reason in both languages and its source;
//! [`determine`](determine()) works out where the subject and each website were filed and looks the
//! decision up there.
//!
//! Blockers (guide §1.1, §1.4, §1.5): a domain with an order in progress; a domain already filed here
//! (that is a change filing); another open order of the same subject (one open order per subject —
//! "增加网站" and "继续接入" are not offered while one is open); websites of one order needing
//! different types.
//!
//! One module per question: [`determine`](determine()) (the type of a new order), `follow_up`
//! ([`is_follow_up`], [`check_follow_up`]) and `change` ([`check_change`], [`changed_parts`]). This
//! module holds the types they share and re-exports them all: callers write `filing_type::determine`.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::cert;
use crate::diag::{Diagnostic, FieldPath, Severity, Text};
use crate::model::{CertType, FilingDocument, FilingType, Subject};
use crate::status::FilingStatus;

mod change;
mod determine;
mod follow_up;

pub use change::{ChangedParts, changed_parts, check_change};
pub use determine::determine;
pub use follow_up::{check_follow_up, is_follow_up};

const SOURCE_TYPES: &str = "rules-digest.md §1; guide §1.1";

/// A website's index as the serialised types carry it (`u32`: no BigInt in the app's bindings).
fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// The local registry

/// A website of a known filing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KnownWebsite {
    pub domains: Vec<String>,
    /// What kind of service it is (a website unless told).
    #[serde(default)]
    pub service_type: crate::model::ServiceType,
    /// The service's name (an app is known by it).
    #[serde(default)]
    pub name: String,
    /// 网站备案号 once approved (`浙ICP备12345678号-1`).
    #[serde(default)]
    pub icp_number: Option<String>,
}

/// A filing made through this agency, as the store knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KnownFiling {
    /// The store's id, when the store fills it (the window opens a linked filing by it).
    #[serde(default)]
    pub id: Option<i64>,
    pub order_no: String,
    pub status: FilingStatus,
    #[serde(default)]
    pub filing_type: Option<FilingType>,
    #[serde(default)]
    pub province: String,
    pub subject_cert_type: CertType,
    pub subject_cert_number: String,
    /// 主体备案号 once approved (`浙ICP备12345678号`).
    #[serde(default)]
    pub subject_icp_number: Option<String>,
    #[serde(default)]
    pub websites: Vec<KnownWebsite>,
    /// The provider it was filed with, and the account.
    #[serde(default = "aliyun")]
    pub provider: String,
    #[serde(default)]
    pub provider_account: Option<String>,
}

fn aliyun() -> String {
    crate::providers::DEFAULT_PROVIDER.to_owned()
}

impl KnownFiling {
    /// The registry row of a stored filing (ICP numbers from the document's `filed` fields).
    pub fn from_document(order_no: &str, status: FilingStatus, doc: &FilingDocument) -> Self {
        KnownFiling {
            id: None,
            provider: doc.provider.clone(),
            provider_account: doc.provider_account.clone(),
            order_no: order_no.to_owned(),
            status,
            filing_type: doc.filing_type,
            province: doc.subject.region.province.clone(),
            subject_cert_type: doc.subject.cert_type,
            subject_cert_number: doc.subject.cert_number.clone(),
            subject_icp_number: doc.subject.filed.icp_number.clone(),
            websites: doc
                .websites
                .iter()
                .map(|w| KnownWebsite {
                    domains: w.domains.clone(),
                    service_type: w.service_type,
                    name: w.name.clone(),
                    icp_number: w.filed.icp_number.clone(),
                })
                .collect(),
        }
    }

    pub(crate) fn is_subject(&self, subject: &Subject) -> bool {
        let number = cert::normalize(&subject.cert_number);
        !number.is_empty()
            && self.subject_cert_type == subject.cert_type
            && cert::normalize(&self.subject_cert_number) == number
    }

    fn has_domain(&self, normalized: &str) -> bool {
        self.websites.iter().flat_map(|w| &w.domains).any(|d| crate::domain::key(d) == normalized)
    }

    /// A filing that is not a follow-up of another (those name the original's sites again).
    fn adds_sites(&self) -> bool {
        !matches!(
            self.filing_type,
            Some(
                FilingType::ChangeSubject
                    | FilingType::ChangeSite
                    | FilingType::CancelAccess
                    | FilingType::DeregisterSubject
                    | FilingType::DeregisterSite
            )
        )
    }
}

/// What this agency filed before: filled by the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Registry {
    /// The order being checked, if it is stored: left out of every comparison.
    #[serde(default)]
    pub current_order_no: Option<String>,
    pub filings: Vec<KnownFiling>,
}

impl Registry {
    /// No filings known (the CLI's `plan`).
    pub fn empty() -> Registry {
        Registry::default()
    }

    pub(crate) fn others(&self) -> impl Iterator<Item = &KnownFiling> {
        self.filings.iter().filter(|f| Some(&f.order_no) != self.current_order_no.as_ref())
    }

    /// Other open orders of the subject.
    pub fn open_orders_of(&self, subject: &Subject) -> Vec<&KnownFiling> {
        self.others().filter(|f| f.status.is_open() && f.is_subject(subject)).collect()
    }

    /// Every other filing of the subject, whatever its status or provider (one client, its filings
    /// linked).
    pub fn filings_of(&self, subject: &Subject) -> Vec<&KnownFiling> {
        self.others().filter(|f| f.is_subject(subject)).collect()
    }

    /// Approved filings of the subject made here.
    pub fn approved_of(&self, subject: &Subject) -> Vec<&KnownFiling> {
        self.others().filter(|f| f.status == FilingStatus::Approved && f.is_subject(subject)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The answer

/// What keeps an order from going ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BlockerKind {
    /// A domain has an order in progress (该域名存在进行中的订单).
    DomainInProgress,
    /// A domain is already filed through this agency.
    DomainFiledHere,
    /// The subject has another open order.
    SubjectOrderOpen,
    /// The websites of the order need different filing types.
    MixedTypes,
    /// A follow-up filing whose original is not approved.
    OriginalNotApproved,
    /// A type that does not start from an approved filing was given as a follow-up.
    NotAFollowUp,
}

/// One blocker, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Blocker {
    pub kind: BlockerKind,
    /// In Chinese: what and what to do.
    pub message: String,
    /// The same, in English.
    #[serde(default)]
    pub message_en: String,
    /// Field path it concerns (`websites[0].domains[1]`, `subject.cert_number`).
    pub field: String,
    /// The other order involved.
    pub order_no: Option<String>,
    pub status: Option<FilingStatus>,
    pub source: String,
}

impl Blocker {
    pub fn to_diagnostic(&self) -> Diagnostic {
        let code = match self.kind {
            BlockerKind::DomainInProgress => "domain_in_progress",
            BlockerKind::DomainFiledHere => "domain_filed_here",
            BlockerKind::SubjectOrderOpen => "subject_order_open",
            BlockerKind::MixedTypes => "mixed_filing_types",
            BlockerKind::OriginalNotApproved => "original_not_approved",
            BlockerKind::NotAFollowUp => "not_a_follow_up",
        };
        Diagnostic {
            code: code.to_owned(),
            severity: Severity::Error,
            field: self.field.clone(),
            message: self.message.clone(),
            message_en: self.message_en.clone(),
            rule: crate::rules::ids::WF_TYPE.to_owned(),
            source: self.source.clone(),
        }
    }
}

/// The type one website calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SiteType {
    pub website: u32,
    pub filing_type: Option<FilingType>,
    /// In Chinese.
    pub reason: String,
    /// The same, in English.
    #[serde(default)]
    pub reason_en: String,
}

/// The filing type of an order, why, and what blocks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TypeCheck {
    /// `None` when the websites disagree, a domain is already filed here, or nothing is filled in.
    pub filing_type: Option<FilingType>,
    /// In Chinese.
    pub reason: String,
    /// The same, in English.
    #[serde(default)]
    pub reason_en: String,
    pub sites: Vec<SiteType>,
    pub blockers: Vec<Blocker>,
    /// Doubts that do not block: a declaration the registry does not confirm, a missing ICP number.
    pub warnings: Vec<Diagnostic>,
}

impl TypeCheck {
    pub fn is_blocked(&self) -> bool {
        !self.blockers.is_empty()
    }
}

impl Blocker {
    /// A blocker of `kind` at `field` with its message; no other order involved.
    fn new(kind: BlockerKind, field: impl Into<String>, message: Text, source: &str) -> Blocker {
        Blocker {
            kind,
            message: message.zh,
            message_en: message.en,
            field: field.into(),
            order_no: None,
            status: None,
            source: source.to_owned(),
        }
    }

    /// The same, naming the other order involved.
    fn with_order(mut self, order: Option<&KnownFiling>) -> Blocker {
        self.order_no = order.map(|f| f.order_no.clone());
        self.status = order.map(|f| f.status);
        self
    }
}

fn warning(code: &str, field: FieldPath, message: Text) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity: Severity::Warning,
        field: field.into(),
        message: message.zh,
        message_en: message.en,
        rule: crate::rules::ids::WF_TYPE.to_owned(),
        source: SOURCE_TYPES.to_owned(),
    }
}

/// Orders with their status: `BA1（已通过）、BA2（草稿）` / `BA1 (Approved), BA2 (Draft)`.
fn orders(list: &[&KnownFiling]) -> Text {
    Text::new(
        list.iter().map(|f| format!("{}（{}）", f.order_no, f.status.label_zh())).collect::<Vec<_>>().join("、"),
        list.iter().map(|f| format!("{} ({})", f.order_no, f.status.label_en())).collect::<Vec<_>>().join(", "),
    )
}

fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests;
