//! The rules of apps, mini-programs and quick apps (`rules/app.rs`, `app-filing.md`): one test per
//! rule, named after it, each showing a document that fails and one that passes.

use beian_core::rules::{normalize_fingerprint, parse_record_number};
use beian_core::{
    AppDetails, AppPlatform, AppPlatformKind, Diagnostic, FilingDocument, HostedApp, ServiceType, Severity, Website,
    validate,
};
use jiff::civil::date;

const MD5: &str = "6F:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8";
const SHA1: &str = "0123456789abcdef0123456789abcdef01234567";
const SHA256: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn platform(kind: AppPlatformKind, package: &str, fp: &str) -> AppPlatform {
    AppPlatform {
        platform: kind,
        package: package.into(),
        fingerprint: fp.into(),
        public_key: if kind == AppPlatformKind::Android { "00c0ffee".repeat(32) } else { String::new() },
        ..AppPlatform::default()
    }
}

fn app(name: &str, platforms: Vec<AppPlatform>) -> Website {
    Website {
        name: name.into(),
        service_type: ServiceType::App,
        domains: vec!["yunfan.com.cn".into()],
        app: Some(AppDetails { platforms, ips: vec!["47.96.1.10".into()], ..AppDetails::default() }),
        ..Website::default()
    }
}

fn mini(name: &str, platform: &str, app_id: &str, remark: &str) -> Website {
    Website {
        name: name.into(),
        service_type: ServiceType::MiniProgram,
        mini_program: Some(HostedApp { platform: platform.into(), app_id: app_id.into() }),
        remark: remark.into(),
        ..Website::default()
    }
}

fn unit_with(services: Vec<Website>) -> FilingDocument {
    let mut d = FilingDocument::draft("杭州云帆网络科技有限公司", "yunfan.com.cn");
    d.as_of = Some(date(2026, 12, 1));
    d.websites = services;
    d
}

fn personal_with(services: Vec<Website>) -> FilingDocument {
    let mut d = unit_with(services);
    d.subject.nature = beian_core::Nature::Personal;
    d.subject.name = "张三".into();
    d
}

fn android_ios() -> Website {
    app(
        "云帆记账",
        vec![
            platform(AppPlatformKind::Android, "com.yunfan.ledger", MD5),
            platform(AppPlatformKind::Ios, "com.yunfan.ledger", SHA1),
        ],
    )
}

fn of_rule(doc: &FilingDocument, rule: &str) -> Vec<Diagnostic> {
    validate(doc, date(2026, 12, 1)).into_iter().filter(|d| d.rule == rule).collect()
}

#[track_caller]
fn fails(doc: &FilingDocument, rule: &str, field: &str, severity: Severity) -> Diagnostic {
    let all = validate(doc, date(2026, 12, 1));
    let found = all
        .iter()
        .find(|d| d.rule == rule && d.field == field)
        .unwrap_or_else(|| {
            let shown: Vec<String> =
                all.iter().map(|d| format!("  {} {} {} {}", d.field, d.rule, d.code, d.message)).collect();
            panic!("expected {rule} at {field}; got:\n{}", shown.join("\n"))
        })
        .clone();
    assert_eq!(found.severity, severity, "{found:?}");
    assert!(!found.message.is_empty() && !found.message_en.is_empty() && !found.source.is_empty(), "{found:?}");
    found
}

#[track_caller]
fn passes(doc: &FilingDocument, rule: &str) {
    let found = of_rule(doc, rule);
    assert!(found.is_empty(), "expected no {rule}; got {found:#?}");
}

