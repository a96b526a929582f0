//! Reading a filled intake workbook: all or none. The file is checked first ([`super::limits`]),
//! then calamine reads the two data sheets cell by cell (its streaming reader, bounded by
//! [`MAX_ROWS`]); every cell is read as its column says, and every problem is named at its cell
//! with the column's header. Only a workbook without a single problem gives documents, and their
//! rulebook findings are mapped back to the cells they concern.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use beian_core::labels::{self, Group};
use beian_core::{
    AppDetails, AppPlatform, AppPlatformKind, CertType, Diagnostic, Filed, FiledWith, FilingDocument, FilingType,
    HostedApp, Nature, Person, Product, ProductType, Region, ServiceType, Subject, Website,
};
use beian_store::{Store, StoreError};
use calamine::{Data, Reader, Xlsx};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use specta::Type;

use super::columns::{self, Column, Field, Kind, SERVICES, SHEETS, SUBJECTS};
use super::{At, MAX_CELL_CHARS, MAX_PROBLEMS, MAX_ROWS, Problem, SheetErrors, limits};

/// Columns beyond this many are not read (the template has fewer than half as many).
const MAX_COLUMNS: u32 = 80;

/// A read workbook: one filing per subject row, with its services, and what the rulebook says.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Intake {
    pub filings: Vec<IntakeFiling>,
    /// Where each field's column is in the two sheets as the client left them.
    #[serde(skip)]
    layout: Layout,
}

#[derive(Debug, Clone, Default)]
struct Layout {
    subjects: HashMap<Field, u32>,
    services: HashMap<Field, u32>,
}

/// One subject row and its service rows, as a document.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IntakeFiling {
    pub document: FilingDocument,
    /// The subject's row in 主体, counted from 1 as the spreadsheet shows it.
    pub subject_row: u32,
    /// The row in 服务 of each of the document's services, in order (from 1).
    pub service_rows: Vec<u32>,
    /// The rulebook's findings, each at its cell.
    pub diagnostics: Vec<RowDiagnostic>,
}

/// A diagnostic at the cell it concerns (or the row, when its field has no column).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RowDiagnostic {
    pub at: At,
    pub diagnostic: Diagnostic,
}

impl std::fmt::Display for RowDiagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = labels::zh(Group::Severity, severity_code(self.diagnostic.severity));
        write!(f, "{}：{severity}：{}", self.at, self.diagnostic.message)
    }
}

fn severity_code(s: beian_core::Severity) -> &'static str {
    match s {
        beian_core::Severity::Error => "error",
        beian_core::Severity::Warning => "warning",
        beian_core::Severity::Reminder => "reminder",
    }
}

impl Intake {
    /// Every diagnostic of every filing, in sheet, row and column order.
    pub fn diagnostics(&self) -> Vec<&RowDiagnostic> {
        let mut all: Vec<&RowDiagnostic> = self.filings.iter().flat_map(|f| &f.diagnostics).collect();
        all.sort_by(|a, b| {
            let key = |d: &RowDiagnostic| (d.at.sheet.as_deref() != Some(SUBJECTS), d.at.row, d.at.cell.clone());
            key(a).cmp(&key(b))
        });
        all
    }

    /// How many of the diagnostics are errors.
    pub fn error_count(&self) -> usize {
        self.filings.iter().flat_map(|f| &f.diagnostics).filter(|d| d.diagnostic.is_error()).count()
    }
}

/// A cell as read: its value, and whether it holds a formula.
struct Cell {
    value: Data,
    formula: bool,
}

/// What a cell says, read as its column says.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Code(&'static str),
    Date(Date),
    List(Vec<String>),
}

/// One data row: the values of its non-blank cells, by field, and where each cell is.
struct Row {
    /// Zero-based.
    row: u32,
    values: HashMap<Field, Value>,
    /// Cells that could not be read (already a problem: not to be reported again as missing).
    bad: Vec<Field>,
}

impl Row {
    fn text(&self, f: Field) -> String {
        match self.values.get(&f) {
            Some(Value::Text(t)) => t.clone(),
            _ => String::new(),
        }
    }
    fn opt(&self, f: Field) -> Option<String> {
        Some(self.text(f)).filter(|t| !t.is_empty())
    }
    fn code(&self, f: Field) -> Option<&'static str> {
        match self.values.get(&f) {
            Some(Value::Code(c)) => Some(c),
            _ => None,
        }
    }
    fn has(&self, f: Field) -> bool {
        self.values.contains_key(&f)
    }
}

