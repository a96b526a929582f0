//! The audit trail: every time clients' full personal data leaves its masked form — a full export,
//! a full print, a reveal, a backup (which holds everything), a restore — one row is appended.
//!
//! Append-only twice over: triggers refuse `UPDATE` and `DELETE` on `audit_log` (migration 0006),
//! and the rows form a hash chain: `hash = SHA-256(prev_hash ‖ content)` where `content` is the JSON
//! array `[id, at, actor, via, action, filing_id, detail]` and the first row's `prev_hash` is 64
//! zeros. Someone who drops the triggers and edits, removes or reorders a row breaks the chain, and
//! [`verify_chain`] (run by `beian doctor`) says where. What a chain alone cannot show is the
//! removal of the newest rows; the backup manifest records the head of the chain, so a later
//! comparison against a backup finds that too.
//!
//! Who: the operating-system user running the app or the CLI (`USER`/`USERNAME`), and through
//! what (`app`, `cli`).

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

use crate::db::{SqliteStore, WriteTx};
use crate::engine::AuditOps;
use crate::error::StoreError;

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What was done with full personal data. Stored as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A filing exported with unmasked ID numbers and phones (`beian export --full`).
    ExportFull,
    /// A print view rendered with full data (`beian print --full`, the app's print with full data).
    PrintFull,
    /// Full data shown on screen on request.
    Reveal,
    /// A backup archive written (it holds every filing in full).
    Backup,
    /// The store replaced by a backup.
    Restore,
    /// A desk's store brought into the team store (`beian team import-desk`): the detail names the
    /// desk and the head of its audit chain, archived beside the team's (`imported_audit`).
    ImportDesk,
}

use beian_core::labels;

impl AuditAction {
    pub const ALL: [AuditAction; 6] = [
        AuditAction::ExportFull,
        AuditAction::PrintFull,
        AuditAction::Reveal,
        AuditAction::Backup,
        AuditAction::Restore,
        AuditAction::ImportDesk,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::ExportFull => "export_full",
            AuditAction::PrintFull => "print_full",
            AuditAction::Reveal => "reveal",
            AuditAction::Backup => "backup",
            AuditAction::Restore => "restore",
            AuditAction::ImportDesk => "import_desk",
        }
    }

    /// The label, from the core's `labels.toml`.
    pub fn label_zh(self) -> &'static str {
        labels::zh(labels::Group::AuditAction, self.code())
    }

    pub fn label_en(self) -> &'static str {
        labels::en(labels::Group::AuditAction, self.code())
    }
}

/// What the caller records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEntry {
    pub action: AuditAction,
    pub filing_id: Option<i64>,
    /// Free text for staff: which print view, which file (no personal data).
    pub detail: String,
    /// Through what: `app`, `cli`.
    pub via: &'static str,
}

/// A recorded row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub via: String,
    pub action: String,
    pub filing_id: Option<i64>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The operating-system user, for the `actor` column.
pub fn current_actor() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Through what this process records: `app` in the desktop app, `cli` otherwise.
pub fn current_via() -> &'static str {
    if std::env::args().next().is_some_and(|a| a.contains("beian-desk")) { "app" } else { "cli" }
}

/// The chain's hash of one row: SHA-256 of its `prev_hash` followed by its content (every other
/// column but `hash`, as a JSON array).
pub fn entry_hash(e: &AuditEntry) -> String {
    let content = serde_json::json!([e.id, e.at, e.actor, e.via, e.action, e.filing_id, e.detail]).to_string();
    let mut h = Sha256::new();
    h.update(e.prev_hash.as_bytes());
    h.update(content.as_bytes());
    hex::encode(h.finalize())
}

impl AuditOps for SqliteStore {
    fn record_audit(&mut self, entries: &[NewAuditEntry], now: jiff::Timestamp) -> Result<Vec<AuditEntry>, StoreError> {
        // Under the write lock from the start: two writers cannot fork the chain.
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let out = append(&tx, entries, now)?;
        tx.commit()?;
        Ok(out)
    }

    fn audit_entries(&self, filing_id: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, actor, via, action, filing_id, detail, prev_hash, hash FROM audit_log
             WHERE ?1 IS NULL OR filing_id = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![filing_id, limit], row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn reveal_filing(
        &mut self,
        id: i64,
        detail: &str,
        via: &'static str,
        now: jiff::Timestamp,
    ) -> Result<crate::FilingRecord, StoreError> {
        use crate::engine::FilingOps;
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM filings WHERE id = ?1)", [id], |r| r.get(0))?;
        if !exists {
            return Err(StoreError::NotFound { what: "备案", id: id.to_string() });
        }
        let entry = NewAuditEntry { action: AuditAction::Reveal, filing_id: Some(id), detail: detail.to_owned(), via };
        append(&tx, std::slice::from_ref(&entry), now)?;
        tx.commit()?;
        self.get_filing(id)
    }

