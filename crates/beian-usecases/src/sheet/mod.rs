//! Filings as spreadsheets (issue 17): the filings list out to Excel, and the intake workbook a
//! client fills in, read back all or none.
//!
//! - [`export_xlsx`]: the filings a list filter shows, one row per service, as `.xlsx` bytes;
//!   personal data masked unless `full`, and a full export recorded in the audit trail before the
//!   bytes are returned (through [`crate::export`], the JSON export's own gate).
//! - [`template_xlsx`]: the intake workbook: 说明 (what to fill, in Chinese), 主体 (one row per
//!   subject, keyed by 序号), 服务 (one row per service, naming its subject's 序号) and the hidden
//!   代码表 that feeds the drop-down lists with the model's own labels and the GB/T 2260 cascade.
//! - [`read_intake`]: a filled workbook back into documents. Every problem is named by sheet, cell
//!   and column header (`服务!C5（服务名称）：…`), or by the file when it is not a workbook at all;
//!   one problem and nothing is read. After a clean read the rulebook runs and its diagnostics are
//!   mapped back to the cells they concern ([`check_intake`] adds what only the store knows).
//! - [`import_intake`]: the documents stored as drafts in one transaction.
//!
//! **Rule errors do not stop an import.** A problem of the workbook itself (a cell that cannot be
//! read as its column says, a reference to a subject that is not there, a merged cell, a formula, a
//! number where the digits are lost) means the reader cannot say what the client meant, so nothing
//! is stored. A rule's finding (a certificate number's check digit, a missing e-mail) is about what
//! the client did say: the filings are stored as drafts, which the exchange format allows to be
//! incomplete (a JSON import stores them unchecked), and the findings are shown per row first, so
//! staff fix them in the window before submission, which [`crate::check_filing`] gates.
//!
//! Limits, checked before anything is parsed: [`MAX_WORKBOOK_BYTES`] of file; the zip's central
//! directory is read with the `zip` crate and every entry inflated once, bounded, into nothing
//! (a zip bomb is refused by what it really inflates to, not by what it declares); at most
//! [`MAX_ROWS`] data rows per sheet, read cell by cell (calamine's streaming reader: a cell at
//! `XFD1048576` costs one cell, not a dense grid).

mod columns;
mod export;
mod file;
mod import;
mod limits;
mod template;

use serde::Serialize;
use specta::Type;

pub use export::{ExportedSheet, export_xlsx};
pub use file::AtomicFile;
pub use import::{Intake, IntakeFiling, RowDiagnostic, check_intake, import_intake, read_intake};
pub use limits::looks_like_workbook;
pub use template::template_xlsx;

/// Largest workbook read, in bytes (a filled template of the largest size allowed is far smaller).
pub const MAX_WORKBOOK_BYTES: usize = 20 * 1024 * 1024;
/// Most the entries of a workbook may inflate to, all together.
pub const MAX_INFLATED_BYTES: u64 = 128 * 1024 * 1024;
/// Most entries a workbook may hold.
pub const MAX_ENTRIES: usize = 2_000;
/// Most data rows of one sheet (主体 or 服务) one import reads.
pub const MAX_ROWS: u32 = 2_000;
/// Longest text of one cell, in characters.
pub const MAX_CELL_CHARS: usize = 2_000;
/// At most this many problems are listed; the rest are counted.
pub const MAX_PROBLEMS: usize = 200;

/// Where a problem is: the file, a sheet, a row or a cell (with its column's header).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
pub struct At {
    /// `None`: the file as a whole.
    pub sheet: Option<String>,
    /// The row, counted from 1 as the spreadsheet shows it.
    pub row: Option<u32>,
    /// The cell (`C5`) or range (`B3:C4`), as the spreadsheet names it.
    pub cell: Option<String>,
    /// The column's header (服务名称).
    pub header: Option<String>,
}

