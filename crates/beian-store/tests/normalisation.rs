//! One normalisation per concept, in a real store file: domains compared by one key (`www.a.cn` is
//! `a.cn`) in the derived columns, the registry the filing-type check reads and search; one
//! timestamp shape, with migration 7 rewriting a database of the previous schema.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::FilingDocument;
use beian_store::{ListQuery, Store};
use jiff::Timestamp;
use rusqlite::{Connection, params};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn found_by(store: &Store, domain: &str) -> Vec<String> {
    let doc = FilingDocument::draft("李四", domain);
    store.registry_for(None, &doc).unwrap().filings.into_iter().map(|f| f.order_no).collect()
}

fn search(store: &Store, term: &str) -> Vec<i64> {
    let q = ListQuery { search: Some(term.into()), ..ListQuery::default() };
    store.list_filings(&q).unwrap().items.into_iter().map(|i| i.id).collect()
}

#[test]
fn www_and_bare_domains_are_one_filed_domain() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-12-02T03:00:00Z");
    let www = store.create_filing(&FilingDocument::draft("张三", "www.a.cn"), now).unwrap();
    let bare = store.create_filing(&FilingDocument::draft("王五", "B.CN"), now).unwrap();
    // The document keeps what staff wrote (normalised), www. included.
    assert_eq!(store.get_filing(www.id).unwrap().document.websites[0].domains, ["www.a.cn"]);
    assert_eq!(found_by(&store, "a.cn"), [www.order_no.as_str()]);
    assert_eq!(found_by(&store, "WWW.A.CN."), [www.order_no.as_str()]);
    assert_eq!(found_by(&store, "www.b.cn"), [bare.order_no.as_str()]);
    assert!(found_by(&store, "blog.a.cn").is_empty(), "a subdomain is another domain");
    assert_eq!(search(&store, "www.b.cn"), [bare.id]);
    assert_eq!(search(&store, "a.cn"), [www.id]);
    let list = store.list_filings(&ListQuery::default()).unwrap();
    let primary: Vec<&str> = list.items.iter().map(|i| i.primary_domain.as_str()).collect();
    assert!(primary.contains(&"www.a.cn") && primary.contains(&"b.cn"), "{primary:?}");
}

#[test]
fn every_time_column_has_one_shape_and_changes_within_a_second_keep_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = store.create_filing(&FilingDocument::draft("张三", "a.cn"), at("2026-12-02T03:00:00.900Z")).unwrap();
    let b = store.create_filing(&FilingDocument::draft("李四", "b.cn"), at("2026-12-02T03:00:00Z")).unwrap();
    let b = store.update_filing(b.id, &b.document, b.revision, at("2026-12-02T03:00:00.950Z")).unwrap();
    assert_eq!(a.updated_at, "2026-12-02T03:00:00.900000Z");
    assert_eq!(b.updated_at, "2026-12-02T03:00:00.950000Z");
    // Most recently changed first: b (…00.95) before a (…00.9).
    let ids: Vec<i64> = store.list_filings(&ListQuery::default()).unwrap().items.iter().map(|i| i.id).collect();
    assert_eq!(ids, [b.id, a.id]);
    let events = store.filing_events(b.id).unwrap();
    assert!(events.iter().all(|e| e.at.len() == 27 && e.at.ends_with('Z')), "{events:?}");
}

/// A database of schema 6 (times in both old shapes, domains stored with `www.` and in capitals)
/// is rewritten by migration 7 when it is opened.
#[test]
fn migration_7_rewrites_a_database_of_the_previous_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (id, other) = {
        let mut store = Store::open(dir.path()).unwrap();
        let a = store.create_filing(&FilingDocument::draft("张三", "www.a.cn"), at("2026-12-02T03:00:00Z")).unwrap();
        let b = store.create_filing(&FilingDocument::draft("李四", "b.cn"), at("2026-12-02T03:00:00Z")).unwrap();
        (a.id, b.id)
    };
    // Put the rows back the way schema 6 wrote them.
    {
        let conn = Connection::open(dir.path().join(beian_store::paths::DB_FILE)).unwrap();
        conn.execute(
            "UPDATE filings SET updated_at = ?2, created_at = ?2, primary_domain = 'WWW.A.CN' WHERE id = ?1",
            params![id, "2026-12-02T03:00:00.5Z"],
        )
        .unwrap();
        conn.execute(
            "UPDATE filings SET updated_at = ?2, created_at = ?2 WHERE id = ?1",
            params![other, "2026-12-02T03:00:00Z"],
        )
        .unwrap();
        conn.execute(
            "UPDATE filing_events SET at = '2026-12-02T03:00:00.123456789Z' WHERE filing_id = ?1",
            params![id],
        )
        .unwrap();
        conn.execute("UPDATE filing_domains SET domain = 'www.a.cn' WHERE filing_id = ?1", params![id]).unwrap();
        // Schema 6 had no missing-materials column (migration 8 adds it).
        conn.execute("ALTER TABLE filings DROP COLUMN missing_materials", []).unwrap();
        // …nor the services column (migration 9).
        conn.execute("ALTER TABLE filings DROP COLUMN services", []).unwrap();
        conn.execute("DROP INDEX filings_provider", []).unwrap();
        conn.execute("ALTER TABLE filings DROP COLUMN provider", []).unwrap();
        conn.execute("ALTER TABLE filings DROP COLUMN provider_account", []).unwrap();
        conn.pragma_update(None, "user_version", 6).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), beian_store::db::SCHEMA_VERSION);
    let rec = store.get_filing(id).unwrap();
    assert_eq!(rec.updated_at, "2026-12-02T03:00:00.500000Z");
    assert_eq!(store.get_filing(other).unwrap().updated_at, "2026-12-02T03:00:00.000000Z");
    assert_eq!(store.filing_events(id).unwrap()[0].at, "2026-12-02T03:00:00.123456Z");
    // The half-second-later change now sorts first, as it should.
    let ids: Vec<i64> = store.list_filings(&ListQuery::default()).unwrap().items.iter().map(|i| i.id).collect();
    assert_eq!(ids, [id, other]);
    assert_eq!(found_by(&store, "a.cn").len(), 1, "the old www. row was rewritten to its key");
    let list = store.list_filings(&ListQuery::default()).unwrap();
    assert_eq!(list.items[0].primary_domain, "www.a.cn");
    // The migrated store passes every doctor check.
    let report = store.doctor(dir.path()).unwrap();
    assert!(report.healthy, "{report:?}");
}
