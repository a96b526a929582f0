//! Every rule of the rulebook: at least one filing that passes it and one that fails it (reminders:
//! that they are shown at their field). Test names follow the rule ids (`SUBJ-CERT-CHECK` →
//! `subj_cert_check_*`); `docs/rules.md` points at them, and `rulebook_is_documented` checks that
//! it does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::cert::{gb11643_check_char, org_code_check_char, uscc_check_char};
use beian_core::rules::{self, autofill, normalize_document, rulebook};
use beian_core::{
    CertType, Diagnostic, FilingDocument, FilingType, Nature, Person, Preapproval, Product, ProductType, Region,
    ServiceType, Severity, Subject, Website,
};
use jiff::civil::{Date, date};

mod common;

const AS_OF: Date = date(2026, 11, 20);

// ---- fixtures: valid certificate numbers, computed -------------------------------------------------

fn rid(body17: &str) -> String {
    format!("{body17}{}", gb11643_check_char(body17).unwrap())
}

/// A unified social credit code: two-character head, six-digit region, eight-character org body.
fn uscc(head: &str, region: &str, org8: &str) -> String {
    let org = format!("{org8}{}", org_code_check_char(org8).unwrap());
    let body = format!("{head}{region}{org}");
    format!("{body}{}", uscc_check_char(&body).unwrap())
}

fn org_code(body8: &str) -> String {
    format!("{body8}-{}", org_code_check_char(body8).unwrap())
}

fn subject_id() -> String {
    rid("33010619900101123")
}

fn person(name: &str, cert: &str, phone: &str, emergency: &str, email: &str) -> Person {
    Person {
        name: name.into(),
        cert_type: CertType::ResidentId,
        cert_number: cert.into(),
        phone: phone.into(),
        phone2: None,
        emergency_phone: emergency.into(),
        email: email.into(),
        hk_macau_id: None,
    }
}

fn site(name: &str, domain: &str) -> Website {
    Website {
        name: name.into(),
        domains: vec![domain.into()],
        homepage_url: format!("http://www.{domain}"),
        product: Product { kind: ProductType::Ecs, instance_id: Some("i-bp1abcdefghijk".into()), service_number: None },
        ..Website::default()
    }
}

/// A personal filing in 浙江 with no errors and no warnings.
fn personal() -> FilingDocument {
    let id = subject_id();
    FilingDocument {
        format: beian_core::FORMAT.into(),
        filing_type: Some(FilingType::FirstFiling),
        as_of: Some(AS_OF),
        provider: "aliyun".into(),
        provider_account: None,
        subject: Subject {
            region: Region {
                province: "浙江省".into(), city: "杭州市".into(), district: Some("西湖区".into())
            },
            nature: Nature::Personal,
            name: "李明".into(),
            cert_type: CertType::ResidentId,
            cert_number: id.clone(),
            cert_address: "浙江省杭州市西湖区文三路100号".into(),
            mailing_address: "浙江省杭州市西湖区文三路100号3幢201室".into(),
            investor: "李明".into(),
            principal: person("李明", &id, "13800000000", "13900000000", "liming@example.com"),
            ..Subject::default()
        },
        websites: vec![site("山水摄影随笔", "example.com")],
    }
}

/// An enterprise filing in 浙江 with no errors and no warnings.
fn unit() -> FilingDocument {
    let mut doc = personal();
    let s = &mut doc.subject;
    s.nature = Nature::Enterprise;
    s.name = "杭州某某科技有限公司".into();
    s.cert_type = CertType::BusinessLicense;
    s.cert_number = uscc("91", "330106", "MA2AXXXX");
    s.investor = "王五".into();
    s.principal = person("王五", &rid("33010619800202123"), "13800000001", "13900000001", "wangwu@example.com");
    s.principal.phone2 = Some("13700000001".into());
    doc.websites = vec![site("某某科技官方网站", "example.com")];
    doc.websites[0].content = "unit_portal".into();
    doc
}

/// The same filing with the subject in another province (region and both addresses).
fn in_province(mut doc: FilingDocument, province: &str, city: &str, district: &str) -> FilingDocument {
    doc.subject.region = Region { province: province.into(), city: city.into(), district: Some(district.into()) };
    doc.subject.cert_address = format!("{province}{city}{district}某某路1号");
    doc.subject.mailing_address = format!("{province}{city}{district}某某路1号2室");
    doc
}

// ---- helpers ---------------------------------------------------------------------------------------

/// [`beian_core::validate`], checking on the way that every diagnostic of every document these tests
/// build has its English message (see `common::english_problem`).
#[track_caller]
fn validate(doc: &FilingDocument, today: Date) -> Vec<Diagnostic> {
    let out = beian_core::validate(doc, today);
    common::assert_english(&out, &[]);
    out
}

fn diags(doc: &FilingDocument) -> Vec<Diagnostic> {
    validate(doc, AS_OF)
}

fn of_rule(doc: &FilingDocument, rule: &str) -> Vec<Diagnostic> {
    diags(doc).into_iter().filter(|d| d.rule == rule).collect()
}

/// The filing fails `rule` at `field` with `severity`; returns that diagnostic.
#[track_caller]
fn fails(doc: &FilingDocument, rule: &str, field: &str, severity: Severity) -> Diagnostic {
    let all = diags(doc);
    let found = all
        .iter()
        .find(|d| d.rule == rule && d.field == field)
        .unwrap_or_else(|| panic!("expected {rule} at {field}; got:\n{}", show(&all)))
        .clone();
    assert_eq!(found.severity, severity, "{found:?}");
    assert!(!found.message.is_empty() && !found.source.is_empty(), "{found:?}");
    found
}

#[track_caller]
fn passes(doc: &FilingDocument, rule: &str) {
    let found = of_rule(doc, rule);
    assert!(found.is_empty(), "expected no {rule}; got:\n{}", show(&found));
}

#[track_caller]
fn reminds(doc: &FilingDocument, rule: &str, field: &str) {
    fails(doc, rule, field, Severity::Reminder);
}

