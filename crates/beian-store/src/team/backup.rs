//! `beian backup --team URL --out FILE`: the team store in the desk's own archive format
//! (`beian-backup/1`, see `crate::backup`), so that `beian doctor` and `beian restore` work on it
//! unchanged and a restored archive is a single desk again — the way out of team mode. An admin's
//! only; it does not replace the server's own backups (docs/team.md).
//!
//! How: the `backup` audit row is recorded in the team store first (as a desk records its own
//! before its snapshot, so the archive holds it and the manifest names it as the head of the
//! chain). Then one `REPEATABLE READ READ ONLY` transaction reads one consistent snapshot of the
//! team store, page by page, into a fresh SQLite store in a folder beside `FILE`:
//! - filings with their ids, order numbers, statuses, revisions, times and deadline columns; the
//!   document as the desk writes it; the domain, search and product rows made by the SQLite
//!   store's own derivation; the status counts by its triggers;
//! - the history with its ids, times, kinds, statuses and notes — without `actor` (the login),
//!   which the desk's history has no column for: who did what stays in the audit trail, not in
//!   the notes;
//! - attachment rows as they are (removed and replaced ones too), their bytes, thumbnails and
//!   previews into the desk's file store, each file's hash checked on the way;
//! - the order counters, and the audit trail row for row (the hash covers id, time, actor, via,
//!   action, filing and detail, all copied exactly: the chain verifies on the desk).
//!
//! The folder is then archived by `crate::backup` (without a second audit row) and removed.
//!
//! Not in the archive, because a desk has no place for them: `filings.updated_by`,
//! `attachments.created_by`, `filing_events.actor`, `document_masked` (made again from the document
//! when it goes back into a team store), `legacy_order_no` (the old number stays in the filing's
//! `imported` history note), and the imported desks' archived audit trails (`imported_audit`).

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::params;
use sha2::{Digest, Sha256};

use super::pg::PgStore;
use super::roles::Role;
use crate::audit::{AuditAction, NewAuditEntry};
use crate::backup::BackupSummary;
use crate::db::{SqliteStore, WriteTx};
use crate::engine::AuditOps;
use crate::error::StoreError;

/// Rows read per page of the snapshot.
const PAGE: i64 = 500;

fn file_error(e: impl std::fmt::Display) -> StoreError {
    crate::attachments::invalid("file", e.to_string())
}

impl PgStore {
    /// Writes the whole team store to `out` as a desk's backup archive (see the module
    /// documentation); an admin's only. The `backup` audit row is recorded in the team store.
    pub fn backup_to_archive(&mut self, out: &Path, now: Timestamp) -> Result<BackupSummary, StoreError> {
        if self.role() != Role::Admin {
            return Err(StoreError::team("只有管理员可以备份团队数据库：请让管理员运行 beian backup --team"));
        }
        crate::backup::check_out(out)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
        let stage = stage_dir(&dir)?;
        let result = (|| {
            self.record_audit(
                &[NewAuditEntry {
                    action: AuditAction::Backup,
                    filing_id: None,
                    detail: name.clone(),
                    via: crate::audit::current_via(),
                }],
                now,
            )?;
            self.snapshot_into(&stage)?;
            crate::backup::write_backup(&stage, out, now, false)
        })();
        let _ = std::fs::remove_dir_all(&stage);
        result
    }

    /// Copies one consistent snapshot of the team store into a new SQLite store in `data_dir`.
    fn snapshot_into(&self, data_dir: &Path) -> Result<(), StoreError> {
        let mut desk = SqliteStore::open(data_dir)?;
        let files = beian_scan::FileStore::in_data_dir(data_dir);
        // A transaction for the snapshot: read only, every statement seeing the same moment.
        self.write(|q| {
            q.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", &[])?;
            let tx = WriteTx::begin(&mut desk.conn)?;
            copy_filings(q, &tx)?;
            copy_events(q, &tx)?;
            for r in q.rows("SELECT day, last FROM order_counters ORDER BY day", &[])? {
                let (day, last): (String, i64) = (r.try_get(0)?, r.try_get(1)?);
                tx.execute("INSERT INTO order_counters (day, last) VALUES (?1, ?2)", params![day, last])?;
            }
            let hashes = copy_attachments(q, &tx)?;
            for sha in &hashes {
                copy_blob(q, &files, sha)?;
            }
            copy_audit(q, &tx)?;
            tx.commit()
        })
    }
}

