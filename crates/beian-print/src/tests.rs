#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::calendar::Calendar;
use beian_core::filing_type::Registry;
use beian_core::model::{CertType, FilingDocument, FilingType, Nature, Person, Website};
use beian_core::status::FilingStatus;
use jiff::civil::date;

use super::*;

const SUBJECT_CERT: &str = "91330106MA2H3K7L3H";
const PRINCIPAL_CERT: &str = "330106198503124571";
const PHONE: &str = "13812345678";
const SITE_CERT: &str = "110101199003074514";
const SITE_PHONE: &str = "13900001111";

fn doc() -> FilingDocument {
    let mut d = FilingDocument::draft("杭州云帆信息技术有限公司", "yunfan-it.cn");
    d.filing_type = Some(FilingType::FirstFiling);
    d.subject.region.province = "浙江省".into();
    d.subject.region.city = "杭州市".into();
    d.subject.nature = Nature::Enterprise;
    d.subject.cert_type = CertType::BusinessLicense;
    d.subject.cert_number = SUBJECT_CERT.into();
    d.subject.mailing_address = "浙江省杭州市西湖区文三路100号3幢201室".into();
    d.subject.principal = Person {
        name: "王伟".into(),
        cert_type: CertType::ResidentId,
        cert_number: PRINCIPAL_CERT.into(),
        phone: PHONE.into(),
        phone2: Some("13912345678".into()),
        emergency_phone: "13712345678".into(),
        email: "wangwei@yunfan-it.cn".into(),
        hk_macau_id: None,
    };
    d.websites[0].name = "云帆信息技术官网".into();
    d.websites.push(Website {
        name: "云帆信息技术服务平台".into(),
        domains: vec!["yunfan-service.com".into()],
        principal: Some(Person {
            name: "李娜".into(),
            cert_type: CertType::ResidentId,
            cert_number: SITE_CERT.into(),
            phone: SITE_PHONE.into(),
            ..Person::default()
        }),
        ..Website::default()
    });
    d
}

fn filing(doc: FilingDocument, order_no: &str) -> PrintFiling {
    let plan = beian_core::plan::plan(&doc, &Registry::empty(), Calendar::builtin_ref(), date(2026, 11, 28));
    PrintFiling { order_no: order_no.into(), status: FilingStatus::Draft, document: doc, plan, sms_due: None }
}

fn opts(full: bool) -> PrintOptions {
    PrintOptions { full, printed_at: "2026-11-28T02:03:00Z".parse().unwrap(), handoff_url: None }
}

fn render_one(kind: ViewKind, full: bool) -> String {
    render(kind, &[filing(doc(), "BA20261128-0001")], &opts(full)).unwrap()
}

const FULL_NUMBERS: [&str; 8] =
    [SUBJECT_CERT, PRINCIPAL_CERT, PHONE, SITE_CERT, SITE_PHONE, "wangwei@yunfan-it.cn", "13912345678", "13712345678"];

#[test]
fn masked_views_hold_no_full_number() {
    for kind in ViewKind::ALL {
        let html = render_one(kind, false);
        for n in FULL_NUMBERS {
            assert!(!html.contains(n), "{kind:?} shows {n} unmasked");
        }
        assert!(html.contains("个人信息已脱敏"), "{kind:?}");
    }
    let summary = render_one(ViewKind::Summary, false);
    for masked in ["913301********7L3H", "330106********4571", "138****5678", "110101********4514", "w***@yunfan-it.cn"]
    {
        assert!(summary.contains(masked), "summary lacks {masked}");
    }
    let sms = render_one(ViewKind::Sms, false);
    assert!(sms.contains("138****5678") && sms.contains("139****1111"), "{sms}");
    // The six characters to type are the point of the sheet.
    assert!(sms.contains("124571") && sms.contains("074514"));
}

#[test]
fn full_views_hold_the_numbers_and_say_so() {
    let summary = render_one(ViewKind::Summary, true);
    for n in FULL_NUMBERS {
        assert!(summary.contains(n), "summary lacks {n}");
    }
    assert!(summary.contains("含完整个人信息"));
    assert!(!summary.contains("个人信息已脱敏"));
    let sms = render_one(ViewKind::Sms, true);
    assert!(sms.contains(PHONE) && sms.contains(SITE_PHONE));
}

#[test]
fn checklist_has_the_recipient_block_items_and_order_qr() {
    let html = render_one(ViewKind::Checklist, false);
    for text in [
        "贵州省贵阳市观山湖区林城西路8号摩根中心A栋20层",
        "阿里云信息认证部",
        "18586949808",
        "法定工作日 9:00-18:00",
        "550081",
        "不支持到付",
        "再次邮寄",
        "主体证件",
        "网站负责人证件",
        "网站备案信息真实性核验单",
        "BA20261128-0001",
    ] {
        assert!(html.contains(text), "checklist lacks {text}");
    }
    // One tick box per material plus two blank rows.
    let materials = filing(doc(), "x").plan.materials.len();
    assert!(materials >= 3);
    assert_eq!(html.matches("class=\"box\"").count(), materials + 2);
    assert_eq!(html.matches("<svg").count(), 1, "the order number's QR code");
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("Noto Sans CJK SC"));
    // Self-contained: nothing to load, nothing to run.
    for external in ["<script", "<link", "src=\"http", "url(http"] {
        assert!(!html.contains(external), "{external}");
    }
}

