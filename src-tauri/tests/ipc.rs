//! The commands through Tauri's mock runtime: real IPC dispatch, real argument deserialisation,
//! a real store in a temporary directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{harness, harness_at, invoke};
use serde_json::{Value, json};

#[test]
fn create_list_get_update_through_ipc() {
    let h = harness();
    let rec = invoke(&h, "create_filing", json!({"subjectName": " 张三 ", "domain": "zhangsan.cn"})).unwrap();
    assert_eq!(rec["document"]["subject"]["name"], "张三", "input is trimmed");
    assert_eq!(rec["status"], "draft");
    let id = rec["id"].as_i64().unwrap();

    let list = invoke(&h, "list_filings", json!({"query": {"search": "zhangsan"}})).unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["order_no"], rec["order_no"]);

    let mut doc = rec["document"].clone();
    doc["subject"]["name"] = json!("张三丰");
    let updated = invoke(&h, "update_filing", json!({"id": id, "revision": 1, "document": doc})).unwrap();
    assert_eq!(updated["revision"], 2);
    let got = invoke(&h, "get_filing", json!({"id": id})).unwrap();
    assert_eq!(got["document"]["subject"]["name"], "张三丰");

    let events = invoke(&h, "filing_events", json!({"id": id})).unwrap();
    let kinds: Vec<_> = events.as_array().unwrap().iter().map(|e| e["kind"].clone()).collect();
    assert_eq!(kinds, [json!("created"), json!("edited")]);
}

#[test]
fn errors_cross_as_code_message_field() {
    let h = harness();
    let err = invoke(&h, "create_filing", json!({"subjectName": "", "domain": "a.cn"})).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["field"], "subject.name");
    assert!(err["message"].as_str().unwrap().contains("请填写"), "{err}");

    let err = invoke(&h, "get_filing", json!({"id": 4242})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert_eq!(err["field"], Value::Null);
    let err = invoke(&h, "filing_events", json!({"id": 4242})).unwrap_err();
    assert_eq!(err["code"], "not_found");

    let rec = invoke(&h, "create_filing", json!({"subjectName": "李四", "domain": "lisi.cn"})).unwrap();
    let id = rec["id"].as_i64().unwrap();
    let doc = rec["document"].clone();
    invoke(&h, "update_filing", json!({"id": id, "revision": 1, "document": doc})).unwrap();
    let err = invoke(&h, "update_filing", json!({"id": id, "revision": 1, "document": doc})).unwrap_err();
    assert_eq!(err["code"], "conflict", "a stale revision is refused: {err}");
}

#[test]
fn wrong_argument_types_are_refused_without_writing() {
    let h = harness();
    // Tauri refuses arguments of the wrong type before the command runs.
    assert!(invoke(&h, "create_filing", json!({"subjectName": 5, "domain": "a.cn"})).is_err());
    assert!(invoke(&h, "get_filing", json!({"id": "one"})).is_err());
    let mut doc = json!({"format": "beian-filing/1"});
    doc["subject"] = json!({"nature": "alien"});
    assert!(invoke(&h, "update_filing", json!({"id": 1, "revision": 1, "document": doc})).is_err());
    let list = invoke(&h, "list_filings", json!({"query": {}})).unwrap();
    assert_eq!(list["total"], 0);
}

#[test]
fn the_catalog_comes_from_the_core() {
    let h = harness();
    let cat = invoke(&h, "catalog", json!({})).unwrap();
    let statuses = cat["statuses"].as_array().unwrap();
    assert!(statuses.iter().any(|s| s["code"] == "bureau_review" && s["label"] == "管局审核中"));
    let types = cat["filing_types"].as_array().unwrap();
    assert_eq!(types.len(), 10);
}

#[test]
fn a_database_from_a_newer_version_is_reported_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beian.sqlite3");
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let data = dir.path().to_path_buf();
    let h = harness_at(dir, data);
    let err = invoke(&h, "list_filings", json!({"query": {}})).unwrap_err();
    assert_eq!(err["code"], "database_too_new");
    assert!(err["message"].as_str().unwrap().contains("升级"), "{err}");
    let v: i64 = rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 99);
}

/// A viewer of the team store reads the masked document; 显示完整信息 shows it in full and the
/// server records the reveal in the viewer's name.
#[test]
fn a_viewer_reveals_a_filing_through_the_audited_path() {
    let (h, mut owner) = common::harness_team_viewer();
    let mut doc = beian_core::FilingDocument::draft("张三", "a.cn");
    doc.subject.cert_number = "110101199003071234".into();
    let rec = owner.create_filing(&doc, jiff::Timestamp::now()).unwrap();
    let seen = invoke(&h, "get_filing", json!({"id": rec.id})).unwrap();
    assert_eq!(seen["document"]["subject"]["cert_number"], "110101********1234");
    assert_eq!(seen["editable"], false);
    assert!(owner.audit_entries(Some(rec.id), 10).unwrap().is_empty(), "reading is not revealing");
    let full = invoke(&h, "reveal_filing", json!({"id": rec.id})).unwrap();
    assert_eq!(full["document"]["subject"]["cert_number"], "110101199003071234");
    let trail = owner.audit_entries(Some(rec.id), 10).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!((trail[0].actor.as_str(), trail[0].action.as_str()), ("viewer_ipc", "reveal"));
    assert!(owner.verify_audit_chain().unwrap().problems.is_empty());
    // An unknown filing: an error, nothing recorded.
    assert!(invoke(&h, "reveal_filing", json!({"id": 4242})).is_err());
    assert_eq!(owner.audit_entries(None, 10).unwrap().len(), 1);
}
