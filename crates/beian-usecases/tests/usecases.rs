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
    let second = ready(&mut store, &sample(SERVICE_NUMBER), now);
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
