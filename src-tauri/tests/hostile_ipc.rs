//! Hostile input through every IPC command, on the mock runtime with a real store: every command of
//! the generated bindings is called with each argument missing, of the wrong type, as a 10 MB
//! string, as an unknown or extreme id, as path traversal, with control and bidi characters; and
//! with a body that is not JSON (a lone surrogate as JS would send it). Every call must come back —
//! no panic — as a result or a typed error (`{code, message, field}` with a code of the closed set,
//! or Tauri's own refusal of arguments that do not deserialise), and a call that fails must leave
//! the database and the attachment store exactly as they were.
//!
//! A command added to the bindings without a template here fails `every_command_is_covered`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{Harness, harness, harness_team, invoke, invoke_body};
use serde_json::{Value, json};

const CODES: &[&str] = &[
    "not_found",
    "invalid",
    "conflict",
    "not_allowed",
    "database_too_new",
    "storage",
    "ocr_unavailable",
    "server_unavailable",
    "disk_full",
    "not_writable",
    "data_dir_gone",
];
const MB10: usize = 10 * 1024 * 1024;

/// Everything a failed call must not have changed.
#[derive(Debug, PartialEq)]
struct Snapshot {
    rows: Vec<i64>,
    statuses: String,
    files: BTreeSet<PathBuf>,
}

fn files_under(dir: &Path, out: &mut BTreeSet<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.insert(p);
        }
    }
}

/// The counts a failed call must leave as they were, of the team store.
fn team_snapshot(db: &str) -> Snapshot {
    let server = beian_store::team::testing::server().unwrap();
    let mut c = server.client(beian_store::team::cluster::OWNER, db).unwrap();
    c.batch_execute("SET search_path = beian, public").unwrap();
    let q = |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    let rows = [
        "SELECT count(*) FROM filings",
        "SELECT coalesce(sum(revision), 0)::bigint FROM filings",
        "SELECT count(*) FROM filing_events",
        "SELECT count(*) FROM filing_domains",
        "SELECT count(*) FROM filing_search",
        "SELECT count(*) FROM attachments",
        "SELECT count(*) FROM attachments WHERE deleted_at IS NULL",
        "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM blobs",
    ]
    .iter()
    .map(|s| q(&mut c, s))
    .collect();
    let statuses: String = c
        .query_one("SELECT coalesce(string_agg(status || ':' || revision, ',' ORDER BY id), '') FROM filings", &[])
        .unwrap()
        .get(0);
    Snapshot { rows, statuses, files: BTreeSet::new() }
}

fn snapshot(h: &Harness) -> Snapshot {
    if let Some(db) = &h.team_db {
        return team_snapshot(db);
    }
    let conn = rusqlite::Connection::open(h.data.join("beian.sqlite3")).unwrap();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let rows = [
        "SELECT count(*) FROM filings",
        "SELECT coalesce(sum(revision), 0) FROM filings",
        "SELECT count(*) FROM filing_events",
        "SELECT count(*) FROM filing_domains",
        "SELECT count(*) FROM filing_search",
        "SELECT count(*) FROM attachments",
        "SELECT count(*) FROM attachments WHERE deleted_at IS NULL",
        "SELECT count(*) FROM audit_log",
    ]
    .iter()
    .map(|s| q(s))
    .collect();
    let statuses: String = conn
        .query_row("SELECT coalesce(group_concat(status || ':' || revision), '') FROM filings", [], |r| r.get(0))
        .unwrap();
    let mut files = BTreeSet::new();
    files_under(&h.data.join("attachments"), &mut files);
    Snapshot { rows, statuses, files }
}

/// A small valid 24-bit BMP, different for each seed.
fn bmp(seed: u8) -> Vec<u8> {
    let (w, h) = (64u32, 48u32);
    let row = (w * 3).div_ceil(4) * 4;
    let mut b = Vec::new();
    b.extend_from_slice(b"BM");
    for v in [54 + row * h, 0, 54, 40] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&(w as i32).to_le_bytes());
    b.extend_from_slice(&(h as i32).to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    for v in [0, row * h, 2835, 2835, 0, 0] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for y in 0..h {
        for x in 0..w {
            b.extend_from_slice(&[x as u8 ^ seed, y as u8, seed]);
        }
        b.resize(b.len() + (row - w * 3) as usize, 0);
    }
    b
}

