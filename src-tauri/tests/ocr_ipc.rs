//! 识别证件 through Tauri's mock runtime: `ocr_status`, `ocr_read_attachment` on an ID-card scan
//! drawn here with ImageMagick (proposals with their paths, masked display values, progress events,
//! the filing in the store untouched), `ocr_reveal` recorded in the audit trail, and the typed errors
//! (unknown, removed and unreadable attachments; OCR not installed).
//!
//! Needs the OCR runtime and models (`scripts/setup-ocr.sh`, which `scripts/setup.sh` runs) and
//! ImageMagick's `convert` with Noto Sans CJK.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use common::{Harness, harness, harness_team, invoke};
use serde_json::{Value, json};
use tauri::Listener;

const FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// A valid 18-digit resident ID number with this 17-digit body.
fn resident_id(body: &str) -> String {
    format!("{body}{}", beian_core::cert::gb11643_check_char(body).unwrap())
}

/// The front of a resident ID card (1012×638, the card's proportions at 300 dpi), drawn with
/// ImageMagick: labels in blue, values in black, on a pale background (a different `tint` makes a
/// different file of the same card).
fn id_card(dir: &Path, name: &str, person: &str, number: &str) -> PathBuf {
    id_card_tinted(dir, name, person, number, "#eef3f7")
}

fn id_card_tinted(dir: &Path, name: &str, person: &str, number: &str, tint: &str) -> PathBuf {
    // (colour, point size, x, y, text)
    let text = [
        ("#3a6ea5", 28, 60, 110, "姓 名"),
        ("#3a6ea5", 28, 60, 190, "性 别"),
        ("#3a6ea5", 28, 300, 190, "民 族"),
        ("#3a6ea5", 28, 60, 270, "出 生"),
        ("#3a6ea5", 28, 60, 350, "住 址"),
        ("#3a6ea5", 28, 60, 540, "公民身份号码"),
        ("black", 34, 180, 112, person),
        ("black", 34, 180, 192, "男"),
        ("black", 34, 420, 192, "汉"),
        ("black", 34, 180, 272, "1988 年 5 月 12 日"),
        ("black", 34, 180, 352, "浙江省杭州市西湖区文三路100号"),
        ("black", 38, 300, 542, number),
    ];
    let mut convert = Command::new("convert");
    convert.args(["-size", "1012x638", &format!("xc:{tint}"), "-font", FONT]);
    for (colour, size, x, y, t) in text {
        convert.args(["-fill", colour, "-pointsize", &size.to_string(), "-annotate", &format!("+{x}+{y}"), t]);
    }
    let out = dir.join(name);
    let status = convert.arg(&out).status().expect("ImageMagick's convert");
    assert!(status.success(), "convert failed");
    out
}

fn attach(h: &Harness, filing: i64, material: &str, path: &Path) -> i64 {
    let report = invoke(
        h,
        "attach_files",
        json!({"filingId": filing, "materialCode": material, "paths": [path], "onProgress": "__CHANNEL__:3"}),
    )
    .unwrap();
    report["attached"][0]["id"].as_i64().unwrap_or_else(|| panic!("not attached: {report}"))
}

fn audit_rows(h: &Harness) -> i64 {
    if let Some(db) = &h.team_db {
        let server = beian_store::team::testing::server().unwrap();
        let mut c = server.client(beian_store::team::cluster::OWNER, db).unwrap();
        return c.query_one("SELECT count(*) FROM beian.audit_log WHERE action = 'reveal'", &[]).unwrap().get(0);
    }
    let conn = rusqlite::Connection::open(h.data.join("beian.sqlite3")).unwrap();
    conn.query_row("SELECT count(*) FROM audit_log WHERE action = 'reveal'", [], |r| r.get(0)).unwrap()
}

fn item<'a>(result: &'a Value, path: &str) -> &'a Value {
    result["proposals"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == path)
        .unwrap_or_else(|| panic!("no proposal for {path}: {result:#}"))
}

#[test]
fn an_id_scan_proposes_name_and_number_and_writes_nothing() {
    an_id_scan_proposes_name_and_number_and_writes_nothing_on(harness());
}

/// The same on the team store: the page read from the scan's bytes in the database.
#[test]
fn an_id_scan_proposes_name_and_number_and_writes_nothing_in_team_mode() {
    an_id_scan_proposes_name_and_number_and_writes_nothing_on(harness_team());
}