fn show(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| format!("  {:?} {} {} {} {}", d.severity, d.field, d.rule, d.code, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn errors(doc: &FilingDocument) -> Vec<Diagnostic> {
    diags(doc).into_iter().filter(Diagnostic::is_error).collect()
}

// ---- the fixtures themselves -------------------------------------------------------------------------

#[test]
fn fixtures_have_no_errors_or_warnings() {
    for doc in [personal(), unit()] {
        let bad: Vec<_> = diags(&doc).into_iter().filter(|d| d.severity != Severity::Reminder).collect();
        assert!(bad.is_empty(), "{}", show(&bad));
    }
}

#[test]
fn every_finding_is_reported_at_once_in_a_stable_order() {
    let mut doc = personal();
    doc.subject.cert_number = "330106199001011230".into(); // wrong check digit
    doc.subject.principal.phone = "12345".into();
    doc.subject.principal.email = "nobody".into();
    doc.websites[0].name = "12".into();
    doc.websites[0].domains = vec!["http://example.com".into()];
    let all = diags(&doc);
    let errs: Vec<(&str, &str)> =
        all.iter().filter(|d| d.is_error()).map(|d| (d.field.as_str(), d.rule.as_str())).collect();
    for want in [
        ("subject.cert_number", "SUBJ-CERT-CHECK"),
        ("subject.principal.phone", "PRINCIPAL-PHONE-MOBILE"),
        ("subject.principal.email", "PRINCIPAL-EMAIL"),
        ("websites[0].name", "SITE-NAME-MIN-HAN"),
        ("websites[0].name", "SITE-NAME-PURE-DIGITS-ENGLISH"),
        ("websites[0].domains[0]", "SITE-DOMAIN-FORMAT"),
    ] {
        assert!(errs.contains(&want), "{want:?} missing from {errs:?}");
    }
    let mut sorted = all.clone();
    rules::sort_diagnostics(&mut sorted);
    assert_eq!(all, sorted);
    assert_eq!(all, diags(&doc), "deterministic");
    for d in &all {
        let info = rules::rule_info(&d.rule).unwrap_or_else(|| panic!("{} not in the rulebook", d.rule));
        assert!(!d.source.is_empty());
        if d.severity == Severity::Reminder {
            assert_eq!(info.severity, Severity::Reminder);
        }
    }
}

#[test]
fn as_of_is_the_evaluation_date_and_today_the_fallback() {
    let mut doc = personal();
    doc.websites[0].service_type = ServiceType::App;
    doc.as_of = None;
    assert!(validate(&doc, date(2023, 8, 31)).iter().any(|d| d.rule == "SITE-SERVICE-TYPE-APP-DATE" && d.is_error()));
    assert!(validate(&doc, date(2023, 9, 1)).iter().all(|d| d.rule != "SITE-SERVICE-TYPE-APP-DATE"));
    doc.as_of = Some(date(2023, 9, 1));
    assert!(validate(&doc, date(2020, 1, 1)).iter().all(|d| d.rule != "SITE-SERVICE-TYPE-APP-DATE"));
}

#[test]
fn validation_sees_the_normalised_document() {
    let mut doc = personal();
    doc.subject.cert_number = format!(" {} ", subject_id().replace('X', "x")).replace('3', "３");
    doc.subject.principal.cert_number = doc.subject.cert_number.clone();
    doc.subject.principal.phone = "+86 138-0000-0000".into();
    doc.subject.principal.email = " liming＠example.com ".into();
    doc.websites[0].domains = vec![" EXAMPLE.com. ".into()];
    doc.websites[0].name = " 山水摄影随笔\u{200B}".into();
    assert!(errors(&doc).is_empty(), "{}", show(&errors(&doc)));
    let mut normalized = doc.clone();
    normalize_document(&mut normalized);
    assert_eq!(normalized.subject.cert_number, subject_id());
    assert_eq!(normalized.subject.principal.phone, "13800000000");
    assert_eq!(normalized.subject.principal.email, "liming@example.com");
    assert_eq!(normalized.websites[0].domains, ["example.com"]);
    assert_eq!(normalized.websites[0].name, "山水摄影随笔");
    assert_eq!(diags(&doc), diags(&normalized));
    let mut again = normalized.clone();
    normalize_document(&mut again);
    assert_eq!(again, normalized, "idempotent");
}

#[test]
fn idn_domains_are_stored_in_unicode_and_checked_in_punycode() {
    let mut doc = personal();
    doc.websites[0].domains = vec!["XN--FSQU00A.XN--FIQS8S".into()];
    doc.websites[0].homepage_url = "http://www.例子.中国".into();
    normalize_document(&mut doc);
    assert_eq!(doc.websites[0].domains, ["例子.中国"]);
    assert!(errors(&doc).is_empty(), "{}", show(&errors(&doc)));
}

// ---- §3 subject ------------------------------------------------------------------------------------

#[test]
fn subj_required_fails_and_passes() {
    let mut doc = personal();
    doc.subject.cert_address.clear();
    let d = fails(&doc, "SUBJ-REQUIRED", "subject.cert_address", Severity::Error);
    assert!(d.message.contains("证件住所"), "{}", d.message);
    let mut doc = unit();
    doc.subject.investor = "  ".into();
    fails(&doc, "SUBJ-REQUIRED", "subject.investor", Severity::Error);
    passes(&unit(), "SUBJ-REQUIRED");
    let mut doc = personal();
    doc.subject.investor.clear();
    passes(&doc, "SUBJ-REQUIRED"); // personal: SUBJ-INVESTOR-PERSONAL says it
}

#[test]
fn subj_region_fails_and_passes() {
    let mut doc = personal();
    doc.subject.region.city = "杭州".into();
    let d = fails(&doc, "SUBJ-REGION", "subject.region.city", Severity::Error);
    assert!(d.message.contains("杭州市"));
    doc.subject.region.city = "杭州市".into();
    doc.subject.region.district = Some("鄞州区".into());
    fails(&doc, "SUBJ-REGION", "subject.region.district", Severity::Error);
    passes(&personal(), "SUBJ-REGION");
    passes(&in_province(personal(), "北京市", "北京市", "海淀区"), "SUBJ-REGION");
}

#[test]
fn subj_name_realname_reminds() {
    reminds(&personal(), "SUBJ-NAME-REALNAME", "subject.name");
}

#[test]
fn subj_cert_type_nature_fails_and_passes() {
    let mut doc = unit();
    doc.subject.cert_type = CertType::ResidentId;
    doc.subject.cert_number = subject_id();
    let d = fails(&doc, "SUBJ-CERT-TYPE-NATURE", "subject.cert_type", Severity::Error);
    assert!(d.message.contains("营业执照"), "{}", d.message);
    passes(&unit(), "SUBJ-CERT-TYPE-NATURE");
    passes(&personal(), "SUBJ-CERT-TYPE-NATURE");
}

#[test]
fn subj_cert_check_fails_and_passes() {
    let mut doc = personal();
    doc.subject.cert_number = "330106199001011230".into();
    let d = fails(&doc, "SUBJ-CERT-CHECK", "subject.cert_number", Severity::Error);
    assert_eq!(d.code, "check_digit");
    // a retired county code is only a warning (an ID keeps the code of its year)
    let mut doc = personal();
    doc.subject.cert_number = rid("33019919900101123");
    let d = fails(&doc, "SUBJ-CERT-CHECK", "subject.cert_number", Severity::Warning);
    assert_eq!(d.code, "region_unknown");
    // a birth date after as_of
    let mut doc = personal();
    doc.subject.cert_number = rid("33010620270101123");
    assert_eq!(fails(&doc, "SUBJ-CERT-CHECK", "subject.cert_number", Severity::Error).code, "birth_date");
    let mut doc = unit();
    doc.subject.cert_number = uscc("91", "330106", "MA2AXXXX").replace("91", "92");
    fails(&doc, "SUBJ-CERT-CHECK", "subject.cert_number", Severity::Error);
    passes(&personal(), "SUBJ-CERT-CHECK");
    passes(&unit(), "SUBJ-CERT-CHECK");
}

#[test]
fn subj_cert_exact_reminds() {
    reminds(&personal(), "SUBJ-CERT-EXACT", "subject.cert_number");
}

#[test]
fn subj_cert_address_exact_reminds() {
    reminds(&personal(), "SUBJ-CERT-ADDRESS-EXACT", "subject.cert_address");
}

#[test]
fn subj_address_door_fails_and_passes() {
    let mut doc = personal();
    doc.subject.mailing_address = "浙江省杭州市西湖区某某村".into();
    fails(&doc, "SUBJ-ADDRESS-DOOR", "subject.mailing_address", Severity::Error);
    doc.subject.remark = "此地址已是最详细地址。".into();
    passes(&doc, "SUBJ-ADDRESS-DOOR");
    passes(&personal(), "SUBJ-ADDRESS-DOOR");
}

#[test]
fn subj_address_same_province_fails_and_passes() {
    let mut doc = personal();
    doc.subject.mailing_address = "江苏省南京市玄武区中山路1号".into();
    let d = fails(&doc, "SUBJ-ADDRESS-SAME-PROVINCE", "subject.mailing_address", Severity::Error);
    assert!(d.message.contains("江苏省") && d.message.contains("浙江省"));
    let mut doc = personal();
    doc.subject.mailing_address = "文三路100号".into();
    assert_eq!(
        fails(&doc, "SUBJ-ADDRESS-SAME-PROVINCE", "subject.mailing_address", Severity::Warning).code,
        "province_unknown"
    );
    let mut doc = personal();
    doc.subject.mailing_address = "杭州市西湖区文三路1号".into(); // the city tells the province
    passes(&doc, "SUBJ-ADDRESS-SAME-PROVINCE");
    passes(&personal(), "SUBJ-ADDRESS-SAME-PROVINCE");
}

#[test]
fn subj_address_same_city_fails_and_passes() {
    let mut doc = in_province(personal(), "河南省", "郑州市", "金水区");
    passes(&doc, "SUBJ-ADDRESS-SAME-CITY");
    doc.subject.mailing_address = "河南省洛阳市西工区某某路2号".into();
    let d = fails(&doc, "SUBJ-ADDRESS-SAME-CITY", "subject.mailing_address", Severity::Error);
    assert!(d.message.contains("郑州市") && d.message.contains("洛阳市"));
    doc.subject.mailing_address = "河南郑州金水区某某路2号".into();
    passes(&doc, "SUBJ-ADDRESS-SAME-CITY");
    // elsewhere only the province must match
    let mut doc = personal();
    doc.subject.mailing_address = "浙江省宁波市鄞州区某某路2号".into();
    passes(&doc, "SUBJ-ADDRESS-SAME-CITY");
    passes(&doc, "SUBJ-ADDRESS-SAME-PROVINCE");
}

#[test]
fn subj_investor_personal_fails_and_passes() {
    let mut doc = personal();
    doc.subject.investor = "王五".into();
    fails(&doc, "SUBJ-INVESTOR-PERSONAL", "subject.investor", Severity::Error);
    autofill(&mut doc);
    passes(&doc, "SUBJ-INVESTOR-PERSONAL");
    passes(&unit(), "SUBJ-INVESTOR-PERSONAL");
}

#[test]
fn subj_investor_unit_reminds() {
    reminds(&unit(), "SUBJ-INVESTOR-UNIT", "subject.investor");
    passes(&personal(), "SUBJ-INVESTOR-UNIT");
}

#[test]
fn subj_principal_personal_fails_and_passes() {
    let mut doc = personal();
    doc.subject.principal.name = "王五".into();
    doc.subject.principal.cert_number.clear();
    fails(&doc, "SUBJ-PRINCIPAL-PERSONAL", "subject.principal.name", Severity::Error);
    fails(&doc, "SUBJ-PRINCIPAL-PERSONAL", "subject.principal.cert_number", Severity::Error);
    passes(&doc, "PRINCIPAL-REQUIRED"); // said once, by the autofill rule
    autofill(&mut doc);
    passes(&doc, "SUBJ-PRINCIPAL-PERSONAL");
    assert!(errors(&doc).is_empty(), "{}", show(&errors(&doc)));
}

// ---- principals ------------------------------------------------------------------------------------

#[test]
fn principal_required_fails_and_passes() {
    let mut doc = unit();
    doc.subject.principal.phone2 = None;
    fails(&doc, "PRINCIPAL-REQUIRED", "subject.principal.phone2", Severity::Error);
    let mut doc = unit();
    let mut other = person("赵六", &rid("33010619850505123"), "13600000000", "13500000000", "");
    other.phone2 = Some("13400000000".into());
    doc.websites[0].principal = Some(other);
    fails(&doc, "PRINCIPAL-REQUIRED", "websites[0].principal.email", Severity::Error);
    // personal: contact 2 is not required
    passes(&personal(), "PRINCIPAL-REQUIRED");
    passes(&unit(), "PRINCIPAL-REQUIRED");
}

#[test]
fn principal_legal_rep_reminds() {
    reminds(&unit(), "PRINCIPAL-LEGAL-REP", "subject.principal.name");
    passes(&personal(), "PRINCIPAL-LEGAL-REP");
}

#[test]
fn principal_cert_type_fails_and_passes() {
    let mut doc = unit();
    doc.subject.principal.cert_type = CertType::BusinessLicense;
    doc.subject.principal.cert_number = doc.subject.cert_number.clone();
    fails(&doc, "PRINCIPAL-CERT-TYPE", "subject.principal.cert_type", Severity::Error);
    passes(&unit(), "PRINCIPAL-CERT-TYPE");
}

#[test]
fn principal_cert_check_fails_and_passes() {
    let mut doc = unit();
    let good = rid("33010619800202123");
    let flipped = if good.ends_with('0') { "1" } else { "0" };
    doc.subject.principal.cert_number = format!("{}{flipped}", &good[..17]);
    fails(&doc, "PRINCIPAL-CERT-CHECK", "subject.principal.cert_number", Severity::Error);
    let mut doc = unit();
    doc.subject.principal.cert_type = CertType::HkMacauPass;
    doc.subject.principal.cert_number = "h12345678".into();
    passes(&doc, "PRINCIPAL-CERT-CHECK");
    // personal: the subject's number is checked once, under SUBJ-CERT-CHECK
    let mut doc = personal();
    doc.subject.cert_number = "330106199001011230".into();
    doc.subject.principal.cert_number = doc.subject.cert_number.clone();
    passes(&doc, "PRINCIPAL-CERT-CHECK");
    passes(&unit(), "PRINCIPAL-CERT-CHECK");
}

#[test]
fn principal_phone_mobile_fails_and_passes() {
    let mut doc = personal();
    doc.subject.principal.phone = "12800000000".into();
    fails(&doc, "PRINCIPAL-PHONE-MOBILE", "subject.principal.phone", Severity::Error);
    doc.subject.principal.phone = "0571-88158388".into();
    let d = fails(&doc, "PRINCIPAL-PHONE-MOBILE", "subject.principal.phone", Severity::Error);
    assert!(d.message.contains("固定电话"), "{}", d.message);
    doc.subject.principal.phone = "+86 138-0000-0000".into();
    passes(&doc, "PRINCIPAL-PHONE-MOBILE");
}

#[test]
fn principal_phone2_mobile_fails_and_passes() {
    let mut doc = unit();
    doc.subject.principal.phone2 = Some("057188158388".into());
    fails(&doc, "PRINCIPAL-PHONE2-MOBILE", "subject.principal.phone2", Severity::Error);
    passes(&unit(), "PRINCIPAL-PHONE2-MOBILE");
    let mut doc = personal();
    doc.subject.principal.phone2 = Some("13700000000".into());
    passes(&doc, "PRINCIPAL-PHONE2-MOBILE");
}

#[test]
fn principal_emergency_mobile_fails_and_passes() {
    let mut doc = personal();
    doc.subject.principal.emergency_phone = "0571-88158388".into();
    fails(&doc, "PRINCIPAL-EMERGENCY-MOBILE", "subject.principal.emergency_phone", Severity::Error);
    passes(&personal(), "PRINCIPAL-EMERGENCY-MOBILE");
}

#[test]
fn principal_emergency_differs_fails_and_passes() {
    let mut doc = personal();
    doc.subject.principal.emergency_phone = "138 0000 0000".into();
    fails(&doc, "PRINCIPAL-EMERGENCY-DIFFERS", "subject.principal.emergency_phone", Severity::Error);
    passes(&personal(), "PRINCIPAL-EMERGENCY-DIFFERS");
}

#[test]
fn principal_email_fails_and_passes() {
    let mut doc = personal();
    for bad in ["liming#example.com", "li ming@example.com", "liming@example", "liming@example.con"] {
        doc.subject.principal.email = bad.into();
        fails(&doc, "PRINCIPAL-EMAIL", "subject.principal.email", Severity::Error);
    }
    doc.subject.principal.email = " liming＠example.com ".into();
    passes(&doc, "PRINCIPAL-EMAIL");
}

#[test]
fn principal_contact_real_reminds() {
    reminds(&personal(), "PRINCIPAL-CONTACT-REAL", "subject.principal.phone");
}

#[test]
fn principal_contacts_distinct_fails_and_passes() {
    let mut doc = unit();
    let mut other = person(
        "赵六",
        &rid("33010619850505123"),
        "13800000001", // the subject principal's
        "13500000000",
        "wangwu@example.com", // the subject principal's
    );
    other.phone2 = Some("13400000000".into());
    doc.websites[0].principal = Some(other.clone());
    fails(&doc, "PRINCIPAL-CONTACTS-DISTINCT", "websites[0].principal.phone", Severity::Error);
    fails(&doc, "PRINCIPAL-CONTACTS-DISTINCT", "websites[0].principal.email", Severity::Error);
    // the same person may repeat their contacts
    let mut same = doc.subject.principal.clone();
    same.email = "wangwu@example.com".into();
    doc.websites[0].principal = Some(same);
    passes(&doc, "PRINCIPAL-CONTACTS-DISTINCT");
    other.phone = "13600000000".into();
    other.email = "zhaoliu@example.com".into();
    doc.websites[0].principal = Some(other);
    passes(&doc, "PRINCIPAL-CONTACTS-DISTINCT");
    assert!(errors(&doc).is_empty(), "{}", show(&errors(&doc)));
}

// ---- §4 websites -----------------------------------------------------------------------------------

#[test]
fn site_required_fails_and_passes() {
    let mut doc = personal();
    doc.websites.clear();
    fails(&doc, "SITE-REQUIRED", "websites", Severity::Error);
    let mut doc = personal();
    doc.websites[0].name.clear();
    doc.websites[0].domains.clear();
    doc.websites[0].homepage_url.clear();
    doc.websites[0].languages.clear();
    for f in ["name", "domains", "homepage_url", "languages"] {
        fails(&doc, "SITE-REQUIRED", &format!("websites[0].{f}"), Severity::Error);
    }
    // an app needs no domain or homepage
    doc.websites[0].name = "山水摄影随笔".into();
    doc.websites[0].languages = vec!["zh-Hans".into()];
    doc.websites[0].service_type = ServiceType::App;
    passes(&doc, "SITE-REQUIRED");
    passes(&personal(), "SITE-REQUIRED");
}

fn named(name: &str) -> FilingDocument {
    let mut doc = personal();
    doc.websites[0].name = name.into();
    doc
}

fn unit_named(name: &str) -> FilingDocument {
    let mut doc = unit();
    doc.websites[0].name = name.into();
    doc
}

#[test]
fn site_name_min_han_fails_and_passes() {
    fails(&named("摄影ab"), "SITE-NAME-MIN-HAN", "websites[0].name", Severity::Error);
    passes(&named("摄影随笔"), "SITE-NAME-MIN-HAN");
    passes(&named("ABC摄影随"), "SITE-NAME-MIN-HAN");
}

#[test]
fn site_name_pure_digits_english_fails_and_passes() {
    assert_eq!(
        fails(&named("12345"), "SITE-NAME-PURE-DIGITS-ENGLISH", "websites[0].name", Severity::Error).code,
        "pure_digits"
    );
    assert_eq!(
        fails(&named("MyPhotos"), "SITE-NAME-PURE-DIGITS-ENGLISH", "websites[0].name", Severity::Error).code,
        "pure_english"
    );
    passes(&named("山水摄影ABC"), "SITE-NAME-PURE-DIGITS-ENGLISH");
}

#[test]
fn site_name_symbols_fails_and_passes() {
    for bad in ["山水摄影·随笔", "山水摄影😀", "山水 摄影", "山水摄影\u{202E}随笔", "山水摄影！"]
    {
        fails(&named(bad), "SITE-NAME-SYMBOLS", "websites[0].name", Severity::Error);
    }
    let d = fails(&named("山水摄影\u{202E}随笔"), "SITE-NAME-SYMBOLS", "websites[0].name", Severity::Error);
    assert!(d.message.contains("U+202E") && !d.message.contains('\u{202E}'), "{}", d.message);
    passes(&named("山水摄影ABC123"), "SITE-NAME-SYMBOLS");
}

#[test]
fn site_name_not_domain_fails_and_passes() {
    let mut doc = named("山水摄影随笔");
    doc.websites[0].domains = vec!["山水摄影随笔.com".into()];
    doc.websites[0].homepage_url = "http://山水摄影随笔.com".into();
    fails(&doc, "SITE-NAME-NOT-DOMAIN", "websites[0].name", Severity::Error);
    let mut doc = named("example.com");
    fails(&doc, "SITE-NAME-NOT-DOMAIN", "websites[0].name", Severity::Error);
    doc.websites[0].name = "山水摄影随笔".into();
    passes(&doc, "SITE-NAME-NOT-DOMAIN");
}

#[test]
fn site_name_sensitive_fails_and_passes() {
    fails(&unit_named("某某科技廉政建设"), "SITE-NAME-SENSITIVE", "websites[0].name", Severity::Error);
    fails(&named("山水色情摄影"), "SITE-NAME-SENSITIVE", "websites[0].name", Severity::Error);
    passes(&unit(), "SITE-NAME-SENSITIVE");
}

#[test]
fn site_name_national_prefix_fails_and_passes() {
    fails(&named("中国山水摄影"), "SITE-NAME-NATIONAL-PREFIX", "websites[0].name", Severity::Error);
    passes(&named("山水摄影看中国"), "SITE-NAME-NATIONAL-PREFIX");
    passes(&unit_named("中华某某科技"), "SITE-NAME-NATIONAL-PREFIX");
}

#[test]
fn site_name_national_prefix_unit_fails_and_passes() {
    // An enterprise whose registered name does not begin so is not national-level: an error.
    let d = fails(&unit_named("中华某某科技"), "SITE-NAME-NATIONAL-PREFIX-UNIT", "websites[0].name", Severity::Error);
    assert!(d.message.contains("杭州某某科技有限公司"), "{}", d.message);
    // One whose registered name does (中国某某集团有限公司) may use it.
    let mut national = unit_named("中国某某集团官网");
    national.subject.name = "中国某某集团有限公司".into();
    passes(&national, "SITE-NAME-NATIONAL-PREFIX-UNIT");
    // A government body: the filing cannot tell whether it is national-level — a warning.
    let mut gov = unit_named("国家某某信息网");
    gov.subject.nature = Nature::Government;
    fails(&gov, "SITE-NAME-NATIONAL-PREFIX-UNIT", "websites[0].name", Severity::Warning);
    passes(&unit(), "SITE-NAME-NATIONAL-PREFIX-UNIT");
    passes(&named("中国山水摄影"), "SITE-NAME-NATIONAL-PREFIX-UNIT");
}

#[test]
fn site_name_related_reminds() {
    reminds(&unit(), "SITE-NAME-RELATED", "websites[0].name");
    reminds(&personal(), "SITE-NAME-RELATED", "websites[0].name");
}

#[test]
fn site_name_personal_content_reminds() {
    reminds(&personal(), "SITE-NAME-PERSONAL-CONTENT", "websites[0].name");
    passes(&unit(), "SITE-NAME-PERSONAL-CONTENT");
}

#[test]
fn site_name_personal_name_fails_and_passes() {
    fails(&named("李明摄影随笔"), "SITE-NAME-PERSONAL-NAME", "websites[0].name", Severity::Warning);
    passes(&personal(), "SITE-NAME-PERSONAL-NAME");
    passes(&unit_named("王五科技官网"), "SITE-NAME-PERSONAL-NAME");
}

#[test]
fn site_name_place_fails_and_passes() {
    let d = fails(&named("杭州摄影随笔"), "SITE-NAME-PLACE", "websites[0].name", Severity::Warning);
    assert!(d.message.contains("杭州"));
    fails(&named("内蒙古草原摄影"), "SITE-NAME-PLACE", "websites[0].name", Severity::Warning);
    passes(&personal(), "SITE-NAME-PLACE");
    passes(&unit_named("杭州某某科技"), "SITE-NAME-PLACE");
}

#[test]
fn site_name_personal_forbidden_fails_and_passes() {
    let d = fails(&named("山水摄影网站"), "SITE-NAME-PERSONAL-FORBIDDEN", "websites[0].name", Severity::Error);
    assert!(d.message.contains("网站"));
    fails(&named("山水摄影主页"), "SITE-NAME-PERSONAL-FORBIDDEN", "websites[0].name", Severity::Error);
    passes(&personal(), "SITE-NAME-PERSONAL-FORBIDDEN");
    passes(&unit_named("某某科技官方网站"), "SITE-NAME-PERSONAL-FORBIDDEN");
}

fn with_preapproval(mut doc: FilingDocument) -> FilingDocument {
    doc.websites[0].preapprovals = vec![Preapproval {
        kind: "news".into(),
        number: "浙新闻备字2026第001号".into(),
        attachment: Some("preapproval.pdf".into()),
    }];
    doc
}

#[test]
fn site_name_personal_preapproval_fails_and_passes() {
    fails(&named("山水摄影博客"), "SITE-NAME-PERSONAL-PREAPPROVAL", "websites[0].name", Severity::Error);
    passes(&with_preapproval(named("山水摄影博客")), "SITE-NAME-PERSONAL-PREAPPROVAL");
    passes(&personal(), "SITE-NAME-PERSONAL-PREAPPROVAL");
    // 论坛 is in both general lists: reported once, and allowed with a 前置审批 (outside provinces
    // that list it themselves)
    let sh = in_province(named("山水摄影论坛"), "上海市", "上海市", "浦东新区");
    fails(&sh, "SITE-NAME-PERSONAL-PREAPPROVAL", "websites[0].name", Severity::Error);
    passes(&sh, "SITE-NAME-PERSONAL-FORBIDDEN");
    let sh = with_preapproval(sh);
    assert!(errors(&sh).is_empty(), "{}", show(&errors(&sh)));
}

#[test]
fn site_name_province_words_fails_and_passes() {
    // 工坊 is in 浙江's list, not in the general ones
    let d = fails(&named("山水摄影工坊"), "SITE-NAME-PROVINCE-WORDS", "websites[0].name", Severity::Error);
    assert!(d.message.contains("工坊") && d.message.contains("浙江省"));
    assert!(d.source.contains("附录二"));
    passes(&in_province(named("山水摄影工坊"), "上海市", "上海市", "浦东新区"), "SITE-NAME-PROVINCE-WORDS");
    // a province's list has no 前置审批 exception
    fails(&with_preapproval(named("山水摄影博客")), "SITE-NAME-PROVINCE-WORDS", "websites[0].name", Severity::Error);
    // 宁夏 forbids 网
    let nx = in_province(named("山水摄影网"), "宁夏回族自治区", "银川市", "兴庆区");
    fails(&nx, "SITE-NAME-PROVINCE-WORDS", "websites[0].name", Severity::Error);
    passes(&personal(), "SITE-NAME-PROVINCE-WORDS");
}

fn jiangsu(name: &str, remark: &str) -> FilingDocument {
    let mut doc = in_province(named(name), "江苏省", "南京市", "玄武区");
    doc.websites[0].remark = remark.into();
    doc
}

#[test]
fn site_name_jiangsu_pattern_fails_and_passes() {
    fails(&jiangsu("山水摄影随笔", "分享摄影作品"), "SITE-NAME-JIANGSU-PATTERN", "websites[0].name", Severity::Error);
    fails(&jiangsu("李明的博客", "分享摄影作品"), "SITE-NAME-JIANGSU-PATTERN", "websites[0].name", Severity::Error);
    for ok in ["李明的个人博客", "李明的个人主页"] {
        let doc = jiangsu(ok, "分享摄影作品");
        passes(&doc, "SITE-NAME-JIANGSU-PATTERN");
        assert!(errors(&doc).is_empty(), "{ok}: {}", show(&errors(&doc)));
    }
    passes(&personal(), "SITE-NAME-JIANGSU-PATTERN");
    passes(&in_province(unit(), "江苏省", "南京市", "玄武区"), "SITE-NAME-JIANGSU-PATTERN");
}

#[test]
fn site_name_jiangsu_pattern_wins_over_the_general_bans() {
    // 江苏: the pattern's fixed part is exempt from the bans on 主页 and 博客, and from the
    // personal-name warning
    let doc = jiangsu("李明的个人主页", "分享摄影作品");
    passes(&doc, "SITE-NAME-PERSONAL-FORBIDDEN");
    passes(&doc, "SITE-NAME-PERSONAL-NAME");
    let doc = jiangsu("李明的个人博客", "分享摄影作品");
    passes(&doc, "SITE-NAME-PERSONAL-PREAPPROVAL");
    // … but the 某某 part is still checked
    let doc = jiangsu("论坛达人的个人博客", "分享摄影作品");
    fails(&doc, "SITE-NAME-PERSONAL-PREAPPROVAL", "websites[0].name", Severity::Error);
    let doc = jiangsu("资讯达人的个人主页", "分享摄影作品");
    fails(&doc, "SITE-NAME-PERSONAL-FORBIDDEN", "websites[0].name", Severity::Error);
    // elsewhere the general rules apply to the same names
    fails(&named("李明的个人主页"), "SITE-NAME-PERSONAL-FORBIDDEN", "websites[0].name", Severity::Error);
    fails(&named("李明的个人博客"), "SITE-NAME-PERSONAL-PREAPPROVAL", "websites[0].name", Severity::Error);
}

#[test]
fn site_name_jiangsu_remark_fails_and_passes() {
    fails(&jiangsu("李明的个人博客", ""), "SITE-NAME-JIANGSU-REMARK", "websites[0].remark", Severity::Error);
    passes(&jiangsu("李明的个人博客", "分享摄影作品"), "SITE-NAME-JIANGSU-REMARK");
    passes(&personal(), "SITE-NAME-JIANGSU-REMARK");
}

fn with_domain(domain: &str) -> FilingDocument {
    let mut doc = personal();
    doc.websites[0].domains = vec![domain.into()];
    doc
}

#[test]
fn site_domain_format_fails_and_passes() {
    for (bad, code) in [
        ("http://example.com", "scheme"),
        ("example.com/blog", "path"),
        ("*.example.com", "wildcard"),
        ("example.com:8080", "port"),
        ("1.2.3.4", "ip_address"),
        ("exa_mple.com", "format"),
        ("", "required"),
    ] {
        let d = fails(&with_domain(bad), "SITE-DOMAIN-FORMAT", "websites[0].domains[0]", Severity::Error);
        assert_eq!(d.code, code, "{bad}");
    }
    passes(&with_domain(" Example.COM "), "SITE-DOMAIN-FORMAT");
    passes(&with_domain("例子.中国"), "SITE-DOMAIN-FORMAT");
}

#[test]
fn site_domain_registrable_fails_and_passes() {
    for (bad, code) in [
        ("com.cn", "bare_suffix"),
        ("中国", "bare_suffix"),
        ("www.example.com", "subdomain"),
        ("example.notatld", "unknown_suffix"),
        ("someone.github.io", "private_suffix"),
    ] {
        let d = fails(&with_domain(bad), "SITE-DOMAIN-REGISTRABLE", "websites[0].domains[0]", Severity::Error);
        assert_eq!(d.code, code, "{bad}");
    }
    passes(&with_domain("example.com.cn"), "SITE-DOMAIN-REGISTRABLE");
    passes(&with_domain("例子.中国"), "SITE-DOMAIN-REGISTRABLE");
}

#[test]
fn site_domain_duplicate_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].domains = vec!["例子.中国".into()];
    doc.websites[0].homepage_url = "http://例子.中国".into();
    let mut second = site("山水摄影笔记", "xn--fsqu00a.xn--fiqs8s");
    second.homepage_url = "http://例子.中国".into();
    doc.websites.push(second);
    let d = fails(&doc, "SITE-DOMAIN-DUPLICATE", "websites[1].domains[0]", Severity::Error);
    assert!(d.message.contains("websites[0].domains[0]"), "{}", d.message);
    let mut doc = personal();
    doc.websites.push(site("山水摄影笔记", "example.net"));
    passes(&doc, "SITE-DOMAIN-DUPLICATE");
}

