//! The exchange-format parser: any bytes are a document, a warning or a typed error — never a
//! panic; whatever parses validates, and serialises back to the same document.
#![no_main]

use beian_core::document::{parse_document, to_json_pretty};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
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
});
