//! The use cases against a real temporary store: the submit gate is the window's check (every
//! diagnostic), refusals write nothing, and the check and the gate agree.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::FilingDocument;
use beian_core::status::FilingStatus;
use beian_core::workflow::{ActionKind, ActionRequest};
use beian_store::{Store, StoreError};
use beian_usecases::UseCaseError;
use jiff::Timestamp;

const SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");
const SERVICE_NUMBER: &str = "1a2b3c4d-1234-4cde-8f90-1234567890ab";

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// The spec's sample with a compliant personal site name, verified by one 备案服务号.
fn sample(service_number: &str) -> FilingDocument {
    let mut doc = beian_core::parse_document(SAMPLE).unwrap().document;
    doc.websites[0].name = "山水旅行摄影随笔".into();
    doc.websites[0].product.instance_id = None;
    doc.websites[0].product.service_number = Some(service_number.into());
    doc
}

/// `doc` for another person with another domain (valid ID number, same phones).
fn another(mut doc: FilingDocument, n: u32) -> FilingDocument {
    let body = format!("3301061990010{:04}", 1000 + n);
    let id = format!("{body}{}", beian_core::cert::gb11643_check_char(&body).unwrap());
    doc.subject.cert_number = id.clone();
    doc.subject.principal.cert_number = id;
    doc.websites[0].domains = vec![format!("another{n}.cn")];
    doc.websites[0].homepage_url = format!("http://www.another{n}.cn");
    doc
}

fn act(kind: ActionKind) -> ActionRequest {
    ActionRequest { kind, reason: None, confirmed: false, note: None }
}

fn submit() -> ActionRequest {
    ActionRequest { confirmed: true, ..act(ActionKind::Submit) }
}

fn ready(store: &mut Store, doc: &FilingDocument, now: &str) -> i64 {
    let id = store.create_filing(doc, at(now)).unwrap().id;
    for kind in [ActionKind::DataComplete, ActionKind::MaterialsDone] {
        beian_usecases::apply_action(store, id, act(kind), at(now)).unwrap();
    }
    id
}

#[test]
fn a_submission_the_window_refuses_is_refused_whoever_asks() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = "2026-11-20T02:00:00Z";
    let first = ready(&mut store, &sample(SERVICE_NUMBER), now);
    beian_usecases::apply_action(&mut store, first, submit(), at(now)).unwrap();

    // A second filing with the same 备案服务号: the core's rules alone find nothing wrong …
    let second = ready(&mut store, &another(sample(SERVICE_NUMBER), 1), now);
    let doc = store.get_filing(second).unwrap().document;
    let core_errors = beian_core::validate(&doc, at(now).to_zoned(jiff::tz::TimeZone::UTC).date());
    assert!(core_errors.iter().all(|d| !d.is_error()), "{core_errors:?}");
    // … but the window's check does, and the gate is that check.
    let check = beian_usecases::check_filing(&store, Some(second), &doc, at(now)).unwrap();
    let used: Vec<_> = check.iter().filter(|d| d.code == "service_number_used").collect();
    assert_eq!(used.len(), 1, "{check:?}");
    assert_eq!(used[0].field, "websites[0].product.service_number");
    let overview = beian_usecases::overview(&store, second, at(now)).unwrap();
    assert_eq!(overview.errors, beian_usecases::error_count(&check));

    let before = store.get_filing(second).unwrap();
    let history_before = beian_usecases::history(&store, second).unwrap();
    let err = beian_usecases::apply_action(&mut store, second, submit(), at(now)).unwrap_err();
    match &err {
        UseCaseError::HasErrors { errors, diagnostics } => {
            assert_eq!(*errors, overview.errors);
            assert!(diagnostics.iter().any(|d| d.code == "service_number_used"));
            assert!(diagnostics.iter().all(|d| d.is_error()));
        }
        other => panic!("expected HasErrors, got {other:?}"),
    }
    assert!(err.to_string().contains("个错误"), "{err}");
    // Nothing was written.
    assert_eq!(store.get_filing(second).unwrap(), before);
    assert_eq!(beian_usecases::history(&store, second).unwrap(), history_before);

    // Corrected, it goes through.
    let mut fixed = before.document.clone();
    fixed.websites[0].product.service_number = Some("9f8e7d6c-1234-4cde-8f90-1234567890ab".into());
    store.update_filing(second, &fixed, before.revision, at(now)).unwrap();
    let rec = beian_usecases::apply_action(&mut store, second, submit(), at(now)).unwrap();
    assert_eq!(rec.status, FilingStatus::Submitted);
}

