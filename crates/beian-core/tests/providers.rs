//! The filing's provider (`provider`, `provider_account`) and the rules its profile drives: a known
//! code, an account that is no password, the products the provider offers, its code's format, its
//! quotas counted per provider, its review times and validity, and what the plan says about it.
//! Each profile's own values are checked against the profile file itself, so these tests hold for
//! whatever the sources say.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::product::{ProductUse, QuotaUse, check_products};
use beian_core::providers::{self, QuotaUnit, ValidityStart};
use beian_core::{Diagnostic, FilingDocument, ProductType, validate};
use jiff::civil::date;

const SAMPLE: &str = include_str!("data/sample-filing.json");

fn sample() -> FilingDocument {
    beian_core::parse_document(SAMPLE).unwrap().document
}

fn at(doc: &FilingDocument, rule: &str) -> Vec<Diagnostic> {
    validate(doc, date(2026, 12, 3)).into_iter().filter(|d| d.rule == rule).collect()
}

#[test]
fn provider_known_fails_and_passes() {
    // A document without the field is Alibaba's (the 2019 guide's provider) and says so when written.
    let doc = sample();
    assert_eq!(doc.provider, "aliyun");
    assert_eq!(serde_json::to_value(&doc).unwrap().get("provider"), None, "written back as it came");
    let tc = FilingDocument { provider: "tencent".into(), ..sample() };
    assert_eq!(serde_json::to_value(&tc).unwrap()["provider"], "tencent");
    assert_eq!(at(&doc, "PROVIDER-KNOWN"), vec![]);
    for code in providers::codes() {
        let doc = FilingDocument { provider: code.into(), ..sample() };
        assert_eq!(at(&doc, "PROVIDER-KNOWN"), vec![], "{code}");
    }
    let unknown = FilingDocument { provider: "aws".into(), ..sample() };
    let found = at(&unknown, "PROVIDER-KNOWN");
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].field.as_str(), found[0].code.as_str()), ("provider", "unknown_provider"));
    assert!(found[0].message.contains("aws") && found[0].message.contains("tencent"), "{}", found[0].message);
    // An account is a name or a login; a password typed there is refused at the field.
    for ok in ["ops@yunfan-it.cn", "云帆代理-财务", "1234567890123456"] {
        let doc = FilingDocument { provider_account: Some(ok.into()), ..sample() };
        assert_eq!(at(&doc, "PROVIDER-KNOWN"), vec![], "{ok}");
    }
    for secret in ["admin:Passw0rd!", "密码 123456", "password=hunter2", "AccessKeySecret xyz"] {
        let doc = FilingDocument { provider_account: Some(secret.into()), ..sample() };
        let found = at(&doc, "PROVIDER-KNOWN");
        assert_eq!(found.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["account_secret"], "{secret}");
        assert_eq!(found[0].field, "provider_account");
    }
    let long = FilingDocument { provider_account: Some("a".repeat(101)), ..sample() };
    assert_eq!(at(&long, "PROVIDER-KNOWN")[0].code, "account_form");
}

#[test]
fn provider_product_fails_and_passes() {
    // Each provider that lists its products: a product it lists passes, one it does not is an
    // error at the product's type naming the provider.
    for p in providers::profiles().iter().filter(|p| p.lists_products()) {
        let offered = p.product[0].kind;
        let mut doc = FilingDocument { provider: p.meta.code.clone(), ..sample() };
        doc.websites[0].product.kind = offered;
        assert_eq!(at(&doc, "PROVIDER-PRODUCT"), vec![], "{} offers {offered:?}", p.meta.code);
        if let Some(missing) = ProductType::ALL.into_iter().find(|k| p.product(*k).is_none()) {
            doc.websites[0].product.kind = missing;
            let found = at(&doc, "PROVIDER-PRODUCT");
            assert_eq!(found.len(), 1, "{} lacks {missing:?}", p.meta.code);
            assert_eq!(found[0].field, "websites[0].product.type");
            assert!(found[0].message.contains(&p.meta.name_zh), "{}", found[0].message);
        }
    }
    // `other` keeps everything open.
    let mut doc = FilingDocument { provider: "other".into(), ..sample() };
    doc.websites[0].product.kind = ProductType::Wangpu;
    assert_eq!(at(&doc, "PROVIDER-PRODUCT"), vec![]);
}

#[test]
fn the_code_is_named_and_checked_as_the_provider_does() {
    let mut doc = sample();
    doc.websites[0].product.instance_id = None;
    doc.websites[0].product.service_number = Some("not-a-code".into());
    let found: Vec<_> = at(&doc, "SITE-PRODUCT").into_iter().filter(|d| d.code == "service_number_format").collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("备案服务号") && found[0].message.contains("8-4-4-4-12"), "{}", found[0].message);
    // Every profile: a format is checked only where a source shows it, and the message uses the
    // provider's own name of its code.
    for p in providers::profiles() {
        doc.provider = p.meta.code.clone();
        doc.websites[0].product.kind = p.product[0].kind;
        let found: Vec<_> =
            at(&doc, "SITE-PRODUCT").into_iter().filter(|d| d.code == "service_number_format").collect();
        match p.code.pattern {
            Some(_) => {
                assert_eq!(found.len(), 1, "{}", p.meta.code);
                assert!(found[0].message.contains(&p.code.label_zh), "{}", found[0].message);
            }
            None => assert_eq!(found, vec![], "{}: no format known, none checked", p.meta.code),
        }
    }
}