fn government(domain: &str) -> FilingDocument {
    let mut doc = unit();
    doc.subject.nature = Nature::Government;
    doc.subject.name = "某某市某某局".into();
    doc.subject.cert_type = CertType::OrgCode;
    doc.subject.cert_number = org_code("12345678");
    doc.websites[0].domains = vec![domain.into()];
    doc.websites[0].homepage_url = format!("http://www.{domain}");
    doc.websites[0].name = "某某市某某局门户".into();
    doc
}

#[test]
fn site_domain_nature_suffix_fails_and_passes() {
    let d = fails(&government("example.com"), "SITE-DOMAIN-NATURE-SUFFIX", "websites[0].domains[0]", Severity::Error);
    assert!(d.message.contains(".gov.cn") && d.source.contains("[later]"));
    passes(&government("mouju.gov.cn"), "SITE-DOMAIN-NATURE-SUFFIX");
    passes(&government("某某局.政务"), "SITE-DOMAIN-NATURE-SUFFIX");
    assert!(errors(&government("mouju.gov.cn")).is_empty(), "{}", show(&errors(&government("mouju.gov.cn"))));
    let mut inst = unit();
    inst.subject.nature = Nature::Institution;
    inst.subject.cert_type = CertType::InstitutionCertificate;
    inst.subject.cert_number = uscc("12", "330106", "47000000");
    fails(&inst, "SITE-DOMAIN-NATURE-SUFFIX", "websites[0].domains[0]", Severity::Error);
    inst.websites[0].domains = vec!["example.cn".into()];
    inst.websites[0].homepage_url = "http://www.example.cn".into();
    passes(&inst, "SITE-DOMAIN-NATURE-SUFFIX");
    passes(&unit(), "SITE-DOMAIN-NATURE-SUFFIX");
}

