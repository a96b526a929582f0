//! The one timestamp format of the store: UTC, microseconds, fixed width —
//! `2026-12-02T08:30:00.000000Z` — so that the text of every time column sorts as time does, and two
//! changes within one second keep their order.
//!
//! Before schema 7 the store wrote two shapes into the same columns (`2026-12-02T08:30:00.5Z` from
//! `Timestamp::to_string` and `2026-12-02T08:30:00Z`): `.` sorts before `Z`, so a change half a
//! second later sorted first. Migration 7 rewrites every such value ([`rewrite_all`]); the audit
//! trail keeps its rows as they were written (its rows are hash-chained and may not be updated),
//! and its order is its id.

use jiff::Timestamp;
use rusqlite::{Connection, params};

use crate::error::StoreError;

/// A timestamp as the store writes it.
pub fn stamp(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A timestamp in a file name (backups, the copy put aside by a restore): `20261202T083000Z`.
pub fn file_stamp(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A stored timestamp, in any shape the store has ever written.
pub fn parse(s: &str) -> Result<Timestamp, StoreError> {
    s.parse().map_err(|e| StoreError::CorruptDocument(format!("时间 {s} 无法读取：{e}")))
}

/// The time columns migration 7 rewrites: (table, column).
const COLUMNS: &[(&str, &str)] = &[
    ("filings", "created_at"),
    ("filings", "updated_at"),
    ("filings", "next_due"),
    ("filing_events", "at"),
    ("attachments", "created_at"),
    ("attachments", "deleted_at"),
];

/// Rewrites every stored time into [`stamp`]'s shape (migration 7), and the urgency order that
/// follows `next_due`.
pub(crate) fn rewrite_all(conn: &Connection) -> Result<(), StoreError> {
    for (table, column) in COLUMNS {
        let rows: Vec<(i64, String)> = {
            let mut stmt = conn.prepare(&format!("SELECT rowid, {column} FROM {table} WHERE {column} IS NOT NULL"))?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?
        };
        let mut update = conn.prepare(&format!("UPDATE {table} SET {column} = ?2 WHERE rowid = ?1"))?;
        for (rowid, value) in rows {
            // A value that is no time at all is left as it is (a migration that refused to run
            // would lock staff out of every filing for one damaged cell).
            let Ok(ts) = value.parse::<Timestamp>() else { continue };
            let new = stamp(ts);
            if new != value {
                update.execute(params![rowid, new])?;
            }
        }
    }
    conn.execute("UPDATE filings SET urgency = coalesce(next_due, '~')", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fixed_width_shape_that_sorts_as_time() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(stamp(t("2026-12-02T08:30:00Z")), "2026-12-02T08:30:00.000000Z");
        assert_eq!(stamp(t("2026-12-02T08:30:00.5Z")), "2026-12-02T08:30:00.500000Z");
        assert_eq!(stamp(t("2026-12-02T08:30:00.123456789Z")), "2026-12-02T08:30:00.123456Z");
        let times =
            ["2026-12-02T08:30:00Z", "2026-12-02T08:30:00.000001Z", "2026-12-02T08:30:00.5Z", "2026-12-02T08:30:01Z"];
        let stamps: Vec<String> = times.iter().map(|s| stamp(t(s))).collect();
        let mut sorted = stamps.clone();
        sorted.sort();
        assert_eq!(stamps, sorted);
        for s in &stamps {
            assert_eq!(&stamp(parse(s).unwrap()), s, "round trip");
        }
    }
}
