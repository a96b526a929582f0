//! Backups: a round trip through the archive gives back every filing, attachment and audit row;
//! a damaged or hostile archive is refused before anything is replaced; the schedule keeps the
//! newest seven.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read, Write};
use std::path::Path;

use beian_store::backup::{self, KEEP};
use beian_store::{Store, attachments};
use jiff::Timestamp;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn png(seed: u8) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(320, 200, |x, y| image::Rgb([(x as u8) ^ seed, (y as u8).wrapping_add(seed), seed]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A store with 40 filings and a scan on each of the first three (one shared by two filings).
fn populated(dir: &Path) -> Store {
    let mut store = Store::open(dir).unwrap();
    let ids = store.write_demo(40, 20, 11, t("2026-10-01T01:00:00Z")).unwrap();
    for (i, id) in ids.iter().take(3).enumerate() {
        let seed = if i == 2 { 0 } else { i as u8 };
        attachments::attach_bytes(&mut store, *id, "subject_certificate", "执照.png", png(seed), Timestamp::now())
            .unwrap();
    }
    store
}

fn snapshot(store: &Store) -> (Vec<beian_store::FilingRecord>, Vec<attachments::Attachment>) {
    let ids = store.all_filing_ids().unwrap();
    let recs: Vec<_> = ids.iter().map(|id| store.get_filing(*id).unwrap()).collect();
    let atts = ids.iter().flat_map(|id| store.attachments(*id, true).unwrap()).collect();
    (recs, atts)
}

#[test]
fn a_backup_restores_every_filing_attachment_and_audit_row() {
    let root = tempfile::tempdir().unwrap();
    let src = root.path().join("src");
    let store = populated(&src);
    let archive = root.path().join("out/backup.tar.gz");
    // Online: the app's store stays open while the backup is taken.
    let summary = backup::create_backup(&src, &archive, t("2026-11-28T03:00:00Z")).unwrap();
    assert_eq!(summary.manifest.filings, 40);
    assert_eq!(summary.manifest.attachments, 3);
    assert!(summary.manifest.files.iter().any(|f| f.path == "beian.sqlite3"));
    // 2 distinct scans → 2 files, each with its thumbnail.
    assert!(summary.manifest.files.iter().filter(|f| f.path.starts_with("attachments/")).count() >= 4);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&archive).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let before = snapshot(&store);

    let dst = root.path().join("restored");
    let r = backup::restore(&archive, &dst, false, t("2026-11-28T04:00:00Z")).unwrap();
    assert!(r.previous.is_none());
    let restored = Store::open(&dst).unwrap();
    assert_eq!(snapshot(&restored), before);
    let report = restored.doctor(&dst).unwrap();
    assert!(report.healthy, "{report:#?}");
    assert_eq!(report.check("attachments").unwrap().checked, 3);
    for a in &before.1 {
        let rel = format!("attachments/{}/{}", &a.sha256[..2], &a.sha256[2..]);
        assert_eq!(std::fs::read(src.join(&rel)).unwrap(), std::fs::read(dst.join(&rel)).unwrap());
    }
    let audit: Vec<String> = restored.audit_entries(None, 10).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(audit, ["restore", "backup"], "newest first");
    assert!(!dst.read_dir().unwrap().any(|e| e.unwrap().file_name().to_string_lossy().contains("stage")));
}

/// Rewrites the archive: `f` sees each (path, bytes) and returns the entries to write instead.
fn rewrite(archive: &Path, out: &Path, f: impl Fn(String, Vec<u8>) -> Entries) {
    let mut entries = Vec::new();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(archive).unwrap()));
    for e in tar.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        entries.extend(f(path, bytes));
    }
    let gz = flate2::write::GzEncoder::new(std::fs::File::create(out).unwrap(), flate2::Compression::fast());
    let mut b = tar::Builder::new(gz);
    for (path, bytes, kind) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(if kind == tar::EntryType::Symlink { 0 } else { bytes.len() as u64 });
        h.set_mode(0o600);
        if kind == tar::EntryType::Symlink {
            h.set_link_name("/etc/passwd").unwrap();
            b.append_data(&mut h, &path, &[][..]).unwrap();
        } else {
            // Names with `..` are refused by tar's own `append_data`; write the header by hand.
            let name = path.as_bytes();
            h.as_old_mut().name[..name.len()].copy_from_slice(name);
            h.set_cksum();
            b.append(&h, bytes.as_slice()).unwrap();
        }
    }
    b.into_inner().unwrap().finish().unwrap().flush().unwrap();
}