#[test]
fn site_domain_change_reminds() {
    let mut doc = personal();
    doc.filing_type = Some(FilingType::ChangeSite);
    reminds(&doc, "SITE-DOMAIN-CHANGE", "websites[0].domains");
    passes(&personal(), "SITE-DOMAIN-CHANGE");
}

#[test]
fn site_homepage_url_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].homepage_url = "http://www.other.com".into();
    assert_eq!(fails(&doc, "SITE-HOMEPAGE-URL", "websites[0].homepage_url", Severity::Error).code, "not_on_domain");
    doc.websites[0].homepage_url = "ftp://example.com".into();
    assert_eq!(fails(&doc, "SITE-HOMEPAGE-URL", "websites[0].homepage_url", Severity::Error).code, "scheme");
    for ok in ["https://blog.example.com/", "http://example.com", "www.example.com/index.html"] {
        doc.websites[0].homepage_url = ok.into();
        passes(&doc, "SITE-HOMEPAGE-URL");
    }
}

#[test]
fn site_content_personal_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].content = "unit_portal".into();
    let d = fails(&doc, "SITE-CONTENT-PERSONAL", "websites[0].content", Severity::Error);
    assert!(d.message.contains("单位门户网站"));
    passes(&personal(), "SITE-CONTENT-PERSONAL");
    passes(&unit(), "SITE-CONTENT-PERSONAL");
}