#[test]
fn app_required_fails_and_passes() {
    let mut w = android_ios();
    w.app = None;
    fails(&unit_with(vec![w]), "APP-REQUIRED", "websites[0].app", Severity::Error);
    let w = app("云帆记账", vec![]);
    fails(&unit_with(vec![w]), "APP-REQUIRED", "websites[0].app.platforms", Severity::Error);
    let w = app("云帆记账", vec![platform(AppPlatformKind::Android, "", "")]);
    let d = unit_with(vec![w]);
    fails(&d, "APP-REQUIRED", "websites[0].app.platforms[0].package", Severity::Error);
    fails(&d, "APP-REQUIRED", "websites[0].app.platforms[0].fingerprint", Severity::Error);
    let m = mini("云帆记账助手", "wechat", "", "为个人用户提供记账、账单分类和月度收支统计的工具服务。");
    fails(&unit_with(vec![m]), "APP-REQUIRED", "websites[0].mini_program.app_id", Severity::Error);
    let m = mini(
        "云帆记账助手",
        "qq-space",
        "wx1234567890abcdef",
        "为个人用户提供记账、账单分类和月度收支统计的工具服务。",
    );
    fails(&unit_with(vec![m]), "APP-REQUIRED", "websites[0].mini_program.platform", Severity::Error);
    passes(&unit_with(vec![android_ios()]), "APP-REQUIRED");
    let m =
        mini("云帆记账助手", "wechat", "wx1234567890abcdef", "为个人用户提供记账、账单分类和月度收支统计的工具服务。");
    passes(&unit_with(vec![m]), "APP-REQUIRED");
}

#[test]
fn app_block_kind_fails_and_passes() {
    let mut w = Website { name: "云帆官网".into(), domains: vec!["yunfan.com.cn".into()], ..Website::default() };
    w.app = android_ios().app;
    fails(&unit_with(vec![w]), "APP-BLOCK-KIND", "websites[0].app", Severity::Error);
    passes(&unit_with(vec![android_ios()]), "APP-BLOCK-KIND");
}

#[test]
fn app_platform_once_fails_and_passes() {
    let w = app(
        "云帆记账",
        vec![
            platform(AppPlatformKind::Android, "com.yunfan.ledger", MD5),
            platform(AppPlatformKind::Android, "com.yunfan.ledger2", MD5),
        ],
    );
    fails(&unit_with(vec![w]), "APP-PLATFORM-ONCE", "websites[0].app.platforms[1].platform", Severity::Error);
    passes(&unit_with(vec![android_ios()]), "APP-PLATFORM-ONCE");
}

#[test]
fn app_package_syntax_fails_and_passes() {
    for bad in ["ledger", "com.1yunfan.app", "com..app", "com.yun-fan.app", "com.yunfan.记账"] {
        let w = app("云帆记账", vec![platform(AppPlatformKind::Android, bad, MD5)]);
        fails(&unit_with(vec![w]), "APP-PACKAGE-SYNTAX", "websites[0].app.platforms[0].package", Severity::Error);
    }
    for bad in ["ledger", "com.yunfan_ledger.app", "com.yunfan..app"] {
        let w = app("云帆记账", vec![platform(AppPlatformKind::Ios, bad, SHA1)]);
        fails(&unit_with(vec![w]), "APP-PACKAGE-SYNTAX", "websites[0].app.platforms[0].package", Severity::Error);
    }
    let w = app("云帆记账", vec![platform(AppPlatformKind::Harmony, "ledger", SHA1)]);
    fails(&unit_with(vec![w]), "APP-PACKAGE-SYNTAX", "websites[0].app.platforms[0].package", Severity::Warning);
    let ok = app(
        "云帆记账",
        vec![
            platform(AppPlatformKind::Android, "com.yunfan.ledger_pro", MD5),
            platform(AppPlatformKind::Ios, "com.yun-fan.Ledger", SHA1),
            platform(AppPlatformKind::Harmony, "com.yunfan.ledger", SHA1),
        ],
    );
    passes(&unit_with(vec![ok]), "APP-PACKAGE-SYNTAX");
}