#[test]
fn the_state_machine_speaks_first_and_a_stale_check_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = "2026-11-20T02:00:00Z";
    let mut broken = sample(SERVICE_NUMBER);
    broken.subject.cert_number = "330106199001011234".into(); // wrong check digit
    let id = ready(&mut store, &broken, now);
    // Unconfirmed: the confirmation is asked for, whatever the errors.
    let err = beian_usecases::apply_action(&mut store, id, act(ActionKind::Submit), at(now)).unwrap_err();
    assert!(matches!(err, UseCaseError::Store(StoreError::Transition(_))), "{err:?}");
    // Confirmed: the errors are the answer.
    let err = beian_usecases::apply_action(&mut store, id, submit(), at(now)).unwrap_err();
    assert!(err.diagnostics().iter().any(|d| d.field == "subject.cert_number"), "{err:?}");

    // The store refuses an action checked against an older revision.
    let rec = store.get_filing(id).unwrap();
    let stale = beian_store::Checked { revision: rec.revision - 1, errors: 0 };
    let err = store.apply_action(id, act(ActionKind::BackToEdit), stale, at(now)).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(store.get_filing(id).unwrap(), rec);
}

#[test]
fn filings_are_named_by_order_number_or_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let rec = store.create_filing(&sample(SERVICE_NUMBER), at("2026-11-20T02:00:00Z")).unwrap();
    assert_eq!(beian_usecases::resolve(&store, &rec.order_no).unwrap(), rec.id);
    assert_eq!(beian_usecases::resolve(&store, &rec.order_no.to_lowercase()).unwrap(), rec.id);
    assert_eq!(beian_usecases::resolve(&store, &rec.id.to_string()).unwrap(), rec.id);
    assert!(matches!(beian_usecases::resolve(&store, "BA20000101-0009"), Err(StoreError::NotFound { .. })));
    assert!(matches!(beian_usecases::resolve(&store, "999"), Err(StoreError::NotFound { .. })));
}

#[test]
fn a_new_draft_starts_as_the_unit_its_name_says_and_bad_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-20T02:00:00Z");
    let rec = beian_usecases::new_draft(&mut store, " 杭州某某网络科技有限公司 ", "WWW.Example.CN", now).unwrap();
    assert_eq!(rec.document.subject.name, "杭州某某网络科技有限公司");
    assert_eq!(rec.document.subject.nature, beian_core::Nature::Enterprise);
    assert_eq!(rec.document.subject.cert_type, beian_core::CertType::BusinessLicense);
    assert!(rec.editable);
    let person = beian_usecases::new_draft(&mut store, "张三", "zhangsan.cn", now).unwrap();
    assert_eq!(person.document.subject.nature, beian_core::Nature::Personal);

    let long = "长".repeat(beian_usecases::MAX_DRAFT_FIELD_CHARS + 1);
    for (name, domain, field) in [
        ("", "a.cn", "subject.name"),
        ("   ", "a.cn", "subject.name"),
        ("张三", " ", "websites[0].domains[0]"),
        (long.as_str(), "a.cn", "subject.name"),
        ("张三", long.as_str(), "websites[0].domains[0]"),
    ] {
        match beian_usecases::new_draft(&mut store, name, domain, now) {
            Err(StoreError::Invalid { field: f, message }) => {
                assert_eq!(f, field);
                assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "Chinese: {message}");
            }
            other => panic!("{name:?}/{domain:?}: {other:?}"),
        }
    }
    assert_eq!(beian_usecases::list(&store, &Default::default()).unwrap().items.len(), 2, "nothing half-made");
}

