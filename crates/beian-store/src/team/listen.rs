//! Live refresh: one listener per desk on its own connection (`LISTEN beian_filings`), told by the
//! server of every committed change of a filing, its history or its attachments (the triggers of
//! `migrations-pg/0008_baseline.sql`: only committed changes, repeats within one transaction
//! coalesced). The desk's own writes are left out (by the writing connection's process id).
//!
//! What is sent while a desk is disconnected is lost (PostgreSQL keeps no queue for a listener
//! that is gone), so after every reconnection the listener says [`Event::Resync`]: the window
//! reloads what it shows. A heartbeat every 20 s finds a connection that died silently (a laptop
//! asleep, Wi-Fi gone).
//!
//! No Tauri here: the shell turns [`Event`]s into window events.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;
use serde::{Deserialize, Serialize};

use crate::error::StoreError;

/// The channel the triggers notify.
pub const CHANNEL: &str = "beian_filings";

/// One change as the server announced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Change {
    /// The filing.
    pub id: i64,
    /// Its revision after the change (none for a change of its attachments or history only).
    pub rev: Option<i64>,
    pub status: Option<String>,
    /// Who changed it (the database login).
    pub by: String,
    /// The writing connection's server process id.
    #[serde(default)]
    pub pid: i32,
}

/// What the listener reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Colleagues changed these filings (coalesced over a few hundred milliseconds).
    Changed(Vec<Change>),
    /// Connected again after a break: changes may have been missed, reload everything shown.
    Resync,
    /// The server cannot be reached; the listener keeps trying.
    Down(String),
}

/// How long changes are gathered before they are reported.
const GATHER: Duration = Duration::from_millis(150);
const HEARTBEAT: Duration = Duration::from_secs(20);

/// Listens until `stop` is set: connects with `connect` (again after every break, every 2 s),
/// reports each batch of colleagues' changes — not those written by the connection whose process
/// id is `own_pid` — and a [`Event::Resync`] after each reconnection.
pub fn run(
    connect: impl Fn() -> Result<Client, StoreError>,
    own_pid: Arc<AtomicI32>,
    stop: Arc<AtomicBool>,
    mut on: impl FnMut(Event),
) {
    let mut first = true;
    while !stop.load(Ordering::Relaxed) {
        let mut client = match connect().and_then(|mut c| {
            c.batch_execute(&format!("LISTEN {CHANNEL}"))?;
            Ok(c)
        }) {
            Ok(c) => c,
            Err(e) => {
                on(Event::Down(e.to_string()));
                sleep_unless(&stop, Duration::from_secs(2));
                continue;
            }
        };
        if !first {
            on(Event::Resync);
        }
        first = false;
        if let Err(e) = serve(&mut client, &own_pid, &stop, &mut on) {
            on(Event::Down(e.to_string()));
            sleep_unless(&stop, Duration::from_secs(1));
        }
    }
}

fn sleep_unless(stop: &AtomicBool, d: Duration) {
    let until = Instant::now() + d;
    while Instant::now() < until && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Serves one connection until it breaks (an error) or `stop` is set (`Ok`).
fn serve(
    client: &mut Client,
    own_pid: &AtomicI32,
    stop: &AtomicBool,
    on: &mut impl FnMut(Event),
) -> Result<(), StoreError> {
    let mut beat = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        let mut batch: Vec<Change> = Vec::new();
        {
            let mut n = client.notifications();
            let first = n.timeout_iter(Duration::from_millis(500)).next()?;
            if let Some(first) = first {
                batch.push(parse(&first));
                // What follows within a moment is reported with it.
                let until = Instant::now() + GATHER;
                while Instant::now() < until {
                    match n.timeout_iter(GATHER).next()? {
                        Some(m) => batch.push(parse(&m)),
                        None => break,
                    }
                }
            }
        }
        let me = own_pid.load(Ordering::Relaxed);
        batch.retain(|c| c.pid != me && c.id > 0);
        if !batch.is_empty() {
            on(Event::Changed(coalesce(batch)));
        }
        if client.is_closed() {
            return Err(StoreError::team("与团队服务器的连接已断开"));
        }
        if beat.elapsed() > HEARTBEAT {
            client.batch_execute("SELECT 1")?;
            beat = Instant::now();
        }
    }
    Ok(())
}

fn parse(n: &postgres::Notification) -> Change {
    serde_json::from_str(n.payload()).unwrap_or(Change {
        id: 0,
        rev: None,
        status: None,
        by: String::new(),
        pid: n.process_id(),
    })
}

/// One change per filing: the last revision announced, and who made it.
fn coalesce(batch: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for c in batch {
        match out.iter_mut().find(|o| o.id == c.id) {
            Some(o) => {
                if c.rev.is_some() {
                    o.rev = c.rev.max(o.rev);
                    o.status = c.status.clone();
                }
                o.by = c.by;
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: i64, rev: Option<i64>, by: &str) -> Change {
        Change { id, rev, status: rev.map(|_| "draft".into()), by: by.into(), pid: 1 }
    }

    #[test]
    fn changes_of_one_filing_are_reported_once_with_the_newest_revision() {
        let out = coalesce(vec![
            change(1, Some(2), "a"),
            change(2, None, "b"),
            change(1, Some(3), "c"),
            change(1, None, "d"),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].id, out[0].rev, out[0].by.as_str()), (1, Some(3), "d"));
        assert_eq!((out[1].id, out[1].rev), (2, None));
    }
}
