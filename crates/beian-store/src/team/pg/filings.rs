//! Filings on PostgreSQL: create (gapless order numbers), read, compare-and-set update, the list
//! and its search, history.

use beian_core::model::FilingDocument;
use beian_core::status::FilingStatus;
use jiff::Timestamp;
use postgres::types::Json;
use postgres::{GenericClient, Row};

use super::{PgStore, Q, Tx, count};
use crate::engine::FilingOps;
use crate::error::StoreError;
use crate::filings::{
    COUNT_CAP, Derived, FilingEvent, FilingRecord, FilingSummary, ListQuery, ListResult, StatusCount, cst_day, derive,
    prepared, status_from,
};
use crate::search::{self, CANDIDATE_CAP, SearchPlan};

const RECORD: &str = "SELECT id, order_no, status, document::text, revision, created_at, updated_at FROM filings";
/// What a viewer reads: the masked document.
const RECORD_MASKED: &str =
    "SELECT id, order_no, status, document_masked::text, revision, created_at, updated_at FROM filings";

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound { what: "备案", id: id.to_string() }
}

pub(super) fn record(r: &Row) -> Result<FilingRecord, StoreError> {
    let order_no: String = r.try_get(1)?;
    let document: String = r.try_get(3)?;
    let document: FilingDocument =
        serde_json::from_str(&document).map_err(|e| StoreError::CorruptDocument(format!("备案 {order_no}：{e}")))?;
    let status = status_from(r.try_get(2)?)?;
    Ok(FilingRecord {
        id: r.try_get(0)?,
        order_no,
        editable: status.is_editable(),
        status,
        document,
        revision: r.try_get(4)?,
        created_at: r.try_get(5)?,
        updated_at: r.try_get(6)?,
    })
}

/// One filing, read on a client or inside a transaction.
pub(super) fn get<C: GenericClient>(q: &mut Q<'_, C>, id: i64) -> Result<FilingRecord, StoreError> {
    let sql = format!("{RECORD} WHERE id = $1");
    record(&q.opt(&sql, &[&id])?.ok_or_else(|| not_found(id))?)
}

/// Locks filing `id`'s row for the rest of the transaction and returns its status and revision:
/// what every write touching a filing starts with, so that what it compares cannot change before
/// it writes.
pub(super) fn lock(tx: &mut Tx<'_, '_>, id: i64) -> Result<(FilingStatus, i64), StoreError> {
    let row = tx
        .opt("SELECT status, revision FROM filings WHERE id = $1 FOR UPDATE", &[&id])?
        .ok_or_else(|| not_found(id))?;
    Ok((status_from(row.try_get(0)?)?, row.try_get(1)?))
}

/// The text the trigram index holds for a filing: the engines' shared haystack, and on the team
/// store only, the desk's order number of a filing renumbered on import (`legacy_order_no`), so
/// that the number on the client's paper still finds it.
pub(crate) fn haystack(d: &Derived, order_no: &str, legacy_order_no: Option<&str>) -> String {
    let shared = search::haystack(&d.search_text(order_no));
    match legacy_order_no {
        Some(legacy) => format!("{shared}\u{1f}{}", legacy.to_lowercase()),
        None => shared,
    }
}

