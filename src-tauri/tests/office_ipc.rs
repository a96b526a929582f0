//! The office commands through Tauri's mock runtime: what is due (the Today view's list and the
//! calendar file a save dialog names), the review times, and spreadsheets: the list exported
//! (masked, or full and audited), the intake template, a filled workbook previewed without storing
//! anything and imported all or none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "../../crates/beian-usecases/tests/sheet_support/mod.rs"]
mod sheet_support;

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use common::{harness, harness_at, invoke};
use serde_json::json;
use sheet_support::{ID, V, sample_service, sample_subject, workbook};

/// The app on a store of 80 demo filings made over the last 50 days.
fn busy_office() -> common::Harness {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut store = beian_store::Store::open(&data).unwrap();
    let start = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 50);
    for k in 0..4 {
        store.write_demo(20, 20, 11 + k, beian_store::demo::demo_time(start, k as usize * 20)).unwrap();
    }
    drop(store);
    harness_at(dir, data)
}

#[test]
fn what_is_due_and_its_calendar_file() {
    let h = busy_office();
    let due = invoke(&h, "due_list", json!({"within": null})).unwrap();
    let items = due["items"].as_array().unwrap();
    assert!(!items.is_empty(), "demo filings in review have deadlines: {due}");
    let overdue = items.iter().filter(|i| i["reminder"]["overdue"] == true).count();
    assert_eq!(due["counts"]["overdue"], overdue, "the tile counts what the list shows");
    // Nearest first.
    let dues: Vec<String> = items.iter().map(|i| i["reminder"]["due"].as_str().unwrap().to_owned()).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);

    // The calendar file, where a save dialog says: one event per deadline.
    let ics = h.dir.path().join("期限.ics");
    let n = invoke(&h, "save_deadlines_ics", json!({"path": ics})).unwrap();
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text:.200}");
    assert_eq!(text.matches("BEGIN:VEVENT").count() as u64, n.as_u64().unwrap());
    assert_eq!(n.as_u64().unwrap() as usize, items.len());

    // Bad places are refused with a message, and nothing is written.
    for (path, why) in [
        ("deadlines.ics".to_owned(), "relative"),
        (h.dir.path().join("no-such-folder/d.ics").display().to_string(), "missing folder"),
        (h.dir.path().join("d.txt").display().to_string(), "wrong extension"),
        (String::new(), "empty"),
    ] {
        let err = invoke(&h, "save_deadlines_ics", json!({"path": path})).unwrap_err();
        assert!(!err["message"].as_str().unwrap().is_empty(), "{why}: {err}");
        assert!(
            err["message"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{why}: {err}"
        );
    }
    assert!(!h.dir.path().join("d.txt").exists());

    // The review times: every figure counts the filings behind it and says whether it is used.
    let stats = invoke(&h, "review_stats", json!({})).unwrap();
    for f in stats["figures"].as_array().unwrap() {
        let n = f["filings"].as_u64().unwrap();
        assert!(n >= 1);
        assert_eq!(f["used"], n >= stats["min_filings"].as_u64().unwrap(), "{f}");
        assert!(f["median_workdays"].as_f64().unwrap() <= f["p90_workdays"].as_f64().unwrap(), "{f}");
    }
}