#[test]
fn the_overview_says_what_each_action_needs_why_it_is_blocked_and_what_can_follow() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = "2026-11-20T02:00:00Z";
    let mut doc = sample(SERVICE_NUMBER);
    doc.subject.cert_address = String::new();
    let id = ready(&mut store, &doc, now);
    let o = beian_usecases::overview(&store, id, at(now)).unwrap();
    assert!(o.errors > 0);
    let sub = o.actions.iter().find(|a| a.kind == ActionKind::Submit).unwrap();
    assert_eq!(sub.input, beian_core::workflow::ActionInput::Confirmation);
    let blocked = sub.blocked.as_ref().expect("blocked while errors remain");
    assert!(blocked.zh.contains(&o.errors.to_string()) && blocked.en.contains(&o.errors.to_string()));
    let back = o.actions.iter().find(|a| a.kind == ActionKind::BackToEdit).unwrap();
    assert_eq!((back.input, back.blocked.is_none()), (beian_core::workflow::ActionInput::None, true));
    assert!(o.follow_ups.is_empty(), "only an approved filing has follow-ups");

    // The diagnostics name their field as a person does and cite their source.
    let d = o.diagnostics.iter().find(|d| d.diagnostic.field == "subject.cert_address").expect("the empty address");
    assert_eq!(d.field_label.as_ref().unwrap().zh, "证件住所");
    assert!(!d.citation.zh.is_empty() && !d.citation.zh.contains(".md"), "{:?}", d.citation);
    assert!(d.rule_message_en.is_some());
    assert!(!d.diagnostic.message_en.is_empty() && d.diagnostic.message_en != d.diagnostic.message);
    // The window reads `message_en` of the flattened diagnostic: the case's English, once.
    let json = serde_json::to_string(d).unwrap();
    assert_eq!(json.matches("\"message_en\"").count(), 1, "{json}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap()["message_en"], d.diagnostic.message_en);
    let site = beian_usecases::present(vec![beian_core::Diagnostic {
        code: "x".into(),
        severity: beian_core::Severity::Error,
        field: "websites[1].name".into(),
        message: "m".into(),
        message_en: "m (en)".into(),
        rule: "SITE-NAME-MIN-HAN".into(),
        source: "guide §3 填写网站信息（网站名称）".into(),
    }]);
    assert_eq!(site[0].field_label.as_ref().unwrap().zh, "网站名称（网站 2）");
    assert_eq!(site[0].citation.zh, "《ICP备案流程（PC端）》§3 填写网站信息（网站名称）");
    // With the document, an app's fields are named by its kind.
    let mut with_app = sample(SERVICE_NUMBER);
    let mut app = with_app.websites[0].clone();
    app.service_type = beian_core::ServiceType::App;
    with_app.websites.push(app);
    let at_path = |field: &str| {
        let d =
            beian_core::Diagnostic { field: field.into(), rule: "APP-REQUIRED".into(), ..site[0].diagnostic.clone() };
        beian_usecases::present_in(Some(&with_app), vec![d]).remove(0).field_label.unwrap()
    };
    assert_eq!(at_path("websites[1].name").zh, "APP名称（服务 2 · APP）");
    assert_eq!(at_path("websites[1].name").en, "App name (service 2, App)");
    assert_eq!(at_path("websites[1].principal.phone").zh, "APP负责人手机（服务 2 · APP）");
    assert_eq!(at_path("websites[1].app.platforms[0].fingerprint").zh, "签名证书指纹（服务 2 · APP）");
    assert_eq!(at_path("websites[0].name").zh, "网站名称（网站 1）");

    // An approved filing offers its follow-ups.
    let approved = ready(&mut store, &another(sample("2b3c4d5e-1234-4cde-8f90-1234567890ab"), 2), now);
    for kind in [
        ActionKind::Submit,
        ActionKind::SmsSent,
        ActionKind::SmsVerified,
        ActionKind::SubmitToBureau,
        ActionKind::Approve,
    ] {
        let req = if kind == ActionKind::Submit { submit() } else { act(kind) };
        beian_usecases::apply_action(&mut store, approved, req, at(now)).unwrap();
    }
    assert_eq!(store.get_filing(approved).unwrap().status, FilingStatus::Approved);
    let o = beian_usecases::overview(&store, approved, at(now)).unwrap();
    assert!(o.follow_ups.contains(&beian_core::FilingType::ChangeSite));
    assert!(!o.follow_ups.contains(&beian_core::FilingType::FirstFiling));
}

