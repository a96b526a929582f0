//! The dashboard's queries on a real database file: search paths, counts, and the migration that
//! indexed filings written before the search index existed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::FilingDocument;
use beian_store::{ListQuery, Store};

fn now() -> jiff::Timestamp {
    "2026-11-28T03:00:00Z".parse().unwrap()
}

fn search(store: &Store, q: &str) -> Vec<String> {
    store
        .list_filings(&ListQuery { search: Some(q.into()), ..ListQuery::default() })
        .unwrap()
        .items
        .into_iter()
        .map(|f| f.subject_name)
        .collect()
}

#[test]
fn one_two_and_many_character_terms_all_find_their_filing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut zhang = FilingDocument::draft("张三", "zhangsan.cn");
    zhang.subject.cert_number = "11010519491231002x".into();
    store.create_filing(&zhang, now()).unwrap();
    store.create_filing(&FilingDocument::draft("李四科技有限公司", "lisi-tech.com"), now()).unwrap();

    assert_eq!(search(&store, "张三"), ["张三"], "two characters: the bigram index");
    assert_eq!(search(&store, "张"), ["张三"], "one character: a bigram prefix range");
    assert_eq!(search(&store, "科技有限"), ["李四科技有限公司"], "trigram substring");
    assert_eq!(search(&store, "LISI-TECH"), ["李四科技有限公司"], "domains, case-insensitive");
    assert_eq!(search(&store, "19491231002X"), ["张三"], "part of the normalised certificate number");
    assert_eq!(search(&store, "110105 19491231002ｘ"), ["张三"], "a whole certificate number, as typed");
    let order_no = store.list_filings(&ListQuery::default()).unwrap().items[1].order_no.clone();
    assert_eq!(search(&store, &order_no.to_lowercase()).len(), 1, "an order number");
    assert!(search(&store, "王五").is_empty());
    assert!(search(&store, "\"); DROP TABLE filings; --").is_empty(), "FTS syntax is quoted");
    assert_eq!(store.list_filings(&ListQuery::default()).unwrap().total, 2);
}

#[test]
fn an_edit_reindexes_the_filing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let rec = store.create_filing(&FilingDocument::draft("旧名称公司", "old.cn"), now()).unwrap();
    let mut doc = rec.document.clone();
    doc.subject.name = "新名称公司".into();
    doc.websites[0].domains = vec!["new-domain.cn".into()];
    doc.websites.push(doc.websites[0].clone());
    doc.websites[1].service_type = beian_core::ServiceType::MiniProgram;
    store.update_filing(rec.id, &doc, rec.revision, now()).unwrap();
    let listed = store.list_filings(&ListQuery::default()).unwrap();
    assert_eq!(listed.items[0].services, [beian_core::ServiceType::Website, beian_core::ServiceType::MiniProgram]);
    assert!(search(&store, "旧名称").is_empty());
    assert!(search(&store, "old.cn").is_empty());
    assert_eq!(search(&store, "新名称"), ["新名称公司"]);
    assert_eq!(search(&store, "new-domain"), ["新名称公司"]);
}

#[test]
fn filings_written_by_schema_1_are_indexed_when_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beian.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_init.sql")).unwrap();
        let mut doc = FilingDocument::draft("王五工作室", "wangwu.cn");
        let mut app = doc.websites[0].clone();
        app.service_type = beian_core::ServiceType::App;
        doc.websites.push(app);
        let mut doc = serde_json::to_value(&doc).unwrap();
        // A document of schema 1 has no `service_type`: a website.
        doc["websites"][0].as_object_mut().unwrap().remove("service_type");
        let doc = doc.to_string();
        conn.execute(
            "INSERT INTO filings (order_no, document, subject_name, created_at, updated_at)
             VALUES ('BA20260101-0001', ?1, '王五工作室', 'x', 'x')",
            [doc],
        )
        .unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
    }
    let store = Store::open_file(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), beian_store::SCHEMA_VERSION);
    assert_eq!(search(&store, "王五"), ["王五工作室"]);
    assert_eq!(search(&store, "wangwu"), ["王五工作室"]);
    let all = store.list_filings(&ListQuery::default()).unwrap();
    assert_eq!(all.total, 1, "status counts were seeded from the existing rows");
    assert_eq!(
        all.items[0].services,
        [beian_core::ServiceType::Website, beian_core::ServiceType::App],
        "the kinds of service were derived from the stored document"
    );
    assert!(dir.path().join("backups").read_dir().unwrap().count() == 1, "backed up before migrating");
}
