//! Team mode under load: 1 to 50 desks on one PostgreSQL store of 100,000 filings, beside the
//! single desk's SQLite store (../shared/design/team-mode.md §6).
//!
//! `cargo bench -p beian-store --bench team` starts a durable PostgreSQL cluster of its own (fsync
//! and synchronous commit on, TCP on 127.0.0.1, stopped and removed at the end however the process
//! ends), fills one database and one SQLite store with the same synthetic filings, and runs each
//! scenario for a fixed time: the SQLite store with one desk, then PostgreSQL with 1, 5, 10, 25 and
//! 50 desks. A desk is a thread with its own store connection and its own listener connection
//! (`LISTEN beian_filings`), as in the app; it runs a closed loop (no think time) over the mix of
//! the design: list pages (the default list and a status filter), searches (a 2-character name, a
//! company name, a domain fragment, an order number, a certificate number), opens (filing, history
//! and attachments), saves (compare-and-set on the revision just read; a `Conflict` is counted,
//! not an error), status actions (信息填写完成 and 返回修改 back and forth on drafts), attachments
//! (small JPEGs through `beian_scan::process`, processed before the clock starts, as a desk does
//! before it holds the store), new filings and audit rows.
//!
//! Correctness is checked in the same run:
//! - no lost update: every desk counts in its own filing (`subject.remark`, "计数 n") by
//!   compare-and-set with retries, while the other desks' saves also write those filings; at the
//!   end each stored count equals the desk's acknowledged increments;
//! - order numbers are gapless: the filings created concurrently by every desk are numbered
//!   `BA<day>-0001..n` without a hole;
//! - the audit chain, appended to by every desk at once, verifies;
//! - `doctor` finds the store healthy.
//!
//! It prints markdown tables (per scenario and operation: p50/p95/p99, throughput, conflicts,
//! errors; then the latency of change notifications, commits and WAL per second, CPU of the
//! desks, the server and anything else, sampled server waits) and PASS/MISS for the targets at 50
//! desks: list and search p95 ≤ 50 ms, save p95 ≤ 100 ms, notification p95 ≤ 500 ms, no lost
//! update, no error. A notification's latency is measured at another desk's listener from two
//! points of the writing desk: its answer (after the commit: a lower bound, often zero, since the
//! listener may hear of the commit before the writer does) and its call (an upper bound, which
//! includes the write itself: its lock waits, and the second commit and read-back that
//! `update_filing` makes after the commit). The target is held to the first — the commit happens
//! before the answer — and both are printed. Every acknowledged write must be heard by every
//! other desk's listener (`missed`).
//!
//! The latency targets are judged on one more scenario at the most desks, paced: each desk at 5×
//! the design's mix (~3.4 operations a second, random arrivals), the pace of busy staff. The
//! closed loop at 50 desks measures capacity; its figures are held to the same targets and shown
//! as PASS/MISS, but do not decide the exit status (50 desks without pause on 2 cores queue behind
//! each other: latency ≈ desks ÷ throughput). The exit status is non-zero when a paced target is
//! missed, a check fails, or any scenario had an error (a deadlock retried to exhaustion is one).
//!
//! Environment: `BEIAN_BENCH_FILINGS` (filings in each store, default 100000), `BEIAN_BENCH_SECS`
//! (seconds per scenario, default 15), `BEIAN_BENCH_DESKS` (closed-loop PostgreSQL scenarios,
//! default `1,5,10,25,50`), `BEIAN_BENCH_PACED` (the paced scenario's multiple of the mix, default
//! 5; 0 for none). To try a schema change: `BEIAN_BENCH_PREPARE_SQL=file.sql` runs it on the bench
//! database after the migrations; `BEIAN_BENCH_HOLD=seconds` keeps the server up after the run
//! (for `psql` and EXPLAIN ANALYZE) and prints how to connect.
//!
//! Server and desks share the machine (on the 2-core machine they compete for the cores), and so
//! does anything else running: the CPU column's *other* says how much that was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use beian_core::FilingDocument;
use beian_core::status::FilingStatus;
use beian_core::workflow::{ActionKind, ActionRequest};
use beian_scan::{Derived, FileStore, Processed};
use beian_store::audit::{AuditAction, NewAuditEntry};
use beian_store::team::cluster::{Cluster, OWNER, Options};
use beian_store::team::pg::{PgStore, migrate};
use beian_store::{Checked, ListQuery, Store, StoreError};
use jiff::Timestamp;

const DATABASE: &str = "beian_bench";
/// The mix's attachments: distinct scans, processed once before the scenarios.
const IMAGES: usize = 400;

// ---- Configuration ---------------------------------------------------------------------------

struct Config {
    filings: usize,
    secs: u64,
    desks: Vec<usize>,
    /// The paced scenario's rate, as a multiple of the design's mix (0: none).
    paced: f64,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

impl Config {
    fn from_env() -> Config {
        let desks = std::env::var("BEIAN_BENCH_DESKS")
            .ok()
            .map(|v| v.split(',').filter_map(|d| d.trim().parse().ok()).filter(|&d| d > 0).collect::<Vec<usize>>())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| vec![1, 5, 10, 25, 50]);
        Config {
            filings: env_or("BEIAN_BENCH_FILINGS", 100_000),
            secs: env_or("BEIAN_BENCH_SECS", 15),
            desks,
            paced: env_or("BEIAN_BENCH_PACED", 5.0),
        }
    }
}

// ---- The mix ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Op {
    List,
    ListStatus,
    SearchName2,
    SearchCompany,
    SearchDomain,
    SearchOrderNo,
    SearchCert,
    Open,
    Save,
    SaveHot,
    Bump,
    Act,
    Attach,
    Create,
    Audit,
}

impl Op {
    fn label(self) -> &'static str {
        match self {
            Op::List => "list (default page)",
            Op::ListStatus => "list (status filter)",
            Op::SearchName2 => "search 2-char name",
            Op::SearchCompany => "search company name",
            Op::SearchDomain => "search domain fragment",
            Op::SearchOrderNo => "search order no",
            Op::SearchCert => "search cert no",
            Op::Open => "open (get+events+attachments)",
            Op::Save => "save (CAS)",
            Op::SaveHot => "save, contended filing (CAS)",
            Op::Bump => "counter (CAS, with retries)",
            Op::Act => "action (status change)",
            Op::Attach => "attach (JPEG)",
            Op::Create => "create filing",
            Op::Audit => "audit append",
        }
    }
    fn is_list_or_search(self) -> bool {
        matches!(
            self,
            Op::List
                | Op::ListStatus
                | Op::SearchName2
                | Op::SearchCompany
                | Op::SearchDomain
                | Op::SearchOrderNo
                | Op::SearchCert
        )
    }
}