fn traversal() -> Vec<Value> {
    [
        "../../../../../../etc/passwd",
        "/etc/passwd",
        "..\\..\\..\\Windows\\win.ini",
        "C:\\Windows\\win.ini",
        "file:///etc/passwd",
        "attachments/../beian.sqlite3",
        "beian.sqlite3",
        "/dev/zero",
        "/proc/self/mem",
        "\\\\server\\share\\x.png",
        "scan.png\0.exe",
        "\u{202E}gnp.exe",
        "",
        " ",
    ]
    .iter()
    .map(|s| json!(s))
    .collect()
}

fn wrong_types() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(42),
        json!(-1),
        json!(1.5),
        json!("x"),
        json!([]),
        json!({}),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1e308),
        serde_json::from_str(&format!("{}1{}", "[".repeat(100), "]".repeat(100))).unwrap(),
    ]
}

fn extreme_ids() -> Vec<Value> {
    vec![json!(0), json!(-1), json!(i64::MAX), json!(i64::MIN), json!(987_654_321)]
}

/// The variants of one argument value.
fn variants(value: &Value, huge: &Value) -> Vec<Value> {
    let mut out = wrong_types();
    match value {
        Value::String(_) => {
            out.push(huge.clone());
            out.extend(traversal());
            out.push(json!("\u{0}\u{1}\u{1b}[31m\u{7f}\u{202E}\u{200B}\u{FEFF}\u{FFFD}"));
        }
        Value::Number(_) => out.extend(extreme_ids()),
        Value::Array(items) => {
            out.push(json!([huge]));
            out.push(Value::Array(traversal()));
            out.push(Value::Array(extreme_ids()));
            out.push(Value::Array(vec![items.first().cloned().unwrap_or(json!(1)); 51]));
            out.push(Value::Array(vec![Value::Null]));
        }
        Value::Object(_) => {
            out.push(json!({"unexpected": huge}));
        }
        _ => {}
    }
    out
}

/// Documents that are wrong in ways a hostile or broken front end might send.
fn hostile_documents(good: &Value, huge: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for (path, v) in [
        ("/subject/name", huge.clone()),
        ("/subject/cert_number", huge.clone()),
        ("/subject/principal/phone", huge.clone()),
        ("/websites/0/domains/0", huge.clone()),
        ("/subject/nature", json!("alien")),
        ("/subject/cert_type", json!(7)),
        ("/format", json!("beian-filing/2")),
        ("/websites", json!({})),
        ("/subject/region", Value::Null),
        ("/as_of", json!("2026-02-30")),
        ("/filing_type", json!("../../etc")),
    ] {
        let mut d = good.clone();
        if let Some(slot) = d.pointer_mut(path) {
            *slot = v;
        }
        out.push(d);
    }
    let mut many = good.clone();
    many["websites"] = Value::Array(vec![good["websites"][0].clone(); 2000]);
    out.push(many);
    out
}

struct Setup {
    filing: i64,
    /// A second filing, for the commands that move a filing along the workflow.
    other: i64,
    revision: i64,
    attachment: i64,
    image: PathBuf,
    document: Value,
}

fn setup(h: &Harness) -> Setup {
    let rec = invoke(h, "create_filing", json!({"subjectName": "张三", "domain": "zhangsan.cn"})).unwrap();
    let filing = rec["id"].as_i64().unwrap();
    let other = invoke(h, "create_filing", json!({"subjectName": "王五", "domain": "wangwu.cn"})).unwrap()["id"]
        .as_i64()
        .unwrap();
    let image = h.dir.path().join("scan.bmp");
    std::fs::write(&image, bmp(1)).unwrap();
    let report = invoke(
        h,
        "attach_files",
        json!({"filingId": filing, "materialCode": "subject_certificate", "paths": [image], "onProgress": "__CHANNEL__:1"}),
    )
    .unwrap();
    let attachment = report["attached"][0]["id"].as_i64().expect("a valid scan attaches");
    // The next valid image, for replace_attachment.
    std::fs::write(&image, bmp(2)).unwrap();
    Setup {
        filing,
        other,
        revision: rec["revision"].as_i64().unwrap(),
        attachment,
        image,
        document: rec["document"].clone(),
    }
}

