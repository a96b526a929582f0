//! The office around the filings: what is due across all clients (今日待办, `beian due`), the
//! review times of the agency's own history (`beian stats`), and the deadlines as an iCalendar file
//! a calendar app subscribes to.

use beian_core::reminders::{self, Reminder, ReminderKind};
use beian_core::review_stats::{self, History, ReviewStats};
use beian_core::schedule::{self, Observed};
use beian_core::status::FilingStatus;
use beian_store::{Store, StoreError, Timeline, TimelineFilter};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One thing to do for one filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DueItem {
    pub filing_id: i64,
    pub order_no: String,
    pub subject_name: String,
    pub status: FilingStatus,
    pub province: String,
    pub provider: String,
    pub provider_account: String,
    pub reminder: Reminder,
    /// What it is, in both languages (`短信核验即将截止`, …), for the CLI's text and the calendar.
    pub label: String,
    pub label_en: String,
}

/// Counts of the dashboard's tiles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DueCounts {
    /// Past their deadline.
    pub overdue: u32,
    /// Due today (not yet past).
    pub today: u32,
    /// Due within the next 7 days, today included (not yet past).
    pub week: u32,
}

/// What needs doing, nearest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DueList {
    #[specta(type = String)]
    pub today: Date,
    pub items: Vec<DueItem>,
    pub counts: DueCounts,
}

/// The review-time figures of this store's history at `now` (the last 12 months).
pub fn review_stats(store: &Store, now: Timestamp) -> Result<ReviewStats, StoreError> {
    let timelines = store.timelines(&TimelineFilter::default())?;
    Ok(stats_of(&timelines, store, now))
}

fn stats_of(timelines: &[Timeline], store: &Store, now: Timestamp) -> ReviewStats {
    review_stats::compute(
        timelines.iter().map(|t| History { province: &t.province, provider: &t.provider, events: &t.events }),
        store.calendar(),
        now,
    )
}

/// What the agency's history says of one province and provider: the figures expected dates use
/// where enough filings stand behind them.
pub fn observed_for(store: &Store, province: &str, provider: &str, now: Timestamp) -> Result<Observed, StoreError> {
    let filter = TimelineFilter {
        open_only: false,
        province: Some(province.trim().to_owned()),
        provider: Some(provider.trim().to_owned()),
    };
    let timelines = store.timelines(&filter)?;
    Ok(stats_of(&timelines, store, now).observed(province, provider))
}

/// Everything due across the store's open filings at `now`, nearest first; with `within`, only
/// what is past or due within that many days.
pub fn due(store: &Store, within: Option<u32>, now: Timestamp) -> Result<DueList, StoreError> {
    let stats = review_stats(store, now)?;
    let open = store.timelines(&TimelineFilter { open_only: true, ..TimelineFilter::default() })?;
    let mut items = Vec::new();
    for t in open {
        let observed = stats.observed(&t.province, &t.provider);
        for r in reminders::reminders(t.status, &t.events, &t.province, &t.provider, store.calendar(), &observed, now) {
            if within.is_some_and(|w| !r.overdue && r.days_left > w as i32) {
                continue;
            }
            items.push(DueItem {
                filing_id: t.id,
                order_no: t.order_no.clone(),
                subject_name: t.subject_name.clone(),
                status: t.status,
                province: t.province.clone(),
                provider: t.provider.clone(),
                provider_account: t.provider_account.clone(),
                label: r.kind.label_zh().to_owned(),
                label_en: r.kind.label_en().to_owned(),
                reminder: r,
            });
        }
    }
    items.sort_by(|a, b| a.reminder.due.cmp(&b.reminder.due).then(a.order_no.cmp(&b.order_no)));
    let mut counts = DueCounts::default();
    for i in &items {
        let r = &i.reminder;
        if r.overdue {
            counts.overdue += 1;
        } else {
            counts.today += u32::from(r.days_left == 0);
            counts.week += u32::from(r.days_left < 7);
        }
    }
    Ok(DueList { today: beian_core::calendar::cst_now_date(now), items, counts })
}

/// What a reminder asks staff to do, in Chinese, for the calendar entry and the notification.
pub fn what_to_do(item: &DueItem) -> String {
    let r = &item.reminder;
    match r.kind {
        ReminderKind::SmsWindow => {
            format!("请提醒客户在 {} 前完成短信核验（24 小时内有效）", schedule::format_cst(r.due))
        }
        ReminderKind::OrderExpiry if r.days_left <= 0 => "今天是订单有效期的最后一天".to_owned(),
        ReminderKind::OrderExpiry => {
            format!("订单还剩 {} 天有效（{}）", r.days_left, schedule::validity_wording_short(&item.provider))
        }
        ReminderKind::ReviewOverdue => {
            format!("{}已超过预计日期 {}，请联系接入商或管局", r.deadline.label_zh(), r.due_date)
        }
        ReminderKind::MailPapers => format!("请邮寄纸质资料，须在订单失效（{}）前签收", r.due_date),
    }
}

