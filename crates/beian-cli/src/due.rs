//! `due` and `stats`: what needs doing across all filings, and how long reviews take here.

use std::path::PathBuf;

use crate::common::{Failure, Place, open_store};

/// `beian due [--json] [--within DAYS] [--ics FILE]`: nearest first; `--ics` also writes the
/// deadlines as an iCalendar file a calendar app can subscribe to.
pub fn due(place: &Place, json: bool, within: Option<u32>, ics: Option<PathBuf>) -> Result<u8, Failure> {
    let store = open_store(place)?;
    let now = jiff::Timestamp::now();
    let list = beian_usecases::due::due(&store, within, now)?;
    if let Some(path) = ics {
        crate::common::write_atomic(&path, beian_usecases::due::deadlines_ics(&list, now).as_bytes())?;
        eprintln!("日历 → {}（{} 项）", path.display(), list.items.len());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&list).map_err(|e| Failure::failed(e.to_string()))?);
        return Ok(0);
    }
    let c = list.counts;
    println!("今天 {}：已逾期 {}，今日到期 {}，7 天内 {}", list.today, c.overdue, c.today, c.week);
    for item in &list.items {
        let r = &item.reminder;
        let when = match r.kind {
            beian_core::reminders::ReminderKind::SmsWindow => beian_core::schedule::format_cst(r.due),
            _ => r.due_date.to_string(),
        };
        let flag = if r.overdue { "【已逾期】" } else { "" };
        println!(
            "{when:<20} {flag}{:<12} {:<16} {}：{}",
            item.label,
            item.order_no,
            item.subject_name,
            beian_usecases::due::what_to_do(item)
        );
    }
    Ok(0)
}

/// `beian stats [--json]`: review times per province and provider over the last 12 months.
pub fn stats(place: &Place, json: bool) -> Result<u8, Failure> {
    let store = open_store(place)?;
    let stats = beian_usecases::due::review_stats(&store, jiff::Timestamp::now())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&stats).map_err(|e| Failure::failed(e.to_string()))?);
        return Ok(0);
    }
    println!("{} 至 {} 的审核用时（工作日）；满 {} 件的数字用于预计日期", stats.since, stats.until, stats.min_filings);
    println!("{:<10} {:<10} {:<8} {:>6} {:>8} {:>8}", "省份", "接入商", "阶段", "件数", "中位数", "90%分位");
    for f in &stats.figures {
        let provider = beian_core::providers::profile(&f.provider).map_or(f.provider.as_str(), |p| &p.meta.name_zh);
        println!(
            "{:<10} {:<10} {:<8} {:>6} {:>8.1} {:>8.1}{}",
            f.province,
            provider,
            f.stage.label_zh(),
            f.filings,
            f.median_workdays,
            f.p90_workdays,
            if f.used { "" } else { "（件数不足，预计日期仍按指南）" }
        );
    }
    if stats.figures.is_empty() {
        println!("近 12 个月没有完成的审核：预计日期按指南的时限计算");
    }
    Ok(0)
}
