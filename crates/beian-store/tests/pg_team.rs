//! What only the team store has to show: many desks at once, each on its own connection (threads
//! here), and the server's own guards. On the test process's PostgreSQL server
//! (`beian_store::team::testing`), never skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};

use beian_core::FilingDocument;
use beian_core::workflow::{ActionKind, ActionRequest};
use beian_store::audit::{AuditAction, NewAuditEntry};
use beian_store::team::cluster::OWNER;
use beian_store::team::pg::{PgStore, migrate};
use beian_store::team::testing::{TestServer, server};
use beian_store::{Checked, ListQuery, SCHEMA_VERSION, Store, StoreError};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-28T03:00:00Z".parse().unwrap()
}

/// What the server said.
fn said(e: &postgres::Error) -> String {
    e.as_db_error().map_or_else(|| e.to_string(), |d| d.message().to_owned())
}

fn srv() -> &'static TestServer {
    server().expect("the test PostgreSQL server")
}

/// `n` desks on one fresh database, as the owner.
fn desks(n: usize) -> (String, Vec<Store>) {
    let db = srv().fresh_database().unwrap();
    let stores = (0..n).map(|_| srv().store_on(OWNER, &db).unwrap()).collect();
    (db, stores)
}

/// Runs `f(desk index, store)` on every desk at once (all released by one barrier), and returns
/// their results in desk order.
fn at_once<T: Send + 'static>(
    stores: Vec<Store>,
    f: impl Fn(usize, &mut Store) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let barrier = Arc::new(Barrier::new(stores.len()));
    let f = Arc::new(f);
    let handles: Vec<_> = stores
        .into_iter()
        .enumerate()
        .map(|(i, mut s)| {
            let (barrier, f) = (barrier.clone(), f.clone());
            std::thread::spawn(move || {
                barrier.wait();
                f(i, &mut s)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

#[test]
fn of_desks_saving_one_revision_exactly_one_wins_and_the_others_see_the_conflict() {
    let (db, mut stores) = desks(8);
    let rec = stores[0].create_filing(&FilingDocument::draft("张三", "a.cn"), now()).unwrap();
    let id = rec.id;
    let results = at_once(stores, move |i, s| {
        let mut doc = rec.document.clone();
        doc.subject.name = format!("桌面{i}");
        s.update_filing(id, &doc, 1, now()).map(|r| r.document.subject.name)
    });
    let winners: Vec<&String> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for r in &results {
        if let Err(e) = r {
            assert!(matches!(e, StoreError::Conflict { expected: 1, current: 2 }), "{e:?}");
        }
    }
    let after = srv().store_on(OWNER, &db).unwrap().get_filing(id).unwrap();
    assert_eq!(after.revision, 2, "one save, not eight");
    assert_eq!(&after.document.subject.name, winners[0], "the winner's document is the one stored");
}

#[test]
fn an_action_checked_on_a_revision_a_colleague_then_changed_is_refused() {
    let (_db, mut stores) = desks(2);
    let rec = stores[0].create_filing(&FilingDocument::draft("张三", "a.cn"), now()).unwrap();
    // Desk 0 checks revision 1; desk 1 saves revision 2 before desk 0 acts.
    let mut doc = rec.document.clone();
    doc.subject.name = "李四".into();
    stores[1].update_filing(rec.id, &doc, 1, now()).unwrap();
    let request = ActionRequest { kind: ActionKind::DataComplete, reason: None, confirmed: false, note: None };
    let err = stores[0].apply_action(rec.id, request, Checked { revision: 1, errors: 0 }, now()).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { expected: 1, current: 2 }), "{err:?}");
    assert_eq!(stores[0].get_filing(rec.id).unwrap().status, rec.status, "nothing applied");
}

#[test]
fn concurrent_creates_get_unique_gapless_order_numbers() {
    let (db, stores) = desks(8);
    at_once(stores, |i, s| {
        for k in 0..25 {
            s.create_filing(&FilingDocument::draft(&format!("客户{i}-{k}"), &format!("d{i}x{k}.cn")), now()).unwrap();
        }
    });
    let mut numbers: Vec<String> = srv()
        .store_on(OWNER, &db)
        .unwrap()
        .list_filings(&ListQuery { limit: Some(1000), ..ListQuery::default() })
        .unwrap()
        .items
        .into_iter()
        .map(|f| f.order_no)
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=200).map(|n| format!("BA20261128-{n:04}")).collect();
    assert_eq!(numbers, expected);
}

#[test]
fn a_failed_create_gives_its_number_back() {
    let (_db, mut stores) = desks(1);
    let s = &mut stores[0];
    let mut bad = FilingDocument::draft("张三", "a.cn");
    bad.websites[0].name = "x\u{0}".into();
    let good = FilingDocument::draft("李四", "b.cn");
    assert!(s.create_filings(&[good.clone(), bad], now(), "imported").is_err());
    assert_eq!(s.create_filing(&good, now()).unwrap().order_no, "BA20261128-0001");
}

#[test]
fn concurrent_audit_appenders_make_one_chain() {
    let (db, stores) = desks(8);
    at_once(stores, |i, s| {
        for k in 0..20 {
            let e = NewAuditEntry {
                action: AuditAction::Reveal,
                filing_id: Some(i as i64),
                detail: format!("desk {i} #{k}"),
                via: "cli",
            };
            s.record_audit(std::slice::from_ref(&e), now()).unwrap();
        }
    });
    let v = srv().store_on(OWNER, &db).unwrap().verify_audit_chain().unwrap();
    assert_eq!(v.entries, 160);
    assert!(v.problems.is_empty(), "{v:?}");
}

#[test]
fn the_audit_trail_names_the_login_and_cannot_be_forged_changed_or_removed() {
    let (db, mut stores) = desks(1);
    let e = NewAuditEntry { action: AuditAction::ExportFull, filing_id: None, detail: "x".into(), via: "cli" };
    let rows = stores[0].record_audit(&[e], now()).unwrap();
    assert_eq!(rows[0].actor, OWNER, "the database login, not the OS user");

    let mut raw = srv().client(OWNER, &db).unwrap();
    raw.batch_execute("SET search_path = beian, public").unwrap();
    let forged = raw.execute(
        "INSERT INTO audit_log (id, at, actor, via, action, detail, prev_hash, hash) VALUES (2, 'x', 'someone_else', 'cli', 'reveal', '', $1, $2)",
        &[&rows[0].hash, &"f".repeat(64)],
    );
    let err = said(&forged.unwrap_err());
    assert!(err.contains("session user"), "{err}");
    for sql in ["UPDATE audit_log SET detail = 'y'", "DELETE FROM audit_log", "TRUNCATE audit_log"] {
        let err = said(&raw.batch_execute(sql).unwrap_err());
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    // The history names the login whatever the desk writes.
    raw.batch_execute(
        "INSERT INTO filings (order_no, document, created_at, updated_at) VALUES ('BA1', '{}', 'a', 'a');
         INSERT INTO filing_events (filing_id, at, kind, actor) SELECT id, 'a', 'edited', 'someone_else' FROM filings",
    )
    .unwrap();
    let actor: String = raw.query_one("SELECT actor FROM filing_events", &[]).unwrap().get(0);
    assert_eq!(actor, OWNER);
    // A guard dropped is found by the chain's check.
    raw.batch_execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate").unwrap();
    let v = stores[0].verify_audit_chain().unwrap();
    assert!(v.problems.iter().any(|p| p.contains("audit_log_no_truncate")), "{v:?}");
}

#[test]
fn a_newer_team_schema_is_refused_untouched_and_an_uninitialised_one_says_what_to_run() {
    let db = srv().fresh_database().unwrap();
    let mut raw = srv().client(OWNER, &db).unwrap();
    raw.batch_execute("UPDATE beian.schema_meta SET version = 99").unwrap();
    let err = PgStore::on(srv().client(OWNER, &db).unwrap()).unwrap_err();
    assert!(matches!(err, StoreError::DatabaseTooNew { found: 99, supported: SCHEMA_VERSION }), "{err:?}");
    let err = migrate(&mut srv().client(OWNER, &db).unwrap()).unwrap_err();
    assert!(matches!(err, StoreError::DatabaseTooNew { found: 99, .. }), "{err:?}");
    let v: i64 = raw.query_one("SELECT version FROM beian.schema_meta", &[]).unwrap().get(0);
    assert_eq!(v, 99, "left as it was");

    raw.batch_execute("CREATE DATABASE empty_one").unwrap();
    let err = PgStore::on(srv().client(OWNER, "empty_one").unwrap()).unwrap_err();
    assert!(err.to_string().contains("beian team init"), "{err}");
}

#[test]
fn two_admins_migrating_at_once_both_succeed_on_one_schema() {
    let mut admin = srv().client(OWNER, "postgres").unwrap();
    admin.batch_execute("CREATE DATABASE twice").unwrap();
    let handles: Vec<_> =
        (0..2).map(|_| std::thread::spawn(|| migrate(&mut srv().client(OWNER, "twice").unwrap()).unwrap())).collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), SCHEMA_VERSION);
    }
    let mut s = srv().store_on(OWNER, "twice").unwrap();
    s.create_filing(&FilingDocument::draft("张三", "a.cn"), now()).unwrap();
    assert!(s.doctor(std::path::Path::new("")).unwrap().healthy);
}