fn an_id_scan_proposes_name_and_number_and_writes_nothing_on(h: Harness) {
    let status = invoke(&h, "ocr_status", json!({})).unwrap();
    assert_eq!(status["available"], true, "OCR not installed: run scripts/setup-ocr.sh ({status})");
    assert_eq!(
        status["materials"],
        json!(["subject_certificate", "subject_principal_certificate", "website_principal_certificate"])
    );

    let rec = invoke(&h, "create_filing", json!({"subjectName": "张三", "domain": "zhangsan.cn"})).unwrap();
    let fid = rec["id"].as_i64().unwrap();
    // A company whose principal's number on file is someone else's: the proposal shows both, masked.
    // (For a personal filing the principal is the subject: the store fills it in from the subject.)
    let mut doc = rec["document"].clone();
    doc["subject"]["nature"] = json!("enterprise");
    doc["subject"]["cert_type"] = json!("business_license");
    doc["subject"]["principal"]["name"] = json!("张三");
    doc["subject"]["principal"]["cert_number"] = json!("110105199003071239");
    let rec = invoke(&h, "update_filing", json!({"id": fid, "revision": rec["revision"], "document": doc})).unwrap();

    let number = resident_id("33010619880512001");
    let scan = id_card(h.dir.path(), "身份证正面.jpg", "王小明", &number);
    let aid = attach(&h, fid, "subject_principal_certificate", &scan);

    let events = Arc::new(Mutex::new(Vec::<Value>::new()));
    let seen = events.clone();
    h.app.listen_any("ocr-progress", move |e| seen.lock().unwrap().push(serde_json::from_str(e.payload()).unwrap()));
    let before = invoke(&h, "get_filing", json!({"id": fid})).unwrap();
    let history = invoke(&h, "filing_events", json!({"id": fid})).unwrap();

    let r = invoke(&h, "ocr_read_attachment", json!({"attachmentId": aid, "document": rec["document"]})).unwrap();
    assert_eq!(r["attachment_id"], aid);
    assert_eq!(r["kind"], "resident_id", "{r:#}");
    assert_eq!(r["kind_label"], serde_json::json!({"zh": "居民身份证", "en": "Resident identity card"}));
    assert_eq!(r["fields"]["fields"]["name"]["value"], "王小明", "{r:#}");
    assert!(r["elapsed_ms"].as_u64().unwrap() > 0);
    assert!(r["proposals"]["remark"].is_null(), "{r:#}");

    let paths: Vec<&str> =
        r["proposals"]["items"].as_array().unwrap().iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["subject.principal.name", "subject.principal.cert_type", "subject.principal.cert_number"]);

    let name = item(&r, "subject.principal.name");
    assert_eq!(name["proposed"], "王小明");
    assert_eq!(name["current"], "张三");
    assert_eq!(name["proposed_display"]["zh"], "王小明");
    assert_eq!(name["label"]["en"], "Subject principal's name");
    assert_eq!(name["same"], false);
    assert_eq!(name["masked"], false);
    assert_eq!(name["low_confidence"], false);
    assert!(name["confidence"].as_f64().unwrap() > 0.8, "{name}");

    let cert = item(&r, "subject.principal.cert_number");
    assert_eq!(cert["proposed"], number.as_str());
    assert_eq!(cert["needs_typing"], Value::Null);
    assert_eq!(cert["same"], false);
    assert_eq!(cert["masked"], true);
    assert_eq!(cert["current_display"]["zh"], "110105********1239");
    assert_eq!(cert["current_display"]["en"], "110105********1239");
    assert_eq!(cert["proposed_display"]["zh"], beian_core::mask::cert_number(&number));
    assert_eq!(cert["current_full"]["zh"], "110105199003071239");
    assert_eq!(cert["proposed_full"]["en"], number.as_str());

    let kind = item(&r, "subject.principal.cert_type");
    assert_eq!(kind["proposed"], "resident_id");
    assert_eq!(kind["proposed_display"]["zh"], "居民身份证");
    assert_eq!(kind["current_display"]["zh"], "居民身份证");
    assert_eq!(kind["current_display"]["en"], "Resident identity card");
    assert_eq!(kind["same"], true);

    // Progress: detecting, recognizing n of n, done; all for this attachment.
    let events = events.lock().unwrap().clone();
    let stages: Vec<&str> = events.iter().map(|e| e["stage"].as_str().unwrap()).collect();
    assert_eq!(stages.first(), Some(&"detecting"), "{events:?}");
    assert_eq!(stages.last(), Some(&"done"), "{events:?}");
    assert!(stages.contains(&"recognizing"), "{events:?}");
    assert!(events.iter().all(|e| e["attachment_id"] == aid), "{events:?}");
    let last = events.iter().rfind(|e| e["stage"] == "recognizing").unwrap();
    assert_eq!(last["done"], last["total"], "{events:?}");

    // Reading wrote nothing.
    assert_eq!(invoke(&h, "get_filing", json!({"id": fid})).unwrap(), before);
    assert_eq!(invoke(&h, "filing_events", json!({"id": fid})).unwrap(), history);

    // The draft as the window holds it: the proposals compare against it, not the saved one. A
    // second reading reuses the loaded engine.
    let mut draft = rec["document"].clone();
    draft["subject"]["principal"]["name"] = json!("王小明");
    let r2 = invoke(&h, "ocr_read_attachment", json!({"attachmentId": aid, "document": draft})).unwrap();
    assert_eq!(item(&r2, "subject.principal.name")["same"], true);

    // The same scan as the subject's certificate: a company's needs its licence, not an ID card…
    let copy = id_card_tinted(h.dir.path(), "身份证复印件.jpg", "王小明", &number, "#f4f1ea");
    let as_subject = attach(&h, fid, "subject_certificate", &copy);
    let r3 = invoke(&h, "ocr_read_attachment", json!({"attachmentId": as_subject, "document": draft})).unwrap();
    assert_eq!(r3["proposals"]["items"], json!([]), "{r3:#}");
    assert!(r3["proposals"]["remark"]["zh"].as_str().unwrap().contains("主体证件应为单位证件"), "{r3:#}");
    // …and a person's fills the subject.
    draft["subject"]["nature"] = json!("personal");
    draft["subject"]["cert_type"] = json!("resident_id");
    let r3 = invoke(&h, "ocr_read_attachment", json!({"attachmentId": as_subject, "document": draft})).unwrap();
    assert_eq!(item(&r3, "subject.name")["proposed"], "王小明");
    assert_eq!(item(&r3, "subject.cert_number")["proposed"], number.as_str());
    assert_eq!(item(&r3, "subject.cert_address")["proposed"], "浙江省杭州市西湖区文三路100号");

    // Showing the numbers in full is recorded first.
    assert_eq!(audit_rows(&h), 0);
    invoke(&h, "ocr_reveal", json!({"attachmentId": aid})).unwrap();
    assert_eq!(audit_rows(&h), 1);
    assert_eq!(invoke(&h, "get_filing", json!({"id": fid})).unwrap()["revision"], before["revision"]);
}