/// The deadlines of `list` as an iCalendar (RFC 5545) file: one event per reminder — the SMS window
/// at its instant, the others as all-day events on their day — each with a stable UID, so a
/// calendar that subscribes to the file updates its entries rather than duplicating them.
pub fn deadlines_ics(list: &DueList, now: Timestamp) -> String {
    use icalendar::{Calendar, Component, EventLike};
    let mut cal = Calendar::new();
    cal.name("备案工作台 · 待办").description("备案订单的截止日期（备案工作台生成）").timezone("Asia/Shanghai");
    let stamp = chrono::DateTime::from_timestamp(now.as_second(), 0).unwrap_or_default();
    for item in &list.items {
        let r = &item.reminder;
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}@beian-desk", r.once_key(item.filing_id)))
            .timestamp(stamp)
            .summary(&format!("{} · {} · {}", item.label, item.order_no, item.subject_name))
            .description(&what_to_do(item));
        match r.kind {
            ReminderKind::SmsWindow => {
                let due = chrono::DateTime::from_timestamp(r.due.as_second(), 0).unwrap_or_default();
                event.starts(due - chrono::Duration::minutes(30)).ends(due);
            }
            _ => {
                let day = |d: Date| chrono::NaiveDate::from_ymd_opt(d.year().into(), d.month() as u32, d.day() as u32);
                if let (Some(start), Some(end)) = (day(r.due_date), r.due_date.tomorrow().ok().and_then(day)) {
                    event.starts(start).ends(end);
                }
            }
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

/// A desktop notification: what the shell shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// More new reminders than this at once make one summary notice rather than a flood.
pub const NOTICE_BURST: usize = 3;

/// The notices `list` calls for, given the reminders already announced (`sent`, by
/// [`Reminder::once_key`]): each reminder is announced once — an order's end once per stage — and
/// `sent` becomes what `list` holds (keys of reminders gone are dropped).
pub fn notices(list: &DueList, sent: &mut std::collections::BTreeSet<String>) -> Vec<Notice> {
    let current: std::collections::BTreeSet<String> =
        list.items.iter().map(|i| i.reminder.once_key(i.filing_id)).collect();
    let fresh: Vec<&DueItem> =
        list.items.iter().filter(|i| !sent.contains(&i.reminder.once_key(i.filing_id))).collect();
    *sent = current;
    if fresh.len() > NOTICE_BURST {
        let overdue = fresh.iter().filter(|i| i.reminder.overdue).count();
        return vec![Notice {
            title: format!("备案工作台：{} 项新待办", fresh.len()),
            body: format!("其中已逾期 {overdue} 项。打开“今日待办”查看。"),
        }];
    }
    fresh
        .into_iter()
        .map(|i| Notice {
            title: format!("备案工作台：{}", i.label),
            body: format!("{} {}：{}", i.order_no, i.subject_name, what_to_do(i)),
        })
        .collect()
}

/// Where a data directory keeps what the reminders wrote: the keys already announced and the
/// deadlines' calendar a calendar app subscribes to.
pub fn reminders_dir(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("reminders")
}

/// The calendar file kept up to date while the app runs (subscribe to it from a calendar app).
pub fn feed_path(data_dir: &std::path::Path) -> std::path::PathBuf {
    reminders_dir(data_dir).join("beian-deadlines.ics")
}

/// The keys already announced, as the last run left them (none when the file is missing or
/// unreadable: at worst a reminder is announced again).
pub fn load_sent(data_dir: &std::path::Path) -> std::collections::BTreeSet<String> {
    std::fs::read(reminders_dir(data_dir).join("notified.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes `text` to `path` beside it first and renames, so a calendar never reads half a file.
fn write_replacing(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Saves the keys announced and refreshes the calendar feed.
pub fn save_reminders(
    data_dir: &std::path::Path,
    sent: &std::collections::BTreeSet<String>,
    list: &DueList,
    now: Timestamp,
) -> std::io::Result<()> {
    let keys = serde_json::to_vec(sent).map_err(std::io::Error::other)?;
    write_replacing(&reminders_dir(data_dir).join("notified.json"), &keys)?;
    write_replacing(&feed_path(data_dir), deadlines_ics(list, now).as_bytes())
}
