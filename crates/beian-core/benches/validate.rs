//! Validation of a filing with 10 websites, against `serde_json::from_str` of the same document as
//! the reference point, in the same run.
//!
//! `cargo bench -p beian-core --bench validate` (criterion's report, then a summary line of both
//! medians). The target: validation well under a millisecond.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use beian_core::cert::{gb11643_check_char, org_code_check_char, uscc_check_char};
use beian_core::{FilingDocument, parse_document, validate};
use criterion::{Criterion, criterion_group};

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 20);

/// An enterprise in 浙江 with 10 websites, each with its own principal: every rule has work to do.
fn document() -> String {
    let rid = |b: &str| format!("{b}{}", gb11643_check_char(b).unwrap());
    let org = format!("MA2AXXXX{}", org_code_check_char("MA2AXXXX").unwrap());
    let body = format!("91330106{org}");
    let uscc = format!("{body}{}", uscc_check_char(&body).unwrap());
    let names = [
        "官方网站",
        "产品中心",
        "技术文档",
        "客户服务",
        "招聘信息",
        "新闻动态",
        "开发者社区",
        "合作伙伴",
        "投资者关系",
        "帮助中心",
    ];
    let sites: Vec<serde_json::Value> = (0..10)
        .map(|i| {
            serde_json::json!({
                "name": format!("某某科技{}", names[i]),
                "domains": [format!("example{i}.com")],
                "homepage_url": format!("https://www.example{i}.com/"),
                "content": "unit_portal",
                "service_type": "website",
                "languages": ["zh-Hans", "en"],
                "preapprovals": [],
                "product": { "type": "ecs", "instance_id": format!("i-bp1abcdefghij{i}"), "service_number": null },
                "principal": {
                    "name": format!("员工{i}"), "cert_type": "resident_id",
                    "cert_number": rid(&format!("3301061985050512{i}")),
                    "phone": format!("1360000000{i}"), "phone2": format!("1340000000{i}"),
                    "emergency_phone": format!("1350000000{i}"), "email": format!("staff{i}@example.com")
                },
                "remark": "",
                "filed": { "icp_number": null, "with": "none" }
            })
        })
        .collect();
    serde_json::json!({
        "format": "beian-filing/1",
        "filing_type": "first_filing",
        "as_of": "2026-11-20",
        "subject": {
            "region": { "province": "浙江省", "city": "杭州市", "district": "西湖区" },
            "nature": "enterprise", "name": "杭州某某科技有限公司",
            "cert_type": "business_license", "cert_number": uscc,
            "cert_address": "浙江省杭州市西湖区文三路100号",
            "mailing_address": "浙江省杭州市西湖区文三路100号3幢201室",
            "investor": "王五",
            "principal": {
                "name": "王五", "cert_type": "resident_id", "cert_number": rid("33010619800202123"),
                "phone": "13800000001", "phone2": "13700000001", "emergency_phone": "13900000001",
                "email": "wangwu@example.com"
            },
            "remark": "",
            "filed": { "icp_number": null, "with": "none" }
        },
        "websites": sites
    })
    .to_string()
}

fn bench(c: &mut Criterion) {
    let text = document();
    let doc: FilingDocument = parse_document(&text).unwrap().document;
    let diags = validate(&doc, TODAY);
    assert!(!diags.iter().any(|d| d.is_error()), "the benchmark filing should be valid: {diags:#?}");
    let mut g = c.benchmark_group("filing_with_10_websites");
    g.bench_function("validate", |b| b.iter(|| validate(black_box(&doc), TODAY)));
    g.bench_function("serde_json::from_str (reference)", |b| {
        b.iter(|| serde_json::from_str::<FilingDocument>(black_box(&text)).unwrap())
    });
    g.finish();
}

/// Median time per call over `rounds` rounds of `per_round` calls.
fn median(rounds: usize, per_round: u32, mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                f();
            }
            start.elapsed() / per_round
        })
        .collect();
    v.sort();
    v[rounds / 2]
}

fn summary() {
    let text = document();
    let doc: FilingDocument = parse_document(&text).unwrap().document;
    let validate_t = median(31, 200, || {
        black_box(validate(black_box(&doc), TODAY));
    });
    let parse_t = median(31, 200, || {
        black_box(serde_json::from_str::<FilingDocument>(black_box(&text)).unwrap());
    });
    println!(
        "\nsummary: validate (10 websites) {:.1} µs per filing; serde_json::from_str of the same {} bytes {:.1} µs; ratio {:.1}×; target < 1000 µs: {}",
        validate_t.as_secs_f64() * 1e6,
        text.len(),
        parse_t.as_secs_f64() * 1e6,
        validate_t.as_secs_f64() / parse_t.as_secs_f64(),
        if validate_t < Duration::from_millis(1) { "met" } else { "NOT MET" }
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
