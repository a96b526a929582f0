//! The rulebook as data (`data/tables/rules.toml`, beside the other tables): every rule's id,
//! severity, fields, message in both languages, source and dates. The ids are constants here.
//!
//! Sources are written the way the data tables write them (`guide §3 …` for the 2019 guide,
//! `rules-digest.md §N [later]` for later rules); where a rule rests on a table, its source is the
//! table's own `source` string, read from the table. Rules that rest on table rows with sources of
//! their own (websites per order, domain suffixes) cite the row in each diagnostic.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::Severity;
use crate::tables;

/// One rule of the rulebook, for the app's "this rule and where it comes from".
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RuleInfo {
    /// Stable id, e.g. `SUBJ-CERT-CHECK`; diagnostics carry it in `rule`.
    pub id: String,
    /// The severity of the rule's findings. `SUBJ-CERT-CHECK` and `PRINCIPAL-CERT-CHECK` also report
    /// warnings (as the certificate check grades them); `reminder` marks rules a machine cannot check.
    pub severity: Severity,
    /// Field paths the rule concerns; `[]` stands for every index (`websites[].name`).
    pub fields: Vec<String>,
    /// What the rule requires, in Simplified Chinese: the template of its messages.
    pub message_zh: String,
    pub message_en: Option<String>,
    /// Where the rule comes from: a section of the guide, or the digest's entry for a later rule.
    pub source: String,
    /// First day the rule is in force (inclusive); `None`: no known start.
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    /// Last day the rule is in force (inclusive); `None`: still in force.
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    /// `false` for rules a machine cannot check (their diagnostics are reminders).
    pub machine_checkable: bool,
    pub notes: Option<String>,
}

impl RuleInfo {
    /// Whether the rule is in force on `date`.
    pub fn in_force(&self, date: Date) -> bool {
        self.effective_from.is_none_or(|d| d <= date) && self.effective_until.is_none_or(|d| date <= d)
    }
}

