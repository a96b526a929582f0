//! `export --xlsx`, `template --xlsx`, `import FILE.xlsx`: filings as spreadsheets, each a few
//! lines over `beian_usecases::sheet`. Workbooks are written atomically (a temporary file beside
//! the target, renamed into place), and the temporary file is made before anything else, so an
//! unwritable target fails before a full export is recorded in the audit trail.

use std::io::Read;
use std::path::{Path, PathBuf};

use beian_core::status::FilingStatus;
use beian_store::ListQuery;
use beian_usecases::sheet::{self, AtomicFile, SheetError};

use crate::common::{Failure, Place, open_store};

impl From<SheetError> for Failure {
    fn from(e: SheetError) -> Self {
        Failure::failed(e.to_string())
    }
}

/// `beian export`'s arguments when any spreadsheet option is given.
pub struct ExportArgs {
    pub xlsx: Option<PathBuf>,
    pub json: bool,
    pub full: bool,
    pub ids: Vec<String>,
    pub status: Option<String>,
    pub province: Option<String>,
    pub search: Option<String>,
}

/// `beian export --xlsx FILE [--status S] [--province P] [--search T] [--full]`: the filings the
/// filter shows, one row per service; certificate numbers and phones masked unless `--full`,
/// which is recorded in the audit trail before the file is written.
pub fn export(place: &Place, args: ExportArgs) -> Result<u8, Failure> {
    let ExportArgs { xlsx, json, full, ids, status, province, search } = args;
    let Some(out) = xlsx else {
        return Err(Failure::input("--status、--province、--search 只用于 --xlsx 导出：请加上 --xlsx FILE"));
    };
    if json || !ids.is_empty() {
        return Err(Failure::input(
            "--xlsx 导出筛选出的备案：请用 --status、--province、--search 筛选，不要同时给出 --json 或 ID",
        ));
    }
    let status = match status.as_deref() {
        None => None,
        Some(code) => Some(FilingStatus::from_code(code).ok_or_else(|| {
            let codes: Vec<_> = FilingStatus::ALL.iter().map(|s| s.code()).collect();
            let shown: String = code.chars().take(32).collect();
            Failure::input(format!("未知状态 {shown}，可选：{}", codes.join("、")))
        })?),
    };
    let file = AtomicFile::create(&out)?;
    let mut store = open_store(place)?;
    let query = ListQuery { search, status, province, ..ListQuery::default() };
    let sheet = sheet::export_xlsx(&mut store, &query, full, "cli", jiff::Timestamp::now())?;
    file.commit(&sheet.bytes)?;
    println!("已导出 {} 个备案（{} 行）到 {}", sheet.filings, sheet.rows, out.display());
    if !full {
        println!("证件号码和手机号码已打码；需要完整信息时加 --full（会记入审计日志）");
    }
    Ok(0)
}

/// `beian template --xlsx FILE`: the intake workbook a client fills in.
pub fn template(out: &Path) -> Result<u8, Failure> {
    let bytes = sheet::template_xlsx()?;
    AtomicFile::create(out)?.commit(&bytes)?;
    println!("已生成导入模板 {}：请客户在“主体”“服务”两张表中填写（说明见“说明”表）", out.display());
    Ok(0)
}

/// Whether `beian import` reads these files as workbooks: any named like a spreadsheet, or
/// starting as a zip or an OLE container does (what is not a workbook is then said at the file).
pub fn any_workbook(files: &[String]) -> bool {
    files.iter().any(|f| is_workbook(f))
}

fn is_workbook(file: &str) -> bool {
    let ext = Path::new(file).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "et"].contains(&ext.as_str()) {
        return true;
    }
    let mut head = [0u8; 8];
    let n = std::fs::File::open(file).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    file != "-" && sheet::looks_like_workbook(&head[..n])
}

/// Reads a workbook, at most one byte more than the reader accepts.
fn read_workbook(file: &str) -> Result<Vec<u8>, Failure> {
    let cannot = |e: std::io::Error| Failure::input(format!("无法读取 {file}：{e}"));
    if Path::new(file).is_dir() {
        return Err(Failure::input(format!("{file} 是一个文件夹：请给出要导入的 .xlsx 文件")));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(sheet::MAX_WORKBOOK_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    Ok(bytes)
}

/// `beian import FILE.xlsx…`: every workbook read first, all or none; every problem printed at
/// its cell (exit 2, nothing stored). A clean read is checked against the store, the findings are
/// printed per row, and the filings are stored as drafts in one transaction (exit 0): drafts may
/// be incomplete, and submission is gated by the same check.
pub fn import(place: &Place, files: &[String]) -> Result<u8, Failure> {
    if files.iter().any(|f| !is_workbook(f)) {
        return Err(Failure::input("一次导入不能同时包含 Excel 工作簿和 JSON 文件：请分开导入"));
    }
    let now = jiff::Timestamp::now();
    let today = beian_core::calendar::cst_now_date(now);
    let mut intakes = Vec::with_capacity(files.len());
    let mut bad = false;
    for file in files {
        match sheet::read_intake(&read_workbook(file)?, today) {
            Ok(intake) => intakes.push(intake),
            Err(errors) => {
                for line in errors.to_string().lines() {
                    eprintln!("beian: {file}：{line}");
                }
                bad = true;
            }
        }
    }
    if bad {
        return Err(Failure::input("工作簿有问题，未导入任何内容：请改正以上各处后重新导入"));
    }
    let mut store = open_store(place)?;
    for intake in &mut intakes {
        sheet::check_intake(&store, intake, now)?;
    }
    for (file, intake) in files.iter().zip(&intakes) {
        for d in intake.diagnostics() {
            println!("{file}：{d}");
        }
    }
    let ids = sheet::import_intake(&mut store, &intakes, now)?;
    let rows = files.iter().zip(&intakes).flat_map(|(file, i)| i.filings.iter().map(move |f| (file, f.subject_row)));
    for (id, (file, row)) in ids.iter().zip(rows) {
        let rec = store.get_filing(*id)?;
        println!("{file} 主体!第{row}行 → {}（草稿）", rec.order_no);
    }
    let errors: usize = intakes.iter().map(sheet::Intake::error_count).sum();
    if errors > 0 {
        println!("已导入 {} 个备案（草稿）；其中有 {errors} 个错误，请在工作台中改正后再提交", ids.len());
    } else {
        println!("已导入 {} 个备案（草稿）", ids.len());
    }
    Ok(0)
}