/// The type check's blockers are part of the gate: while one order of a subject and domain is open,
/// a second one is refused — however the domain is written.
#[test]
fn a_second_order_for_an_open_subject_or_domain_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = "2026-11-20T02:00:00Z";
    let first = ready(&mut store, &sample(SERVICE_NUMBER), now);
    beian_usecases::apply_action(&mut store, first, submit(), at(now)).unwrap();
    // Another person, but the same domain written in capitals.
    let mut doc = another(sample("9f8e7d6c-1234-4cde-8f90-1234567890ab"), 3);
    doc.websites[0].domains = vec!["Example.COM".into()];
    doc.websites[0].homepage_url = "http://www.example.com".into();
    let second = ready(&mut store, &doc, now);
    match beian_usecases::apply_action(&mut store, second, submit(), at(now)) {
        Err(UseCaseError::HasErrors { diagnostics, .. }) => {
            let codes: Vec<(&str, &str)> = diagnostics.iter().map(|d| (d.rule.as_str(), d.code.as_str())).collect();
            assert_eq!(codes, [("WF-TYPE", "domain_in_progress")], "{diagnostics:?}");
        }
        other => panic!("expected the blocker, got {other:?}"),
    }
    assert_eq!(store.get_filing(second).unwrap().status, FilingStatus::ReadyToConfirm);
}

/// 识别证件 reads the page of an attachment in force; a removed one is refused; revealing what it
/// read is recorded in the audit trail first.
#[test]
fn ocr_reads_the_attachment_in_force_and_a_reveal_is_audited() {
    use beian_usecases::ocr::{PageError, page_to_read, reveal};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-20T02:00:00Z");
    let id = beian_usecases::new_draft(&mut store, "张三", "zhangsan.cn", now).unwrap().id;
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) & 0xFF) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&img).unwrap();
    let a =
        beian_store::attachments::attach_bytes(&mut store, id, "subject_certificate", "身份证.jpg", jpeg, now).unwrap();
    let (material, page) = page_to_read(&store, a.id).unwrap();
    assert_eq!(material, "subject_certificate");
    assert_eq!(&page[..2], &[0xFF, 0xD8], "the normalised JPEG");
    store.remove_attachment(a.id, now).unwrap();
    assert!(matches!(page_to_read(&store, a.id), Err(PageError::Deleted)));
    assert!(matches!(page_to_read(&store, 999_999), Err(PageError::Store(StoreError::NotFound { .. }))));

    let before = store.audit_entries(Some(id), 100).unwrap().len();
    reveal(&mut store, a.id, "cli", now).unwrap();
    let after = store.audit_entries(Some(id), 100).unwrap();
    assert_eq!(after.len(), before + 1);
}