pub const SUBJ_REQUIRED: &str = "SUBJ-REQUIRED";
pub const SUBJ_REGION: &str = "SUBJ-REGION";
pub const SUBJ_NAME_REALNAME: &str = "SUBJ-NAME-REALNAME";
pub const SUBJ_CERT_TYPE_NATURE: &str = "SUBJ-CERT-TYPE-NATURE";
pub const SUBJ_CERT_CHECK: &str = "SUBJ-CERT-CHECK";
pub const SUBJ_CERT_EXACT: &str = "SUBJ-CERT-EXACT";
pub const SUBJ_CERT_ADDRESS_EXACT: &str = "SUBJ-CERT-ADDRESS-EXACT";
pub const SUBJ_ADDRESS_DOOR: &str = "SUBJ-ADDRESS-DOOR";
pub const SUBJ_ADDRESS_SAME_PROVINCE: &str = "SUBJ-ADDRESS-SAME-PROVINCE";
pub const SUBJ_ADDRESS_SAME_CITY: &str = "SUBJ-ADDRESS-SAME-CITY";
pub const SUBJ_INVESTOR_PERSONAL: &str = "SUBJ-INVESTOR-PERSONAL";
pub const SUBJ_INVESTOR_UNIT: &str = "SUBJ-INVESTOR-UNIT";
pub const SUBJ_PRINCIPAL_PERSONAL: &str = "SUBJ-PRINCIPAL-PERSONAL";
pub const PRINCIPAL_REQUIRED: &str = "PRINCIPAL-REQUIRED";
pub const PRINCIPAL_LEGAL_REP: &str = "PRINCIPAL-LEGAL-REP";
pub const PRINCIPAL_CERT_TYPE: &str = "PRINCIPAL-CERT-TYPE";
pub const PRINCIPAL_CERT_CHECK: &str = "PRINCIPAL-CERT-CHECK";
pub const PRINCIPAL_PHONE_MOBILE: &str = "PRINCIPAL-PHONE-MOBILE";
pub const PRINCIPAL_PHONE2_MOBILE: &str = "PRINCIPAL-PHONE2-MOBILE";
pub const PRINCIPAL_EMERGENCY_MOBILE: &str = "PRINCIPAL-EMERGENCY-MOBILE";
pub const PRINCIPAL_EMERGENCY_DIFFERS: &str = "PRINCIPAL-EMERGENCY-DIFFERS";
pub const PRINCIPAL_EMAIL: &str = "PRINCIPAL-EMAIL";
pub const PRINCIPAL_CONTACT_REAL: &str = "PRINCIPAL-CONTACT-REAL";
pub const PRINCIPAL_CONTACTS_DISTINCT: &str = "PRINCIPAL-CONTACTS-DISTINCT";
pub const SITE_REQUIRED: &str = "SITE-REQUIRED";
pub const SITE_NAME_MIN_HAN: &str = "SITE-NAME-MIN-HAN";
pub const SITE_NAME_PURE_ASCII: &str = "SITE-NAME-PURE-DIGITS-ENGLISH";
pub const SITE_NAME_SYMBOLS: &str = "SITE-NAME-SYMBOLS";
pub const SITE_NAME_NOT_DOMAIN: &str = "SITE-NAME-NOT-DOMAIN";
pub const SITE_NAME_SENSITIVE: &str = "SITE-NAME-SENSITIVE";
pub const SITE_NAME_NATIONAL_PREFIX: &str = "SITE-NAME-NATIONAL-PREFIX";
pub const SITE_NAME_NATIONAL_PREFIX_UNIT: &str = "SITE-NAME-NATIONAL-PREFIX-UNIT";
pub const SITE_NAME_RELATED: &str = "SITE-NAME-RELATED";
pub const SITE_NAME_PERSONAL_CONTENT: &str = "SITE-NAME-PERSONAL-CONTENT";
pub const SITE_NAME_PERSONAL_NAME: &str = "SITE-NAME-PERSONAL-NAME";
pub const SITE_NAME_PLACE: &str = "SITE-NAME-PLACE";
pub const SITE_NAME_PERSONAL_FORBIDDEN: &str = "SITE-NAME-PERSONAL-FORBIDDEN";
pub const SITE_NAME_PERSONAL_PREAPPROVAL: &str = "SITE-NAME-PERSONAL-PREAPPROVAL";
pub const SITE_NAME_PROVINCE_WORDS: &str = "SITE-NAME-PROVINCE-WORDS";
pub const SITE_NAME_JIANGSU_PATTERN: &str = "SITE-NAME-JIANGSU-PATTERN";
pub const SITE_NAME_JIANGSU_REMARK: &str = "SITE-NAME-JIANGSU-REMARK";
pub const SITE_DOMAIN_FORMAT: &str = "SITE-DOMAIN-FORMAT";
pub const SITE_DOMAIN_REGISTRABLE: &str = "SITE-DOMAIN-REGISTRABLE";
pub const SITE_DOMAIN_DUPLICATE: &str = "SITE-DOMAIN-DUPLICATE";
pub const SITE_DOMAIN_NATURE_SUFFIX: &str = "SITE-DOMAIN-NATURE-SUFFIX";
pub const SITE_DOMAIN_CHANGE: &str = "SITE-DOMAIN-CHANGE";
pub const SITE_HOMEPAGE_URL: &str = "SITE-HOMEPAGE-URL";
pub const SITE_CONTENT_PERSONAL: &str = "SITE-CONTENT-PERSONAL";
pub const SITE_SERVICE_TYPE_APP_DATE: &str = "SITE-SERVICE-TYPE-APP-DATE";
pub const APP_REQUIRED: &str = "APP-REQUIRED";
pub const APP_BLOCK_KIND: &str = "APP-BLOCK-KIND";
pub const APP_PLATFORM_ONCE: &str = "APP-PLATFORM-ONCE";
pub const APP_PACKAGE_SYNTAX: &str = "APP-PACKAGE-SYNTAX";
pub const APP_FINGERPRINT: &str = "APP-FINGERPRINT";
pub const APP_CERT_DEBUG: &str = "APP-CERT-DEBUG";
pub const APP_PUBLIC_KEY: &str = "APP-PUBLIC-KEY";
pub const APP_DOMAINS: &str = "APP-DOMAINS";
pub const APP_IP: &str = "APP-IP";
pub const APP_REMARK_LENGTH: &str = "APP-REMARK-LENGTH";
pub const APP_NAME_MARKETING: &str = "APP-NAME-MARKETING";
pub const APP_NAME_GENERIC: &str = "APP-NAME-GENERIC";
pub const APP_NAME_ONE: &str = "APP-NAME-ONE";
pub const APP_RECORD_NUMBER: &str = "APP-RECORD-NUMBER";
pub const APP_ORDER_PERSONAL: &str = "APP-ORDER-PERSONAL";
pub const APP_PERSONAL_TOTAL: &str = "APP-PERSONAL-TOTAL";
pub const PROVIDER_KNOWN: &str = "PROVIDER-KNOWN";
pub const PROVIDER_PRODUCT: &str = "PROVIDER-PRODUCT";
pub const SITE_LANGUAGE_TAG: &str = "SITE-LANGUAGE-TAG";
pub const SITE_PREAPPROVAL_ENTRY: &str = "SITE-PREAPPROVAL-ENTRY";
pub const SITE_PREAPPROVAL_NEEDED: &str = "SITE-PREAPPROVAL-NEEDED";
pub const SITE_PRINCIPAL_PERSONAL: &str = "SITE-PRINCIPAL-PERSONAL";
pub const SITE_PRODUCT: &str = "SITE-PRODUCT";
pub const ORDER_SITE_LIMIT: &str = "ORDER-SITE-LIMIT";
pub const ORDER_DOMAINS_PER_SITE: &str = "ORDER-DOMAINS-PER-SITE";
pub const ORDER_NEW_DOMAINS_LIMIT: &str = "ORDER-NEW-DOMAINS-LIMIT";
pub const PRODUCT_QUOTA: &str = "PRODUCT-QUOTA";
pub const WF_TYPE: &str = "WF-TYPE";
pub const WF_CHANGE_SUBJECT_ID: &str = "WF-CHANGE-SUBJECT-ID";
pub const WF_CHANGE_DOMAINS: &str = "WF-CHANGE-DOMAINS";
pub const WF_CHANGE_SINGLE_DOMAIN: &str = "WF-CHANGE-SINGLE-DOMAIN";
pub const MATERIALS_REQUIRED: &str = "MATERIALS-REQUIRED";