#[test]
fn a_scan_is_stored_with_its_row_and_read_back() {
    let (_db, mut stores) = desks(1);
    let s = &mut stores[0];
    let rec = s.create_filing(&FilingDocument::draft("张三", "a.cn"), now()).unwrap();
    let img = image::RgbImage::from_fn(800, 500, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90).encode_image(&img).unwrap();
    let p = beian_scan::process(bytes).unwrap();
    let a = s.insert_attachment(rec.id, "subject_certificate", "执照.jpg", &p, now()).unwrap();
    let team = s.team().unwrap();
    use beian_store::BlobPart;
    assert_eq!(team.blob(&a.sha256, BlobPart::File).unwrap().as_deref(), Some(p.bytes.as_slice()));
    assert_eq!(team.blob(&a.sha256, BlobPart::Thumbnail).unwrap().as_deref(), Some(p.thumbnail.as_slice()));
    assert_eq!(team.blob(&"0".repeat(64), BlobPart::File).unwrap(), None);
    let report = s.doctor(std::path::Path::new("")).unwrap();
    assert!(report.healthy, "{report:?}");
    assert_eq!(report.check("attachments").unwrap().checked, 1);
}

/// A login of `role` on database `db`, named uniquely for this test process (roles are the
/// cluster's, shared by every test database).
fn login(db: &str, role: beian_store::team::roles::Role, name: &str) -> Store {
    let mut admin = srv().client(OWNER, db).unwrap();
    beian_store::team::roles::add_staff(&mut admin, name, role, "initial-pass-1").unwrap();
    srv().store_on(name, db).unwrap()
}

