//! Filings in the store: create, read, update, list, and their history.

use beian_core::model::FilingDocument;
use beian_core::status::FilingStatus;
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::SqliteStore;
use crate::engine::FilingOps;
use crate::error::StoreError;
use crate::search;

/// A filing as stored: its document plus what the store keeps about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FilingRecord {
    pub id: i64,
    /// Human-readable order number, e.g. `BA20261128-0001`.
    pub order_no: String,
    pub status: FilingStatus,
    pub document: FilingDocument,
    /// Incremented on every write; an update names the revision it edited (optimistic locking).
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Whether staff may still edit the data directly (the status decides: the UI keeps no list).
    pub editable: bool,
}

/// One row of the filings list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FilingSummary {
    pub id: i64,
    pub order_no: String,
    pub status: FilingStatus,
    pub filing_type: Option<String>,
    pub subject_name: String,
    pub province: String,
    pub primary_domain: String,
    pub updated_at: String,
    /// The next deadline (UTC), if the filing has one, and what it is.
    pub next_due: Option<String>,
    pub next_due_kind: Option<String>,
    /// Required materials still without a file, for a filing whose data can still be edited
    /// (`None` once it is submitted, where the count no longer means a task).
    #[serde(default)]
    pub missing_materials: Option<u32>,
    /// The kinds of its internet information services, in the document's order.
    #[serde(default)]
    pub services: Vec<beian_core::ServiceType>,
    /// The access provider's code and the provider account (empty: none named).
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub provider_account: String,
    /// Whether staff may still edit the data directly.
    #[serde(default)]
    pub editable: bool,
}

/// One entry of a filing's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FilingEvent {
    pub id: i64,
    pub at: String,
    pub kind: String,
    pub from_status: Option<FilingStatus>,
    pub to_status: Option<FilingStatus>,
    pub note: String,
    /// Who did it: the staff member's login on the team store (set by the server); `None` on a
    /// single desk, where everything is the desk's own.
    #[serde(default)]
    pub actor: Option<String>,
}

/// Filters and paging for the filings list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct ListQuery {
    /// Matches order number, subject name or any domain (substring, case-insensitive).
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub status: Option<FilingStatus>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub filing_type: Option<beian_core::FilingType>,
    /// The access provider's code (`tencent`).
    #[serde(default)]
    pub provider: Option<String>,
    /// The provider account, exactly (with `provider`, or alone).
    #[serde(default)]
    pub provider_account: Option<String>,
    /// At most this many rows (default 200, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: Option<u32>,
}

/// A page of the filings list, with the count per status for the status chips.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ListResult {
    pub items: Vec<FilingSummary>,
    /// How many filings match, counted up to [`COUNT_CAP`]; `total_capped` says there are more.
    pub total: u32,
    pub total_capped: bool,
    /// Counts per status over all filings (not only the matching ones), for the status chips.
    pub status_counts: Vec<StatusCount>,
    /// Counts per provider and account over all filings, for the provider filter and the dashboard.
    #[serde(default)]
    pub provider_counts: Vec<ProviderCount>,
}

/// How many filings one provider account holds (`account` empty: filings naming no account).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ProviderCount {
    pub provider: String,
    pub account: String,
    pub count: u32,
}

/// Matching filings are counted up to this many; beyond it the list says "1000+". Counting every
/// match of a broad search would cost time in proportion to the store's size.
pub const COUNT_CAP: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StatusCount {
    pub status: FilingStatus,
    pub count: u32,
}

/// Derived columns, recomputed from the document on every write.
pub(crate) struct Derived {
    pub filing_type: Option<&'static str>,
    pub subject_name: String,
    pub province: String,
    pub primary_domain: String,
    /// Every domain's [`beian_core::domain::key`]: what `filing_domains` and the search index hold.
    pub domains: Vec<String>,
    pub cert_number: String,
    /// What search finds a filing by besides its domains: the subject's name, then the names,
    /// packages and AppIDs of its apps, mini-programs and quick apps, joined by U+001F (no search
    /// term holds it, so no match spans two of them).
    pub search_name: String,
    /// The kinds of the filing's services, in order: `website,app` (the list's `services`).
    pub services: String,
    /// The provider code as written (an unknown one too: the list shows what the document says).
    pub provider: String,
    pub provider_account: String,
}

