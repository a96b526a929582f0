//! `beian demo --count N [--attachments]`: fills the store with realistic synthetic filings.

use crate::common::{Failure, Place, open_store};

/// Filings per transaction: many small transactions, as a busy office writes.
const BATCH: usize = 50;

pub fn demo(place: &Place, count: usize, seed: Option<u64>, attachments: bool) -> Result<u8, Failure> {
    let mut store = open_store(place)?;
    let seed = seed.unwrap_or_else(|| jiff::Timestamp::now().as_nanosecond() as u64);
    let start = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 50);
    let mut done = 0;
    while done < count {
        let n = (count - done).min(BATCH);
        let at = beian_store::demo::demo_time(start, done);
        let ids = store.write_demo(n, BATCH, seed.wrapping_add(done as u64), at)?;
        if attachments {
            // One synthetic scan per filing, each attached as staff attach one: file first (atomic,
            // content-addressed), then its row in its own transaction.
            for &id in &ids {
                let scan = synthetic_scan(seed.wrapping_add(id as u64));
                beian_store::attachments::attach_bytes(
                    &mut store,
                    id,
                    "subject_certificate",
                    &format!("营业执照-{id}.bmp"),
                    scan,
                    jiff::Timestamp::now(),
                )
                .map_err(|e| Failure::failed(e.to_string()))?;
            }
        }
        done += ids.len();
        // One line per acknowledged batch: what was committed is durable from here on.
        println!("已写入 {done}/{count}（最后一条 #{}）", ids.last().copied().unwrap_or_default());
    }
    Ok(0)
}

/// A small 24-bit BMP whose pixels depend on `seed` (so every scan has its own content).
fn synthetic_scan(seed: u64) -> Vec<u8> {
    const W: u32 = 160;
    const H: u32 = 100;
    let row = (W * 3).div_ceil(4) * 4;
    let size = 54 + row * H;
    let mut b = Vec::with_capacity(size as usize);
    b.extend_from_slice(b"BM");
    b.extend_from_slice(&size.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&54u32.to_le_bytes());
    b.extend_from_slice(&40u32.to_le_bytes());
    b.extend_from_slice(&(W as i32).to_le_bytes());
    b.extend_from_slice(&(H as i32).to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&(row * H).to_le_bytes());
    b.extend_from_slice(&2835u32.to_le_bytes());
    b.extend_from_slice(&2835u32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    let s = seed.to_le_bytes();
    for y in 0..H {
        for x in 0..W {
            let band = ((x / 20) as usize + (y / 25) as usize) % 8;
            b.extend_from_slice(&[
                s[band].wrapping_add(x as u8),
                s[(band + 3) % 8].wrapping_add(y as u8),
                s[(band + 5) % 8] ^ ((x ^ y) as u8),
            ]);
        }
        b.resize(b.len() + (row - W * 3) as usize, 0);
    }
    b
}