/// A valid call of each command (the template the hostile variants are made from).
fn template(cmd: &str, s: &Setup) -> Option<Value> {
    let id = s.filing;
    Some(match cmd {
        "app_info" | "catalog" | "rulebook" | "print_kinds" => json!({}),
        "create_filing" => json!({"subjectName": "李四", "domain": "lisi.cn"}),
        "get_filing" | "reveal_filing" | "filing_events" | "filing_overview" => json!({"id": id}),
        "update_filing" => json!({"id": id, "revision": s.revision, "document": s.document}),
        "list_filings" => json!({"query": {"search": "张三", "limit": 10}}),
        "region_options" => json!({"province": "浙江省", "city": "杭州市"}),
        "check_document" => json!({"id": id, "document": s.document}),
        "provider_switch" => json!({"id": id, "document": s.document, "provider": "tencent"}),
        "apply_action" => json!({"id": s.other, "request": {"kind": "withdraw", "note": "x"}}),
        "start_follow_up" => json!({"id": s.other, "filingType": "change_site"}),
        "render_print" => json!({"kind": "checklist", "ids": [id], "full": false, "handoffUrl": null}),
        "attach_files" => json!({
            "filingId": id, "materialCode": "subject_certificate", "paths": [s.image], "onProgress": "__CHANNEL__:2"
        }),
        "replace_attachment" => json!({"id": s.attachment, "path": s.image}),
        "list_attachments" | "material_completeness" => json!({"filingId": id}),
        "remove_attachment" | "restore_attachment" => json!({"id": s.attachment}),
        "handoff_addresses" | "handoff_status" | "stop_handoff" => json!({}),
        "start_handoff" => json!({"filingId": id, "address": "127.0.0.1"}),
        "review_handoff_photo" => json!({"attachmentId": s.attachment, "accept": true}),
        "ocr_status" => json!({}),
        "ocr_read_attachment" => json!({"attachmentId": s.attachment, "document": s.document}),
        "ocr_reveal" => json!({"attachmentId": s.attachment}),
        "inspect_package" => json!({"path": s.image}),
        "team_status" | "team_logout" => json!({}),
        // A port nothing listens on: refused at once, nothing changes.
        "team_login" => json!({"server": "127.0.0.1:1/beian", "login": "zhangsan", "password": "x"}),
        "due_list" => json!({"within": 7}),
        "review_stats" | "deadline_feed" => json!({}),
        "save_deadlines_ics" => json!({"path": s.image.with_file_name("deadlines.ics")}),
        "export_xlsx" => {
            json!({"query": {"search": "张三"}, "full": false, "path": s.image.with_file_name("list.xlsx")})
        }
        "save_intake_template" => json!({"path": s.image.with_file_name("intake.xlsx")}),
        // A scan is not a workbook: read, refused at the file, nothing stored.
        "preview_intake" | "import_intake" => json!({"path": s.image}),
        // A scan is not a filing document: refused by name, nothing stored.
        "import_json" => json!({"paths": [s.image]}),
        // The store holds filings: refused, so no client's data is mixed with made-up ones.
        "load_demo" => json!({}),
        "about_info" => json!({}),
        "save_support_bundle" => json!({"path": s.image.with_file_name("support.zip")}),
        "settings_get" => json!({}),
        "startup_painted" => json!({"atMs": 1_765_000_000_000.0}),
        // A relative data directory: refused at its field, no settings file written.
        "settings_save" => json!({"settings": {
            "language": "zh", "data_dir": "data/here", "backup": {"dir": null, "every_hours": 24, "keep": 7},
            "team_server": null, "team_login": null, "handoff_address": null
        }}),
        "settings_set_language" => json!({"language": "en"}),
        _ => return None,
    })
}