    fn verify_audit_chain(&self) -> Result<ChainVerdict, StoreError> {
        verify_chain(&self.conn)
    }
}

/// Appends entries inside the caller's write transaction (so that recording and what is recorded
/// commit together), chained to the newest row. Only a [`WriteTx`] is accepted: an entry cannot be
/// appended outside one, nor in a transaction that did not take the write lock first:
///
/// ```compile_fail
/// // A bare connection (or a deferred rusqlite transaction) does not compile.
/// let conn = rusqlite::Connection::open_in_memory().unwrap();
/// let _ = beian_store::audit::append(&conn, &[], jiff::Timestamp::now());
/// ```
pub fn append(
    tx: &WriteTx<'_>,
    entries: &[NewAuditEntry],
    now: jiff::Timestamp,
) -> Result<Vec<AuditEntry>, StoreError> {
    let actor = current_actor();
    let at = crate::time::stamp(now);
    let prev: (i64, String) = tx
        .query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let out = chained(prev, &actor, &at, entries);
    for row in &out {
        tx.execute(
            "INSERT INTO audit_log (id, at, actor, via, action, filing_id, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![row.id, row.at, row.actor, row.via, row.action, row.filing_id, row.detail, row.prev_hash, row.hash],
        )?;
    }
    Ok(out)
}

/// The rows `entries` become, chained after `prev` (the newest row's id and hash, or 0 and
/// [`GENESIS`]), by `actor` at `at`: what every engine appends.
pub(crate) fn chained(prev: (i64, String), actor: &str, at: &str, entries: &[NewAuditEntry]) -> Vec<AuditEntry> {
    let mut prev = prev;
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let mut row = AuditEntry {
            id: prev.0 + 1,
            at: at.to_owned(),
            actor: actor.to_owned(),
            via: e.via.to_owned(),
            action: e.action.code().to_owned(),
            filing_id: e.filing_id,
            detail: e.detail.clone(),
            prev_hash: prev.1.clone(),
            hash: String::new(),
        };
        row.hash = entry_hash(&row);
        prev = (row.id, row.hash.clone());
        out.push(row);
    }
    out
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        via: r.get(3)?,
        action: r.get(4)?,
        filing_id: r.get(5)?,
        detail: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

/// What [`verify_chain`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainVerdict {
    pub entries: u64,
    /// The newest row's hash (the head of the chain), if any.
    pub head: Option<String>,
    /// Where the chain is broken, in Chinese.
    pub problems: Vec<String>,
}

/// The engine-neutral half of checking the chain: fed every row oldest first, it finds gaps in the
/// ids, broken links and rows whose hash no longer matches their content. Each engine reads its
/// rows and adds what it knows of its own guards ([`verify_chain`] for SQLite).
#[derive(Debug, Clone)]
pub struct ChainWalk {
    prev_hash: String,
    expected_id: i64,
    entries: u64,
    problems: Vec<String>,
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk { prev_hash: GENESIS.to_owned(), expected_id: 1, entries: 0, problems: Vec::new() }
    }
}

impl ChainWalk {
    /// The next row, in id order.
    pub fn push(&mut self, e: AuditEntry) {
        self.entries += 1;
        if e.id != self.expected_id {
            self.problems.push(format!("审计记录 #{} 之前缺少记录（应为 #{}）", e.id, self.expected_id));
        }
        if e.prev_hash != self.prev_hash {
            self.problems.push(format!("审计记录 #{} 与前一条的哈希链断开", e.id));
        }
        if entry_hash(&e) != e.hash {
            self.problems.push(format!("审计记录 #{} 的内容已被改动（哈希不符）", e.id));
        }
        self.prev_hash = e.hash;
        self.expected_id = e.id + 1;
    }

    /// The verdict; `guards` are the engine's own findings (its append-only guards missing), after
    /// the chain's.
    pub fn finish(mut self, guards: Vec<String>) -> ChainVerdict {
        self.problems.extend(guards);
        let head = (self.entries > 0).then_some(self.prev_hash);
        ChainVerdict { entries: self.entries, head, problems: self.problems }
    }
}

