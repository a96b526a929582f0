//! A filing's life in the store: status transitions with their history, the next deadline kept in
//! step for the dashboard, the registry the filing-type check reads, product-verification quotas.

use beian_core::filing_type::{KnownFiling, Registry};
use beian_core::model::FilingDocument;
use beian_core::product::{self, ProductUse};
use beian_core::schedule::{self, StatusChange};
use beian_core::status::FilingStatus;
use beian_core::workflow::{self, ActionRequest};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::db::SqliteStore;
use crate::engine::{FilingOps, WorkflowOps};
use crate::error::StoreError;
use crate::filings::FilingRecord;

fn status(code: &str) -> Result<FilingStatus, StoreError> {
    FilingStatus::from_code(code).ok_or_else(|| StoreError::CorruptDocument(format!("未知状态 {code}")))
}

/// The status changes of a filing, oldest first (what the schedule reads).
pub(crate) fn status_changes(conn: &Connection, id: i64) -> Result<Vec<StatusChange>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, from_status, to_status FROM filing_events WHERE filing_id = ?1 AND to_status IS NOT NULL ORDER BY id",
    )?;
    let rows = stmt
        .query_map(params![id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(at, from, to)| {
            Ok(StatusChange {
                at: crate::time::parse(&at)?,
                from: from.as_deref().map(status).transpose()?,
                to: status(&to)?,
            })
        })
        .collect()
}

/// A filing's place and its status changes: what reminders and review-time statistics need of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct Timeline {
    pub id: i64,
    pub order_no: String,
    pub subject_name: String,
    pub status: FilingStatus,
    pub province: String,
    pub provider: String,
    pub provider_account: String,
    pub events: Vec<StatusChange>,
}

/// Which filings' timelines to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    /// Only filings still in progress (not approved, withdrawn or expired).
    pub open_only: bool,
    /// Only filings of subjects in this province / at this provider (exactly, as stored).
    pub province: Option<String>,
    pub provider: Option<String>,
}

impl TimelineFilter {
    /// The two text parameters of [`timelines_sql`] (`''`: any).
    pub(crate) fn params(&self) -> [String; 2] {
        [self.province.clone().unwrap_or_default(), self.provider.clone().unwrap_or_default()]
    }
}

/// The timelines' one query, the same SQL on both engines (`$1` the province, `$2` the provider,
/// `''` for any; SQLite binds `$N` by position as PostgreSQL does): filings joined to their
/// status changes, in filing then event order.
pub(crate) fn timelines_sql(filter: &TimelineFilter) -> String {
    let open = if filter.open_only { format!(" AND f.status IN ({OPEN})") } else { String::new() };
    format!(
        "SELECT f.id, f.order_no, f.subject_name, f.status, f.province, f.provider, f.provider_account, \
         e.at, e.from_status, e.to_status FROM filings f JOIN filing_events e ON e.filing_id = f.id \
         WHERE e.to_status IS NOT NULL AND ($1 = '' OR f.province = $1) AND ($2 = '' OR f.provider = $2){open} \
         ORDER BY f.id, e.id"
    )
}

/// One row of [`timelines_sql`], as read by either engine.
pub(crate) struct TimelineRow {
    pub id: i64,
    pub order_no: String,
    pub subject_name: String,
    pub status: String,
    pub province: String,
    pub provider: String,
    pub provider_account: String,
    pub at: String,
    pub from: Option<String>,
    pub to: String,
}

/// Groups the rows of [`timelines_sql`] into timelines.
pub(crate) fn group_timelines(rows: Vec<TimelineRow>) -> Result<Vec<Timeline>, StoreError> {
    let mut out: Vec<Timeline> = Vec::new();
    for r in rows {
        let change = StatusChange {
            at: crate::time::parse(&r.at)?,
            from: r.from.as_deref().map(status).transpose()?,
            to: status(&r.to)?,
        };
        match out.last_mut() {
            Some(t) if t.id == r.id => t.events.push(change),
            _ => out.push(Timeline {
                id: r.id,
                order_no: r.order_no,
                subject_name: r.subject_name,
                status: status(&r.status)?,
                province: r.province,
                provider: r.provider,
                provider_account: r.provider_account,
                events: vec![change],
            }),
        }
    }
    Ok(out)
}

/// The statuses of an order still in progress (what reminders look at).
pub(crate) const OPEN: &str = "'draft', 'materials', 'ready_to_confirm', 'submitted', 'mail_papers', 'sms_verification', 'to_bureau', 'bureau_review', 'rejected'";

/// What the caller's check of a filing found, for [`WorkflowOps::apply_action`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    /// The revision of the document that was checked.
    pub revision: i64,
    /// Its error diagnostics.
    pub errors: u32,
}

