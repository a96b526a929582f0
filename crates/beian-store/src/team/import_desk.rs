//! `beian team import-desk DIR`: a single desk's store brought into the team store
//! (`../shared/design/team-mode.md` §7, "Merging existing desk stores"). An admin's only: it writes
//! every filing of a desk at once and the archive of its audit trail, which only admins may read.
//!
//! Refused, with nothing written, unless the desk's own `beian doctor` is healthy and its audit
//! chain verifies; and refused while the desk is open (the desk's data directory is locked for the
//! import, so nothing is saved there meanwhile that the import would miss). A desk whose audit rows
//! are in the team store already (imported before, or a backup of this team store) is refused, as
//! is a desk name used before.
//!
//! Then, in ONE transaction (all of it or nothing):
//! - every filing gets a new id. Its order number is kept unless the team store has that number
//!   already: then it gets a new one from today's counter, as a create takes one, and the desk's
//!   number is kept in `legacy_order_no`, which the search finds like the filing's own (the exact
//!   order-number lookup and the trigram text). The team's counter of each day a kept number is
//!   from is moved past it, so that no later create takes it;
//! - its status, revision, times, document and history (each entry's time, kind, statuses and
//!   note) come as they were, and one `imported` entry is added: "自单机导入（desk）", with
//!   "，原订单号 BA…" when it was renumbered. A follow-up keeps naming its original;
//! - the derived data is made by the team store's own code: domains, search, products, the next
//!   deadline and the urgency; the missing-materials counts right after the commit;
//! - attachments, removed and replaced ones too, with their times, and their bytes, thumbnails and
//!   previews read through the desk store and each file's hash checked;
//! - the desk's audit trail, row for row, into `imported_audit` under the desk's name: read-only
//!   (the same guards as the team's trail), readable by admins, each desk's chain verified by
//!   `beian doctor --team`; the team's own trail gets one `import_desk` row naming the desk and the
//!   head of its archived chain.
//!
//! What changes on the way, by nature of the team store: the history, the filings' last writer and
//! the attachments name the admin who imported (the server sets them to the login); a renumbered
//! filing's number is new.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use beian_core::FilingDocument;
use jiff::Timestamp;
use postgres::types::Json;
use sha2::{Digest, Sha256};

use super::pg::{PgStore, Tx};
use super::roles::Role;
use crate::attachments::invalid;
use crate::audit::{AuditAction, ChainWalk, NewAuditEntry};
use crate::db::SqliteStore;
use crate::doctor::{Check, CheckStatus, Findings};
use crate::engine::{AttachmentOps, BlobPart, Engine};
use crate::error::StoreError;
use crate::filings::{cst_day, derive};
use crate::paths::DB_FILE;

/// Held while importing a desk: two imports take turns, so that neither misses the other's rows.
const IMPORT_LOCK: i64 = 0x6265_6961_6e00_0003;

/// The guards `imported_audit` keeps, as doctor expects them.
const GUARDS: &[&str] = &["imported_audit_no_update", "imported_audit_no_truncate"];

/// What an import brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The desk's name in the team store.
    pub desk: String,
    pub filings: usize,
    /// Filings whose number was taken in the team store already: (the desk's number, the new one).
    pub renumbered: Vec<(String, String)>,
    /// History entries carried (the `imported` entries added are not counted).
    pub events: usize,
    pub attachments: usize,
    /// Audit rows archived in `imported_audit`.
    pub audit_archived: usize,
    /// The head of the desk's audit chain, as the team's `import_desk` row names it.
    pub audit_head: Option<String>,
}

/// A desk's filing row as read.
struct DeskFiling {
    id: i64,
    order_no: String,
    status: String,
    document: String,
    revision: i64,
    created_at: String,
    updated_at: String,
    original_id: Option<i64>,
}

/// A desk's history entry as read: time, kind, statuses before and after, note.
type DeskEvent = (String, String, Option<String>, Option<String>, String);