/// The subject's name and the identifiers of the filing's services other than websites.
fn search_name(doc: &FilingDocument) -> String {
    let mut parts: Vec<&str> = vec![doc.subject.name.trim()];
    // The provider account: staff look a client up by the login it is filed under.
    parts.extend(doc.provider_account.as_deref().map(str::trim));
    for w in doc.websites.iter().filter(|w| w.service_type != beian_core::ServiceType::Website) {
        parts.push(w.name.trim());
        parts.extend(w.app.iter().flat_map(|a| a.platforms.iter()).map(|p| p.package.trim()));
        parts.extend([&w.mini_program, &w.quick_app].into_iter().flatten().map(|h| h.app_id.trim()));
    }
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        if !p.is_empty() && !out.contains(&p) {
            out.push(p);
        }
    }
    out.join("\u{1f}")
}

pub(crate) fn derive(doc: &FilingDocument) -> Derived {
    let mut domains: Vec<String> = doc
        .websites
        .iter()
        .flat_map(|w| w.domains.iter())
        .map(|d| beian_core::domain::key(d))
        .filter(|d| !d.is_empty())
        .collect();
    domains.sort();
    domains.dedup();
    Derived {
        filing_type: doc.filing_type.map(|t| t.code()),
        subject_name: doc.subject.name.trim().to_owned(),
        province: doc.subject.region.province.trim().to_owned(),
        primary_domain: doc.primary_domain().map(beian_core::domain::normalize).unwrap_or_default(),
        domains,
        cert_number: beian_core::cert::normalize(&doc.subject.cert_number),
        search_name: search_name(doc),
        services: doc.websites.iter().map(|w| w.service_type.code()).collect::<Vec<_>>().join(","),
        provider: doc.provider.trim().to_owned(),
        provider_account: doc.provider_account.as_deref().unwrap_or("").trim().to_owned(),
    }
}

impl Derived {
    pub(crate) fn search_text<'a>(&'a self, order_no: &'a str) -> search::SearchText<'a> {
        search::SearchText {
            order_no,
            subject_name: &self.search_name,
            domains: &self.domains,
            cert_number: &self.cert_number,
        }
    }
}

/// The exchange-format path of the longest string in a document (`websites[0].name`) and its
/// length in characters.
fn longest_text(value: &serde_json::Value, path: String) -> Option<(String, usize)> {
    use serde_json::Value;
    let join = |key: String| if path.is_empty() { key } else { format!("{path}.{key}") };
    match value {
        Value::String(s) => Some((path, s.chars().count())),
        Value::Array(items) => {
            items.iter().enumerate().filter_map(|(i, v)| longest_text(v, format!("{path}[{i}]"))).max_by_key(|t| t.1)
        }
        Value::Object(map) => map.iter().filter_map(|(k, v)| longest_text(v, join(k.clone()))).max_by_key(|t| t.1),
        _ => None,
    }
}

/// The document as it is stored: certificate numbers, phones, e-mails and domains normalised, and a
/// personal filing's investor and principal filled in from the subject (rules-digest.md §3).
///
/// A document over the exchange format's size limit is refused first: a real filing is a few
/// kilobytes, and a broken or hostile editor must not store megabytes of text (nor make the rules
/// scan them on every save).
///
/// A text holding U+0000 is refused at its field, on every engine: PostgreSQL cannot store it at all
/// and SQLite would, so a hostile editor would otherwise meet two different stores.
pub(crate) fn prepared(doc: &FilingDocument) -> Result<FilingDocument, StoreError> {
    let limit = beian_core::document::MAX_DOCUMENT_BYTES;
    let json = serde_json::to_string(doc).unwrap_or_default();
    let size = if json.is_empty() { usize::MAX } else { json.len() };
    // serde writes U+0000 as `\u0000`: look for it only in a document that holds one.
    // (A typed backslash before `u0000` looks the same there; the walk tells them apart.)
    if json.contains("\\u0000")
        && let Some(field) = text_with_nul(&serde_json::to_value(doc).unwrap_or_default(), String::new())
    {
        return Err(StoreError::Invalid {
            field,
            message: "此项含有不可见的空字符（U+0000）：请删除后重新输入".to_owned(),
        });
    }
    // A private key pasted into a public-key field is never stored, on either engine.
    for (i, w) in doc.websites.iter().enumerate() {
        for (j, p) in w.app.iter().flat_map(|a| a.platforms.iter()).enumerate() {
            if beian_core::rules::holds_private_key(&p.public_key) {
                return Err(StoreError::Invalid {
                    field: format!("websites[{i}].app.platforms[{j}].public_key"),
                    message: "公钥栏里是私钥：私钥不会被保存，也不要交给任何人。请改填证书的公钥".to_owned(),
                });
            }
        }
    }
    // Nor a password typed where the provider account's name goes.
    if doc.provider_account.as_deref().is_some_and(beian_core::rules::looks_like_secret) {
        return Err(StoreError::Invalid {
            field: "provider_account".to_owned(),
            message: "接入商账号处只填账号名称或登录名：密码或密钥不会被保存".to_owned(),
        });
    }
    if size > limit {
        // Named at the field that holds the most text: that is where something was pasted (the
        // document's tree is built only for a refused one, not on every save).
        let value = serde_json::to_value(doc).unwrap_or_default();
        return Err(match longest_text(&value, String::new()) {
            Some((field, chars)) => StoreError::Invalid {
                field,
                message: format!(
                    "此项内容过长（{chars} 字），备案文档超过上限（{size} 字节，上限 {limit} 字节）：请检查是否粘贴了大段内容"
                ),
            },
            None => StoreError::Invalid {
                field: "document".to_owned(),
                message: format!("备案文档过大（{size} 字节，上限 {limit} 字节）：请检查是否粘贴了大段内容"),
            },
        });
    }
    let mut doc = doc.clone();
    beian_core::rules::normalize_document(&mut doc);
    beian_core::rules::autofill(&mut doc);
    Ok(doc)
}