fn read_export(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let name = x.sheet_names()[0].clone();
    let range = x.worksheet_range(&name).unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

#[test]
fn an_intake_workbook_is_previewed_then_imported_and_exported() {
    let h = harness();
    let template = h.dir.path().join("模板.xlsx");
    invoke(&h, "save_intake_template", json!({"path": template})).unwrap();
    let x: Xlsx<_> = Xlsx::new(Cursor::new(std::fs::read(&template).unwrap())).unwrap();
    assert_eq!(x.sheet_names(), ["说明", "主体", "服务", "代码表"]);

    // A workbook whose ID number Excel turned into 1.1E+17: named at its cell, nothing stored.
    let mut subject = sample_subject();
    for (h, v) in &mut subject {
        if *h == "主办单位证件号码" {
            *v = V::N(3.301_061_990_010_112e17);
        }
    }
    let bad = h.dir.path().join("bad.xlsx");
    std::fs::write(&bad, workbook(&[subject], &[sample_service()])).unwrap();
    let preview = invoke(&h, "preview_intake", json!({"path": bad})).unwrap();
    assert!(preview["intake"].is_null());
    let problems = preview["problems"]["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["at"]["sheet"] == "主体" && p["at"]["header"] == "主办单位证件号码"),
        "{problems:?}"
    );
    let err = invoke(&h, "import_intake", json!({"path": bad})).unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert_eq!(invoke(&h, "list_filings", json!({"query": {}})).unwrap()["total"], 0, "nothing stored");

    // The sample client: previewed (the rulebook's findings per row, nothing stored), then imported.
    let good = h.dir.path().join("客户.xlsx");
    std::fs::write(&good, workbook(&[sample_subject()], &[sample_service()])).unwrap();
    let preview = invoke(&h, "preview_intake", json!({"path": good})).unwrap();
    assert!(preview["problems"].is_null(), "{preview}");
    let filings = preview["intake"]["filings"].as_array().unwrap();
    assert_eq!(filings.len(), 1);
    assert_eq!(filings[0]["document"]["subject"]["name"], "张三");
    assert_eq!(filings[0]["subject_row"], 2);
    assert_eq!(invoke(&h, "list_filings", json!({"query": {}})).unwrap()["total"], 0, "a preview stores nothing");
    let ids = invoke(&h, "import_intake", json!({"path": good})).unwrap();
    let id = ids[0].as_i64().unwrap();
    let rec = invoke(&h, "get_filing", json!({"id": id})).unwrap();
    assert_eq!(rec["status"], "draft");
    assert_eq!(rec["document"]["subject"]["cert_number"], ID);
    assert_eq!(rec["document"]["websites"][0]["domains"][0], "example.com");

    // Exported: masked by default; full only when asked, and then audited.
    let masked = h.dir.path().join("list.xlsx");
    let saved = invoke(&h, "export_xlsx", json!({"query": {"search": "张三"}, "full": false, "path": masked})).unwrap();
    assert_eq!(saved, json!({"filings": 1, "rows": 1}));
    let cells = read_export(&masked).concat().join("\t");
    assert!(cells.contains("张三") && cells.contains("example.com"), "{cells}");
    assert!(!cells.contains(ID), "masked: {cells}");
    let full = h.dir.path().join("full.xlsx");
    invoke(&h, "export_xlsx", json!({"query": {}, "full": true, "path": full})).unwrap();
    assert!(read_export(&full).concat().join("\t").contains(ID));
    // A filter that shows nothing exports a workbook with its header only.
    let none = h.dir.path().join("none.xlsx");
    let saved = invoke(&h, "export_xlsx", json!({"query": {"search": "nobody"}, "full": false, "path": none})).unwrap();
    assert_eq!(saved["filings"], 0);
    assert_eq!(read_export(&none).len(), 1);
    // Not an .xlsx place: refused before anything is written.
    let err = invoke(&h, "export_xlsx", json!({"query": {}, "full": false, "path": "list.xlsx"})).unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");

    let conn = rusqlite::Connection::open(h.data.join("beian.sqlite3")).unwrap();
    let audited: Vec<(String, Option<i64>)> = conn
        .prepare("SELECT action, filing_id FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(audited, [("export_full".to_owned(), Some(id))], "only the full export is audited, once per filing");
}

#[test]
fn a_first_run_imports_documents_all_or_none_and_loads_demo_data_only_into_an_empty_store() {
    let h = harness();
    let sample = include_str!("../../crates/beian-core/tests/data/sample-filing.json");
    let good = h.dir.path().join("客户甲.json");
    std::fs::write(&good, sample).unwrap();
    let broken = h.dir.path().join("坏文件.json");
    std::fs::write(&broken, "{\"format\": \"beian-filing/1\", ").unwrap();
    // One file that does not parse and nothing is stored; it is named.
    let err = invoke(&h, "import_json", json!({"paths": [good, broken]})).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().starts_with("坏文件.json："), "{err}");
    for (paths, why) in [
        (json!([]), "none chosen"),
        (json!(["relative.json"]), "relative"),
        (json!([h.dir.path().join("missing.json")]), "missing"),
        (json!([h.dir.path()]), "a folder"),
    ] {
        let err = invoke(&h, "import_json", json!({"paths": paths})).unwrap_err();
        assert_eq!(err["code"], "invalid", "{why}: {err}");
    }
    assert_eq!(invoke(&h, "list_filings", json!({"query": {}})).unwrap()["total"], 0, "nothing half-imported");

    // The demo into an empty store: filings at several stages, with deadlines.
    let n = invoke(&h, "load_demo", json!({})).unwrap();
    assert_eq!(n, 120);
    let list = invoke(&h, "list_filings", json!({"query": {}})).unwrap();
    assert_eq!(list["total"], 120);
    assert!(list["status_counts"].as_array().unwrap().len() >= 5, "{}", list["status_counts"]);
    // What lapsed in the made-up past is 已过期 at once, as at the app's start.
    assert!(
        list["status_counts"].as_array().unwrap().iter().any(|c| c["status"] == "expired"),
        "{}",
        list["status_counts"]
    );
    // Not twice, and not over real data.
    let err = invoke(&h, "load_demo", json!({})).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("空的数据目录"), "{err}");
    assert_eq!(invoke(&h, "list_filings", json!({"query": {}})).unwrap()["total"], 120);

    // A good document, alone: one draft.
    let ids = invoke(&h, "import_json", json!({"paths": [good]})).unwrap();
    let rec = invoke(&h, "get_filing", json!({"id": ids[0]})).unwrap();
    assert_eq!(rec["status"], "draft");
    assert_eq!(
        rec["document"]["subject"]["name"],
        serde_json::from_str::<serde_json::Value>(sample).unwrap()["subject"]["name"]
    );
}