#[test]
fn app_fingerprint_fails_and_passes() {
    let at = "websites[0].app.platforms[0].fingerprint";
    // an MD5 in the iOS slot is an error, and so is a SHA-1 in the Android one
    let w = app("云帆记账", vec![platform(AppPlatformKind::Ios, "com.yunfan.ledger", MD5)]);
    assert_eq!(fails(&unit_with(vec![w]), "APP-FINGERPRINT", at, Severity::Error).code, "ios_md5");
    let w = app("云帆记账", vec![platform(AppPlatformKind::Android, "com.yunfan.ledger", SHA1)]);
    assert_eq!(fails(&unit_with(vec![w]), "APP-FINGERPRINT", at, Severity::Error).code, "android_md5");
    let w = app("云帆记账", vec![platform(AppPlatformKind::Android, "com.yunfan.ledger", "6F:1A:ZZ")]);
    assert_eq!(fails(&unit_with(vec![w]), "APP-FINGERPRINT", at, Severity::Error).code, "not_hex");
    // HarmonyOS: SHA-1 or MD5; a SHA-256 is warned
    let w = app("云帆记账", vec![platform(AppPlatformKind::Harmony, "com.yunfan.ledger", SHA256)]);
    fails(&unit_with(vec![w]), "APP-FINGERPRINT", at, Severity::Warning);
    // colons, spaces and case do not count
    let w = app(
        "云帆记账",
        vec![
            platform(AppPlatformKind::Android, "com.yunfan.ledger", &MD5.to_lowercase().replace(':', " ")),
            platform(AppPlatformKind::Ios, "com.yunfan.ledger", &SHA1.to_uppercase()),
            platform(AppPlatformKind::Harmony, "com.yunfan.ledger", MD5),
        ],
    );
    passes(&unit_with(vec![w]), "APP-FINGERPRINT");
    assert_eq!(normalize_fingerprint(MD5), "6f1a2b3c4d5e6f708192a3b4c5d6e7f8");
}

#[test]
fn app_cert_debug_fails_and_passes() {
    let mut w = android_ios();
    w.app.as_mut().unwrap().platforms[0].certificate_subject = Some("C=US, O=Android, CN=Android Debug".into());
    fails(&unit_with(vec![w.clone()]), "APP-CERT-DEBUG", "websites[0].app.platforms[0].fingerprint", Severity::Warning);
    w.app.as_mut().unwrap().platforms[0].certificate_subject = Some("CN=Yunfan, O=杭州云帆网络科技有限公司".into());
    passes(&unit_with(vec![w]), "APP-CERT-DEBUG");
}

#[test]
fn app_public_key_fails_and_passes() {
    let at = "websites[0].app.platforms[0].public_key";
    let mut w = android_ios();
    w.app.as_mut().unwrap().platforms[0].public_key =
        "-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----".into();
    assert_eq!(fails(&unit_with(vec![w.clone()]), "APP-PUBLIC-KEY", at, Severity::Error).code, "private_key");
    w.app.as_mut().unwrap().platforms[0].public_key = String::new();
    assert_eq!(fails(&unit_with(vec![w.clone()]), "APP-PUBLIC-KEY", at, Severity::Error).code, "required");
    w.app.as_mut().unwrap().platforms[0].public_key = "这不是公钥".into();
    fails(&unit_with(vec![w.clone()]), "APP-PUBLIC-KEY", at, Severity::Warning);
    w.app.as_mut().unwrap().platforms[0].public_key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".into();
    passes(&unit_with(vec![w]), "APP-PUBLIC-KEY");
    passes(&unit_with(vec![android_ios()]), "APP-PUBLIC-KEY");
}

#[test]
fn app_domains_fails_and_passes() {
    let mut w = android_ios();
    w.domains.clear();
    fails(&unit_with(vec![w.clone()]), "APP-DOMAINS", "websites[0].domains", Severity::Error);
    // the platform's own domains meet the website domain rules
    w.app.as_mut().unwrap().platforms[0].domains = vec!["http://api.yunfan.com.cn/v1".into()];
    passes(&unit_with(vec![w.clone()]), "APP-DOMAINS");
    let all = validate(&unit_with(vec![w]), date(2026, 12, 1));
    assert!(all.iter().any(|d| d.field == "websites[0].app.platforms[0].domains[0]" && d.rule == "SITE-DOMAIN-FORMAT"));
    passes(&unit_with(vec![android_ios()]), "APP-DOMAINS");
}

#[test]
fn app_ip_fails_and_passes() {
    let mut w = android_ios();
    w.app.as_mut().unwrap().ips = vec!["47.96.1".into(), "192.168.1.10".into(), "2408:4005::1".into()];
    let d = unit_with(vec![w]);
    assert_eq!(fails(&d, "APP-IP", "websites[0].app.ips[0]", Severity::Error).code, "format");
    assert_eq!(fails(&d, "APP-IP", "websites[0].app.ips[1]", Severity::Error).code, "not_public");
    assert!(of_rule(&d, "APP-IP").iter().all(|x| x.field != "websites[0].app.ips[2]"));
    passes(&unit_with(vec![android_ios()]), "APP-IP");
}

