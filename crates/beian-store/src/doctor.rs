//! `beian doctor`: is the store healthy? Every check reads only; none repairs anything.
//!
//! The checks, in order:
//! 1. `schema` — the database's `user_version` is one this binary knows (1 ..= [`SCHEMA_VERSION`]).
//! 2. `integrity` — `PRAGMA integrity_check`: pages, indexes, constraints.
//! 3. `foreign_keys` — `PRAGMA foreign_key_check`: no event, domain, product or attachment row
//!    outlives its filing.
//! 4. `search_index` — the dashboard's derived data agrees with the filings: one FTS5 row per filing
//!    with the text derived from its document now, the domain and bigram tables, the status counts
//!    kept by triggers, and FTS5's own `integrity-check`.
//! 5. `attachments` — runs when the `attachments` table exists (the attachment store's migration):
//!    every row's file is in the content-addressed store under `<data-dir>/attachments/`, with the
//!    row's size and a SHA-256 equal to its name. Leftover `.tmp-*` files of an interrupted write
//!    are counted but are no problem (they are never referenced).
//! 6. `audit_chain` — runs when the `audit_log` table exists: the hash chain of the audit trail is
//!    unbroken (see [`crate::audit`]).
//!
//! [`run_checks`] works on any connection, so that a backup is checked the same way before it is
//! restored.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::{SCHEMA_VERSION, SqliteStore, Store};
use crate::error::StoreError;

/// How many findings of one check are listed (the count is always complete).
const MAX_DETAILS: usize = 20;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Problem,
    /// Not applicable to this database (e.g. no attachments table yet).
    Skipped,
}

/// One check with what it found.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Stable machine name: `schema`, `integrity`, `foreign_keys`, `search_index`, `attachments`,
    /// `audit_chain`.
    pub name: &'static str,
    /// What was checked, for staff (Chinese).
    pub title: &'static str,
    pub status: CheckStatus,
    /// How many things were looked at (rows, files, links).
    pub checked: u64,
    /// How many problems were found.
    pub problems: u64,
    /// The first problems (or, for a skipped or healthy check, a note), in Chinese.
    pub details: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub healthy: bool,
    pub checks: Vec<Check>,
}

impl Report {
    pub(crate) fn new(checks: Vec<Check>) -> Report {
        Report { healthy: checks.iter().all(|c| c.status != CheckStatus::Problem), checks }
    }

    /// The check with this name.
    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }
}

/// Collects the findings of one check.
pub(crate) struct Findings {
    name: &'static str,
    title: &'static str,
    pub(crate) checked: u64,
    problems: u64,
    details: Vec<String>,
    notes: Vec<String>,
}

impl Findings {
    pub(crate) fn new(name: &'static str, title: &'static str) -> Findings {
        Findings { name, title, checked: 0, problems: 0, details: Vec::new(), notes: Vec::new() }
    }
    pub(crate) fn problem(&mut self, detail: impl Into<String>) {
        self.problems += 1;
        if self.details.len() < MAX_DETAILS {
            self.details.push(detail.into());
        }
    }
    pub(crate) fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }
    pub(crate) fn done(self) -> Check {
        let status = if self.problems > 0 { CheckStatus::Problem } else { CheckStatus::Ok };
        let mut details = self.details;
        if self.problems as usize > details.len() {
            details.push(format!("……共 {} 处", self.problems));
        }
        details.extend(self.notes);
        Check { name: self.name, title: self.title, status, checked: self.checked, problems: self.problems, details }
    }
    fn skipped(name: &'static str, title: &'static str, why: impl Into<String>) -> Check {
        Check { name, title, status: CheckStatus::Skipped, checked: 0, problems: 0, details: vec![why.into()] }
    }
}

pub(crate) fn table_exists(conn: &Connection, name: &str) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1)",
        params![name],
        |r| r.get(0),
    )?)
}

impl SqliteStore {
    /// Runs every check on this store's file; `data_dir` holds the attachment store.
    pub fn doctor(&self, data_dir: &Path) -> Result<Report, StoreError> {
        run_checks(&self.conn, data_dir)
    }
}