/// The exchange-format path of the first string holding U+0000.
fn text_with_nul(value: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0').then_some(path),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| text_with_nul(v, format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| text_with_nul(v, if path.is_empty() { k.clone() } else { format!("{path}.{k}") })),
        _ => None,
    }
}

pub(crate) fn cst_day(now: Timestamp) -> String {
    let cst = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    now.to_zoned(cst).date().strftime("%Y%m%d").to_string()
}

pub(crate) fn status_from(code: &str) -> Result<FilingStatus, StoreError> {
    FilingStatus::from_code(code).ok_or_else(|| StoreError::CorruptDocument(format!("未知状态 {code}")))
}

fn record_from_row(row: &Row<'_>) -> rusqlite::Result<(i64, String, String, String, i64, String, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?))
}

impl FilingOps for SqliteStore {
    fn create_filing(&mut self, doc: &FilingDocument, now: Timestamp) -> Result<FilingRecord, StoreError> {
        let mut ids = self.create_filings(std::slice::from_ref(doc), now, "created")?;
        let id = ids.pop().ok_or_else(|| StoreError::CorruptDocument("没有写入任何备案".into()))?;
        self.get_filing(id)
    }

    fn create_filings(&mut self, docs: &[FilingDocument], now: Timestamp, event: &str) -> Result<Vec<i64>, StoreError> {
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let ids = insert_filings(&tx, docs, now, event)?;
        tx.commit()?;
        self.refresh_missing(&ids, now)?;
        Ok(ids)
    }

