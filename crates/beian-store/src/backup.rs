//! Backups: the database and the attachment store in one archive, and restoring one.
//!
//! **The archive** (`beian-backup/1`) is a gzip-compressed tar with
//! - `beian.sqlite3`: a consistent snapshot taken with SQLite's online backup API in one step while
//!   the app keeps working (WAL: the snapshot is one read transaction; writers are not blocked),
//!   switched to a self-contained rollback-journal file;
//! - `attachments/…`: every file of the content-addressed attachment store (the snapshot is taken
//!   first: files are written before their rows and never deleted, so every row of the snapshot
//!   has its file; files that arrive meanwhile come along unreferenced, which is harmless);
//! - `manifest.json`, last: format, time, versions, counts, the head of the audit chain, and the
//!   size and SHA-256 of every other entry.
//!
//! It is written to a temporary name beside the target, fsynced and renamed: a backup that exists
//! is complete. On Unix it is readable by its owner only (it holds every filing in full), and
//! writing one is recorded in the audit trail.
//!
//! **Restoring** verifies first and replaces after: the archive is unpacked into a staging folder
//! inside the data directory — entries other than regular files, absolute paths, `..`, names
//! outside `beian.sqlite3` / `attachments/` / `manifest.json` are refused — every entry's size and
//! hash must match the manifest exactly (nothing missing, nothing extra), and the unpacked store
//! must pass every check of `beian doctor` (integrity, foreign keys, schema version, search index,
//! each attachment's file and hash, audit chain). Only then is anything replaced, and only while no
//! app or command has the data directory open (an exclusive lock on `beian.lock`, which every
//! open store holds shared). A store already there is not overwritten unless asked; when asked, it
//! is moved to `backups/pre-restore-<time>/` rather than deleted.
//!
//! **Schedule**: [`scheduled_backup`] writes `beian-backup-<time>.tar.gz` into the backup folder
//! (`backups/` in the data directory unless 设置 names another) when the newest there is older
//! than the interval ([`SCHEDULE_INTERVAL`] by default) and keeps the newest few ([`KEEP`] by
//! default); the app calls it at start, every hour and when its settings change.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::{AuditAction, NewAuditEntry};
use crate::db::{SCHEMA_VERSION, SqliteStore};
use crate::doctor;
use crate::engine::AuditOps;
use crate::error::StoreError;
use crate::paths::DB_FILE;

/// The archive format's name, in the manifest.
pub const FORMAT: &str = "beian-backup/1";
/// The manifest's name inside the archive.
pub const MANIFEST: &str = "manifest.json";
/// The attachment store's folder (beian-scan's `ATTACHMENTS_DIR`).
pub const ATTACHMENTS: &str = "attachments";
/// Where scheduled backups (and the pre-migration copies of `db.rs`) go in the data directory.
pub const BACKUPS_DIR: &str = "backups";
/// How many scheduled backups are kept.
pub const KEEP: usize = 7;
/// A scheduled backup is written when the newest is older than this.
pub const SCHEDULE_INTERVAL: SignedDuration = SignedDuration::from_hours(24);
/// The largest manifest read back.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// What the archive holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: String,
    pub app_version: String,
    pub schema_version: i64,
    pub filings: u64,
    pub attachments: u64,
    /// The newest audit row's hash when the backup was taken (see `audit.rs`).
    pub audit_head: Option<String>,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// `beian.sqlite3` or `attachments/…`, with `/` separators.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// A backup written.
#[derive(Debug, Clone)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub bytes: u64,
    pub manifest: Manifest,
}

/// A restore done.
#[derive(Debug, Clone)]
pub struct RestoreSummary {
    pub manifest: Manifest,
    /// Where the store that was replaced went, if there was one.
    pub previous: Option<PathBuf>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::io(path, e)
}

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid { field: "backup".to_owned(), message: message.into() }
}

