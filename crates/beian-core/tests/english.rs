//! Every message the core builds has its English: the diagnostics of validation, parsing, the
//! filing type (blockers and warnings), change filings, products and the SMS plan, the filing
//! type's reasons, certificate and region issues; the plan's own texts (the filing type's name, the
//! SMS reason, instructions, hints and carriers, the materials' names). English means: not empty,
//! not the Chinese message, and no Chinese outside quotes (the user's values and the Chinese words a
//! message quotes on purpose are in “…”; see `common::english_problem`, whose own test shows it
//! fails on a Chinese-only message); a plan's texts also keep the Chinese's figures and count
//! (`common::plan_english_problem`, tested the same way).
//!
//! The documents: the end-to-end fixtures (`tests/e2e/fixtures/*.json`) and the spec's sample, each
//! as it is and damaged in many ways, across provinces, natures, filing types and dates; the
//! validation tests (`validation.rs`) check every document they build the same way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use beian_core::calendar::Calendar;
use beian_core::cert;
use beian_core::filing_type::{self, KnownFiling, KnownWebsite, Registry, TypeCheck};
use beian_core::plan::plan;
use beian_core::product::{ProductUse, QuotaUse, check_products};
use beian_core::regions;
use beian_core::sms::sms_plan;
use beian_core::status::FilingStatus;
use beian_core::{
    CertType, Diagnostic, Filed, FiledWith, FilingDocument, FilingType, Nature, Person, Preapproval, ProductType,
    ServiceType, Website, parse_document, validate,
};
use common::{assert_english, assert_plan_english, english_problem};
use jiff::civil::{Date, date};

const FIXTURES: [(&str, &str); 3] = [
    ("personal.json", include_str!("../../../tests/e2e/fixtures/personal.json")),
    ("two-websites.json", include_str!("../../../tests/e2e/fixtures/two-websites.json")),
    ("sample-filing.json", include_str!("data/sample-filing.json")),
];

const DATES: [Date; 4] = [date(2019, 6, 1), date(2021, 7, 1), date(2023, 8, 31), date(2026, 11, 20)];