/// Reads a filled intake workbook. All or none: any problem of the workbook (not a workbook, a
/// missing or extra sheet, a header not of the template, a merged cell, a formula, a value its
/// column cannot hold, a service naming no subject, more than [`MAX_ROWS`] rows) and the answer is
/// every problem found, each at its cell. A clean workbook gives one document per subject row, and
/// the rulebook's findings at `today` (the document's own `as_of` when it has one), each mapped to
/// the cell of its field.
pub fn read_intake(bytes: &[u8], today: Date) -> Result<Intake, SheetErrors> {
    limits::check(bytes).map_err(SheetErrors::one)?;
    let damaged = || {
        SheetErrors::one(Problem::new(
            At::file(),
            "文件已损坏，无法作为 Excel 工作簿读取：请在 Excel 中重新保存为 .xlsx 后再导入",
        ))
    };
    let mut xlsx: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let mut problems = Vec::new();
    let names = xlsx.sheet_names();
    for n in &names {
        if !SHEETS.contains(&n.as_str()) {
            let shown: String = n.chars().take(31).collect();
            problems.push(Problem::new(
                At::sheet(&shown),
                format!("工作簿中有模板以外的工作表：请把数据填在“{SUBJECTS}”“{SERVICES}”两张表中，并删除这张工作表"),
            ));
        }
    }
    for needed in [SUBJECTS, SERVICES] {
        if !names.iter().any(|n| n == needed) {
            problems.push(Problem::new(
                At::file(),
                format!("缺少“{needed}”工作表：请使用导入模板（beian template --xlsx 生成），不要删除或改名工作表"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(SheetErrors::from_problems(problems));
    }
    let mut layout = Layout::default();
    let (subjects, a) = read_sheet(&mut xlsx, SUBJECTS, &mut layout.subjects, &mut problems);
    let (services, b) = read_sheet(&mut xlsx, SERVICES, &mut layout.services, &mut problems);
    // A sheet whose structure is wrong says nothing reliable of its rows; cells that could not be
    // read still leave the rest to check, so that every problem is found at once.
    if a || b {
        return Err(SheetErrors::from_problems(problems));
    }
    if subjects.is_empty() {
        problems
            .push(Problem::new(At::sheet(SUBJECTS), "没有要导入的主体：请至少填写一行主体（序号、主办单位名称等）"));
        return Err(SheetErrors::from_problems(problems));
    }
    let mut filings = build(&subjects, &services, &layout, &mut problems);
    if !problems.is_empty() {
        return Err(SheetErrors::from_problems(problems));
    }
    for f in &mut filings {
        let diags = beian_core::validate(&f.document, today);
        f.diagnostics = locate_all(f, &layout, diags);
    }
    Ok(Intake { filings, layout })
}

/// Replaces each filing's findings with everything [`crate::check_filing`] says of it against
/// this store (what blocks its filing type here, quotas across the store's filings …), mapped to
/// its cells as [`read_intake`] maps the rulebook's.
pub fn check_intake(store: &Store, intake: &mut Intake, now: Timestamp) -> Result<(), StoreError> {
    let layout = intake.layout.clone();
    for f in &mut intake.filings {
        let diags = crate::check_filing(store, None, &f.document, now)?;
        f.diagnostics = locate_all(f, &layout, diags);
    }
    Ok(())
}

/// Stores the documents of one or more intakes as drafts, in one transaction (all or none); their
/// ids, in order (the intakes', then each intake's filings'). Rule findings do not stop it: drafts
/// may be incomplete (see the module documentation of [`super`]).
pub fn import_intake(store: &mut Store, intakes: &[Intake], now: Timestamp) -> Result<Vec<i64>, StoreError> {
    let docs: Vec<FilingDocument> = intakes.iter().flat_map(|i| i.filings.iter()).map(|f| f.document.clone()).collect();
    store.create_filings(&docs, now, "imported")
}

// ---------------------------------------------------------------------------------------------
// Sheets and cells

/// Reads one data sheet: its merged regions and cells (refusing formulas and what lies beyond
/// the limits), its header, and its data rows read as their columns say. Problems are added to
/// `problems`; `true` when the sheet's structure is wrong (damaged, merged, beyond the limits, a
/// header not the template's), so that its rows mean nothing.
fn read_sheet(
    xlsx: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &'static str,
    layout: &mut HashMap<Field, u32>,
    problems: &mut Vec<Problem>,
) -> (Vec<Row>, bool) {
    let before = problems.len();
    let broken = |problems: &mut Vec<Problem>| {
        problems.push(Problem::new(At::sheet(sheet), "工作表已损坏，无法读取：请在 Excel 中重新保存为 .xlsx 后再导入"));
    };
    match xlsx.merge_cells_by_sheet_name(sheet) {
        Ok(merged) => {
            for m in merged.iter().take(MAX_PROBLEMS) {
                let (from, to) = (m.start, m.end);
                problems.push(Problem {
                    at: At {
                        sheet: Some(sheet.to_owned()),
                        row: Some(from.0.saturating_add(1)),
                        cell: Some(format!("{}:{}", super::cell_name(from.0, from.1), super::cell_name(to.0, to.1))),
                        header: None,
                    },
                    message: "合并了单元格：请取消合并，每个单元格只填一个值".to_owned(),
                });
            }
        }
        Err(_) => {
            broken(problems);
            return (Vec::new(), true);
        }
    }
    let mut cells: BTreeMap<(u32, u32), Cell> = BTreeMap::new();
    {
        let Ok(mut reader) = xlsx.worksheet_cells_reader(sheet) else {
            broken(problems);
            return (Vec::new(), true);
        };
        let mut wide: Vec<u32> = Vec::new();
        loop {
            match reader.next_cell_with_formula_metadata() {
                Ok(Some(rec)) => {
                    let (r, c) = rec.pos;
                    let formula = rec.formula.is_some();
                    let value: Data = rec.value.into();
                    if !formula && is_blank(&value) {
                        continue;
                    }
                    if r > MAX_ROWS {
                        problems.push(Problem::new(
                            At::row(sheet, r),
                            format!(
                                "“{sheet}”表超过 {MAX_ROWS} 行数据：每次最多导入 {MAX_ROWS} 行，请分成几个工作簿，每个不超过 {MAX_ROWS} 行"
                            ),
                        ));
                        break;
                    }
                    if c >= MAX_COLUMNS {
                        if !wide.contains(&c) && wide.len() < 8 {
                            wide.push(c);
                            problems.push(Problem::new(
                                At::cell(sheet, r, c, None),
                                "模板以外的列中有内容：请只在模板的列中填写，并删除这些内容",
                            ));
                        }
                        continue;
                    }
                    cells.insert((r, c), Cell { value, formula });
                }
                Ok(None) => break,
                Err(_) => {
                    broken(problems);
                    return (Vec::new(), true);
                }
            }
        }
    }
    let cols = columns::columns_of(sheet);
    // The header: which field each column holds.
    let mut by_col: HashMap<u32, &'static Column> = HashMap::new();
    for ((r, c), cell) in cells.range((0, 0)..(1, 0)) {
        let at = At::cell(sheet, *r, *c, None);
        if cell.formula {
            problems.push(Problem::new(at, "表头是公式：请使用模板的表头"));
            continue;
        }
        let Data::String(text) = &cell.value else {
            problems.push(Problem::new(at, "表头不是文字：请使用模板的表头，不要改动"));
            continue;
        };
        let text = text.trim().trim_end_matches(['*', '＊']).trim();
        match cols.iter().find(|col| col.header == text) {
            Some(col) if layout.contains_key(&col.field) => {
                problems.push(Problem::new(At::cell(sheet, *r, *c, Some(&col.header)), "这一列重复了：请删除重复的列"));
            }
            Some(col) => {
                layout.insert(col.field, *c);
                by_col.insert(*c, col);
            }
            None => problems.push(Problem::new(
                at,
                "表头不是模板中的列名：请使用导入模板的表头，不要增加或改名列（不需要的列留空即可）",
            )),
        }
    }
    for col in cols.iter().filter(|c| c.required && !layout.contains_key(&c.field)) {
        problems.push(Problem::new(
            At::row(sheet, 0),
            format!("缺少“{}”列：请使用导入模板（beian template --xlsx 生成），不要删除或改名表头", col.header),
        ));
    }
    let structural = problems.len() > before;
    // The data rows.
    let mut rows: Vec<Row> = Vec::new();
    for ((r, c), cell) in cells.range((1, 0)..) {
        let Some(col) = by_col.get(c) else {
            problems.push(Problem::new(At::cell(sheet, *r, *c, None), "这一列没有表头：请只在模板的列中填写"));
            continue;
        };
        let at = At::cell(sheet, *r, *c, Some(&col.header));
        let read = if cell.formula {
            Err("此格是公式：请改为直接填写的值（可复制后用“选择性粘贴 → 值”替换公式）".to_owned())
        } else {
            read_cell(col, &cell.value)
        };
        if matches!(read, Ok(None)) {
            continue;
        }
        if rows.last().is_none_or(|row| row.row != *r) {
            rows.push(Row { row: *r, values: HashMap::new(), bad: Vec::new() });
        }
        let Some(row) = rows.last_mut() else { continue };
        match read {
            Ok(Some(v)) => {
                row.values.insert(col.field, v);
            }
            Ok(None) => {}
            Err(message) => {
                row.bad.push(col.field);
                problems.push(Problem::new(at, message));
            }
        }
    }
    (rows, structural)
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Whether a digits field holds a phone number (a mobile number typed as a number loses nothing).
fn is_phone(f: Field) -> bool {
    matches!(
        f,
        Field::PrincipalPhone
            | Field::PrincipalPhone2
            | Field::PrincipalEmergency
            | Field::SitePrincipalPhone
            | Field::SitePrincipalEmergency
    )
}

/// A whole number Excel stores exactly (up to 15 digits), as its digits.
fn whole(f: f64) -> Option<String> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15).then(|| format!("{f:.0}"))
}

const LOST_DIGITS: &str = "此格是数字，不是文本：Excel 的数字只保留 15 位有效数字，号码的末几位已经丢失（常显示为 1.1E+17 这样）。请把这一列设为文本格式，再按证件原样重新输入";
const NOT_TEXT: &str =
    "此格是数字，不是文本：号码开头的 0 等可能已经丢失。请把这一列设为文本格式（“设置单元格格式 → 文本”）后重新输入";

/// Reads one non-formula cell as its column says: `None` for a blank cell; the message of what is
/// wrong otherwise (no cell value is repeated but a drop-down list's words).
fn read_cell(col: &Column, value: &Data) -> Result<Option<Value>, String> {
    if is_blank(value) {
        return Ok(None);
    }
    let text = match value {
        Data::String(s) => Some(s.trim().to_owned()),
        _ => None,
    };
    if let Some(t) = &text {
        if t.chars().count() > MAX_CELL_CHARS {
            return Err(format!("内容过长（上限 {MAX_CELL_CHARS} 个字符）"));
        }
        if t.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err("含有看不见的控制字符：请删除后重新输入".to_owned());
        }
    }
    let other = |v: &Data| -> Option<String> {
        match v {
            Data::Bool(_) => Some("此格是逻辑值（TRUE/FALSE），不是文字：请重新输入".to_owned()),
            Data::Error(_) => Some("此格是错误值（如 #N/A、#VALUE!）：请改为直接填写的值".to_owned()),
            Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
                Some("此格是日期或时间，这一列应填写文字：请把这一列设为文本格式后重新输入".to_owned())
            }
            _ => None,
        }
    };
    match col.kind {
        Kind::Date => match value {
            Data::DateTime(dt) if !dt.is_duration() && dt.as_f64() >= 1.0 => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                jiff::civil::Date::new(
                    i16::try_from(y).unwrap_or(0),
                    i8::try_from(m).unwrap_or(0),
                    i8::try_from(d).unwrap_or(0),
                )
                .map(|d| Some(Value::Date(d)))
                .map_err(|_| "日期无效：请重新输入日期（例如 2026-11-20）".to_owned())
            }
            Data::DateTime(_) | Data::DurationIso(_) => {
                Err("此格是时间，不是日期：请输入日期（例如 2026-11-20）".to_owned())
            }
            Data::DateTimeIso(s) => s
                .get(..10)
                .and_then(|d| d.parse::<Date>().ok())
                .map(|d| Some(Value::Date(d)))
                .ok_or_else(|| "日期无效：请重新输入日期（例如 2026-11-20）".to_owned()),
            Data::String(_) => {
                Err("日期写成了文字：请输入日期（例如 2026-11-20）并保持这一列的日期格式；输入后靠左对齐的说明仍是文字"
                    .to_owned())
            }
            Data::Int(_) | Data::Float(_) => {
                Err("此格是数字，不是日期：请把这一列设为日期格式，再输入日期（例如 2026-11-20）".to_owned())
            }
            v => Err(other(v).unwrap_or_else(|| "无法读取此格".to_owned())),
        },
        Kind::Digits => match value {
            Data::String(_) => Ok(text.map(Value::Text)),
            Data::Int(i) => digits_number(col.field, i.to_string().len() > 15, whole(*i as f64)),
            Data::Float(f) => digits_number(col.field, f.abs() >= 1e15 || f.fract() != 0.0, whole(*f)),
            v => Err(other(v).unwrap_or_else(|| "无法读取此格".to_owned())),
        },
        Kind::Key | Kind::Text | Kind::List => {
            let t = match value {
                Data::String(_) => text.unwrap_or_default(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) => whole(*f).unwrap_or_else(|| f.to_string()),
                v => return Err(other(v).unwrap_or_else(|| "无法读取此格".to_owned())),
            };
            Ok(Some(match col.kind {
                Kind::List => Value::List(
                    t.split(['、', ',', '，', ';', '；', '\n', '\r', '\t', ' ', '\u{3000}'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ),
                _ => Value::Text(t),
            }))
        }
        Kind::Code(_) | Kind::Provider | Kind::Content | Kind::Hosted => {
            let Some(t) = text else {
                return Err(match value {
                    Data::Int(_) | Data::Float(_) => "此格是数字：请从下拉列表中选择".to_owned(),
                    v => other(v).unwrap_or_else(|| "无法读取此格".to_owned()),
                });
            };
            if col.kind == Kind::Hosted {
                return Ok(Some(Value::Text(t)));
            }
            code_of(col.kind, &t).map(|c| Some(Value::Code(c))).ok_or_else(|| unknown_choice(col, &t))
        }
    }
}

/// A number in a digits column: refused, saying whether digits are lost (a mobile phone number,
/// 11 digits starting with 1, loses nothing and is read as its digits).
fn digits_number(field: Field, lost: bool, digits: Option<String>) -> Result<Option<Value>, String> {
    if lost {
        return Err(LOST_DIGITS.to_owned());
    }
    match digits {
        Some(d) if is_phone(field) && d.len() == 11 && d.starts_with('1') => Ok(Some(Value::Text(d))),
        _ => Err(NOT_TEXT.to_owned()),
    }
}

/// Words as compared: spaces dropped, brackets of either width alike, ASCII letters in lower case.
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The code a drop-down cell names (its label, its code, an alias).
fn code_of(kind: Kind, words: &str) -> Option<&'static str> {
    match kind {
        Kind::Code(group) => labels::code_for(group, words),
        Kind::Provider => {
            let w = comparable(words);
            beian_core::providers::profiles()
                .iter()
                .find(|p| [&p.meta.code, &p.meta.name_zh, &p.meta.name_en].iter().any(|x| comparable(x) == w))
                .map(|p| p.meta.code.as_str())
        }
        Kind::Content => {
            let w = comparable(words);
            beian_core::tables::content_types()
                .iter()
                .find(|c| [&c.code, &c.label_zh, &c.label_en].iter().any(|x| comparable(x) == w))
                .map(|c| c.code.as_str())
        }
        _ => None,
    }
}

/// The choices a drop-down column offers, for a message.
fn choices_of(kind: Kind) -> Vec<String> {
    match kind {
        Kind::Code(group) => labels::group(group).values().map(|l| l.zh.clone()).collect(),
        Kind::Provider => beian_core::providers::profiles().iter().map(|p| p.meta.name_zh.clone()).collect(),
        Kind::Content => beian_core::tables::content_types().iter().map(|c| c.label_zh.clone()).collect(),
        _ => Vec::new(),
    }
}

fn unknown_choice(col: &Column, words: &str) -> String {
    let shown: String = words.chars().take(32).collect();
    let choices = choices_of(col.kind);
    let list = if choices.len() <= 16 { format!("（可选：{}）", choices.join("、")) } else { String::new() };
    format!("“{shown}”不是“{}”的可选项：请从下拉列表中选择{list}", col.header)
}

// ---------------------------------------------------------------------------------------------
// Documents

/// A person's columns: name, certificate type and number, phone, phone 2 (none for a service's
/// principal), emergency phone, e-mail.
type PersonFields = (Field, Field, Field, Field, Option<Field>, Field, Field);

fn person(row: &Row, f: PersonFields) -> Person {
    let (name, cert_type, cert_number, phone, phone2, emergency, email) = f;
    Person {
        name: row.text(name),
        cert_type: row.code(cert_type).and_then(CertType::from_code).unwrap_or_default(),
        cert_number: row.text(cert_number),
        phone: row.text(phone),
        phone2: phone2.and_then(|f| row.opt(f)),
        emergency_phone: row.text(emergency),
        email: row.text(email),
        hk_macau_id: None,
    }
}

fn subject_document(row: &Row) -> FilingDocument {
    use Field as F;
    let name = row.text(F::SubjectName);
    let nature = row.code(F::Nature).and_then(nature_of).unwrap_or_else(|| Nature::from_name(&name));
    let cert_type = row.code(F::SubjectCertType).and_then(CertType::from_code).unwrap_or_else(|| {
        beian_core::tables::certificates_for(nature).and_then(|c| c.recommended).unwrap_or_default()
    });
    let mut principal = person(
        row,
        (
            F::PrincipalName,
            F::PrincipalCertType,
            F::PrincipalCertNumber,
            F::PrincipalPhone,
            Some(F::PrincipalPhone2),
            F::PrincipalEmergency,
            F::PrincipalEmail,
        ),
    );
    principal.hk_macau_id = row.opt(F::PrincipalHkMacau);
    let as_of = match row.values.get(&F::AsOf) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    FilingDocument {
        format: beian_core::model::FORMAT.to_owned(),
        filing_type: row.code(F::FilingType).and_then(FilingType::from_code),
        as_of,
        provider: row.code(F::Provider).unwrap_or(beian_core::providers::DEFAULT_PROVIDER).to_owned(),
        provider_account: row.opt(F::ProviderAccount),
        subject: Subject {
            region: Region { province: row.text(F::Province), city: row.text(F::City), district: row.opt(F::District) },
            nature,
            name,
            cert_type,
            cert_number: row.text(F::SubjectCertNumber),
            cert_address: row.text(F::CertAddress),
            mailing_address: row.text(F::MailingAddress),
            investor: row.text(F::Investor),
            principal,
            remark: row.text(F::SubjectRemark),
            filed: Filed {
                icp_number: row.opt(F::SubjectIcp),
                with: match row.code(F::SubjectFiledWith) {
                    Some("here") => FiledWith::Here,
                    Some("elsewhere") => FiledWith::Elsewhere,
                    _ => FiledWith::None,
                },
            },
        },
        websites: Vec::new(),
    }
}

fn nature_of(code: &str) -> Option<Nature> {
    Nature::ALL.into_iter().find(|n| n.code() == code)
}

fn service_type_of(code: &str) -> Option<ServiceType> {
    ServiceType::ALL.into_iter().find(|t| t.code() == code)
}

fn product_type_of(code: &str) -> Option<ProductType> {
    ProductType::ALL.into_iter().find(|t| t.code() == code)
}

const PLATFORMS: [AppPlatformKind; 3] = [AppPlatformKind::Android, AppPlatformKind::Ios, AppPlatformKind::Harmony];

/// A service row as a website, an app, a mini-program or a quick app; a problem for each cell
/// its kind of service does not have.
fn service(row: &Row, kind: ServiceType, at: &dyn Fn(Field) -> At, problems: &mut Vec<Problem>) -> Website {
    use Field as F;
    let kind_zh = kind.label_zh();
    let mut not_for = |f: Field, for_what: &str| {
        if row.has(f) {
            problems.push(Problem::new(
                at(f),
                format!("这一列只适用于{for_what}，本行的服务类型是“{kind_zh}”：请清空此格，或改正服务类型"),
            ));
        }
    };
    let app_zh = ServiceType::App.label_zh();
    let hosted_zh = format!("{}、{}", ServiceType::MiniProgram.label_zh(), ServiceType::QuickApp.label_zh());
    if kind != ServiceType::App {
        for p in PLATFORMS {
            not_for(F::Package(p), app_zh);
            not_for(F::Fingerprint(p), app_zh);
        }
    }
    if !matches!(kind, ServiceType::MiniProgram | ServiceType::QuickApp) {
        not_for(F::HostedPlatform, &hosted_zh);
        not_for(F::HostedAppId, &hosted_zh);
    }
    let principal_fields = (
        F::SitePrincipalName,
        F::SitePrincipalCertType,
        F::SitePrincipalCertNumber,
        F::SitePrincipalPhone,
        None,
        F::SitePrincipalEmergency,
        F::SitePrincipalEmail,
    );
    let principal = [
        F::SitePrincipalName,
        F::SitePrincipalCertType,
        F::SitePrincipalCertNumber,
        F::SitePrincipalPhone,
        F::SitePrincipalEmergency,
        F::SitePrincipalEmail,
    ]
    .iter()
    .any(|f| row.has(*f))
    .then(|| person(row, principal_fields));
    let hosted_platform = row.text(F::HostedPlatform);
    let hosted = |platform: String| HostedApp { platform, app_id: row.text(F::HostedAppId) };
    let mut w = Website {
        name: row.text(F::ServiceName),
        domains: match row.values.get(&F::Domains) {
            Some(Value::List(l)) => l.clone(),
            _ => Vec::new(),
        },
        homepage_url: row.text(F::Homepage),
        content: row.code(F::Content).unwrap_or("other").to_owned(),
        service_type: kind,
        product: Product {
            kind: row.code(F::ProductType).and_then(product_type_of).unwrap_or_default(),
            instance_id: row.opt(F::InstanceId),
            service_number: row.opt(F::ServiceNumber),
        },
        principal,
        remark: row.text(F::ServiceRemark),
        ..Website::default()
    };
    match kind {
        ServiceType::Website => {}
        ServiceType::App => {
            let platforms = PLATFORMS
                .into_iter()
                .filter(|p| row.has(F::Package(*p)) || row.has(F::Fingerprint(*p)))
                .map(|p| AppPlatform {
                    platform: p,
                    package: row.text(F::Package(p)),
                    fingerprint: row.text(F::Fingerprint(p)),
                    ..AppPlatform::default()
                })
                .collect();
            w.app = Some(AppDetails { platforms, ..AppDetails::default() });
        }
        ServiceType::MiniProgram => {
            let platform = if hosted_platform.is_empty() {
                String::new()
            } else if let Some(code) = labels::code_for(Group::MiniProgramPlatform, &hosted_platform) {
                code.to_owned()
            } else {
                let choices: Vec<String> =
                    labels::group(Group::MiniProgramPlatform).values().map(|l| l.zh.clone()).collect();
                let shown: String = hosted_platform.chars().take(32).collect();
                problems.push(Problem::new(
                    at(F::HostedPlatform),
                    format!("“{shown}”不是小程序的运行平台：请从下拉列表中选择（可选：{}）", choices.join("、")),
                ));
                String::new()
            };
            w.mini_program = Some(hosted(platform));
        }
        ServiceType::QuickApp => w.quick_app = Some(hosted(hosted_platform)),
    }
    w
}

/// The documents of the rows: one per subject, with the services that name its 序号.
fn build(subjects: &[Row], services: &[Row], layout: &Layout, problems: &mut Vec<Problem>) -> Vec<IntakeFiling> {
    let header =
        |sheet: &str, f: Field| columns::columns_of(sheet).iter().find(|c| c.field == f).map(|c| c.header.as_str());
    let at_in = |sheet: &'static str, cols: &HashMap<Field, u32>, row: u32, f: Field| match cols.get(&f) {
        Some(c) => At::cell(sheet, row, *c, header(sheet, f)),
        None => At::row(sheet, row),
    };
    let mut filings: Vec<IntakeFiling> = Vec::new();
    let mut keys: HashMap<String, usize> = HashMap::new();
    // A subject whose 序号 could not be read: a service naming it is not reported again.
    let mut unreadable_key = false;
    for row in subjects {
        let at = |f: Field| at_in(SUBJECTS, &layout.subjects, row.row, f);
        let key = row.text(Field::SubjectKey);
        if row.bad.contains(&Field::SubjectKey) {
            unreadable_key = true;
        } else if key.is_empty() {
            problems
                .push(Problem::new(at(Field::SubjectKey), "请填写序号（1、2、3…）：服务表用它指明服务属于哪个主体"));
        } else if let Some(first) = keys.get(&key) {
            let first_row = filings.get(*first).map_or(0, |f| f.subject_row);
            problems.push(Problem::new(
                at(Field::SubjectKey),
                format!("序号“{}”与第 {first_row} 行重复：每个主体的序号应不同", clip(&key)),
            ));
        } else {
            keys.insert(key, filings.len());
        }
        if row.text(Field::SubjectName).is_empty() && !row.bad.contains(&Field::SubjectName) {
            problems.push(Problem::new(at(Field::SubjectName), "请填写主办单位名称：没有名称的主体无法导入"));
        }
        filings.push(IntakeFiling {
            document: subject_document(row),
            subject_row: row.row + 1,
            service_rows: Vec::new(),
            diagnostics: Vec::new(),
        });
    }
    for row in services {
        let at = |f: Field| at_in(SERVICES, &layout.services, row.row, f);
        let key = row.text(Field::ServiceKey);
        let target = if row.bad.contains(&Field::ServiceKey) {
            None
        } else if key.is_empty() {
            problems.push(Problem::new(at(Field::ServiceKey), "请填写主体序号：这项服务属于主体表中的哪个主体"));
            None
        } else {
            let found = keys.get(&key).copied();
            if found.is_none() && !unreadable_key {
                problems.push(Problem::new(
                    at(Field::ServiceKey),
                    format!("主体表中没有序号为“{}”的主体：请核对主体序号", clip(&key)),
                ));
            }
            found
        };
        let Some(kind) = row.code(Field::ServiceType).and_then(service_type_of) else {
            if !row.bad.contains(&Field::ServiceType) {
                problems.push(Problem::new(at(Field::ServiceType), "请选择服务类型（网站、APP、小程序或快应用）"));
            }
            continue;
        };
        let w = service(row, kind, &at, problems);
        if let Some(f) = target.and_then(|i| filings.get_mut(i)) {
            f.document.websites.push(w);
            f.service_rows.push(row.row + 1);
        }
    }
    filings
}

