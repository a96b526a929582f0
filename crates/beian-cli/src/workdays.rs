//! `workdays add DATE N`, and the business-day calendar every command shares: the built-in years
//! plus `<data-dir>/calendar/*.toml` when present.

use beian_core::calendar::{Calendar, WorkdaysError};
use jiff::civil::Date;

use crate::common::{Failure, Place};

/// The calendar: built-in years, plus the year files in the data directory's `calendar/` folder
/// (the store's loader, shared with the app). A file that cannot be read or used is an input
/// error (exit 2).
pub fn load_calendar(place: &Place) -> Result<Calendar, Failure> {
    if place.is_team() {
        return Ok(place.open()?.calendar().clone());
    }
    match beian_usecases::settings::data_dir(place.data_dir.clone()) {
        Some(dir) => beian_store::calendar::load(&dir).map_err(|e| Failure::input(e.to_string())),
        None => Ok(Calendar::builtin()),
    }
}

/// `beian workdays add DATE N`: the N-th working day strictly after DATE.
pub fn add(place: &Place, date: &str, n: &str) -> Result<u8, Failure> {
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
    let calendar = load_calendar(place)?;
    match calendar.add_workdays(day, count) {
        Ok(result) => {
            println!("{result}");
            Ok(0)
        }
        Err(e @ WorkdaysError::Outside(_)) => Err(Failure::input(e.to_string())),
        Err(e @ WorkdaysError::ZeroCount) => Err(Failure::input(e.to_string())),
    }
}
