//! Personal data on the command line: lists and exports are masked, a full export is recorded in
//! the audit trail first, and `beian doctor` finds an audit row edited behind the triggers' back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");
const ID: &str = "33010619900101123X";
const PHONE: &str = "13800000000";

fn beian(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beian"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn imported(dir: &Path) -> String {
    let file = dir.join("a.json");
    std::fs::write(&file, SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")).unwrap();
    let o = beian(dir, &["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    out(&o).split('→').nth(1).unwrap().split('（').next().unwrap().trim().to_owned()
}

fn audit_rows(dir: &Path) -> Vec<(String, Option<i64>)> {
    let store = beian_store::Store::open(dir).unwrap();
    store.audit_entries(None, 100).unwrap().into_iter().map(|e| (e.action, e.filing_id)).collect()
}

#[test]
fn lists_and_exports_are_masked_and_a_full_export_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let order_no = imported(dir.path());

    for args in [&["list"][..], &["list", "--json"], &["export", &order_no], &["export", "--json"], &["export"]] {
        let o = beian(dir.path(), args);
        assert_eq!(o.status.code(), Some(0));
        let text = out(&o);
        assert!(!text.contains(ID) && !text.contains(PHONE), "beian {args:?} shows personal data:\n{text}");
    }
    let masked = out(&beian(dir.path(), &["export", &order_no]));
    assert!(masked.contains("330106********123X") && masked.contains("138****0000"), "{masked}");
    assert!(audit_rows(dir.path()).is_empty(), "a masked export is not recorded");

    let full = beian(dir.path(), &["export", "--full", &order_no]);
    assert_eq!(full.status.code(), Some(0));
    assert!(out(&full).contains(ID) && out(&full).contains(PHONE));
    assert_eq!(audit_rows(dir.path()), [("export_full".to_owned(), Some(1))]);

    let o = beian(dir.path(), &["doctor"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn doctor_finds_an_audit_row_edited_behind_the_triggers_back() {
    let dir = tempfile::tempdir().unwrap();
    let order_no = imported(dir.path());
    for _ in 0..3 {
        assert_eq!(beian(dir.path(), &["export", "--full", &order_no]).status.code(), Some(0));
    }
    // The triggers refuse a plain edit …
    let conn = rusqlite::Connection::open(dir.path().join("beian.sqlite3")).unwrap();
    let err = conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 2", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // … so someone drops them, edits, and puts them back.
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET actor = 'nobody' WHERE id = 2;
         CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
             SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
         END;",
    )
    .unwrap();
    drop(conn);
    let o = beian(dir.path(), &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "doctor must report the tampering:\n{}", out(&o));
    assert!(out(&o).contains("审计记录 #2 的内容已被改动"), "{}", out(&o));
    let json: serde_json::Value = serde_json::from_str(&out(&beian(dir.path(), &["doctor", "--json"]))).unwrap();
    assert_eq!(json["healthy"], false);
}

/// The log in `<data-dir>/logs/` says what was done — the verbs and how they ended — and holds none
/// of the client's data, whatever the verbs were given: names, ID numbers, phones, file names.
#[test]
fn the_log_says_what_was_done_and_nothing_of_the_client() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A verb that never touches the data directory leaves no log (and no folder).
    let o = beian(&dir.join("untouched"), &["cert", "resident_id", ID]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!dir.join("untouched").exists(), "cert made the data directory");

    let order = imported(dir);
    let named = dir.join("张三-33010619900101123X.json");
    std::fs::write(&named, SAMPLE).unwrap();
    for args in [
        &["import", named.to_str().unwrap()][..],
        &["list", "--search", PHONE],
        &["list", "--search", "张三"],
        &["export", "--full", &order],
        &["export", ID],
        &["history", &order],
        &["due"],
    ] {
        beian(dir, args);
    }
    let log = std::fs::read_to_string(dir.join("logs/cli_current.log")).unwrap();
    for verb in ["beian import", "beian list", "beian export", "beian history", "beian due"] {
        assert!(log.contains(verb), "{verb} not logged:\n{log}");
    }
    assert!(log.contains("failed with exit code"), "the failed export is logged:\n{log}");
    for secret in [ID, PHONE, "13900000000", "张三", "zhangsan", "330106"] {
        assert!(!log.contains(secret), "the log holds {secret}:\n{log}");
    }
}
