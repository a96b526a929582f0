//! `data/tables/review_times.toml` says what it copied from the filing guide: prove it is the
//! guide's text, and that the figures are the ones the text states. Reads
//! `shared/reference/icp-filing-guide-pc-2019.txt` beside the repository clone (as
//! `tests/tables_match_guide.rs` does), comparing with all whitespace removed (PDF line breaks).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use beian_core::schedule::{self, review_times};

fn guide() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/icp-filing-guide-pc-2019.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the filing guide at {} ({e}); these tests need shared/ beside the repository clone",
            path.display()
        )
    });
    squash(&text)
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn review_times_quote_the_guide() {
    let guide = guide();
    let t = review_times();
    let quotes = [
        ("first_review", t.first_review.guide_text.as_str()),
        ("to_bureau", t.to_bureau.guide_text.as_str()),
        ("papers_entry", t.papers_entry.guide_text.as_deref().unwrap()),
        ("bureau_default", t.bureau_default.guide_text.as_deref().unwrap()),
    ];
    for (what, text) in quotes {
        assert!(guide.contains(&squash(text)), "{what}: {text:?} is not in the guide");
    }
    // The figures are the ones the quoted text states.
    assert!(t.first_review.guide_text.contains(&format!("{}个工作日", t.first_review.workdays)));
    assert!(t.to_bureau.guide_text.contains(&format!("{}个工作日", t.to_bureau.workdays)));
    let papers = t.papers_entry.guide_text.as_deref().unwrap();
    assert!(papers.contains(&format!("{}-{}个工作日", t.papers_entry.min_workdays, t.papers_entry.max_workdays)));
    let bureau = t.bureau_default.guide_text.as_deref().unwrap();
    assert!(bureau.contains(&format!("{}到{}个工作日", t.bureau_default.min_workdays, t.bureau_default.max_workdays)));
    // Every stage's source cites the guide.
    for source in [&t.first_review.source, &t.to_bureau.source, &t.papers_entry.source, &t.bureau_default.source] {
        assert!(source.starts_with("guide §"), "{source}");
    }
    // The 45 days and the 24 hours the schedule uses are the guide's too.
    assert!(guide.contains("您需要在收到短信的24小时内完成短信核验"));
    assert!(guide.contains("案订单有效期为45天(自"));
}

#[test]
fn province_rows_are_sourced_and_keyed_by_full_names() {
    let t = schedule::parse_review_times().unwrap();
    for b in &t.bureau {
        assert!(beian_core::tables::is_province(&b.province), "{}", b.province);
        assert!(!b.source.trim().is_empty(), "{}: no source", b.province);
        assert!(b.min_workdays >= 1 && b.min_workdays <= b.max_workdays, "{}", b.province);
    }
    assert!(!t.meta.notes.as_deref().unwrap_or_default().is_empty());
}
