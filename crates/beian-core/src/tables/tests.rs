//! Tests across the tables: every file parses and names its sources, keys and dates are consistent
//! from one table to the next. Each table's own tests are in its module.

use super::*;
use crate::model::{FilingType, ProductType};
use jiff::civil::date;
use std::collections::HashSet;

pub(super) const NATURES: [Nature; 10] = [
    Nature::Personal,
    Nature::Enterprise,
    Nature::Institution,
    Nature::SocialGroup,
    Nature::PrivateNonEnterprise,
    Nature::Government,
    Nature::Military,
    Nature::Foundation,
    Nature::LawFirm,
    Nature::Other,
];

const PRODUCTS: [ProductType; 10] = [
    ProductType::Ecs,
    ProductType::LightweightServer,
    ProductType::VirtualHost,
    ProductType::WebHosting,
    ProductType::Marketplace,
    ProductType::NatGateway,
    ProductType::Ipv6Translation,
    ProductType::Ens,
    ProductType::Wangpu,
    ProductType::Other,
];

/// Days around every date any table mentions, to probe the date-dependent rules.
pub(super) fn probe_dates() -> Vec<Date> {
    let mut dates = vec![date(2017, 1, 1), date(2019, 8, 16), date(2026, 11, 28)];
    let mut add = |d: Option<Date>| {
        if let Some(d) = d {
            dates.extend([d.yesterday().unwrap(), d, d.tomorrow().unwrap()]);
        }
    };
    for r in sms_verifier_rules() {
        add(r.effective_from);
        add(r.effective_until);
    }
    for r in site_limits() {
        add(r.effective_from);
        add(r.effective_until);
    }
    for m in materials() {
        add(m.effective_from);
        add(m.effective_until);
    }
    for p in sms_pilots() {
        add(Some(p.from));
    }
    add(Some(sms_nationwide().from));
    dates
}

pub(super) fn assert_unique<T: std::hash::Hash + Eq + std::fmt::Debug>(what: &str, items: impl IntoIterator<Item = T>) {
    let mut seen = HashSet::new();
    for item in items {
        assert!(seen.insert(format!("{item:?}")), "{what}: {item:?} appears twice");
    }
}

#[test]
fn every_file_parses() {
    if let Err(e) = check_tables() {
        panic!("{e}");
    }
    // Forcing the lazy tables must not panic either.
    assert_eq!(table_sources().len(), FILES.len());
}

#[test]
fn every_table_names_its_source() {
    for (file, meta) in table_sources() {
        assert!(!meta.title.trim().is_empty(), "{file}: meta.title");
        assert!(!meta.source.trim().is_empty(), "{file}: meta.source");
        assert!(!meta.section.trim().is_empty(), "{file}: meta.section");
        assert!(meta.copied >= date(2026, 1, 1), "{file}: meta.copied {}", meta.copied);
    }
    let row_sources = site_limits()
        .iter()
        .map(|r| &r.source)
        .chain(sms_pilots().iter().map(|r| &r.source))
        .chain(sms_verifier_rules().iter().map(|r| &r.source))
        .chain(sms_senders().iter().map(|r| &r.source))
        .chain(last6_rules().iter().map(|r| &r.source))
        .chain(preapproval_types().iter().map(|r| &r.source))
        .chain(content_types().iter().map(|r| &r.source))
        .chain(domain_rules().iter().map(|r| &r.source))
        .chain(subject_certificates().iter().map(|r| &r.source))
        .chain(materials().iter().map(|r| &r.source))
        .chain(personal_name_province_words().iter().map(|r| &r.source))
        .chain(personal_name_patterns().iter().map(|r| &r.source))
        .chain(filing_type_rows().iter().map(|r| &r.source));
    for source in row_sources {
        assert!(
            source.starts_with("guide §")
                || source.starts_with("rules-digest.md §")
                || source.starts_with("app-filing.md §")
                || source.starts_with("this product")
                || source.starts_with("exchange format spec"),
            "a row's source must say where it comes from: {source:?}"
        );
    }
    // Rules from after the guide say so.
    for r in site_limits().iter().filter(|r| r.guide_text.is_none()) {
        assert!(r.source.contains("[later"), "{:?} has no guide text, so it is [later]", r.province);
    }
}