#[test]
fn unknown_removed_and_unreadable_attachments_are_typed_errors() {
    let h = harness();
    let rec = invoke(&h, "create_filing", json!({"subjectName": "张三", "domain": "zhangsan.cn"})).unwrap();
    let fid = rec["id"].as_i64().unwrap();
    let doc = rec["document"].clone();

    let e = invoke(&h, "ocr_read_attachment", json!({"attachmentId": 987_654, "document": doc})).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
    let e = invoke(&h, "ocr_reveal", json!({"attachmentId": 987_654})).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");

    let scan = id_card(h.dir.path(), "a.jpg", "王小明", &resident_id("33010619880512001"));
    let removed = attach(&h, fid, "subject_principal_certificate", &scan);
    invoke(&h, "remove_attachment", json!({"id": removed})).unwrap();
    let e = invoke(&h, "ocr_read_attachment", json!({"attachmentId": removed, "document": doc})).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
    assert!(e["message"].as_str().unwrap().contains("已删除"), "{e}");

    // A stored file damaged behind the app's back.
    let scan = id_card(h.dir.path(), "b.jpg", "李四", &resident_id("11010519900307123"));
    let damaged = attach(&h, fid, "subject_principal_certificate", &scan);
    let a = invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap()[0].clone();
    assert_eq!(a["id"], damaged);
    let file = beian_scan::FileStore::in_data_dir(&h.data).path_of(a["sha256"].as_str().unwrap()).unwrap();
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, b"not an image at all").unwrap();
    let e = invoke(&h, "ocr_read_attachment", json!({"attachmentId": damaged, "document": doc})).unwrap_err();
    assert_eq!(e["code"], "invalid", "{e}");
    assert_eq!(e["field"], "file", "{e}");
}

/// Run by [`without_ocr_the_status_says_so`] in a child process with `BEIAN_OCR_DIR` pointing at an
/// empty directory (this process's environment is not changed: `unsafe` is forbidden here).
#[test]
fn child_without_ocr() {
    if std::env::var_os("BEIAN_OCR_TEST_CHILD").is_none() {
        return;
    }
    let h = harness();
    assert_eq!(invoke(&h, "ocr_status", json!({})).unwrap()["available"], false);
    let rec = invoke(&h, "create_filing", json!({"subjectName": "张三", "domain": "zhangsan.cn"})).unwrap();
    let fid = rec["id"].as_i64().unwrap();
    let scan = id_card(h.dir.path(), "a.jpg", "王小明", &resident_id("33010619880512001"));
    let aid = attach(&h, fid, "subject_principal_certificate", &scan);
    let e = invoke(&h, "ocr_read_attachment", json!({"attachmentId": aid, "document": rec["document"]})).unwrap_err();
    assert_eq!(e["code"], "ocr_unavailable", "{e}");
    assert!(e["message"].as_str().unwrap().contains("未安装证件识别组件"), "{e}");
}

#[test]
fn without_ocr_the_status_says_so() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_without_ocr", "--nocapture", "--test-threads=1"])
        .env("BEIAN_OCR_DIR", empty.path())
        .env("BEIAN_OCR_TEST_CHILD", "1")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
}
