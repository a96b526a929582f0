//! The filings list as an Excel workbook: the filings a list filter shows (paged through the list
//! use case, whatever its page size), one row per service, with real dates, a frozen header, column
//! widths and an autofilter. Personal data is masked unless `full`; a full export goes through
//! [`crate::export`], which records it in the audit trail before anything is handed over.

use std::collections::{BTreeSet, HashMap};

use beian_core::labels::{self, Group};
use beian_core::schedule::Milestones;
use beian_core::{FilingDocument, Person};
use beian_store::{FilingSummary, ListQuery, Store};
use jiff::Timestamp;
use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::SheetError;

/// The sheet's name.
pub(crate) const SHEET: &str = "备案列表";
/// Most data rows a worksheet holds (Excel: 1,048,576 rows, one of them the header).
const MAX_SHEET_ROWS: usize = 1_048_575;
/// The list's largest page.
const PAGE: u32 = 1000;

/// A workbook made by [`export_xlsx`].
#[derive(Debug, Clone)]
pub struct ExportedSheet {
    pub bytes: Vec<u8>,
    /// Filings exported.
    pub filings: usize,
    /// Data rows (one per service; a filing without services has one row).
    pub rows: usize,
}

/// The columns: a field path (its label is the header) or the sheet's own word, and the width.
const COLUMNS: [(&str, f64); 18] = [
    ("状态", 12.0),
    ("备案订单号", 17.0),
    ("provider", 14.0),
    ("provider_account", 16.0),
    ("subject.name", 28.0),
    ("subject.cert_type", 24.0),
    ("subject.cert_number", 22.0),
    ("subject.region.province", 12.0),
    ("subject.region.city", 12.0),
    ("websites[].service_type", 10.0),
    ("websites[].name", 24.0),
    ("websites[].domains", 30.0),
    ("websites[].principal.name", 14.0),
    ("websites[].principal.phone", 16.0),
    ("首次提交日期", 13.0),
    ("最近状态变更", 13.0),
    ("下一期限", 13.0),
    ("期限事项", 12.0),
];

/// A column's header: a field's label from `labels.toml` (网站… as 服务…), or the sheet's own word.
fn header(key: &str) -> String {
    match labels::get(Group::Field, key) {
        Some(l) => l.zh.strip_prefix("网站").map_or_else(|| l.zh.clone(), |rest| format!("服务{rest}")),
        None => key.to_owned(),
    }
}

/// Every filing the filter shows, in the list's order (most urgent first), paged through the list
/// use case; `limit` and `offset` of `query` are ignored.
fn matching(store: &Store, query: &ListQuery) -> Result<Vec<FilingSummary>, SheetError> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut offset: u32 = 0;
    loop {
        let page = crate::list(store, &ListQuery { limit: Some(PAGE), offset: Some(offset), ..query.clone() })?;
        let n = page.items.len();
        for item in page.items {
            // A filing that moved between pages while they were read is taken once.
            if seen.insert(item.id) {
                out.push(item);
            }
        }
        if n < PAGE as usize {
            return Ok(out);
        }
        offset = offset.saturating_add(PAGE);
    }
}

/// The filings `query` shows (its search, status, province, provider and account; not its page)
/// as one `.xlsx` workbook, one row per service. Certificate numbers and phones are masked unless
/// `full`; a full export is recorded in the audit trail, one entry per filing, before the bytes are
/// returned (`via`: `cli`, `app`), exactly as [`crate::export`] records it.
pub fn export_xlsx(
    store: &mut Store,
    query: &ListQuery,
    full: bool,
    via: &'static str,
    now: Timestamp,
) -> Result<ExportedSheet, SheetError> {
    let summaries = matching(store, query)?;
    let rows: usize = summaries.iter().map(|s| s.services.len().max(1)).sum();
    if rows > MAX_SHEET_ROWS {
        return Err(SheetError::TooManyRows { rows, max: MAX_SHEET_ROWS });
    }
    // The status history of each filing: first submission and latest change.
    let mut milestones = HashMap::new();
    for s in &summaries {
        let events = store.status_changes(s.id)?;
        let latest = events.last().map(|e| beian_core::calendar::cst_now_date(e.at));
        milestones.insert(s.id, (Milestones::from_events(&events).first_submitted, latest));
    }
    let ids: Vec<i64> = summaries.iter().map(|s| s.id).collect();
    let records = crate::export(store, Some(ids), full, via, now)?;
    let mut sheet = Worksheet::new();
    sheet.set_name(SHEET)?;
    let head = Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    for (c, (key, width)) in COLUMNS.iter().enumerate() {
        let c = col(c);
        sheet.write_string_with_format(0, c, header(key), &head)?;
        sheet.set_column_width(c, *width)?;
    }
    let mut row: u32 = 1;
    for (summary, record) in summaries.iter().zip(&records) {
        let doc = &record.document;
        let (first, latest) = milestones.get(&summary.id).copied().unwrap_or_default();
        let due = summary.next_due.as_deref().and_then(|t| t.parse::<Timestamp>().ok());
        let due_kind = summary.next_due_kind.as_deref().map(|k| labels::zh(Group::DeadlineKind, k).to_owned());
        let services: Vec<Option<&beian_core::Website>> =
            if doc.websites.is_empty() { vec![None] } else { doc.websites.iter().map(Some).collect() };
        for w in services {
            let principal: Option<&Person> = w.and_then(|w| w.principal.as_ref()).or(Some(&doc.subject.principal));
            let values: [String; 14] = [
                record.status.label_zh().to_owned(),
                record.order_no.clone(),
                provider_name(doc),
                doc.provider_account.clone().unwrap_or_default(),
                doc.subject.name.clone(),
                doc.subject.cert_type.label_zh().to_owned(),
                doc.subject.cert_number.clone(),
                doc.subject.region.province.clone(),
                doc.subject.region.city.clone(),
                w.map(|w| w.service_type.label_zh().to_owned()).unwrap_or_default(),
                w.map(|w| w.name.clone()).unwrap_or_default(),
                w.map(|w| w.domains.join("、")).unwrap_or_default(),
                principal.map(|p| p.name.clone()).unwrap_or_default(),
                principal.map(|p| p.phone.clone()).unwrap_or_default(),
            ];
            for (c, v) in values.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write_string_with_format(row, col(c), v, &text)?;
                }
            }
            let dates = [first, latest, due.map(beian_core::calendar::cst_now_date)];
            for (i, d) in dates.into_iter().enumerate() {
                if let Some(d) = d {
                    sheet.write_datetime_with_format(row, col(values.len() + i), excel_date(d)?, &date)?;
                }
            }
            if let Some(k) = &due_kind {
                sheet.write_string_with_format(row, col(values.len() + 3), k, &text)?;
            }
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), col(COLUMNS.len() - 1))?;
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    let bytes = workbook.save_to_buffer()?;
    Ok(ExportedSheet { bytes, filings: records.len(), rows: usize::try_from(row - 1).unwrap_or(usize::MAX) })
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn provider_name(doc: &FilingDocument) -> String {
    beian_core::providers::profile(&doc.provider).map_or_else(|| doc.provider.clone(), |p| p.meta.name_zh.clone())
}

fn excel_date(d: Date) -> Result<ExcelDateTime, SheetError> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let year = u16::try_from(y).map_err(|_| SheetError::Write(format!("日期超出 Excel 的范围：{d}")))?;
    let month = u8::try_from(m).unwrap_or(1);
    let day = u8::try_from(day).unwrap_or(1);
    Ok(ExcelDateTime::from_ymd(year, month, day)?)
}