/// One `[[rule]]` of `data/tables/rules.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    id: String,
    severity: Severity,
    fields: Vec<String>,
    message_zh: String,
    message_en: Option<String>,
    source: Option<String>,
    source_table: Option<String>,
    effective_from: Option<Date>,
    effective_until: Option<Date>,
    machine_checkable: Option<bool>,
    notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    rule: Vec<Row>,
}

/// The source of a table a rule rests on, read from the table.
fn table_source(table: &str) -> Option<String> {
    Some(match table {
        "sensitive_words" => tables::sensitive_words().source.clone(),
        "personal_forbidden_words" => tables::personal_forbidden_words().source.clone(),
        "personal_preapproval_words" => tables::personal_preapproval_words().source.clone(),
        "national_prefixes" => tables::national_prefixes().source.clone(),
        "personal_name_province_words" => tables::personal_name_province_words().first()?.source.clone(),
        "personal_name_pattern_jiangsu" => tables::personal_name_pattern("江苏省")?.source.clone(),
        _ => return None,
    })
}

fn build() -> Vec<RuleInfo> {
    let file: File = toml::from_str(include_str!("../../data/tables/rules.toml"))
        .unwrap_or_else(|e| panic!("data/tables/rules.toml: {e}"));
    file.rule
        .into_iter()
        .map(|r| {
            let source = match (&r.source, &r.source_table) {
                (Some(s), None) => s.clone(),
                (None, Some(t)) => table_source(t).unwrap_or_else(|| panic!("rules.toml {}: no table {t}", r.id)),
                _ => panic!("rules.toml {}: one of source and source_table", r.id),
            };
            RuleInfo {
                machine_checkable: r.machine_checkable.unwrap_or(r.severity != Severity::Reminder),
                id: r.id,
                severity: r.severity,
                fields: r.fields,
                message_zh: r.message_zh,
                message_en: r.message_en,
                source,
                effective_from: r.effective_from,
                effective_until: r.effective_until,
                notes: r.notes,
            }
        })
        .collect()
}

static BOOK: LazyLock<Vec<RuleInfo>> = LazyLock::new(build);

/// Every rule, in the rulebook's order (subject, principals, websites, order).
pub fn rulebook() -> &'static [RuleInfo] {
    &BOOK
}

/// A rule by id.
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    BOOK.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file parses, each id once, each with a source that cites no file.
    #[test]
    fn the_rules_file_is_complete_and_each_id_once() {
        let book = rulebook();
        assert!(book.len() >= 60, "{} rules", book.len());
        let mut ids: Vec<&str> = book.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "an id twice in rules.toml");
        for id in [
            SUBJ_REQUIRED,
            SITE_PRODUCT,
            PRODUCT_QUOTA,
            WF_TYPE,
            WF_CHANGE_DOMAINS,
            MATERIALS_REQUIRED,
            ORDER_NEW_DOMAINS_LIMIT,
        ] {
            assert!(rule_info(id).is_some(), "{id} is in rules.toml");
        }
        for r in book {
            assert!(!r.message_zh.is_empty() && r.message_en.as_deref().is_some_and(|e| !e.is_empty()), "{}", r.id);
        }
        // A rule resting on a table cites the table's own source.
        assert_eq!(rule_info(SITE_NAME_NATIONAL_PREFIX_UNIT).unwrap().source, tables::national_prefixes().source);
    }
}
