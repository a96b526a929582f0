//! Printing: the print views are rendered in Rust (`beian-print`, the same pages `beian print`
//! writes) and handed to the window, which shows them in a print preview (a same-origin
//! `<iframe srcdoc>`) and prints them through the system print dialog (`print()` of that frame;
//! WebKitGTK runs the GTK print dialog for the frame, which also offers 打印到文件 / PDF).
//!
//! Full personal data is printed only when staff tick the box, and every such print is recorded in
//! the history of each filing printed, before the page is handed over.

use beian_print::ViewKind;
pub use beian_usecases::print::{MAX_BATCH, PrintJob};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Runtime};

use crate::error::IpcResult;

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// A print view and its label, for the menu.
#[derive(Debug, Serialize, Type)]
pub struct PrintKindInfo {
    pub kind: ViewKind,
    pub label: beian_core::labels::Label,
}

/// The print views, in menu order.
#[tauri::command]
#[specta::specta]
pub fn print_kinds() -> Vec<PrintKindInfo> {
    ViewKind::ALL
        .iter()
        .map(|&kind| PrintKindInfo { kind, label: beian_core::labels::Label::new(kind.label_zh(), kind.label_en()) })
        .collect()
}

/// Renders `kind` for the filings `ids` (each on its own page). With `full`, certificate numbers,
/// phones and e-mails are printed in full and a `printed_full` entry is added to each filing's
/// history first.
#[tauri::command]
#[specta::specta]
pub async fn render_print<R: Runtime>(
    app: AppHandle<R>,
    kind: ViewKind,
    ids: Vec<i64>,
    full: bool,
    handoff_url: Option<String>,
) -> IpcResult<PrintJob> {
    let request = beian_usecases::print::PrintRequest { kind, ids, full, handoff_url };
    crate::state::blocking(app, move |s| Ok(beian_usecases::print::print(&mut *s.store()?, request, now())?)).await
}