/// Rewrites the derived rows of a filing (domains, search, products) from its prepared document.
pub(crate) fn write_derived(
    tx: &mut Tx<'_, '_>,
    id: i64,
    order_no: &str,
    legacy_order_no: Option<&str>,
    doc: &FilingDocument,
) -> Result<(), StoreError> {
    let d = derive(doc);
    tx.exec(
        "UPDATE filings SET services = $2, provider = $3, provider_account = $4 WHERE id = $1",
        &[&id, &d.services, &d.provider, &d.provider_account],
    )?;
    tx.exec("DELETE FROM filing_domains WHERE filing_id = $1", &[&id])?;
    for domain in &d.domains {
        tx.exec("INSERT INTO filing_domains (filing_id, domain) VALUES ($1, $2)", &[&id, domain])?;
    }
    let haystack = haystack(&d, order_no, legacy_order_no);
    let text = d.search_text(order_no);
    tx.exec(
        "INSERT INTO filing_search (filing_id, haystack) VALUES ($1, $2)
         ON CONFLICT (filing_id) DO UPDATE SET haystack = excluded.haystack",
        &[&id, &haystack],
    )?;
    tx.exec("DELETE FROM filing_bigrams WHERE filing_id = $1", &[&id])?;
    let grams = search::bigrams(text.subject_name);
    if !grams.is_empty() {
        tx.exec(
            "INSERT INTO filing_bigrams (gram, filing_id) SELECT g, $2 FROM unnest($1::text[]) AS g ON CONFLICT DO NOTHING",
            &[&grams, &id],
        )?;
    }
    tx.exec("DELETE FROM filing_products WHERE filing_id = $1", &[&id])?;
    for (website, product, instance, service) in crate::workflow::product_rows(doc) {
        tx.exec(
            "INSERT INTO filing_products (filing_id, website, product, instance_id, service_number) VALUES ($1, $2, $3, $4, $5)",
            &[&id, &website, &product, &instance, &service],
        )?;
    }
    Ok(())
}

/// Inserts draft filings inside the caller's transaction: numbered from the day's counter (its
/// row, locked by the increment, queues concurrent creates; a rollback gives the numbers back, so
/// they stay gapless), derived rows, the `event` history entry.
pub(super) fn insert(
    tx: &mut Tx<'_, '_>,
    docs: &[FilingDocument],
    now: Timestamp,
    event: &str,
    note: &str,
) -> Result<Vec<i64>, StoreError> {
    let day = cst_day(now);
    let at = crate::time::stamp(now);
    let mut ids = Vec::with_capacity(docs.len());
    for doc in docs {
        let doc = &prepared(doc)?;
        let seq: i64 = tx
            .one(
                "INSERT INTO order_counters (day, last) VALUES ($1, 1)
                 ON CONFLICT (day) DO UPDATE SET last = order_counters.last + 1 RETURNING last",
                &[&day],
            )?
            .try_get(0)?;
        let order_no = format!("BA{day}-{seq:04}");
        let d = derive(doc);
        let id: i64 = tx
            .one(
                "INSERT INTO filings (order_no, status, filing_type, subject_name, province, primary_domain,
                                      cert_number, document, document_masked, revision, created_at, updated_at)
                 VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id",
                &[
                    &order_no,
                    &d.filing_type,
                    &d.subject_name,
                    &d.province,
                    &d.primary_domain,
                    &d.cert_number,
                    &Json(doc),
                    &Json(beian_core::mask::document(doc)),
                    &at,
                ],
            )?
            .try_get(0)?;
        write_derived(tx, id, &order_no, None, doc)?;
        tx.exec(
            "INSERT INTO filing_events (filing_id, at, kind, to_status, note) VALUES ($1, $2, $3, 'draft', $4)",
            &[&id, &at, &event, &note],
        )?;
        ids.push(id);
    }
    Ok(ids)
}