impl Store {
    /// Runs every check of this store's engine (for SQLite: [`SqliteStore::doctor`]); `data_dir`
    /// holds the attachment store. Engine-specific: each engine has its own checks, one arm each.
    pub fn doctor(&self, data_dir: &Path) -> Result<Report, StoreError> {
        match self {
            Store::Local(s) => s.doctor(data_dir),
            Store::Team(s) => s.doctor(),
        }
    }
}

/// Runs every check on `conn`, whose attachments live under `data_dir/attachments`.
pub fn run_checks(conn: &Connection, data_dir: &Path) -> Result<Report, StoreError> {
    let mut checks = vec![schema(conn)?, integrity(conn)?, foreign_keys(conn)?];
    checks.push(if table_exists(conn, "filing_search")? {
        search_index(conn)?
    } else {
        Findings::skipped("search_index", "搜索索引与状态计数", "该数据库版本尚无搜索索引")
    });
    checks.push(if table_exists(conn, "attachments")? {
        attachments(conn, data_dir)?
    } else {
        Findings::skipped("attachments", "附件文件与摘要", "该数据库尚无附件表：附件检查在附件迁移之后才运行")
    });
    checks.push(if table_exists(conn, "audit_log")? {
        audit_chain(conn)?
    } else {
        Findings::skipped("audit_chain", "审计记录哈希链", "该数据库尚无审计记录表")
    });
    Ok(Report::new(checks))
}

fn schema(conn: &Connection) -> Result<Check, StoreError> {
    let mut f = Findings::new("schema", "数据库版本");
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    f.checked = 1;
    if !(1..=SCHEMA_VERSION).contains(&v) {
        f.problem(format!("数据库版本 {v} 不在本程序支持的 1–{SCHEMA_VERSION} 之间"));
    } else {
        f.note(format!("版本 {v}"));
    }
    Ok(f.done())
}

fn integrity(conn: &Connection) -> Result<Check, StoreError> {
    let mut f = Findings::new("integrity", "数据库完整性（integrity_check）");
    let mut stmt = conn.prepare("PRAGMA integrity_check(1000)")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
    f.checked = conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))? as u64;
    for row in rows {
        if row != "ok" {
            f.problem(row);
        }
    }
    Ok(f.done())
}

fn foreign_keys(conn: &Connection) -> Result<Check, StoreError> {
    let mut f = Findings::new("foreign_keys", "外键（foreign_key_check）");
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    f.checked = 1;
    for (table, rowid, parent) in rows {
        let rowid = rowid.map(|r| r.to_string()).unwrap_or_else(|| "?".into());
        f.problem(format!("{table} 第 {rowid} 行指向不存在的 {parent}"));
    }
    Ok(f.done())
}

