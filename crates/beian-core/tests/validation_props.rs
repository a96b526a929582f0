//! Robustness of validation: it never panics on anything shaped roughly like a document, and hostile
//! strings either round-trip through parse → validate → serialise unchanged or are refused by the
//! parser with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::document::{parse_document, parse_value, to_json_pretty};
use beian_core::rules::{normalize_document, rule_info};
use beian_core::{ParseError, validate};
use proptest::prelude::*;
use serde_json::{Value, json};

mod common;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 20);

/// Hostile text: control characters, bidi overrides, zero-width characters, emoji, surrogate-range
/// neighbours, full-width forms, Han characters, SQL and HTML fragments, and very long runs.
fn nasty_string() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f]{0,5}",
        Just("\u{202E}".to_owned()),
        Just("\u{200B}\u{200D}\u{FEFF}\u{2066}".to_owned()),
        Just("😀👨‍👩‍👧".to_owned()),
        Just("\u{D7FF}\u{E000}\u{FFFD}\u{10FFFF}".to_owned()),
        Just("１３８００００００００".to_owned()),
        Just("张三的个人主页".to_owned()),
        Just("例子.中国".to_owned()),
        Just("xn--".to_owned()),
        Just("'; DROP TABLE filings; --".to_owned()),
        Just("<script>alert(1)</script>".to_owned()),
        Just("http://".to_owned()),
        Just("@".to_owned()),
        Just(".".to_owned()),
        Just("*".to_owned()),
        Just("[".to_owned()),
        (0usize..3000).prop_map(|n| "字".repeat(n)),
        (0usize..3000).prop_map(|n| "a.".repeat(n)),
        "[0-9X]{0,20}",
        "1[3-9][0-9]{9}",
    ];
    proptest::collection::vec(pieces, 0..4).prop_map(|v| v.concat())
}

