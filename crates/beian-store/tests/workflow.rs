//! A filing's life in a real store file: transitions with history, submission guarded by
//! validation and confirmation, deadlines kept for the dashboard, expiry after 45 days.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::FilingDocument;
use beian_core::status::FilingStatus;
use beian_core::workflow::{ActionKind, ActionRequest};
use beian_store::{ListQuery, Store, StoreError};
use jiff::Timestamp;

const SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");

/// The spec's sample with a site name that passes the personal-site rules (the sample's
/// "张三的个人主页" uses 主页, which guide §3 附录二 forbids outside 江苏).
fn sample() -> FilingDocument {
    let mut doc = beian_core::parse_document(SAMPLE).unwrap().document;
    doc.websites[0].name = "山水旅行摄影随笔".into();
    doc
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn act(kind: ActionKind) -> ActionRequest {
    ActionRequest { kind, reason: None, confirmed: false, note: None }
}

/// Applies an action counting the core rules' errors of the stored document (what these store tests
/// need; the app's and the CLI's gate is `beian_usecases::apply_action`, with every diagnostic).
fn apply(
    store: &mut Store,
    id: i64,
    request: ActionRequest,
    now: Timestamp,
) -> Result<beian_store::FilingRecord, StoreError> {
    let rec = store.get_filing(id)?;
    let errors = beian_core::validate(&rec.document, beian_core::calendar::cst_now_date(now))
        .iter()
        .filter(|d| d.is_error())
        .count();
    store.apply_action(id, request, beian_store::Checked { revision: rec.revision, errors: errors as u32 }, now)
}

fn run(store: &mut Store, id: i64, kind: ActionKind, now: &str) -> FilingStatus {
    apply(store, id, act(kind), at(now)).unwrap().status
}

#[test]
fn a_filing_goes_from_draft_to_approved_with_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = store.create_filing(&sample(), at("2026-11-20T01:00:00Z")).unwrap().id;

    assert_eq!(run(&mut store, id, ActionKind::DataComplete, "2026-11-20T02:00:00Z"), FilingStatus::Materials);
    assert_eq!(run(&mut store, id, ActionKind::MaterialsDone, "2026-11-20T02:01:00Z"), FilingStatus::ReadyToConfirm);

    // Submitting needs the applicant's explicit confirmation.
    let err = apply(&mut store, id, act(ActionKind::Submit), at("2026-11-20T02:02:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    let submit = ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    let rec = apply(&mut store, id, submit, at("2026-11-20T02:03:00Z")).unwrap();
    assert_eq!(rec.status, FilingStatus::Submitted);

    // Once submitted, the data changes only through the workflow.
    let err = store.update_filing(id, &rec.document, rec.revision, at("2026-11-20T02:04:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::NotEditable { .. }), "{err}");

    // The dashboard knows what is due next: the provider's 初审.
    let row = store.list_filings(&ListQuery::default()).unwrap().items.remove(0);
    assert!(row.next_due.is_some(), "a submitted filing has a deadline");

    assert_eq!(run(&mut store, id, ActionKind::SmsSent, "2026-11-20T06:00:00Z"), FilingStatus::SmsVerification);
    assert_eq!(run(&mut store, id, ActionKind::SmsVerified, "2026-11-20T08:00:00Z"), FilingStatus::ToBureau);
    assert_eq!(run(&mut store, id, ActionKind::SubmitToBureau, "2026-11-23T02:00:00Z"), FilingStatus::BureauReview);
    assert_eq!(run(&mut store, id, ActionKind::Approve, "2026-11-27T02:00:00Z"), FilingStatus::Approved);

    let kinds: Vec<String> = store.filing_events(id).unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            "created",
            "data_complete",
            "materials_done",
            "submit",
            "sms_sent",
            "sms_verified",
            "submit_to_bureau",
            "approve"
        ]
    );
    // An approved filing has nothing due.
    let row = store.list_filings(&ListQuery::default()).unwrap().items.remove(0);
    assert_eq!(row.next_due, None);
    // Illegal moves are refused and change nothing.
    let err = apply(&mut store, id, act(ActionKind::Submit), at("2026-11-28T02:00:00Z")).unwrap_err();
    assert!(err.to_string().contains("不能"), "{err}");
    assert_eq!(store.get_filing(id).unwrap().status, FilingStatus::Approved);
}

#[test]
fn a_filing_with_errors_cannot_be_submitted() {
    let mut store = Store::open_in_memory().unwrap();
    let mut doc = sample();
    doc.subject.cert_number = "330106199001011230".into(); // wrong check digit
    let id = store.create_filing(&doc, at("2026-11-20T01:00:00Z")).unwrap().id;
    run(&mut store, id, ActionKind::DataComplete, "2026-11-20T01:01:00Z");
    run(&mut store, id, ActionKind::MaterialsDone, "2026-11-20T01:02:00Z");
    let submit = ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    let err = apply(&mut store, id, submit, at("2026-11-20T01:03:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    assert_eq!(store.get_filing(id).unwrap().status, FilingStatus::ReadyToConfirm);
}

#[test]
fn a_rejected_filing_is_fixed_and_resubmitted() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.create_filing(&sample(), at("2026-11-20T01:00:00Z")).unwrap().id;
    run(&mut store, id, ActionKind::DataComplete, "2026-11-20T01:01:00Z");
    run(&mut store, id, ActionKind::MaterialsDone, "2026-11-20T01:02:00Z");
    let submit = || ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    apply(&mut store, id, submit(), at("2026-11-20T01:03:00Z")).unwrap();

    // A rejection needs its reason, which lands in the history.
    let no_reason = ActionRequest { kind: ActionKind::Reject, reason: Some("  ".into()), confirmed: false, note: None };
    assert!(apply(&mut store, id, no_reason, at("2026-11-21T01:00:00Z")).is_err());
    let reject = ActionRequest {
        kind: ActionKind::Reject,
        reason: Some("网站名称与主体无关".into()),
        confirmed: false,
        note: None,
    };
    assert_eq!(apply(&mut store, id, reject, at("2026-11-21T01:00:00Z")).unwrap().status, FilingStatus::Rejected);
    let last = store.filing_events(id).unwrap().pop().unwrap();
    assert_eq!(last.note, "网站名称与主体无关");

    // Back to editing, fixed, and through again.
    let rec = apply(&mut store, id, act(ActionKind::Reopen), at("2026-11-21T02:00:00Z")).unwrap();
    assert_eq!(rec.status, FilingStatus::Draft);
    let mut doc = rec.document.clone();
    doc.websites[0].name = "湖光山色摄影分享".into();
    store.update_filing(id, &doc, rec.revision, at("2026-11-21T03:00:00Z")).unwrap();
    run(&mut store, id, ActionKind::DataComplete, "2026-11-21T03:01:00Z");
    run(&mut store, id, ActionKind::MaterialsDone, "2026-11-21T03:02:00Z");
    assert_eq!(apply(&mut store, id, submit(), at("2026-11-21T03:03:00Z")).unwrap().status, FilingStatus::Submitted);
}

#[test]
fn orders_lapse_45_days_after_the_first_submission() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.create_filing(&sample(), at("2026-09-01T01:00:00Z")).unwrap().id;
    run(&mut store, id, ActionKind::DataComplete, "2026-09-01T01:01:00Z");
    run(&mut store, id, ActionKind::MaterialsDone, "2026-09-01T01:02:00Z");
    let submit = ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    apply(&mut store, id, submit, at("2026-09-01T01:03:00Z")).unwrap();
    // Day 45 (2026-10-15, CST) is still valid; the day after is not.
    assert!(store.expire_lapsed(at("2026-10-15T10:00:00Z")).unwrap().is_empty());
    let expired = store.expire_lapsed(at("2026-10-16T10:00:00Z")).unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(store.get_filing(id).unwrap().status, FilingStatus::Expired);
}

#[test]
fn the_registry_finds_the_same_subject_and_domains() {
    let mut store = Store::open_in_memory().unwrap();
    let first = store.create_filing(&sample(), at("2026-11-20T01:00:00Z")).unwrap();
    let mut other = FilingDocument::draft("无关公司", "unrelated.cn");
    other.subject.cert_number = "91330106MA27XXXXXX".into();
    store.create_filing(&other, at("2026-11-20T01:00:00Z")).unwrap();
    let reg = store.registry_for(None, &sample()).unwrap();
    assert_eq!(reg.filings.len(), 1);
    assert_eq!(reg.filings[0].order_no, first.order_no);
    let reg = store.registry_for(Some(&first.order_no), &sample()).unwrap();
    assert!(reg.filings.is_empty(), "the filing itself is left out");
}

#[test]
fn what_is_stored_is_normalised_and_autofilled() {
    let mut store = Store::open_in_memory().unwrap();
    let mut doc = sample();
    doc.subject.cert_number = " ３３０１０６１９９００１０１１２３ｘ ".into();
    doc.subject.principal.phone = "+86 138-0000-0000".into();
    doc.subject.investor = String::new();
    doc.websites[0].domains = vec![" Example.COM ".into()];
    let rec = store.create_filing(&doc, at("2026-11-20T01:00:00Z")).unwrap();
    assert_eq!(rec.document.subject.cert_number, "33010619900101123X");
    assert_eq!(rec.document.subject.principal.phone, "13800000000");
    assert_eq!(rec.document.subject.investor, "张三", "a personal filing's investor is the subject");
    assert_eq!(rec.document.websites[0].domains, ["example.com"]);
    let mut again = rec.document.clone();
    again.subject.principal.email = "  zhangsan@example.com ".into();
    let rec = store.update_filing(rec.id, &again, rec.revision, at("2026-11-20T02:00:00Z")).unwrap();
    assert_eq!(rec.document.subject.principal.email, "zhangsan@example.com");
}

#[test]
fn a_change_filing_starts_from_an_approved_one_and_keeps_its_domains() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.create_filing(&sample(), at("2026-11-20T01:00:00Z")).unwrap().id;
    // Not approved yet: refused with the reason.
    let err = store.start_follow_up(id, beian_core::FilingType::ChangeSite, at("2026-11-20T01:30:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err}");

    run(&mut store, id, ActionKind::DataComplete, "2026-11-20T02:00:00Z");
    run(&mut store, id, ActionKind::MaterialsDone, "2026-11-20T02:01:00Z");
    let submit = ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    apply(&mut store, id, submit, at("2026-11-20T02:03:00Z")).unwrap();
    run(&mut store, id, ActionKind::PassFirstReview, "2026-11-21T02:00:00Z");
    run(&mut store, id, ActionKind::SubmitToBureau, "2026-11-21T03:00:00Z");
    run(&mut store, id, ActionKind::Approve, "2026-11-25T03:00:00Z");

    let change = store.start_follow_up(id, beian_core::FilingType::ChangeSite, at("2026-11-26T01:00:00Z")).unwrap();
    assert_eq!(change.status, FilingStatus::Draft);
    assert_eq!(change.document.filing_type, Some(beian_core::FilingType::ChangeSite));
    let original = store.original_of(change.id).unwrap().unwrap();
    assert_eq!(original.id, id);
    assert!(store.original_of(id).unwrap().is_none());
    // The change rules (rules-digest.md §4): a single-domain site cannot change its domain.
    let mut changed = change.document.clone();
    changed.websites[0].domains = vec!["another-domain.cn".into()];
    let diags = beian_core::filing_type::check_change(&original.document, &changed);
    assert!(diags.iter().any(|d| d.is_error() && d.field.starts_with("websites[0].domains")), "{diags:?}");
    let note = store.filing_events(change.id).unwrap().remove(0).note;
    assert!(note.contains(&original.order_no), "{note}");
}

#[test]
/// PRODUCT-QUOTA over the store: an instance serves five websites across filings, the sixth is refused naming them.
fn product_quota_across_the_store_fails_and_passes() {
    let mut store = Store::open_in_memory().unwrap();
    let mut orders = Vec::new();
    for i in 0..5 {
        let mut doc = FilingDocument::draft(&format!("客户{i}"), &format!("client{i}.cn"));
        doc.websites[0].product.instance_id = Some("i-bp1shared000001".into());
        orders.push(store.create_filing(&doc, at("2026-11-20T01:00:00Z")).unwrap().order_no);
    }
    let mut sixth = FilingDocument::draft("客户6", "client6.cn");
    sixth.websites[0].product.instance_id = Some("i-bp1shared000001".into());
    let uses = store.product_uses_for(None, &sixth).unwrap();
    assert_eq!(uses.len(), 5, "the five other filings' uses are found through the index");
    let diags = beian_core::product::check_products("", &sixth, &uses);
    let quota = diags.iter().find(|d| d.code == "quota_exceeded").expect("the sixth website is over the ECS quota");
    assert!(quota.is_error());
    assert_eq!(quota.field, "websites[0].product.instance_id");
    for order in &orders {
        assert!(quota.message.contains(order.as_str()), "{} names {order}", quota.message);
    }
    // Another instance is fine.
    sixth.websites[0].product.instance_id = Some("i-bp1other0000001".into());
    let uses = store.product_uses_for(None, &sixth).unwrap();
    assert!(beian_core::product::check_products("", &sixth, &uses).iter().all(|d| d.code != "quota_exceeded"));
}
