//! Printing: the print views are rendered in Rust (`beian-print`, the same pages `beian print`
//! writes) and handed to the window, which shows them in a print preview (a same-origin
//! `<iframe srcdoc>`) and prints them through the system print dialog (`print()` of that frame;
//! WebKitGTK runs the GTK print dialog for the frame, which also offers 打印到文件 / PDF).
//!
//! Full personal data is printed only when staff tick the box, and every such print is recorded in
//! the history of each filing printed, before the page is handed over.

use beian_print::{PrintError, PrintOptions, ViewKind};
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::state::AppState;

/// At most this many filings in one print job (a batch from the dashboard).
pub const MAX_BATCH: usize = 200;

/// A print view and its label, for the menu.
#[derive(Debug, Serialize, Type)]
pub struct PrintKindInfo {
    pub kind: ViewKind,
    pub label: String,
}

/// A rendered print job: one self-contained HTML document, one sheet (or more) per filing.
#[derive(Debug, Serialize, Type)]
pub struct PrintJob {
    pub html: String,
    pub title: String,
    pub filings: u32,
    /// Printed with full personal data (and recorded in the history).
    pub full: bool,
}

impl From<PrintError> for IpcError {
    fn from(e: PrintError) -> Self {
        let field = match e {
            PrintError::BadUrl(_) | PrintError::UrlTooLong(_) => "handoff_url",
            PrintError::Empty | PrintError::UrlForSeveral => "ids",
        };
        IpcError { code: ErrorCode::Invalid, message: e.to_string(), field: Some(field.to_owned()) }
    }
}

/// The print views, in menu order.
#[tauri::command]
#[specta::specta]
pub fn print_kinds() -> Vec<PrintKindInfo> {
    ViewKind::ALL.iter().map(|&kind| PrintKindInfo { kind, label: kind.label_zh().to_owned() }).collect()
}

/// Renders `kind` for the filings `ids` (each on its own page). With `full`, certificate numbers,
/// phones and e-mails are printed in full and a `printed_full` entry is added to each filing's
/// history first.
#[tauri::command]
#[specta::specta]
pub fn render_print(
    state: State<'_, AppState>,
    kind: ViewKind,
    ids: Vec<i64>,
    full: bool,
    handoff_url: Option<String>,
) -> IpcResult<PrintJob> {
    if ids.len() > MAX_BATCH {
        return Err(IpcError::invalid("ids", format!("一次最多打印 {MAX_BATCH} 份备案")));
    }
    let handoff_url = handoff_url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    let mut store = state.store()?;
    let now = jiff::Timestamp::now();
    let filings = ids.iter().map(|&id| beian_print::gather(&store, id, now)).collect::<Result<Vec<_>, _>>()?;
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