fn search_index(conn: &Connection) -> Result<Check, StoreError> {
    let mut f = Findings::new("search_index", "搜索索引与状态计数");
    // The index against what each filing's document says now.
    let mut stmt = conn.prepare(
        "SELECT f.id, f.order_no, f.document, s.order_no, s.subject_name, s.domains, s.cert_number, f.services
         FROM filings f LEFT JOIN filing_search s ON s.rowid = f.id ORDER BY f.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut domain_stmt =
        conn.prepare_cached("SELECT domain FROM filing_domains WHERE filing_id = ?1 ORDER BY domain")?;
    let mut gram_stmt = conn.prepare_cached("SELECT gram FROM filing_bigrams WHERE filing_id = ?1 ORDER BY gram")?;
    while let Some(r) = rows.next()? {
        f.checked += 1;
        let id: i64 = r.get(0)?;
        let order_no: String = r.get(1)?;
        let json: String = r.get(2)?;
        let indexed: Option<String> = r.get(3)?;
        let Some(indexed_order_no) = indexed else {
            f.problem(format!("备案 #{id}（{order_no}）不在搜索索引中"));
            continue;
        };
        let doc: beian_core::FilingDocument = match serde_json::from_str(&json) {
            Ok(d) => d,
            Err(e) => {
                f.problem(format!("备案 #{id}（{order_no}）的文档无法读取：{e}"));
                continue;
            }
        };
        let d = crate::filings::derive(&doc);
        let (subject, domains, cert): (String, String, String) = (r.get(4)?, r.get(5)?, r.get(6)?);
        if indexed_order_no != order_no
            || subject != d.search_name
            || domains != d.domains.join(" ")
            || cert != d.cert_number
        {
            f.problem(format!("备案 #{id}（{order_no}）的搜索索引与文档不一致"));
        }
        if r.get::<_, String>(7)? != d.services {
            f.problem(format!("备案 #{id}（{order_no}）列表中的服务类型与文档不一致"));
        }
        let stored: Vec<String> = domain_stmt.query_map(params![id], |r| r.get(0))?.collect::<Result<Vec<_>, _>>()?;
        if stored != d.domains {
            f.problem(format!("备案 #{id}（{order_no}）的域名表与文档不一致"));
        }
        let grams: Vec<String> = gram_stmt.query_map(params![id], |r| r.get(0))?.collect::<Result<Vec<_>, _>>()?;
        if grams != crate::search::bigrams(&d.search_name) {
            f.problem(format!("备案 #{id}（{order_no}）的双字索引与文档不一致"));
        }
    }
    let orphans: i64 = conn.query_row(
        "SELECT count(*) FROM filing_search s WHERE NOT EXISTS (SELECT 1 FROM filings f WHERE f.id = s.rowid)",
        [],
        |r| r.get(0),
    )?;
    if orphans > 0 {
        f.problem(format!("搜索索引中有 {orphans} 条不属于任何备案"));
    }
    // The status chips' counts, kept by triggers.
    let mut actual: BTreeMap<String, i64> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT status, count(*) FROM filings GROUP BY status")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (s, n) = row?;
        actual.insert(s, n);
    }
    let mut kept: BTreeMap<String, i64> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT status, count FROM status_counts WHERE count <> 0")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (s, n) = row?;
        kept.insert(s, n);
    }
    if actual != kept {
        f.problem(format!("状态计数 {kept:?} 与实际 {actual:?} 不符"));
    }
    // FTS5's own structure check. It is spelled as an INSERT but writes nothing; a savepoint makes
    // sure of that.
    conn.execute_batch("SAVEPOINT doctor_fts")?;
    let fts = conn.execute("INSERT INTO filing_search (filing_search) VALUES ('integrity-check')", []);
    conn.execute_batch("ROLLBACK TO doctor_fts; RELEASE doctor_fts")?;
    if let Err(e) = fts {
        f.problem(format!("FTS5 索引结构损坏：{e}"));
    }
    Ok(f.done())
}

/// SHA-256 of a file, in lower-case hex, and its length.
pub(crate) fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        len += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), len))
}

/// The attachment store's layout (`beian-scan`'s `FileStore`): `attachments/ab/cdef…`.
fn attachment_path(data_dir: &Path, sha256: &str) -> Option<std::path::PathBuf> {
    let ok = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    ok.then(|| data_dir.join("attachments").join(&sha256[..2]).join(&sha256[2..]))
}

fn attachments(conn: &Connection, data_dir: &Path) -> Result<Check, StoreError> {
    let mut f = Findings::new("attachments", "附件文件与摘要");
    let mut stmt = conn.prepare("SELECT id, sha256, byte_size FROM attachments ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    // One file may back several rows (the same scan on two filings): hash it once.
    let mut hashed: BTreeMap<String, Result<(String, u64), String>> = BTreeMap::new();
    for (id, sha, size) in rows {
        f.checked += 1;
        let Some(path) = attachment_path(data_dir, &sha) else {
            f.problem(format!("附件 #{id} 的摘要 {sha} 不是 SHA-256"));
            continue;
        };
        let got = hashed.entry(sha.clone()).or_insert_with(|| hash_file(&path).map_err(|e| e.to_string()));
        match got {
            Err(e) => f.problem(format!("附件 #{id} 的文件 {} 无法读取：{e}", path.display())),
            Ok((actual, len)) => {
                if *actual != sha {
                    f.problem(format!("附件 #{id} 的文件内容与摘要不符（{}）", path.display()));
                } else if *len as i64 != size {
                    f.problem(format!("附件 #{id} 的大小 {len} 与记录 {size} 不符"));
                }
            }
        }
    }
    let temps = count_temp_files(&data_dir.join("attachments"));
    if temps > 0 {
        f.note(format!("{temps} 个中断写入留下的临时文件（从未被引用，可删除）"));
    }
    Ok(f.done())
}

fn count_temp_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut n = 0;
    for e in entries.flatten() {
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            n += count_temp_files(&e.path());
        } else if e.file_name().to_string_lossy().starts_with(".tmp-") {
            n += 1;
        }
    }
    n
}