/// Walks the chain from the first row: ids without gaps from 1, each `prev_hash` the previous row's
/// hash, each hash recomputed from the row's content; and the triggers still in place.
pub fn verify_chain(conn: &Connection) -> Result<ChainVerdict, StoreError> {
    let mut walk = ChainWalk::default();
    let mut stmt = conn
        .prepare("SELECT id, at, actor, via, action, filing_id, detail, prev_hash, hash FROM audit_log ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        walk.push(row(r)?);
    }
    let mut guards = Vec::new();
    for trigger in ["audit_log_no_update", "audit_log_no_delete"] {
        let present: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1)",
            params![trigger],
            |r| r.get(0),
        )?;
        if !present {
            guards.push(format!("保护审计记录的触发器 {trigger} 不见了"));
        }
    }
    Ok(walk.finish(guards))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{FilingOps, PrintOps};

    #[test]
    fn every_audit_action_is_labelled_in_both_languages() {
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        codes.sort();
        let named: Vec<&str> = labels::group(labels::Group::AuditAction).keys().map(String::as_str).collect();
        assert_eq!(named, codes);
        assert_eq!(AuditAction::Restore.label_zh(), "从备份恢复");
        assert_eq!(AuditAction::Restore.label_en(), "Restore from backup");
    }

    fn entry(action: AuditAction, filing_id: Option<i64>) -> NewAuditEntry {
        NewAuditEntry { action, filing_id, detail: "test".into(), via: "cli" }
    }

    fn now() -> jiff::Timestamp {
        "2026-11-28T03:00:00Z".parse().unwrap()
    }

    #[test]
    fn entries_chain_and_verify() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let a = s.record_audit(&[entry(AuditAction::ExportFull, Some(1)), entry(AuditAction::Backup, None)], now());
        let a = a.unwrap();
        assert_eq!(a[0].prev_hash, GENESIS);
        assert_eq!(a[1].prev_hash, a[0].hash);
        let b = s.record_audit(&[entry(AuditAction::PrintFull, Some(2))], now()).unwrap();
        assert_eq!(b[0].prev_hash, a[1].hash);
        let v = verify_chain(&s.conn).unwrap();
        assert_eq!(v.entries, 3);
        assert!(v.problems.is_empty(), "{v:?}");
        assert_eq!(v.head.as_deref(), Some(b[0].hash.as_str()));
        assert_eq!(s.audit_entries(Some(2), 10).unwrap().len(), 1);
        assert_eq!(s.audit_entries(None, 10).unwrap()[0].id, 3, "newest first");
    }

    #[test]
    fn printing_in_full_is_in_the_audit_trail() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let a = s.create_filing(&beian_core::FilingDocument::draft("张三", "a.cn"), now()).unwrap();
        s.record_printed_full(&[a.id], "邮寄资料清单", now()).unwrap();
        let e = s.audit_entries(Some(a.id), 10).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].action.as_str(), e[0].detail.as_str()), ("print_full", "邮寄资料清单"));
        assert!(s.record_printed_full(&[a.id, 999], "x", now()).is_err());
        assert_eq!(s.audit_entries(None, 10).unwrap().len(), 1, "all or nothing");
        assert!(verify_chain(&s.conn).unwrap().problems.is_empty());
    }

    #[test]
    fn the_triggers_refuse_update_and_delete() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        s.record_audit(&[entry(AuditAction::Reveal, Some(1))], now()).unwrap();
        let e = s.conn.execute("UPDATE audit_log SET actor = 'someone else'", []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        let e = s.conn.execute("DELETE FROM audit_log", []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        assert!(verify_chain(&s.conn).unwrap().problems.is_empty());
    }

    #[test]
    fn tampering_behind_the_triggers_back_is_found() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let entries: Vec<_> = (1..=5).map(|i| entry(AuditAction::ExportFull, Some(i))).collect();
        s.record_audit(&entries, now()).unwrap();
        let tamper = |s: &SqliteStore, sql: &str| {
            s.conn
                .execute_batch(&format!(
                    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql};
                     CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;
                     CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;"
                ))
                .unwrap();
        };
        tamper(&s, "UPDATE audit_log SET actor = 'nobody' WHERE id = 2");
        let v = verify_chain(&s.conn).unwrap();
        assert_eq!(v.problems, ["审计记录 #2 的内容已被改动（哈希不符）"], "{v:?}");

        let mut s2 = SqliteStore::open_in_memory().unwrap();
        s2.record_audit(&entries, now()).unwrap();
        tamper(&s2, "DELETE FROM audit_log WHERE id = 3");
        let v = verify_chain(&s2.conn).unwrap();
        assert!(v.problems.iter().any(|p| p.contains("#4 之前缺少")), "{v:?}");
        assert!(v.problems.iter().any(|p| p.contains("#4 与前一条的哈希链断开")), "{v:?}");

        s2.conn.execute_batch("DROP TRIGGER audit_log_no_delete").unwrap();
        let v = verify_chain(&s2.conn).unwrap();
        assert!(v.problems.iter().any(|p| p.contains("audit_log_no_delete")), "{v:?}");
    }
}
