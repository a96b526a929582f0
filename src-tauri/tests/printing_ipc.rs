//! Printing through Tauri's mock runtime: the views rendered from the store, masked by default,
//! full data only when asked and then recorded in each filing's history.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Harness, harness, invoke};
use serde_json::json;

/// A filing with a principal's ID number and phone.
fn filing(h: &Harness, name: &str) -> i64 {
    let rec = invoke(h, "create_filing", json!({"subjectName": name, "domain": "yunfan-it.cn"})).unwrap();
    let id = rec["id"].as_i64().unwrap();
    let mut doc = rec["document"].clone();
    doc["subject"]["nature"] = json!("enterprise");
    doc["subject"]["principal"]["name"] = json!("王伟");
    doc["subject"]["principal"]["cert_number"] = json!("330106198503124571");
    doc["subject"]["principal"]["phone"] = json!("13812345678");
    invoke(h, "update_filing", json!({"id": id, "revision": rec["revision"], "document": doc})).unwrap();
    id
}

fn kinds(h: &Harness, id: i64) -> Vec<String> {
    let events = invoke(h, "filing_events", json!({"id": id})).unwrap();
    events.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn masked_by_default_full_recorded() {
    let h = harness();
    let a = filing(&h, "杭州云帆信息技术有限公司");
    let b = filing(&h, "杭州云帆网络科技有限公司");

    let menu = invoke(&h, "print_kinds", json!({})).unwrap();
    let codes: Vec<_> = menu.as_array().unwrap().iter().map(|k| k["kind"].as_str().unwrap()).collect();
    assert_eq!(codes, ["checklist", "summary", "sms", "handoff"]);
    assert_eq!(menu[0]["label"]["zh"], "邮寄资料清单");
    assert_eq!(menu[0]["label"]["en"], "Mailing checklist");

    let job =
        invoke(&h, "render_print", json!({"kind": "summary", "ids": [a], "full": false, "handoffUrl": null})).unwrap();
    let html = job["html"].as_str().unwrap();
    assert!(html.contains("330106********4571") && html.contains("138****5678"), "{html}");
    assert!(!html.contains("330106198503124571") && !html.contains("13812345678"));
    assert_eq!(job["full"], false);
    assert!(!kinds(&h, a).contains(&"printed_full".to_owned()));

    let job = invoke(&h, "render_print", json!({"kind": "checklist", "ids": [a, b], "full": true, "handoffUrl": null}))
        .unwrap();
    let html = job["html"].as_str().unwrap();
    assert!(html.contains("13812345678"));
    assert_eq!(job["filings"], 2);
    assert_eq!(html.matches("<section class=\"sheet\"").count(), 2);
    for id in [a, b] {
        let events = invoke(&h, "filing_events", json!({"id": id})).unwrap();
        let last = events.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "printed_full");
        assert_eq!(last["note"], "打印邮寄资料清单（含完整个人信息）");
    }
}

#[test]
fn bad_requests_are_invalid_and_record_nothing() {
    let h = harness();
    let a = filing(&h, "杭州云帆信息技术有限公司");
    let before = kinds(&h, a);

    let err = invoke(&h, "render_print", json!({"kind": "checklist", "ids": [], "full": true, "handoffUrl": null}))
        .unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid"), Some("ids")));

    let err = invoke(
        &h,
        "render_print",
        json!({"kind": "handoff", "ids": [a], "full": true, "handoffUrl": "javascript:alert(1)"}),
    )
    .unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid"), Some("handoff_url")));

    let err =
        invoke(&h, "render_print", json!({"kind": "summary", "ids": [a, 4242], "full": true, "handoffUrl": null}))
            .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert_eq!(kinds(&h, a), before, "a failed print records nothing");

    let job = invoke(
        &h,
        "render_print",
        json!({"kind": "handoff", "ids": [a], "full": false, "handoffUrl": " https://example.cn/h/1 "}),
    )
    .unwrap();
    assert!(job["html"].as_str().unwrap().contains("<svg"));
}
