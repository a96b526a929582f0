//! The store's contract: one suite of tests that every engine must pass, instantiated once per
//! engine by [`contract_tests!`].
//!
//! Each test is a function taking `&mut Store` that uses only the [`beian_store::Engine`]
//! interface: no SQL, no file, nothing of one engine. To run the suite against another engine, add
//! a line to the `contract_tests!` invocation at the bottom (`team => || …,`): its opener returns a
//! fresh, empty store (or a guard that derefs to one, if the engine needs something kept alive).
//! To add a test, write the function and add its name to the list in the macro.
//!
//! The team engine's half runs on the test process's own PostgreSQL server
//! (`beian_store::team::testing`: Debian's server in a temporary folder, a database per test) and
//! is never skipped: without PostgreSQL it fails.
//!
//! These copy the engine-neutral parts of the SQLite tests (in `src/` and the other files here),
//! which stay as they are: those also check the file, the pragmas and the SQL underneath.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::FilingDocument;
use beian_core::model::{FilingType, Nature};
use beian_core::status::FilingStatus;
use beian_core::workflow::{ActionKind, ActionRequest};
use beian_store::audit::{AuditAction, GENESIS, NewAuditEntry};
use beian_store::filings::StatusCount;
use beian_store::{Checked, ListQuery, ListResult, Store, StoreError};
use jiff::Timestamp;

/// Instantiates every contract test once per engine: `name => opener,` makes a module `name` with
/// one `#[test]` per contract test, each on a fresh store from `opener`.
macro_rules! contract_tests {
    ($($engine:ident => $open:expr),+ $(,)?) => {$(
        mod $engine {
            #[allow(unused_imports)] // an opener may name nothing of the suite's
            use super::*;
            contract_tests!(@each $open =>
                create_read_update_with_revision_conflict,
                order_numbers_follow_the_china_day,
                a_batch_is_all_or_nothing,
                search_finds_short_chinese_terms_domains_certificates_and_order_numbers,
                www_and_bare_domains_are_one_domain,
                submitting_goes_through_the_workflow_into_the_history,
                attachments_insert_remove_restore_and_replace,
                the_audit_trail_appends_a_chain_that_verifies,
                printing_in_full_is_recorded_and_touches_nothing_else,
                a_text_holding_nul_is_refused_at_its_field,
                an_app_keeps_its_platforms_and_a_private_key_is_never_stored,
                demo_filings_list_and_search_in_one_order,
                filings_list_filter_and_count_by_provider_and_account,
                a_tencent_order_lapses_45_days_after_it_entered_its_step,
                timelines_carry_every_status_change_and_filter_by_place,
            );
        }
    )+};
    (@each $open:expr => $($test:ident),+ $(,)?) => {$(
        #[test]
        fn $test() {
            let open = $open;
            let mut store = open();
            super::$test(&mut store);
        }
    )+};
}

contract_tests! {
    sqlite => || Store::open_in_memory().unwrap(),
    team => || beian_store::team::testing::server().expect("PostgreSQL for the team store").fresh_store().unwrap(),
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn now() -> Timestamp {
    at("2026-11-28T03:00:00Z")
}

fn ids(store: &Store, term: &str) -> Vec<i64> {
    let q = ListQuery { search: Some(term.into()), ..ListQuery::default() };
    store.list_filings(&q).unwrap().items.into_iter().map(|i| i.id).collect()
}

/// The spec's sample with a site name that passes the personal-site rules.
fn sample() -> FilingDocument {
    let mut doc =
        beian_core::parse_document(include_str!("../../beian-core/tests/data/sample-filing.json")).unwrap().document;
    doc.websites[0].name = "山水旅行摄影随笔".into();
    doc
}

/// Applies an action counting the core rules' errors of the stored document.
fn apply(store: &mut Store, id: i64, request: ActionRequest, now: Timestamp) -> Result<FilingStatus, StoreError> {
    let rec = store.get_filing(id)?;
    let errors = beian_core::validate(&rec.document, beian_core::calendar::cst_now_date(now))
        .iter()
        .filter(|d| d.is_error())
        .count();
    Ok(store.apply_action(id, request, Checked { revision: rec.revision, errors: errors as u32 }, now)?.status)
}

fn act(kind: ActionKind) -> ActionRequest {
    ActionRequest { kind, reason: None, confirmed: false, note: None }
}

fn jpeg(seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x * 255 / 900) as u8, (y * 255 / 600) as u8, ((x ^ y ^ seed) & 0xFF) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).unwrap();
    out
}

// ---- The contract ----------------------------------------------------------------------------