#[test]
fn about_and_the_diagnostic_bundle_say_what_the_program_is_and_nothing_of_the_clients() {
    let h = harness();
    let sample = include_str!("../../crates/beian-core/tests/data/sample-filing.json");
    let file = h.dir.path().join("a.json");
    std::fs::write(&file, sample).unwrap();
    invoke(&h, "import_json", json!({"paths": [file]})).unwrap();
    // A log as the app writes one, with a line that should never be there: the bundle masks it.
    std::fs::create_dir_all(h.data.join("logs")).unwrap();
    std::fs::write(
        h.data.join("logs/app_current.log"),
        "INFO store opened\nWARN stray 33010619900101123X 13800000000\n",
    )
    .unwrap();

    let about = invoke(&h, "about_info", json!({})).unwrap();
    assert_eq!(about["data_dir"], h.data.display().to_string());
    assert_eq!(about["engine"], "sqlite");
    assert_eq!(about["filings"], 1);
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert!(about["rules"].as_u64().unwrap() > 50);

    let out = h.dir.path().join("诊断.zip");
    let bytes = invoke(&h, "save_support_bundle", json!({"path": out})).unwrap();
    let data = std::fs::read(&out).unwrap();
    assert_eq!(bytes.as_u64().unwrap() as usize, data.len());
    let mut zip = zip::ZipArchive::new(Cursor::new(data)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["README.txt", "about.json", "doctor.json", "logs/app_current.log", "settings.json"]);
    let mut all = String::new();
    for i in 0..zip.len() {
        std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut all).unwrap();
    }
    assert!(all.contains("\"healthy\": true"), "the doctor's report is in it");
    for secret in [ID, "13800000000", "13900000000", "张三", "zhangsan@"] {
        assert!(!all.contains(secret), "the bundle holds {secret}");
    }
    assert!(all.contains("330106********123X"), "the stray line masked, not dropped");
    let err = invoke(&h, "save_support_bundle", json!({"path": h.dir.path().join("d.tar")})).unwrap_err();
    assert_eq!(err["code"], "invalid");
}

/// 设置 through the commands: every bad value refused at its field with the file untouched, a good
/// whole saved (as TOML, atomically) and read back with what is in effect; the language switch
/// changes the language only; the backup folder in effect follows the setting.
#[test]
fn settings_are_checked_saved_whole_and_read_back() {
    let h = harness();
    let file = common::private_settings().join("settings.toml");
    let good = json!({
        "language": "zh", "data_dir": null, "backup": {"dir": null, "every_hours": 24, "keep": 7},
        "team_server": null, "team_login": null, "handoff_address": null
    });
    let with = |path: &[&str], v: serde_json::Value| {
        let mut s = good.clone();
        let mut at = &mut s;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        at[path[path.len() - 1]] = v;
        json!({ "settings": s })
    };
    let before = std::fs::read(&file).ok();
    for (path, value, field) in [
        (&["data_dir"][..], json!("relative"), "data_dir"),
        (&["backup", "dir"][..], json!(h.data.join("beian.sqlite3")), "backup.dir"),
        (&["backup", "keep"][..], json!(0), "backup.keep"),
        (&["backup", "every_hours"][..], json!(10_000), "backup.every_hours"),
        (&["team_server"][..], json!("li:secret@db.example/beian"), "team_server"),
        (&["handoff_address"][..], json!("localhost"), "handoff_address"),
    ] {
        let err = invoke(&h, "settings_save", with(path, value)).unwrap_err();
        assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid"), Some(field)), "{err}");
        assert_eq!(std::fs::read(&file).ok(), before, "nothing written for {field}");
    }

    let elsewhere = h.dir.path().join("备份盘");
    let mut s = good.clone();
    s["backup"] = json!({"dir": elsewhere, "every_hours": 6, "keep": 3});
    s["team_server"] = json!("  db.agency.example:5432/beian  ");
    s["team_login"] = json!("wang.li");
    let view = invoke(&h, "settings_save", json!({ "settings": s })).unwrap();
    assert_eq!(view["settings"]["team_server"], "db.agency.example:5432/beian", "spaces dropped");
    assert_eq!(view["backup_dir"], elsewhere.display().to_string());
    assert_eq!(view["data_dir"], h.data.display().to_string());
    assert_eq!(view["data_dir_override"], "--data-dir");
    assert!(elsewhere.is_dir(), "the backup folder is made when saved");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("every_hours = 6") && text.contains("keep = 3"), "{text}");

    invoke(&h, "settings_set_language", json!({"language": "en"})).unwrap();
    let view = invoke(&h, "settings_get", json!({})).unwrap();
    assert_eq!(view["settings"]["language"], "en");
    assert_eq!(view["settings"]["backup"]["keep"], 3, "the rest as it was");
    assert!(view["problem"].is_null());

    // A file broken by hand: the defaults are shown with why, and the language switch does not
    // overwrite it.
    std::fs::write(&file, "language = 3\n").unwrap();
    let view = invoke(&h, "settings_get", json!({})).unwrap();
    assert!(view["problem"].as_str().unwrap().contains("无法识别"), "{view}");
    assert_eq!(view["settings"]["backup"]["keep"], 7);
    let err = invoke(&h, "settings_set_language", json!({"language": "zh"})).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "language = 3\n");
    std::fs::remove_file(&file).unwrap();
}