fn fixtures() -> Vec<FilingDocument> {
    FIXTURES
        .iter()
        .map(|(name, text)| {
            let parsed = parse_document(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_english(&parsed.warnings, &[]);
            parsed.document
        })
        .collect()
}

#[track_caller]
fn assert_reasons(check: &TypeCheck) {
    if let Some(p) = english_problem(&check.reason, &check.reason_en, &[]) {
        panic!("type reason: {p}");
    }
    for s in &check.sites {
        if let Some(p) = english_problem(&s.reason, &s.reason_en, &[]) {
            panic!("reason of website {}: {p}", s.website + 1);
        }
    }
    let blockers: Vec<Diagnostic> = check.blockers.iter().map(|b| b.to_diagnostic()).collect();
    assert_english(&blockers, &[]);
    assert_english(&check.warnings, &[]);
}

/// Everything the core says about a document: validation, the plan (type check, SMS problems) and
/// the product counts, at `date`.
#[track_caller]
fn assert_all_english(doc: &FilingDocument, registry: &Registry, at: Date) {
    assert_english(&validate(doc, at), &[]);
    let p = plan(doc, registry, Calendar::builtin_ref(), at);
    assert_reasons(&p.type_check);
    assert_plan_english(&p);
    assert_english(&check_products("BA9", doc, &[]), &[]);
}

fn person(name: &str, cert_type: CertType, number: &str, phone: &str) -> Person {
    Person {
        name: name.into(),
        cert_type,
        cert_number: number.into(),
        phone: phone.into(),
        emergency_phone: phone.into(),
        ..Person::default()
    }
}

/// The document damaged in one place at a time, then everywhere at once.
fn damaged(doc: &FilingDocument) -> Vec<FilingDocument> {
    let mut out: Vec<FilingDocument> = Vec::new();
    let mut with = |f: &dyn Fn(&mut FilingDocument)| {
        let mut d = doc.clone();
        f(&mut d);
        out.push(d);
    };
    with(&|d| {
        d.subject = Default::default();
        d.websites = vec![Website::default()];
    });
    with(&|d| d.websites.clear());
    with(&|d| {
        d.subject.region.province = "浙江".into();
        d.subject.region.city = "杭州".into();
    });
    with(&|d| d.subject.region.province = "火星省".into());
    with(&|d| d.subject.region.city = "南京市".into());
    with(&|d| d.subject.region.district = Some("玄武区".into()));
    with(&|d| d.subject.region.district = Some("西湖".into()));
    with(&|d| d.subject.region.city = "北京市".into());
    with(&|d| {
        d.subject.region = beian_core::Region { province: "北京市".into(), city: "海淀".into(), district: None };
    });
    with(&|d| {
        d.subject.cert_address = "上海市浦东新区某某路1号".into();
        d.subject.mailing_address = "某某村".into();
    });
    with(&|d| {
        d.subject.region =
            beian_core::Region { province: "河南省".into(), city: "郑州市".into(), district: None };
        d.subject.cert_address = "河南省郑州市金水区某某路1号".into();
        d.subject.mailing_address = "河南省开封市某某路2号".into();
    });
    with(&|d| {
        d.subject.region =
            beian_core::Region { province: "河南省".into(), city: "郑州市".into(), district: None };
        d.subject.cert_address = "河南省某某县某某路1号".into();
        d.subject.mailing_address = "河南省某某县某某路2号".into();
    });
    with(&|d| {
        d.subject.principal.phone = "057188158388".into();
        d.subject.principal.phone2 = Some("12345".into());
        d.subject.principal.emergency_phone = "138-abc".into();
        d.subject.principal.email = "张三@例子".into();
    });
    for email in ["nobody", "@x.com", "a..b@example.com", "a@b", "a@example.notatld", "a@-x.com"] {
        with(&|d| d.subject.principal.email = email.into());
    }
    with(&|d| {
        for w in &mut d.websites {
            w.name = "abc".into();
            w.domains = vec![
                "http://example.com".into(),
                "example.com/a".into(),
                "*.example.com".into(),
                "1.2.3.4".into(),
                "example.com:80".into(),
                "a@b.com".into(),
                "a..com".into(),
                "-a.com".into(),
                "a_b.com".into(),
                "a b.com".into(),
                "example.notatld".into(),
                "中国".into(),
                "x.github.io".into(),
                "www.例子.中国".into(),
                "例子.中国".into(),
                "例子.中国".into(),
            ];
            w.homepage_url = "ftp://例子.中国".into();
            w.languages = vec!["中文".into(), "en".into(), "EN".into()];
            w.content = "general_portal".into();
            w.service_type = ServiceType::MiniProgram;
            w.preapprovals = vec![
                Preapproval::default(),
                Preapproval { kind: "新闻".into(), number: "京新闻 1 号".into(), ..Preapproval::default() },
            ];
        }
    });
    for url in [
        "javascript:alert(1)",
        "http://user@例子.中国",
        "http://例子.中国:x/",
        "http://",
        "http://a b",
        "http://evil.com",
    ] {
        with(&|d| d.websites[0].homepage_url = url.into());
    }
    for name in
        ["１２３", "中国人民网站", "中华美食论坛", "某某的个人主页", "杭州美食分享", "反腐倡廉资讯网", "李明的网站😀"]
    {
        with(&|d| d.websites[0].name = name.into());
    }
    with(&|d| d.websites[0].name = format!("{}的摄影作品", d.subject.name));
    with(&|d| {
        d.websites[0].name = "example".into();
        d.websites[0].domains = vec!["example.com".into()];
    });
    // natures, certificate types and their numbers
    for nature in Nature::ALL {
        with(&|d| {
            d.subject.nature = nature;
            d.websites[0].domains = vec!["例子.com".into()];
            d.websites[0].principal =
                Some(person("王五", CertType::BusinessLicense, "91110000600037341L", "13800000000"));
        });
    }
    let numbers = [
        "x",
        "12345",
        "330106900101123",
        "33010619900101123Y",
        "330106199001011238",
        "330106199002301234",
        "190106199001011234",
        "810000199001011234",
        "910000199001011234",
        "330199199001011234",
        "91110000600037342L",
        "B1330106123456789X",
        "94330106123456789X",
        "91190106123456789X",
        "913301A6123456789X",
        "91330199123456789X",
        "11100000000013127D",
        "12330000470000016X",
        "600037341",
        "60003734-2",
        "6000373-41",
        "60003734-A",
        "6000373号-1",
        "E1234567",
        "AAAAAAAA",
        "E-1234567",
        "A123456(7)",
        "C12345678",
        "H1234567",
        "1234567890",
        "台12345678",
        "830000199001011234",
        "US1110085031510",
        "USA110085031519",
        "USA190085031519",
        "USA339985031519",
        "USA110085131519",
        "91984019850315001X",
        "第123号",
        "字字字字字字字字字字字字字字字字字字",
    ];
    for cert_type in CertType::ALL {
        for number in numbers {
            with(&|d| {
                d.subject.cert_type = cert_type;
                d.subject.cert_number = number.into();
                d.subject.principal.cert_type = cert_type;
                d.subject.principal.cert_number = number.into();
            });
        }
    }
    // provinces with rules of their own
    for (province, city) in [("江苏省", "南京市"), ("湖北省", "武汉市"), ("山西省", "太原市"), ("北京市", "北京市")]
    {
        with(&|d| {
            d.subject.region = beian_core::Region { province: province.into(), city: city.into(), district: None };
            d.subject.cert_address = format!("{province}{city}某某路1号");
            d.subject.mailing_address = format!("{province}{city}某某路1号2室");
            let w = d.websites[0].clone();
            d.websites = (0..6)
                .map(|i| Website {
                    name: "北京餐饮美食".into(),
                    domains: (0..3).map(|j| format!("site{i}x{j}.com")).collect(),
                    ..w.clone()
                })
                .collect();
        });
    }
    // the follow-up types, and personal principals that differ
    for t in FilingType::ALL {
        with(&|d| d.filing_type = Some(t));
    }
    with(&|d| {
        let mut other = person("李四", CertType::Passport, "E12345678", "13900000000");
        other.email = d.subject.principal.email.clone();
        for w in &mut d.websites {
            w.principal = Some(other.clone());
        }
    });
    // products
    with(&|d| {
        let kinds = [ProductType::Ecs, ProductType::Wangpu, ProductType::Marketplace, ProductType::NatGateway];
        let w = d.websites[0].clone();
        d.websites = (0..8)
            .map(|i| {
                let mut w = w.clone();
                w.domains = vec![format!("p{i}.com")];
                w.product.kind = kinds[i % kinds.len()];
                w.product.instance_id = Some(["i-1", "bp1", "实例 1", "m-1"][i % 4].into());
                w.product.service_number = Some(
                    ["32a43232-a888-88e8-b9ec-00888be8abcd", "32a43232-a888-88e8-b9ec-00888be8****", "服务号"][i % 3]
                        .into(),
                );
                w
            })
            .collect();
    });
    with(&|d| {
        for w in &mut d.websites {
            w.product.instance_id = None;
            w.product.service_number = None;
        }
    });
    out
}

#[test]
fn every_fixture_and_every_damage_to_it_speaks_english() {
    let registry = Registry::empty();
    let mut n = 0;
    for doc in fixtures() {
        for at in DATES {
            assert_all_english(&doc, &registry, at);
        }
        for d in damaged(&doc) {
            assert_all_english(&d, &registry, DATES[3]);
            n += 1;
        }
    }
    assert!(n > 1000, "{n} documents");
}

// ---- the SMS plan and the plan ----------------------------------------------------------------------

/// The days on which the SMS rules change (each pilot batch, every province, the deregistration
/// rule), the day before each, and some others.
fn sms_dates() -> Vec<Date> {
    let mut out = vec![date(2017, 1, 1)];
    let nationwide = beian_core::tables::sms_nationwide().from;
    for day in beian_core::tables::sms_pilots().iter().map(|p| p.from).chain([nationwide]) {
        out.push(day.yesterday().unwrap());
        out.push(day);
    }
    out.extend(DATES);
    out
}

/// A document's principals in the cases the SMS plan tells apart: each certificate type, a
/// 港澳通行证 with and without the Hong Kong ID on its back, no certificate number, no phone, a
/// website principal of their own, one phone for two people, no website at all.
fn sms_cases(doc: &FilingDocument) -> Vec<FilingDocument> {
    let mut out = vec![doc.clone()];
    let mut with = |f: &dyn Fn(&mut FilingDocument)| {
        let mut d = doc.clone();
        f(&mut d);
        out.push(d);
    };
    for t in CertType::ALL {
        with(&|d| {
            d.subject.principal.cert_type = t;
            d.subject.principal.cert_number = "H1234567800".into();
        });
    }
    for id in ["A1234567(8)", "A12345678", "1"] {
        with(&|d| {
            d.subject.principal = person("陈大文", CertType::HkMacauPass, "H12345678", "13800000001");
            d.subject.principal.hk_macau_id = Some(id.into());
        });
    }
    with(&|d| d.subject.principal = person("陈大文", CertType::HkMacauPass, "H12345678", "13800000001"));
    with(&|d| d.subject.principal.cert_number = " ".into());
    with(&|d| d.subject.principal.cert_number = "123".into());
    with(&|d| d.subject.principal.phone.clear());
    with(&|d| {
        d.subject.nature = Nature::Enterprise;
        for w in &mut d.websites {
            w.principal = Some(person("王五", CertType::Passport, "E12345678", "13900000000"));
            w.preapprovals = vec![Preapproval { kind: "news".into(), ..Preapproval::default() }];
        }
    });
    with(&|d| {
        let phone = d.subject.principal.phone.clone();
        for w in &mut d.websites {
            w.principal = Some(person("王五", CertType::ResidentId, "110101199003074514", &phone));
        }
    });
    with(&|d| d.websites.clear());
    out
}

/// The plan and the SMS plan alone (also of a type the plan would not determine) of `doc` of type
/// `t` at `at`, checked; what they show: (undetermined type, a hint, SMS not required).
#[track_caller]
fn check_plans(doc: &FilingDocument, t: Option<FilingType>, at: Date) -> [bool; 3] {
    let mut doc = doc.clone();
    doc.filing_type = t;
    let p = plan(&doc, &Registry::empty(), Calendar::builtin_ref(), at);
    assert_plan_english(&p);
    let alone = beian_core::plan::Plan { sms: sms_plan(&doc, t, at), ..p.clone() };
    assert_plan_english(&alone);
    [p.filing_type.is_none(), p.sms.verifiers.iter().any(|v| v.last6.is_some()), !p.sms.required]
}

#[test]
fn every_sms_plan_and_plan_speaks_english_across_provinces_types_and_dates() {
    let mut provinces: Vec<String> = beian_core::tables::provinces().iter().map(|p| p.name.clone()).collect();
    assert!(provinces.len() >= 31, "{provinces:?}");
    provinces.extend(["", "浙江", "火星省"].map(str::to_owned));
    let types: Vec<Option<FilingType>> = std::iter::once(None).chain(FilingType::ALL.map(Some)).collect();
    let mut seen = [false; 3];
    let mut plans = 0;
    let mut note = |shown: [bool; 3]| {
        for (s, x) in seen.iter_mut().zip(shown) {
            *s |= x;
        }
        plans += 1;
    };
    // Every province on every day the rules change, each fixture of each type.
    for doc in fixtures() {
        for province in &provinces {
            let mut doc = doc.clone();
            doc.subject.region.province = province.clone();
            for at in sms_dates() {
                for &t in &types {
                    note(check_plans(&doc, t, at));
                }
            }
        }
    }
    // Every case of the principals, of each type, in provinces with rules of their own.
    let cases: Vec<FilingDocument> = fixtures().iter().flat_map(sms_cases).collect();
    for case in &cases {
        for province in ["浙江省", "广东省", "北京市", ""] {
            let mut doc = case.clone();
            doc.subject.region.province = province.into();
            for at in [date(2018, 9, 10), DATES[3]] {
                for &t in &types {
                    note(check_plans(&doc, t, at));
                }
            }
        }
    }
    assert!(plans > 20_000 && seen.iter().all(|s| *s), "{plans} {seen:?}");
}

// ---- the filing type ------------------------------------------------------------------------------

const CERT: &str = "33010619900101123X";

fn known(order: &str, status: FilingStatus, domains: &[&str]) -> KnownFiling {
    KnownFiling {
        id: None,
        provider: "aliyun".into(),
        provider_account: None,
        order_no: order.into(),
        status,
        filing_type: Some(FilingType::FirstFiling),
        province: "浙江省".into(),
        subject_cert_type: CertType::ResidentId,
        subject_cert_number: CERT.into(),
        subject_icp_number: None,
        websites: vec![KnownWebsite {
            domains: domains.iter().map(|s| s.to_string()).collect(),
            icp_number: None,
            ..Default::default()
        }],
    }
}

fn registries() -> Vec<Registry> {
    let r = |filings| Registry { current_order_no: None, filings };
    vec![
        Registry::empty(),
        r(vec![known("BA1", FilingStatus::Approved, &["old.com"])]),
        r(vec![known("BA1", FilingStatus::Approved, &["例子.中国"])]),
        r(vec![known("BA2", FilingStatus::BureauReview, &["例子.中国"])]),
        r(vec![known("BA1", FilingStatus::Approved, &["old.com"]), known("BA3", FilingStatus::Draft, &["x.com"])]),
    ]
}

#[test]
fn every_filing_type_decision_blocker_and_warning_speaks_english() {
    let where_ = [FiledWith::None, FiledWith::Elsewhere, FiledWith::Here];
    let mut checks = 0;
    for subject in where_ {
        for site in where_ {
            for icp in [None, Some("浙ICP备12345678号-1")] {
                for registry in registries() {
                    let mut d = FilingDocument::draft("张三", "例子.中国");
                    d.subject.cert_number = CERT.into();
                    d.subject.filed = Filed { icp_number: icp.map(|s| s.replace("-1", "")), with: subject };
                    d.websites[0].domains.push("b.com".into());
                    d.websites[0].filed = Filed { icp_number: icp.map(str::to_owned), with: site };
                    // a second website of another type, and one without domains
                    let mut two = d.clone();
                    two.websites.push(Website { domains: vec!["new.com".into()], ..Website::default() });
                    two.websites.push(Website::default());
                    for doc in [&d, &two] {
                        assert_reasons(&filing_type::determine(doc, &registry));
                        for t in FilingType::ALL {
                            let mut typed = doc.clone();
                            typed.filing_type = Some(t);
                            let p = plan(&typed, &registry, Calendar::builtin_ref(), DATES[3]);
                            assert_reasons(&p.type_check);
                            assert_plan_english(&p);
                        }
                        checks += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checks, 9 * 2 * 5 * 2);
    let empty = FilingDocument { websites: Vec::new(), ..FilingDocument::draft("张三", "a.com") };
    assert_reasons(&filing_type::determine(&empty, &Registry::empty()));
}

#[test]
fn follow_up_blockers_and_change_findings_speak_english() {
    for status in FilingStatus::ALL {
        let orig = known("BA1", status, &["a.com"]);
        let r = Registry {
            current_order_no: None,
            filings: vec![orig.clone(), known("BA2", FilingStatus::Draft, &["b.com"])],
        };
        for t in FilingType::ALL {
            let b: Vec<Diagnostic> =
                filing_type::check_follow_up(t, &orig, &r).iter().map(|b| b.to_diagnostic()).collect();
            assert_english(&b, &[]);
        }
    }
    let mut orig = FilingDocument::draft("张三", "a.com");
    orig.subject.cert_number = CERT.into();
    orig.websites[0].domains.push("例子.中国".into());
    orig.websites.push(Website { domains: vec!["single.com".into()], ..Website::default() });
    orig.websites.push(Website { domains: vec!["third.com".into(), "third.cn".into()], ..Website::default() });
    let mut changed = orig.clone();
    changed.subject.cert_type = CertType::Passport;
    changed.subject.cert_number = "E12345678".into();
    changed.websites[0].domains = vec!["a.com".into(), "新的.中国".into()];
    changed.websites[1].domains = vec!["single2.com".into()];
    changed.websites[2].domains.clear();
    changed.websites.push(Website { domains: vec!["a.com".into()], ..Website::default() });
    changed.websites.push(Website { domains: vec!["brand-new.com".into()], ..Website::default() });
    let diags = filing_type::check_change(&orig, &changed);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    for code in ["change_subject_identity", "change_domain_added", "change_single_domain", "change_domains_removed"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_english(&diags, &[]);
    let mut removed = orig.clone();
    removed.websites.truncate(1);
    let diags = filing_type::check_change(&orig, &removed);
    assert!(diags.iter().any(|d| d.code == "change_website_missing"));
    assert_english(&diags, &[]);
}

// ---- the rest: parse errors, certificates, regions, products ----------------------------------------

#[test]
fn parse_errors_and_unknown_fields_speak_english() {
    let sample = FIXTURES[2].1;
    let broken = [
        String::new(),
        "{".to_owned(),
        "[1]".to_owned(),
        "{\"a\": 1} x".to_owned(),
        "{1: 2}".to_owned(),
        "nonsense".to_owned(),
        "\"\u{1}\"".to_owned(),
        "{\"format\": \"beian-filing/2\"}".to_owned(),
        "{\"format\": 7}".to_owned(),
        "{\"subject\": {}}".to_owned(),
        sample.replace(r#""nature": "personal""#, r#""nature": "外星人""#),
        sample.replace(r#""domains": ["example.com"]"#, r#""domains": ["example.com", 7]"#),
        sample.replace(r#""languages": ["zh-Hans"]"#, r#""languages": "中文""#),
        sample.replace(r#""domains": ["example.com"]"#, r#""domains": {"网站": 1}"#),
        sample.replacen("\"张三\"", "\"\\ud800\"", 1),
        format!("{{\"format\":\"beian-filing/1\",\"x\":\"{}\"}}", "a".repeat(beian_core::document::MAX_DOCUMENT_BYTES)),
    ];
    for text in &broken {
        let e = parse_document(text).map(|_| ()).expect_err(text.get(..60).unwrap_or(text));
        assert_english(&[e.to_diagnostic()], &[]);
    }
    let unknown = sample.replacen(r#""subject": {"#, r#""subject": { "鞋码": 42, "shoe_size": 1,"#, 1);
    let parsed = parse_document(&unknown).unwrap();
    assert_eq!(parsed.warnings.len(), 2);
    assert_english(&parsed.warnings, &["鞋码".to_owned()]);
}

#[test]
fn certificate_and_region_issues_speak_english() {
    let numbers = ["x", "1", "12345678", "H12345678901", "字第1号", "91110000600037341I", "123456789012345678"];
    for t in CertType::ALL {
        for n in numbers.iter().copied().chain([""]) {
            for issue in cert::check(t, n, DATES[3]).issues {
                if let Some(p) = english_problem(&issue.message, &issue.message_en, &[]) {
                    panic!("{t:?} {n:?} {}: {p}", issue.code);
                }
            }
        }
    }
    for (p, c, d) in [
        ("", "", None),
        ("浙江", "", None),
        ("火星", "", None),
        ("浙江省", "", None),
        ("浙江省", "南京市", None),
        ("浙江省", "杭州", None),
        ("浙江省", "火星市", None),
        ("北京市", "海淀区", None),
        ("浙江省", "杭州市", Some("西湖")),
        ("浙江省", "杭州市", Some("玄武区")),
        ("浙江省", "杭州市", Some("火星区")),
    ] {
        for issue in regions::check_region(p, c, d) {
            if let Some(problem) = english_problem(&issue.message, &issue.message_en, &[]) {
                panic!("{p} {c} {d:?}: {problem}");
            }
        }
    }
}

#[test]
fn quota_and_used_service_numbers_speak_english() {
    let mut doc = FilingDocument::draft("张三", "a.com");
    doc.websites = (0..6)
        .map(|i| {
            let mut w = Website { domains: vec![format!("s{i}.com")], ..Website::default() };
            w.product.kind = ProductType::Ecs;
            w.product.instance_id = Some("i-1".into());
            w.product.service_number = Some("32a43232-a888-88e8-b9ec-00888be8abcd".into());
            w
        })
        .collect();
    let others = vec![ProductUse {
        provider: "aliyun".into(),
        product: ProductType::Ecs,
        instance_id: Some("i-1".into()),
        service_number: Some("32a43232-a888-88e8-b9ec-00888be8abcd".into()),
        by: QuotaUse { order_no: "BA1".into(), website: 0 },
    }];
    let diags = check_products("BA2", &doc, &others);
    assert!(diags.iter().any(|d| d.code == "quota_exceeded") && diags.iter().any(|d| d.code == "service_number_used"));
    assert_english(&diags, &[]);
}