#[test]
fn a_viewer_reads_masked_data_writes_nothing_and_reveals_through_the_audited_path() {
    use beian_store::team::roles::Role;
    let (db, mut stores) = desks(1);
    let mut doc = FilingDocument::draft("张三", "a.cn");
    doc.subject.cert_number = "110101199003071234".into();
    let rec = stores[0].create_filing(&doc, now()).unwrap();
    let mut viewer = login(&db, Role::Viewer, "viewer_one");
    assert_eq!(viewer.team().unwrap().role(), Role::Viewer);

    let seen = viewer.get_filing(rec.id).unwrap();
    assert_eq!(seen.document.subject.cert_number, "110101********1234");
    assert!(!seen.editable, "a viewer's window is read-only");
    assert_eq!(seen.revision, rec.revision);
    let listed = viewer.list_filings(&ListQuery { search: Some("张三".into()), ..ListQuery::default() }).unwrap();
    assert_eq!(listed.items.len(), 1);
    assert!(
        viewer
            .list_filings(&ListQuery { search: Some("110101199003071234".into()), ..ListQuery::default() })
            .unwrap()
            .items
            .is_empty()
    );

    let err = viewer.create_filing(&FilingDocument::draft("李四", "b.cn"), now()).unwrap_err();
    assert!(err.to_string().contains("没有权限"), "{err}");
    let err = viewer.update_filing(rec.id, &seen.document, seen.revision, now()).unwrap_err();
    assert!(err.to_string().contains("没有权限"), "{err}");
    let mut raw = srv().client("viewer_one", &db).unwrap();
    assert!(raw.query("SELECT document FROM beian.filings", &[]).is_err(), "no full documents");
    assert!(raw.query("SELECT cert_number FROM beian.filings", &[]).is_err());
    assert!(raw.query("SELECT bytes FROM beian.blob_chunks", &[]).is_err(), "no scans");

    let full = viewer.reveal_filing(rec.id, "显示完整信息", "app", now()).unwrap();
    assert_eq!(full.document.subject.cert_number, "110101199003071234");
    let trail = stores[0].audit_entries(Some(rec.id), 10).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!((trail[0].actor.as_str(), trail[0].action.as_str()), ("viewer_one", "reveal"));
    assert!(stores[0].verify_audit_chain().unwrap().problems.is_empty());
    // The function cannot be made to record in someone else's name: the actor is the session's.
    let err = raw.execute("SELECT beian.reveal(1, 99, 'x', 'cli', '', $1, $2)", &[&"0".repeat(64), &"1".repeat(64)]);
    assert!(err.is_err(), "a row out of the chain is refused (not the next id)");
}