/// Any JSON value, nested a few levels, with hostile strings for keys and leaves; objects often use
/// the document's own keys so that parsing gets past the top.
fn any_json() -> impl Strategy<Value = Value> {
    let keys = prop_oneof![
        3 => proptest::sample::select(vec![
            "name", "cert_number", "cert_type", "nature", "region", "province", "principal", "domains",
            "homepage_url", "phone", "phone2", "email", "preapprovals", "product", "type", "languages",
        ])
        .prop_map(str::to_owned),
        1 => nasty_string(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| json!(f)),
        any::<i64>().prop_map(|n| json!(n)),
        nasty_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((keys.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A JSON value for a string field: usually a string, sometimes null or another type.
fn field() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => nasty_string().prop_map(Value::String),
        1 => Just(Value::Null),
        1 => any::<i64>().prop_map(|n| json!(n)),
    ]
}

fn code(options: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => proptest::sample::select(options).prop_map(|s| json!(s)),
        1 => nasty_string().prop_map(Value::String),
    ]
}

const NATURES: &[&str] = &[
    "personal",
    "enterprise",
    "institution",
    "social_group",
    "private_non_enterprise",
    "government",
    "military",
    "foundation",
    "law_firm",
    "other",
];
const CERTS: &[&str] = &[
    "resident_id",
    "business_license",
    "org_code",
    "institution_certificate",
    "social_group_certificate",
    "private_non_enterprise_certificate",
    "passport",
    "taiwan_pass",
    "hk_macau_pass",
    "hmt_residence_permit",
    "foreign_permanent_id",
    "officer_id",
    "other",
];
const TYPES: &[&str] = &[
    "first_filing",
    "new_site_subject_elsewhere",
    "new_site_subject_here",
    "new_access",
    "continue_access",
    "change_subject",
    "change_site",
    "cancel_access",
    "deregister_subject",
    "deregister_site",
];
const PROVINCES: &[&str] = &["浙江省", "江苏省", "湖北省", "河南省", "宁夏回族自治区", "北京市", "火星省", ""];

fn person() -> impl Strategy<Value = Value> {
    (field(), code(CERTS), field(), field(), field(), field(), field()).prop_map(|(name, ct, cn, p, p2, e, m)| {
        json!({ "name": name, "cert_type": ct, "cert_number": cn, "phone": p, "phone2": p2,
                "emergency_phone": e, "email": m })
    })
}

fn website() -> impl Strategy<Value = Value> {
    (
        field(),
        proptest::collection::vec(field(), 0..5),
        field(),
        field(),
        code(&["website", "app", "mini_program", "quick_app"]),
        proptest::collection::vec(field(), 0..3),
        proptest::collection::vec((field(), field(), field()), 0..2),
        prop::option::of(person()),
        field(),
        (field(), field()),
    )
        .prop_map(|(name, domains, url, content, st, langs, pre, principal, remark, (inst, sn))| {
            let pre: Vec<Value> =
                pre.into_iter().map(|(t, n, a)| json!({ "type": t, "number": n, "attachment": a })).collect();
            json!({
                "name": name, "domains": domains, "homepage_url": url, "content": content,
                "service_type": st, "languages": langs, "preapprovals": pre,
                "product": { "type": "ecs", "instance_id": inst, "service_number": sn },
                "principal": principal, "remark": remark,
            })
        })
}

fn document() -> impl Strategy<Value = Value> {
    (
        prop::option::of(code(TYPES)),
        prop::option::of(prop_oneof![Just(json!("2019-01-01")), Just(json!("2026-11-20")), field()]),
        (code(PROVINCES), field(), field()),
        code(NATURES),
        (field(), code(CERTS), field(), field(), field(), field(), field()),
        person(),
        proptest::collection::vec(website(), 0..12),
    )
        .prop_map(
            |(ft, as_of, (prov, city, district), nature, (name, ct, cn, ca, ma, inv, remark), principal, sites)| {
                let mut doc = json!({
                    "format": "beian-filing/1",
                    "subject": {
                        "region": { "province": prov, "city": city, "district": district },
                        "nature": nature, "name": name, "cert_type": ct, "cert_number": cn,
                        "cert_address": ca, "mailing_address": ma, "investor": inv,
                        "principal": principal, "remark": remark,
                    },
                    "websites": sites,
                });
                if let Some(ft) = ft {
                    doc["filing_type"] = ft;
                }
                if let Some(a) = as_of {
                    doc["as_of"] = a;
                }
                doc
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn validation_never_panics_and_cites_the_rulebook(value in document()) {
        // wrong types and unknown codes are parse errors; whatever parses is validated
        let words = common::strings_of(&value);
        if let Ok(parsed) = parse_value(value) {
            let diags = validate(&parsed.document, TODAY);
            // Every finding in English too: the document's own strings may appear as they are.
            let mut normalized = parsed.document.clone();
            normalize_document(&mut normalized);
            let mut values = words;
            values.extend(common::strings_of(&serde_json::to_value(&normalized).unwrap()));
            for d in diags.iter().chain(&parsed.warnings) {
                let problem = common::english_problem(&d.message, &d.message_en, &values);
                prop_assert!(problem.is_none(), "{} {} at {}: {:?}", d.rule, d.code, d.field, problem);
            }
            for d in &diags {
                prop_assert!(rule_info(&d.rule).is_some(), "{} not in the rulebook", d.rule);
                prop_assert!(!d.message.is_empty() && !d.source.is_empty());
                prop_assert!(d.message.chars().count() < 2000, "message too long: {}", d.message.len());
                prop_assert!(!d.message.contains('\u{202E}'), "a bidi override leaked into {}", d.message);
            }
            let mut sorted = diags.clone();
            beian_core::rules::sort_diagnostics(&mut sorted);
            prop_assert_eq!(&sorted, &diags);

            // normalisation is idempotent and invisible to validation
            let mut normalized = parsed.document.clone();
            normalize_document(&mut normalized);
            let mut twice = normalized.clone();
            normalize_document(&mut twice);
            prop_assert_eq!(&twice, &normalized);
            prop_assert_eq!(validate(&normalized, TODAY), diags);
        }
    }

    #[test]
    fn any_json_value_is_parsed_or_refused_without_panicking(subject in any_json(), websites in any_json(), top in any_json()) {
        for value in [
            json!({ "format": "beian-filing/1", "subject": subject, "websites": websites }),
            json!({ "format": "beian-filing/1", "websites": [top.clone(), top.clone()] }),
            top,
        ] {
            let words = common::strings_of(&value);
            match parse_value(value) {
                Ok(parsed) => {
                    let _ = validate(&parsed.document, TODAY);
                }
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    let d = e.to_diagnostic();
                    let problem = common::english_problem(&d.message, &d.message_en, &words);
                    prop_assert!(problem.is_none(), "{:?}: {:?}", e, problem);
                }
            }
        }
    }

    #[test]
    fn hostile_strings_round_trip_unchanged(s in nasty_string()) {
        round_trip(&s);
    }
}

/// Puts `s` into every text field of the sample, parses, validates, serialises, parses again: the
/// document is unchanged (validation does not touch it) and every string comes back byte for byte.
fn round_trip(s: &str) {
    let mut v: Value = serde_json::from_str(SAMPLE).unwrap();
    let text_fields: [&[&str]; 12] = [
        &["subject", "name"],
        &["subject", "cert_number"],
        &["subject", "cert_address"],
        &["subject", "mailing_address"],
        &["subject", "investor"],
        &["subject", "remark"],
        &["subject", "principal", "phone"],
        &["subject", "principal", "email"],
        &["subject", "region", "city"],
        &["websites", "0", "name"],
        &["websites", "0", "homepage_url"],
        &["websites", "0", "remark"],
    ];
    for path in text_fields {
        let mut cur = &mut v;
        for key in path {
            cur = match key.parse::<usize>() {
                Ok(i) => &mut cur[i],
                Err(_) => &mut cur[*key],
            };
        }
        *cur = json!(s);
    }
    v["websites"][0]["domains"] = json!([s, "example.com"]);
    v["websites"][0]["languages"] = json!([s]);
    let text = serde_json::to_string(&v).unwrap();
    let parsed = parse_document(&text).expect("a valid JSON string is always accepted");
    let before = parsed.document.clone();
    let diags = validate(&parsed.document, TODAY);
    assert_eq!(parsed.document, before, "validation must not change the document");
    assert!(!diags.is_empty());
    let out = to_json_pretty(&parsed.document);
    let again = parse_document(&out).unwrap().document;
    assert_eq!(again, before);
    assert_eq!(again.subject.name, s);
    assert_eq!(again.websites[0].domains[0], s);
    assert_eq!(again.websites[0].homepage_url, s);
}

const SAMPLE: &str = include_str!("data/sample-filing.json");

#[test]
fn a_corpus_of_hostile_strings_round_trips() {
    let corpus = [
        String::new(),
        "a".repeat(100_000),
        "字".repeat(50_000),
        "\u{0}\u{1}\u{7}\u{8}\t\n\r\u{1b}[31m\u{7f}".to_owned(),
        "\u{202E}moc.elpmaxe\u{202C}".to_owned(),
        "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}".to_owned(),
        "😀👨‍👩‍👧‍👦🇨🇳".to_owned(),
        "'; DROP TABLE filings; --".to_owned(),
        "1' OR '1'='1".to_owned(),
        "<script>alert('x')</script>".to_owned(),
        "<img src=x onerror=alert(1)>".to_owned(),
        "\"}, \"format\": \"beian-filing/2\"".to_owned(),
        "../../etc/passwd".to_owned(),
        "%00%0d%0a".to_owned(),
        "\u{FFFD}\u{FFFE}\u{FFFF}\u{10FFFF}".to_owned(),
        "Ａ１．＠".to_owned(),
    ];
    for s in &corpus {
        round_trip(s);
    }
}

#[test]
fn lone_surrogates_are_refused_with_a_clear_message() {
    // serde_json refuses a lone surrogate escape; the parser says where (line and column of the
    // sample's subject name) with serde_json's own words for what.
    for (escape, detail) in [
        ("\\ud800", "unexpected end of hex escape"),
        ("\\udfff", "lone leading surrogate in hex escape"),
        ("\\ud800\\u0041", "lone leading surrogate in hex escape"),
    ] {
        let text = SAMPLE.replacen("\"张三\"", &format!("\"{escape}\""), 1);
        let err = parse_document(&text).unwrap_err();
        match &err {
            ParseError::NotJson { line, detail: d, .. } => {
                assert_eq!(*line, 8, "{err}");
                assert_eq!(d, detail, "{err}");
            }
            other => panic!("expected NotJson, got {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.starts_with("不是有效的 JSON（第 8 行第"), "{msg}");
        assert!(msg.ends_with(detail), "{msg}");
        // and as a diagnostic for `beian validate --json`
        let diag = err.to_diagnostic();
        assert_eq!((diag.code.as_str(), diag.rule.as_str()), ("not_json", "FMT-PARSE"));
    }
    // a proper pair is fine
    let text = SAMPLE.replacen("\"张三\"", "\"\\ud83d\\ude00\"", 1);
    assert_eq!(parse_document(&text).unwrap().document.subject.name, "😀");
}