impl At {
    pub fn file() -> At {
        At { sheet: None, row: None, cell: None, header: None }
    }
    pub fn sheet(sheet: &str) -> At {
        At { sheet: Some(sheet.to_owned()), ..At::file() }
    }
    /// `row` and `col` zero-based, as calamine counts them.
    pub fn cell(sheet: &str, row: u32, col: u32, header: Option<&str>) -> At {
        At {
            sheet: Some(sheet.to_owned()),
            row: Some(row + 1),
            cell: Some(cell_name(row, col)),
            header: header.map(str::to_owned),
        }
    }
    /// A whole row, `row` zero-based.
    pub fn row(sheet: &str, row: u32) -> At {
        At { sheet: Some(sheet.to_owned()), row: Some(row + 1), cell: None, header: None }
    }
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.sheet, &self.cell, self.row) {
            (None, _, _) => f.write_str("文件"),
            (Some(s), Some(c), _) => {
                write!(f, "{s}!{c}")?;
                match &self.header {
                    Some(h) if !h.is_empty() => write!(f, "（{h}）"),
                    _ => Ok(()),
                }
            }
            (Some(s), None, Some(r)) => write!(f, "{s}!第{r}行"),
            (Some(s), None, None) => write!(f, "工作表“{s}”"),
        }
    }
}

/// One problem of a workbook, at its place; the message says what to do, in Chinese, and never
/// repeats a personal value (the cell reference says where).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Problem {
    pub at: At,
    pub message: String,
}

impl Problem {
    pub fn new(at: At, message: impl Into<String>) -> Problem {
        Problem { at, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：{}", self.at, self.message)
    }
}

/// Why a workbook was not read: every problem found (at most [`MAX_PROBLEMS`], in sheet, row and
/// column order), and how many more there were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SheetErrors {
    pub problems: Vec<Problem>,
    /// Problems beyond [`MAX_PROBLEMS`], not listed.
    pub more: u32,
}

impl SheetErrors {
    pub(crate) fn one(p: Problem) -> SheetErrors {
        SheetErrors { problems: vec![p], more: 0 }
    }

    pub(crate) fn from_problems(mut problems: Vec<Problem>) -> SheetErrors {
        problems.sort_by(|a, b| {
            sheet_order(&a.at).cmp(&sheet_order(&b.at)).then_with(|| order_key(&a.at).cmp(&order_key(&b.at)))
        });
        problems.dedup();
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        problems.truncate(MAX_PROBLEMS);
        SheetErrors { problems, more: u32::try_from(more).unwrap_or(u32::MAX) }
    }
}

/// The file first, then the sheets in the template's order.
fn sheet_order(at: &At) -> usize {
    match at.sheet.as_deref() {
        None => 0,
        Some(s) => columns::SHEETS.iter().position(|t| *t == s).map_or(columns::SHEETS.len() + 1, |i| i + 1),
    }
}

/// Row, then column (by its letters' length and then the letters: B before AA).
fn order_key(at: &At) -> (u32, usize, String) {
    let col: String = at.cell.as_deref().unwrap_or("").chars().take_while(char::is_ascii_uppercase).collect();
    (at.row.unwrap_or(0), col.len(), col)
}

impl std::fmt::Display for SheetErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        if self.more > 0 {
            write!(f, "\n另有 {} 个问题未列出：请先改正以上问题", self.more)?;
        }
        Ok(())
    }
}

impl std::error::Error for SheetErrors {}

/// Why a workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error(transparent)]
    Store(#[from] beian_store::StoreError),
    /// The workbook writer refused (a limit of the format).
    #[error("无法生成工作簿：{0}")]
    Write(String),
    /// More rows than a worksheet holds.
    #[error("筛选出的服务共 {rows} 行，超过一张工作表的上限 {max} 行：请用 --status/--province/--search 缩小范围")]
    TooManyRows { rows: usize, max: usize },
    /// The file could not be written (nothing was left in its place).
    #[error("无法写入 {path}：{message}")]
    Io { path: String, message: String },
}

impl From<rust_xlsxwriter::XlsxError> for SheetError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        SheetError::Write(e.to_string())
    }
}

/// A cell's name: zero-based (row, col) → `C5`.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), u64::from(row) + 1)
}

/// A column's letters: 0 → `A`, 26 → `AA`.
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(r).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_the_spreadsheet_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(At::cell("服务", 4, 2, Some("服务名称")).to_string(), "服务!C5（服务名称）");
        assert_eq!(At::row("主体", 2).to_string(), "主体!第3行");
        assert_eq!(At::file().to_string(), "文件");
    }
}