type Entries = Vec<(String, Vec<u8>, tar::EntryType)>;
type Rewrite = Box<dyn Fn(String, Vec<u8>) -> Entries>;

fn regular(path: String, bytes: Vec<u8>) -> Entries {
    vec![(path, bytes, tar::EntryType::Regular)]
}

#[test]
fn a_damaged_or_hostile_archive_is_refused_and_nothing_is_replaced() {
    let root = tempfile::tempdir().unwrap();
    let src = root.path().join("src");
    drop(populated(&src));
    let archive = root.path().join("good.tar.gz");
    backup::create_backup(&src, &archive, t("2026-11-28T03:00:00Z")).unwrap();

    // The store a bad restore must leave alone.
    let target = root.path().join("target");
    let mut existing = Store::open(&target).unwrap();
    existing.write_demo(5, 5, 99, t("2026-10-01T01:00:00Z")).unwrap();
    drop(existing);
    let db_before = std::fs::read(target.join("beian.sqlite3")).unwrap();

    let cases: Vec<(&str, Rewrite)> = vec![
        (
            "一个附件被改了一个字节",
            Box::new(|p, mut b| {
                if p.starts_with("attachments/") && !p.contains("derived") {
                    b[100] ^= 1;
                }
                regular(p, b)
            }),
        ),
        (
            "路径穿越",
            Box::new(|p, b| if p == "beian.sqlite3" { regular("../beian.sqlite3".into(), b) } else { regular(p, b) }),
        ),
        (
            "符号链接",
            Box::new(|p, b| {
                let mut v = regular(p.clone(), b);
                if p == "beian.sqlite3" {
                    v.push(("attachments/zz/link".into(), vec![], tar::EntryType::Symlink));
                }
                v
            }),
        ),
        ("缺少清单", Box::new(|p, b| if p == "manifest.json" { vec![] } else { regular(p, b) })),
        (
            "多出一个文件",
            Box::new(|p, b| {
                let mut v = regular(p.clone(), b);
                if p == "beian.sqlite3" {
                    v.push(("attachments/00/extra".into(), b"x".to_vec(), tar::EntryType::Regular));
                }
                v
            }),
        ),
        (
            "清单与损坏的数据库一致（integrity_check 发现）",
            Box::new(|p, b| {
                use sha2::Digest;
                if p == "beian.sqlite3" {
                    // Scribble over the middle of the file: pages of the filings' b-tree.
                    let mut b = b;
                    let mid = b.len() / 2;
                    for x in &mut b[mid..mid + 3000] {
                        *x = 0x5a;
                    }
                    let hash: String = hex::encode(sha2::Sha256::digest(&b));
                    let len = b.len();
                    CORRUPT.with(|c| *c.borrow_mut() = Some((hash, len as u64)));
                    regular(p, b)
                } else if p == "manifest.json" {
                    let mut m: serde_json::Value = serde_json::from_slice(&b).unwrap();
                    let (hash, len) = CORRUPT.with(|c| c.borrow().clone().unwrap());
                    for f in m["files"].as_array_mut().unwrap() {
                        if f["path"] == "beian.sqlite3" {
                            f["sha256"] = hash.clone().into();
                            f["size"] = len.into();
                        }
                    }
                    regular(p, serde_json::to_vec(&m).unwrap())
                } else {
                    regular(p, b)
                }
            }),
        ),
    ];
    for (what, f) in cases {
        let bad = root.path().join("bad.tar.gz");
        rewrite(&archive, &bad, f);
        let err = backup::restore(&bad, &target, true, t("2026-11-28T05:00:00Z"));
        assert!(err.is_err(), "{what}: restored anyway");
        let msg = err.unwrap_err().to_string();
        assert!(msg.contains("无效"), "{what}: {msg}");
        assert_eq!(std::fs::read(target.join("beian.sqlite3")).unwrap(), db_before, "{what}: the store was touched");
        assert!(!target.join("backups").exists(), "{what}: nothing was moved aside");
        let leftovers: Vec<_> = target.read_dir().unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!leftovers.iter().any(|n| n.to_string_lossy().contains("stage")), "{what}: {leftovers:?}");
        assert!(!root.path().join("beian.sqlite3").exists(), "{what}: an entry escaped the staging folder");
    }
    // Not a gzip file at all.
    let junk = root.path().join("junk.tar.gz");
    std::fs::write(&junk, b"not an archive").unwrap();
    assert!(backup::restore(&junk, &target, true, Timestamp::now()).is_err());
    assert_eq!(std::fs::read(target.join("beian.sqlite3")).unwrap(), db_before);

    // The good archive replaces the store, which is kept aside.
    let r = backup::restore(&archive, &target, true, t("2026-11-28T06:00:00Z")).unwrap();
    let aside = r.previous.unwrap();
    assert_eq!(std::fs::read(aside.join("beian.sqlite3")).unwrap(), db_before);
    assert_eq!(Store::open(&target).unwrap().all_filing_ids().unwrap().len(), 40);
}