#[test]
fn quotas_are_counted_per_provider() {
    let mut doc = sample();
    doc.websites[0].product.instance_id = Some("i-bp1shared0001".into());
    doc.websites[0].product.service_number = None;
    let quota = providers::profile("aliyun").unwrap().product(ProductType::Ecs).unwrap().quota.unwrap();
    let use_at = |provider: &str, n: u32| ProductUse {
        provider: provider.into(),
        product: ProductType::Ecs,
        instance_id: Some("i-bp1shared0001".into()),
        service_number: None,
        by: QuotaUse { order_no: format!("BA{provider}{n}"), website: 0 },
    };
    let full: Vec<ProductUse> = (0..quota).map(|n| use_at("aliyun", n)).collect();
    assert_eq!(check_products("BA-new", &doc, &full).len(), 1, "Alibaba's instance is used up");
    // The same ID at another provider is another instance.
    let elsewhere: Vec<ProductUse> = (0..quota).map(|n| use_at("tencent", n)).collect();
    assert_eq!(check_products("BA-new", &doc, &elsewhere), vec![]);
}

#[test]
fn expected_dates_follow_the_providers_review_times_and_validity() {
    let cal = beian_core::calendar::Calendar::builtin_ref();
    let day = date(2026, 12, 3);
    let guide = beian_core::schedule::review_times();
    for p in providers::profiles() {
        let s = beian_core::schedule::Schedule::expected_at(day, "浙江省", &p.meta.code, cal);
        let first = p.review.first_review_workdays.unwrap_or(guide.first_review.workdays);
        assert_eq!(s.first_review_by, cal.add_workdays_estimated(day, first).0, "{}", p.meta.code);
        let days = p.validity.days.unwrap_or(45);
        assert_eq!(s.order_expires, beian_core::calendar::deadline_days(day, days), "{}", p.meta.code);
        assert_eq!((s.order_expires - day).get_days() + 1, i32::try_from(days).unwrap());
    }
    // A provider that counts from each submission: a resubmitted order starts anew; one that
    // counts each step: the order's days start again when it enters a new step.
    let first = date(2026, 9, 20);
    let last = date(2026, 10, 1);
    let step = date(2026, 10, 20);
    for now in ["2026-11-10T00:00:00Z", "2026-11-20T00:00:00Z", "2026-12-10T00:00:00Z"] {
        let now: jiff::Timestamp = now.parse().unwrap();
        let today = beian_core::calendar::cst_now_date(now);
        for p in providers::profiles() {
            let lapsed = beian_core::schedule::order_expired_at(&p.meta.code, first, last, step, now);
            let start = match p.validity.counted_from {
                ValidityStart::Submission => last,
                ValidityStart::PerStep => step,
                ValidityStart::FirstSubmission | ValidityStart::Unknown => first,
            };
            let end = beian_core::calendar::deadline_days(start, p.validity_days());
            assert_eq!(lapsed, end < today, "{} at {now}", p.meta.code);
        }
    }
    // Tencent's 45 days are per step (its own FAQ: 单个步骤停留时间不得超过45天).
    let tencent = providers::profile("tencent").unwrap();
    assert_eq!(tencent.validity.counted_from, ValidityStart::PerStep);
    let now: jiff::Timestamp = "2026-11-20T00:00:00Z".parse().unwrap();
    assert!(beian_core::schedule::order_expired_at("aliyun", first, last, step, now));
    assert!(!beian_core::schedule::order_expired_at("tencent", first, last, step, now));
}

#[test]
fn the_plan_names_the_provider_and_where_its_check_is_done() {
    let cal = beian_core::calendar::Calendar::builtin_ref();
    let registry = beian_core::filing_type::Registry::empty();
    for p in providers::profiles() {
        let doc = FilingDocument {
            provider: p.meta.code.clone(),
            provider_account: Some("ops@agency.cn".into()),
            ..sample()
        };
        let plan = beian_core::plan::plan(&doc, &registry, cal, date(2026, 12, 3));
        assert_eq!(plan.provider.code, p.meta.code);
        assert_eq!(plan.provider.name, p.meta.name_zh);
        assert_eq!(plan.provider.code_label, p.code.label_zh);
        assert_eq!(plan.provider.check_where, p.authenticity.where_zh);
        assert_eq!(plan.provider.check_qr_minutes, p.authenticity.qr_minutes);
        assert_eq!(plan.provider.account.as_deref(), Some("ops@agency.cn"));
    }
    let aliyun = beian_core::plan::plan(&sample(), &registry, cal, date(2026, 12, 3));
    assert_eq!(aliyun.provider.check_where.as_deref(), Some("阿里云APP"));
    // An own-flow product is a product of its provider only.
    assert!(
        providers::profiles()
            .iter()
            .all(|p| p.product.iter().all(|r| r.quota_unit != QuotaUnit::OwnFlow || p.meta.code == "aliyun"))
    );
}