/// Recomputes the next deadline of filing `id` inside the transaction.
pub(crate) fn refresh_due(
    tx: &mut Tx<'_, '_>,
    cal: &beian_core::calendar::Calendar,
    id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let row = tx.one("SELECT status, province, provider FROM filings WHERE id = $1", &[&id])?;
    let (status, province, provider): (String, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let events = super::workflow::changes(tx, id)?;
    let (due, kind) = crate::workflow::due_columns(status_from(&status)?, &events, &province, &provider, cal, now);
    tx.exec(
        "UPDATE filings SET next_due = $2, next_due_kind = $3, urgency = coalesce($2, '~') WHERE id = $1",
        &[&id, &due, &kind],
    )?;
    Ok(())
}

impl PgStore {
    /// How many required materials filing `id` still lacks.
    pub(super) fn missing_count(&self, id: i64, now: Timestamp) -> Result<u32, StoreError> {
        Ok(count(i64::try_from(crate::attachments::completeness(self, id, now)?.missing.len()).unwrap_or(i64::MAX)))
    }

    /// Makes the missing-materials count of each filing again (after a write that set it to NULL).
    pub(crate) fn refresh_missing(&self, ids: &[i64], now: Timestamp) -> Result<(), StoreError> {
        for &id in ids {
            let n = i32::try_from(self.missing_count(id, now)?).unwrap_or(i32::MAX);
            self.read(|q| q.exec("UPDATE filings SET missing_materials = $2 WHERE id = $1", &[&id, &n]))?;
        }
        Ok(())
    }
}

/// The list's search condition on PostgreSQL, numbering its parameters from `next`: the same
/// [`SearchPlan`] SQLite renders, on the bigram table and the trigram index.
///
/// A viewer may read neither certificate numbers nor the search text (which holds them): a viewer's
/// certificate search finds nothing, and a substring is looked for in the list's own columns.
fn search_condition(plan: SearchPlan, next: usize, viewer: bool) -> (String, Vec<String>) {
    let (a, b) = (next, next + 1);
    let cap = CANDIDATE_CAP;
    match plan {
        SearchPlan::Cert(_) if viewer => ("FALSE".to_owned(), vec![]),
        SearchPlan::Substring { term, .. } if viewer => (
            format!(
                "(lower(f.subject_name) LIKE ${a} ESCAPE '\\' OR lower(f.order_no) LIKE ${a} ESCAPE '\\'
                  OR f.primary_domain LIKE ${a} ESCAPE '\\')"
            ),
            vec![SearchPlan::like(&term)],
        ),
        // A filing renumbered on import is found by its desk's number too.
        SearchPlan::OrderNo(no) => (format!("(f.order_no = ${a} OR f.legacy_order_no = ${a})"), vec![no]),
        SearchPlan::Cert(cert) => (format!("(f.cert_number = ${a} AND f.cert_number <> '')"), vec![cert]),
        SearchPlan::Prefix1 { from, to } => (
            format!(
                "f.id IN (SELECT filing_id FROM filing_bigrams WHERE gram >= ${a} AND gram < ${b} ORDER BY filing_id DESC LIMIT {cap})"
            ),
            vec![from, to],
        ),
        SearchPlan::Bigram(gram) => (
            format!(
                "f.id IN (SELECT filing_id FROM filing_bigrams WHERE gram = ${a} ORDER BY filing_id DESC LIMIT {cap})"
            ),
            vec![gram],
        ),
        SearchPlan::Substring { core, term } => {
            let candidates = format!(
                "f.id IN (SELECT filing_id FROM filing_search WHERE haystack LIKE ${a} ESCAPE '\\' ORDER BY filing_id DESC LIMIT {cap})"
            );
            if core == term {
                (candidates, vec![SearchPlan::like(&term)])
            } else {
                (
                    format!(
                        "{candidates} AND EXISTS (SELECT 1 FROM filing_search s WHERE s.filing_id = f.id AND s.haystack LIKE ${b} ESCAPE '\\')"
                    ),
                    vec![SearchPlan::like(&core), SearchPlan::like(&term)],
                )
            }
        }
    }
}

impl FilingOps for PgStore {
    fn create_filing(&mut self, doc: &FilingDocument, now: Timestamp) -> Result<FilingRecord, StoreError> {
        let mut ids = self.create_filings(std::slice::from_ref(doc), now, "created")?;
        let id = ids.pop().ok_or_else(|| StoreError::CorruptDocument("没有写入任何备案".into()))?;
        self.get_filing(id)
    }

    fn create_filings(&mut self, docs: &[FilingDocument], now: Timestamp, event: &str) -> Result<Vec<i64>, StoreError> {
        let ids = self.write(|tx| insert(tx, docs, now, event, ""))?;
        self.refresh_missing(&ids, now)?;
        Ok(ids)
    }

    fn get_filing(&self, id: i64) -> Result<FilingRecord, StoreError> {
        if self.viewer() {
            // A viewer edits nothing, whatever the status: the window shows the filing read-only.
            let sql = format!("{RECORD_MASKED} WHERE id = $1");
            let rec = self.read(|q| record(&q.opt(&sql, &[&id])?.ok_or_else(|| not_found(id))?))?;
            return Ok(FilingRecord { editable: false, ..rec });
        }
        self.read(|q| get(q, id))
    }

