//! `domains.toml`: the domain suffixes a subject nature must use (党政机关, 事业单位).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Effective, Meta, TABLES};
use crate::model::Nature;

/// The domain suffixes a subject nature must use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct DomainRule {
    pub nature: Nature,
    pub subject_label: String,
    pub suffixes: Vec<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl DomainRule {
    /// Whether `domain` ends with one of the suffixes (case-insensitive; a trailing dot ignored).
    pub fn allows(&self, domain: &str) -> bool {
        let domain = domain.trim().trim_end_matches('.').to_lowercase();
        self.suffixes.iter().any(|suffix| domain.ends_with(&suffix.to_lowercase()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DomainsFile {
    pub(super) meta: Meta,
    rule: Vec<DomainRule>,
}

/// Domain-suffix rules by subject nature.
pub fn domain_rules() -> &'static [DomainRule] {
    &TABLES.domains.rule
}

/// The domain-suffix rule for `nature` on `date`, if any.
pub fn domain_rule_for(nature: Nature, date: Date) -> Option<&'static DomainRule> {
    domain_rules().iter().find(|r| r.nature == nature && r.in_force(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn domain_suffixes_by_nature() {
        let d = date(2026, 1, 1);
        let gov = domain_rule_for(Nature::Government, d).unwrap();
        assert!(gov.allows("www.beijing.gov.cn"));
        assert!(gov.allows("WWW.BEIJING.GOV.CN."));
        assert!(gov.allows("北京市人民政府.政务"));
        assert!(!gov.allows("beijing.com.cn"));
        assert!(!gov.allows("gov.cn.example.com"));
        let inst = domain_rule_for(Nature::Institution, d).unwrap();
        assert!(inst.allows("example.cn") && inst.allows("中华慈善.公益") && !inst.allows("example.com"));
        assert!(domain_rule_for(Nature::Enterprise, d).is_none());
    }
}
