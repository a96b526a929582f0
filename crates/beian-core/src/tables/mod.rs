//! The rule tables: provinces, forbidden words, websites per order, SMS verification, product quotas,
//! 前置审批 and content codes, domain suffixes, certificates by subject nature, materials, and the
//! filing type by where the subject and the website were filed.
//!
//! Each table is a TOML file in `data/tables/` carrying its source (the guide's section, or the
//! digest's entry for rules published after the guide) and, where known, the dates it is in force.
//! The files are compiled in with `include_str!` and parsed once, on first use. Their tests prove
//! that every file parses and is consistent; `tests/tables_match_guide.rs` proves that what was
//! copied from the guide is the guide's text.
//!
//! Province keys are GB/T 2260 full names (`浙江省`, `内蒙古自治区`), as in `subject.region.province`.
//! Effective dates are inclusive at both ends; an absent date means no limit on that side.
//!
//! One module per table file, each with the table's types, its accessors and queries, and the tests
//! of that table alone; this module loads them all ([`check_tables`], [`table_sources`]) and holds
//! the pieces they share ([`Meta`], [`SubjectKind`], [`Effective`]). Everything is re-exported here:
//! callers write `tables::materials_for`, never the module a table lives in.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::Nature;

mod content;
mod domains;
mod filing_types;
mod materials;
mod personal_name_province_words;
mod preapprovals;
mod provinces;
mod site_limits;
mod site_names;
mod sms;
mod subject_certificates;

pub use crate::providers::QuotaUnit;
pub use content::{ContentType, content_type, content_types};
pub use domains::{DomainRule, domain_rule_for, domain_rules};
pub use filing_types::{FilingTypeRow, Outcome, RowWarning, filing_type_row, filing_type_rows};
pub use materials::{Material, MaterialCondition, MaterialFile, MaterialKind, materials, materials_for};
pub use personal_name_province_words::{
    ProvinceNameWords, personal_name_forbidden_words, personal_name_province_row, personal_name_province_words,
};
pub use preapprovals::{PreapprovalType, preapproval_type, preapproval_types};
pub use provinces::{Province, is_province, province, province_by_short, provinces};
pub use site_limits::{SiteLimit, site_limit_for, site_limits};
pub use site_names::{
    NamingRules, ProvinceNamePattern, WordList, naming_rules, national_prefixes, personal_forbidden_words,
    personal_name_pattern, personal_name_patterns, personal_preapproval_words, sensitive_words,
};
pub use sms::{
    Carrier, Last6From, Last6Rule, SmsCode, SmsNationwide, SmsPilot, SmsSender, SmsVerifierRule, VerifierRole,
    last6_rule_for, last6_rules, sms_code, sms_nationwide, sms_pilots, sms_required, sms_senders, sms_verifier_rules,
    sms_verifiers_for,
};
pub use subject_certificates::{NatureCertificates, certificates_for, subject_certificates};

/// The table files, by name, as compiled into the crate.
pub const FILES: [(&str, &str); 11] = [
    ("provinces.toml", include_str!("../../data/tables/provinces.toml")),
    ("site_names.toml", include_str!("../../data/tables/site_names.toml")),
    ("personal_name_province_words.toml", include_str!("../../data/tables/personal_name_province_words.toml")),
    ("site_limits.toml", include_str!("../../data/tables/site_limits.toml")),
    ("sms.toml", include_str!("../../data/tables/sms.toml")),
    ("preapprovals.toml", include_str!("../../data/tables/preapprovals.toml")),
    ("content.toml", include_str!("../../data/tables/content.toml")),
    ("domains.toml", include_str!("../../data/tables/domains.toml")),
    ("subject_certificates.toml", include_str!("../../data/tables/subject_certificates.toml")),
    ("materials.toml", include_str!("../../data/tables/materials.toml")),
    ("filing_types.toml", include_str!("../../data/tables/filing_types.toml")),
];