/// A name unused in `dir`: `<prefix><n><suffix>` with the first free n (none for the first).
fn unique(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let mut n = 0;
    loop {
        let name = if n == 0 { format!("{prefix}{suffix}") } else { format!("{prefix}-{n}{suffix}") };
        let p = dir.join(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

#[cfg(unix)]
fn owner_only(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}
#[cfg(not(unix))]
fn owner_only(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if cfg!(unix) { File::open(dir)?.sync_all() } else { Ok(()) }
}

/// Hashes what passes through.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    len: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

fn tar_header(size: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_size(size);
    h.set_mode(0o600);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_mtime(0);
    h
}

/// Adds the file at `src` as `name`, returning its manifest line.
fn append_file<W: Write>(tar: &mut tar::Builder<W>, name: &str, src: &Path) -> Result<ManifestFile, StoreError> {
    let file = File::open(src).map_err(io(src))?;
    let size = file.metadata().map_err(io(src))?.len();
    let mut reader = Hashing { inner: BufReader::new(file).take(size), hasher: Sha256::new(), len: 0 };
    let mut header = tar_header(size);
    tar.append_data(&mut header, name, &mut reader).map_err(io(src))?;
    if reader.len != size {
        return Err(StoreError::io(src, std::io::Error::other("文件在备份过程中变短了")));
    }
    Ok(ManifestFile { path: name.to_owned(), size, sha256: hex::encode(reader.hasher.finalize()) })
}

/// Writes a backup of the store in `data_dir` to `out` (a `.tar.gz`), while the app may keep working.
pub fn create_backup(data_dir: &Path, out: &Path, now: Timestamp) -> Result<BackupSummary, StoreError> {
    write_backup(data_dir, out, now, true)
}

/// Checks that `out` can name a backup file (not a folder, a file name given) before anything is
/// recorded or read.
pub(crate) fn check_out(out: &Path) -> Result<(), StoreError> {
    out.file_name().ok_or_else(|| invalid("备份文件名无效"))?;
    let raw = out.as_os_str().to_string_lossy();
    if raw.ends_with('/') || raw.ends_with(std::path::MAIN_SEPARATOR) || out.is_dir() {
        return Err(invalid(format!("{} 是目录：请给出备份文件名（例如 beian.tar.gz）", out.display())));
    }
    Ok(())
}

/// [`create_backup`], with the `backup` audit row recorded in the store first when `record` (the
/// team backup records its row in the team store instead, before its snapshot: `team/backup.rs`).
pub(crate) fn write_backup(
    data_dir: &Path,
    out: &Path,
    now: Timestamp,
    record: bool,
) -> Result<BackupSummary, StoreError> {
    if !data_dir.join(DB_FILE).is_file() {
        return Err(invalid(format!("{} 中没有数据库，无可备份", data_dir.display())));
    }
    let mut store = SqliteStore::open(data_dir)?;
    // The output is created first: a backup that cannot be written is refused before anything is
    // recorded.
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    check_out(out)?;
    let name = out.file_name().ok_or_else(|| invalid("备份文件名无效"))?.to_string_lossy().into_owned();
    fs::create_dir_all(&dir).map_err(io(&dir))?;
    let tmp = unique(&dir, &format!(".{name}.tmp-{}", std::process::id()), "");
    let file = fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io(&tmp))?;
    let result = (|| {
        owner_only(&tmp, 0o600).map_err(io(&tmp))?;
        // Recorded before the snapshot, so that the archive holds its own entry and the manifest
        // names it as the head of the chain.
        if record {
            store.record_audit(
                &[NewAuditEntry {
                    action: AuditAction::Backup,
                    filing_id: None,
                    detail: name.clone(),
                    via: crate::audit::current_via(),
                }],
                now,
            )?;
        }
        let stage = unique(data_dir, &format!(".backup-stage-{}", std::process::id()), "");
        fs::create_dir_all(&stage).map_err(io(&stage))?;
        owner_only(&stage, 0o700).map_err(io(&stage))?;
        let result = write_archive(&store, data_dir, &stage, file, &tmp, now);
        let _ = fs::remove_dir_all(&stage);
        result
    })();
    let manifest = match result {
        Ok(m) => m,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    fs::rename(&tmp, out).map_err(io(out))?;
    sync_dir(&dir).map_err(io(&dir))?;
    let bytes = fs::metadata(out).map_err(io(out))?.len();
    Ok(BackupSummary { path: out.to_path_buf(), bytes, manifest })
}

fn write_archive(
    store: &SqliteStore,
    data_dir: &Path,
    stage: &Path,
    file: File,
    tmp: &Path,
    now: Timestamp,
) -> Result<Manifest, StoreError> {
    // 1. The snapshot: one step, one read transaction.
    let snapshot = stage.join(DB_FILE);
    {
        let mut dst = Connection::open(&snapshot)?;
        let backup = rusqlite::backup::Backup::new(&store.conn, &mut dst)?;
        match backup.step(-1)? {
            rusqlite::backup::StepResult::Done => {}
            other => return Err(invalid(format!("数据库快照未完成：{other:?}"))),
        }
        drop(backup);
        dst.pragma_update(None, "journal_mode", "DELETE")?;
    }
    let snap = Connection::open(&snapshot)?;
    let count = |sql: &str| -> Result<u64, StoreError> { Ok(snap.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
    let schema_version = snap.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let filings = count("SELECT count(*) FROM filings")?;
    let attachments =
        if doctor::table_exists(&snap, "attachments")? { count("SELECT count(*) FROM attachments")? } else { 0 };
    let audit_head =
        if doctor::table_exists(&snap, "audit_log")? { crate::audit::verify_chain(&snap)?.head } else { None };
    drop(snap);

    // 2. The archive, into the temporary file (the caller removes it on failure).
    let gz = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut files = vec![append_file(&mut tar, DB_FILE, &snapshot)?];
    let root = data_dir.join(ATTACHMENTS);
    for rel in doctor::files_under(&root).map_err(io(&root))? {
        let src = rel.split('/').fold(root.clone(), |p, part| p.join(part));
        files.push(append_file(&mut tar, &format!("{ATTACHMENTS}/{rel}"), &src)?);
    }
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        created_at: now.to_string(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        filings,
        attachments,
        audit_head,
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| invalid(e.to_string()))?;
    let mut header = tar_header(json.len() as u64);
    tar.append_data(&mut header, MANIFEST, json.as_slice()).map_err(io(tmp))?;
    let gz = tar.into_inner().map_err(io(tmp))?;
    let buf = gz.finish().map_err(io(tmp))?;
    let file = buf.into_inner().map_err(|e| StoreError::io(tmp, e.into_error()))?;
    file.sync_all().map_err(io(tmp))?;
    Ok(manifest)
}

/// The entry's path if it is one a backup may hold: `manifest.json`, `beian.sqlite3`, or a file
/// under `attachments/`, relative, without `..`, `.`, or a root.
fn safe_entry_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_owned()),
            _ => return None,
        }
    }
    let joined = parts.join("/");
    let ok = match parts.as_slice() {
        [one] => one == DB_FILE || one == MANIFEST,
        [first, rest @ ..] => {
            first == ATTACHMENTS
                && !rest.is_empty()
                && rest.iter().all(|p| !p.is_empty() && !p.contains('\\') && !p.contains('\0') && p.len() <= 255)
        }
        [] => false,
    };
    ok.then_some(joined)
}

/// Unpacks `archive` into the empty (or new) folder `into` and verifies it: exact manifest match and
/// every `beian doctor` check on the unpacked store. Nothing outside `into` is touched.
pub fn verify_archive(archive: &Path, into: &Path) -> Result<Manifest, StoreError> {
    fs::create_dir_all(into).map_err(io(into))?;
    if fs::read_dir(into).map_err(io(into))?.next().is_some() {
        return Err(invalid(format!("{} 不是空目录", into.display())));
    }
    let file = File::open(archive).map_err(io(archive))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(BufReader::new(file)));
    let mut found: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut manifest_bytes: Option<Vec<u8>> = None;
    let bad = |why: String| invalid(format!("备份文件 {} 无效：{why}", archive.display()));
    for entry in tar.entries().map_err(|e| bad(e.to_string()))? {
        let mut entry = entry.map_err(|e| bad(e.to_string()))?;
        let raw = entry.path().map_err(|e| bad(e.to_string()))?.into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(bad(format!("条目 {} 不是普通文件", raw.display())));
        }
        let Some(name) = safe_entry_path(&raw) else {
            return Err(bad(format!("条目路径 {} 不允许", raw.display())));
        };
        if found.contains_key(&name) || (name == MANIFEST && manifest_bytes.is_some()) {
            return Err(bad(format!("条目 {name} 重复")));
        }
        if name == MANIFEST {
            let mut buf = Vec::new();
            (&mut entry).take(MAX_MANIFEST_BYTES + 1).read_to_end(&mut buf).map_err(|e| bad(e.to_string()))?;
            if buf.len() as u64 > MAX_MANIFEST_BYTES {
                return Err(bad("清单过大".into()));
            }
            manifest_bytes = Some(buf);
            continue;
        }
        let target = name.split('/').fold(into.to_path_buf(), |p, part| p.join(part));
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut out = fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(io(&target))?;
        let mut reader = Hashing { inner: &mut entry, hasher: Sha256::new(), len: 0 };
        std::io::copy(&mut reader, &mut out).map_err(|e| bad(format!("{name}：{e}")))?;
        out.sync_all().map_err(io(&target))?;
        let (len, hash) = (reader.len, hex::encode(reader.hasher.finalize()));
        found.insert(name, (len, hash));
    }
    let manifest_bytes = manifest_bytes.ok_or_else(|| bad("缺少 manifest.json".into()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| bad(format!("清单无法读取：{e}")))?;
    if manifest.format != FORMAT {
        return Err(bad(format!("格式为 {}，本程序只读取 {FORMAT}", manifest.format)));
    }
    let mut listed: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for f in &manifest.files {
        listed.insert(f.path.clone(), (f.size, f.sha256.clone()));
    }
    for (path, (size, sha)) in &listed {
        match found.get(path) {
            None => return Err(bad(format!("清单中的 {path} 不在备份里"))),
            Some((s, h)) if s != size || h != sha => return Err(bad(format!("{path} 的大小或 SHA-256 与清单不符"))),
            Some(_) => {}
        }
    }
    if let Some(extra) = found.keys().find(|k| !listed.contains_key(*k)) {
        return Err(bad(format!("{extra} 不在清单中")));
    }
    if !found.contains_key(DB_FILE) {
        return Err(bad(format!("缺少 {DB_FILE}")));
    }
    // The unpacked store passes every check of `beian doctor`.
    let conn = Connection::open(into.join(DB_FILE)).map_err(|e| bad(format!("数据库无法打开：{e}")))?;
    let report = doctor::run_checks(&conn, into).map_err(|e| bad(format!("数据库无法检查：{e}")))?;
    if !report.healthy {
        let problems: Vec<String> = report
            .checks
            .iter()
            .filter(|c| c.status == doctor::CheckStatus::Problem)
            .flat_map(|c| c.details.iter().map(move |d| format!("{}：{d}", c.title)))
            .collect();
        return Err(bad(format!("数据库检查未通过：{}", problems.join("；"))));
    }
    let head = if doctor::table_exists(&conn, "audit_log")? {
        crate::audit::verify_chain(&conn).map_err(|e| bad(e.to_string()))?.head
    } else {
        None
    };
    if head != manifest.audit_head {
        return Err(bad("审计记录的最新哈希与清单不符".into()));
    }
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(bad(format!("备份的数据库版本 {} 比本程序新", manifest.schema_version)));
    }
    Ok(manifest)
}