/// A new private folder beside the archive for the snapshot's store.
fn stage_dir(dir: &Path) -> Result<PathBuf, StoreError> {
    for n in 0.. {
        let p = dir.join(format!(".beian-team-backup-{}-{n}", std::process::id()));
        match std::fs::create_dir(&p) {
            Ok(()) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o700))
                        .map_err(|e| StoreError::io(&p, e))?;
                }
                return Ok(p);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(StoreError::io(&p, e)),
        }
    }
    unreachable!("an unbounded range ends only by returning")
}

type Snap<'a, 'c> = super::pg::Tx<'a, 'c>;

fn copy_filings(q: &mut Snap<'_, '_>, tx: &WriteTx<'_>) -> Result<(), StoreError> {
    let mut last = 0i64;
    let mut originals: Vec<(i64, i64)> = Vec::new();
    loop {
        let rows = q.rows(
            "SELECT id, order_no, status, document::text, revision, created_at, updated_at, next_due, next_due_kind,
                    urgency, original_id, missing_materials
             FROM filings WHERE id > $1 ORDER BY id LIMIT $2",
            &[&last, &PAGE],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.try_get(0)?;
        for r in &rows {
            let (id, order_no, status): (i64, String, String) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            let doc: beian_core::FilingDocument = serde_json::from_str(r.try_get(3)?)
                .map_err(|e| StoreError::CorruptDocument(format!("备案 {order_no}：{e}")))?;
            // The document as a desk writes it.
            let json = serde_json::to_string(&doc).map_err(|e| StoreError::CorruptDocument(e.to_string()))?;
            let d = crate::filings::derive(&doc);
            let (revision, created_at, updated_at): (i64, String, String) =
                (r.try_get(4)?, r.try_get(5)?, r.try_get(6)?);
            let (next_due, next_due_kind, urgency): (Option<String>, Option<String>, String) =
                (r.try_get(7)?, r.try_get(8)?, r.try_get(9)?);
            let missing: Option<i32> = r.try_get(11)?;
            tx.execute(
                "INSERT INTO filings (id, order_no, status, filing_type, subject_name, province, primary_domain,
                                      cert_number, document, revision, created_at, updated_at, next_due,
                                      next_due_kind, urgency, missing_materials)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                params![
                    id,
                    order_no,
                    status,
                    d.filing_type,
                    d.subject_name,
                    d.province,
                    d.primary_domain,
                    d.cert_number,
                    json,
                    revision,
                    created_at,
                    updated_at,
                    next_due,
                    next_due_kind,
                    urgency,
                    missing
                ],
            )?;
            crate::filings::write_domains(tx, id, &d.domains)?;
            crate::filings::write_list_columns(tx, id, &d)?;
            crate::search::index(tx, id, &d.search_text(&order_no))?;
            crate::workflow::write_products(tx, id, &doc)?;
            if let Some(original) = r.try_get::<_, Option<i64>>(10)? {
                originals.push((id, original));
            }
        }
    }
    // Follow-ups name their original once every filing is in.
    for (id, original) in originals {
        tx.execute("UPDATE filings SET original_id = ?2 WHERE id = ?1", params![id, original])?;
    }
    Ok(())
}

fn copy_events(q: &mut Snap<'_, '_>, tx: &WriteTx<'_>) -> Result<(), StoreError> {
    let mut last = 0i64;
    loop {
        let rows = q.rows(
            "SELECT id, filing_id, at, kind, from_status, to_status, note FROM filing_events
             WHERE id > $1 ORDER BY id LIMIT $2",
            &[&last, &(PAGE * 4)],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.try_get(0)?;
        for r in &rows {
            tx.execute(
                "INSERT INTO filing_events (id, filing_id, at, kind, from_status, to_status, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    r.try_get::<_, i64>(0)?,
                    r.try_get::<_, i64>(1)?,
                    r.try_get::<_, String>(2)?,
                    r.try_get::<_, String>(3)?,
                    r.try_get::<_, Option<String>>(4)?,
                    r.try_get::<_, Option<String>>(5)?,
                    r.try_get::<_, String>(6)?
                ],
            )?;
        }
    }
    Ok(())
}

