//! `beian doctor --team`: is the team store healthy? Reads only, like the SQLite checks, with the
//! same check names where the check is the same:
//! 1. `schema` — the schema version is this binary's;
//! 2. `integrity` — every B-tree index of the schema passes amcheck's `bt_index_check` (when the
//!    `amcheck` extension is installed; skipped, saying so, when not); foreign keys PostgreSQL
//!    enforces itself;
//! 3. `search_index` — the derived data agrees with each filing's document (search text, domains,
//!    bigrams) and the status counts with the filings;
//! 4. `attachments` — every attachment's bytes are in the store, of the row's size, with a SHA-256
//!    equal to their name (computed by the server);
//! 5. `audit_chain` — the hash chain is unbroken and the server's guards are in place;
//! 6. `imported_audit` — each imported desk's archived audit chain is unbroken and the archive's
//!    guards are in place (admins only: skipped for other logins; see `team/import_desk.rs`).

use super::PgStore;
use crate::SCHEMA_VERSION;
use crate::doctor::{Check, CheckStatus, Findings, Report, audit_check};
use crate::engine::{AuditOps, Engine};
use crate::error::StoreError;

impl PgStore {
    /// Runs every check of the team store.
    pub fn doctor(&self) -> Result<Report, StoreError> {
        let mut checks = Vec::new();
        let mut f = Findings::new("schema", "数据库结构版本");
        f.checked = 1;
        let version = self.schema_version()?;
        if version != SCHEMA_VERSION {
            f.problem(format!("团队数据库版本 {version}，本程序为 {SCHEMA_VERSION}"));
        }
        checks.push(f.done());
        checks.push(self.integrity()?);
        checks.push(self.search_index()?);
        checks.push(self.blobs()?);
        checks.push(audit_check(self.verify_audit_chain()?)?);
        checks.push(self.imported_audit_check()?);
        Ok(Report::new(checks))
    }

    fn integrity(&self) -> Result<Check, StoreError> {
        self.read(|q| {
            let has = q.opt("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'", &[])?.is_some();
            if !has {
                return Ok(Check {
                    name: "integrity",
                    title: "数据库结构完整性",
                    status: CheckStatus::Skipped,
                    checked: 0,
                    problems: 0,
                    details: vec!["服务器未安装 amcheck 扩展（管理员可运行 CREATE EXTENSION amcheck）".to_owned()],
                });
            }
            let mut f = Findings::new("integrity", "数据库结构完整性");
            let indexes = q.rows(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE a.amname = 'btree' AND n.nspname = 'beian' ORDER BY 1",
                &[],
            )?;
            for r in &indexes {
                let name: String = r.try_get(0)?;
                f.checked += 1;
                if let Err(e) = q.exec("SELECT bt_index_check($1::regclass)", &[&name]) {
                    f.problem(format!("索引 {name} 损坏：{e}"));
                }
            }
            Ok(f.done())
        })
    }

    fn search_index(&self) -> Result<Check, StoreError> {
        let mut f = Findings::new("search_index", "搜索索引与状态计数");
        let rows = self.read(|q| {
            q.rows(
                "SELECT f.id, f.order_no, f.document::text, s.haystack,
                        (SELECT coalesce(array_agg(domain ORDER BY domain), '{}') FROM filing_domains WHERE filing_id = f.id),
                        (SELECT coalesce(array_agg(gram ORDER BY gram), '{}') FROM filing_bigrams WHERE filing_id = f.id),
                        f.legacy_order_no
                 FROM filings f LEFT JOIN filing_search s ON s.filing_id = f.id ORDER BY f.id",
                &[],
            )
        })?;
        for r in &rows {
            f.checked += 1;
            let (id, order_no): (i64, String) = (r.try_get(0)?, r.try_get(1)?);
            let doc: beian_core::FilingDocument = match serde_json::from_str(r.try_get(2)?) {
                Ok(d) => d,
                Err(e) => {
                    f.problem(format!("备案 #{id}（{order_no}）的文档无法读取：{e}"));
                    continue;
                }
            };
            let d = crate::filings::derive(&doc);
            match r.try_get::<_, Option<String>>(3)? {
                None => f.problem(format!("备案 #{id}（{order_no}）不在搜索索引中")),
                Some(h) if h != super::filings::haystack(&d, &order_no, r.try_get(6)?) => {
                    f.problem(format!("备案 #{id}（{order_no}）的搜索索引与文档不一致"))
                }
                Some(_) => {}
            }
            if r.try_get::<_, Vec<String>>(4)? != d.domains {
                f.problem(format!("备案 #{id}（{order_no}）的域名表与文档不一致"));
            }
            let mut grams: Vec<String> = r.try_get(5)?;
            grams.sort();
            if grams != crate::search::bigrams(&d.search_name) {
                f.problem(format!("备案 #{id}（{order_no}）的双字索引与文档不一致"));
            }
        }
        let differ = self.read(|q| {
            q.rows(
                "SELECT coalesce(a.status, k.status), coalesce(a.n, 0), coalesce(k.count, 0)
                 FROM (SELECT status, count(*) AS n FROM filings GROUP BY status) a
                 FULL JOIN (SELECT status, count FROM status_counts WHERE count <> 0) k ON k.status = a.status
                 WHERE coalesce(a.n, 0) <> coalesce(k.count, 0)",
                &[],
            )
        })?;
        for r in &differ {
            let (s, actual, kept): (String, i64, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            f.problem(format!("状态“{s}”的计数 {kept} 与实际 {actual} 不符"));
        }
        Ok(f.done())
    }

    fn blobs(&self) -> Result<Check, StoreError> {
        let mut f = Findings::new("attachments", "附件文件");
        let rows = self.read(|q| {
            q.rows(
                "SELECT a.id, a.sha256, a.byte_size, b.byte_size,
                        (SELECT coalesce(sum(length(c.bytes)), 0)::bigint FROM blob_chunks c WHERE c.sha256 = a.sha256),
                        (SELECT encode(sha256(coalesce(string_agg(c.bytes, ''::bytea ORDER BY c.seq), ''::bytea)), 'hex')
                           FROM blob_chunks c WHERE c.sha256 = a.sha256)
                 FROM attachments a LEFT JOIN blobs b ON b.sha256 = a.sha256 ORDER BY a.id",
                &[],
            )
        })?;
        for r in &rows {
            f.checked += 1;
            let (id, sha, size): (i64, String, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            let (blob_size, stored, hash): (Option<i64>, i64, String) = (r.try_get(3)?, r.try_get(4)?, r.try_get(5)?);
            if blob_size.is_none() {
                f.problem(format!("附件 #{id} 的文件不在团队数据库中"));
            } else if stored != size || hash != sha {
                f.problem(format!("附件 #{id} 的文件已损坏（大小或哈希不符）"));
            }
        }
        Ok(f.done())
    }
}