/// The commands of the generated bindings (every door the window has).
fn commands() -> Vec<String> {
    let bindings =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts")).unwrap();
    let mut out: Vec<String> = bindings
        .split("__TAURI_INVOKE")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find("(\"")? + 2;
            let end = rest[start..].find('"')?;
            Some(rest[start..start + end].to_owned())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn check_response(cmd: &str, what: &str, r: &Result<Value, Value>) {
    if let Err(e) = r {
        match e {
            Value::Object(o) => {
                let code = o.get("code").and_then(Value::as_str).unwrap_or("");
                assert!(CODES.contains(&code), "{cmd} {what}: error with an unknown code: {e}");
                let msg = o.get("message").and_then(Value::as_str).unwrap_or("");
                assert!(!msg.is_empty(), "{cmd} {what}: error without a message: {e}");
                // Every message is clipped at the IPC boundary (500 characters and "…").
                assert!(msg.chars().count() <= 501, "{cmd} {what}: the error echoes the input ({} chars)", msg.len());
            }
            Value::String(s) => {
                // Tauri's own refusal of arguments that do not deserialise (before the command runs;
                // serde may quote the offending value in it).
                assert!(!s.is_empty(), "{cmd} {what}: empty error");
            }
            other => panic!("{cmd} {what}: untyped error {other}"),
        }
    }
}

#[test]
fn every_command_is_covered() {
    let h = harness();
    let s = setup(&h);
    let missing: Vec<String> = commands().into_iter().filter(|c| template(c, &s).is_none()).collect();
    assert!(missing.is_empty(), "commands without hostile-input templates here: {missing:?}");
}

#[test]
fn every_command_refuses_hostile_input_cleanly() {
    hostile_run(&harness());
}

/// The same, logged in to the team store: every command over PostgreSQL (but logging in and out,
/// which would leave it; their hostile cases run on the desk's store above).
#[test]
fn every_command_refuses_hostile_input_cleanly_in_team_mode() {
    hostile_run(&harness_team());
}

/// The two runs take turns: each times its calls, and two at once on two cores would time each
/// other's.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn hostile_run(h: &Harness) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let s = setup(h);
    let huge = json!("a".repeat(MB10));
    let mut calls = 0;
    let mut refused = 0;
    let mut slow = Vec::new();
    for cmd in commands() {
        if h.team_db.is_some() && (cmd == "team_login" || cmd == "team_logout") {
            continue;
        }
        let Some(good) = template(&cmd, &s) else { continue };
        let mut cases: Vec<(String, Value)> = vec![("no arguments".into(), json!({}))];
        if let Value::Object(map) = &good {
            for (key, value) in map {
                let mut without = map.clone();
                without.remove(key);
                cases.push((format!("without {key}"), Value::Object(without)));
                for (i, v) in variants(value, &huge).into_iter().enumerate() {
                    let mut m = map.clone();
                    m.insert(key.clone(), v);
                    cases.push((format!("{key} variant #{i}"), Value::Object(m)));
                }
                if key == "document" {
                    for (i, d) in hostile_documents(value, &huge).into_iter().enumerate() {
                        let mut m = map.clone();
                        m.insert(key.clone(), d);
                        cases.push((format!("hostile document #{i}"), Value::Object(m)));
                    }
                }
            }
        }
        cases.push(("a body that is not an object".into(), json!([1, 2, 3])));
        for (what, mut body) in cases {
            // An edit names the revision it loaded: keep it current, unless it is what is tested.
            if cmd == "update_filing" && !what.starts_with("revision") && body.get("revision").is_some() {
                body["revision"] = invoke(h, "get_filing", json!({"id": s.filing})).unwrap()["revision"].clone();
            }
            let before = snapshot(h);
            let started = std::time::Instant::now();
            let r = invoke(h, &cmd, body);
            calls += 1;
            let took = started.elapsed();
            // A hang, not a speed target: the slowest honest call (a hostile document's check in a
            // debug build) takes a few seconds on a loaded two-core machine.
            if took.as_secs() >= 20 {
                slow.push(format!("{cmd} {what}: {took:?}"));
            }
            check_response(&cmd, &what, &r);
            if r.is_err() {
                refused += 1;
                assert_eq!(snapshot(h), before, "{cmd} {what}: failed but changed the store");
            }
        }
    }
    assert!(slow.is_empty(), "calls that took 20 s or more (debug build): {slow:#?}");
    println!("hostile IPC: {calls} calls over {} commands, {refused} refused with typed errors", commands().len());
    // The store is still healthy afterwards.
    let store = match &h.team_db {
        Some(db) => {
            beian_store::team::testing::server().unwrap().store_on(beian_store::team::cluster::OWNER, db).unwrap()
        }
        None => beian_store::Store::open(&h.data).unwrap(),
    };
    let report = store.doctor(&h.data).unwrap();
    assert!(report.healthy, "{report:#?}");
}