#[test]
fn staff_write_filings_but_cannot_touch_the_audit_trail_or_add_colleagues() {
    use beian_store::team::roles::Role;
    let db = srv().fresh_database().unwrap();
    let mut staff = login(&db, Role::Staff, "staff_one");
    let rec = staff.create_filing(&FilingDocument::draft("张三", "a.cn"), now()).unwrap();
    staff.record_printed_full(&[rec.id], "邮寄资料清单", now()).unwrap();
    assert_eq!(staff.audit_entries(None, 5).unwrap()[0].actor, "staff_one");
    let mut raw = srv().client("staff_one", &db).unwrap();
    let actor: String = raw.query_one("SELECT actor FROM beian.filing_events ORDER BY id LIMIT 1", &[]).unwrap().get(0);
    assert_eq!(actor, "staff_one", "the history names the login");
    for sql in ["UPDATE beian.audit_log SET detail = 'y'", "DELETE FROM beian.audit_log", "TRUNCATE beian.audit_log"] {
        let err = said(&raw.batch_execute(sql).unwrap_err());
        assert!(err.contains("permission denied"), "{sql}: {err}");
    }
    let err = beian_store::team::roles::add_staff(&mut raw, "someone", Role::Admin, "password-123").unwrap_err();
    assert!(err.to_string().contains("只有管理员"), "{err}");

    // An admin added by the first admin may add colleagues.
    let mut admin = srv().client(OWNER, &db).unwrap();
    beian_store::team::roles::add_staff(&mut admin, "admin_two", Role::Admin, "password-123").unwrap();
    let mut second = srv().client("admin_two", &db).unwrap();
    beian_store::team::roles::add_staff(&mut second, "staff_two", Role::Staff, "password-123").unwrap();
    let err = beian_store::team::roles::add_staff(&mut second, "staff_two", Role::Staff, "password-123").unwrap_err();
    assert!(err.to_string().contains("已存在"), "{err}");
    let err = beian_store::team::roles::add_staff(&mut second, "Bad Name", Role::Staff, "password-123").unwrap_err();
    assert!(err.to_string().contains("登录名"), "{err}");
    assert!(srv().store_on("staff_two", &db).unwrap().team().unwrap().role() == Role::Staff);
}

