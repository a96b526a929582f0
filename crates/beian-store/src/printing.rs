//! Printing with full personal data is recorded in the filing's history (issue 7): an event of kind
//! `printed_full` naming the view, in the existing `filing_events` table — and in the hash-chained
//! audit trail (`audit.rs`, issue 8). The filing itself (its
//! revision, its status, its deadlines) is not touched: an open editor does not get a conflict
//! because somebody printed.

use jiff::Timestamp;
use rusqlite::params;

use crate::db::SqliteStore;
use crate::engine::PrintOps;
use crate::error::StoreError;

/// The history kind of a print with full personal data.
pub const PRINTED_FULL: &str = "printed_full";

impl PrintOps for SqliteStore {
    fn record_printed_full(&mut self, ids: &[i64], view: &str, now: Timestamp) -> Result<(), StoreError> {
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let at = crate::time::stamp(now);
        let note = format!("打印{view}（含完整个人信息）");
        for &id in ids {
            let exists: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM filings WHERE id = ?1)", params![id], |r| r.get(0))?;
            if !exists {
                return Err(StoreError::NotFound { what: "备案", id: id.to_string() });
            }
            tx.execute(
                "INSERT INTO filing_events (filing_id, at, kind, note) VALUES (?1, ?2, ?3, ?4)",
                params![id, at, PRINTED_FULL, note],
            )?;
        }
        // And in the hash-chained audit trail, in the same transaction.
        let entries: Vec<crate::audit::NewAuditEntry> = ids
            .iter()
            .map(|&id| crate::audit::NewAuditEntry {
                action: crate::audit::AuditAction::PrintFull,
                filing_id: Some(id),
                detail: view.to_owned(),
                via: crate::audit::current_via(),
            })
            .collect();
        crate::audit::append(&tx, &entries, now)?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use beian_core::model::FilingDocument;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn printing_in_full_is_in_the_history_and_touches_nothing_else() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store.create_filing(&FilingDocument::draft("甲公司", "a.cn"), t("2026-11-28T01:00:00Z")).unwrap();
        let b = store.create_filing(&FilingDocument::draft("乙公司", "b.cn"), t("2026-11-28T01:00:00Z")).unwrap();
        let changes = store.status_changes(a.id).unwrap();
        store.record_printed_full(&[a.id, b.id], "邮寄资料清单", t("2026-11-28T02:00:00Z")).unwrap();
        for rec in [&a, &b] {
            let events = store.filing_events(rec.id).unwrap();
            let last = events.last().unwrap();
            assert_eq!(last.kind, PRINTED_FULL);
            assert_eq!(last.note, "打印邮寄资料清单（含完整个人信息）");
            assert_eq!(last.at, "2026-11-28T02:00:00.000000Z");
            assert_eq!((last.from_status, last.to_status), (None, None));
            let after = store.get_filing(rec.id).unwrap();
            assert_eq!((after.revision, after.status, &after.updated_at), (rec.revision, rec.status, &rec.updated_at));
        }
        // Status changes (what deadlines are computed from) do not see it.
        assert_eq!(store.status_changes(a.id).unwrap(), changes);
    }

    #[test]
    fn an_unknown_id_records_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store.create_filing(&FilingDocument::draft("甲公司", "a.cn"), t("2026-11-28T01:00:00Z")).unwrap();
        let before = store.filing_events(a.id).unwrap().len();
        let err = store.record_printed_full(&[a.id, 9999], "短信核验单", t("2026-11-28T02:00:00Z")).unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
        assert_eq!(store.filing_events(a.id).unwrap().len(), before);
    }
}
