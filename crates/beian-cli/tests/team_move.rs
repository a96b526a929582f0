//! Moving in and out of team mode through the CLI, on the test process's PostgreSQL server
//! (`beian_store::team::testing`), never skipped:
//! - `beian backup --team` writes the desk's own archive, `beian restore` makes it a single desk
//!   again, healthy, with every filing, history entry, attachment (and its bytes) and audit row;
//! - `beian team import-desk` brings desks in: colliding order numbers renumbered and still found
//!   by the old one, history, attachments and audit trails carried, a broken desk refused with
//!   nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use beian_store::team::cluster::OWNER;
use beian_store::team::testing::server;
use beian_store::{BlobPart, Store};

mod common;
use common::{beian, stderr, stdout};

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

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A scan of its own content (a PNG), processed as attaching one processes it.
fn scan(seed: u8) -> beian_scan::Processed {
    let img = image::RgbImage::from_fn(640, 420, |x, y| image::Rgb([(x % 251) as u8 ^ seed, (y % 241) as u8, seed]));
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    beian_scan::process(png).unwrap()
}

/// Attaches `p` to filing `id` through the store (its bytes first, as the use case does).
fn attach(store: &mut Store, id: i64, p: &beian_scan::Processed, name: &str) -> beian_store::attachments::Attachment {
    store.put_files(p).unwrap();
    store.insert_attachment(id, "subject_certificate", name, p, jiff::Timestamp::now()).unwrap()
}

/// Every attachment of a store's filings, removed ones too, with the bytes of each part.
type Scans =
    Vec<(String, Vec<(String, String, String, Option<String>, Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>)>)>;

fn scans(store: &Store, order_nos: &[String]) -> Scans {
    order_nos
        .iter()
        .map(|no| {
            let id = store.find_by_order_no(no).unwrap().unwrap();
            let rows = store
                .attachments(id, true)
                .unwrap()
                .into_iter()
                .map(|a| {
                    (
                        a.sha256.clone(),
                        a.original_name,
                        a.created_at,
                        a.deleted_at,
                        store.file(&a.sha256, BlobPart::File).unwrap(),
                        store.file(&a.sha256, BlobPart::Thumbnail).unwrap(),
                        store.file(&a.sha256, BlobPart::Preview).unwrap(),
                    )
                })
                .collect();
            (no.clone(), rows)
        })
        .collect()
}

/// A filing's history without the store's own event ids.
/// A filing's history as both engines hold it: without the row ids, and without who did it (which
/// only the team store records: the login the server set).
fn history(o: &Output) -> Vec<serde_json::Value> {
    json(o)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e.as_object_mut().unwrap().remove("id");
            e.as_object_mut().unwrap().remove("actor");
            e
        })
        .collect()
}