#[test]
fn a_listener_hears_colleagues_changes_not_its_own_and_resyncs_after_a_break() {
    use beian_store::team::listen::{self, Event};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let (db, mut stores) = desks(2);
    let mine = stores[0].team().unwrap().pid_handle();
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let listener = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            listen::run(
                move || srv().client(OWNER, &db),
                mine,
                stop,
                move |e| {
                    let _ = tx.send((Instant::now(), e));
                },
            )
        })
    };
    std::thread::sleep(Duration::from_millis(300)); // listening
    let own = stores[0].create_filing(&FilingDocument::draft("自己", "own.cn"), now()).unwrap();
    let theirs = stores[1].create_filing(&FilingDocument::draft("同事", "col.cn"), now()).unwrap();
    let mut doc = theirs.document.clone();
    doc.subject.name = "同事改过".into();
    let saved_at = Instant::now();
    stores[1].update_filing(theirs.id, &doc, 1, now()).unwrap();

    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok((at, Event::Changed(changes))) = rx.recv_timeout(Duration::from_millis(200)) {
            seen.extend(changes.into_iter().map(|c| (at, c)));
            if seen.iter().any(|(_, c)| c.id == theirs.id && c.rev == Some(2)) {
                break;
            }
        }
    }
    let (at, latest) = seen.iter().rev().find(|(_, c)| c.id == theirs.id).expect("the colleague's change arrives");
    assert_eq!((latest.rev, latest.by.as_str()), (Some(2), OWNER));
    assert!(at.duration_since(saved_at) < Duration::from_secs(1), "within a second");
    assert!(seen.iter().all(|(_, c)| c.id != own.id), "this desk's own writes are not reported back");

    // The listener's connection is cut: it connects again and says to reload.
    let mut admin = srv().client(OWNER, &db).unwrap();
    admin
        .batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND query LIKE 'LISTEN%'"
        ))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut resynced = false;
    while Instant::now() < deadline && !resynced {
        resynced = matches!(rx.recv_timeout(Duration::from_millis(200)), Ok((_, Event::Resync)));
    }
    assert!(resynced, "a resync after the break");
    stop.store(true, Ordering::Relaxed);
    listener.join().unwrap();
}

#[test]
fn a_store_whose_connection_broke_connects_again_on_the_next_call() {
    let db = srv().fresh_database().unwrap();
    let conn = {
        let db = db.clone();
        Box::new(move || srv().client(OWNER, &db)) as beian_store::team::pg::Reconnect
    };
    let mut s = Store::Team(Box::new(PgStore::connect_with(conn).unwrap()));
    let rec = s.create_filing(&FilingDocument::draft("张三", "a.cn"), now()).unwrap();
    let pid = s.team().unwrap().backend_pid();
    srv().client(OWNER, &db).unwrap().execute("SELECT pg_terminate_backend($1)", &[&pid]).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    // The call that finds the break may fail; the store is usable again right after.
    let _ = s.get_filing(rec.id);
    assert_eq!(s.get_filing(rec.id).unwrap().id, rec.id);
    assert_ne!(s.team().unwrap().backend_pid(), pid, "a new connection");
}