    fn get_filing(&self, id: i64) -> Result<FilingRecord, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, order_no, status, document, revision, created_at, updated_at FROM filings WHERE id = ?1",
                params![id],
                record_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "备案", id: id.to_string() })?;
        let (id, order_no, status, document, revision, created_at, updated_at) = row;
        let document: FilingDocument = serde_json::from_str(&document)
            .map_err(|e| StoreError::CorruptDocument(format!("备案 {order_no}：{e}")))?;
        let status = status_from(&status)?;
        Ok(FilingRecord {
            id,
            order_no,
            editable: status.is_editable(),
            status,
            document,
            revision,
            created_at,
            updated_at,
        })
    }

    fn find_by_order_no(&self, order_no: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM filings WHERE order_no = ?1", params![order_no], |r| r.get(0))
            .optional()?)
    }

    fn update_filing(
        &mut self,
        id: i64,
        doc: &FilingDocument,
        expected_revision: i64,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError> {
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let (status, revision): (String, i64) = tx
            .query_row("SELECT status, revision FROM filings WHERE id = ?1", params![id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "备案", id: id.to_string() })?;
        let status = status_from(&status)?;
        if !status.is_editable() {
            return Err(StoreError::NotEditable { status });
        }
        if revision != expected_revision {
            return Err(StoreError::Conflict { expected: expected_revision, current: revision });
        }
        let doc = &prepared(doc)?;
        let d = derive(doc);
        let json = serde_json::to_string(doc).map_err(|e| StoreError::CorruptDocument(e.to_string()))?;
        let at = crate::time::stamp(now);
        tx.execute(
            "UPDATE filings SET filing_type = ?2, subject_name = ?3, province = ?4, primary_domain = ?5,
                    cert_number = ?6, document = ?7, revision = revision + 1, updated_at = ?8,
                    missing_materials = NULL WHERE id = ?1",
            params![id, d.filing_type, d.subject_name, d.province, d.primary_domain, d.cert_number, json, at],
        )?;
        write_domains(&tx, id, &d.domains)?;
        write_list_columns(&tx, id, &d)?;
        let order_no: String = tx.query_row("SELECT order_no FROM filings WHERE id = ?1", params![id], |r| r.get(0))?;
        search::index(&tx, id, &d.search_text(&order_no))?;
        crate::workflow::write_products(&tx, id, doc)?;
        crate::workflow::refresh_due(&tx, &self.calendar, id, now)?;
        tx.execute(
            "INSERT INTO filing_events (filing_id, at, kind, note) VALUES (?1, ?2, 'edited', '')",
            params![id, at],
        )?;
        tx.commit()?;
        self.refresh_missing(&[id], now)?;
        self.get_filing(id)
    }

    fn list_filings(&self, q: &ListQuery) -> Result<ListResult, StoreError> {
        let limit = q.limit.unwrap_or(200).clamp(1, 1000);
        let offset = q.offset.unwrap_or(0);
        let mut conditions: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(status) = q.status {
            conditions.push("f.status = ?".into());
            args.push(status.code().into());
        }
        if let Some(province) = q.province.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            conditions.push("f.province = ?".into());
            args.push(province.into());
        }
        if let Some(t) = q.filing_type {
            conditions.push("f.filing_type = ?".into());
            args.push(t.code().into());
        }
        if let Some(p) = q.provider.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            conditions.push("f.provider = ?".into());
            args.push(p.into());
        }
        if let Some(a) = q.provider_account.as_deref().map(str::trim) {
            conditions.push("f.provider_account = ?".into());
            args.push(a.into());
        }
        if let Some((cond, values)) = q.search.as_deref().and_then(search::condition) {
            conditions.push(cond);
            args.extend(values);
        }
        let filter = if conditions.is_empty() { "1".to_owned() } else { conditions.join(" AND ") };

        let sql = format!(
            "SELECT f.id, f.order_no, f.status, f.filing_type, f.subject_name, f.province, f.primary_domain,
                    f.updated_at, f.next_due, f.next_due_kind, f.missing_materials, f.services,
                    f.provider, f.provider_account
             FROM filings f WHERE {filter}
             ORDER BY f.urgency, f.updated_at DESC, f.id DESC LIMIT {limit} OFFSET {offset}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<u32>>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, String>(12)?,
                r.get::<_, String>(13)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (
                id,
                order_no,
                status,
                filing_type,
                subject_name,
                province,
                primary_domain,
                updated_at,
                next_due,
                kind,
                missing,
                services,
                provider,
                provider_account,
            ) = row?;
            let status = status_from(&status)?;
            let editable = status.is_editable();
            // NULL: a write's count not made yet (see migration 8) — made here, for this row only.
            let missing = match missing {
                Some(n) => Some(n),
                None if editable => Some(self.missing_count(id, jiff::Timestamp::now())?),
                None => None,
            };
            items.push(FilingSummary {
                id,
                order_no,
                status,
                editable,
                filing_type,
                subject_name,
                province,
                primary_domain,
                updated_at,
                next_due,
                next_due_kind: kind,
                missing_materials: missing.filter(|_| editable),
                services: services_from(&services),
                provider,
                provider_account,
            });
        }

        let mut status_counts = Vec::new();
        let mut stmt = self.conn.prepare_cached("SELECT status, count FROM status_counts WHERE count > 0")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))? {
            let (s, count) = row?;
            status_counts.push(StatusCount { status: status_from(&s)?, count });
        }
        status_counts.sort_by_key(|c| FilingStatus::ALL.iter().position(|s| *s == c.status));

        let (total, total_capped) = if conditions.is_empty() {
            (status_counts.iter().map(|c| c.count).sum(), false)
        } else {
            let n: u32 = self.conn.query_row(
                &format!("SELECT count(*) FROM (SELECT 1 FROM filings f WHERE {filter} LIMIT {})", COUNT_CAP + 1),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            (n.min(COUNT_CAP), n > COUNT_CAP)
        };
        let mut provider_counts = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT provider, provider_account, count(*) FROM filings GROUP BY provider, provider_account",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?)))? {
            let (provider, account, count) = row?;
            provider_counts.push(ProviderCount { provider, account, count });
        }
        sort_provider_counts(&mut provider_counts);
        Ok(ListResult { items, total, total_capped, status_counts, provider_counts })
    }

    fn naive_like_search(&self, term: &str) -> Result<Vec<i64>, StoreError> {
        let pattern = format!("%{}%", term.to_lowercase());
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.id FROM filings f WHERE lower(f.subject_name) LIKE ?1 OR lower(f.order_no) LIKE ?1
               OR EXISTS (SELECT 1 FROM filing_domains d WHERE d.filing_id = f.id AND d.domain LIKE ?1)
             ORDER BY f.updated_at DESC LIMIT 50",
        )?;
        let ids = stmt.query_map(params![pattern], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

    fn filing_events(&self, id: i64) -> Result<Vec<FilingEvent>, StoreError> {
        let exists: bool =
            self.conn.query_row("SELECT EXISTS (SELECT 1 FROM filings WHERE id = ?1)", params![id], |r| r.get(0))?;
        if !exists {
            return Err(StoreError::NotFound { what: "备案", id: id.to_string() });
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, at, kind, from_status, to_status, note FROM filing_events WHERE filing_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, kind, from, to, note) = row?;
            out.push(FilingEvent {
                id,
                at,
                kind,
                from_status: from.as_deref().map(status_from).transpose()?,
                to_status: to.as_deref().map(status_from).transpose()?,
                note,
                actor: None,
            });
        }
        Ok(out)
    }

    fn all_filing_ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id FROM filings ORDER BY id")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }
}