#[test]
fn hostile_strings_are_escaped() {
    let mut d = doc();
    d.subject.name = "<script>alert(1)</script>公司".into();
    d.subject.mailing_address = "\"><img src=x onerror=alert(2)>".into();
    d.websites[0].name = "</style><b>站</b>".into();
    d.subject.principal.name = "王&伟".into();
    let f = filing(d, "BA20261128-0002<i>");
    for kind in ViewKind::ALL {
        let html = render(kind, std::slice::from_ref(&f), &opts(false)).unwrap();
        assert!(!html.contains("<script>"), "{kind:?}");
        assert!(!html.contains("<img"), "{kind:?}");
        assert!(!html.contains("<b>站"), "{kind:?}");
        assert!(!html.contains("0002<i>"), "{kind:?}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;公司"), "{kind:?}");
        assert_eq!(html.matches("</style>").count(), 1, "{kind:?}");
    }
    let checklist = render(ViewKind::Checklist, std::slice::from_ref(&f), &opts(false)).unwrap();
    assert!(checklist.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    let summary = render(ViewKind::Summary, std::slice::from_ref(&f), &opts(false)).unwrap();
    assert!(summary.contains("王&amp;伟"));
}

#[test]
fn a_batch_is_one_sheet_per_filing() {
    let filings: Vec<PrintFiling> = (1..=3).map(|i| filing(doc(), &format!("BA20261128-000{i}"))).collect();
    let html = render(ViewKind::Checklist, &filings, &opts(false)).unwrap();
    assert_eq!(html.matches("<section class=\"sheet\"").count(), 3);
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("<title>邮寄资料清单（3 份）</title>"));
    assert_eq!(render(ViewKind::Checklist, &[], &opts(false)), Err(PrintError::Empty));
}

#[test]
fn sms_sheet_lists_verifiers_senders_and_the_24_hours() {
    let html = render_one(ViewKind::Sms, false);
    for text in ["王伟", "李娜", "主体负责人", "网站负责人", "106598051001", "10655113", "106575000130", "24 小时"]
    {
        assert!(html.contains(text), "sms sheet lacks {text}");
    }
    let mut f = filing(doc(), "BA20261128-0001");
    f.sms_due = Some("2026-11-29T04:00:00Z".parse().unwrap());
    let html = render(ViewKind::Sms, &[f], &opts(false)).unwrap();
    assert!(html.contains("2026-11-29 12:00"), "the deadline in CST");

    let mut d = doc();
    d.filing_type = Some(FilingType::CancelAccess);
    let html = render(ViewKind::Sms, &[filing(d, "BA1")], &opts(false)).unwrap();
    assert!(html.contains("无需短信核验"));
}

#[test]
fn handoff_sheet_with_and_without_a_link() {
    let html = render_one(ViewKind::Handoff, false);
    assert!(html.contains("手机上传链接尚未生成"));
    assert!(!html.contains("<svg"));
    assert!(html.contains("不可翻拍"));

    let url = "https://handoff.example.cn/u/abc?t=1&x=<2>";
    let mut o = opts(false);
    o.handoff_url = Some(url.into());
    let html = render(ViewKind::Handoff, &[filing(doc(), "BA1")], &o).unwrap();
    assert_eq!(html.matches("<svg").count(), 1);
    assert!(html.contains("https://handoff.example.cn/u/abc?t=1&amp;x=&lt;2&gt;"));

    for bad in ["javascript:alert(1)", "ftp://x", "https://", "https://a b", "data:text/html,x"] {
        o.handoff_url = Some(bad.into());
        assert!(matches!(render(ViewKind::Handoff, &[filing(doc(), "BA1")], &o), Err(PrintError::BadUrl(_))), "{bad}");
    }
    o.handoff_url = Some(format!("https://x.cn/{}", "a".repeat(MAX_URL_BYTES)));
    assert!(matches!(render(ViewKind::Handoff, &[filing(doc(), "BA1")], &o), Err(PrintError::UrlTooLong(_))));
    o.handoff_url = Some(url.into());
    let two = [filing(doc(), "BA1"), filing(doc(), "BA2")];
    assert_eq!(render(ViewKind::Handoff, &two, &o), Err(PrintError::UrlForSeveral));
}

