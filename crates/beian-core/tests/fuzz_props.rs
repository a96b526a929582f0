//! The properties the fuzz targets in `fuzz/` check, as property tests that run in CI on stable:
//! the certificate validators take any type, any text and any date without panicking, normalising
//! is idempotent and invisible to the check; the exchange-format parser takes any text — including
//! mangled real documents — and either refuses it with a message or gives a document that
//! round-trips through export. The fuzzers' seeds and any crash they ever found (`fuzz/regressions`)
//! are replayed here too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::CertType;
use beian_core::cert::{check, normalize};
use beian_core::document::{parse_document, to_json_pretty};
use proptest::prelude::*;

const SAMPLE: &str = include_str!("data/sample-filing.json");

fn date(days: u16) -> jiff::civil::Date {
    jiff::civil::date(1990, 1, 1) + jiff::Span::new().days(i64::from(days) % 36_500)
}

/// What `fuzz/fuzz_targets/cert_check.rs` asserts.
fn cert_properties(t: CertType, input: &str, on: jiff::civil::Date) {
    let result = check(t, input, on);
    let n = normalize(input);
    assert_eq!(normalize(&n), n, "normalize is idempotent on {input:?}");
    assert_eq!(check(t, &n, on), result, "checking {input:?} and its normal form differ");
    assert!(result.issues.iter().all(|i| !i.message.is_empty()));
    assert!(!n.chars().any(char::is_whitespace));
    let _ = beian_core::mask::cert_number(input);
}

/// What `fuzz/fuzz_targets/parse_document.rs` asserts.
fn parse_properties(text: &str) {
    match parse_document(text) {
        Ok(parsed) => {
            let _ = beian_core::validate(&parsed.document, jiff::civil::date(2026, 11, 20));
            let again = parse_document(&to_json_pretty(&parsed.document)).expect("an exported document parses");
            assert_eq!(again.document, parsed.document);
            let _ = beian_core::mask::document(&parsed.document);
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            let _ = e.to_diagnostic();
        }
    }
}

fn cert_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9Xx]{0,20}",
        "[0-9A-Za-z]{15,19}",
        "[HMhm][0-9]{8,10}",
        "[0-9A-Z]{8}-[0-9X]",
        "[ \u{3000}\u{200B}\u{FEFF}\u{202E}０-９Ｘ（）()\\-－]{0,30}",
        (0usize..50_000).prop_map(|n| "1".repeat(n)),
        (0usize..20_000).prop_map(|n| "字".repeat(n)),
    ]
}

/// A real document, cut, spliced or sprinkled with bytes.
fn mangled_sample() -> impl Strategy<Value = String> {
    let len = SAMPLE.len();
    prop_oneof![
        (0..len).prop_map(|cut| SAMPLE.get(..cut).unwrap_or(SAMPLE).to_owned()),
        (0..len, any::<String>()).prop_map(|(at, s)| {
            let at = (0..=at).rev().find(|i| SAMPLE.is_char_boundary(*i)).unwrap_or(0);
            format!("{}{s}{}", &SAMPLE[..at], &SAMPLE[at..])
        }),
        (0..len, 0..len).prop_map(|(a, b)| {
            let (a, b) = (a.min(b), a.max(b));
            let a = (0..=a).rev().find(|i| SAMPLE.is_char_boundary(*i)).unwrap_or(0);
            let b = (0..=b).rev().find(|i| SAMPLE.is_char_boundary(*i)).unwrap_or(0);
            format!("{}{}", &SAMPLE[..a], &SAMPLE[b..])
        }),
        proptest::sample::select(vec!["null", "0", "-1", "1e999", "\"x\"", "[]", "{}", "true", "\"\\u0000\""])
            .prop_flat_map(|v| {
                let keys = [
                    "\"张三\"",
                    "\"personal\"",
                    "\"resident_id\"",
                    "[\"example.com\"]",
                    "null",
                    "\"ecs\"",
                    "\"浙江省\"",
                ];
                proptest::sample::select(keys.to_vec()).prop_map(move |k| SAMPLE.replacen(k, v, 1))
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn certificate_checks_never_panic(t in 0usize..CertType::ALL.len(), input in cert_text(), days in any::<u16>()) {
        cert_properties(CertType::ALL[t], &input, date(days));
    }

    #[test]
    fn any_text_parses_or_is_refused(text in any::<String>()) {
        parse_properties(&text);
    }

    #[test]
    fn mangled_documents_parse_or_are_refused(text in mangled_sample()) {
        parse_properties(&text);
    }
}

#[test]
fn long_certificate_numbers_are_checked_quickly() {
    let started = std::time::Instant::now();
    for t in CertType::ALL {
        for s in ["1".repeat(200_000), "字".repeat(100_000), "X（".repeat(50_000)] {
            cert_properties(t, &s, jiff::civil::date(2026, 11, 20));
        }
    }
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

/// The fuzzers' seeds and every crash they found, replayed (files under `fuzz/seeds/<target>/`
/// and `fuzz/regressions/<target>/`).
#[test]
fn fuzz_seeds_and_regressions_replay() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut n = 0;
    for kind in ["seeds", "regressions"] {
        for target in ["cert_check", "parse_document"] {
            let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else { continue };
            for e in entries.flatten() {
                let data = std::fs::read(e.path()).unwrap();
                n += 1;
                if target == "parse_document" {
                    if let Ok(text) = std::str::from_utf8(&data) {
                        parse_properties(text);
                    }
                } else if let Some((&sel, rest)) = data.split_first() {
                    let t = CertType::ALL[sel as usize % CertType::ALL.len()];
                    let (on, text) = match rest {
                        [a, b, tail @ ..] => (date(u16::from_le_bytes([*a, *b])), tail),
                        _ => (jiff::civil::date(2026, 11, 20), rest),
                    };
                    cert_properties(t, &String::from_utf8_lossy(text), on);
                }
            }
        }
    }
    assert!(n >= 3, "the fuzz seeds are missing ({n} files)");
}
