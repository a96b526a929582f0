//! `validate`, `import`, `export`, `list`: filings in and out.

use beian_core::document::ParseError;
use beian_core::status::FilingStatus;
use beian_core::{Diagnostic, FilingDocument, Severity};
use beian_store::ListQuery;

use crate::common::{Failure, Place, open_store, parse_file, print_diagnostics};

/// `beian validate [--json] FILE`: the parser's warnings and every rule's findings, sorted by field
/// path then rule id; exit 0 without errors (warnings and reminders allowed), 1 with errors, 2 when
/// the file cannot be read or is not a `beian-filing/1` document. Rules are evaluated at the
/// document's `as_of`, else today in China Standard Time.
pub fn validate(file: &str, json: bool) -> Result<u8, Failure> {
    let parsed = match parse_file(file) {
        Ok(p) => p,
        Err((failure, parse_error)) => {
            if json {
                let diags: Vec<Diagnostic> = parse_error.iter().map(ParseError::to_diagnostic).collect();
                let out = serde_json::json!({ "filing_type": null, "diagnostics": diags });
                println!("{out}");
            }
            return Err(failure);
        }
    };
    let today = beian_core::calendar::cst_now_date(jiff::Timestamp::now());
    let mut diagnostics = parsed.warnings;
    diagnostics.extend(beian_core::validate(&parsed.document, today));
    beian_core::rules::sort_diagnostics(&mut diagnostics);
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, reminders) = (count(Severity::Error), count(Severity::Warning), count(Severity::Reminder));
    // The declared type, else the type the document's subject and declarations determine (as
    // `beian plan` reports it).
    let filing_type = parsed.document.filing_type.or_else(|| {
        beian_core::filing_type::determine(&parsed.document, &beian_core::filing_type::Registry::empty()).filing_type
    });
    if json {
        let out = serde_json::json!({
            "filing_type": filing_type.map(|t| t.code()),
            "diagnostics": diagnostics,
        });
        println!("{out}");
    } else {
        print_diagnostics(&diagnostics);
        println!("{errors} 个错误，{warnings} 个警告，{reminders} 个提醒");
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

pub fn import(place: &Place, files: &[String]) -> Result<u8, Failure> {
    // Read and parse everything first: one unreadable file and nothing is written.
    let mut docs: Vec<FilingDocument> = Vec::with_capacity(files.len());
    for file in files {
        let parsed = parse_file(file).map_err(|(f, _)| f)?;
        for w in &parsed.warnings {
            eprintln!("beian: {file}：{}", w.message);
        }
        docs.push(parsed.document);
    }
    let mut store = open_store(place)?;
    let ids = store.create_filings(&docs, jiff::Timestamp::now(), "imported")?;
    for (id, file) in ids.iter().zip(files) {
        let rec = store.get_filing(*id)?;
        println!("{file} → {}（草稿）", rec.order_no);
    }
    Ok(0)
}

/// `beian export [--json] [--full] [ID…]`: certificate numbers, phones and e-mails masked as on
/// screen and paper; `--full` exports them as stored (to move filings to another store), and is
/// recorded in the audit trail, one entry per filing, before anything is printed.
pub fn export(place: &Place, keys: &[String], json: bool, full: bool) -> Result<u8, Failure> {
    let mut store = open_store(place)?;
    let ids = if keys.is_empty() {
        None
    } else {
        Some(keys.iter().map(|k| beian_usecases::resolve(&store, k)).collect::<Result<Vec<_>, _>>()?)
    };
    let records = beian_usecases::export(&mut store, ids, full, "cli", jiff::Timestamp::now())?;
    let out = if json {
        serde_json::to_string_pretty(&records)
    } else if records.len() == 1 {
        serde_json::to_string_pretty(&records[0].document)
    } else {
        serde_json::to_string_pretty(&records.iter().map(|r| &r.document).collect::<Vec<_>>())
    };
    println!("{}", out.map_err(|e| Failure::failed(e.to_string()))?);
    Ok(0)
}

/// The list's filters as typed.
pub struct ListArgs {
    pub search: Option<String>,
    pub status: Option<String>,
    pub province: Option<String>,
    pub provider: Option<String>,
    pub account: Option<String>,
}

pub fn list(place: &Place, json: bool, args: ListArgs, limit: u32) -> Result<u8, Failure> {
    let ListArgs { search, status, province, provider, account } = args;
    if let Some(p) = provider.as_deref().filter(|p| beian_core::providers::profile(p).is_none()) {
        let codes: Vec<_> = beian_core::providers::codes().collect();
        return Err(Failure::input(format!("未知接入商 {p}，可选：{}", codes.join("、"))));
    }
    let status = match status.as_deref() {
        None => None,
        Some(code) => Some(FilingStatus::from_code(code).ok_or_else(|| {
            let codes: Vec<_> = FilingStatus::ALL.iter().map(|s| s.code()).collect();
            Failure::input(format!("未知状态 {code}，可选：{}", codes.join("、")))
        })?),
    };
    let store = open_store(place)?;
    let result = store.list_filings(&ListQuery {
        search,
        status,
        province,
        limit: Some(limit),
        offset: None,
        filing_type: None,
        provider,
        provider_account: account,
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&result).map_err(|e| Failure::failed(e.to_string()))?);
    } else {
        println!("{:<16} {:<10} {:<8} {:<24} 主办单位", "备案订单号", "状态", "接入商", "域名");
        for f in &result.items {
            let provider = beian_core::providers::profile(&f.provider).map_or(f.provider.as_str(), |p| &p.meta.name_zh);
            println!(
                "{:<16} {:<10} {:<8} {:<24} {}",
                f.order_no,
                f.status.label_zh(),
                provider,
                f.primary_domain,
                f.subject_name
            );
        }
        println!("共 {} 条", result.total);
    }
    Ok(0)
}