/// Replaces the filing's rows in `filing_domains` by `domains` (their keys).
/// Providers in the profiles' order (unknown codes last), accounts by name within each.
pub(crate) fn sort_provider_counts(counts: &mut [ProviderCount]) {
    let rank = |p: &str| beian_core::providers::codes().position(|c| c == p).unwrap_or(usize::MAX);
    counts.sort_by(|a, b| rank(&a.provider).cmp(&rank(&b.provider)).then_with(|| a.account.cmp(&b.account)));
}

/// The list's `services`, `provider` and `provider_account` columns of filing `id`.
pub(crate) fn write_list_columns(conn: &rusqlite::Connection, id: i64, d: &Derived) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE filings SET services = ?2, provider = ?3, provider_account = ?4 WHERE id = ?1",
        params![id, d.services, d.provider, d.provider_account],
    )?;
    Ok(())
}

/// The kinds of service a `services` column holds (unknown codes, from a newer version, skipped).
pub(crate) fn services_from(column: &str) -> Vec<beian_core::ServiceType> {
    column.split(',').filter_map(|c| beian_core::ServiceType::ALL.into_iter().find(|k| k.code() == c)).collect()
}

pub(crate) fn write_domains(conn: &rusqlite::Connection, id: i64, domains: &[String]) -> Result<(), StoreError> {
    conn.execute("DELETE FROM filing_domains WHERE filing_id = ?1", params![id])?;
    let mut stmt = conn.prepare_cached("INSERT INTO filing_domains (filing_id, domain) VALUES (?1, ?2)")?;
    for d in domains {
        stmt.execute(params![id, d])?;
    }
    Ok(())
}