/// The next deadline's columns (`next_due`, `next_due_kind`) of a filing in `status` with these
/// status changes, whatever the engine.
pub(crate) fn due_columns(
    status: FilingStatus,
    events: &[StatusChange],
    province: &str,
    provider: &str,
    cal: &beian_core::calendar::Calendar,
    now: Timestamp,
) -> (Option<String>, Option<String>) {
    match schedule::next_deadline_at(status, events, province, provider, cal, now) {
        Some(d) => (
            Some(crate::time::stamp(d.due)),
            serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_owned)),
        ),
        None => (None, None),
    }
}

/// Recomputes the filing's next deadline (for the dashboard's urgency order).
pub(crate) fn refresh_due(
    conn: &Connection,
    cal: &beian_core::calendar::Calendar,
    id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let (st, province, provider): (String, String, String) =
        conn.query_row("SELECT status, province, provider FROM filings WHERE id = ?1", params![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let events = status_changes(conn, id)?;
    let (due, kind) = due_columns(status(&st)?, &events, &province, &provider, cal, now);
    conn.execute(
        "UPDATE filings SET next_due = ?2, next_due_kind = ?3, urgency = coalesce(?2, '~') WHERE id = ?1",
        params![id, due, kind],
    )?;
    Ok(())
}

/// One product-verification row of a filing: (website index, product code, instance, service number).
pub(crate) type ProductRow = (i64, &'static str, Option<String>, Option<String>);

/// The product-verification rows of a document (websites naming an instance or a service number).
pub(crate) fn product_rows(doc: &FilingDocument) -> Vec<ProductRow> {
    let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    doc.websites
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let instance = clean(&w.product.instance_id);
            let service = clean(&w.product.service_number).map(|s| s.to_lowercase());
            (instance.is_some() || service.is_some()).then(|| (i as i64, w.product.kind.code(), instance, service))
        })
        .collect()
}

/// Rewrites the product-verification rows of a filing.
pub(crate) fn write_products(conn: &Connection, id: i64, doc: &FilingDocument) -> Result<(), StoreError> {
    conn.execute("DELETE FROM filing_products WHERE filing_id = ?1", params![id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO filing_products (filing_id, website, product, instance_id, service_number) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (website, product, instance, service) in product_rows(doc) {
        stmt.execute(params![id, website, product, instance, service])?;
    }
    Ok(())
}

/// The subject's certificate number and every domain key of a document: what the filing-type
/// check looks other filings up by.
pub(crate) fn registry_keys(doc: &FilingDocument) -> (String, Vec<String>) {
    let cert = beian_core::cert::normalize(&doc.subject.cert_number);
    let domains: Vec<String> = doc
        .websites
        .iter()
        .flat_map(|w| w.domains.iter())
        .map(|d| beian_core::domain::key(d))
        .filter(|d| !d.is_empty())
        .collect();
    (cert, domains)
}

/// The registry of the filings `ids` (found by an engine's lookup), leaving out the current one.
pub(crate) fn registry_of<S: FilingOps + ?Sized>(
    s: &S,
    mut ids: Vec<i64>,
    current_order_no: Option<&str>,
) -> Result<Registry, StoreError> {
    ids.sort_unstable();
    ids.dedup();
    let mut filings = Vec::with_capacity(ids.len());
    for id in ids {
        let rec = s.get_filing(id)?;
        if Some(rec.order_no.as_str()) == current_order_no {
            continue;
        }
        filings.push(KnownFiling {
            id: Some(rec.id),
            ..KnownFiling::from_document(&rec.order_no, rec.status, &rec.document)
        });
    }
    Ok(Registry { current_order_no: current_order_no.map(str::to_owned), filings })
}

/// The product uses of the filings `ids` (found by an engine's lookup), leaving out the current one.
pub(crate) fn product_uses_of<S: FilingOps + ?Sized>(
    s: &S,
    mut ids: Vec<i64>,
    current_order_no: Option<&str>,
) -> Result<Vec<ProductUse>, StoreError> {
    ids.sort_unstable();
    ids.dedup();
    let mut uses = Vec::new();
    for id in ids {
        let rec = s.get_filing(id)?;
        if Some(rec.order_no.as_str()) == current_order_no {
            continue;
        }
        uses.extend(product::product_uses(&rec.order_no, rec.status, &rec.document));
    }
    Ok(uses)
}

/// The instances and (lower-cased) service numbers a document names.
pub(crate) fn product_keys(doc: &FilingDocument) -> (Vec<String>, Vec<String>) {
    let mut instances = Vec::new();
    let mut services = Vec::new();
    for w in &doc.websites {
        if let Some(i) = w.product.instance_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            instances.push(i.to_owned());
        }
        if let Some(s) = w.product.service_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            services.push(s.to_lowercase());
        }
    }
    (instances, services)
}

/// The statuses whose order can run out of its days ([`FilingStatus::lapses`]), for SQL.
pub(crate) const EXPIRABLE: &str = "'submitted', 'mail_papers', 'sms_verification', 'to_bureau', 'bureau_review'";

/// Expires those of `candidates` (id, order number) whose 45 days have run out, through the
/// engine's own `apply_action`, whatever the engine. Returns the order numbers expired.
pub(crate) fn expire_candidates<S: FilingOps + WorkflowOps + ?Sized>(
    s: &mut S,
    candidates: Vec<(i64, String)>,
    now: Timestamp,
) -> Result<Vec<String>, StoreError> {
    let mut expired = Vec::new();
    for (id, order_no) in candidates {
        let events = s.status_changes(id)?;
        let provider = s.get_filing(id)?.document.provider;
        if !schedule::order_lapsed(&provider, &events, now) {
            continue;
        }
        let request = ActionRequest {
            kind: workflow::ActionKind::Expire,
            reason: None,
            confirmed: false,
            note: Some(schedule::validity_wording(&provider)),
        };
        let revision = s.get_filing(id)?.revision;
        // Expiry judges no data: the check's error count does not matter to it.
        match s.apply_action(id, request, Checked { revision, errors: 0 }, now) {
            Ok(_) => expired.push(order_no),
            // The state machine says no, or a colleague moved it meanwhile: leave it.
            Err(StoreError::Transition(_) | StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(expired)
}

/// What a follow-up filing starts as: the original, checked, and the new draft's document and
/// history note (refused, with the reasons, when the original is not approved or another order of
/// the subject is open).
pub(crate) fn follow_up_draft<S: FilingOps + WorkflowOps + ?Sized>(
    s: &S,
    original_id: i64,
    filing_type: beian_core::FilingType,
) -> Result<(FilingDocument, String), StoreError> {
    let original = s.get_filing(original_id)?;
    let registry = s.registry_for(Some(&original.order_no), &original.document)?;
    let known = KnownFiling::from_document(&original.order_no, original.status, &original.document);
    let blockers = beian_core::filing_type::check_follow_up(filing_type, &known, &registry);
    if !blockers.is_empty() {
        let message = blockers.iter().map(|b| b.message.as_str()).collect::<Vec<_>>().join("；");
        return Err(StoreError::Invalid { field: "filing_type".into(), message });
    }
    let mut doc = original.document.clone();
    doc.filing_type = Some(filing_type);
    doc.as_of = None;
    doc.subject.filed.with = beian_core::model::FiledWith::Here;
    for w in &mut doc.websites {
        w.filed.with = beian_core::model::FiledWith::Here;
    }
    let note = format!("基于已通过的备案 {} 发起{}", original.order_no, filing_type.label_zh());
    Ok((doc, note))
}

impl WorkflowOps for SqliteStore {
    fn apply_action(
        &mut self,
        id: i64,
        request: ActionRequest,
        checked: Checked,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError> {
        // Status and revision only: the caller has read and checked the document already.
        let (current, revision): (String, i64) = self
            .conn
            .query_row("SELECT status, revision FROM filings WHERE id = ?1", params![id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "备案", id: id.to_string() })?;
        if revision != checked.revision {
            return Err(StoreError::Conflict { expected: checked.revision, current: revision });
        }
        let note = request.note.clone();
        let action = request.into_action(checked.errors);
        let step = workflow::apply(status(&current)?, &action, note.as_deref())?;
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let at = crate::time::stamp(now);
        let changed = tx.execute(
            "UPDATE filings SET status = ?2, revision = revision + 1, updated_at = ?3
             WHERE id = ?1 AND status = ?4 AND revision = ?5",
            params![id, step.to.code(), at, step.from.code(), checked.revision],
        )?;
        if changed != 1 {
            return Err(StoreError::Conflict { expected: checked.revision, current: checked.revision + 1 });
        }
        tx.execute(
            "INSERT INTO filing_events (filing_id, at, kind, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, at, step.action.code(), step.from.code(), step.to.code(), step.note],
        )?;
        refresh_due(&tx, &self.calendar, id, now)?;
        tx.commit()?;
        self.get_filing(id)
    }

    fn expire_lapsed(&mut self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        let candidates: Vec<(i64, String)> = {
            let mut stmt =
                self.conn.prepare(&format!("SELECT id, order_no FROM filings WHERE status IN ({EXPIRABLE})"))?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?
        };
        expire_candidates(self, candidates, now)
    }

    fn status_changes(&self, id: i64) -> Result<Vec<StatusChange>, StoreError> {
        self.get_filing(id)?;
        status_changes(&self.conn, id)
    }

    fn timelines(&self, filter: &TimelineFilter) -> Result<Vec<Timeline>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&timelines_sql(filter))?;
        let [province, provider] = filter.params();
        let rows = stmt
            .query_map(params![province, provider], |r| {
                Ok(TimelineRow {
                    id: r.get(0)?,
                    order_no: r.get(1)?,
                    subject_name: r.get(2)?,
                    status: r.get(3)?,
                    province: r.get(4)?,
                    provider: r.get(5)?,
                    provider_account: r.get(6)?,
                    at: r.get(7)?,
                    from: r.get(8)?,
                    to: r.get(9)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        group_timelines(rows)
    }

    fn registry_for(&self, current_order_no: Option<&str>, doc: &FilingDocument) -> Result<Registry, StoreError> {
        let (cert, domains) = registry_keys(doc);
        let mut ids: Vec<i64> = Vec::new();
        if !cert.is_empty() {
            let mut stmt = self.conn.prepare_cached("SELECT id FROM filings WHERE cert_number = ?1 LIMIT 500")?;
            ids.extend(stmt.query_map(params![cert], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?);
        }
        let mut stmt = self.conn.prepare_cached("SELECT filing_id FROM filing_domains WHERE domain = ?1 LIMIT 500")?;
        for d in &domains {
            ids.extend(stmt.query_map(params![d], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?);
        }
        registry_of(self, ids, current_order_no)
    }

    fn product_uses_for(
        &self,
        current_order_no: Option<&str>,
        doc: &FilingDocument,
    ) -> Result<Vec<ProductUse>, StoreError> {
        let (instances, services) = product_keys(doc);
        let mut ids: Vec<i64> = Vec::new();
        let mut by_instance =
            self.conn.prepare_cached("SELECT filing_id FROM filing_products WHERE instance_id = ?1")?;
        for i in &instances {
            ids.extend(by_instance.query_map(params![i], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?);
        }
        let mut by_service =
            self.conn.prepare_cached("SELECT filing_id FROM filing_products WHERE service_number = ?1")?;
        for s in &services {
            ids.extend(by_service.query_map(params![s], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?);
        }
        product_uses_of(self, ids, current_order_no)
    }

    fn order_no_of(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT order_no FROM filings WHERE id = ?1", params![id], |r| r.get(0)).optional()?)
    }

    fn start_follow_up(
        &mut self,
        original_id: i64,
        filing_type: beian_core::FilingType,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError> {
        let (doc, note) = follow_up_draft(self, original_id, filing_type)?;
        // The draft, its link to the original and the history note: one transaction, so that a
        // follow-up never exists without knowing what it follows.
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let id = crate::filings::insert_filings(&tx, std::slice::from_ref(&doc), now, "created")?
            .pop()
            .ok_or_else(|| StoreError::CorruptDocument("没有写入任何备案".into()))?;
        tx.execute("UPDATE filings SET original_id = ?2 WHERE id = ?1", params![id, original_id])?;
        tx.execute("UPDATE filing_events SET note = ?2 WHERE filing_id = ?1 AND kind = 'created'", params![id, note])?;
        tx.commit()?;
        self.refresh_missing(&[id], now)?;
        self.get_filing(id)
    }

    fn original_of(&self, id: i64) -> Result<Option<FilingRecord>, StoreError> {
        let original: Option<i64> = self
            .conn
            .query_row("SELECT original_id FROM filings WHERE id = ?1", params![id], |r| r.get(0))
            .optional()?
            .flatten();
        original.map(|o| self.get_filing(o)).transpose()
    }
}

#[cfg(test)]
mod open_tests {
    use beian_core::status::FilingStatus;

    /// The SQL list of open statuses is the core's `is_open`, no more, no less.
    #[test]
    fn the_open_statuses_in_sql_are_the_core_s() {
        let listed: Vec<&str> = super::OPEN.split(',').map(|s| s.trim().trim_matches('\'')).collect();
        let open: Vec<&str> = FilingStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect();
        assert_eq!(listed, open);
    }

    /// The SQL list of statuses that lapse is the core's `lapses`.
    #[test]
    fn the_expirable_statuses_in_sql_are_the_core_s() {
        let listed: Vec<&str> = super::EXPIRABLE.split(',').map(|s| s.trim().trim_matches('\'')).collect();
        let lapsing: Vec<&str> = FilingStatus::ALL.iter().filter(|s| s.lapses()).map(|s| s.code()).collect();
        assert_eq!(listed, lapsing);
    }
}
