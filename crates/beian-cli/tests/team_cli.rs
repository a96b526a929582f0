//! Every `beian` command that touches a store, with `--team`: on the test process's PostgreSQL
//! server (`beian_store::team::testing`, a database per test), never skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output, Stdio};

use beian_store::team::cluster::OWNER;
use beian_store::team::testing::server;

mod common;
use common::{stderr, stdout};

const SPEC_SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");

/// Runs `beian --team URL ARGS…` (a data directory that does not exist: nothing local is used).
fn team(url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_beian"));
    cmd.arg("--data-dir").arg("/nonexistent/beian-team-test").arg("--team").arg(url).args(args);
    cmd.env_remove("BEIAN_TEAM_PASSWORD");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("beian runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    stdout(o)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(o)).unwrap()
}

#[test]
fn every_store_command_works_on_the_team_store() {
    let srv = server().unwrap();
    let db = srv.fresh_database().unwrap();
    let url = srv.url(OWNER, &db);

    let who = json(&team(&url, &["team", "whoami", "--json"], None));
    assert_eq!(who, serde_json::json!({ "login": OWNER, "role": "admin" }));

    ok(&team(&url, &["demo", "--count", "30", "--seed", "5", "--attachments"], None));
    let list = json(&team(&url, &["list", "--json", "--limit", "100"], None));
    assert_eq!(list["total"], 30);

    // Import, export, act, attach, print, history: the same use cases as on a desk.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.json");
    std::fs::write(&file, SPEC_SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")).unwrap();
    let imported = ok(&team(&url, &["import", file.to_str().unwrap()], None));
    let order_no = imported.split("→ ").nth(1).unwrap().split('（').next().unwrap().trim().to_owned();
    let exported = json(&team(&url, &["export", "--json", &order_no], None));
    assert_eq!(exported[0]["status"], "draft");
    assert!(exported[0]["document"]["subject"]["cert_number"].as_str().unwrap().contains("****"), "masked");
    let full = json(&team(&url, &["export", "--json", "--full", &order_no], None));
    assert!(!full[0]["document"]["subject"]["cert_number"].as_str().unwrap().contains('*'));

    ok(&team(&url, &["action", &order_no, "data_complete"], None));
    let scan = dir.path().join("执照.png");
    image::RgbImage::from_fn(700, 500, |x, y| image::Rgb([(x % 200) as u8, (y % 180) as u8, 77])).save(&scan).unwrap();
    let attached =
        json(&team(&url, &["attach", "--json", &order_no, "subject_certificate", scan.to_str().unwrap()], None));
    assert_eq!(attached["attached"].as_array().unwrap().len(), 1, "{attached}");
    let history = json(&team(&url, &["history", "--json", &order_no], None));
    let kinds: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["imported", "data_complete"]);
    assert!(history.as_array().unwrap().iter().all(|e| e["actor"] == OWNER), "who did it, from the server: {history}");
    let out = dir.path().join("checklist.html");
    ok(&team(&url, &["print", "checklist", &order_no, "--out", out.to_str().unwrap()], None));
    assert!(std::fs::read_to_string(&out).unwrap().contains(&order_no));

    let planned = json(&team(&url, &["plan", "--json", file.to_str().unwrap()], None));
    assert!(planned["materials"].as_array().is_some_and(|m| !m.is_empty()));
    assert_eq!(ok(&team(&url, &["workdays", "add", "2024-09-27", "1"], None)).trim(), "2024-09-29");

    // Doctor checks the team store: 31 filings, 31 attachments with their bytes, the audit chain.
    let report = json(&team(&url, &["doctor", "--json"], None));
    assert_eq!(report["healthy"], true, "{report}");
    let check = |name: &str| report["checks"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    assert_eq!(check("search_index")["checked"], 31);
    assert_eq!(check("attachments")["checked"], 31);
    assert_eq!(check("audit_chain")["checked"], 1, "the full export");

    // Moving out of team mode (the desk's archive) and in (import-desk): tests/team_move.rs.
}

#[test]
fn staff_are_added_by_an_admin_and_a_viewer_sees_masked_data_and_writes_nothing() {
    let srv = server().unwrap();
    let db = srv.fresh_database().unwrap();
    let admin = srv.url(OWNER, &db);
    ok(&team(&admin, &["demo", "--count", "3", "--seed", "9"], None));

    let added =
        ok(&team(&admin, &["team", "staff", "add", "cli_viewer", "--role", "viewer"], Some("start-pass-123\n")));
    assert!(added.contains("cli_viewer"), "{added}");
    let o = team(&admin, &["team", "staff", "add", "Not Valid", "--role", "staff"], Some("start-pass-123\n"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("登录名"), "{}", stderr(&o));
    let o = team(&admin, &["team", "staff", "add", "x_y", "--role", "boss"], Some("start-pass-123\n"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未知角色"), "{}", stderr(&o));

    let viewer = srv.url("cli_viewer", &db);
    assert_eq!(json(&team(&viewer, &["team", "whoami", "--json"], None))["role"], "viewer");
    let list = json(&team(&viewer, &["list", "--json"], None));
    assert_eq!(list["total"], 3);
    let id = list["items"][0]["id"].as_i64().unwrap().to_string();
    let seen = json(&team(&viewer, &["export", "--json", &id], None));
    assert!(seen[0]["document"]["subject"]["cert_number"].as_str().unwrap().contains('*'));
    let o = team(&viewer, &["demo", "--count", "1"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("没有权限"), "{}", stderr(&o));
    // A viewer adds no colleagues.
    let o = team(&viewer, &["team", "staff", "add", "someone", "--role", "admin"], Some("start-pass-123\n"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("只有管理员"), "{}", stderr(&o));
}

#[test]
fn a_bad_team_url_or_an_unknown_login_is_said_in_chinese_and_nothing_runs() {
    let srv = server().unwrap();
    let db = srv.fresh_database().unwrap();
    for (url, says) in [
        ("mysql://x/y", "postgres"),
        ("postgres://u:secret@localhost/db", "密码"),
        ("postgres://u@localhost:99999/db", "端口"),
    ] {
        let o = team(url, &["list"], None);
        assert_eq!(o.status.code(), Some(2), "{url}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{url}: {}", stderr(&o));
        assert!(!stderr(&o).contains("secret"), "the password is never echoed");
    }
    // A login the server does not know, on the trusted socket.
    let o = team(&srv.url("nobody_here", &db), &["list"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).is_empty());
    // An uninitialised database says what to run.
    let mut admin = srv.client(OWNER, "postgres").unwrap();
    admin.batch_execute("CREATE DATABASE cli_empty").unwrap();
    let o = team(&srv.url(OWNER, "cli_empty"), &["list"], None);
    assert!(stderr(&o).contains("beian team init"), "{}", stderr(&o));
    ok(&team(&srv.url(OWNER, "cli_empty"), &["team", "init"], None));
    assert_eq!(json(&team(&srv.url(OWNER, "cli_empty"), &["list", "--json"], None))["total"], 0);
}
