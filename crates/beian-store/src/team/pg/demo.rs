//! Demo filings on PostgreSQL: the same synthetic filings and histories as on SQLite.

use jiff::Timestamp;

use super::PgStore;
use super::filings::refresh_due;
use crate::demo::{Rng, demo_batch, demo_history};
use crate::engine::{DemoOps, FilingOps};
use crate::error::StoreError;
use crate::time::stamp;

impl DemoOps for PgStore {
    fn write_demo(&mut self, count: usize, batch: usize, seed: u64, start: Timestamp) -> Result<Vec<i64>, StoreError> {
        let mut rng = Rng(seed);
        let mut ids = Vec::with_capacity(count);
        let mut written = 0;
        let calendar = self.calendar.clone();
        while written < count {
            let n = batch.max(1).min(count - written);
            let (docs, created_at) = demo_batch(&mut rng, written, n, start);
            let new_ids = self.create_filings(&docs, created_at, "created")?;
            let mut histories = Vec::with_capacity(new_ids.len());
            for _ in &new_ids {
                histories.push(demo_history(&mut rng, created_at)?);
            }
            self.write(|tx| {
                for (id, (steps, reached)) in new_ids.iter().zip(&histories) {
                    for (at, step) in steps {
                        tx.exec(
                            "INSERT INTO filing_events (filing_id, at, kind, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)",
                            &[id, &stamp(*at), &step.action.code(), &step.from.code(), &step.to.code(), &step.note],
                        )?;
                    }
                    if let Some((status, at)) = reached {
                        tx.exec(
                            "UPDATE filings SET status = $2, updated_at = $3 WHERE id = $1",
                            &[id, &status.code(), &stamp(*at)],
                        )?;
                        refresh_due(tx, &calendar, *id, *at)?;
                    }
                }
                Ok(())
            })?;
            ids.extend(new_ids);
            written += n;
        }
        Ok(ids)
    }
}