#[test]
fn app_remark_length_fails_and_passes() {
    let m = mini("云帆记账助手", "wechat", "wx1234567890abcdef", "记账工具");
    fails(&unit_with(vec![m]), "APP-REMARK-LENGTH", "websites[0].remark", Severity::Error);
    let m = mini("云帆记账助手", "wechat", "wx1234567890abcdef", &"记".repeat(201));
    fails(&unit_with(vec![m]), "APP-REMARK-LENGTH", "websites[0].remark", Severity::Error);
    let m = mini("云帆记账助手", "wechat", "wx1234567890abcdef", &"记".repeat(20));
    passes(&unit_with(vec![m]), "APP-REMARK-LENGTH");
    // apps have no such rule
    passes(&unit_with(vec![android_ios()]), "APP-REMARK-LENGTH");
}

#[test]
fn app_name_marketing_fails_and_passes() {
    let w = app("免费记账第一名", android_ios().app.unwrap().platforms);
    fails(&unit_with(vec![w]), "APP-NAME-MARKETING", "websites[0].name", Severity::Error);
    passes(&unit_with(vec![android_ios()]), "APP-NAME-MARKETING");
}

#[test]
fn app_name_generic_fails_and_passes() {
    let w = app("相机", android_ios().app.unwrap().platforms);
    fails(&unit_with(vec![w]), "APP-NAME-GENERIC", "websites[0].name", Severity::Error);
    passes(&unit_with(vec![android_ios()]), "APP-NAME-GENERIC");
    // emoji are special symbols for apps as for websites
    let w = app("云帆记账😀", android_ios().app.unwrap().platforms);
    assert!(of_rule(&unit_with(vec![w]), "SITE-NAME-SYMBOLS").iter().any(|d| d.field == "websites[0].name"));
    // a two-character app name is not held to the websites' three 汉字
    let w = app("云帆", android_ios().app.unwrap().platforms);
    passes(&unit_with(vec![w]), "SITE-NAME-MIN-HAN");
}

#[test]
fn app_name_one_fails_and_passes() {
    let a = app("云帆记账", vec![platform(AppPlatformKind::Android, "com.yunfan.ledger", MD5)]);
    let b = app("云帆记账", vec![platform(AppPlatformKind::Ios, "com.yunfan.ledger", SHA1)]);
    fails(&unit_with(vec![a.clone(), b]), "APP-NAME-ONE", "websites[1].name", Severity::Warning);
    passes(&unit_with(vec![android_ios()]), "APP-NAME-ONE");
}

#[test]
fn app_record_number_fails_and_passes() {
    assert_eq!(parse_record_number("粤ICP备2026116914号-1A"), Some(ServiceType::App));
    assert_eq!(parse_record_number("粤B2-20090059-1626X"), Some(ServiceType::MiniProgram));
    assert_eq!(parse_record_number("浙ICP备12345678号-4K"), Some(ServiceType::QuickApp));
    assert_eq!(parse_record_number("浙ICP备12345678号-1"), Some(ServiceType::Website));
    for bad in
        ["浙ICP备12345678号", "ICP备12345678号-1", "浙ICP备1234567号-1", "浙ICP备12345678号-1Z", "港ICP备12345678号-1"]
    {
        assert_eq!(parse_record_number(bad), None, "{bad}");
    }
    let at = "websites[0].filed.icp_number";
    let mut w = android_ios();
    w.filed.icp_number = Some("浙ICP备12345678号-2".into());
    assert_eq!(fails(&unit_with(vec![w.clone()]), "APP-RECORD-NUMBER", at, Severity::Error).code, "suffix_kind");
    w.filed.icp_number = Some("浙ICP备12345678".into());
    fails(&unit_with(vec![w.clone()]), "APP-RECORD-NUMBER", at, Severity::Warning);
    w.filed.icp_number = Some("浙ICP备12345678号-2A".into());
    passes(&unit_with(vec![w]), "APP-RECORD-NUMBER");
}