/// Restores `archive` into `data_dir`: verified first; an existing store is replaced only with
/// `replace` (and moved to `backups/pre-restore-<time>/`), and only while nobody has it open.
pub fn restore(archive: &Path, data_dir: &Path, replace: bool, now: Timestamp) -> Result<RestoreSummary, StoreError> {
    fs::create_dir_all(data_dir).map_err(io(data_dir))?;
    let lock = crate::lock::lock_data_dir(data_dir, true)?;
    let db = data_dir.join(DB_FILE);
    let existing = db.exists();
    if existing && !replace {
        return Err(invalid(format!(
            "{} 中已有数据库：要替换它请加 --replace（原数据会移到 {BACKUPS_DIR}/pre-restore-…），或恢复到一个新目录",
            data_dir.display()
        )));
    }
    let stage = unique(data_dir, &format!(".restore-stage-{}", std::process::id()), "");
    let manifest = match verify_archive(archive, &stage) {
        Ok(m) => m,
        Err(e) => {
            let _ = fs::remove_dir_all(&stage);
            return Err(e);
        }
    };
    // Verified: from here on, replace.
    let mut previous = None;
    if existing {
        let aside = unique(&data_dir.join(BACKUPS_DIR), &format!("pre-restore-{}", crate::time::file_stamp(now)), "");
        fs::create_dir_all(&aside).map_err(io(&aside))?;
        for name in [DB_FILE.to_owned(), format!("{DB_FILE}-wal"), format!("{DB_FILE}-shm"), ATTACHMENTS.to_owned()] {
            let from = data_dir.join(&name);
            if from.exists() {
                fs::rename(&from, aside.join(&name)).map_err(io(&from))?;
            }
        }
        previous = Some(aside);
    } else {
        // A fresh directory may still have a stray WAL of a deleted database: never pair it with ours.
        for name in [format!("{DB_FILE}-wal"), format!("{DB_FILE}-shm")] {
            let _ = fs::remove_file(data_dir.join(name));
        }
        let att = data_dir.join(ATTACHMENTS);
        if att.exists() {
            let aside =
                unique(&data_dir.join(BACKUPS_DIR), &format!("pre-restore-{}", crate::time::file_stamp(now)), "");
            fs::create_dir_all(&aside).map_err(io(&aside))?;
            fs::rename(&att, aside.join(ATTACHMENTS)).map_err(io(&att))?;
            previous = Some(aside);
        }
    }
    fs::rename(stage.join(DB_FILE), &db).map_err(io(&db))?;
    owner_only(&db, 0o600).map_err(io(&db))?;
    if stage.join(ATTACHMENTS).exists() {
        fs::rename(stage.join(ATTACHMENTS), data_dir.join(ATTACHMENTS)).map_err(io(data_dir))?;
    }
    let _ = fs::remove_dir_all(&stage);
    sync_dir(data_dir).map_err(io(data_dir))?;
    drop(lock);

    let mut store = SqliteStore::open(data_dir)?;
    let detail = format!(
        "{}（备份时间 {}）",
        archive.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        manifest.created_at
    );
    store.record_audit(
        &[NewAuditEntry { action: AuditAction::Restore, filing_id: None, detail, via: crate::audit::current_via() }],
        now,
    )?;
    Ok(RestoreSummary { manifest, previous })
}