fn audit_chain(conn: &Connection) -> Result<Check, StoreError> {
    audit_check(crate::audit::verify_chain(conn)?)
}

/// The `audit_chain` check of a verdict, whatever the engine.
pub(crate) fn audit_check(verdict: crate::audit::ChainVerdict) -> Result<Check, StoreError> {
    let mut f = Findings::new("audit_chain", "审计记录哈希链");
    f.checked = verdict.entries;
    for problem in verdict.problems {
        f.problem(problem);
    }
    if let Some(head) = verdict.head {
        f.note(format!("{} 条，最新哈希 {}", verdict.entries, &head[..16.min(head.len())]));
    }
    Ok(f.done())
}

/// Every `.tmp-*`-free file under `dir`, as paths relative to `dir` with `/` separators, sorted.
pub(crate) fn files_under(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) -> std::io::Result<()> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for e in entries {
            let e = e?;
            let t = e.file_type()?;
            let path = e.path();
            if t.is_dir() {
                walk(base, &path, out)?;
            } else if t.is_file() && !e.file_name().to_string_lossy().starts_with(".tmp-") {
                let rel = path.strip_prefix(base).map_err(std::io::Error::other)?;
                let parts: Vec<String> =
                    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.insert(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{DemoOps, FilingOps};
    use beian_core::FilingDocument;

    fn t() -> jiff::Timestamp {
        "2026-11-28T03:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_fresh_store_with_filings_is_healthy() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        store.write_demo(30, 10, 3, t()).unwrap();
        let report = store.doctor(dir.path()).unwrap();
        assert!(report.healthy, "{report:#?}");
        assert_eq!(report.check("search_index").unwrap().checked, 30);
    }

    #[test]
    fn a_broken_search_index_and_status_count_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let a = store.create_filing(&FilingDocument::draft("张三", "a.cn"), t()).unwrap();
        store.create_filing(&FilingDocument::draft("李四", "b.cn"), t()).unwrap();
        store.conn.execute("DELETE FROM filing_search WHERE rowid = ?1", params![a.id]).unwrap();
        store.conn.execute("UPDATE status_counts SET count = 7 WHERE status = 'draft'", []).unwrap();
        store.conn.execute("DELETE FROM filing_bigrams WHERE filing_id = ?1", params![a.id + 1]).unwrap();
        let report = store.doctor(dir.path()).unwrap();
        assert!(!report.healthy);
        let c = report.check("search_index").unwrap();
        assert_eq!(c.status, CheckStatus::Problem);
        assert_eq!(c.problems, 3, "{c:#?}");
    }

    #[test]
    fn foreign_key_violations_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        store.conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        store
            .conn
            .execute("INSERT INTO filing_events (filing_id, at, kind) VALUES (999, '2026-01-01T00:00:00Z', 'x')", [])
            .unwrap();
        let report = store.doctor(dir.path()).unwrap();
        let c = report.check("foreign_keys").unwrap();
        assert_eq!(c.status, CheckStatus::Problem, "{c:#?}");
        assert!(c.details[0].contains("filing_events"), "{c:#?}");
    }

    #[test]
    fn a_database_from_the_future_is_a_problem() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 999").unwrap();
        let report = run_checks(&conn, Path::new("/nonexistent")).unwrap();
        assert!(!report.healthy);
        assert_eq!(report.check("schema").unwrap().status, CheckStatus::Problem);
        assert_eq!(report.check("search_index").unwrap().status, CheckStatus::Skipped);
    }
}