#[test]
fn both_engines_reach_one_schema_version_with_the_same_tables_and_columns() {
    use std::collections::BTreeSet;
    assert_eq!(beian_store::team::pg::migration_versions().last(), Some(&SCHEMA_VERSION));
    let dir = tempfile::tempdir().unwrap();
    let desk = Store::open(dir.path()).unwrap();
    assert_eq!(desk.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = rusqlite::Connection::open(dir.path().join(beian_store::paths::DB_FILE)).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'filing_search_%'",
        )
        .unwrap();
    let sqlite: BTreeSet<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let db = srv().fresh_database().unwrap();
    let pg: BTreeSet<String> = srv()
        .client(OWNER, &db)
        .unwrap()
        .query(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'beian'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    // What only one engine has, each for its reason (migrations-pg/0008_baseline.sql says why).
    let only_sqlite: BTreeSet<&str> = [
        // FTS5's columns; PostgreSQL keeps one lower-cased haystack under a trigram index.
        "filing_search.order_no",
        "filing_search.subject_name",
        "filing_search.domains",
        "filing_search.cert_number",
    ]
    .into();
    let only_pg: BTreeSet<&str> = [
        "schema_meta.singleton",
        "schema_meta.version",
        "filing_search.filing_id",
        "filing_search.haystack",
        "filings.document_masked",
        "filings.updated_by",
        "filing_events.actor",
        "attachments.created_by",
        "blobs.sha256",
        "blobs.byte_size",
        "blob_chunks.sha256",
        "blob_chunks.seq",
        "blob_chunks.bytes",
        "blob_derived.sha256",
        "blob_derived.kind",
        "blob_derived.bytes",
        // An imported desk's order number, when the team had it already (still found by it).
        "filings.legacy_order_no",
        // Imported desks' audit chains, kept as read-only archives.
        "imported_audit.desk",
        "imported_audit.id",
        "imported_audit.at",
        "imported_audit.actor",
        "imported_audit.via",
        "imported_audit.action",
        "imported_audit.filing_id",
        "imported_audit.desk_filing_id",
        "imported_audit.detail",
        "imported_audit.prev_hash",
        "imported_audit.hash",
    ]
    .into();
    let sqlite_extra: BTreeSet<&str> = sqlite.iter().map(String::as_str).filter(|c| !pg.contains(*c)).collect();
    let pg_extra: BTreeSet<&str> = pg.iter().map(String::as_str).filter(|c| !sqlite.contains(*c)).collect();
    assert_eq!(sqlite_extra, only_sqlite, "columns only SQLite has");
    assert_eq!(pg_extra, only_pg, "columns only PostgreSQL has");
}

#[test]
fn two_desks_starting_a_change_of_one_approved_filing_at_once_make_one() {
    use beian_core::model::FilingType;
    use beian_core::status::FilingStatus;
    let (db, mut stores) = desks(4);
    stores[0].write_demo(120, 60, 3, "2026-10-01T01:00:00Z".parse().unwrap()).unwrap();
    let approved = stores[0]
        .list_filings(&ListQuery { status: Some(FilingStatus::Approved), limit: Some(1), ..ListQuery::default() })
        .unwrap()
        .items
        .remove(0)
        .id;
    let results = at_once(stores, move |_, s| s.start_follow_up(approved, FilingType::ChangeSite, now()).map(|r| r.id));
    let made: Vec<i64> = results.iter().filter_map(|r| r.as_ref().ok().copied()).collect();
    assert_eq!(made.len(), 1, "{results:?}");
    for r in &results {
        if let Err(e) = r {
            assert!(matches!(e, StoreError::Invalid { field, .. } if field == "filing_type"), "{e:?}");
        }
    }
    let s = srv().store_on(OWNER, &db).unwrap();
    assert_eq!(s.original_of(made[0]).unwrap().unwrap().id, approved);
}

#[test]
fn opposite_status_changes_on_many_desks_never_deadlock() {
    let (db, mut stores) = desks(6);
    let ids: Vec<i64> = (0..6)
        .map(|i| {
            stores[0].create_filing(&FilingDocument::draft(&format!("客户{i}"), &format!("c{i}.cn")), now()).unwrap().id
        })
        .collect();
    // Half the desks start by moving their filing on, half by moving it back (after one step).
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
        let rev = stores[i].get_filing(*id).unwrap().revision;
        let r = ActionRequest { kind: ActionKind::DataComplete, reason: None, confirmed: false, note: None };
        stores[i].apply_action(*id, r, Checked { revision: rev, errors: 0 }, now()).unwrap();
    }
    let errors = at_once(stores, move |i, s| {
        let id = ids[i];
        let mut failed = Vec::new();
        for _ in 0..25 {
            let rec = s.get_filing(id).unwrap();
            let kind = if rec.status == beian_core::status::FilingStatus::Draft {
                ActionKind::DataComplete
            } else {
                ActionKind::BackToEdit
            };
            let r = ActionRequest { kind, reason: None, confirmed: false, note: None };
            if let Err(e) = s.apply_action(id, r, Checked { revision: rec.revision, errors: 0 }, now()) {
                failed.push(e.to_string());
            }
        }
        failed
    });
    assert!(errors.iter().all(Vec::is_empty), "{errors:?}");
    // Not one deadlock on the server (retries would hide them from the desks).
    std::thread::sleep(std::time::Duration::from_millis(1500)); // the desks' statistics, flushed
    let mut c = srv().client(OWNER, &db).unwrap();
    let deadlocks: i64 =
        c.query_one("SELECT deadlocks FROM pg_stat_database WHERE datname = $1", &[&db]).unwrap().get(0);
    assert_eq!(deadlocks, 0);
    let s = srv().store_on(OWNER, &db).unwrap();
    assert!(s.doctor(std::path::Path::new("")).unwrap().healthy, "the counts agree with the filings");
}
