//! Certificate validators: any type, any text, any date never panic, and what they say is coherent.
#![no_main]

use beian_core::CertType;
use beian_core::cert::{check, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let cert_type = CertType::ALL[selector as usize % CertType::ALL.len()];
    // A date between 1990 and 2089 from the next two bytes.
    let (date, text) = match rest {
        [a, b, tail @ ..] => {
            let days = u16::from_le_bytes([*a, *b]) as i64 % 36_500;
            (jiff::civil::date(1990, 1, 1) + jiff::Span::new().days(days), tail)
        }
        _ => (jiff::civil::date(2026, 11, 20), rest),
    };
    let input = String::from_utf8_lossy(text);
    let result = check(cert_type, &input, date);
    // Normalisation is idempotent and checking is invariant under it.
    let n = normalize(&input);
    assert_eq!(normalize(&n), n);
    assert_eq!(check(cert_type, &n, date), result);
    // Every finding explains itself.
    for issue in &result.issues {
        assert!(!issue.message.is_empty());
    }
    // The certificate masking used on lists and paper never panics either.
    let _ = beian_core::mask::cert_number(&input);
});