fn clip(s: &str) -> String {
    s.chars().take(32).collect()
}

// ---------------------------------------------------------------------------------------------
// Diagnostics at their cells

fn locate_all(filing: &IntakeFiling, layout: &Layout, diags: Vec<Diagnostic>) -> Vec<RowDiagnostic> {
    diags.into_iter().map(|d| RowDiagnostic { at: locate(filing, layout, &d.field), diagnostic: d }).collect()
}

/// The cell of a field path: the column holding it (or its nearest parent), in the row of the
/// subject or of the service it belongs to; the row when no column holds it.
fn locate(filing: &IntakeFiling, layout: &Layout, field: &str) -> At {
    let service = field
        .strip_prefix("websites[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(n, _)| n.parse::<usize>().ok());
    let (sheet, cols, row) = match service.and_then(|i| filing.service_rows.get(i).map(|r| (i, *r))) {
        Some((_, r)) => (SERVICES, &layout.services, r.saturating_sub(1)),
        None => (SUBJECTS, &layout.subjects, filing.subject_row.saturating_sub(1)),
    };
    // An app platform's field: the platform's own column.
    let platform = service.and_then(|i| {
        let rest = field.split_once("].app.platforms[")?.1;
        let j = rest.split_once(']')?.0.parse::<usize>().ok()?;
        filing.document.websites.get(i)?.app.as_ref()?.platforms.get(j).map(|p| p.platform)
    });
    let mut pattern = labels::field_pattern(field);
    loop {
        let found = columns::columns_of(sheet)
            .iter()
            .find(|c| c.paths.contains(&pattern.as_str()) && (c.platform.is_none() || c.platform == platform));
        if let Some(col) = found
            && let Some(c) = cols.get(&col.field)
        {
            return At::cell(sheet, row, *c, Some(&col.header));
        }
        let Some(cut) = pattern.rfind(['.', '[']) else { break };
        pattern.truncate(cut);
    }
    At::row(sheet, row)
}
