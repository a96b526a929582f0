//! `beian`: the headless command line of Beian Desk (see `shared/spec/filing-exchange-format.md`).
//!
//! Exit codes: 0 success; 1 the input was read but fails (errors in a filing, a store failure);
//! 2 the input could not be read or is not this format.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use beian_core::document::{self, ParseError};
use beian_core::status::FilingStatus;
use beian_core::{Diagnostic, FilingDocument, Severity};
use beian_store::{ListQuery, Store, StoreError};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "beian",
    version,
    about = "备案工作台命令行：校验、导入、导出和查询备案"
)]
struct Cli {
    /// Data directory (default: $BEIAN_DATA_DIR, else the desktop app's data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate one filing document (`-` reads standard input).
    Validate {
        #[arg(long)]
        json: bool,
        file: String,
    },
    /// Import filing documents into the local database as drafts (all or none).
    Import {
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Export filings (by id or order number; all when none given).
    Export {
        /// Print records with their order number and status instead of bare documents.
        #[arg(long)]
        json: bool,
        ids: Vec<String>,
    },
    /// The filings dashboard as data.
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        province: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

/// A command's failure, with its exit code and a message for stderr.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
    fn failed(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::failed(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("beian: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    let data_dir = cli.data_dir;
    match cli.command {
        Command::Validate { json, file } => validate(&file, json),
        Command::Import { files } => import(data_dir, &files),
        Command::Export { json, ids } => export(data_dir, &ids, json),
        Command::List {
            json,
            search,
            status,
            province,
            limit,
        } => list(data_dir, json, search, status, province, limit),
    }
}

fn open_store(data_dir: Option<PathBuf>) -> Result<Store, Failure> {
    let dir = beian_store::paths::resolve_data_dir(data_dir)
        .ok_or_else(|| Failure::failed("找不到数据目录：请用 --data-dir 指定"))?;
    Ok(Store::open(&dir)?)
}

fn read_input(file: &str) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    let limit = document::MAX_DOCUMENT_BYTES as u64 + 1;
    let result = if file == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    result.map_err(|e| Failure::input(format!("无法读取 {file}：{e}")))?;
    if bytes.len() as u64 >= limit {
        return Err(Failure::input(format!(
            "{file}：文件过大（上限 {} 字节）",
            document::MAX_DOCUMENT_BYTES
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::input(format!(
            "{file}：不是 UTF-8 文本（第 {} 字节处）",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn parse_file(file: &str) -> Result<document::Parsed, (Failure, Option<ParseError>)> {
    let text = read_input(file).map_err(|f| (f, None))?;
    document::parse_document(&text).map_err(|e| (Failure::input(format!("{file}：{e}")), Some(e)))
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        let sev = match d.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Reminder => "提醒",
        };
        let field = if d.field.is_empty() {
            "(文档)"
        } else {
            &d.field
        };
        println!(
            "{sev} {field}: {} [{}，依据：{}]",
            d.message, d.rule, d.source
        );
    }
}

fn validate(file: &str, json: bool) -> Result<u8, Failure> {
    let parsed = match parse_file(file) {
        Ok(p) => p,
        Err((failure, parse_error)) => {
            if json {
                let diags: Vec<Diagnostic> =
                    parse_error.iter().map(ParseError::to_diagnostic).collect();
                let out = serde_json::json!({ "filing_type": null, "diagnostics": diags });
                println!("{out}");
            }
            return Err(failure);
        }
    };
    let diagnostics = parsed.warnings;
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if json {
        let out = serde_json::json!({
            "filing_type": parsed.document.filing_type.map(|t| t.code()),
            "diagnostics": diagnostics,
        });
        println!("{out}");
    } else {
        print_diagnostics(&diagnostics);
        let warnings = diagnostics.len() - errors;
        println!("{errors} 个错误，{warnings} 个警告或提醒");
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

fn import(data_dir: Option<PathBuf>, files: &[String]) -> Result<u8, Failure> {
    // Read and parse everything first: one unreadable file and nothing is written.
    let mut docs: Vec<FilingDocument> = Vec::with_capacity(files.len());
    for file in files {
        let parsed = parse_file(file).map_err(|(f, _)| f)?;
        for w in &parsed.warnings {
            eprintln!("beian: {file}：{}", w.message);
        }
        docs.push(parsed.document);
    }
    let mut store = open_store(data_dir)?;
    let ids = store.create_filings(&docs, jiff::Timestamp::now(), "imported")?;
    for (id, file) in ids.iter().zip(files) {
        let rec = store.get_filing(*id)?;
        println!("{file} → {}（草稿）", rec.order_no);
    }
    Ok(0)
}

fn resolve_id(store: &Store, key: &str) -> Result<i64, Failure> {
    if let Some(id) = store.find_by_order_no(key)? {
        return Ok(id);
    }
    if let Ok(id) = key.parse::<i64>() {
        store.get_filing(id)?;
        return Ok(id);
    }
    Err(Failure::failed(format!("找不到备案 {key}")))
}

fn export(data_dir: Option<PathBuf>, keys: &[String], json: bool) -> Result<u8, Failure> {
    let store = open_store(data_dir)?;
    let ids = if keys.is_empty() {
        store.all_filing_ids()?
    } else {
        keys.iter()
            .map(|k| resolve_id(&store, k))
            .collect::<Result<Vec<_>, _>>()?
    };
    let records = ids
        .into_iter()
        .map(|id| store.get_filing(id))
        .collect::<Result<Vec<_>, _>>()?;
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

fn list(
    data_dir: Option<PathBuf>,
    json: bool,
    search: Option<String>,
    status: Option<String>,
    province: Option<String>,
    limit: u32,
) -> Result<u8, Failure> {
    let status = match status.as_deref() {
        None => None,
        Some(code) => Some(FilingStatus::from_code(code).ok_or_else(|| {
            let codes: Vec<_> = FilingStatus::ALL.iter().map(|s| s.code()).collect();
            Failure::input(format!("未知状态 {code}，可选：{}", codes.join("、")))
        })?),
    };
    let store = open_store(data_dir)?;
    let result = store.list_filings(&ListQuery {
        search,
        status,
        province,
        limit: Some(limit),
        offset: None,
    })?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).map_err(|e| Failure::failed(e.to_string()))?
        );
    } else {
        println!(
            "{:<16} {:<10} {:<24} {}",
            "备案订单号", "状态", "域名", "主办单位"
        );
        for f in &result.items {
            println!(
                "{:<16} {:<10} {:<24} {}",
                f.order_no,
                f.status.label_zh(),
                f.primary_domain,
                f.subject_name
            );
        }
        println!("共 {} 条", result.total);
    }
    Ok(0)
}
