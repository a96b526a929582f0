//! A filing's life on PostgreSQL: actions on the locked row, expiry, the registry and product
//! lookups, follow-ups.

use beian_core::filing_type::{KnownFiling, Registry};
use beian_core::model::FilingDocument;
use beian_core::product::ProductUse;
use beian_core::schedule::StatusChange;
use beian_core::workflow::{self, ActionRequest};
use jiff::Timestamp;
use postgres::GenericClient;

use super::filings::{get, lock, refresh_due};
use super::{PgStore, Q};
use crate::engine::{FilingOps, WorkflowOps};
use crate::error::StoreError;
use crate::filings::{FilingRecord, status_from};
use crate::workflow::{Checked, EXPIRABLE};

/// The status changes of filing `id`, oldest first.
pub(super) fn changes<C: GenericClient>(q: &mut Q<'_, C>, id: i64) -> Result<Vec<StatusChange>, StoreError> {
    q.rows(
        "SELECT at, from_status, to_status FROM filing_events WHERE filing_id = $1 AND to_status IS NOT NULL ORDER BY id",
        &[&id],
    )?
    .iter()
    .map(|r| {
        Ok(StatusChange {
            at: crate::time::parse(r.try_get(0)?)?,
            from: r.try_get::<_, Option<&str>>(1)?.map(status_from).transpose()?,
            to: status_from(r.try_get(2)?)?,
        })
    })
    .collect()
}

/// The registry of the filings sharing `doc`'s certificate number or a domain, read on `q` (inside
/// a transaction: what it sees is what the transaction locked), leaving out `current_order_no`.
fn registry_on<C: GenericClient>(
    q: &mut Q<'_, C>,
    current_order_no: Option<&str>,
    doc: &FilingDocument,
) -> Result<Registry, StoreError> {
    let (cert, domains) = crate::workflow::registry_keys(doc);
    let mut ids = Vec::new();
    if !cert.is_empty() {
        ids.extend(ids_of(q, "SELECT id FROM filings WHERE cert_number = $1 LIMIT 500", &cert)?);
    }
    for d in &domains {
        ids.extend(ids_of(q, "SELECT filing_id FROM filing_domains WHERE domain = $1 LIMIT 500", d)?);
    }
    ids.sort_unstable();
    ids.dedup();
    let mut filings = Vec::with_capacity(ids.len());
    for id in ids {
        let rec = get(q, id)?;
        if Some(rec.order_no.as_str()) != current_order_no {
            filings.push(KnownFiling::from_document(&rec.order_no, rec.status, &rec.document));
        }
    }
    Ok(Registry { current_order_no: current_order_no.map(str::to_owned), filings })
}

