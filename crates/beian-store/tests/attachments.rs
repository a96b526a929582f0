//! Attachments in the store: the file before its row, nothing stored for bad input, duplicates,
//! remove / restore / replace with undo, and the completeness of a filing's materials.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use beian_core::FilingDocument;
use beian_core::model::{FilingType, Nature};
use beian_scan::FileStore;
use beian_store::Store;
use beian_store::attachments::{AttachError, attach_bytes, attach_path, replace_with_path};
use image::{Rgb, RgbImage};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-28T03:00:00Z".parse().unwrap()
}

fn jpeg(seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(900, 600, |x, y| {
        Rgb([(x * 255 / 900) as u8, (y * 255 / 600) as u8, ((x ^ y ^ seed) & 0xFF) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).unwrap();
    out
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() { out.extend(files_under(&p)) } else { out.push(p) }
        }
    }
    out
}

struct Env {
    _dir: tempfile::TempDir,
    store: Store,
    files: FileStore,
    filing: i64,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut doc = FilingDocument::draft("杭州某某科技有限公司", "example.cn");
    doc.filing_type = Some(FilingType::FirstFiling);
    doc.subject.nature = Nature::Enterprise;
    doc.subject.region.province = "浙江省".into();
    let filing = store.create_filing(&doc, now()).unwrap().id;
    let files = FileStore::in_data_dir(dir.path());
    Env { _dir: dir, store, files, filing }
}

#[test]
fn an_attached_file_is_stored_by_hash_before_its_row() {
    let mut e = env();
    let a = attach_bytes(&mut e.store, e.filing, "subject_certificate", "营业执照.jpg", jpeg(1), now()).unwrap();
    assert_eq!(a.original_name, "营业执照.jpg");
    assert_eq!(a.mime, "image/jpeg");
    assert!(a.has_preview);
    let path = e.files.path_of(&a.sha256).unwrap();
    assert!(path.is_file());
    assert!(path.ends_with(format!("attachments/{}/{}", &a.sha256[..2], &a.sha256[2..])));
    assert!(e.files.derived_path(&a.sha256, beian_scan::Derived::Thumbnail).unwrap().is_file());
    assert_eq!(e.store.attachments(e.filing, false).unwrap(), std::slice::from_ref(&a));

    // A file store that cannot be written (a plain file where its folder should be): no row.
    let mut blocked = env();
    std::fs::write(blocked._dir.path().join("attachments"), "not a folder").unwrap();
    let err = attach_bytes(&mut blocked.store, blocked.filing, "subject_certificate", "b.jpg", jpeg(2), now());
    assert!(
        matches!(&err, Err(AttachError::Store(beian_store::StoreError::Invalid { field, .. })) if field == "file"),
        "{err:?}"
    );
    assert!(blocked.store.attachments(blocked.filing, true).unwrap().is_empty(), "no row without its file");
    assert_eq!(e.store.attachments(e.filing, true).unwrap().len(), 1, "no row without its file");
}

fn png_60000() -> Vec<u8> {
    let crc = |data: &[u8]| {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
            }
        }
        !c
    };
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
    f.extend(13u32.to_be_bytes());
    f.extend(&ihdr);
    f.extend(crc(&ihdr).to_be_bytes());
    f
}

#[test]
fn bad_input_stores_neither_file_nor_row() {
    let mut e = env();
    let good = jpeg(3);
    let long = format!("{}.jpg", "长".repeat(300));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.jpg", good[..good.len() / 2].to_vec(), "不完整"),
        ("letter.jpg", b"just some text".to_vec(), "不是可识别的图片"),
        ("empty.jpg", Vec::new(), "空"),
        ("huge.png", png_60000(), "60000×60000"),
        ("../../etc/passwd.jpg", good.clone(), "文件名无效"),
        ("/etc/passwd.jpg", good.clone(), "文件名无效"),
        ("a\0b.jpg", good.clone(), "空字符"),
        ("scan\u{202E}gpj.exe", good.clone(), "控制字符"),
        (&long, good.clone(), "过长"),
    ];
    for (name, bytes, expect) in cases {
        let err = attach_bytes(&mut e.store, e.filing, "subject_certificate", name, bytes, now()).unwrap_err();
        assert!(err.to_string().contains(expect), "{name:?}: {err}");
    }
    let err = attach_bytes(&mut e.store, e.filing, "no_such_material", "a.jpg", good.clone(), now()).unwrap_err();
    assert!(err.to_string().contains("未知的资料类型"), "{err}");
    let err = attach_bytes(&mut e.store, 999, "subject_certificate", "a.jpg", good, now()).unwrap_err();
    assert!(err.to_string().contains("找不到备案"), "{err}");
    assert!(e.store.attachments(e.filing, true).unwrap().is_empty(), "no row");
    assert!(files_under(e.files.root()).is_empty(), "no file: {:?}", files_under(e.files.root()));
}