/// A desk's attachment row as read.
struct DeskAttachment {
    id: i64,
    filing_id: i64,
    material_code: String,
    sha256: String,
    mime: String,
    width: Option<i64>,
    height: Option<i64>,
    byte_size: i64,
    pages: Option<i64>,
    original_name: String,
    warnings: String,
    has_preview: bool,
    created_at: String,
    deleted_at: Option<String>,
    replaced_by: Option<i64>,
}

fn refused(message: impl Into<String>) -> StoreError {
    invalid("desk", message)
}

/// PostgreSQL stores no U+0000 in text (SQLite does): said as what it is, before the server says it
/// in its words.
fn no_nul(texts: &[&str], what: impl FnOnce() -> String) -> Result<(), StoreError> {
    if texts.iter().any(|t| t.contains('\0')) {
        return Err(refused(format!("{}含有空字符（U+0000），团队数据库无法保存：未导入任何内容", what())));
    }
    Ok(())
}

/// `BA20261128-0001` → (`20261128`, 1).
fn day_and_seq(order_no: &str) -> Option<(String, i64)> {
    let (day, seq) = order_no.strip_prefix("BA")?.split_once('-')?;
    (day.len() == 8
        && day.bytes().all(|b| b.is_ascii_digit())
        && !seq.is_empty()
        && seq.bytes().all(|b| b.is_ascii_digit()))
    .then(|| Some((day.to_owned(), seq.parse().ok()?)))
    .flatten()
}