#[test]
fn bodies_that_are_not_json_are_refused() {
    let h = harness();
    // What JSON.stringify makes of a string with a lone surrogate: serde_json refuses it, so it
    // never reaches a command as text.
    let lone = r#"{"subjectName": "\ud800", "domain": "a.cn"}"#;
    assert!(serde_json::from_str::<Value>(lone).is_err());
    // Raw bytes (WTF-8 surrogate, invalid UTF-8) instead of a JSON body.
    let before = snapshot(&h);
    for bytes in [b"\xed\xa0\x80".to_vec(), b"\xff\xfe".to_vec(), lone.as_bytes().to_vec(), vec![0u8; 1024]] {
        for cmd in ["create_filing", "get_filing", "update_filing", "list_filings", "attach_files"] {
            let r = invoke_body(&h, cmd, tauri::ipc::InvokeBody::Raw(bytes.clone()));
            assert!(r.is_err(), "{cmd} accepted a raw body");
            check_response(cmd, "raw body", &r);
        }
    }
    assert_eq!(snapshot(&h), before);
    // Replacement characters (what a lossy decoder makes of a lone surrogate) are plain text.
    let rec = invoke(&h, "create_filing", json!({"subjectName": "张\u{FFFD}三", "domain": "a.cn"})).unwrap();
    assert_eq!(rec["document"]["subject"]["name"], "张\u{FFFD}三");
}

/// Every print view refuses hostile input the same way: a 10 MB or foreign hand-off link, no
/// filings, unknown and extreme ids, a link on a view without one — typed errors with clipped
/// messages, nothing recorded.
#[test]
fn every_print_kind_refuses_hostile_input_cleanly() {
    let h = harness();
    let s = setup(&h);
    let huge = "h".repeat(MB10);
    let mut calls = 0;
    for kind in ["checklist", "summary", "sms", "handoff"] {
        let mut cases = vec![
            json!({"kind": kind, "ids": [], "full": false, "handoffUrl": null}),
            json!({"kind": kind, "ids": [s.filing], "full": true, "handoffUrl": format!("https://{huge}")}),
            json!({"kind": kind, "ids": [s.filing], "full": false, "handoffUrl": "javascript:alert(1)"}),
            json!({"kind": kind, "ids": [s.filing], "full": false, "handoffUrl": huge.clone()}),
            json!({"kind": kind, "ids": [s.filing, s.other], "full": false, "handoffUrl": "https://192.168.1.2:8443/x"}),
            json!({"kind": kind, "ids": vec![s.filing; 201], "full": false, "handoffUrl": null}),
            json!({"kind": kind, "ids": [s.filing], "full": "yes", "handoffUrl": null}),
        ];
        for id in extreme_ids() {
            cases.push(json!({"kind": kind, "ids": [id], "full": true, "handoffUrl": null}));
        }
        for body in cases {
            let before = snapshot(&h);
            let r = invoke(&h, "render_print", body.clone());
            calls += 1;
            let what = format!("{kind} {}", body.to_string().chars().take(120).collect::<String>());
            check_response("render_print", &what, &r);
            if r.is_err() {
                assert_eq!(snapshot(&h), before, "render_print {what}: refused but changed the store");
            }
        }
        // A good call still works after all that.
        let url = if kind == "handoff" { json!("https://192.168.1.2:8443/h/abc") } else { Value::Null };
        let ok = invoke(&h, "render_print", json!({"kind": kind, "ids": [s.filing], "full": false, "handoffUrl": url}));
        assert!(ok.is_ok(), "{kind}: {ok:?}");
    }
    println!("hostile print: {calls} calls over 4 views");
}