#[test]
fn app_order_personal_fails_and_passes() {
    let site =
        Website { name: "张三的摄影笔记".into(), domains: vec!["zhangsan.cn".into()], ..Website::default() };
    let d = personal_with(vec![site.clone(), android_ios()]);
    fails(&d, "APP-ORDER-PERSONAL", "websites", Severity::Error);
    passes(&personal_with(vec![android_ios()]), "APP-ORDER-PERSONAL");
    // a unit may file a website and an app in one order
    passes(&unit_with(vec![site, android_ios()]), "APP-ORDER-PERSONAL");
}

#[test]
fn app_personal_total_fails_and_passes() {
    let many: Vec<Website> = (0..6)
        .map(|i| Website {
            name: format!("张三的笔记{i}"), domains: vec![format!("zs{i}.cn")], ..Website::default()
        })
        .collect();
    // websites alone: the 2019 guide sets no total, so the later rule only warns
    fails(&personal_with(many.clone()), "APP-PERSONAL-TOTAL", "websites", Severity::Warning);
    passes(&personal_with(many[..5].to_vec()), "APP-PERSONAL-TOTAL");
    let mut with_app = many[..5].to_vec();
    with_app.push(android_ios());
    fails(&personal_with(with_app), "APP-PERSONAL-TOTAL", "websites", Severity::Error);
}

#[test]
fn apps_are_not_checked_before_september_2023() {
    let mut d = unit_with(vec![android_ios()]);
    d.as_of = Some(date(2023, 8, 1));
    let all = validate(&d, date(2023, 8, 1));
    assert!(all.iter().all(|x| !x.rule.starts_with("APP-")));
    assert!(all.iter().any(|x| x.rule == "SITE-SERVICE-TYPE-APP-DATE"));
}

#[test]
fn the_exchange_format_reads_an_app_and_writes_it_back() {
    let json = r#"{"format":"beian-filing/1","subject":{"name":"杭州云帆网络科技有限公司"},"websites":[{"name":"云帆记账","service_type":"app","domains":["api.yunfan.com.cn"],"homepage_url":null,
      "app":{"platforms":[{"platform":"android","package":"com.yunfan.ledger","fingerprint":"6F:1A","public_key":"ab"},{"platform":"ios","package":"com.yunfan.ledger","fingerprint":"0a"}],
      "sdks":[{"vendor":"某某推送","name":"push","purpose":"推送类"}],"ips":["203.0.113.10"]}}]}"#;
    let doc = beian_core::document::parse_document(json).expect("parses").document;
    let w = &doc.websites[0];
    assert_eq!(w.service_type, ServiceType::App);
    let a = w.app.as_ref().unwrap();
    assert_eq!((a.platforms.len(), a.platforms[1].platform, a.ips.len()), (2, AppPlatformKind::Ios, 1));
    let back = serde_json::to_value(&doc).unwrap();
    assert_eq!(back["websites"][0]["app"]["platforms"][0]["package"], "com.yunfan.ledger");
    // a website's JSON has no app blocks
    let site = serde_json::to_value(Website::default()).unwrap();
    assert!(site.get("app").is_none() && site.get("mini_program").is_none());
}

#[test]
fn an_app_filing_needs_its_icon_and_commitment_and_a_website_does_not() {
    use beian_core::plan::materials;
    let codes = |d: &FilingDocument| -> Vec<(String, bool)> {
        materials(d, beian_core::FilingType::FirstFiling, date(2026, 12, 1))
            .into_iter()
            .map(|m| (m.code, m.required))
            .collect()
    };
    let site = Website { name: "云帆官网".into(), domains: vec!["yunfan.com.cn".into()], ..Website::default() };
    let with_app = codes(&unit_with(vec![site.clone(), android_ios()]));
    assert!(with_app.contains(&("app_icon".into(), true)), "{with_app:?}");
    assert!(with_app.contains(&("app_commitment".into(), true)), "{with_app:?}");
    let only_site = codes(&unit_with(vec![site]));
    assert!(only_site.iter().all(|(c, _)| !c.starts_with("app_")), "{only_site:?}");
    // before the app filings began, no such material
    let old = materials(&unit_with(vec![android_ios()]), beian_core::FilingType::FirstFiling, date(2023, 8, 1));
    assert!(old.iter().all(|m| !m.code.starts_with("app_")));
}