#[test]
fn duplicates_are_detected_per_filing() {
    let mut e = env();
    let bytes = jpeg(4);
    let a = attach_bytes(&mut e.store, e.filing, "subject_certificate", "a.jpg", bytes.clone(), now()).unwrap();
    for slot in ["subject_certificate", "subject_principal_certificate"] {
        let err = attach_bytes(&mut e.store, e.filing, slot, "copy.jpg", bytes.clone(), now()).unwrap_err();
        assert!(err.to_string().contains("相同的文件已上传到“主体证件”（a.jpg）"), "{err}");
    }
    assert_eq!(e.store.find_duplicate(e.filing, &a.sha256).unwrap().map(|d| d.id), Some(a.id));
    assert_eq!(e.store.attachments(e.filing, true).unwrap().len(), 1);
    // Another filing may use the same scan; the file is stored once.
    let other = e.store.create_filing(&FilingDocument::draft("李四", "lisi.cn"), now()).unwrap().id;
    let b = attach_bytes(&mut e.store, other, "subject_certificate", "a.jpg", bytes.clone(), now()).unwrap();
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(files_under(&e.files.root().join(&a.sha256[..2])).len(), 1);
    // Once removed, the same file can be attached again.
    e.store.remove_attachment(a.id, now()).unwrap();
    attach_bytes(&mut e.store, e.filing, "subject_certificate", "again.jpg", bytes, now()).unwrap();
}

#[test]
fn remove_restore_and_replace_with_undo() {
    let mut e = env();
    let a = attach_bytes(&mut e.store, e.filing, "subject_certificate", "a.jpg", jpeg(5), now()).unwrap();
    let removed = e.store.remove_attachment(a.id, now()).unwrap();
    assert!(removed.deleted_at.is_some());
    assert!(e.store.attachments(e.filing, false).unwrap().is_empty());
    assert_eq!(e.store.attachments(e.filing, true).unwrap().len(), 1);
    assert!(e.files.contains(&a.sha256), "the file stays for undo");
    let restored = e.store.restore_attachment(a.id).unwrap();
    assert_eq!(restored.deleted_at, None);

    // Replace from a path, then undo by restoring the old one.
    let path = e._dir.path().join("新扫描.jpg");
    std::fs::write(&path, jpeg(6)).unwrap();
    let b = replace_with_path(&mut e.store, a.id, &path, now()).unwrap();
    assert_eq!((b.material_code.as_str(), b.original_name.as_str()), ("subject_certificate", "新扫描.jpg"));
    let live: Vec<i64> = e.store.attachments(e.filing, false).unwrap().iter().map(|x| x.id).collect();
    assert_eq!(live, [b.id]);
    assert_eq!(e.store.attachment(a.id).unwrap().replaced_by, Some(b.id));
    e.store.restore_attachment(a.id).unwrap();
    let live: Vec<i64> = e.store.attachments(e.filing, false).unwrap().iter().map(|x| x.id).collect();
    assert_eq!(live, [a.id], "restoring the replaced file removes its replacement");

    // Restoring is refused when the same content is in force again.
    e.store.remove_attachment(a.id, now()).unwrap();
    let again = attach_bytes(&mut e.store, e.filing, "domain_certificate", "a2.jpg", jpeg(5), now()).unwrap();
    let err = e.store.restore_attachment(a.id).unwrap_err();
    assert!(err.to_string().contains("无法恢复"), "{err}");
    assert_eq!(e.store.attachment(again.id).unwrap().deleted_at, None);
    assert!(matches!(e.store.remove_attachment(4242, now()), Err(beian_store::StoreError::NotFound { .. })));
}

#[test]
fn attach_path_takes_the_name_from_the_path_and_refuses_tricky_ones() {
    let mut e = env();
    let dir = e._dir.path().to_owned();
    let ok = dir.join("身份证 正面.jpg");
    std::fs::write(&ok, jpeg(7)).unwrap();
    let a = attach_path(&mut e.store, e.filing, "subject_principal_certificate", &ok, now()).unwrap();
    assert_eq!(a.original_name, "身份证 正面.jpg");
    let rtl = dir.join("x\u{202E}gpj.exe");
    std::fs::write(&rtl, jpeg(8)).unwrap();
    assert!(attach_path(&mut e.store, e.filing, "subject_certificate", &rtl, now()).is_err());
    assert_eq!(e.store.attachments(e.filing, true).unwrap().len(), 1);
}