/// Copies the attachment rows; returns the hashes of the files they name, each once.
fn copy_attachments(q: &mut Snap<'_, '_>, tx: &WriteTx<'_>) -> Result<Vec<String>, StoreError> {
    let mut last = 0i64;
    let mut replaced: Vec<(i64, i64)> = Vec::new();
    let mut hashes = std::collections::BTreeSet::new();
    loop {
        let rows = q.rows(
            "SELECT id, filing_id, material_code, sha256, mime, width, height, byte_size, pages, original_name,
                    warnings::text, has_preview, created_at, deleted_at, replaced_by
             FROM attachments WHERE id > $1 ORDER BY id LIMIT $2",
            &[&last, &PAGE],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.try_get(0)?;
        for r in &rows {
            let (id, sha): (i64, String) = (r.try_get(0)?, r.try_get(3)?);
            tx.execute(
                "INSERT INTO attachments (id, filing_id, material_code, sha256, mime, width, height, byte_size, pages,
                                          original_name, warnings, has_preview, created_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    id,
                    r.try_get::<_, i64>(1)?,
                    r.try_get::<_, String>(2)?,
                    sha,
                    r.try_get::<_, String>(4)?,
                    r.try_get::<_, Option<i64>>(5)?,
                    r.try_get::<_, Option<i64>>(6)?,
                    r.try_get::<_, i64>(7)?,
                    r.try_get::<_, Option<i64>>(8)?,
                    r.try_get::<_, String>(9)?,
                    r.try_get::<_, String>(10)?,
                    r.try_get::<_, bool>(11)?,
                    r.try_get::<_, String>(12)?,
                    r.try_get::<_, Option<String>>(13)?
                ],
            )?;
            if let Some(by) = r.try_get::<_, Option<i64>>(14)? {
                replaced.push((id, by));
            }
            hashes.insert(sha);
        }
    }
    for (id, by) in replaced {
        tx.execute("UPDATE attachments SET replaced_by = ?2 WHERE id = ?1", params![id, by])?;
    }
    Ok(hashes.into_iter().collect())
}

/// Writes one blob (and its thumbnail and preview) into the desk's file store, its hash checked.
fn copy_blob(q: &mut Snap<'_, '_>, files: &beian_scan::FileStore, sha: &str) -> Result<(), StoreError> {
    let mut bytes = Vec::new();
    for r in q.rows("SELECT bytes FROM blob_chunks WHERE sha256 = $1 ORDER BY seq", &[&sha])? {
        bytes.extend_from_slice(r.try_get::<_, &[u8]>(0)?);
    }
    if hex::encode(Sha256::digest(&bytes)) != sha {
        return Err(file_error(format!(
            "团队数据库中附件文件 {sha} 缺失或已损坏（请先运行 beian doctor --team），未写出备份"
        )));
    }
    files.put(&bytes).map_err(file_error)?;
    for r in q.rows("SELECT kind, bytes FROM blob_derived WHERE sha256 = $1 ORDER BY kind", &[&sha])? {
        let kind = match r.try_get::<_, &str>(0)? {
            "thumbnail" => beian_scan::Derived::Thumbnail,
            "preview" => beian_scan::Derived::Preview,
            _ => continue,
        };
        files.put_derived(sha, kind, r.try_get::<_, &[u8]>(1)?).map_err(file_error)?;
    }
    Ok(())
}

/// The audit trail row for row, as the team's chain holds it.
fn copy_audit(q: &mut Snap<'_, '_>, tx: &WriteTx<'_>) -> Result<(), StoreError> {
    let mut last = 0i64;
    loop {
        let rows = q.rows(
            &format!("SELECT {} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2", super::pg::audit::COLUMNS),
            &[&last, &(PAGE * 4)],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.try_get(0)?;
        for r in &rows {
            let e = super::pg::audit::entry(r)?;
            tx.execute(
                "INSERT INTO audit_log (id, at, actor, via, action, filing_id, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![e.id, e.at, e.actor, e.via, e.action, e.filing_id, e.detail, e.prev_hash, e.hash],
            )?;
        }
    }
    Ok(())
}