#[test]
fn services_may_share_a_domain_but_two_websites_may_not() {
    let site = Website { name: "云帆官网".into(), domains: vec!["yunfan.com.cn".into()], ..Website::default() };
    let d = unit_with(vec![site.clone(), android_ios()]);
    assert!(of_rule(&d, "SITE-DOMAIN-DUPLICATE").is_empty(), "{:#?}", of_rule(&d, "SITE-DOMAIN-DUPLICATE"));
    let d = unit_with(vec![site.clone(), site]);
    assert_eq!(of_rule(&d, "SITE-DOMAIN-DUPLICATE").len(), 1);
    // two apps of the subject calling one API domain: allowed; one app listing it twice: not
    let d = unit_with(vec![android_ios(), app("云帆账本", android_ios().app.unwrap().platforms)]);
    assert!(of_rule(&d, "SITE-DOMAIN-DUPLICATE").is_empty());
    let mut twice = android_ios();
    twice.domains.push("YUNFAN.com.cn".into());
    assert_eq!(of_rule(&unit_with(vec![twice]), "SITE-DOMAIN-DUPLICATE").len(), 1);
}

#[test]
fn website_only_reminders_speak_of_the_service_they_concern() {
    // The guide's 网站名称与主办单位关联 reminder is for websites; no source sets it for apps.
    let doc = unit_with(vec![android_ios()]);
    assert!(of_rule(&doc, "SITE-NAME-RELATED").is_empty());
    // The 前置审批 reminder names the service's own kind.
    let pre = of_rule(&doc, "SITE-PREAPPROVAL-NEEDED");
    assert_eq!(pre.len(), 1);
    assert!(pre[0].message.starts_with("请核对：APP涉及"), "{}", pre[0].message);
    let mp = unit_with(vec![mini("云帆记账助手", "wechat", "wx1234567890abcdef", &"小程序用于记账".repeat(3))]);
    assert!(of_rule(&mp, "SITE-PREAPPROVAL-NEEDED")[0].message.starts_with("请核对：小程序涉及"));
    let filing_fingerprints = [
        (AppPlatformKind::Android, beian_core::rules::FingerprintKind::Md5),
        (AppPlatformKind::Ios, beian_core::rules::FingerprintKind::Sha1),
        (AppPlatformKind::Harmony, beian_core::rules::FingerprintKind::Sha1),
    ];
    for (p, k) in filing_fingerprints {
        assert_eq!(beian_core::rules::filing_fingerprint(p), k, "{p:?}");
    }
}

/// Filing types in a document: the code, or the consoles' words and the 2019 guide's kept as
/// aliases; written back as the code. Unknown words are refused, naming the known codes.
#[test]
fn filing_types_are_read_by_code_console_words_or_the_2019_words() {
    let sample = include_str!("data/sample-filing.json");
    let with = |words: &str| {
        let mut v: serde_json::Value = serde_json::from_str(sample).unwrap();
        v["filing_type"] = serde_json::Value::String(words.into());
        beian_core::parse_document(&v.to_string()).map(|d| d.document.filing_type)
    };
    use beian_core::FilingType::*;
    for (words, want) in [
        ("new_site_subject_here", NewSiteSubjectHere),
        ("新增互联网信息服务（原备案在本服务商）", NewSiteSubjectHere),
        ("新增网站(原备案不在阿里云)", NewSiteSubjectElsewhere),
        ("首次备案", FirstFiling),
        ("First filing", FirstFiling),
    ] {
        let got = with(words).unwrap_or_else(|e| panic!("{words}: {e:?}"));
        assert_eq!(got, Some(want), "{words}");
        let doc = FilingDocument { filing_type: got, ..FilingDocument::draft("某公司", "example.cn") };
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["filing_type"], want.code(), "written as the code");
    }
    assert!(with("新增网站").is_err(), "ambiguous without the bracket");
    assert!(with("备案一下").is_err());
}