#[test]
fn completeness_follows_the_materials_table() {
    let mut e = env();
    let c = e.store.material_completeness(e.filing, now()).unwrap();
    assert_eq!(c.filing_type, Some(FilingType::FirstFiling));
    let required: Vec<&str> = c.materials.iter().filter(|m| m.required).map(|m| m.code.as_str()).collect();
    assert_eq!(required, ["subject_certificate", "subject_principal_certificate"]);
    assert_eq!(c.missing, required);
    assert!(!c.complete);
    assert!(
        c.materials.iter().any(|m| m.code == "verification_form" && !m.required),
        "on request: listed, not required"
    );

    attach_bytes(&mut e.store, e.filing, "subject_certificate", "a.jpg", jpeg(9), now()).unwrap();
    let p = attach_bytes(&mut e.store, e.filing, "subject_principal_certificate", "b.jpg", jpeg(10), now()).unwrap();
    attach_bytes(&mut e.store, e.filing, "subject_principal_certificate", "b2.jpg", jpeg(11), now()).unwrap();
    let c = e.store.material_completeness(e.filing, now()).unwrap();
    assert!(c.complete, "{c:?}");
    assert_eq!(c.materials.iter().find(|m| m.code == "subject_principal_certificate").unwrap().attached, 2);

    // A material that is not this filing's (Guangdong's 承诺书 for a Zhejiang filing) counts as other.
    attach_bytes(&mut e.store, e.filing, "guangdong_commitment", "c.jpg", jpeg(12), now()).unwrap();
    assert_eq!(e.store.material_completeness(e.filing, now()).unwrap().other, 1);
    e.store.remove_attachment(p.id, now()).unwrap();
    assert!(e.store.material_completeness(e.filing, now()).unwrap().complete, "one front/back file left");
}

/// The list's missing-materials count comes with the list's one query and follows every write:
/// attaching, removing, undoing, editing the document; a count lost between a write and its
/// making (NULL) is made again when the store opens.
#[test]
fn the_list_counts_missing_materials_and_follows_every_write() {
    use beian_store::ListQuery;
    let mut e = env();
    let missing = |store: &Store| {
        let items = store.list_filings(&ListQuery::default()).unwrap().items;
        (items[0].missing_materials, items[0].editable)
    };
    assert_eq!(missing(&e.store), (Some(2), true));
    let a = attach_bytes(&mut e.store, e.filing, "subject_certificate", "a.jpg", jpeg(20), now()).unwrap();
    assert_eq!(missing(&e.store), (Some(1), true));
    e.store.remove_attachment(a.id, now()).unwrap();
    assert_eq!(missing(&e.store), (Some(2), true));
    e.store.restore_attachment(a.id).unwrap();
    assert_eq!(missing(&e.store), (Some(1), true));
    // A new website principal needs that principal's certificate too.
    let mut rec = e.store.get_filing(e.filing).unwrap();
    let mut principal = rec.document.subject.principal.clone();
    principal.name = "李四".into();
    rec.document.websites[0].principal = Some(principal);
    e.store.update_filing(e.filing, &rec.document, rec.revision, now()).unwrap();
    let after_edit = missing(&e.store).0.unwrap();
    let direct = e.store.material_completeness(e.filing, now()).unwrap().missing.len() as u32;
    assert_eq!(after_edit, direct, "the stored count is the completeness count");
    assert!(after_edit >= 1);

    // A count left unknown (a crash after the write) is made on the next open.
    let path = e.store.path().unwrap().to_path_buf();
    let dir = path.parent().unwrap().to_path_buf();
    drop(e.store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE filings SET missing_materials = NULL", []).unwrap();
    conn.execute("UPDATE filings SET missing_materials = 99 WHERE id = -1", []).unwrap();
    drop(conn);
    let store = Store::open(&dir).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stored: Option<u32> =
        conn.query_row("SELECT missing_materials FROM filings WHERE id = ?1", [e.filing], |r| r.get(0)).unwrap();
    assert_eq!(stored, Some(after_edit));
    assert_eq!(missing(&store).0, Some(after_edit));
}

#[test]
fn materials_required_fails_and_passes() {
    let mut e = env();
    let diags = e.store.material_diagnostics(e.filing, now()).unwrap();
    assert!(
        !diags.is_empty()
            && diags.iter().all(|d| d.rule == "MATERIALS-REQUIRED" && d.severity == beian_core::Severity::Warning),
        "{diags:?}"
    );
    assert!(beian_core::rules::rule_info("MATERIALS-REQUIRED").is_some());
    for d in &diags {
        let code = d.field.trim_start_matches("materials.");
        let m = beian_core::tables::materials().iter().find(|m| m.code == code).unwrap();
        assert!(d.message.contains(&m.name_zh) && d.message_en.contains(&m.name_en), "{d:?}");
        assert!(!d.message_en.chars().any(beian_core::rules::text::is_han), "{d:?}");
    }
    attach_bytes(&mut e.store, e.filing, "subject_certificate", "a.jpg", jpeg(30), now()).unwrap();
    attach_bytes(&mut e.store, e.filing, "subject_principal_certificate", "b.jpg", jpeg(31), now()).unwrap();
    assert!(e.store.material_diagnostics(e.filing, now()).unwrap().is_empty());
}