fn create_read_update_with_revision_conflict(s: &mut Store) {
    let rec = s.create_filing(&FilingDocument::draft("张三", "Example.com"), at("2026-11-28T03:00:00Z")).unwrap();
    assert_eq!(rec.status, FilingStatus::Draft);
    assert_eq!(rec.revision, 1);
    assert!(rec.editable);
    assert_eq!(rec.document.websites[0].domains, ["example.com"], "stored normalised");
    assert_eq!(rec.created_at, "2026-11-28T03:00:00.000000Z", "the store's one timestamp shape");
    assert_eq!(s.get_filing(rec.id).unwrap(), rec);
    assert_eq!(s.find_by_order_no(&rec.order_no).unwrap(), Some(rec.id));
    assert_eq!(s.order_no_of(rec.id).unwrap().as_deref(), Some(rec.order_no.as_str()));

    let mut doc = rec.document.clone();
    doc.subject.name = "李四".into();
    let updated = s.update_filing(rec.id, &doc, 1, at("2026-11-28T04:00:00Z")).unwrap();
    assert_eq!(updated.revision, 2);
    assert_eq!(updated.document.subject.name, "李四");
    assert_eq!(updated.updated_at, "2026-11-28T04:00:00.000000Z");
    // A stale editor is refused, and nothing changes.
    let err = s.update_filing(rec.id, &doc, 1, at("2026-11-28T05:00:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { expected: 1, current: 2 }), "{err}");
    assert_eq!(s.get_filing(rec.id).unwrap().revision, 2);
    let kinds: Vec<_> = s.filing_events(rec.id).unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["created", "edited"]);

    assert!(matches!(s.get_filing(999), Err(StoreError::NotFound { .. })));
    assert!(matches!(s.filing_events(999), Err(StoreError::NotFound { .. })));
    assert_eq!(s.find_by_order_no("BA19990101-0001").unwrap(), None);
    assert_eq!(s.order_no_of(999).unwrap(), None);
    assert_eq!(s.all_filing_ids().unwrap(), [rec.id]);
}

fn order_numbers_follow_the_china_day(s: &mut Store) {
    let doc = FilingDocument::draft("张三", "example.com");
    // 16:30 UTC is already the next day in China.
    let a = s.create_filing(&doc, at("2026-11-27T16:30:00Z")).unwrap();
    let b = s.create_filing(&doc, at("2026-11-28T03:00:00Z")).unwrap();
    let c = s.create_filing(&doc, at("2026-11-29T01:00:00Z")).unwrap();
    assert_eq!(a.order_no, "BA20261128-0001");
    assert_eq!(b.order_no, "BA20261128-0002");
    assert_eq!(c.order_no, "BA20261129-0001");
    let batch = s.create_filings(&[doc.clone(), doc], at("2026-11-29T02:00:00Z"), "imported").unwrap();
    let numbers: Vec<String> = batch.iter().map(|&id| s.get_filing(id).unwrap().order_no).collect();
    assert_eq!(numbers, ["BA20261129-0002", "BA20261129-0003"]);
    assert_eq!(s.filing_events(batch[0]).unwrap()[0].kind, "imported");
    assert_eq!(s.all_filing_ids().unwrap(), [a.id, b.id, c.id, batch[0], batch[1]], "oldest first");
}

fn a_batch_is_all_or_nothing(s: &mut Store) {
    let good = FilingDocument::draft("张三", "a.cn");
    let mut big = FilingDocument::draft("李四", "b.cn");
    big.websites[0].name = "长".repeat(beian_core::document::MAX_DOCUMENT_BYTES / 3 + 10);
    let err = s.create_filings(&[good.clone(), big], now(), "imported").unwrap_err();
    match err {
        StoreError::Invalid { field, message } => {
            assert_eq!(field, "websites[0].name");
            assert!(message.contains("过长") && message.contains("上限"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(s.all_filing_ids().unwrap().is_empty(), "the good one was not kept either");
    // Nor did the failed batch use up an order number.
    assert_eq!(s.create_filing(&good, now()).unwrap().order_no, "BA20261128-0001");
}

fn search_finds_short_chinese_terms_domains_certificates_and_order_numbers(s: &mut Store) {
    let mut zhang = FilingDocument::draft("张三", "zhangsan.cn");
    zhang.subject.cert_number = "11010519491231002x".into();
    let z = s.create_filing(&zhang, now()).unwrap();
    let mut company = FilingDocument::draft("李四科技有限公司", "lisi-tech.com");
    company.websites[0].domains.push("Second-Site.com".into());
    let l = s.create_filing(&company, now()).unwrap();

    assert_eq!(ids(s, "张三"), [z.id], "two characters");
    assert_eq!(ids(s, "张"), [z.id], "one character");
    assert_eq!(ids(s, "科技有限"), [l.id], "a substring of the subject");
    assert_eq!(ids(s, "LISI-TECH"), [l.id], "domains, case-insensitive");
    assert_eq!(ids(s, "second-site"), [l.id], "any domain, not only the first");
    assert_eq!(ids(s, "19491231002X"), [z.id], "part of the normalised certificate number");
    assert_eq!(ids(s, "110105 19491231002ｘ"), [z.id], "a whole certificate number, as typed");
    assert_eq!(ids(s, &l.order_no.to_lowercase()), [l.id], "an order number");
    assert!(ids(s, "王五").is_empty());
    assert!(ids(s, "%").is_empty(), "wildcards are literal");
    assert!(ids(s, "\"); DROP TABLE filings; --").is_empty(), "query syntax is quoted");

    // An edit reindexes the filing.
    let mut doc = z.document.clone();
    doc.subject.name = "新名称工作室".into();
    s.update_filing(z.id, &doc, z.revision, now()).unwrap();
    assert!(ids(s, "张三").is_empty());
    assert_eq!(ids(s, "名称"), [z.id]);

    let all = s.list_filings(&ListQuery::default()).unwrap();
    assert_eq!((all.total, all.total_capped), (2, false));
    assert_eq!(all.status_counts, [StatusCount { status: FilingStatus::Draft, count: 2 }]);
    let one = s.list_filings(&ListQuery { limit: Some(1), offset: Some(1), ..ListQuery::default() }).unwrap();
    assert_eq!((one.items.len(), one.total), (1, 2), "a page, with the total of all matches");
}

fn www_and_bare_domains_are_one_domain(s: &mut Store) {
    let found_by = |s: &Store, domain: &str| -> Vec<String> {
        let doc = FilingDocument::draft("李四", domain);
        s.registry_for(None, &doc).unwrap().filings.into_iter().map(|f| f.order_no).collect()
    };
    let www = s.create_filing(&FilingDocument::draft("张三", "www.a.cn"), now()).unwrap();
    let bare = s.create_filing(&FilingDocument::draft("王五", "B.CN"), now()).unwrap();
    // The document keeps what staff wrote (normalised), www. included.
    assert_eq!(s.get_filing(www.id).unwrap().document.websites[0].domains, ["www.a.cn"]);
    assert_eq!(found_by(s, "a.cn"), [www.order_no.as_str()]);
    assert_eq!(found_by(s, "WWW.A.CN."), [www.order_no.as_str()]);
    assert_eq!(found_by(s, "www.b.cn"), [bare.order_no.as_str()]);
    assert!(found_by(s, "blog.a.cn").is_empty(), "a subdomain is another domain");
    assert_eq!(ids(s, "www.b.cn"), [bare.id]);
    assert_eq!(ids(s, "a.cn"), [www.id]);
    let reg = s.registry_for(Some(&www.order_no), &FilingDocument::draft("李四", "a.cn")).unwrap();
    assert!(reg.filings.is_empty(), "the filing itself is left out");
}

fn submitting_goes_through_the_workflow_into_the_history(s: &mut Store) {
    let id = s.create_filing(&sample(), at("2026-11-20T01:00:00Z")).unwrap().id;
    assert_eq!(
        apply(s, id, act(ActionKind::DataComplete), at("2026-11-20T02:00:00Z")).unwrap(),
        FilingStatus::Materials
    );
    assert_eq!(
        apply(s, id, act(ActionKind::MaterialsDone), at("2026-11-20T02:01:00Z")).unwrap(),
        FilingStatus::ReadyToConfirm
    );
    // Submitting needs the applicant's explicit confirmation.
    let err = apply(s, id, act(ActionKind::Submit), at("2026-11-20T02:02:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    // A check of an older revision is a conflict.
    let rec = s.get_filing(id).unwrap();
    let submit = ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    let stale = Checked { revision: rec.revision - 1, errors: 0 };
    let err = s.apply_action(id, submit.clone(), stale, at("2026-11-20T02:03:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let rec = s.apply_action(id, submit, Checked { revision: rec.revision, errors: 0 }, at("2026-11-20T02:03:00Z"));
    let rec = rec.unwrap();
    assert_eq!(rec.status, FilingStatus::Submitted);
    assert!(!rec.editable);

    // Once submitted, the data changes only through the workflow.
    let err = s.update_filing(id, &rec.document, rec.revision, at("2026-11-20T02:04:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::NotEditable { .. }), "{err}");
    // The dashboard knows what is due next.
    let row = s.list_filings(&ListQuery::default()).unwrap().items.remove(0);
    assert!(row.next_due.is_some(), "a submitted filing has a deadline");
    assert_eq!(row.missing_materials, None, "no longer a task once submitted");

    let events = s.filing_events(id).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "data_complete", "materials_done", "submit"]);
    let last = events.last().unwrap();
    assert_eq!((last.from_status, last.to_status), (Some(FilingStatus::ReadyToConfirm), Some(FilingStatus::Submitted)));
    assert_eq!(last.at, "2026-11-20T02:03:00.000000Z");
    let changes = s.status_changes(id).unwrap();
    assert_eq!(changes.len(), 4);
    assert_eq!(changes.last().unwrap().to, FilingStatus::Submitted);

    // Day 45 after the first submission (2027-01-03, CST) is still valid; the day after is not.
    assert!(s.expire_lapsed(at("2027-01-03T10:00:00Z")).unwrap().is_empty());
    assert_eq!(s.expire_lapsed(at("2027-01-04T10:00:00Z")).unwrap(), [rec.order_no]);
    assert_eq!(s.get_filing(id).unwrap().status, FilingStatus::Expired);
}

/// Tencent counts its 45 days per step (单个步骤停留时间): an order asked for papers a month after
/// its submission lives 45 days from that request, where the guide's provider's would have lapsed
/// 45 days after the submission.
fn a_tencent_order_lapses_45_days_after_it_entered_its_step(s: &mut Store) {
    let mut doc = sample();
    doc.provider = "tencent".into();
    let id = s.create_filing(&doc, at("2026-11-20T01:00:00Z")).unwrap().id;
    for (kind, when) in
        [(ActionKind::DataComplete, "2026-11-20T02:00:00Z"), (ActionKind::MaterialsDone, "2026-11-20T02:01:00Z")]
    {
        apply(s, id, act(kind), at(when)).unwrap();
    }
    let submit = ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    assert_eq!(apply(s, id, submit, at("2026-11-20T02:03:00Z")).unwrap(), FilingStatus::Submitted);
    let papers = ActionRequest { reason: Some("请邮寄核验单".into()), ..act(ActionKind::RequestPapers) };
    assert_eq!(apply(s, id, papers, at("2026-12-20T02:00:00Z")).unwrap(), FilingStatus::MailPapers);

    // 45 days after the submission the order still lives: it entered its step on 2026-12-20.
    assert!(s.expire_lapsed(at("2027-01-04T10:00:00Z")).unwrap().is_empty());
    // That day is day 1: 2027-02-02 (CST) is day 45, the day after it has lapsed.
    assert!(s.expire_lapsed(at("2027-02-02T10:00:00Z")).unwrap().is_empty());
    let order_no = s.get_filing(id).unwrap().order_no;
    assert_eq!(s.expire_lapsed(at("2027-02-03T10:00:00Z")).unwrap(), [order_no]);
    assert_eq!(s.get_filing(id).unwrap().status, FilingStatus::Expired);
    let last = s.filing_events(id).unwrap().pop().unwrap();
    assert_eq!(last.note, "订单在当前步骤停留已满 45 天");
}

fn attachments_insert_remove_restore_and_replace(s: &mut Store) {
    let mut doc = FilingDocument::draft("杭州某某科技有限公司", "example.cn");
    doc.filing_type = Some(FilingType::FirstFiling);
    doc.subject.nature = Nature::Enterprise;
    doc.subject.region.province = "浙江省".into();
    let filing = s.create_filing(&doc, now()).unwrap().id;
    let before = s.material_completeness(filing, now()).unwrap();
    assert!(before.missing.contains(&"subject_certificate".to_owned()), "{before:?}");
    assert!(s.material_diagnostics(filing, now()).unwrap().iter().any(|d| d.field == "materials.subject_certificate"));

    let p = beian_scan::process(jpeg(1)).unwrap();
    let a = s.insert_attachment(filing, "subject_certificate", "营业执照.jpg", &p, now()).unwrap();
    assert_eq!(
        (a.filing_id, a.material_code.as_str(), a.original_name.as_str()),
        (filing, "subject_certificate", "营业执照.jpg")
    );
    assert_eq!(a.sha256, p.sha256);
    assert_eq!(s.attachment(a.id).unwrap(), a);
    assert_eq!(s.attachments(filing, false).unwrap(), std::slice::from_ref(&a));
    assert_eq!(s.find_duplicate(filing, &p.sha256).unwrap().map(|d| d.id), Some(a.id));
    assert!(!s.material_completeness(filing, now()).unwrap().missing.contains(&"subject_certificate".to_owned()));
    // The same content twice on one filing is refused; bad input is refused.
    let err = s.insert_attachment(filing, "domain_certificate", "copy.jpg", &p, now()).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err}");
    assert!(
        s.insert_attachment(filing, "no_such_material", "b.jpg", &beian_scan::process(jpeg(2)).unwrap(), now())
            .is_err()
    );
    assert!(matches!(
        s.insert_attachment(999, "subject_certificate", "b.jpg", &p, now()),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(s.attachments(999, false), Err(StoreError::NotFound { .. })));

    // Removal is soft, and undone by restoring.
    let removed = s.remove_attachment(a.id, now()).unwrap();
    assert!(removed.deleted_at.is_some());
    assert!(s.attachments(filing, false).unwrap().is_empty());
    assert_eq!(s.attachments(filing, true).unwrap().len(), 1);
    assert_eq!(s.find_duplicate(filing, &p.sha256).unwrap(), None);
    assert_eq!(s.restore_attachment(a.id).unwrap().deleted_at, None);

    // Replacing, then undoing the replacement by restoring the old one.
    let q = beian_scan::process(jpeg(3)).unwrap();
    let b = s.replace_attachment(a.id, "新扫描.jpg", &q, now()).unwrap();
    assert_eq!((b.material_code.as_str(), b.original_name.as_str()), ("subject_certificate", "新扫描.jpg"));
    let live: Vec<i64> = s.attachments(filing, false).unwrap().iter().map(|x| x.id).collect();
    assert_eq!(live, [b.id]);
    assert_eq!(s.attachment(a.id).unwrap().replaced_by, Some(b.id));
    s.restore_attachment(a.id).unwrap();
    let live: Vec<i64> = s.attachments(filing, false).unwrap().iter().map(|x| x.id).collect();
    assert_eq!(live, [a.id], "restoring the replaced file removes its replacement");

    // Restoring is refused when the same content is in force again.
    s.remove_attachment(a.id, now()).unwrap();
    let again = s.insert_attachment(filing, "domain_certificate", "a2.jpg", &p, now()).unwrap();
    let err = s.restore_attachment(a.id).unwrap_err();
    assert!(err.to_string().contains("无法恢复"), "{err}");
    assert_eq!(s.attachment(again.id).unwrap().deleted_at, None);
    assert!(matches!(s.remove_attachment(4242, now()), Err(StoreError::NotFound { .. })));
}

fn the_audit_trail_appends_a_chain_that_verifies(s: &mut Store) {
    let entry = |action, filing_id| NewAuditEntry { action, filing_id, detail: "test".into(), via: "cli" };
    let empty = s.verify_audit_chain().unwrap();
    assert_eq!((empty.entries, empty.head.as_deref()), (0, None));
    assert!(empty.problems.is_empty(), "{empty:?}");

    let a =
        s.record_audit(&[entry(AuditAction::ExportFull, Some(1)), entry(AuditAction::Backup, None)], now()).unwrap();
    assert_eq!(a[0].prev_hash, GENESIS);
    assert_eq!(a[1].prev_hash, a[0].hash);
    assert_eq!(a[0].hash, beian_store::audit::entry_hash(&a[0]), "the hash covers the row as stored");
    assert_eq!((a[0].id, a[1].id), (1, 2));
    let b = s.record_audit(&[entry(AuditAction::PrintFull, Some(2))], now()).unwrap();
    assert_eq!(b[0].prev_hash, a[1].hash);
    assert_eq!(b[0].action, "print_full");
    assert_eq!(b[0].at, "2026-11-28T03:00:00.000000Z");

    let v = s.verify_audit_chain().unwrap();
    assert_eq!(v.entries, 3);
    assert!(v.problems.is_empty(), "{v:?}");
    assert_eq!(v.head.as_deref(), Some(b[0].hash.as_str()));
    assert_eq!(s.audit_entries(None, 10).unwrap(), [b[0].clone(), a[1].clone(), a[0].clone()], "newest first");
    assert_eq!(s.audit_entries(Some(2), 10).unwrap(), b);
    assert_eq!(s.audit_entries(None, 1).unwrap().len(), 1);
}

fn printing_in_full_is_recorded_and_touches_nothing_else(s: &mut Store) {
    let a = s.create_filing(&FilingDocument::draft("甲公司", "a.cn"), at("2026-11-28T01:00:00Z")).unwrap();
    let b = s.create_filing(&FilingDocument::draft("乙公司", "b.cn"), at("2026-11-28T01:00:00Z")).unwrap();
    let changes = s.status_changes(a.id).unwrap();
    s.record_printed_full(&[a.id, b.id], "邮寄资料清单", at("2026-11-28T02:00:00Z")).unwrap();
    for rec in [&a, &b] {
        let last = s.filing_events(rec.id).unwrap().pop().unwrap();
        assert_eq!(last.kind, beian_store::printing::PRINTED_FULL);
        assert_eq!(last.note, "打印邮寄资料清单（含完整个人信息）");
        assert_eq!(last.at, "2026-11-28T02:00:00.000000Z");
        assert_eq!((last.from_status, last.to_status), (None, None));
        let after = s.get_filing(rec.id).unwrap();
        assert_eq!((after.revision, after.status, &after.updated_at), (rec.revision, rec.status, &rec.updated_at));
        let audit = s.audit_entries(Some(rec.id), 10).unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!((audit[0].action.as_str(), audit[0].detail.as_str()), ("print_full", "邮寄资料清单"));
    }
    assert_eq!(s.status_changes(a.id).unwrap(), changes, "deadlines do not see it");
    // An unknown id: nothing recorded, neither in the history nor in the audit trail.
    let events = s.filing_events(a.id).unwrap().len();
    let err = s.record_printed_full(&[a.id, 9999], "短信核验单", at("2026-11-28T03:00:00Z")).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert_eq!(s.filing_events(a.id).unwrap().len(), events);
    assert_eq!(s.audit_entries(None, 10).unwrap().len(), 2);
    assert!(s.verify_audit_chain().unwrap().problems.is_empty());
}

fn a_text_holding_nul_is_refused_at_its_field(s: &mut Store) {
    let mut doc = FilingDocument::draft("张三", "a.cn");
    doc.websites[0].name = "山水\u{0}随笔".into();
    let err = s.create_filing(&doc, now()).unwrap_err();
    match &err {
        StoreError::Invalid { field, message } => {
            assert_eq!(field, "websites[0].name");
            assert!(message.contains("U+0000"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.list_filings(&ListQuery::default()).unwrap().total, 0, "nothing written");
    // A typed backslash and `u0000` are just text.
    doc.websites[0].name = "山水\\u0000随笔".into();
    let rec = s.create_filing(&doc, now()).unwrap();
    assert_eq!(rec.document.websites[0].name, "山水\\u0000随笔");
}

fn an_app_keeps_its_platforms_and_a_private_key_is_never_stored(s: &mut Store) {
    use beian_core::{AppDetails, AppPlatform, AppPlatformKind, ServiceType, Website};
    let mut doc = FilingDocument::draft("杭州云帆网络科技有限公司", "yunfan.com.cn");
    doc.websites.push(Website {
        name: "云帆记账".into(),
        service_type: ServiceType::App,
        domains: vec!["api.yunfan.com.cn".into()],
        app: Some(AppDetails {
            platforms: vec![
                AppPlatform {
                    platform: AppPlatformKind::Android,
                    package: " com.yunfan.ledger ".into(),
                    fingerprint: "6F:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8".into(),
                    public_key: "00c0ffee".into(),
                    ..AppPlatform::default()
                },
                AppPlatform {
                    platform: AppPlatformKind::Ios,
                    package: "com.yunfan.ledger".into(),
                    fingerprint: "0123456789ABCDEF0123456789ABCDEF01234567".into(),
                    ..AppPlatform::default()
                },
            ],
            ips: vec!["203.0.113.10".into()],
            ..AppDetails::default()
        }),
        ..Website::default()
    });
    let rec = s.create_filing(&doc, now()).unwrap();
    let back = s.get_filing(rec.id).unwrap().document;
    let app = back.websites[1].app.as_ref().expect("the app block is stored");
    assert_eq!(back.websites[1].service_type, ServiceType::App);
    assert_eq!(app.platforms[0].package, "com.yunfan.ledger");
    assert_eq!(app.platforms[0].fingerprint, "6f1a2b3c4d5e6f708192a3b4c5d6e7f8", "stored normalised");
    assert_eq!(app.platforms[1].platform, AppPlatformKind::Ios);
    assert_eq!(app.ips, ["203.0.113.10"]);
    // Search finds it by the app's name (two characters too) and by its package, not by a word
    // spanning the subject's name and the app's.
    let other = s.create_filing(&FilingDocument::draft("李四", "lisi.cn"), now()).unwrap();
    for term in ["云帆记账", "记账", "com.yunfan.ledger", "yunfan.ledger", "杭州云帆"] {
        assert_eq!(ids(s, term), [rec.id], "{term}");
    }
    assert_eq!(ids(s, "公司云帆"), Vec::<i64>::new());
    assert_eq!(ids(s, "李四"), [other.id]);
    // A private key pasted into the public-key field: refused at its field, nothing written.
    let mut bad = back.clone();
    bad.websites[1].app.as_mut().unwrap().platforms[0].public_key =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----".into();
    let err = s.update_filing(rec.id, &bad, rec.revision, now()).unwrap_err();
    match &err {
        StoreError::Invalid { field, message } => {
            assert_eq!(field, "websites[1].app.platforms[0].public_key");
            assert!(message.contains("私钥"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(s.create_filing(&bad, now()).is_err());
    let after = s.get_filing(rec.id).unwrap();
    assert_eq!(after.revision, rec.revision);
    assert_eq!(after.document.websites[1].app.as_ref().unwrap().platforms[0].public_key, "00c0ffee");
    let listed = s.list_filings(&ListQuery::default()).unwrap();
    assert_eq!(listed.total, 2, "the refused create wrote nothing");
    // The list says which kinds of service each filing holds.
    let kinds = |id: i64| listed.items.iter().find(|f| f.id == id).map(|f| f.services.clone()).unwrap();
    assert_eq!(kinds(rec.id), [ServiceType::Website, ServiceType::App]);
    assert_eq!(kinds(other.id), [ServiceType::Website]);
}

/// The same demo filings on any engine list, filter and search to the same rows in the same order
/// (the SQLite engine's order is the reference: `expected_demo_order` below is computed from it).
fn demo_filings_list_and_search_in_one_order(s: &mut Store) {
    let mut reference = Store::open_in_memory().unwrap();
    let start = at("2026-10-01T01:00:00Z");
    let ids = s.write_demo(240, 60, 7, start).unwrap();
    assert_eq!(reference.write_demo(240, 60, 7, start).unwrap(), ids);
    let sample = s.get_filing(ids[100]).unwrap();
    let name2: String = sample.document.subject.name.chars().take(2).collect();
    let name1: String = sample.document.subject.name.chars().take(1).collect();
    let domain_part: String = sample.document.websites[0].domains[0].chars().skip(1).take(6).collect();
    let queries = [
        ListQuery::default(),
        ListQuery { status: Some(FilingStatus::Draft), ..ListQuery::default() },
        ListQuery { province: Some(sample.document.subject.region.province.clone()), ..ListQuery::default() },
        ListQuery { limit: Some(17), offset: Some(30), ..ListQuery::default() },
        ListQuery { search: Some(name2), ..ListQuery::default() },
        ListQuery { search: Some(name1), ..ListQuery::default() },
        ListQuery { search: Some(domain_part), ..ListQuery::default() },
        ListQuery { search: Some(sample.document.subject.name.clone()), ..ListQuery::default() },
        ListQuery { search: Some(sample.order_no.to_lowercase()), ..ListQuery::default() },
        ListQuery { search: Some(sample.document.subject.cert_number.clone()), ..ListQuery::default() },
        ListQuery { search: Some(".com".into()), ..ListQuery::default() },
    ];
    for q in &queries {
        let got = s.list_filings(q).unwrap();
        let want = reference.list_filings(q).unwrap();
        assert!(!want.items.is_empty(), "{q:?} finds something");
        assert_eq!(got, want, "{q:?}");
    }
    // The same history (who did it is the team store's alone: the login, set by the server).
    let mut got = s.filing_events(ids[100]).unwrap();
    if s.team().is_some() {
        assert!(got.iter().all(|e| e.actor.is_some()), "every entry names its login");
    }
    got.iter_mut().for_each(|e| e.actor = None);
    assert_eq!(got, reference.filing_events(ids[100]).unwrap());
}

/// One subject filed at two providers (接入 at a second one): two filings, listed, filtered and
/// counted by provider and account, found by the account's name; a password typed as the account
/// is refused and nothing is written.
fn filings_list_filter_and_count_by_provider_and_account(s: &mut Store) {
    let mut ali = FilingDocument::draft("杭州云帆网络科技有限公司", "yunfan.com.cn");
    ali.provider_account = Some("yunfan-ops".into());
    let a = s.create_filing(&ali, now()).unwrap();
    let mut tc = ali.clone();
    tc.provider = "tencent".into();
    tc.provider_account = Some("100012345678".into());
    tc.websites[0].domains = vec!["yunfan-shop.cn".into()];
    let t = s.create_filing(&tc, now()).unwrap();
    let other = s.create_filing(&FilingDocument::draft("李四", "lisi.cn"), now()).unwrap();

    let list = |q: ListQuery| s.list_filings(&q).unwrap();
    let all = list(ListQuery::default());
    let row = |id: i64| all.items.iter().find(|f| f.id == id).unwrap().clone();
    assert_eq!((row(a.id).provider.as_str(), row(a.id).provider_account.as_str()), ("aliyun", "yunfan-ops"));
    assert_eq!((row(t.id).provider.as_str(), row(t.id).provider_account.as_str()), ("tencent", "100012345678"));
    assert_eq!((row(other.id).provider.as_str(), row(other.id).provider_account.as_str()), ("aliyun", ""));
    let counts: Vec<(String, String, u32)> =
        all.provider_counts.iter().map(|c| (c.provider.clone(), c.account.clone(), c.count)).collect();
    assert_eq!(
        counts,
        [
            ("aliyun".to_owned(), String::new(), 1),
            ("aliyun".to_owned(), "yunfan-ops".to_owned(), 1),
            ("tencent".to_owned(), "100012345678".to_owned(), 1)
        ]
    );
    let ids = |r: ListResult| {
        let mut v: Vec<i64> = r.items.iter().map(|f| f.id).collect();
        v.sort_unstable();
        v
    };
    let mut both = vec![a.id, other.id];
    both.sort_unstable();
    assert_eq!(ids(list(ListQuery { provider: Some("aliyun".into()), ..ListQuery::default() })), both);
    assert_eq!(ids(list(ListQuery { provider: Some("tencent".into()), ..ListQuery::default() })), [t.id]);
    assert_eq!(
        ids(list(ListQuery {
            provider: Some("aliyun".into()),
            provider_account: Some("yunfan-ops".into()),
            ..ListQuery::default()
        })),
        [a.id]
    );
    assert_eq!(ids(list(ListQuery { provider: Some("huawei".into()), ..ListQuery::default() })), Vec::<i64>::new());
    // The account is searchable; the subject finds both of its filings.
    assert_eq!(ids(list(ListQuery { search: Some("yunfan-ops".into()), ..ListQuery::default() })), [a.id]);
    let mut of_subject = vec![a.id, t.id];
    of_subject.sort_unstable();
    assert_eq!(ids(list(ListQuery { search: Some("云帆网络".into()), ..ListQuery::default() })), of_subject);
    // A password as the account: refused at the field, nothing stored.
    let mut bad = s.get_filing(t.id).unwrap();
    bad.document.provider_account = Some("admin:Passw0rd!".into());
    match s.update_filing(t.id, &bad.document, bad.revision, now()).unwrap_err() {
        StoreError::Invalid { field, .. } => assert_eq!(field, "provider_account"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.get_filing(t.id).unwrap().document.provider_account.as_deref(), Some("100012345678"));
}

/// Reminders and review statistics read every filing's status changes in one query: each timeline
/// holds its filing's changes in order, the open ones alone when asked, and one province and
/// provider when asked.
fn timelines_carry_every_status_change_and_filter_by_place(s: &mut Store) {
    use beian_store::TimelineFilter;
    let submit = || ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None };
    // The store does not judge the documents (the use cases do): moved as if checked clean.
    let apply = |s: &mut Store, id: i64, request: ActionRequest, now: Timestamp| {
        let revision = s.get_filing(id)?.revision;
        s.apply_action(id, request, Checked { revision, errors: 0 }, now).map(|r| r.status)
    };
    let mut made = Vec::new();
    for (i, (province, provider)) in
        [("北京市", "aliyun"), ("上海市", "aliyun"), ("北京市", "tencent")].iter().enumerate()
    {
        let mut doc = sample();
        doc.subject.region.province = (*province).into();
        doc.provider = (*provider).into();
        doc.websites[0].domains = vec![format!("timeline{i}.cn")];
        let id = s.create_filing(&doc, at("2026-11-20T01:00:00Z")).unwrap().id;
        apply(s, id, act(ActionKind::DataComplete), at("2026-11-20T02:00:00Z")).unwrap();
        apply(s, id, act(ActionKind::MaterialsDone), at("2026-11-20T02:01:00Z")).unwrap();
        apply(s, id, submit(), at("2026-11-20T02:02:00Z")).unwrap();
        made.push(id);
    }
    // The first goes all the way to approval.
    for (kind, when) in [
        (ActionKind::PassFirstReview, "2026-11-23T02:00:00Z"),
        (ActionKind::SubmitToBureau, "2026-11-24T02:00:00Z"),
        (ActionKind::Approve, "2026-11-27T02:00:00Z"),
    ] {
        apply(s, made[0], act(kind), at(when)).unwrap();
    }
    let draft = s.create_filing(&sample(), at("2026-11-21T00:00:00Z")).unwrap().id;

    let all = s.timelines(&TimelineFilter::default()).unwrap();
    let mut every = made.clone();
    every.push(draft);
    assert_eq!(all.iter().map(|t| t.id).collect::<Vec<_>>(), every);
    assert_eq!(all[3].events.iter().map(|e| e.to).collect::<Vec<_>>(), [FilingStatus::Draft], "a draft: its creation");
    let first = &all[0];
    assert_eq!(first.status, FilingStatus::Approved);
    let path: Vec<FilingStatus> = first.events.iter().map(|e| e.to).collect();
    use FilingStatus as S;
    assert_eq!(
        path,
        [S::Draft, S::Materials, S::ReadyToConfirm, S::Submitted, S::ToBureau, S::BureauReview, S::Approved]
    );
    assert_eq!(first.events.last().unwrap().at, at("2026-11-27T02:00:00Z"));
    assert_eq!((first.province.as_str(), first.provider.as_str()), ("北京市", "aliyun"));
    assert_eq!(first.events, s.status_changes(made[0]).unwrap(), "the same changes as one filing's read");

    let open = s.timelines(&TimelineFilter { open_only: true, ..TimelineFilter::default() }).unwrap();
    assert_eq!(open.iter().map(|t| t.id).collect::<Vec<_>>(), every[1..], "the approved one is closed");
    let here = TimelineFilter {
        province: Some("北京市".into()),
        provider: Some("tencent".into()),
        ..TimelineFilter::default()
    };
    assert_eq!(s.timelines(&here).unwrap().iter().map(|t| t.id).collect::<Vec<_>>(), [made[2]]);
    let beijing = TimelineFilter { province: Some("北京市".into()), ..TimelineFilter::default() };
    assert_eq!(
        s.timelines(&beijing).unwrap().iter().map(|t| t.id).collect::<Vec<_>>(),
        [made[0], made[2]],
        "the draft is in the sample's province"
    );
}