#[test]
fn site_service_type_app_date_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].service_type = ServiceType::MiniProgram;
    doc.as_of = Some(date(2023, 8, 31));
    fails(&doc, "SITE-SERVICE-TYPE-APP-DATE", "websites[0].service_type", Severity::Error);
    doc.as_of = Some(date(2023, 9, 1));
    passes(&doc, "SITE-SERVICE-TYPE-APP-DATE");
    let mut doc = personal();
    doc.as_of = Some(date(2019, 8, 16));
    passes(&doc, "SITE-SERVICE-TYPE-APP-DATE");
}

#[test]
fn site_language_tag_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].languages = vec!["中文".into(), "en".into(), "EN".into()];
    fails(&doc, "SITE-LANGUAGE-TAG", "websites[0].languages[0]", Severity::Warning);
    assert_eq!(fails(&doc, "SITE-LANGUAGE-TAG", "websites[0].languages[2]", Severity::Warning).code, "duplicate");
    doc.websites[0].languages = vec!["zh-Hans".into(), "en".into()];
    passes(&doc, "SITE-LANGUAGE-TAG");
}

#[test]
fn site_preapproval_entry_fails_and_passes() {
    let mut doc = with_preapproval(personal());
    passes(&doc, "SITE-PREAPPROVAL-ENTRY");
    doc.websites[0].preapprovals[0].number.clear();
    fails(&doc, "SITE-PREAPPROVAL-ENTRY", "websites[0].preapprovals[0].number", Severity::Error);
    doc.websites[0].preapprovals[0].attachment = None;
    fails(&doc, "SITE-PREAPPROVAL-ENTRY", "websites[0].preapprovals[0].attachment", Severity::Warning);
    doc.websites[0].preapprovals[0].kind = "gambling".into();
    fails(&doc, "SITE-PREAPPROVAL-ENTRY", "websites[0].preapprovals[0].type", Severity::Warning);
}

