//! The audit trail and full prints on PostgreSQL: one chain whatever the number of desks (the head
//! is read under an advisory lock), every row in the login's name (the server refuses any other),
//! and guards the server keeps (no UPDATE, DELETE or TRUNCATE).

use jiff::Timestamp;
use postgres::Row;

use super::{PgStore, Tx, locks};
use crate::audit::{AuditAction, AuditEntry, ChainVerdict, ChainWalk, GENESIS, NewAuditEntry, entry_hash};
use crate::engine::{AuditOps, FilingOps, PrintOps};
use crate::error::StoreError;
use crate::printing::PRINTED_FULL;

pub(crate) const COLUMNS: &str = "id, at, actor, via, action, filing_id, detail, prev_hash, hash";

/// The guards verify_chain expects on `audit_log`: (trigger, what it refuses).
const GUARDS: &[&str] = &["audit_log_no_update", "audit_log_no_truncate", "audit_log_actor"];

pub(crate) fn entry(r: &Row) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        id: r.try_get(0)?,
        at: r.try_get(1)?,
        actor: r.try_get(2)?,
        via: r.try_get(3)?,
        action: r.try_get(4)?,
        filing_id: r.try_get(5)?,
        detail: r.try_get(6)?,
        prev_hash: r.try_get(7)?,
        hash: r.try_get(8)?,
    })
}

/// Appends entries in the caller's transaction, as `actor` (the login), chained to the newest row:
/// the advisory lock makes concurrent appenders take turns, so that the chain never forks.
pub(crate) fn append(
    tx: &mut Tx<'_, '_>,
    actor: &str,
    entries: &[NewAuditEntry],
    now: Timestamp,
) -> Result<Vec<AuditEntry>, StoreError> {
    tx.exec("SELECT pg_advisory_xact_lock($1)", &[&locks::AUDIT])?;
    let at = crate::time::stamp(now);
    let prev: (i64, String) = match tx.opt("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &[])? {
        Some(r) => (r.try_get(0)?, r.try_get(1)?),
        None => (0, GENESIS.to_owned()),
    };
    let out = crate::audit::chained(prev, actor, &at, entries);
    for row in &out {
        tx.exec(
            "INSERT INTO audit_log (id, at, actor, via, action, filing_id, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &row.id,
                &row.at,
                &row.actor,
                &row.via,
                &row.action,
                &row.filing_id,
                &row.detail,
                &row.prev_hash,
                &row.hash,
            ],
        )?;
    }
    Ok(out)
}

impl AuditOps for PgStore {
    fn record_audit(&mut self, entries: &[NewAuditEntry], now: Timestamp) -> Result<Vec<AuditEntry>, StoreError> {
        let actor = self.user.clone();
        self.write(|tx| append(tx, &actor, entries, now))
    }

    fn audit_entries(&self, filing_id: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let limit = i64::from(limit);
        self.read(|q| {
            q.rows(
                &format!(
                    "SELECT {COLUMNS} FROM audit_log WHERE $1::bigint IS NULL OR filing_id = $1 ORDER BY id DESC LIMIT $2"
                ),
                &[&filing_id, &limit],
            )?
            .iter()
            .map(entry)
            .collect()
        })
    }

    fn reveal_filing(
        &mut self,
        id: i64,
        detail: &str,
        via: &'static str,
        now: Timestamp,
    ) -> Result<crate::FilingRecord, StoreError> {
        let actor = self.user.clone();
        let entry = NewAuditEntry { action: AuditAction::Reveal, filing_id: Some(id), detail: detail.to_owned(), via };
        if !self.viewer() {
            return self.write(|tx| {
                super::filings::get(tx, id)?;
                append(tx, &actor, std::slice::from_ref(&entry), now)?;
                super::filings::get(tx, id)
            });
        }
        // A viewer reads no document: `beian.reveal` records the row this desk chained and returns
        // the document, in one transaction (the audit lock held from reading the head).
        let masked = self.get_filing(id)?;
        let document = self.write(|tx| {
            tx.exec("SELECT pg_advisory_xact_lock($1)", &[&locks::AUDIT])?;
            let (id0, prev) = match tx.opt("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &[])? {
                Some(r) => (r.try_get::<_, i64>(0)?, r.try_get::<_, String>(1)?),
                None => (0, GENESIS.to_owned()),
            };
            let mut row = AuditEntry {
                id: id0 + 1,
                at: crate::time::stamp(now),
                actor: actor.clone(),
                via: via.to_owned(),
                action: AuditAction::Reveal.code().to_owned(),
                filing_id: Some(id),
                detail: detail.to_owned(),
                prev_hash: prev,
                hash: String::new(),
            };
            row.hash = entry_hash(&row);
            let doc: String = tx
                .one(
                    "SELECT beian.reveal($1, $2, $3, $4, $5, $6, $7)",
                    &[&id, &row.id, &row.at, &row.via, &row.detail, &row.prev_hash, &row.hash],
                )?
                .try_get(0)?;
            Ok(doc)
        })?;
        let document = serde_json::from_str(&document)
            .map_err(|e| StoreError::CorruptDocument(format!("备案 {}：{e}", masked.order_no)))?;
        Ok(crate::FilingRecord { document, ..masked })
    }

    fn verify_audit_chain(&self) -> Result<ChainVerdict, StoreError> {
        self.read(|q| {
            let mut walk = ChainWalk::default();
            for r in q.rows(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY id"), &[])? {
                walk.push(entry(&r)?);
            }
            let mut guards = Vec::new();
            for trigger in GUARDS {
                let on = q.opt(
                    "SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgname = $1 AND tgenabled <> 'D'",
                    &[trigger],
                )?;
                if on.is_none() {
                    guards.push(format!("保护审计记录的触发器 {trigger} 不见了或已停用"));
                }
            }
            Ok(walk.finish(guards))
        })
    }
}

impl PrintOps for PgStore {
    fn record_printed_full(&mut self, ids: &[i64], view: &str, now: Timestamp) -> Result<(), StoreError> {
        let actor = self.user.clone();
        let note = format!("打印{view}（含完整个人信息）");
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        self.write(|tx| {
            let at = crate::time::stamp(now);
            // Filings in ascending id order, the audit lock last: two desks printing overlapping
            // sets cannot deadlock.
            for &id in &sorted {
                if tx.opt("SELECT 1 FROM filings WHERE id = $1 FOR SHARE", &[&id])?.is_none() {
                    return Err(StoreError::NotFound { what: "备案", id: id.to_string() });
                }
            }
            for &id in ids {
                tx.exec(
                    "INSERT INTO filing_events (filing_id, at, kind, note) VALUES ($1, $2, $3, $4)",
                    &[&id, &at, &PRINTED_FULL, &note],
                )?;
            }
            let entries: Vec<NewAuditEntry> = ids
                .iter()
                .map(|&id| NewAuditEntry {
                    action: AuditAction::PrintFull,
                    filing_id: Some(id),
                    detail: view.to_owned(),
                    via: crate::audit::current_via(),
                })
                .collect();
            append(tx, &actor, &entries, now)?;
            Ok(())
        })
    }
}