/// One check of a doctor report.
fn check(report: &serde_json::Value, name: &str) -> serde_json::Value {
    report["checks"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
}

fn order_nos(list: &serde_json::Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|f| f["order_no"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_team_backup_restores_to_a_healthy_single_desk_with_everything_in_it() {
    let srv = server().unwrap();
    let db = srv.fresh_database().unwrap();
    let url = srv.url(OWNER, &db);
    ok(&team(&url, &["demo", "--count", "30", "--seed", "11", "--attachments"], None));

    // What the demo does not make: a replaced and a removed scan, a follow-up, audited reads.
    let mut store = srv.store_on(OWNER, &db).unwrap();
    let ids = store.all_filing_ids().unwrap();
    let first = store.attachments(ids[0], false).unwrap().remove(0);
    store.replace_attachment(first.id, "新执照.png", &scan(3), jiff::Timestamp::now()).unwrap();
    let second = store.attachments(ids[1], false).unwrap().remove(0);
    store.remove_attachment(second.id, jiff::Timestamp::now()).unwrap();
    attach(&mut store, ids[2], &scan(5), "另一张.png");
    let approved: Vec<i64> =
        ids.iter().copied().filter(|&id| store.get_filing(id).unwrap().status.code() == "approved").collect();
    let follow_up = approved
        .into_iter()
        .find_map(|id| store.start_follow_up(id, beian_core::FilingType::ChangeSite, jiff::Timestamp::now()).ok())
        .expect("a demo filing approved and free to change");
    store.reveal_filing(ids[3], "核对证件", "cli", jiff::Timestamp::now()).unwrap();
    drop(store);
    ok(&team(&url, &["export", "--full", "--json", &ids[4].to_string()], None));

    // Staff may not take the whole store away.
    ok(&team(&url, &["team", "staff", "add", "move_staff", "--role", "staff"], Some("start-pass-123\n")));
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("团队备份.tar.gz");
    let o = team(&srv.url("move_staff", &db), &["backup", "--out", s(&archive)], None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("只有管理员"), "{}", stderr(&o));
    assert!(!archive.exists());

    // An admin who is no superuser: the grants are what let the backup read everything.
    ok(&team(&url, &["team", "staff", "add", "move_admin", "--role", "admin"], Some("start-pass-123\n")));
    let said = ok(&team(&srv.url("move_admin", &db), &["backup", "--out", s(&archive)], None));
    assert!(said.contains("31 条备案，32 个附件"), "{said}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "only the archive is left beside it: {leftovers:?}");
    let team_list = json(&team(&url, &["list", "--json", "--limit", "1000"], None));
    assert_eq!(team_list["total"], 31);

    // The way back: a single desk, healthy, with the same filings in the same order.
    let desk = dir.path().join("desk");
    ok(&beian(&desk, &["restore", s(&archive)], None));
    let report = json(&beian(&desk, &["doctor", "--json"], None));
    assert_eq!(report["healthy"], true, "{report}");
    assert_eq!(check(&report, "search_index")["checked"], 31);
    assert_eq!(check(&report, "attachments")["checked"], 32, "30 demo scans, a replacement, one more");
    let desk_list = json(&beian(&desk, &["list", "--json", "--limit", "1000"], None));
    assert_eq!(desk_list, team_list, "same ids, order numbers, statuses, deadlines and order");

    let team_store = srv.store_on(OWNER, &db).unwrap();
    let desk_store = Store::open(&desk).unwrap();
    for no in order_nos(&team_list) {
        assert_eq!(
            history(&beian(&desk, &["history", "--json", &no], None)),
            history(&team(&url, &["history", "--json", &no], None)),
            "{no}"
        );
        let id = team_store.find_by_order_no(&no).unwrap().unwrap();
        assert_eq!(desk_store.find_by_order_no(&no).unwrap(), Some(id), "same id");
        let (t, d) = (team_store.get_filing(id).unwrap(), desk_store.get_filing(id).unwrap());
        assert_eq!(
            (t.document, t.revision, t.created_at, t.updated_at),
            (d.document, d.revision, d.created_at, d.updated_at)
        );
        assert_eq!(team_store.attachments(id, true).unwrap(), desk_store.attachments(id, true).unwrap(), "{no}");
    }
    let nos = order_nos(&team_list);
    assert_eq!(scans(&desk_store, &nos), scans(&team_store, &nos), "every scan's bytes, thumbnail and preview");
    assert_eq!(
        desk_store.original_of(follow_up.id).unwrap().map(|r| r.id),
        team_store.original_of(follow_up.id).unwrap().map(|r| r.id)
    );

    // The audit trail row for row, the team's backup row in it, and the restore after it.
    let team_audit = team_store.audit_entries(None, 10_000).unwrap();
    let mut desk_audit = desk_store.audit_entries(None, 10_000).unwrap();
    assert_eq!(desk_audit.remove(0).action, "restore");
    assert_eq!(desk_audit, team_audit);
    assert_eq!((team_audit[0].action.as_str(), team_audit[0].actor.as_str()), ("backup", "move_admin"));
    assert_eq!(team_audit[0].detail, "团队备份.tar.gz");
    let verdict = desk_store.verify_audit_chain().unwrap();
    assert!(verdict.problems.is_empty(), "{verdict:?}");
    assert_eq!(verdict.entries, team_audit.len() as u64 + 1);

    // The desk goes on numbering where the team stopped.
    drop(desk_store);
    let file = dir.path().join("f.json");
    std::fs::write(&file, SPEC_SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")).unwrap();
    ok(&beian(&desk, &["import", s(&file)], None));
    ok(&team(&url, &["import", s(&file)], None));
    let numbers = |list: &serde_json::Value| {
        let mut n = order_nos(list);
        n.sort();
        n
    };
    assert_eq!(
        numbers(&json(&beian(&desk, &["list", "--json", "--limit", "1000"], None))),
        numbers(&json(&team(&url, &["list", "--json", "--limit", "1000"], None)))
    );
}

/// A desk made by `beian demo` (with scans) and one imported sample filing, a full export and a
/// replaced scan (so that its audit trail and its attachments have something to carry).
fn desk(dir: &Path, seed: &str) {
    ok(&beian(dir, &["demo", "--count", "12", "--seed", seed, "--attachments"], None));
    let file = dir.join("sample.json");
    std::fs::write(&file, SPEC_SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")).unwrap();
    ok(&beian(dir, &["import", s(&file)], None));
    ok(&beian(dir, &["export", "--full", "--json", "1"], None));
    let mut store = Store::open(dir).unwrap();
    let a = store.attachments(2, false).unwrap().remove(0);
    let again = scan(seed.as_bytes()[0]);
    store.put_files(&again).unwrap();
    store.replace_attachment(a.id, "重拍.png", &again, jiff::Timestamp::now()).unwrap();
}

fn count(url: &str) -> u64 {
    json(&team(url, &["list", "--json", "--limit", "1"], None))["total"].as_u64().unwrap()
}

#[test]
fn desks_are_imported_renumbered_where_they_collide_and_a_broken_desk_is_refused() {
    let srv = server().unwrap();
    let db = srv.fresh_database().unwrap();
    let url = srv.url(OWNER, &db);
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("desk-a"), root.path().join("desk-b"));
    // Made at the same times: their order numbers are the same.
    desk(&a, "1");
    desk(&b, "2");
    let list_a = json(&beian(&a, &["list", "--json", "--limit", "1000"], None));
    let list_b = json(&beian(&b, &["list", "--json", "--limit", "1000"], None));
    let (nos_a, nos_b) = (order_nos(&list_a), order_nos(&list_b));
    let colliding: Vec<&String> = nos_b.iter().filter(|n| nos_a.contains(n)).collect();
    assert!(colliding.len() >= 10, "the desks' numbers collide: {nos_a:?} {nos_b:?}");

    // Staff import nothing.
    ok(&team(&url, &["team", "staff", "add", "imp_staff", "--role", "staff"], Some("start-pass-123\n")));
    let o = team(&srv.url("imp_staff", &db), &["team", "import-desk", s(&a)], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("只有管理员"), "{}", stderr(&o));

    let first = json(&team(&url, &["team", "import-desk", s(&a), "--json"], None));
    assert_eq!(first["desk"], "desk-a");
    assert_eq!(first["filings"], 13);
    assert_eq!(first["renumbered"], serde_json::json!([]), "an empty team store takes every number");
    assert_eq!(first["attachments"], 13, "12 demo scans and the replacement");
    assert_eq!(first["audit_archived"], 1);
    // The second desk by an admin who is no superuser: the grants are what let the import write.
    ok(&team(&url, &["team", "staff", "add", "imp_admin", "--role", "admin"], Some("start-pass-123\n")));
    let admin_url = srv.url("imp_admin", &db);
    let said = ok(&team(&admin_url, &["team", "import-desk", s(&b), "--desk", "前台"], None));
    assert!(said.contains("已导入单机“前台”：13 条备案"), "{said}");
    for n in &colliding {
        assert!(said.contains(&format!("{n} → BA")), "{n} renumbered: {said}");
    }

    // Every filing there, every number once.
    let team_list = json(&team(&url, &["list", "--json", "--limit", "1000"], None));
    assert_eq!(team_list["total"], 26);
    let mut numbers = order_nos(&team_list);
    numbers.sort();
    let before = numbers.len();
    numbers.dedup();
    assert_eq!(numbers.len(), before, "order numbers unique");
    for n in &nos_a {
        assert!(numbers.contains(n), "desk A's {n} kept");
    }

    // A renumbered filing: found by its old number (whole, or a part of it), its history says so.
    let renumbered: Vec<(String, String)> =
        said.lines().filter_map(|l| l.trim().split_once(" → ")).map(|(o, n)| (o.to_owned(), n.to_owned())).collect();
    assert_eq!(renumbered.len(), colliding.len());
    let viewer_url = {
        ok(&team(&url, &["team", "staff", "add", "imp_viewer", "--role", "viewer"], Some("start-pass-123\n")));
        srv.url("imp_viewer", &db)
    };
    for (old, new) in &renumbered {
        for who in [&url, &viewer_url] {
            let found = order_nos(&json(&team(who, &["list", "--json", "--search", old], None)));
            assert!(found.contains(new), "{old} finds {new}: {found:?}");
            assert!(found.contains(old), "and desk A's own {old}: {found:?}");
        }
        let part = &old[4..];
        let found = order_nos(&json(&team(&url, &["list", "--json", "--search", part, "--limit", "1000"], None)));
        assert!(found.contains(new), "{part} finds {new}: {found:?}");
        let h = history(&team(&url, &["history", "--json", new], None));
        let last = h.last().unwrap();
        assert_eq!(last["kind"], "imported");
        assert_eq!(last["note"], format!("自单机导入（前台），原订单号 {old}"));
    }

    // History, documents and scans as they were on the desk.
    let team_store = srv.store_on(OWNER, &db).unwrap();
    let renamed = |no: &String| renumbered.iter().find(|(o, _)| o == no).map_or(no.clone(), |(_, n)| n.clone());
    for (dir, nos, name) in [(&a, &nos_a, "desk-a"), (&b, &nos_b, "前台")] {
        let desk_store = Store::open(dir).unwrap();
        let mine: Vec<String> = nos.iter().map(|n| if name == "前台" { renamed(n) } else { n.clone() }).collect();
        for (no, team_no) in nos.iter().zip(&mine) {
            let mut on_team = history(&team(&url, &["history", "--json", team_no], None));
            let imported = on_team.pop().unwrap();
            assert_eq!(imported["kind"], "imported");
            assert!(imported["note"].as_str().unwrap().starts_with(&format!("自单机导入（{name}）")));
            assert_eq!(on_team, history(&beian(dir, &["history", "--json", no], None)), "{no}");
            let (d, t) = (
                desk_store.get_filing(desk_store.find_by_order_no(no).unwrap().unwrap()).unwrap(),
                team_store.get_filing(team_store.find_by_order_no(team_no).unwrap().unwrap()).unwrap(),
            );
            assert_eq!(
                (d.document, d.status, d.revision, d.created_at),
                (t.document, t.status, t.revision, t.created_at)
            );
        }
        let strip = |s: Scans| -> Vec<_> { s.into_iter().map(|(_, rows)| rows).collect() };
        assert_eq!(strip(scans(&team_store, &mine)), strip(scans(&desk_store, nos)), "{name}: scans and their bytes");
    }

    // The team store is healthy, its chain and both archived chains verify.
    let report = json(&team(&admin_url, &["doctor", "--json"], None));
    assert_eq!(report["healthy"], true, "{report}");
    assert_eq!(check(&report, "imported_audit")["checked"], 2, "{report}");
    let staff_report = json(&team(&srv.url("imp_staff", &db), &["doctor", "--json"], None));
    assert_eq!(check(&staff_report, "imported_audit")["status"], "skipped", "admins only");
    assert_eq!(check(&report, "attachments")["checked"], 26);
    let audit = team_store.audit_entries(None, 100).unwrap();
    let imports: Vec<_> = audit.iter().filter(|e| e.action == "import_desk").collect();
    assert_eq!(imports.len(), 2);
    assert!(imports[0].detail.starts_with("前台：13 条备案"), "{}", imports[0].detail);
    let head_b = Store::open(&b).unwrap().verify_audit_chain().unwrap().head.unwrap();
    assert!(imports[0].detail.ends_with(&head_b), "{} names the archived head", imports[0].detail);
    assert!(team_store.verify_audit_chain().unwrap().problems.is_empty());

    // A desk imported again, or a broken one: refused, and nothing written.
    let audit_rows = audit.len();
    let o = team(&url, &["team", "import-desk", s(&a), "--desk", "另一个名字"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已在团队数据库中"), "{}", stderr(&o));
    let o = team(&url, &["team", "import-desk", s(&a)], None);
    assert!(stderr(&o).contains("已导入过"), "{}", stderr(&o));

    let c = root.path().join("desk-c");
    desk(&c, "3");
    {
        let conn = rusqlite::Connection::open(c.join("beian.sqlite3")).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing to see' WHERE id = 1;
             CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;",
        )
        .unwrap();
    }
    let o = team(&url, &["team", "import-desk", s(&c)], None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("未通过检查"), "{}", stderr(&o));
    assert!(stderr(&o).contains("审计记录 #1 的内容已被改动"), "{}", stderr(&o));
    let o = team(&url, &["team", "import-desk", root.path().join("nowhere").to_str().unwrap()], None);
    assert!(stderr(&o).contains("没有单机数据库"), "{}", stderr(&o));
    assert!(!root.path().join("nowhere").exists(), "a missing desk is not created");
    assert_eq!(count(&url), 26);
    assert_eq!(team_store.audit_entries(None, 100).unwrap().len(), audit_rows);
    let report = json(&team(&url, &["doctor", "--json"], None));
    assert_eq!(report["healthy"], true, "{report}");
    assert_eq!(check(&report, "imported_audit")["checked"], 2);

    // An open desk is not imported from under its user.
    let held = Store::open(&c).unwrap();
    let o = team(&url, &["team", "import-desk", s(&c)], None);
    assert!(stderr(&o).contains("正被备案工作台"), "{}", stderr(&o));
    drop(held);
}

#[test]
fn an_import_that_fails_at_its_last_step_leaves_nothing_behind() {
    let srv = server().unwrap();
    let db = srv.fresh_database().unwrap();
    let url = srv.url(OWNER, &db);
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("desk");
    ok(&beian(&d, &["demo", "--count", "6", "--seed", "4", "--attachments"], None));
    // A healthy desk (its chain verifies) whose newest audit row PostgreSQL cannot store: the import
    // has written every filing, history entry and scan when it meets that row.
    let mut store = Store::open(&d).unwrap();
    let entry = beian_store::audit::NewAuditEntry {
        action: beian_store::audit::AuditAction::ExportFull,
        filing_id: Some(1),
        detail: "导出\0".into(),
        via: "cli",
    };
    store.record_audit(&[entry], jiff::Timestamp::now()).unwrap();
    drop(store);
    assert_eq!(json(&beian(&d, &["doctor", "--json"], None))["healthy"], true);

    let o = team(&url, &["team", "import-desk", s(&d)], None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("单机审计记录 #1 含有空字符"), "{}", stderr(&o));
    let mut client = srv.client(OWNER, &db).unwrap();
    for table in ["filings", "filing_events", "attachments", "blobs", "blob_chunks", "blob_derived", "order_counters"] {
        let n: i64 = client.query_one(&format!("SELECT count(*) FROM beian.{table}"), &[]).unwrap().get(0);
        assert_eq!(n, 0, "{table}: nothing written");
    }
    for table in ["audit_log", "imported_audit", "filing_search", "filing_bigrams"] {
        let n: i64 = client.query_one(&format!("SELECT count(*) FROM beian.{table}"), &[]).unwrap().get(0);
        assert_eq!(n, 0, "{table}: nothing written");
    }
    assert_eq!(json(&team(&url, &["doctor", "--json"], None))["healthy"], true);
}