/// Inserts draft filings inside the caller's transaction (numbered, derived columns, search index,
/// products, the `event` history entry); their missing-materials counts are made after commit.
pub(crate) fn insert_filings(
    tx: &crate::db::WriteTx<'_>,
    docs: &[FilingDocument],
    now: Timestamp,
    event: &str,
) -> Result<Vec<i64>, StoreError> {
    let day = cst_day(now);
    let at = crate::time::stamp(now);
    let mut ids = Vec::with_capacity(docs.len());
    for doc in docs {
        let doc = &prepared(doc)?;
        let seq: i64 = tx.query_row(
            "INSERT INTO order_counters (day, last) VALUES (?1, 1)
                 ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
            params![day],
            |r| r.get(0),
        )?;
        let order_no = format!("BA{day}-{seq:04}");
        let d = derive(doc);
        let json = serde_json::to_string(doc).map_err(|e| StoreError::CorruptDocument(e.to_string()))?;
        tx.execute(
            "INSERT INTO filings (order_no, status, filing_type, subject_name, province, primary_domain,
                                      cert_number, document, revision, created_at, updated_at)
                 VALUES (?1, 'draft', ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)",
            params![order_no, d.filing_type, d.subject_name, d.province, d.primary_domain, d.cert_number, json, at],
        )?;
        let id = tx.last_insert_rowid();
        write_domains(tx, id, &d.domains)?;
        write_list_columns(tx, id, &d)?;
        search::index(tx, id, &d.search_text(&order_no))?;
        crate::workflow::write_products(tx, id, doc)?;
        tx.execute(
            "INSERT INTO filing_events (filing_id, at, kind, to_status, note) VALUES (?1, ?2, ?3, 'draft', '')",
            params![id, at, event],
        )?;
        ids.push(id);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn order_numbers_follow_the_china_date_and_count_per_day() {
        let mut s = Store::open_in_memory().unwrap();
        let doc = FilingDocument::draft("张三", "example.com");
        // 16:30 UTC is already the next day in China.
        let a = s.create_filing(&doc, t("2026-11-27T16:30:00Z")).unwrap();
        let b = s.create_filing(&doc, t("2026-11-28T03:00:00Z")).unwrap();
        let c = s.create_filing(&doc, t("2026-11-29T01:00:00Z")).unwrap();
        assert_eq!(a.order_no, "BA20261128-0001");
        assert_eq!(b.order_no, "BA20261128-0002");
        assert_eq!(c.order_no, "BA20261129-0001");
    }

    #[test]
    fn an_oversized_document_is_refused_at_the_field_holding_the_text() {
        let mut s = Store::open_in_memory().unwrap();
        let mut doc = FilingDocument::draft("张三", "example.com");
        doc.websites.push(doc.websites[0].clone());
        let rec = s.create_filing(&doc, t("2026-11-28T03:00:00Z")).unwrap();
        let mut big = rec.document.clone();
        big.websites[1].name = "长".repeat(beian_core::document::MAX_DOCUMENT_BYTES / 3 + 10);
        let err = s.update_filing(rec.id, &big, 1, t("2026-11-28T04:00:00Z")).unwrap_err();
        match err {
            StoreError::Invalid { field, message } => {
                assert_eq!(field, "websites[1].name");
                assert!(message.contains("过长") && message.contains("上限"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.get_filing(rec.id).unwrap().revision, 1, "nothing written");
    }

    #[test]
    fn create_read_update_and_history() {
        let mut s = Store::open_in_memory().unwrap();
        let rec = s.create_filing(&FilingDocument::draft("张三", "Example.com"), t("2026-11-28T03:00:00Z")).unwrap();
        assert_eq!(rec.status, FilingStatus::Draft);
        assert_eq!(rec.revision, 1);
        let mut doc = rec.document.clone();
        doc.subject.name = "李四".into();
        let updated = s.update_filing(rec.id, &doc, 1, t("2026-11-28T04:00:00Z")).unwrap();
        assert_eq!(updated.revision, 2);
        assert_eq!(updated.document.subject.name, "李四");
        // A stale editor is refused, and nothing changes.
        let err = s.update_filing(rec.id, &doc, 1, t("2026-11-28T05:00:00Z")).unwrap_err();
        assert!(matches!(err, StoreError::Conflict { expected: 1, current: 2 }));
        assert_eq!(s.get_filing(rec.id).unwrap().revision, 2);
        let kinds: Vec<_> = s.filing_events(rec.id).unwrap().into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["created", "edited"]);
        assert!(matches!(s.get_filing(999), Err(StoreError::NotFound { .. })));
    }

    #[test]
    fn search_finds_order_number_subject_and_any_domain() {
        let mut s = Store::open_in_memory().unwrap();
        let now = t("2026-11-28T03:00:00Z");
        let mut doc = FilingDocument::draft("杭州某某科技有限公司", "first.cn");
        doc.websites[0].domains.push("Second-Site.com".into());
        let a = s.create_filing(&doc, now).unwrap();
        s.create_filing(&FilingDocument::draft("张三", "zhang.com"), now).unwrap();
        let find = |q: &str| -> Vec<i64> {
            s.list_filings(&ListQuery { search: Some(q.into()), ..ListQuery::default() })
                .unwrap()
                .items
                .into_iter()
                .map(|i| i.id)
                .collect()
        };
        assert_eq!(find("某某科技"), [a.id]);
        assert_eq!(find("second-site"), [a.id]);
        assert_eq!(find(&a.order_no), [a.id]);
        assert!(find("nothing-like-this").is_empty());
        // LIKE wildcards in the search text are literal.
        assert!(find("%").is_empty());
        let all = s.list_filings(&ListQuery::default()).unwrap();
        assert_eq!(all.total, 2);
        assert_eq!(all.status_counts, [StatusCount { status: FilingStatus::Draft, count: 2 }]);
    }
}
