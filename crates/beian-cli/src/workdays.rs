//! `workdays add DATE N`, and the business-day calendar every command shares: the built-in years
//! plus `<data-dir>/calendar/*.toml` when present.

use std::path::PathBuf;

use beian_core::calendar::{Calendar, WorkdaysError};
use jiff::civil::Date;

use crate::common::Failure;

/// The calendar: built-in years, plus the year files in the data directory's `calendar/` folder
/// (sorted by name). A file that cannot be read or used is an input error (exit 2).
pub fn load_calendar(data_dir: Option<PathBuf>) -> Result<Calendar, Failure> {
    let Some(dir) = beian_store::paths::resolve_data_dir(data_dir) else {
        return Ok(Calendar::builtin());
    };
    let folder = dir.join("calendar");
    if !folder.is_dir() {
        return Ok(Calendar::builtin());
    }
    let entries =
        std::fs::read_dir(&folder).map_err(|e| Failure::input(format!("无法读取 {}：{e}", folder.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut texts: Vec<(String, String)> = Vec::with_capacity(paths.len());
    for p in &paths {
        let text = std::fs::read_to_string(p).map_err(|e| Failure::input(format!("无法读取 {}：{e}", p.display())))?;
        texts.push((p.display().to_string(), text));
    }
    let refs: Vec<(&str, &str)> = texts.iter().map(|(o, t)| (o.as_str(), t.as_str())).collect();
    Calendar::with_extra(&refs).map_err(|e| Failure::input(e.to_string()))
}

/// `beian workdays add DATE N`: the N-th working day strictly after DATE.
pub fn add(data_dir: Option<PathBuf>, date: &str, n: &str) -> Result<u8, Failure> {
    let day: Date = date
        .trim()
        .parse()
        .map_err(|_| Failure::input(format!("日期“{date}”无效：应写成 YYYY-MM-DD，如 2024-09-27")))?;
    let count: u32 = match n.trim().parse::<i64>() {
        Ok(v) if v >= 1 => u32::try_from(v).map_err(|_| Failure::input(format!("工作日数 N = {v} 太大")))?,
        _ => {
            return Err(Failure::input(format!("工作日数 N 应为不小于 1 的整数，而不是“{n}”")));
        }
    };
    let calendar = load_calendar(data_dir)?;
    match calendar.add_workdays(day, count) {
        Ok(result) => {
            println!("{result}");
            Ok(0)
        }
        Err(e @ WorkdaysError::Outside(_)) => Err(Failure::input(e.to_string())),
        Err(e @ WorkdaysError::ZeroCount) => Err(Failure::input(e.to_string())),
    }
}