/// The scheduled backups in the backup folder `dir`, oldest first, with their times.
pub fn scheduled_backups(dir: &Path) -> Result<Vec<(Timestamp, PathBuf)>, StoreError> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(StoreError::io(dir, e)),
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("beian-backup-").and_then(|r| r.strip_suffix(".tar.gz")) else {
            continue;
        };
        let stamp = rest.get(..16).unwrap_or(rest);
        if let Ok(dt) = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", stamp)
            && let Ok(z) = dt.to_zoned(jiff::tz::TimeZone::UTC)
        {
            out.push((z.timestamp(), e.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// How scheduled backups are made: where, how often, how many are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: SignedDuration,
    pub keep: usize,
}

impl Schedule {
    /// The default schedule of a data directory: daily into its `backups/`, seven kept.
    pub fn default_for(data_dir: &Path) -> Schedule {
        Schedule { dir: data_dir.join(BACKUPS_DIR), every: SCHEDULE_INTERVAL, keep: KEEP }
    }
}

/// Writes a scheduled backup of `data_dir` into `schedule.dir` if the newest there is older than
/// `schedule.every` (or there is none), then keeps the newest `schedule.keep`. Returns the backup
/// written, if any.
pub fn scheduled_backup(
    data_dir: &Path,
    schedule: &Schedule,
    now: Timestamp,
) -> Result<Option<BackupSummary>, StoreError> {
    let dir = &schedule.dir;
    let existing = scheduled_backups(dir)?;
    if let Some((newest, _)) = existing.last()
        && now.duration_since(*newest) < schedule.every
    {
        return Ok(None);
    }
    fs::create_dir_all(dir).map_err(io(dir))?;
    owner_only(dir, 0o700).map_err(io(dir))?;
    let out = unique(dir, &format!("beian-backup-{}", crate::time::file_stamp(now)), ".tar.gz");
    let summary = create_backup(data_dir, &out, now)?;
    let keep = schedule.keep;
    let all = scheduled_backups(dir)?;
    let excess = all.len().saturating_sub(keep.max(1));
    for (_, path) in all.into_iter().take(excess) {
        let _ = fs::remove_file(path);
    }
    Ok(Some(summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_paths_are_checked() {
        let ok = |s: &str| safe_entry_path(Path::new(s));
        assert_eq!(ok("beian.sqlite3").as_deref(), Some("beian.sqlite3"));
        assert_eq!(ok("attachments/ab/cdef").as_deref(), Some("attachments/ab/cdef"));
        assert_eq!(ok("./attachments/ab/cdef"), None);
        for bad in ["../beian.sqlite3", "/etc/passwd", "attachments/../../x", "attachments", "other.txt", "a/b"] {
            assert_eq!(ok(bad), None, "{bad}");
        }
    }
}