/// Per desk per minute, after the design (§6): 20 list pages, 10 searches, 5 opens, 2 saves, 1
/// action, 0.5 attachments, 0.2 audited prints; plus the checks' counter and new filings.
const MIX: &[(Op, f64)] = &[
    (Op::List, 12.0),
    (Op::ListStatus, 8.0),
    (Op::SearchName2, 2.0),
    (Op::SearchCompany, 2.0),
    (Op::SearchDomain, 2.0),
    (Op::SearchOrderNo, 2.0),
    (Op::SearchCert, 2.0),
    (Op::Open, 5.0),
    (Op::Save, 2.0),
    // Half the saves (chosen in `save`): on the desks' counter filings, which every desk writes.
    (Op::SaveHot, 0.0),
    (Op::Bump, 1.0),
    (Op::Act, 1.0),
    (Op::Attach, 0.5),
    (Op::Create, 0.5),
    (Op::Audit, 0.2),
];

const STATUS_FILTERS: &[FilingStatus] = &[
    FilingStatus::Draft,
    FilingStatus::Materials,
    FilingStatus::Submitted,
    FilingStatus::BureauReview,
    FilingStatus::Approved,
];

/// SplitMix64, as the demo data uses.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn op(&mut self) -> Op {
        let total: f64 = MIX.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for &(op, w) in MIX {
            if x < w {
                return op;
            }
            x -= w;
        }
        Op::List
    }
}

// ---- What the desks share --------------------------------------------------------------------

/// Search terms taken from stored filings.
struct Terms {
    name2: Vec<String>,
    company: Vec<String>,
    domain: Vec<String>,
    order_no: Vec<String>,
    cert: Vec<String>,
    ids: Vec<i64>,
}

fn terms(store: &Store, seed: u64) -> Terms {
    let all = store.all_filing_ids().expect("ids");
    let mut rng = Rng(seed);
    let mut t =
        Terms { name2: vec![], company: vec![], domain: vec![], order_no: vec![], cert: vec![], ids: all.clone() };
    for _ in 0..300 {
        let rec = store.get_filing(*rng.pick(&all)).expect("get");
        let name = &rec.document.subject.name;
        t.name2.push(name.chars().take(2).collect());
        if name.chars().count() >= 4 {
            t.company.push(name.clone());
        }
        if let Some(d) = rec.document.websites.first().and_then(|w| w.domains.first()) {
            let skip = d.len().min(2);
            t.domain.push(d.chars().skip(skip).take(6).collect());
        }
        t.order_no.push(rec.order_no.clone());
        t.cert.push(rec.document.subject.cert_number.clone());
    }
    t
}

struct Shared {
    terms: Terms,
    /// The desks' counter filings, by desk.
    hot: Vec<i64>,
    /// (filing, revision) → when the desk that wrote it got its answer.
    /// (filing, revision) → when the writing desk called, and when it got its answer.
    acks: Mutex<HashMap<(i64, i64), (Instant, Instant)>>,
    images: Arc<Vec<Processed>>,
    next_image: Arc<AtomicUsize>,
    /// The SQLite store's file store (the team store keeps the bytes in the database).
    files: Option<FileStore>,
    /// Operations per second per desk, when paced; `None`: closed loop.
    pace: Option<f64>,
    stop: AtomicBool,
}

// ---- A desk ----------------------------------------------------------------------------------

#[derive(Default)]
struct Stats {
    times: HashMap<Op, Vec<Duration>>,
    conflicts: HashMap<Op, u64>,
    errors: HashMap<Op, u64>,
    first_errors: Vec<String>,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        for (op, v) in other.times {
            self.times.entry(op).or_default().extend(v);
        }
        for (op, n) in other.conflicts {
            *self.conflicts.entry(op).or_default() += n;
        }
        for (op, n) in other.errors {
            *self.errors.entry(op).or_default() += n;
        }
        for e in other.first_errors {
            if self.first_errors.len() < 10 {
                self.first_errors.push(e);
            }
        }
    }
    fn conflict(&mut self, op: Op) {
        *self.conflicts.entry(op).or_default() += 1;
    }
    fn error(&mut self, op: Op, e: &StoreError) {
        *self.errors.entry(op).or_default() += 1;
        if self.first_errors.len() < 10 {
            self.first_errors.push(format!("{}: {e}", op.label()));
        }
    }
    fn time(&mut self, op: Op, d: Duration) {
        self.times.entry(op).or_default().push(d);
    }
}

struct Desk<'a> {
    index: usize,
    store: Store,
    shared: &'a Shared,
    rng: Rng,
    /// Rows seen in recent list pages: what the desk opens, edits and acts on.
    recent: Vec<(i64, FilingStatus)>,
    stats: Stats,
    saves: u64,
    /// Acknowledged increments of the desk's counter.
    counted: u64,
    created: Vec<(i64, String)>,
    audited: u64,
}

const COUNTER: &str = "计数 ";