/// A table file that does not parse into its type.
#[derive(Debug, thiserror::Error)]
#[error("data table {file}: {source}")]
pub struct TableError {
    pub file: &'static str,
    #[source]
    pub source: toml::de::Error,
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// Where a table comes from, and when it was copied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    pub source: String,
    pub section: String,
    #[specta(type = String)]
    pub copied: Date,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which subjects a row is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Any,
    Personal,
    /// Every nature but personal.
    Unit,
}

impl SubjectKind {
    pub fn matches(self, nature: Nature) -> bool {
        match self {
            SubjectKind::Any => true,
            SubjectKind::Personal => nature.is_personal(),
            SubjectKind::Unit => !nature.is_personal(),
        }
    }
}

/// A row that is in force over a range of dates (inclusive; absent ends are open).
pub trait Effective {
    fn effective_from(&self) -> Option<Date>;
    fn effective_until(&self) -> Option<Date>;
    fn in_force(&self, date: Date) -> bool {
        self.effective_from().is_none_or(|from| from <= date)
            && self.effective_until().is_none_or(|until| date <= until)
    }
}

macro_rules! effective {
    ($($t:ty),*) => {$(
        impl Effective for $t {
            fn effective_from(&self) -> Option<Date> {
                self.effective_from
            }
            fn effective_until(&self) -> Option<Date> {
                self.effective_until
            }
        }
    )*};
}

effective!(SiteLimit, SmsVerifierRule, SmsSender, DomainRule, Material);

// ---------------------------------------------------------------------------------------------
// Loading

struct Tables {
    provinces: provinces::ProvincesFile,
    site_names: site_names::SiteNamesFile,
    province_words: personal_name_province_words::ProvinceWordsFile,
    site_limits: site_limits::SiteLimitsFile,
    sms: sms::SmsFile,
    preapprovals: preapprovals::PreapprovalsFile,
    content: content::ContentFile,
    domains: domains::DomainsFile,
    certificates: subject_certificates::CertificatesFile,
    materials: materials::MaterialsFile,
    filing_types: filing_types::FilingTypesFile,
}

fn parse<T: DeserializeOwned>(file: &'static str) -> Result<T, TableError> {
    let text = FILES.iter().find(|(name, _)| *name == file).map(|(_, text)| *text).unwrap_or_default();
    toml::from_str(text).map_err(|source| TableError { file, source })
}

impl Tables {
    fn load() -> Result<Tables, TableError> {
        Ok(Tables {
            provinces: parse("provinces.toml")?,
            site_names: parse("site_names.toml")?,
            province_words: parse("personal_name_province_words.toml")?,
            site_limits: parse("site_limits.toml")?,
            sms: parse("sms.toml")?,
            preapprovals: parse("preapprovals.toml")?,
            content: parse("content.toml")?,
            domains: parse("domains.toml")?,
            certificates: parse("subject_certificates.toml")?,
            materials: parse("materials.toml")?,
            filing_types: parse("filing_types.toml")?,
        })
    }
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| match Tables::load() {
    Ok(tables) => tables,
    // The files are compiled in and every one is parsed by this module's tests.
    Err(e) => panic!("{e}"),
});

/// Parses every table without panicking: for a self-check at start-up or in `beian doctor`.
pub fn check_tables() -> Result<(), TableError> {
    Tables::load().map(|_| ())
}

/// Every table's file name and provenance, in [`FILES`] order.
pub fn table_sources() -> Vec<(&'static str, &'static Meta)> {
    let t = &*TABLES;
    let metas = [
        &t.provinces.meta,
        &t.site_names.meta,
        &t.province_words.meta,
        &t.site_limits.meta,
        &t.sms.meta,
        &t.preapprovals.meta,
        &t.content.meta,
        &t.domains.meta,
        &t.certificates.meta,
        &t.materials.meta,
        &t.filing_types.meta,
    ];
    FILES.iter().map(|(name, _)| *name).zip(metas).collect()
}

#[cfg(test)]
mod tests;