fn ids_of<C: GenericClient>(q: &mut Q<'_, C>, sql: &str, key: &str) -> Result<Vec<i64>, StoreError> {
    q.rows(sql, &[&key])?.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

impl WorkflowOps for PgStore {
    fn apply_action(
        &mut self,
        id: i64,
        request: ActionRequest,
        checked: Checked,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError> {
        let calendar = self.calendar.clone();
        self.write(|tx| {
            // The row the caller checked is the row locked here, or the action is refused: a
            // colleague's edit after the check cannot be submitted unchecked.
            let (status, revision) = lock(tx, id)?;
            if revision != checked.revision {
                return Err(StoreError::Conflict { expected: checked.revision, current: revision });
            }
            let note = request.note.clone();
            let action = request.clone().into_action(checked.errors);
            let step = workflow::apply(status, &action, note.as_deref())?;
            let at = crate::time::stamp(now);
            tx.exec(
                "UPDATE filings SET status = $2, revision = revision + 1, updated_at = $3 WHERE id = $1",
                &[&id, &step.to.code(), &at],
            )?;
            tx.exec(
                "INSERT INTO filing_events (filing_id, at, kind, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6)",
                &[&id, &at, &step.action.code(), &step.from.code(), &step.to.code(), &step.note],
            )?;
            refresh_due(tx, &calendar, id, now)?;
            get(tx, id)
        })
    }

    fn expire_lapsed(&mut self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        let candidates: Vec<(i64, String)> = self.read(|q| {
            q.rows(&format!("SELECT id, order_no FROM filings WHERE status IN ({EXPIRABLE}) ORDER BY id"), &[])?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect()
        })?;
        crate::workflow::expire_candidates(self, candidates, now)
    }

    fn status_changes(&self, id: i64) -> Result<Vec<StatusChange>, StoreError> {
        self.read(|q| {
            if q.opt("SELECT 1 FROM filings WHERE id = $1", &[&id])?.is_none() {
                return Err(StoreError::NotFound { what: "备案", id: id.to_string() });
            }
            changes(q, id)
        })
    }

    fn timelines(
        &self,
        filter: &crate::workflow::TimelineFilter,
    ) -> Result<Vec<crate::workflow::Timeline>, StoreError> {
        let [province, provider] = filter.params();
        let rows = self.read(|q| {
            q.rows(&crate::workflow::timelines_sql(filter), &[&province, &provider])?
                .iter()
                .map(|r| {
                    Ok(crate::workflow::TimelineRow {
                        id: r.try_get(0)?,
                        order_no: r.try_get(1)?,
                        subject_name: r.try_get(2)?,
                        status: r.try_get(3)?,
                        province: r.try_get(4)?,
                        provider: r.try_get(5)?,
                        provider_account: r.try_get(6)?,
                        at: r.try_get(7)?,
                        from: r.try_get(8)?,
                        to: r.try_get(9)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })?;
        crate::workflow::group_timelines(rows)
    }

    fn registry_for(&self, current_order_no: Option<&str>, doc: &FilingDocument) -> Result<Registry, StoreError> {
        if self.viewer() {
            // A viewer reads no certificate numbers: the registry is the staff's to judge.
            return Ok(Registry { current_order_no: current_order_no.map(str::to_owned), filings: Vec::new() });
        }
        self.read(|q| registry_on(q, current_order_no, doc))
    }

    fn product_uses_for(
        &self,
        current_order_no: Option<&str>,
        doc: &FilingDocument,
    ) -> Result<Vec<ProductUse>, StoreError> {
        if self.viewer() {
            return Ok(Vec::new());
        }
        let (instances, services) = crate::workflow::product_keys(doc);
        let ids = self.read(|q| {
            let mut ids = Vec::new();
            for i in &instances {
                ids.extend(ids_of(q, "SELECT filing_id FROM filing_products WHERE instance_id = $1", i)?);
            }
            for s in &services {
                ids.extend(ids_of(q, "SELECT filing_id FROM filing_products WHERE service_number = $1", s)?);
            }
            Ok(ids)
        })?;
        crate::workflow::product_uses_of(self, ids, current_order_no)
    }

    fn order_no_of(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.read(|q| {
            q.opt("SELECT order_no FROM filings WHERE id = $1", &[&id])?.map(|r| Ok(r.try_get(0)?)).transpose()
        })
    }

    fn start_follow_up(
        &mut self,
        original_id: i64,
        filing_type: beian_core::FilingType,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError> {
        let (doc, note) = crate::workflow::follow_up_draft(self, original_id, filing_type)?;
        let id = self.write(|tx| {
            // The original stays locked while its follow-up is made: two desks starting one at once
            // are one after the other, and the second, checking again under the lock, sees the
            // first's open order and is refused.
            lock(tx, original_id)?;
            let original = get(tx, original_id)?;
            let registry = registry_on(tx, Some(&original.order_no), &original.document)?;
            let known = KnownFiling::from_document(&original.order_no, original.status, &original.document);
            let blockers = beian_core::filing_type::check_follow_up(filing_type, &known, &registry);
            if !blockers.is_empty() {
                let message = blockers.iter().map(|b| b.message.as_str()).collect::<Vec<_>>().join("；");
                return Err(StoreError::Invalid { field: "filing_type".into(), message });
            }
            let id = super::filings::insert(tx, std::slice::from_ref(&doc), now, "created", &note)?
                .pop()
                .ok_or_else(|| StoreError::CorruptDocument("没有写入任何备案".into()))?;
            tx.exec("UPDATE filings SET original_id = $2 WHERE id = $1", &[&id, &original_id])?;
            Ok(id)
        })?;
        self.refresh_missing(&[id], now)?;
        self.get_filing(id)
    }

    fn original_of(&self, id: i64) -> Result<Option<FilingRecord>, StoreError> {
        let original: Option<i64> = self.read(|q| {
            Ok(q.opt("SELECT original_id FROM filings WHERE id = $1", &[&id])?
                .map(|r| r.try_get(0))
                .transpose()?
                .flatten())
        })?;
        original.map(|o| self.get_filing(o)).transpose()
    }
}