/// The name a desk is archived under: the folder's name unless one is given.
pub fn desk_name(dir: &Path, given: Option<&str>) -> Result<String, StoreError> {
    let name = match given {
        Some(n) => n.trim().to_owned(),
        None => std::path::absolute(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default(),
    };
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(|c| c.is_control() || c == '：') {
        return Err(refused(format!(
            "单机名称“{name}”不可用：请用 --desk 给出 1–64 个字符的名称（不含控制字符和全角冒号）"
        )));
    }
    Ok(name)
}

impl PgStore {
    /// Brings the desk store in `dir` into the team store under the name `desk` (see the module
    /// documentation); an admin's only. Nothing is written unless all of it is.
    pub fn import_desk(&self, dir: &Path, desk: &str, now: Timestamp) -> Result<ImportSummary, StoreError> {
        if self.role() != Role::Admin {
            return Err(StoreError::team("只有管理员可以导入单机数据：请让管理员运行 beian team import-desk"));
        }
        if !dir.join(DB_FILE).is_file() {
            return Err(refused(format!("{} 中没有单机数据库（{DB_FILE}）", dir.display())));
        }
        // Locked for the import: an open desk would go on saving what the import misses.
        let _lock = crate::lock::lock_data_dir(dir, true).map_err(|e| match e {
            StoreError::Invalid { .. } => refused(format!(
                "单机数据目录 {} 正被备案工作台或另一个 beian 命令使用：请先关闭它们再导入",
                dir.display()
            )),
            other => other,
        })?;
        let desk_store = SqliteStore::open_file(&dir.join(DB_FILE))?;
        let report = desk_store.doctor(dir)?;
        if !report.healthy {
            let problems: Vec<String> = report
                .checks
                .iter()
                .filter(|c| c.status == CheckStatus::Problem)
                .flat_map(|c| c.details.iter().map(move |d| format!("{}：{d}", c.title)))
                .collect();
            return Err(refused(format!(
                "单机数据未通过检查（beian doctor），未导入任何内容：{}",
                problems.join("；")
            )));
        }
        // One read snapshot of the desk (no writer can come: the folder is locked).
        let snap = desk_store.conn.unchecked_transaction()?;
        let chain = crate::audit::verify_chain(&snap)?;
        if !chain.problems.is_empty() {
            return Err(refused(format!("单机的审计记录链已断开，未导入任何内容：{}", chain.problems.join("；"))));
        }
        let calendar = self.calendar().clone();
        let actor = self.user().to_owned();
        let summary = self.write(|tx| import(tx, &snap, &desk_store, desk, &calendar, &actor, now))?;
        drop(snap);
        let ids: Vec<i64> = self.read(|q| {
            q.rows("SELECT id FROM filings WHERE missing_materials IS NULL ORDER BY id", &[])?
                .iter()
                .map(|r| Ok(r.try_get(0)?))
                .collect()
        })?;
        self.refresh_missing(&ids, now)?;
        Ok(summary)
    }

    /// `beian doctor --team`'s check of the imported desks' audit trails: each desk's archived
    /// chain unbroken, and the archive's guards in place (skipped for a login that may not read
    /// it: admins only).
    pub(crate) fn imported_audit_check(&self) -> Result<Check, StoreError> {
        const TITLE: &str = "导入的单机审计记录";
        self.read(|q| {
            let readable: bool =
                q.one("SELECT has_table_privilege('beian.imported_audit', 'SELECT')", &[])?.try_get(0)?;
            if !readable {
                return Ok(Check {
                    name: "imported_audit",
                    title: TITLE,
                    status: CheckStatus::Skipped,
                    checked: 0,
                    problems: 0,
                    details: vec!["只有管理员可以查看导入的单机审计记录".to_owned()],
                });
            }
            let mut f = Findings::new("imported_audit", TITLE);
            let mut walks: BTreeMap<String, ChainWalk> = BTreeMap::new();
            let rows = q.rows(
                "SELECT desk, id, at, actor, via, action, desk_filing_id, detail, prev_hash, hash
                 FROM imported_audit ORDER BY desk, id",
                &[],
            )?;
            for r in &rows {
                f.checked += 1;
                walks.entry(r.try_get(0)?).or_default().push(crate::audit::AuditEntry {
                    id: r.try_get(1)?,
                    at: r.try_get(2)?,
                    actor: r.try_get(3)?,
                    via: r.try_get(4)?,
                    action: r.try_get(5)?,
                    filing_id: r.try_get(6)?,
                    detail: r.try_get(7)?,
                    prev_hash: r.try_get(8)?,
                    hash: r.try_get(9)?,
                });
            }
            let desks = walks.len();
            for (desk, walk) in walks {
                for problem in walk.finish(Vec::new()).problems {
                    f.problem(format!("单机“{desk}”：{problem}"));
                }
            }
            for trigger in GUARDS {
                let on = q.opt(
                    "SELECT 1 FROM pg_trigger WHERE tgrelid = 'imported_audit'::regclass AND tgname = $1 AND tgenabled <> 'D'",
                    &[trigger],
                )?;
                if on.is_none() {
                    f.problem(format!("保护导入审计记录的触发器 {trigger} 不见了或已停用"));
                }
            }
            if desks > 0 {
                f.note(format!("{desks} 个单机"));
            }
            Ok(f.done())
        })
    }
}

/// The import itself, in the team store's transaction `tx`, from the desk's read snapshot `snap`.
fn import(
    tx: &mut Tx<'_, '_>,
    snap: &rusqlite::Transaction<'_>,
    desk: &SqliteStore,
    name: &str,
    calendar: &beian_core::calendar::Calendar,
    actor: &str,
    now: Timestamp,
) -> Result<ImportSummary, StoreError> {
    tx.exec("SELECT pg_advisory_xact_lock($1)", &[&IMPORT_LOCK])?;
    // Imported before: by name, or by its audit rows (the same desk under another name, or a
    // backup of this very team store).
    let used = tx.opt(
        "SELECT 1 FROM audit_log WHERE action = 'import_desk' AND split_part(detail, '：', 1) = $1
         UNION ALL SELECT 1 FROM imported_audit WHERE desk = $1 LIMIT 1",
        &[&name],
    )?;
    if used.is_some() {
        return Err(refused(format!("单机“{name}”已导入过：未导入任何内容（另一个单机请用 --desk 换个名称）")));
    }
    let audit = desk_audit(snap)?;
    let hashes: Vec<&str> = audit.iter().map(|e| e.hash.as_str()).collect();
    let seen = tx.opt(
        "SELECT 1 FROM imported_audit WHERE hash = ANY($1) UNION ALL SELECT 1 FROM audit_log WHERE hash = ANY($1) LIMIT 1",
        &[&hashes],
    )?;
    if seen.is_some() {
        return Err(refused(
            "这份单机数据的审计记录已在团队数据库中（已导入过，或是本团队数据库的备份）：未导入任何内容",
        ));
    }

    // Order numbers: the days they are from locked first (a create of that day waits for us), then
    // each number kept unless the team has it, and the counters moved past the kept ones.
    let numbers: Vec<(i64, String)> = {
        let mut stmt = snap.prepare("SELECT id, order_no FROM filings ORDER BY id")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?
    };
    let today = cst_day(now);
    let days: BTreeSet<String> = numbers.iter().filter_map(|(_, no)| day_and_seq(no).map(|(d, _)| d)).collect();
    for day in &days {
        tx.exec(
            "INSERT INTO order_counters (day, last) VALUES ($1, 0)
             ON CONFLICT (day) DO UPDATE SET last = order_counters.last",
            &[day],
        )?;
    }
    let mut kept: HashMap<i64, String> = HashMap::new();
    let mut taken: Vec<i64> = Vec::new();
    let mut highest: BTreeMap<String, i64> = BTreeMap::new();
    for (id, no) in &numbers {
        if tx.opt("SELECT 1 FROM filings WHERE order_no = $1", &[no])?.is_some() {
            taken.push(*id);
            continue;
        }
        if let Some((day, seq)) = day_and_seq(no) {
            let h = highest.entry(day).or_default();
            *h = (*h).max(seq);
        }
        kept.insert(*id, no.clone());
    }
    for (day, seq) in &highest {
        tx.exec("UPDATE order_counters SET last = greatest(last, $2) WHERE day = $1", &[day, seq])?;
    }
    let mut new_numbers: HashMap<i64, String> = HashMap::new();
    let kept_set: BTreeSet<&String> = kept.values().collect();
    for id in &taken {
        let no = loop {
            // As a create takes one (today's row is locked from here to the commit).
            let seq: i64 = tx
                .one(
                    "INSERT INTO order_counters (day, last) VALUES ($1, 1)
                     ON CONFLICT (day) DO UPDATE SET last = order_counters.last + 1 RETURNING last",
                    &[&today],
                )?
                .try_get(0)?;
            let no = format!("BA{today}-{seq:04}");
            if !kept_set.contains(&no) && tx.opt("SELECT 1 FROM filings WHERE order_no = $1", &[&no])?.is_none() {
                break no;
            }
        };
        new_numbers.insert(*id, no);
    }

    // Filings, oldest first, each with its history and derived rows.
    let at = crate::time::stamp(now);
    let mut ids: HashMap<i64, i64> = HashMap::new();
    let mut renumbered = Vec::new();
    let mut followups = Vec::new();
    let mut events = 0usize;
    let filings: Vec<DeskFiling> = {
        let mut stmt = snap.prepare(
            "SELECT id, order_no, status, document, revision, created_at, updated_at, original_id FROM filings ORDER BY id",
        )?;
        stmt.query_map([], |r| {
            Ok(DeskFiling {
                id: r.get(0)?,
                order_no: r.get(1)?,
                status: r.get(2)?,
                document: r.get(3)?,
                revision: r.get(4)?,
                created_at: r.get(5)?,
                updated_at: r.get(6)?,
                original_id: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?
    };
    let mut event_stmt = snap.prepare_cached(
        "SELECT at, kind, from_status, to_status, note FROM filing_events WHERE filing_id = ?1 ORDER BY id",
    )?;
    for f in &filings {
        let doc: FilingDocument = serde_json::from_str(&f.document)
            .map_err(|e| StoreError::CorruptDocument(format!("单机备案 {}：{e}", f.order_no)))?;
        if f.document.contains("\\u0000") {
            return Err(refused(format!(
                "单机备案 {} 含有空字符（U+0000），团队数据库无法保存：请先在单机上修改，未导入任何内容",
                f.order_no
            )));
        }
        let (order_no, legacy) = match new_numbers.get(&f.id) {
            Some(new) => (new.clone(), Some(f.order_no.clone())),
            None => (f.order_no.clone(), None),
        };
        let d = derive(&doc);
        let id: i64 = tx
            .one(
                "INSERT INTO filings (order_no, legacy_order_no, status, filing_type, subject_name, province,
                                      primary_domain, cert_number, document, document_masked, revision, created_at,
                                      updated_at, missing_materials)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL) RETURNING id",
                &[
                    &order_no,
                    &legacy,
                    &f.status,
                    &d.filing_type,
                    &d.subject_name,
                    &d.province,
                    &d.primary_domain,
                    &d.cert_number,
                    &Json(&doc),
                    &Json(beian_core::mask::document(&doc)),
                    &f.revision,
                    &f.created_at,
                    &f.updated_at,
                ],
            )?
            .try_get(0)?;
        ids.insert(f.id, id);
        let history: Vec<DeskEvent> = event_stmt
            .query_map([f.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?;
        for (when, kind, from, to, note) in &history {
            no_nul(&[when, kind, note], || format!("单机备案 {} 的历史记录", f.order_no))?;
            tx.exec(
                "INSERT INTO filing_events (filing_id, at, kind, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)",
                &[&id, when, kind, from, to, note],
            )?;
        }
        events += history.len();
        let note = match &legacy {
            Some(old) => format!("自单机导入（{name}），原订单号 {old}"),
            None => format!("自单机导入（{name}）"),
        };
        tx.exec(
            "INSERT INTO filing_events (filing_id, at, kind, note) VALUES ($1, $2, 'imported', $3)",
            &[&id, &at, &note],
        )?;
        super::pg::filings::write_derived(tx, id, &order_no, legacy.as_deref(), &doc)?;
        super::pg::filings::refresh_due(tx, calendar, id, now)?;
        if let Some(old) = legacy {
            renumbered.push((old, order_no));
        }
        if let Some(original) = f.original_id {
            followups.push((id, original));
        }
    }
    for (id, original) in followups {
        let original = ids.get(&original).copied();
        tx.exec("UPDATE filings SET original_id = $2 WHERE id = $1", &[&id, &original])?;
    }

    // Attachments, oldest first, with their bytes; replacements linked once all are in.
    let attachments: Vec<DeskAttachment> = {
        let mut stmt = snap.prepare(
            "SELECT id, filing_id, material_code, sha256, mime, width, height, byte_size, pages, original_name,
                    warnings, has_preview, created_at, deleted_at, replaced_by FROM attachments ORDER BY id",
        )?;
        stmt.query_map([], |r| {
            Ok(DeskAttachment {
                id: r.get(0)?,
                filing_id: r.get(1)?,
                material_code: r.get(2)?,
                sha256: r.get(3)?,
                mime: r.get(4)?,
                width: r.get(5)?,
                height: r.get(6)?,
                byte_size: r.get(7)?,
                pages: r.get(8)?,
                original_name: r.get(9)?,
                warnings: r.get(10)?,
                has_preview: r.get(11)?,
                created_at: r.get(12)?,
                deleted_at: r.get(13)?,
                replaced_by: r.get(14)?,
            })
        })?
        .collect::<Result<_, _>>()?
    };
    let mut stored: BTreeSet<String> = BTreeSet::new();
    let mut attachment_ids: HashMap<i64, i64> = HashMap::new();
    for a in &attachments {
        if !stored.contains(&a.sha256) {
            let bytes = desk
                .file(&a.sha256, BlobPart::File)?
                .ok_or_else(|| refused(format!("单机附件 #{} 的文件不见了：未导入任何内容", a.id)))?;
            if hex::encode(Sha256::digest(&bytes)) != a.sha256 {
                return Err(refused(format!("单机附件 #{} 的文件内容与摘要不符：未导入任何内容", a.id)));
            }
            let thumbnail = desk.file(&a.sha256, BlobPart::Thumbnail)?;
            let preview = desk.file(&a.sha256, BlobPart::Preview)?;
            super::pg::attachments::put_blob_parts(tx, &a.sha256, &bytes, thumbnail.as_deref(), preview.as_deref())?;
            stored.insert(a.sha256.clone());
        }
        no_nul(&[&a.original_name, &a.material_code, &a.warnings], || format!("单机附件 #{} ", a.id))?;
        let filing_id = *ids
            .get(&a.filing_id)
            .ok_or_else(|| refused(format!("单机附件 #{} 属于不存在的备案 #{}", a.id, a.filing_id)))?;
        let warnings: serde_json::Value = serde_json::from_str(&a.warnings).unwrap_or_else(|_| serde_json::json!([]));
        let id: i64 = tx
            .one(
                "INSERT INTO attachments (filing_id, material_code, sha256, mime, width, height, byte_size, pages,
                                          original_name, warnings, has_preview, created_at, deleted_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                &[
                    &filing_id,
                    &a.material_code,
                    &a.sha256,
                    &a.mime,
                    &a.width,
                    &a.height,
                    &a.byte_size,
                    &a.pages,
                    &a.original_name,
                    &Json(&warnings),
                    &a.has_preview,
                    &a.created_at,
                    &a.deleted_at,
                ],
            )?
            .try_get(0)?;
        attachment_ids.insert(a.id, id);
    }
    for a in &attachments {
        if let Some(by) = a.replaced_by {
            let by = attachment_ids.get(&by).copied();
            tx.exec("UPDATE attachments SET replaced_by = $2 WHERE id = $1", &[&attachment_ids[&a.id], &by])?;
        }
    }

    // The desk's audit trail as it was, and the team's row naming its head.
    for e in &audit {
        no_nul(&[&e.at, &e.actor, &e.via, &e.action, &e.detail], || format!("单机审计记录 #{} ", e.id))?;
        let filing_id = e.filing_id.and_then(|f| ids.get(&f).copied());
        tx.exec(
            "INSERT INTO imported_audit (desk, id, at, actor, via, action, desk_filing_id, filing_id, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[&name, &e.id, &e.at, &e.actor, &e.via, &e.action, &e.filing_id, &filing_id, &e.detail, &e.prev_hash, &e.hash],
        )?;
    }
    let head = audit.last().map(|e| e.hash.clone());
    let detail = format!(
        "{name}：{} 条备案（{} 条改号），审计记录 {} 条，链头 {}",
        filings.len(),
        renumbered.len(),
        audit.len(),
        head.as_deref().unwrap_or("无")
    );
    super::pg::audit::append(
        tx,
        actor,
        &[NewAuditEntry { action: AuditAction::ImportDesk, filing_id: None, detail, via: crate::audit::current_via() }],
        now,
    )?;
    Ok(ImportSummary {
        desk: name.to_owned(),
        filings: filings.len(),
        renumbered,
        events,
        attachments: attachments.len(),
        audit_archived: audit.len(),
        audit_head: head,
    })
}

/// The desk's audit rows, oldest first.
fn desk_audit(snap: &rusqlite::Transaction<'_>) -> Result<Vec<crate::audit::AuditEntry>, StoreError> {
    let mut stmt = snap
        .prepare("SELECT id, at, actor, via, action, filing_id, detail, prev_hash, hash FROM audit_log ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(crate::audit::AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                via: r.get(3)?,
                action: r.get(4)?,
                filing_id: r.get(5)?,
                detail: r.get(6)?,
                prev_hash: r.get(7)?,
                hash: r.get(8)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_read_as_day_and_sequence() {
        assert_eq!(day_and_seq("BA20261128-0001"), Some(("20261128".into(), 1)));
        assert_eq!(day_and_seq("BA20261128-12345"), Some(("20261128".into(), 12345)));
        for bad in ["BA2026112-0001", "XX20261128-0001", "BA20261128-", "BA20261128-00a1", "BA20261128"] {
            assert_eq!(day_and_seq(bad), None, "{bad}");
        }
    }
}
