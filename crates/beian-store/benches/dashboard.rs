//! The dashboard at 1,000 and at 100,000 filings: list and search times, and their ratio.
//!
//! `cargo bench -p beian-store --bench dashboard` prints a table. The target (issue 4): every
//! query's 100k/1k ratio stays under 3 — indexes and paging, not scans. As a peer in the same run,
//! the same substring search done the naive way (`LIKE '%…%'` over every row) shows what a scan costs.
//! Exits non-zero when a ratio is 3 or more.

use std::time::{Duration, Instant};

use beian_core::status::FilingStatus;
use beian_store::{ListQuery, Store};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(mut f: F) -> Duration {
    for _ in 0..3 {
        f();
    }
    median(
        (0..25)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    domain_part: String,
    name2: String,
    cert: String,
}

fn fixture(n: usize) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("store");
    let t = Instant::now();
    store.write_demo(n, 2000, 42, "2026-10-01T01:00:00Z".parse().expect("ts")).expect("demo");
    eprintln!("  wrote {n} filings in {:.1}s", t.elapsed().as_secs_f64());
    // Search terms taken from a filing in the middle of the store.
    let mid = store.list_filings(&ListQuery { limit: Some(1), offset: Some(n as u32 / 2), ..Default::default() });
    let row = mid.expect("list").items.remove(0);
    let rec = store.get_filing(row.id).expect("get");
    let domain_part: String = row.primary_domain.chars().take(8).collect();
    let name2: String = rec.document.subject.name.chars().take(2).collect();
    let cert = rec.document.subject.cert_number.clone();
    Fixture { _dir: dir, store, domain_part, name2, cert }
}

fn queries(f: &Fixture) -> Vec<(&'static str, Duration)> {
    let s = &f.store;
    let q = |search: Option<&str>, status: Option<FilingStatus>| ListQuery {
        search: search.map(str::to_owned),
        status,
        limit: Some(50),
        ..Default::default()
    };
    vec![
        ("open dashboard (first 50, by urgency)", time(|| drop(s.list_filings(&q(None, None))))),
        ("filter by status 管局审核中", time(|| drop(s.list_filings(&q(None, Some(FilingStatus::BureauReview)))))),
        ("search domain fragment (8 chars)", time(|| drop(s.list_filings(&q(Some(&f.domain_part), None))))),
        ("search 2-character name", time(|| drop(s.list_filings(&q(Some(&f.name2), None))))),
        ("search certificate number", time(|| drop(s.list_filings(&q(Some(&f.cert), None))))),
        ("peer: naive LIKE scan of every row", time(|| drop(s.naive_like_search(&f.domain_part)))),
    ]
}

fn main() {
    eprintln!("building the 1,000-filing store");
    let small = fixture(1_000);
    eprintln!("building the 100,000-filing store");
    let large = fixture(100_000);
    let a = queries(&small);
    let b = queries(&large);
    println!("\n{:<40} {:>12} {:>12} {:>8}", "query", "1,000", "100,000", "ratio");
    let mut failed = false;
    for ((name, t1), (_, t2)) in a.iter().zip(&b) {
        let ratio = t2.as_secs_f64() / t1.as_secs_f64();
        let peer = name.starts_with("peer");
        let mark = if peer {
            "(peer)"
        } else if ratio < 3.0 {
            "ok"
        } else {
            "TOO SLOW"
        };
        failed |= !peer && ratio >= 3.0;
        println!(
            "{name:<40} {:>10.1}µs {:>10.1}µs {ratio:>7.2}× {mark}",
            t1.as_secs_f64() * 1e6,
            t2.as_secs_f64() * 1e6
        );
    }
    if failed {
        eprintln!("\na query's 100k/1k ratio is 3 or more");
        std::process::exit(1);
    }
}
