//! `print KIND [--full] [--url URL] ID… --out FILE.html`: a print view of stored filings (by id or
//! order number), exactly as the app prints it, as one self-contained HTML file. Personal data is
//! masked unless `--full`, which is recorded in each filing's history before the file appears.

use std::path::PathBuf;

use beian_print::ViewKind;

use crate::common::{Failure, Place, open_store};

pub struct PrintArgs {
    pub kind: String,
    pub full: bool,
    pub url: Option<String>,
    pub ids: Vec<String>,
    pub out: PathBuf,
}

pub fn print(place: &Place, args: PrintArgs) -> Result<u8, Failure> {
    let kind = ViewKind::from_code(&args.kind).ok_or_else(|| {
        let kinds: Vec<&str> = ViewKind::ALL.iter().map(|k| k.code()).collect();
        Failure::failed(format!("未知的打印类型 {}：可选 {}", args.kind, kinds.join("、")))
    })?;
    if args.url.is_some() && kind != ViewKind::Handoff {
        return Err(Failure::failed("--url 只用于 handoff（手机拍照交接单）"));
    }
    let mut store = open_store(place)?;
    let now = jiff::Timestamp::now();
    let ids = args.ids.iter().map(|key| beian_usecases::resolve(&store, key)).collect::<Result<Vec<_>, _>>()?;
    let request = beian_usecases::print::PrintRequest { kind, ids, full: args.full, handoff_url: args.url };
    // The use case records a full-data print in each filing's history before it returns the page,
    // so that no full-data page exists without a record; the file is written beside the target
    // and renamed, so that a half-written page never has its name.
    let job = beian_usecases::print::print(&mut store, request, now).map_err(|e| Failure::failed(e.to_string()))?;
    crate::common::write_atomic(&args.out, job.html.as_bytes())?;
    let what = if args.full { "含完整个人信息" } else { "个人信息已脱敏" };
    eprintln!("{} → {}（{} 份，{what}）", kind.label_zh(), args.out.display(), job.filings);
    Ok(0)
}