#[test]
fn site_preapproval_needed_reminds() {
    reminds(&personal(), "SITE-PREAPPROVAL-NEEDED", "websites[0].preapprovals");
}

#[test]
fn site_principal_personal_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].principal =
        Some(person("赵六", &rid("33010619850505123"), "13600000000", "13500000000", "zhaoliu@example.com"));
    let d = fails(&doc, "SITE-PRINCIPAL-PERSONAL", "websites[0].principal", Severity::Error);
    assert!(d.message.contains("姓名"));
    // the subject principal spelled out is the same person: fine
    let mut doc = personal();
    doc.websites[0].principal = Some(doc.subject.principal.clone());
    passes(&doc, "SITE-PRINCIPAL-PERSONAL");
    passes(&personal(), "SITE-PRINCIPAL-PERSONAL");
}

#[test]
fn site_product_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].product.instance_id = None;
    fails(&doc, "SITE-PRODUCT", "websites[0].product.instance_id", Severity::Error);
    doc.websites[0].product.service_number = Some("32a43232-a888-88e8-b9ec-00888be8****".into());
    fails(&doc, "SITE-PRODUCT", "websites[0].product.service_number", Severity::Error);
    doc.websites[0].product.service_number = Some("32a43232-a888-88e8-b9ec-00888be8abcd".into());
    passes(&doc, "SITE-PRODUCT");
    doc.websites[0].product = Product { kind: ProductType::Wangpu, instance_id: None, service_number: None };
    passes(&doc, "SITE-PRODUCT");
}

