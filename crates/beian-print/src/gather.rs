//! What the views need of a stored filing: its record, its plan (as the app's overview computes
//! it, with this store's registry) and the SMS deadline if the order waits for the code.

use beian_core::calendar::cst_now_date;
use beian_core::schedule::{self, DeadlineKind};
use beian_store::{Store, StoreError};
use jiff::Timestamp;

use crate::PrintFiling;

/// Reads filing `id` for printing at `now`.
pub fn gather(store: &Store, id: i64, now: Timestamp) -> Result<PrintFiling, StoreError> {
    let rec = store.get_filing(id)?;
    let registry = store.registry_for(Some(&rec.order_no), &rec.document)?;
    let plan = beian_core::plan::plan(&rec.document, &registry, store.calendar(), cst_now_date(now));
    let events = store.status_changes(id)?;
    let deadlines = schedule::deadlines_at(
        rec.status,
        &events,
        &rec.document.subject.region.province,
        &rec.document.provider,
        store.calendar(),
        now,
    );
    let sms_due = deadlines.iter().find(|d| d.kind == DeadlineKind::SmsVerification).map(|d| d.due);
    Ok(PrintFiling { order_no: rec.order_no, status: rec.status, document: rec.document, plan, sms_due })
}