    fn find_by_order_no(&self, order_no: &str) -> Result<Option<i64>, StoreError> {
        self.read(|q| {
            q.opt("SELECT id FROM filings WHERE order_no = $1", &[&order_no])?.map(|r| Ok(r.try_get(0)?)).transpose()
        })
    }

    fn update_filing(
        &mut self,
        id: i64,
        doc: &FilingDocument,
        expected_revision: i64,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError> {
        let doc = &prepared(doc)?;
        let calendar = self.calendar.clone();
        self.write(|tx| {
            // Compare-and-set inside the locked row: of two desks saving from one revision, the
            // second waits here for the first to commit, then sees the new revision.
            let (status, revision) = lock(tx, id)?;
            if !status.is_editable() {
                return Err(StoreError::NotEditable { status });
            }
            if revision != expected_revision {
                return Err(StoreError::Conflict { expected: expected_revision, current: revision });
            }
            let d = derive(doc);
            let at = crate::time::stamp(now);
            let row = tx.one(
                "UPDATE filings SET filing_type = $2, subject_name = $3, province = $4, primary_domain = $5,
                        cert_number = $6, document = $7, document_masked = $10, revision = revision + 1,
                        updated_at = $8, missing_materials = NULL WHERE id = $1 AND revision = $9
                 RETURNING order_no, legacy_order_no",
                &[
                    &id,
                    &d.filing_type,
                    &d.subject_name,
                    &d.province,
                    &d.primary_domain,
                    &d.cert_number,
                    &Json(doc),
                    &at,
                    &expected_revision,
                    &Json(beian_core::mask::document(doc)),
                ],
            )?;
            let (order_no, legacy): (String, Option<String>) = (row.try_get(0)?, row.try_get(1)?);
            write_derived(tx, id, &order_no, legacy.as_deref(), doc)?;
            refresh_due(tx, &calendar, id, now)?;
            tx.exec(
                "INSERT INTO filing_events (filing_id, at, kind, note) VALUES ($1, $2, 'edited', '')",
                &[&id, &at],
            )?;
            Ok(())
        })?;
        self.refresh_missing(&[id], now)?;
        self.get_filing(id)
    }

    fn list_filings(&self, q: &ListQuery) -> Result<ListResult, StoreError> {
        let limit = i64::from(q.limit.unwrap_or(200).clamp(1, 1000));
        let offset = i64::from(q.offset.unwrap_or(0));
        let mut conditions: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(status) = q.status {
            args.push(status.code().into());
            conditions.push(format!("f.status = ${}", args.len()));
        }
        if let Some(province) = q.province.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            args.push(province.into());
            conditions.push(format!("f.province = ${}", args.len()));
        }
        if let Some(t) = q.filing_type {
            args.push(t.code().into());
            conditions.push(format!("f.filing_type = ${}", args.len()));
        }
        if let Some(p) = q.provider.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            args.push(p.into());
            conditions.push(format!("f.provider = ${}", args.len()));
        }
        if let Some(a) = q.provider_account.as_deref().map(str::trim) {
            args.push(a.into());
            conditions.push(format!("f.provider_account = ${}", args.len()));
        }
        if let Some(plan) = q.search.as_deref().and_then(search::plan) {
            let (cond, values) = search_condition(plan, args.len() + 1, self.viewer());
            conditions.push(cond);
            args.extend(values);
        }
        let filter = if conditions.is_empty() { "TRUE".to_owned() } else { conditions.join(" AND ") };
        let n = args.len();
        let sql = format!(
            "SELECT f.id, f.order_no, f.status, f.filing_type, f.subject_name, f.province, f.primary_domain,
                    f.updated_at, f.next_due, f.next_due_kind, f.missing_materials, f.services,
                    f.provider, f.provider_account
             FROM filings f WHERE {filter}
             ORDER BY f.urgency, f.updated_at DESC, f.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let (rows, counts, matching, by_provider) = self.read(|db| {
            let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> =
                args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
            let count_params = params.clone();
            params.push(&limit);
            params.push(&offset);
            let rows = db.rows(&sql, &params)?;
            let counts = db.rows("SELECT status, count FROM status_counts WHERE count > 0", &[])?;
            let matching: Option<i64> = if conditions.is_empty() {
                None
            } else {
                let sql = format!(
                    "SELECT count(*) FROM (SELECT 1 FROM filings f WHERE {filter} LIMIT {}) AS m",
                    COUNT_CAP + 1
                );
                Some(db.one(&sql, &count_params)?.try_get(0)?)
            };
            let by_provider = db.rows(
                "SELECT provider, provider_account, count(*) FROM filings GROUP BY provider, provider_account",
                &[],
            )?;
            Ok((rows, counts, matching, by_provider))
        })?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get(0)?;
            let status = status_from(r.try_get(2)?)?;
            let editable = status.is_editable() && !self.viewer();
            let missing = match r.try_get::<_, Option<i32>>(10)? {
                Some(n) => Some(count(n.into())),
                None if editable => Some(self.missing_count(id, Timestamp::now())?),
                None => None,
            };
            items.push(FilingSummary {
                id,
                order_no: r.try_get(1)?,
                status,
                editable,
                filing_type: r.try_get(3)?,
                subject_name: r.try_get(4)?,
                province: r.try_get(5)?,
                primary_domain: r.try_get(6)?,
                updated_at: r.try_get(7)?,
                next_due: r.try_get(8)?,
                next_due_kind: r.try_get(9)?,
                missing_materials: missing.filter(|_| editable),
                services: crate::filings::services_from(r.try_get(11)?),
                provider: r.try_get(12)?,
                provider_account: r.try_get(13)?,
            });
        }
        let mut status_counts = Vec::new();
        for r in &counts {
            status_counts.push(StatusCount { status: status_from(r.try_get(0)?)?, count: count(r.try_get(1)?) });
        }
        status_counts.sort_by_key(|c| FilingStatus::ALL.iter().position(|s| *s == c.status));
        let (total, total_capped) = match matching {
            None => (status_counts.iter().map(|c| c.count).sum(), false),
            Some(n) => (count(n).min(COUNT_CAP), count(n) > COUNT_CAP),
        };
        let mut provider_counts = Vec::new();
        for r in &by_provider {
            provider_counts.push(crate::filings::ProviderCount {
                provider: r.try_get(0)?,
                account: r.try_get(1)?,
                count: count(r.try_get(2)?),
            });
        }
        crate::filings::sort_provider_counts(&mut provider_counts);
        Ok(ListResult { items, total, total_capped, status_counts, provider_counts })
    }

    fn naive_like_search(&self, term: &str) -> Result<Vec<i64>, StoreError> {
        let pattern = format!("%{}%", term.to_lowercase());
        self.read(|q| {
            q.rows(
                "SELECT f.id FROM filings f WHERE lower(f.subject_name) LIKE $1 OR lower(f.order_no) LIKE $1
                   OR EXISTS (SELECT 1 FROM filing_domains d WHERE d.filing_id = f.id AND d.domain LIKE $1)
                 ORDER BY f.updated_at DESC LIMIT 50",
                &[&pattern],
            )?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
        })
    }

    fn filing_events(&self, id: i64) -> Result<Vec<FilingEvent>, StoreError> {
        let rows = self.read(|q| {
            if q.opt("SELECT 1 FROM filings WHERE id = $1", &[&id])?.is_none() {
                return Err(not_found(id));
            }
            q.rows(
                "SELECT id, at, kind, from_status, to_status, note, actor FROM filing_events WHERE filing_id = $1 ORDER BY id",
                &[&id],
            )
        })?;
        rows.iter()
            .map(|r| {
                Ok(FilingEvent {
                    id: r.try_get(0)?,
                    at: r.try_get(1)?,
                    kind: r.try_get(2)?,
                    from_status: r.try_get::<_, Option<&str>>(3)?.map(status_from).transpose()?,
                    to_status: r.try_get::<_, Option<&str>>(4)?.map(status_from).transpose()?,
                    note: r.try_get(5)?,
                    actor: Some(r.try_get(6)?),
                })
            })
            .collect()
    }

    fn all_filing_ids(&self) -> Result<Vec<i64>, StoreError> {
        self.read(|q| q.rows("SELECT id FROM filings ORDER BY id", &[])?.iter().map(|r| Ok(r.try_get(0)?)).collect())
    }
}