fn counter_of(doc: &FilingDocument) -> u64 {
    doc.subject.remark.strip_prefix(COUNTER).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn is_conflict(e: &StoreError) -> bool {
    matches!(e, StoreError::Conflict { .. } | StoreError::NotEditable { .. } | StoreError::Transition(_))
}

impl Desk<'_> {
    fn run(&mut self) {
        let mut next = Instant::now();
        while !self.shared.stop.load(Ordering::Relaxed) {
            if let Some(rate) = self.shared.pace {
                // Paced: operations arrive at random (exponential gaps) at `rate` per second.
                next += Duration::from_secs_f64(-(1.0 - self.rng.unit()).ln() / rate);
                while let Some(wait) = next.checked_duration_since(Instant::now()) {
                    if self.shared.stop.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(wait.min(Duration::from_millis(100)));
                }
            }
            let op = self.rng.op();
            self.step(op);
        }
    }

    fn ack(&self, id: i64, revision: i64, called: Instant) {
        self.shared.acks.lock().unwrap().insert((id, revision), (called, Instant::now()));
    }

    fn remember(&mut self, rows: &[beian_store::FilingSummary]) {
        for _ in 0..4.min(rows.len()) {
            let r = &rows[self.rng.below(rows.len())];
            if self.recent.len() < 256 {
                self.recent.push((r.id, r.status));
            } else {
                let i = self.rng.below(self.recent.len());
                self.recent[i] = (r.id, r.status);
            }
        }
    }

    fn list(&mut self, op: Op, q: &ListQuery) -> Option<Vec<beian_store::FilingSummary>> {
        let t = Instant::now();
        let r = self.store.list_filings(q);
        let d = t.elapsed();
        match r {
            Ok(r) => {
                self.stats.time(op, d);
                Some(r.items)
            }
            Err(e) => {
                self.stats.error(op, &e);
                None
            }
        }
    }

    fn some_filing(&mut self) -> i64 {
        if !self.recent.is_empty() && self.rng.below(10) < 7 {
            self.recent[self.rng.below(self.recent.len())].0
        } else {
            *self.rng.pick(&self.shared.terms.ids)
        }
    }

    fn now() -> Timestamp {
        Timestamp::now()
    }

    fn step(&mut self, op: Op) {
        let search = |term: &str| ListQuery { search: Some(term.to_owned()), ..ListQuery::default() };
        match op {
            Op::List => {
                if let Some(rows) = self.list(op, &ListQuery::default()) {
                    self.remember(&rows);
                }
            }
            Op::ListStatus => {
                let status = *self.rng.pick(STATUS_FILTERS);
                if let Some(rows) = self.list(op, &ListQuery { status: Some(status), ..ListQuery::default() }) {
                    self.remember(&rows);
                }
            }
            Op::SearchName2 => {
                let term = self.rng.pick(&self.shared.terms.name2).clone();
                self.list(op, &search(&term));
            }
            Op::SearchCompany => {
                let term = self.rng.pick(&self.shared.terms.company).clone();
                self.list(op, &search(&term));
            }
            Op::SearchDomain => {
                let term = self.rng.pick(&self.shared.terms.domain).clone();
                self.list(op, &search(&term));
            }
            Op::SearchOrderNo => {
                let term = self.rng.pick(&self.shared.terms.order_no).clone();
                self.list(op, &search(&term));
            }
            Op::SearchCert => {
                let term = self.rng.pick(&self.shared.terms.cert).clone();
                self.list(op, &search(&term));
            }
            Op::Open => {
                let id = self.some_filing();
                let t = Instant::now();
                let r = self
                    .store
                    .get_filing(id)
                    .and_then(|_| self.store.filing_events(id))
                    .and_then(|_| self.store.attachments(id, false));
                match r {
                    Ok(_) => self.stats.time(op, t.elapsed()),
                    Err(e) => self.stats.error(op, &e),
                }
            }
            Op::Save | Op::SaveHot => self.save(),
            Op::Bump => self.bump(),
            Op::Act => self.act(),
            Op::Attach => self.attach(),
            Op::Create => {
                let n = self.created.len();
                let doc = FilingDocument::draft(
                    &format!("基准测试{}号工作台客户{n}", self.index),
                    &format!("bench-d{}-n{n}.cn", self.index),
                );
                let t = Instant::now();
                match self.store.create_filing(&doc, Self::now()) {
                    Ok(rec) => {
                        self.stats.time(op, t.elapsed());
                        self.ack(rec.id, rec.revision, t);
                        self.created.push((rec.id, rec.order_no));
                    }
                    Err(e) => self.stats.error(op, &e),
                }
            }
            Op::Audit => {
                let id = self.some_filing();
                let entry = NewAuditEntry {
                    action: AuditAction::PrintFull,
                    filing_id: Some(id),
                    detail: "邮寄资料清单".into(),
                    via: "app",
                };
                let t = Instant::now();
                match self.store.record_audit(&[entry], Self::now()) {
                    Ok(_) => {
                        self.stats.time(op, t.elapsed());
                        self.audited += 1;
                    }
                    Err(e) => self.stats.error(op, &e),
                }
            }
        }
    }

    /// An edit saved from the revision just read: half the time one of the desks' counter filings
    /// (where the owners count), else an editable filing from a recent page.
    fn save(&mut self) {
        let hot = &self.shared.hot;
        let editable: Vec<i64> = self.recent.iter().filter(|(_, s)| s.is_editable()).map(|(id, _)| *id).collect();
        let (op, id) = if self.rng.below(2) == 0 || editable.is_empty() {
            (Op::SaveHot, hot[self.rng.below(hot.len())])
        } else {
            (Op::Save, *self.rng.pick(&editable))
        };
        let rec = match self.store.get_filing(id) {
            Ok(rec) => rec,
            Err(e) => return self.stats.error(op, &e),
        };
        if !rec.editable {
            return;
        }
        let mut doc = rec.document;
        self.saves += 1;
        if let Some(w) = doc.websites.first_mut() {
            w.remark = format!("第{}号工作台第{}次保存", self.index, self.saves);
        }
        let t = Instant::now();
        match self.store.update_filing(id, &doc, rec.revision, Self::now()) {
            Ok(rec) => {
                self.stats.time(op, t.elapsed());
                self.ack(rec.id, rec.revision, t);
            }
            Err(e) if is_conflict(&e) => {
                self.stats.time(op, t.elapsed());
                self.stats.conflict(op);
            }
            Err(e) => self.stats.error(op, &e),
        }
    }

    /// One increment of the desk's own counter: read, add one, compare-and-set; again on conflict.
    fn bump(&mut self) {
        let id = self.shared.hot[self.index];
        let t = Instant::now();
        for _ in 0..100 {
            let rec = match self.store.get_filing(id) {
                Ok(rec) => rec,
                Err(e) => return self.stats.error(Op::Bump, &e),
            };
            let mut doc = rec.document;
            doc.subject.remark = format!("{COUNTER}{}", counter_of(&doc) + 1);
            let call = Instant::now();
            match self.store.update_filing(id, &doc, rec.revision, Self::now()) {
                Ok(rec) => {
                    self.counted += 1;
                    self.stats.time(Op::Bump, t.elapsed());
                    self.ack(rec.id, rec.revision, call);
                    return;
                }
                Err(StoreError::Conflict { .. }) => self.stats.conflict(Op::Bump),
                Err(e) => return self.stats.error(Op::Bump, &e),
            }
        }
    }

    /// 信息填写完成 on a draft, 返回修改 on one in 待上传资料: legal, and undone by the next.
    fn act(&mut self) {
        let hot = &self.shared.hot;
        let mut candidates: Vec<i64> = self
            .recent
            .iter()
            .filter(|(id, s)| matches!(s, FilingStatus::Draft | FilingStatus::Materials) && !hot.contains(id))
            .map(|(id, _)| *id)
            .collect();
        if candidates.is_empty() {
            let q = ListQuery { status: Some(FilingStatus::Draft), ..ListQuery::default() };
            if let Some(rows) = self.list(Op::ListStatus, &q) {
                self.remember(&rows);
                candidates = rows.iter().map(|r| r.id).filter(|id| !hot.contains(id)).collect();
            }
        }
        if candidates.is_empty() {
            return;
        }
        let id = *self.rng.pick(&candidates);
        let rec = match self.store.get_filing(id) {
            Ok(rec) => rec,
            Err(e) => return self.stats.error(Op::Act, &e),
        };
        let kind = match rec.status {
            FilingStatus::Draft => ActionKind::DataComplete,
            FilingStatus::Materials => ActionKind::BackToEdit,
            _ => return,
        };
        let request = ActionRequest { kind, reason: None, confirmed: false, note: None };
        let t = Instant::now();
        match self.store.apply_action(id, request, Checked { revision: rec.revision, errors: 0 }, Self::now()) {
            Ok(after) => {
                self.stats.time(Op::Act, t.elapsed());
                self.ack(after.id, after.revision, t);
                if let Some(r) = self.recent.iter_mut().find(|(i, _)| *i == id) {
                    r.1 = after.status;
                }
            }
            Err(e) if is_conflict(&e) => {
                self.stats.time(Op::Act, t.elapsed());
                self.stats.conflict(Op::Act);
            }
            Err(e) => self.stats.error(Op::Act, &e),
        }
    }

    fn attach(&mut self) {
        let id = self.some_filing();
        let images = &self.shared.images;
        let p = &images[self.shared.next_image.fetch_add(1, Ordering::Relaxed) % images.len()];
        let t = Instant::now();
        let r = (|| {
            if let Some(files) = &self.shared.files {
                files.put(&p.bytes).map_err(|e| StoreError::team(e.to_string()))?;
                files
                    .put_derived(&p.sha256, Derived::Thumbnail, &p.thumbnail)
                    .map_err(|e| StoreError::team(e.to_string()))?;
            }
            self.store.insert_attachment(id, "subject_certificate", "营业执照.jpg", p, Self::now())
        })();
        match r {
            Ok(_) => self.stats.time(Op::Attach, t.elapsed()),
            // The same scan already on that filing (the pool wrapped round): refused, as it should be.
            Err(StoreError::Invalid { .. }) => self.stats.conflict(Op::Attach),
            Err(e) => self.stats.error(Op::Attach, &e),
        }
    }
}

