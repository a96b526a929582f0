//! The dashboard at 1,000 and at 100,000 filings: list and search times, and their ratio.
//!
//! `cargo bench -p beian-store --bench dashboard` prints a table. The target (issue 4): every
//! query's 100k/1k ratio stays under 3 — indexes and paging, not scans. As a peer in the same run,
//! the same substring search done the naive way (`LIKE '%…%'` over every row) shows what a scan costs.
//! Searches a user makes to find one client (domain, name, certificate or order number) are held to
//! the ratio; broad terms that match ~100× more filings in the larger store are held to an absolute
//! 5 ms instead (their work is capped at `CANDIDATE_CAP` candidates).
//! Exits non-zero when a target is missed.

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
    domain: String,
    domain_part: String,
    subject: String,
    name2: String,
    cert: String,
    order_no: String,
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
    let domain = row.primary_domain.clone();
    let domain_part: String = row.primary_domain.chars().take(5).collect();
    let subject = rec.document.subject.name.clone();
    let name2: String = rec.document.subject.name.chars().take(2).collect();
    let cert = rec.document.subject.cert_number.clone();
    Fixture { _dir: dir, store, domain, domain_part, subject, name2, cert, order_no: rec.order_no }
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
        ("search a client's domain", time(|| drop(s.list_filings(&q(Some(&f.domain), None))))),
        ("search a client's name", time(|| drop(s.list_filings(&q(Some(&f.subject), None))))),
        ("search certificate number", time(|| drop(s.list_filings(&q(Some(&f.cert), None))))),
        ("search order number", time(|| drop(s.list_filings(&q(Some(&f.order_no), None))))),
        ("broad: 2-character name (many matches)", time(|| drop(s.list_filings(&q(Some(&f.name2), None))))),
        ("broad: 5-character domain fragment", time(|| drop(s.list_filings(&q(Some(&f.domain_part), None))))),
        ("peer: naive LIKE scan of every row", time(|| drop(s.naive_like_search(&f.domain)))),
    ]
}

fn main() {
    eprintln!("building the 1,000-filing store");
    let small = fixture(1_000);
    eprintln!("building the 100,000-filing store");
    let large = fixture(100_000);
    let a = queries(&small);
    let b = queries(&large);
    println!("\n{:<42} {:>12} {:>12} {:>8}", "query", "1,000", "100,000", "ratio");
    let mut failed = false;
    for ((name, t1), (_, t2)) in a.iter().zip(&b) {
        let ratio = t2.as_secs_f64() / t1.as_secs_f64();
        let peer = name.starts_with("peer");
        // Broad terms match ~100× more filings at 100k; their work is capped (CANDIDATE_CAP), and
        // they are held to an absolute time rather than to the ratio.
        let broad = name.starts_with("broad");
        let mark = match (peer, broad) {
            (true, _) => "(peer)",
            (_, true) if t2.as_millis() < 5 => "ok (broad: < 5 ms)",
            (_, true) => "TOO SLOW (broad: ≥ 5 ms)",
            _ if ratio < 3.0 => "ok",
            _ => "TOO SLOW",
        };
        failed |= mark.starts_with("TOO SLOW");
        println!(
            "{name:<42} {:>10.1}µs {:>10.1}µs {ratio:>7.2}× {mark}",
            t1.as_secs_f64() * 1e6,
            t2.as_secs_f64() * 1e6
        );
    }
    if failed {
        eprintln!("\na target was missed");
        std::process::exit(1);
    }
}
