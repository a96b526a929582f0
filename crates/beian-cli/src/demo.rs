//! `beian demo --count N`: fills the store with realistic synthetic filings.

use std::path::PathBuf;

use crate::common::{Failure, open_store};

/// Filings per transaction: many small transactions, as a busy office writes.
const BATCH: usize = 50;

pub fn demo(data_dir: Option<PathBuf>, count: usize, seed: Option<u64>) -> Result<u8, Failure> {
    let mut store = open_store(data_dir)?;
    let seed = seed.unwrap_or_else(|| jiff::Timestamp::now().as_nanosecond() as u64);
    let start = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 50);
    let mut done = 0;
    while done < count {
        let n = (count - done).min(BATCH);
        let ids = store.write_demo(n, BATCH, seed.wrapping_add(done as u64), start)?;
        done += ids.len();
        // One line per acknowledged batch: what was committed is durable from here on.
        println!("已写入 {done}/{count}（最后一条 #{}）", ids.last().copied().unwrap_or_default());
    }
    Ok(0)
}