#[test]
fn view_codes_round_trip() {
    for k in ViewKind::ALL {
        assert_eq!(ViewKind::from_code(k.code()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
    }
    assert_eq!(ViewKind::from_code("receipt"), None);
}

#[test]
fn every_view_is_named_in_both_languages() {
    let named = beian_core::labels::group(beian_core::labels::Group::PrintKind);
    assert_eq!(named.len(), ViewKind::ALL.len(), "labels.toml names exactly the views");
    for k in ViewKind::ALL {
        let l = beian_core::labels::get(beian_core::labels::Group::PrintKind, k.code()).unwrap();
        assert_eq!((k.label_zh(), k.label_en()), (l.zh.as_str(), l.en.as_str()));
        assert_ne!(k.label_zh(), k.code());
    }
}

#[test]
fn the_summary_and_the_checklist_carry_an_apps_platforms_and_a_mini_programs_appid() {
    use beian_core::{AppDetails, AppPlatform, AppPlatformKind, HostedApp, ServiceType};
    let mut d = doc();
    let key = "c0ffee".repeat(86);
    d.websites.push(Website {
        name: "云帆记账".into(),
        service_type: ServiceType::App,
        domains: vec!["api.yunfan-it.cn".into()],
        app: Some(AppDetails {
            platforms: vec![
                AppPlatform {
                    platform: AppPlatformKind::Android,
                    package: "com.yunfan.ledger".into(),
                    fingerprint: "6f1a2b3c4d5e6f708192a3b4c5d6e7f8".into(),
                    public_key: key.clone(),
                    ..AppPlatform::default()
                },
                AppPlatform {
                    platform: AppPlatformKind::Ios,
                    package: "com.yunfan.ledger.ios".into(),
                    fingerprint: "0123456789abcdef0123456789abcdef01234567".into(),
                    ..AppPlatform::default()
                },
            ],
            ips: vec!["203.0.113.10".into()],
            ..AppDetails::default()
        }),
        ..Website::default()
    });
    d.websites.push(Website {
        name: "云帆记账助手".into(),
        service_type: ServiceType::MiniProgram,
        mini_program: Some(HostedApp { platform: "wechat".into(), app_id: "wx1234567890abcdef".into() }),
        ..Website::default()
    });
    let html = render(ViewKind::Summary, &[filing(d.clone(), "BA20261128-0002")], &opts(false)).unwrap();
    for want in [
        "APP 3：云帆记账",
        "安卓（Android）",
        "苹果（iOS）",
        "com.yunfan.ledger.ios",
        "6F:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8",
        "01:23:45:67",
        "203.0.113.10",
        "小程序 4：云帆记账助手",
        "wx1234567890abcdef",
        "（共 516 位）",
    ] {
        assert!(html.contains(want), "the summary lacks {want}");
    }
    assert!(!html.contains(&key), "a 516-digit key is shortened on paper");

    // The mailing checklist names every service by its kind, with what identifies it.
    let d = render(ViewKind::Checklist, &[filing(d, "BA20261128-0002")], &opts(false)).unwrap();
    let rows: Vec<&str> = d.split("data-block=\"service\"").skip(1).map(|r| r.split("</tr>").next().unwrap()).collect();
    assert_eq!(rows.len(), 4, "{d}");
    assert!(rows[2].contains("APP 3") && rows[2].contains("云帆记账"), "{}", rows[2]);
    assert!(
        rows[2].contains("安卓（Android）：com.yunfan.ledger")
            && rows[2].contains("苹果（iOS）：com.yunfan.ledger.ios"),
        "{}",
        rows[2]
    );
    assert!(rows[3].contains("小程序 4") && rows[3].contains("wx1234567890abcdef"), "{}", rows[3]);
    assert!(rows[0].contains("网站 1"), "{}", rows[0]);
}

#[test]
fn the_handoff_and_checklist_follow_the_filings_provider() {
    for p in beian_core::providers::profiles() {
        let mut d = doc();
        d.provider = p.meta.code.clone();
        let f = filing(d, "BA20261128-0003");
        let handoff = render(ViewKind::Handoff, std::slice::from_ref(&f), &opts(false)).unwrap();
        let block = handoff.split("data-block=\"authenticity\"").nth(1).expect("an authenticity block");
        match &p.authenticity.where_zh {
            Some(place) => assert!(block.contains(place.as_str()), "{}: {block}", p.meta.code),
            None => assert!(block.contains("向经办人确认"), "{}", p.meta.code),
        }
        if let Some(min) = p.authenticity.qr_minutes {
            assert!(block.contains(&format!("{min} 分钟")), "{}", p.meta.code);
        }
        assert_eq!(block.contains("未经接入商官方资料证实"), !p.authenticity.confirmed, "{}", p.meta.code);
        // Only the guide's provider's mailing address is printed; another's is written in.
        let checklist = render(ViewKind::Checklist, std::slice::from_ref(&f), &opts(false)).unwrap();
        assert_eq!(checklist.contains("阿里云信息认证部"), p.meta.code == "aliyun", "{}", p.meta.code);
        // The summary names the provider, its product and its code as the provider does.
        let summary = render(ViewKind::Summary, std::slice::from_ref(&f), &opts(false)).unwrap();
        let row = summary.split("data-block=\"provider\"").nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(row.contains(&p.meta.name_zh), "{}", p.meta.code);
        if let Some(product) = p.product(f.document.websites[0].product.kind) {
            assert!(summary.contains(&product.label_zh), "{}: {}", p.meta.code, product.label_zh);
        }
    }
}