// ---- §5 websites per order -------------------------------------------------------------------------

fn with_sites(doc: FilingDocument, n: usize) -> FilingDocument {
    let mut doc = doc;
    let names = [
        "山水摄影随笔",
        "读书笔记分享",
        "旅行见闻记录",
        "美食烹饪心得",
        "园艺种植日记",
        "手工制作心得",
        "音乐欣赏随想",
    ];
    doc.websites = (0..n).map(|i| site(names[i % names.len()], &format!("example{i}.com"))).collect();
    doc
}

#[test]
fn order_site_limit_fails_and_passes() {
    let hubei = in_province(personal(), "湖北省", "武汉市", "武昌区");
    let d = fails(&with_sites(hubei.clone(), 2), "ORDER-SITE-LIMIT", "websites", Severity::Error);
    assert!(d.message.contains("一个网站") && d.source.contains("表 3-1"), "{d:?}");
    passes(&with_sites(hubei, 1), "ORDER-SITE-LIMIT");
    let henan = in_province(personal(), "河南省", "郑州市", "金水区");
    fails(&with_sites(henan.clone(), 4), "ORDER-SITE-LIMIT", "websites", Severity::Error);
    passes(&with_sites(henan.clone(), 3), "ORDER-SITE-LIMIT");
    let henan_unit = in_province(unit(), "河南省", "郑州市", "金水区");
    passes(&with_sites(henan_unit.clone(), 5), "ORDER-SITE-LIMIT");
    fails(&with_sites(henan_unit, 6), "ORDER-SITE-LIMIT", "websites", Severity::Error);
    let shaanxi = in_province(personal(), "陕西省", "西安市", "雁塔区");
    fails(&with_sites(shaanxi.clone(), 6), "ORDER-SITE-LIMIT", "websites", Severity::Error);
    let mut new_site = with_sites(shaanxi, 6);
    new_site.filing_type = Some(FilingType::NewSiteSubjectHere);
    passes(&new_site, "ORDER-SITE-LIMIT");
    // a filing without a type: first filing when the subject was never filed
    let mut untyped = with_sites(in_province(personal(), "湖北省", "武汉市", "武昌区"), 2);
    untyped.filing_type = None;
    fails(&untyped, "ORDER-SITE-LIMIT", "websites", Severity::Error);
    // [later] 湖南: one website per application
    let hunan = in_province(personal(), "湖南省", "长沙市", "岳麓区");
    let d = fails(&with_sites(hunan, 2), "ORDER-SITE-LIMIT", "websites", Severity::Error);
    assert!(d.source.contains("[later]"), "{d:?}");
    let many = with_sites(personal(), 10);
    passes(&many, "ORDER-SITE-LIMIT");
    assert!(errors(&many).is_empty(), "{}", show(&errors(&many)));
}

