//! `beian doctor [--json]`: the store's health (see `beian_store::doctor`); exit 0 healthy,
//! 1 problems (including a store that cannot be opened).

use std::path::PathBuf;

use beian_store::doctor::{CheckStatus, Report};

use crate::common::{Failure, Place, open_store};

pub fn doctor(place: &Place, json: bool) -> Result<u8, Failure> {
    // The team store's checks need no folder; a desk's attachments are under its data directory.
    let dir = if place.is_team() { PathBuf::new() } else { place.dir()? };
    let store = match open_store(place) {
        Ok(s) => s,
        Err(f) => {
            if json {
                println!("{}", serde_json::json!({ "healthy": false, "open_error": f.message }));
            } else {
                println!("✗ 无法打开数据库：{}", f.message);
            }
            return Ok(1);
        }
    };
    let report = store.doctor(&dir)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| Failure::failed(e.to_string()))?);
    } else {
        print_report(&report);
    }
    Ok(if report.healthy { 0 } else { 1 })
}

fn print_report(report: &Report) {
    for c in &report.checks {
        let (mark, what) = match c.status {
            CheckStatus::Ok => ("✓", format!("{}：正常（检查 {} 项）", c.title, c.checked)),
            CheckStatus::Problem => ("✗", format!("{}：{} 个问题", c.title, c.problems)),
            CheckStatus::Skipped => ("-", format!("{}：跳过", c.title)),
        };
        println!("{mark} {what}");
        for d in &c.details {
            println!("    {d}");
        }
    }
    let problems: u64 = report.checks.iter().map(|c| c.problems).sum();
    if report.healthy {
        println!("数据库健康");
    } else {
        println!("发现 {problems} 个问题");
    }
}

/// `beian support --out FILE.zip`: the diagnostic bundle (beian_usecases::support), written
/// atomically.
pub fn support(place: &Place, out: &std::path::Path) -> Result<u8, Failure> {
    if out.extension().is_none_or(|e| !e.eq_ignore_ascii_case("zip")) {
        return Err(Failure::input(format!("{}：诊断信息文件名须以 .zip 结尾", out.display())));
    }
    let dir = if place.is_team() { place.dir().unwrap_or_default() } else { place.dir()? };
    let store = open_store(place)?;
    let bytes = beian_usecases::support::bundle(&store, &dir, jiff::Timestamp::now())?;
    crate::common::write_atomic(out, &bytes)?;
    println!("诊断信息已写入 {}（{} 字节，已遮盖个人信息，不含备案内容）", out.display(), bytes.len());
    Ok(0)
}
