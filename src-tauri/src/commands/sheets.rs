//! Spreadsheets in the window: the list's filings as Excel (what the filter shows), the intake
//! template, and 导入 of a filled workbook — read and checked first (every problem at its cell, the
//! rulebook's findings per row), stored only when staff confirm, all or none.

use beian_store::ListQuery;
use beian_usecases::sheet::{self, Intake, SheetErrors};
use serde::Serialize;
use specta::Type;
use tauri::Runtime;

use crate::error::{ErrorCode, IpcError, IpcResult};

fn sheet_error(e: sheet::SheetError) -> IpcError {
    match e {
        sheet::SheetError::Store(e) => e.into(),
        e @ sheet::SheetError::TooManyRows { .. } => IpcError::new(ErrorCode::Invalid, e.to_string(), None),
        e => IpcError::new(ErrorCode::Storage, e.to_string(), None),
    }
}

/// How an export went.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SheetSaved {
    pub filings: u32,
    pub rows: u32,
}

/// The filings `query` shows (every page of it) as a workbook at `path` (a save dialog's `.xlsx`);
/// masked unless `full`, which is recorded in the audit trail before the file is written.
#[tauri::command]
#[specta::specta]
pub async fn export_xlsx<R: Runtime>(
    app: tauri::AppHandle<R>,
    query: ListQuery,
    full: bool,
    path: String,
) -> IpcResult<SheetSaved> {
    let target = crate::commands::output_path(&path, "xlsx")?;
    crate::state::blocking(app, move |s| {
        let mut query = query;
        query.limit = None;
        query.offset = None;
        let out =
            sheet::export_xlsx(&mut *s.store()?, &query, full, "app", jiff::Timestamp::now()).map_err(sheet_error)?;
        crate::commands::write_output(&target, &out.bytes)?;
        Ok(SheetSaved { filings: out.filings as u32, rows: out.rows as u32 })
    })
    .await
}

/// The intake workbook a client fills in, at `path` (a save dialog's `.xlsx`).
#[tauri::command]
#[specta::specta]
pub async fn save_intake_template(path: String) -> IpcResult<()> {
    let target = crate::commands::output_path(&path, "xlsx")?;
    let bytes = sheet::template_xlsx().map_err(sheet_error)?;
    crate::commands::write_output(&target, &bytes)
}

/// What a workbook holds, before anything is stored: its problems (then nothing can be imported),
/// or its filings with the full check's findings at their cells.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IntakePreview {
    pub intake: Option<Intake>,
    pub problems: Option<SheetErrors>,
}

/// The largest workbook read (the reader bounds what it inflates; this bounds what is read).
const MAX_WORKBOOK_BYTES: u64 = 20 * 1024 * 1024;

fn read_workbook(path: &str) -> Result<Vec<u8>, IpcError> {
    crate::commands::read_input(
        path,
        "path",
        MAX_WORKBOOK_BYTES,
        "请选择要导入的 Excel 文件",
        "文件超过 20 MB，不像是填好的备案信息表",
    )
}

fn read_and_check(store: &beian_store::Store, path: &str) -> Result<IntakePreview, IpcError> {
    let bytes = read_workbook(path)?;
    let now = jiff::Timestamp::now();
    match sheet::read_intake(&bytes, beian_core::calendar::cst_now_date(now)) {
        Err(problems) => Ok(IntakePreview { intake: None, problems: Some(problems) }),
        Ok(mut intake) => {
            sheet::check_intake(store, &mut intake, now)?;
            Ok(IntakePreview { intake: Some(intake), problems: None })
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn preview_intake<R: Runtime>(app: tauri::AppHandle<R>, path: String) -> IpcResult<IntakePreview> {
    crate::state::blocking(app, move |s| read_and_check(&*s.store()?, &path)).await
}

/// Stores the workbook's filings as drafts, all or none; read again, so what is stored is the file
/// as it is now. A workbook with problems stores nothing.
#[tauri::command]
#[specta::specta]
pub async fn import_intake<R: Runtime>(app: tauri::AppHandle<R>, path: String) -> IpcResult<Vec<i64>> {
    crate::state::blocking(app, move |s| {
        let mut store = s.store()?;
        let preview = read_and_check(&store, &path)?;
        match (preview.intake, preview.problems) {
            (Some(intake), _) => Ok(sheet::import_intake(&mut store, &[intake], jiff::Timestamp::now())?),
            (None, Some(p)) => Err(IpcError::invalid("path", p.to_string())),
            (None, None) => Err(IpcError::invalid("path", "工作簿里没有备案")),
        }
    })
    .await
}