#[test]
fn order_domains_per_site_fails_and_passes() {
    let mut doc = personal();
    doc.websites[0].domains.push("example.net".into());
    fails(&doc, "ORDER-DOMAINS-PER-SITE", "websites[0].domains", Severity::Error);
    passes(&personal(), "ORDER-DOMAINS-PER-SITE");
}

#[test]
fn order_new_domains_limit_fails_and_passes() {
    let shanxi = in_province(personal(), "山西省", "太原市", "小店区");
    let d = fails(&with_sites(shanxi.clone(), 4), "ORDER-NEW-DOMAINS-LIMIT", "websites", Severity::Error);
    assert!(d.message.contains('3'));
    passes(&with_sites(shanxi, 3), "ORDER-NEW-DOMAINS-LIMIT");
    passes(&with_sites(personal(), 4), "ORDER-NEW-DOMAINS-LIMIT");
}

#[test]
fn withdrawals_skip_the_rules_of_new_sites() {
    let mut doc = with_sites(in_province(personal(), "湖北省", "武汉市", "武昌区"), 2);
    doc.websites[0].name = "某某的个人主页".into();
    doc.filing_type = Some(FilingType::DeregisterSite);
    passes(&doc, "ORDER-SITE-LIMIT");
    passes(&doc, "SITE-NAME-PERSONAL-FORBIDDEN");
}

// ---- the rulebook ----------------------------------------------------------------------------------

#[test]
fn rulebook_is_data() {
    let book = rulebook();
    assert!(book.len() >= 50, "{}", book.len());
    let json = serde_json::to_value(book).unwrap();
    let app = json.as_array().unwrap().iter().find(|r| r["id"] == "SITE-SERVICE-TYPE-APP-DATE").unwrap();
    assert_eq!(app["effective_until"], "2023-08-31");
    assert_eq!(app["severity"], "error");
    let reminders = book.iter().filter(|r| r.severity == Severity::Reminder).count();
    assert!(reminders >= 10, "{reminders}");
}

#[test]
fn rulebook_is_documented() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md")).expect("docs/rules.md");
    // Rules that need other filings or attachments are tested where those are.
    let tests = [
        include_str!("validation.rs"),
        include_str!("app.rs"),
        include_str!("providers.rs"),
        include_str!("workflow.rs"),
        include_str!("../../beian-store/tests/attachments.rs"),
        include_str!("../../beian-store/tests/workflow.rs"),
    ]
    .concat();
    for r in rulebook() {
        assert!(docs.contains(&format!("`{}`", r.id)), "docs/rules.md lacks {}", r.id);
        let prefix = r.id.to_lowercase().replace('-', "_");
        assert!(tests.contains(&format!("fn {prefix}_")), "no test named after {} in tests/validation.rs", r.id);
    }
    // every test docs/rules.md names exists
    for name in docs
        .split('`')
        .filter(|s| s.ends_with("_fails_and_passes") || s.ends_with("_reminds") || s.ends_with("_general_bans"))
    {
        assert!(tests.contains(&format!("fn {name}(")), "docs/rules.md names a missing test {name}");
    }
}
