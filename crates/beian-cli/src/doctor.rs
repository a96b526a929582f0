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