// ---- Scans -----------------------------------------------------------------------------------

fn jpeg(seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(800, 560, |x, y| {
        image::Rgb([(x * 255 / 800) as u8, (y * 255 / 560) as u8, ((x ^ y ^ seed) & 0xFF) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).expect("jpeg");
    out
}

fn images() -> Vec<Processed> {
    let t = Instant::now();
    let v: Vec<Processed> = (0..IMAGES as u32).map(|i| beian_scan::process(jpeg(i * 7919)).expect("process")).collect();
    let kb = v.iter().map(|p| p.bytes.len() + p.thumbnail.len()).sum::<usize>() / v.len() / 1024;
    eprintln!("  processed {IMAGES} scans in {:.1}s ({kb} KiB each with its thumbnail)", t.elapsed().as_secs_f64());
    v
}

// ---- The server ------------------------------------------------------------------------------

struct Server {
    cluster: Option<Cluster>,
    root: PathBuf,
    port: u16,
    _sentinel: std::process::Child,
}

impl Server {
    fn start() -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let root = std::env::temp_dir().join(format!(
            "beian-bench-{}-{}",
            std::process::id(),
            Timestamp::now().as_millisecond()
        ));
        let options =
            Options { listen: "127.0.0.1".into(), port, durable: true, auth: "trust", owner_password: None, tls: None };
        let t = Instant::now();
        let cluster =
            Cluster::create(&root, &options).expect("PostgreSQL cluster (run setup.sh to install postgresql)");
        let sentinel = sentinel(&root);
        eprintln!("  started a durable PostgreSQL cluster on 127.0.0.1:{port} in {:.1}s", t.elapsed().as_secs_f64());
        Server { cluster: Some(cluster), root, port, _sentinel: sentinel }
    }

    fn conninfo(&self, db: &str, app: &str) -> String {
        format!("host=127.0.0.1 port={} user={OWNER} dbname={db} application_name={app}", self.port)
    }

    fn client(&self, db: &str, app: &str) -> postgres::Client {
        postgres::Client::connect(&self.conninfo(db, app), postgres::NoTls).expect("connect")
    }

    fn store(&self, app: &str) -> Store {
        Store::Team(Box::new(PgStore::on(self.client(DATABASE, app)).expect("team store")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.cluster.take());
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Stops the server and removes its folder when this process ends, however it ends (as the tests'
/// server does): `sh` waits on a pipe that only this process holds.
fn sentinel(root: &Path) -> std::process::Child {
    use std::os::unix::fs::MetadataExt;
    let bin = beian_store::team::cluster::bin_dir().expect("bin dir");
    let root_user = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let as_postgres = if root_user { "runuser -u postgres -- " } else { "" };
    let script = format!(
        "cat >/dev/null; {as_postgres}'{}' -D '{}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{}'",
        bin.join("pg_ctl").display(),
        root.join("data").display(),
        root.display()
    );
    std::process::Command::new("sh")
        .args(["-c", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sentinel")
}

// ---- Measuring the machine and the server ----------------------------------------------------

/// A process's CPU ticks (user + system) from its `stat` line, and its command name.
fn ticks(stat: &str) -> Option<(String, u64)> {
    let (head, tail) = stat.rsplit_once(')')?;
    let comm = head.split_once('(')?.1.to_owned();
    // After the name: state, then ppid …; utime and stime are the 12th and 13th fields.
    let f: Vec<&str> = tail.split_whitespace().collect();
    Some((comm, f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?))
}

/// CPU ticks: (machine busy, machine iowait, machine total, this process, the PostgreSQL server's
/// processes).
fn cpu() -> (u64, u64, u64, u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let f: Vec<u64> =
        stat.lines().next().unwrap_or("").split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    let total: u64 = f.iter().take(8).sum();
    let idle = f.get(3).copied().unwrap_or(0);
    let iowait = f.get(4).copied().unwrap_or(0);
    let mine = ticks(&std::fs::read_to_string("/proc/self/stat").unwrap_or_default()).map_or(0, |t| t.1);
    let server: u64 = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| ticks(&std::fs::read_to_string(e.path().join("stat")).ok()?))
        .filter(|(comm, _)| comm == "postgres")
        .map(|(_, t)| t)
        .sum();
    (total - idle - iowait, iowait, total, mine, server)
}

struct ServerCounters {
    wal: i64,
    commits: i64,
}

fn server_counters(admin: &mut postgres::Client) -> ServerCounters {
    let r = admin
        .query_one(
            "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::float8,
                    (SELECT xact_commit FROM pg_stat_database WHERE datname = $1)",
            &[&DATABASE],
        )
        .expect("counters");
    ServerCounters { wal: r.get::<_, f64>(0) as i64, commits: r.get(1) }
}

/// Samples what the server's busy backends wait for, every 100 ms, until `stop`.
fn sample_waits(server: &Server, stop: &AtomicBool) -> (u64, BTreeMap<String, u64>) {
    let mut c = server.client("postgres", "bench-monitor");
    let mut samples = 0;
    let mut waits = BTreeMap::new();
    while !stop.load(Ordering::Relaxed) {
        samples += 1;
        let rows = c
            .query(
                "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*) FROM pg_stat_activity
                 WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1",
                &[],
            )
            .unwrap_or_default();
        for r in rows {
            *waits.entry(r.get::<_, String>(0)).or_default() += r.get::<_, i64>(1) as u64;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (samples, waits)
}

/// A desk's listener: every notification's (filing, revision, sender's pid) and when it arrived.
type Heard = Vec<(i64, i64, i32, Instant)>;

fn listen(server: &Server, index: usize, ready: &std::sync::Barrier, stop: &AtomicBool) -> Heard {
    let mut c = server.client(DATABASE, &format!("desk{index}-listener"));
    c.batch_execute("LISTEN beian_filings").expect("listen");
    ready.wait();
    let mut heard = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let mut n = c.notifications();
        let mut it = n.timeout_iter(Duration::from_millis(50));
        while let Ok(Some(note)) = postgres::fallible_iterator::FallibleIterator::next(&mut it) {
            let at = Instant::now();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(note.payload())
                && let (Some(id), Some(rev), Some(pid)) = (v["id"].as_i64(), v["rev"].as_i64(), v["pid"].as_i64())
            {
                heard.push((id, rev, pid as i32, at));
            }
        }
    }
    heard
}

// ---- A scenario ------------------------------------------------------------------------------

struct Outcome {
    name: String,
    desks: usize,
    secs: f64,
    stats: Stats,
    /// Notification latencies (acknowledgement on one desk → another desk's listener).
    notify: Vec<Duration>,
    /// The same from the writing desk's call (an upper bound: it includes the write itself).
    notify_upper: Vec<Duration>,
    notify_missed: u64,
    lost_updates: u64,
    counted: u64,
    created: Vec<(i64, String)>,
    audited: u64,
    /// Of the machine (100 % a core): busy, this process, the server's processes, iowait.
    cpu: Option<(f64, f64, f64, f64)>,
    server: Option<(f64, f64)>,
    waits: Option<(u64, BTreeMap<String, u64>)>,
}

fn counter_filings(store: &mut Store, n: usize, tag: &str) -> Vec<i64> {
    (0..n)
        .map(|d| {
            let doc = FilingDocument::draft(&format!("计数测试{tag}第{d}号工作台"), &format!("counter-{tag}-{d}.cn"));
            store.create_filing(&doc, Timestamp::now()).expect("counter filing").id
        })
        .collect()
}

/// What every scenario of a run shares.
struct Run<'a> {
    images: Arc<Vec<Processed>>,
    next_image: Arc<AtomicUsize>,
    secs: u64,
    server: Option<&'a Server>,
}

fn run_scenario(
    run: &Run<'_>,
    name: &str,
    mut stores: Vec<Store>,
    terms: Terms,
    files: Option<FileStore>,
    pace: Option<f64>,
) -> (Outcome, Terms, Vec<Store>) {
    let (secs, server) = (run.secs, run.server);
    let n = stores.len();
    let hot = counter_filings(&mut stores[0], n, name);
    let pids: Vec<Option<i32>> = stores.iter().map(|s| s.team().map(PgStore::backend_pid)).collect();
    let shared = Shared {
        terms,
        hot,
        acks: Mutex::new(HashMap::new()),
        images: run.images.clone(),
        next_image: run.next_image.clone(),
        files,
        pace,
        stop: AtomicBool::new(false),
    };
    let listeners_stop = AtomicBool::new(false);
    let monitor_stop = AtomicBool::new(false);
    let mut admin = server.map(|s| s.client(DATABASE, "bench-admin"));
    let before = admin.as_mut().map(server_counters);
    let ready = std::sync::Barrier::new(if server.is_some() { n + 1 } else { 1 });
    let (desks, heard, waits, elapsed, cpu_used) = std::thread::scope(|scope| {
        let listeners: Vec<_> = match server {
            Some(srv) => (0..n)
                .map(|i| {
                    let (ready, stop) = (&ready, &listeners_stop);
                    scope.spawn(move || listen(srv, i, ready, stop))
                })
                .collect(),
            None => vec![],
        };
        ready.wait();
        let monitor = server.map(|srv| scope.spawn(|| sample_waits(srv, &monitor_stop)));
        let cpu0 = cpu();
        let t0 = Instant::now();
        let handles: Vec<_> = stores
            .into_iter()
            .enumerate()
            .map(|(index, store)| {
                let shared = &shared;
                scope.spawn(move || {
                    let mut desk = Desk {
                        index,
                        store,
                        shared,
                        rng: Rng(0xDE5C + index as u64 * 7_777),
                        recent: Vec::new(),
                        stats: Stats::default(),
                        saves: 0,
                        counted: 0,
                        created: Vec::new(),
                        audited: 0,
                    };
                    desk.run();
                    desk
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(secs));
        shared.stop.store(true, Ordering::Relaxed);
        let desks: Vec<Desk> = handles.into_iter().map(|h| h.join().expect("desk")).collect();
        let elapsed = t0.elapsed();
        let cpu1 = cpu();
        monitor_stop.store(true, Ordering::Relaxed);
        let waits = monitor.map(|m| m.join().expect("monitor"));
        // What was committed last is still on its way to the listeners.
        std::thread::sleep(Duration::from_millis(if server.is_some() { 1000 } else { 0 }));
        listeners_stop.store(true, Ordering::Relaxed);
        let heard: Vec<Heard> = listeners.into_iter().map(|h| h.join().expect("listener")).collect();
        (desks, heard, waits, elapsed, (cpu0, cpu1))
    });
    let after = admin.as_mut().map(server_counters);

    // No lost update: each desk's counter as stored is what the desk was told it saved.
    let mut lost = 0;
    let mut counted = 0;
    for d in &desks {
        let stored = counter_of(&d.store.get_filing(shared.hot[d.index]).expect("counter").document);
        counted += d.counted;
        if stored != d.counted {
            eprintln!("  desk {}: counter stored {stored}, acknowledged {}", d.index, d.counted);
            lost += d.counted.abs_diff(stored);
        }
    }

    // Notifications: every acknowledged write, heard by every other desk's listener.
    let acks = std::mem::take(&mut *shared.acks.lock().unwrap());
    let mut notify = Vec::new();
    let mut notify_upper = Vec::new();
    let mut matched = 0u64;
    for (listener, heard) in heard.iter().enumerate() {
        let mut seen = HashSet::new();
        for &(id, rev, pid, at) in heard {
            if n > 1 && Some(pid) == pids[listener] {
                continue;
            }
            if !seen.insert((id, rev)) {
                continue;
            }
            if let Some(&(called, acked)) = acks.get(&(id, rev)) {
                matched += 1;
                notify.push(at.saturating_duration_since(acked));
                notify_upper.push(at.saturating_duration_since(called));
            }
        }
    }
    let expected = if server.is_some() { acks.len() as u64 * if n > 1 { n as u64 - 1 } else { 1 } } else { 0 };

    let ((b0, io0, t0, m0, s0), (b1, io1, t1, m1, s1)) = cpu_used;
    let span = (t1 - t0).max(1) as f64;
    let cores = std::fs::read_to_string("/proc/stat")
        .map_or(1, |s| s.lines().filter(|l| l.starts_with("cpu") && !l.starts_with("cpu ")).count())
        as f64;
    let share = |a: u64, b: u64| a.saturating_sub(b) as f64 / span * 100.0 * cores;
    let cpu = Some((share(b1, b0), share(m1, m0), share(s1, s0), share(io1, io0)));
    let secs_f = elapsed.as_secs_f64();
    let server_rates = before
        .zip(after)
        .map(|(b, a)| ((a.commits - b.commits) as f64 / secs_f, (a.wal - b.wal) as f64 / secs_f / (1024.0 * 1024.0)));

    let mut stats = Stats::default();
    let mut created = Vec::new();
    let mut audited = 0;
    let mut stores = Vec::new();
    for d in desks {
        stats.merge(d.stats);
        created.extend(d.created);
        audited += d.audited;
        stores.push(d.store);
    }
    let outcome = Outcome {
        name: name.to_owned(),
        desks: n,
        secs: secs_f,
        stats,
        notify,
        notify_upper,
        notify_missed: expected.saturating_sub(matched),
        lost_updates: lost,
        counted,
        created,
        audited,
        cpu,
        server: server_rates,
        waits,
    };
    (outcome, shared.terms, stores)
}

// ---- The checks at the end -------------------------------------------------------------------

/// Order numbers gapless per day: every day that got new filings holds `-0001` to `-n` and no
/// more, and every acknowledged number names the filing it was given to.
fn gapless(store: &Store, created: &[(i64, String)]) -> Result<String, String> {
    let mut days: BTreeMap<&str, u32> = BTreeMap::new();
    for (id, no) in created {
        let (day, seq) = no.rsplit_once('-').ok_or(format!("order number {no}"))?;
        let seq: u32 = seq.parse().map_err(|_| format!("order number {no}"))?;
        let max = days.entry(day).or_default();
        *max = (*max).max(seq);
        if store.find_by_order_no(no).map_err(|e| e.to_string())? != Some(*id) {
            return Err(format!("{no} does not name filing {id}"));
        }
    }
    let mut out = Vec::new();
    for (day, max) in days {
        let mut n = max;
        while store.find_by_order_no(&format!("{day}-{:04}", n + 1)).map_err(|e| e.to_string())?.is_some() {
            n += 1;
        }
        let holes: Vec<u32> =
            (1..=n).filter(|k| store.find_by_order_no(&format!("{day}-{k:04}")).ok().flatten().is_none()).collect();
        if !holes.is_empty() {
            return Err(format!("{day}: holes at {holes:?}"));
        }
        out.push(format!("{day}-0001..{n:04}"));
    }
    Ok(out.join(", "))
}

struct Checks {
    engine: &'static str,
    gapless: Result<String, String>,
    audit: Result<String, String>,
    doctor: Result<String, String>,
}

fn final_checks(engine: &'static str, store: &Store, data_dir: &Path, outcomes: &[&Outcome]) -> Checks {
    let created: Vec<(i64, String)> = outcomes.iter().flat_map(|o| o.created.iter().cloned()).collect();
    let audited: u64 = outcomes.iter().map(|o| o.audited).sum();
    let gapless = gapless(store, &created).map(|s| format!("{} new filings: {s}", created.len()));
    let audit = match store.verify_audit_chain() {
        Ok(v) if v.problems.is_empty() && v.entries == audited => Ok(format!("{} entries, chain verifies", v.entries)),
        Ok(v) if v.problems.is_empty() => Err(format!("{} entries, {audited} acknowledged", v.entries)),
        Ok(v) => Err(format!("{:?}", v.problems)),
        Err(e) => Err(e.to_string()),
    };
    let t = Instant::now();
    let doctor = match store.doctor(data_dir) {
        Ok(r) if r.healthy => Ok(format!("healthy ({:.1}s)", t.elapsed().as_secs_f64())),
        Ok(r) => Err(format!(
            "{:?}",
            r.checks.iter().filter(|c| c.problems > 0).map(|c| (c.name, &c.details)).collect::<Vec<_>>()
        )),
        Err(e) => Err(e.to_string()),
    };
    Checks { engine, gapless, audit, doctor }
}

// ---- Reporting -------------------------------------------------------------------------------

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    let m = d.as_secs_f64() * 1000.0;
    if m < 10.0 { format!("{m:.2}") } else { format!("{m:.1}") }
}

fn report(outcomes: &mut [Outcome]) {
    println!("\n### Operations (closed loop: every desk runs the mix without pause)\n");
    println!("| scenario | operation | n | p50 ms | p95 ms | p99 ms | ops/s | conflicts | errors |");
    println!("|---|---|--:|--:|--:|--:|--:|--:|--:|");
    for o in outcomes.iter_mut() {
        let mut ops: Vec<Op> = MIX.iter().map(|(op, _)| *op).collect();
        ops.sort();
        let mut total = 0;
        for op in ops {
            let v = o.stats.times.entry(op).or_default();
            v.sort();
            total += v.len();
            println!(
                "| {} | {} | {} | {} | {} | {} | {:.1} | {} | {} |",
                o.name,
                op.label(),
                v.len(),
                ms(pct(v, 0.50)),
                ms(pct(v, 0.95)),
                ms(pct(v, 0.99)),
                v.len() as f64 / o.secs,
                o.stats.conflicts.get(&op).copied().unwrap_or(0),
                o.stats.errors.get(&op).copied().unwrap_or(0),
            );
        }
        println!("| {} | **all** | {total} | | | | **{:.0}** | | |", o.name, total as f64 / o.secs);
    }
    println!("\n### Per scenario\n");
    println!(
        "| scenario | desks | ops/s | notify p50 ms (from ack / from call) | notify p95 ms (from ack / from call) | notify heard / missed | commits/s | WAL MiB/s | CPU % (of 200): busy / desks / server / other | iowait % | lost updates | server waits (share of sampled busy backends) |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for o in outcomes.iter_mut() {
        o.notify.sort();
        o.notify_upper.sort();
        let total: usize = o.stats.times.values().map(Vec::len).sum();
        let (busy, mine, server_cpu, io) = o.cpu.unwrap_or_default();
        let other = (busy - mine - server_cpu).max(0.0);
        let (commits, wal) =
            o.server.map_or(("–".into(), "–".into()), |(c, w)| (format!("{c:.0}"), format!("{w:.2}")));
        let waits = o.waits.as_ref().map_or("–".to_owned(), |(samples, w)| {
            let sum: u64 = w.values().sum();
            let mut w: Vec<(&String, &u64)> = w.iter().collect();
            w.sort_by(|a, b| b.1.cmp(a.1));
            let avg = sum as f64 / (*samples).max(1) as f64;
            format!(
                "avg {avg:.1} busy: {}",
                w.iter()
                    .take(5)
                    .map(|(k, v)| format!("{k} {:.0}%", **v as f64 * 100.0 / sum.max(1) as f64))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        let (p50, p95, heard) = if o.waits.is_some() {
            (
                format!("{} / {}", ms(pct(&o.notify, 0.5)), ms(pct(&o.notify_upper, 0.5))),
                format!("{} / {}", ms(pct(&o.notify, 0.95)), ms(pct(&o.notify_upper, 0.95))),
                format!("{} / {}", o.notify.len(), o.notify_missed),
            )
        } else {
            ("–".into(), "–".into(), "–".into())
        };
        println!(
            "| {} | {} | {:.0} | {p50} | {p95} | {heard} | {commits} | {wal} | {busy:.0} / {mine:.0} / {server_cpu:.0} / {other:.0} | {io:.0} | {} of {} | {waits} |",
            o.name,
            o.desks,
            total as f64 / o.secs,
            o.lost_updates,
            o.counted,
        );
    }
    let mut errors = outcomes.iter().flat_map(|o| o.stats.first_errors.iter().map(move |e| (&o.name, e))).peekable();
    if errors.peek().is_some() {
        println!("\nErrors (the first ten of each scenario):\n");
    }
    for (name, e) in errors {
        println!("- error in {name}: {e}");
    }
}

fn fill(store: &mut Store, n: usize, what: &str) -> f64 {
    let t = Instant::now();
    store.write_demo(n, 2000, 42, "2026-10-01T01:00:00Z".parse().expect("ts")).expect("demo");
    let s = t.elapsed().as_secs_f64();
    eprintln!("  {what}: wrote {n} filings in {s:.1}s ({:.0} filings/s)", n as f64 / s);
    s
}

/// The design's mix per desk per second (~40 operations a minute).
fn mix_rate() -> f64 {
    MIX.iter().map(|(_, w)| w).sum::<f64>() / 60.0
}

fn judge(target: &mut impl FnMut(String, bool), o: &Outcome) {
    for (op, v) in o.stats.times.iter().collect::<BTreeMap<_, _>>() {
        if op.is_list_or_search() {
            let p = pct(v, 0.95);
            target(format!("{} {}: p95 {} ms ≤ 50 ms", o.name, op.label(), ms(p)), p <= Duration::from_millis(50));
        }
    }
    let save = pct(o.stats.times.get(&Op::Save).map_or(&[][..], Vec::as_slice), 0.95);
    target(format!("{} save: p95 {} ms ≤ 100 ms", o.name, ms(save)), save <= Duration::from_millis(100));
    let hot = pct(o.stats.times.get(&Op::SaveHot).map_or(&[][..], Vec::as_slice), 0.95);
    println!(
        "- (not a target) {} save on a contended filing, every desk writing the same {} filings: p95 {} ms",
        o.name,
        o.desks,
        ms(hot)
    );
    // Judged from the writer's answer, which comes after its commit (the bound from its call
    // includes the write itself: lock waits, the second commit, the read back).
    let n = pct(&o.notify, 0.95);
    target(
        format!(
            "{} notify (from the writer's answer): p95 {} ms ≤ 500 ms (from its call: {} ms)",
            o.name,
            ms(n),
            ms(pct(&o.notify_upper, 0.95))
        ),
        n <= Duration::from_millis(500) && !o.notify.is_empty(),
    );
}

fn main() {
    let config = Config::from_env();
    let started = Instant::now();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    eprintln!(
        "team bench: {} filings, {} s per scenario, desks {:?} closed loop + {} desks paced at {}× the mix, {cores} cores (server and desks share them)",
        config.filings,
        config.secs,
        config.desks,
        config.desks.iter().max().copied().unwrap_or(0),
        config.paced,
    );
    let images = Arc::new(images());
    let next_image = Arc::new(AtomicUsize::new(0));

    // Both stores are filled at once: SQLite in a thread (CPU in this process), PostgreSQL from here
    // (round trips and commits).
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    let mut admin = server.client("postgres", "bench-admin");
    admin.batch_execute(&format!("CREATE DATABASE {DATABASE}")).expect("create database");
    let mut migrating = server.client(DATABASE, "bench-migrate");
    migrate(&mut migrating).expect("migrate");
    if let Ok(path) = std::env::var("BEIAN_BENCH_PREPARE_SQL") {
        // An experiment: a schema change tried on the bench database (not a migration).
        let sql = std::fs::read_to_string(&path).expect("BEIAN_BENCH_PREPARE_SQL");
        migrating.batch_execute(&format!("SET search_path = beian, public;\n{sql}")).expect("prepare SQL");
        eprintln!("  ran {path} on the bench database");
    }
    drop(migrating);
    let filling = {
        let dir = dir.path().to_owned();
        let n = config.filings;
        std::thread::spawn(move || {
            let mut sqlite = Store::open(&dir).expect("sqlite store");
            let secs = fill(&mut sqlite, n, "SQLite");
            (sqlite, secs)
        })
    };
    let mut pg = server.store("bench-fill");
    let pg_fill = fill(&mut pg, config.filings, "PostgreSQL");
    let (sqlite, sqlite_fill) = filling.join().expect("sqlite fill");
    let size: i64 = admin.query_one("SELECT pg_database_size($1)", &[&DATABASE]).expect("size").get(0);
    eprintln!("  database size {:.0} MiB", size as f64 / (1024.0 * 1024.0));
    server.client(DATABASE, "bench-vacuum").batch_execute("VACUUM ANALYZE").expect("vacuum");

    // The single desk's SQLite store: the baseline.
    let local = Run { images: images.clone(), next_image: next_image.clone(), secs: config.secs, server: None };
    eprintln!("running sqlite, 1 desk");
    let files = Some(FileStore::in_data_dir(dir.path()));
    let sqlite_terms = terms(&sqlite, 1);
    let (sqlite_outcome, _, mut back) = run_scenario(&local, "sqlite-1", vec![sqlite], sqlite_terms, files, None);
    let sqlite = back.pop().expect("store");
    let sqlite_checks = final_checks("SQLite", &sqlite, dir.path(), &[&sqlite_outcome]);
    drop(sqlite);

    // The team store.
    let team = Run { images, next_image, secs: config.secs, server: Some(&server) };
    let mut pg_terms = Some(terms(&pg, 1));
    let mut outcomes = vec![sqlite_outcome];
    let most = config.desks.iter().max().copied().unwrap_or(1);
    let mut scenarios: Vec<(String, usize, Option<f64>)> =
        config.desks.iter().map(|&n| (format!("pg-{n}"), n, None)).collect();
    if config.paced > 0.0 {
        scenarios.push((format!("pg-{most}-paced-{}x", config.paced), most, Some(mix_rate() * config.paced)));
    }
    for (name, n, pace) in scenarios {
        eprintln!("running {name}");
        let stores: Vec<Store> = (0..n).map(|i| server.store(&format!("desk{i}"))).collect();
        let (o, t, _) = run_scenario(&team, &name, stores, pg_terms.take().expect("terms"), None, pace);
        pg_terms = Some(t);
        outcomes.push(o);
    }
    let pg_outcomes: Vec<&Outcome> = outcomes.iter().skip(1).collect();
    let pg_checks = final_checks("PostgreSQL", &pg, Path::new("."), &pg_outcomes);

    println!("## Team store benchmark\n");
    println!(
        "{} filings per store (filled at once: SQLite in {sqlite_fill:.0} s, PostgreSQL in {pg_fill:.0} s; database {:.0} MiB); {} s per scenario; {cores} cores shared by the server, the desks and whatever else runs (the CPU column's *other*); PostgreSQL durable (fsync, synchronous_commit on) over TCP loopback; every desk logs in as the cluster's owner. Paced: each desk at {:.1} operations/s ({}× the design's mix of {:.0} a minute), random arrivals.",
        config.filings,
        size as f64 / (1024.0 * 1024.0),
        config.secs,
        mix_rate() * config.paced,
        config.paced,
        mix_rate() * 60.0,
    );
    report(&mut outcomes);

    let mut failed = false;
    let mut target = |what: String, ok: bool, gating: bool| {
        failed |= gating && !ok;
        println!("- {} {what}", if ok { "PASS" } else { "MISS" });
    };
    // The latency targets are staff's experience: judged where desks run at the pace of staff
    // (5× the design's mix). The closed loop at the most desks measures capacity; its figures are
    // shown against the same targets but do not fail the run (on 2 cores 50 desks without pause
    // queue behind each other: latency ≈ desks ÷ throughput).
    let closed = outcomes.iter().find(|o| o.name == format!("pg-{most}"));
    let paced = outcomes.iter().find(|o| o.name.contains("paced"));
    if let Some(o) = paced {
        println!("\n### Targets at {most} desks, paced ({}) — these decide the exit status\n", o.name);
        judge(&mut |w, ok| target(w, ok, true), o);
    }
    if let Some(o) = closed {
        println!("\n### The same targets in the closed loop at {most} desks ({}) — capacity, not gating\n", o.name);
        judge(&mut |w, ok| target(w, ok, paced.is_none()), o);
    }
    println!("\n### Correctness in every scenario (gating)\n");
    for o in &outcomes {
        target(
            format!("{}: no lost update ({} lost of {} counted)", o.name, o.lost_updates, o.counted),
            o.lost_updates == 0,
            true,
        );
        let errors: u64 = o.stats.errors.values().sum();
        target(format!("{}: no error ({errors})", o.name), errors == 0, true);
    }
    for c in [&sqlite_checks, &pg_checks] {
        for (what, r) in [("order numbers gapless", &c.gapless), ("audit chain", &c.audit), ("doctor", &c.doctor)] {
            match r {
                Ok(s) => target(format!("{}: {what}: {s}", c.engine), true, true),
                Err(s) => target(format!("{}: {what}: {s}", c.engine), false, true),
            }
        }
    }
    println!("\nWhole run: {:.0} s.", started.elapsed().as_secs_f64());
    if let Some(hold) = std::env::var("BEIAN_BENCH_HOLD").ok().and_then(|s| s.parse::<u64>().ok()) {
        eprintln!(
            "holding the server for {hold} s: psql \"host=127.0.0.1 port={} user={OWNER} dbname={DATABASE}\"",
            server.port
        );
        std::thread::sleep(Duration::from_secs(hold));
    }
    drop(server);
    if failed {
        eprintln!("\na target was missed or a check failed");
        std::process::exit(1);
    }
}
