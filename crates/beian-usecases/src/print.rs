//! Printing and its record: the window's print dialog and `beian print` render the same views of
//! the same filings, and a page with full personal data is recorded in each filing's history (and
//! the audit trail) before anyone can have it.

use beian_print::{PrintError, PrintOptions, ViewKind};
use beian_store::Store;
use jiff::Timestamp;
use serde::Serialize;
use specta::Type;

use crate::UseCaseError;

/// Most filings printed in one job.
pub const MAX_BATCH: usize = 200;

/// What to print.
#[derive(Debug, Clone)]
pub struct PrintRequest {
    pub kind: ViewKind,
    /// The filings, each on its own sheet.
    pub ids: Vec<i64>,
    /// Certificate numbers, phones and e-mails in full (recorded).
    pub full: bool,
    /// The phone hand-off link (the hand-off sheet only).
    pub handoff_url: Option<String>,
}

/// A rendered print job: one self-contained HTML document.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PrintJob {
    pub html: String,
    pub title: String,
    pub filings: u32,
    /// Printed with full personal data (and recorded in the history).
    pub full: bool,
}

/// Renders the view of the filings and, for a full-data print, records it in each filing's history
/// before returning the page. Refused, with nothing recorded, for no filings, too many, a link on
/// another view than the hand-off sheet, or a bad link.
pub fn print(store: &mut Store, request: PrintRequest, now: Timestamp) -> Result<PrintJob, UseCaseError> {
    let PrintRequest { kind, ids, full, handoff_url } = request;
    if ids.len() > MAX_BATCH {
        return Err(beian_store::StoreError::Invalid {
            field: "ids".into(),
            message: format!("一次最多打印 {MAX_BATCH} 份备案"),
        }
        .into());
    }
    let handoff_url = handoff_url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    if handoff_url.is_some() && kind != ViewKind::Handoff {
        return Err(beian_store::StoreError::Invalid {
            field: "handoff_url".into(),
            message: "手机上传链接只用于手机拍照交接单".into(),
        }
        .into());
    }
    let filings = ids.iter().map(|&id| beian_print::gather(store, id, now)).collect::<Result<Vec<_>, _>>()?;
    let opts = PrintOptions { full, printed_at: now, handoff_url };
    let html = beian_print::render(kind, &filings, &opts)?;
    if full {
        store.record_printed_full(&ids, kind.label_zh(), now)?;
    }
    let title = match filings.as_slice() {
        [one] => format!("{} {}", kind.label_zh(), one.order_no),
        many => format!("{}（{} 份）", kind.label_zh(), many.len()),
    };
    Ok(PrintJob { html, title, filings: u32::try_from(filings.len()).unwrap_or(u32::MAX), full })
}

impl From<PrintError> for UseCaseError {
    fn from(e: PrintError) -> Self {
        UseCaseError::Print(e)
    }
}