thread_local! {
    static CORRUPT: std::cell::RefCell<Option<(String, u64)>> = const { std::cell::RefCell::new(None) };
}

#[test]
fn restore_refuses_an_open_store_and_an_existing_one_without_replace() {
    let root = tempfile::tempdir().unwrap();
    let src = root.path().join("src");
    drop(populated(&src));
    let archive = root.path().join("b.tar.gz");
    backup::create_backup(&src, &archive, Timestamp::now()).unwrap();

    let target = root.path().join("t");
    let open = Store::open(&target).unwrap();
    let err = backup::restore(&archive, &target, true, Timestamp::now()).unwrap_err().to_string();
    assert!(err.contains("正被"), "{err}");
    drop(open);
    let err = backup::restore(&archive, &target, false, Timestamp::now()).unwrap_err().to_string();
    assert!(err.contains("--replace"), "{err}");
    backup::restore(&archive, &target, true, Timestamp::now()).unwrap();
}

#[test]
fn the_schedule_writes_daily_and_keeps_the_newest_seven() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    drop(populated(&dir));
    let schedule = backup::Schedule::default_for(&dir);
    let start = t("2026-11-01T08:00:00Z");
    assert!(backup::scheduled_backup(&dir, &schedule, start).unwrap().is_some(), "none yet: one is written");
    let hour = jiff::SignedDuration::from_hours(1);
    assert!(backup::scheduled_backup(&dir, &schedule, start + hour * 23).unwrap().is_none(), "younger than a day");
    for day in 1..=9 {
        let now = start + hour * (24 * day + 1);
        assert!(backup::scheduled_backup(&dir, &schedule, now).unwrap().is_some(), "day {day}");
    }
    let kept = backup::scheduled_backups(&schedule.dir).unwrap();
    assert_eq!(kept.len(), KEEP);
    assert_eq!(kept.last().unwrap().0, start + hour * (24 * 9 + 1), "the newest is kept");
    // Every kept archive is a valid backup.
    let check = root.path().join("check");
    backup::verify_archive(&kept[0].1, &check).unwrap();
}

#[test]
fn a_schedule_of_its_own_writes_into_its_folder_at_its_pace_and_keeps_its_count() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    drop(populated(&dir));
    // 设置: backups every six hours onto another disk, three kept.
    let other = root.path().join("other-disk").join("beian");
    let hour = jiff::SignedDuration::from_hours(1);
    let schedule = backup::Schedule { dir: other.clone(), every: hour * 6, keep: 3 };
    let start = t("2026-11-01T08:00:00Z");
    let mut written = 0;
    for step in 0..12 {
        // Every two hours: a backup each third step.
        if backup::scheduled_backup(&dir, &schedule, start + hour * (2 * step)).unwrap().is_some() {
            written += 1;
        }
    }
    assert_eq!(written, 4, "0 h, 6 h, 12 h, 18 h");
    assert_eq!(backup::scheduled_backups(&other).unwrap().len(), 3);
    assert!(
        backup::scheduled_backups(&dir.join(backup::BACKUPS_DIR)).unwrap().is_empty(),
        "nothing in the data directory's folder"
    );
}