#[test]
fn every_province_key_is_a_full_name() {
    let keys = personal_name_province_words()
        .iter()
        .map(|r| r.province.as_str())
        .chain(personal_name_patterns().iter().map(|r| r.province.as_str()))
        .chain(site_limits().iter().filter_map(|r| r.province.as_deref()))
        .chain(sms_pilots().iter().flat_map(|p| p.provinces.iter().map(String::as_str)))
        .chain(last6_rules().iter().filter_map(|r| r.province.as_deref()))
        .chain(materials().iter().flat_map(|m| m.provinces.iter().map(String::as_str)));
    let mut n = 0;
    for key in keys {
        assert!(is_province(key), "{key:?} is not a GB/T 2260 full name");
        n += 1;
    }
    assert!(n > 40);
}

#[test]
fn no_duplicate_entries() {
    assert_unique("province in the personal-name table", personal_name_province_words().iter().map(|r| &r.province));
    assert_unique("province pattern", personal_name_patterns().iter().map(|r| &r.province));
    assert_unique("SMS pilot province", sms_pilots().iter().flat_map(|p| p.provinces.iter()));
    assert_unique("pilot date", sms_pilots().iter().map(|p| p.from));
    assert_unique("preapproval code", preapproval_types().iter().map(|p| &p.code));
    assert_unique("preapproval label", preapproval_types().iter().map(|p| &p.label_zh));
    assert_unique("content code", content_types().iter().map(|c| &c.code));
    assert_unique("content label", content_types().iter().map(|c| &c.label_zh));
    assert_unique("domain rule nature", domain_rules().iter().map(|r| r.nature));
    assert_unique("certificate nature", subject_certificates().iter().map(|r| r.nature));
    assert_unique("material code", materials().iter().map(|m| &m.code));
    assert_unique("sender carrier", sms_senders().iter().map(|s| s.carrier));
    assert_unique("last6 rule", last6_rules().iter().map(|r| (r.province.clone(), r.cert_type)));
    for list in [national_prefixes(), sensitive_words(), personal_forbidden_words(), personal_preapproval_words()] {
        assert_unique(&list.guide_text, list.words.iter());
    }
    for rule in naming_rules().unit.iter().chain(&naming_rules().personal) {
        assert!(!rule.trim().is_empty());
    }
    assert_unique("unit naming rule", naming_rules().unit.iter());
    assert_unique("personal naming rule", naming_rules().personal.iter());
    for c in subject_certificates() {
        assert_unique("allowed certificate", c.allowed.iter());
    }
    for r in site_limits() {
        assert_unique("site-limit filing type", r.filing_types.iter());
    }
    for m in materials() {
        assert_unique("material filing type", m.filing_types.iter());
        assert_unique("material province", m.provinces.iter());
    }
}

#[test]
fn every_enum_value_has_its_row() {
    for p in PRODUCTS {
        assert!(crate::providers::profile("aliyun").and_then(|a| a.product(p)).is_some(), "no Alibaba row for {p:?}");
    }
    for n in NATURES {
        let c = certificates_for(n).unwrap_or_else(|| panic!("no certificate row for {n:?}"));
        assert!(!c.allowed.is_empty(), "{n:?}");
        if let Some(r) = c.recommended {
            assert!(c.allows(r), "{n:?}: recommended {r:?} not allowed");
        }
    }
    for t in FilingType::ALL {
        for d in probe_dates() {
            let n = sms_verifier_rules().iter().filter(|r| r.filing_types.contains(&t) && r.in_force(d)).count();
            assert_eq!(n, 1, "{t:?} on {d}: {n} verifier rules in force");
        }
    }
}

#[test]
fn dates_are_ordered() {
    let ranges = site_limits()
        .iter()
        .map(|r| (r.effective_from, r.effective_until))
        .chain(sms_verifier_rules().iter().map(|r| (r.effective_from, r.effective_until)))
        .chain(sms_senders().iter().map(|r| (r.effective_from, r.effective_until)))
        .chain(domain_rules().iter().map(|r| (r.effective_from, r.effective_until)))
        .chain(materials().iter().map(|r| (r.effective_from, r.effective_until)));
    for (from, until) in ranges {
        if let (Some(from), Some(until)) = (from, until) {
            assert!(from <= until, "{from} after {until}");
        }
    }
    let pilots = sms_pilots();
    assert!(pilots.windows(2).all(|w| w[0].from < w[1].from), "pilots out of order");
    assert!(pilots.last().unwrap().from < sms_nationwide().from);
    // A rule that ends is followed, the next day, by the rule that replaces it.
    for ended in sms_verifier_rules().iter().filter(|r| r.effective_until.is_some()) {
        let next = ended.effective_until.unwrap().tomorrow().unwrap();
        for t in &ended.filing_types {
            assert!(
                sms_verifier_rules().iter().any(|r| r.filing_types.contains(t) && r.effective_from == Some(next)),
                "{t:?}: nothing takes over on {next}"
            );
        }
    }
}