/// A reading as the dialog shows it: a certificate number masked until revealed, a certificate
/// type by its name in both languages, an unsure value flagged.
#[test]
fn a_reading_is_presented_masked_and_in_both_languages() {
    use beian_ocr::{DocumentKind, FieldReading, Reading};
    let value = |v: &str, confidence: f32| FieldReading {
        value: Some(v.to_owned()),
        confidence,
        needs_typing: None,
        needs_typing_en: None,
    };
    let mut fields = std::collections::BTreeMap::new();
    fields.insert("name".to_owned(), value("王小明", 0.99));
    fields.insert("cert_number".to_owned(), value("11010519491231002X", 0.6));
    let reading = Reading { kind: DocumentKind::ResidentId, fields };
    let mut doc = FilingDocument::draft("王小明", "wangxiaoming.cn");
    doc.subject.nature = beian_core::Nature::Personal;
    let r = beian_usecases::ocr::present(7, "subject_certificate", &doc, reading, 12);
    assert_eq!((r.attachment_id, r.elapsed_ms), (7, 12));
    assert_eq!(r.kind_label.en, "Resident identity card");
    let by = |p: &str| r.proposals.items.iter().find(|i| i.proposal.path == p).unwrap_or_else(|| panic!("{p}"));
    let name = by("subject.name");
    assert!(name.proposal.same && !name.masked && !name.low_confidence);
    let number = by("subject.cert_number");
    assert_eq!(number.proposed_display.as_ref().unwrap().zh, beian_core::mask::cert_number("11010519491231002X"));
    assert_eq!(number.proposed_full.as_ref().unwrap().en, "11010519491231002X");
    assert!(number.masked && number.low_confidence, "masked, and 0.6 is below {}", beian_usecases::ocr::LOW_CONFIDENCE);
    let kind = by("subject.cert_type");
    assert_eq!(kind.proposed_display.as_ref().unwrap().zh, "居民身份证");
    assert!(!kind.proposed_display.as_ref().unwrap().en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
}

/// A personal subject's five services are counted across the agency's filings of that person:
/// four websites in one stored order and a fifth service here is in bounds; a sixth is over, an
/// error once one of them is an app, and a change filing that repeats a website does not count it
/// twice.
#[test]
fn a_personal_subjects_five_services_are_counted_across_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-20T02:00:00Z");
    let mut stored = sample(SERVICE_NUMBER);
    let site = stored.websites[0].clone();
    stored.websites = (1..=4)
        .map(|n| {
            let mut w = site.clone();
            w.domains = vec![format!("shanshui{n}.cn")];
            w.homepage_url = format!("http://www.shanshui{n}.cn");
            w
        })
        .collect();
    let created = store.create_filing(&stored, now).unwrap();
    let (stored_id, revision) = (created.id, created.revision);
    let order = store.order_no_of(stored_id).unwrap().unwrap();

    let total = |doc: &FilingDocument, store: &Store| {
        beian_usecases::check_filing(store, None, doc, now)
            .unwrap()
            .into_iter()
            .filter(|d| d.rule == "APP-PERSONAL-TOTAL")
            .collect::<Vec<_>>()
    };
    // A fifth: an app of the same person.
    let mut app = sample(SERVICE_NUMBER);
    app.websites[0].service_type = beian_core::ServiceType::App;
    app.websites[0].name = "山水记账".into();
    app.websites[0].domains = vec!["api.shanshui1.cn".into()];
    app.websites[0].homepage_url = String::new();
    assert_eq!(total(&app, &store), vec![], "4 + 1 is within five");
    // The same website again (as a change would repeat it) is not a new service.
    let mut again = sample(SERVICE_NUMBER);
    again.websites[0].domains = vec!["shanshui2.cn".into()];
    assert_eq!(total(&again, &store), vec![]);

    // A fifth website stored: the app is the sixth.
    let mut fifth = stored.clone();
    fifth.websites.push(site.clone());
    fifth.websites[4].domains = vec!["shanshui5.cn".into()];
    fifth.websites[4].homepage_url = "http://www.shanshui5.cn".into();
    store.update_filing(stored_id, &fifth, revision, now).unwrap();
    let found = total(&app, &store);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, beian_core::Severity::Error);
    assert_eq!(found[0].field, "websites");
    assert!(found[0].message.contains("已备案或在办5个") && found[0].message.contains(&order), "{}", found[0].message);
    // Websites alone over the total: a warning (the 2019 guide sets no total for websites).
    let mut sixth = sample(SERVICE_NUMBER);
    sixth.websites[0].domains = vec!["shanshui6.cn".into()];
    let found = total(&sixth, &store);
    assert_eq!(found.iter().map(|d| d.severity).collect::<Vec<_>>(), vec![beian_core::Severity::Warning]);
    // Another person is not counted.
    assert_eq!(total(&another(app.clone(), 7), &store), vec![]);
}
