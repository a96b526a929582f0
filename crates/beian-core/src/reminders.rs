//! What needs doing across the filings (今日待办, `beian due`): SMS windows closing, orders near the
//! end of their validity, reviews past their expected day, papers to mail. Pure: the store hands in
//! each filing's status changes, the caller the clock.
//!
//! An order's end is announced when 30, 15 and 7 days are left and on its last day: a reminder's
//! [`Reminder::stage`] is the threshold reached, so a notification can be sent once per stage
//! rather than every time the list is read.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::calendar::{self, Calendar};
use crate::schedule::{self, DeadlineKind, Observed, Party, StatusChange, cst_serde};
use crate::status::FilingStatus;

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The 24 hours to type the SMS code are running.
    SmsWindow,
    /// The order nears the end of its validity (30, 15, 7 days left, the last day).
    OrderExpiry,
    /// A review (the provider's 初审 or 提交管局, the 管局's answer) is past its expected day.
    ReviewOverdue,
    /// The provider asked for papers by post (they must arrive before the order lapses).
    MailPapers,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 4] =
        [ReminderKind::SmsWindow, ReminderKind::OrderExpiry, ReminderKind::ReviewOverdue, ReminderKind::MailPapers];

    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::SmsWindow => "sms_window",
            ReminderKind::OrderExpiry => "order_expiry",
            ReminderKind::ReviewOverdue => "review_overdue",
            ReminderKind::MailPapers => "mail_papers",
        }
    }

    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::ReminderKind, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::ReminderKind, self.code())
    }
}

/// The days before an order's end at which it is announced (and 0, its last day).
pub const EXPIRY_STAGES: [i64; 4] = [30, 15, 7, 0];

/// One thing to do, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// The deadline behind it (`order_expiry` for the order's end and for papers to mail).
    pub deadline: DeadlineKind,
    /// The instant it passes (end of the CST day for dates; exact for the SMS window).
    #[serde(with = "cst_serde")]
    #[specta(type = String)]
    pub due: Timestamp,
    #[specta(type = String)]
    pub due_date: Date,
    /// Calendar days from today (CST) to `due_date`: 0 today, negative when past.
    pub days_left: i32,
    /// `now` is at or past `due`.
    pub overdue: bool,
    /// For an order's end, the threshold reached (30, 15, 7 or 0 days left); a notification is
    /// due once per filing, kind and stage. `None` for the other kinds (their deadline is once).
    pub stage: Option<u32>,
    pub waiting_on: Party,
    /// The date was counted past the calendar's data.
    pub estimated: bool,
}

impl Reminder {
    /// What identifies this reminder for "notify once": the deadline's instant and the stage.
    pub fn once_key(&self, filing_id: i64) -> String {
        format!("{filing_id}:{}:{}:{}", self.kind.code(), schedule::format_cst(self.due), self.stage.unwrap_or(0))
    }
}

/// The reminders of one order in `status` with these status changes, at `provider` in
/// `province`, earliest first. Closed orders, orders never submitted and orders whose validity
/// has run out have none: a lapsed order is marked 已过期 by whichever front opens the store next
/// (`expire_lapsed`), and nothing is due on it but a new submission.
pub fn reminders(
    status: FilingStatus,
    events: &[StatusChange],
    province: &str,
    provider: &str,
    cal: &Calendar,
    observed: &Observed,
    now: Timestamp,
) -> Vec<Reminder> {
    if status.lapses() && schedule::order_lapsed(provider, events, now) {
        return Vec::new();
    }
    let today = calendar::cst_now_date(now);
    let days_to = |d: Date| (d - today).get_days();
    let mut out = Vec::new();
    for d in schedule::deadlines_observed(status, events, province, provider, cal, observed, now) {
        let days_left = days_to(d.due_date);
        let base = |kind: ReminderKind, stage: Option<u32>| Reminder {
            kind,
            deadline: d.kind,
            due: d.due,
            due_date: d.due_date,
            days_left,
            overdue: d.overdue,
            stage,
            waiting_on: d.waiting_on,
            estimated: d.estimated,
        };
        match d.kind {
            DeadlineKind::SmsVerification => out.push(base(ReminderKind::SmsWindow, None)),
            DeadlineKind::OrderExpiry => {
                if status == FilingStatus::MailPapers {
                    out.push(base(ReminderKind::MailPapers, None));
                }
                // The smallest threshold not below the days left: 20 days left is stage 30.
                if let Some(stage) = EXPIRY_STAGES.iter().rev().find(|s| days_left <= **s as i32) {
                    out.push(base(ReminderKind::OrderExpiry, Some(*stage as u32)));
                }
            }
            DeadlineKind::FirstReview | DeadlineKind::ToBureau | DeadlineKind::BureauReview => {
                if d.overdue {
                    out.push(base(ReminderKind::ReviewOverdue, None));
                }
            }
        }
    }
    out.sort_by_key(|r| r.due);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::FilingStatus as S;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn change(when: &str, from: Option<S>, to: S) -> StatusChange {
        StatusChange { at: at(when), from, to }
    }

    fn cal() -> &'static Calendar {
        Calendar::builtin_ref()
    }

    #[test]
    fn an_order_is_announced_at_30_15_7_days_and_on_its_last_day_and_not_before() {
        // Submitted 2024-03-01 (CST) at the guide's provider: 45 days, the last day 2024-04-14.
        let events = [change("2024-03-01T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted)];
        let stage_on = |day: &str| {
            let now = at(&format!("{day}T04:00:00Z"));
            let r = reminders(S::Submitted, &events, "北京市", "aliyun", cal(), &Observed::none(), now);
            r.iter().find(|r| r.kind == ReminderKind::OrderExpiry).map(|r| (r.stage, r.days_left))
        };
        assert_eq!(stage_on("2024-03-10"), None, "35 days left: not yet");
        assert_eq!(stage_on("2024-03-15"), Some((Some(30), 30)));
        assert_eq!(stage_on("2024-03-20"), Some((Some(30), 25)));
        assert_eq!(stage_on("2024-03-30"), Some((Some(15), 15)));
        assert_eq!(stage_on("2024-04-07"), Some((Some(7), 7)));
        assert_eq!(stage_on("2024-04-13"), Some((Some(7), 1)));
        assert_eq!(stage_on("2024-04-14"), Some((Some(0), 0)), "the last day");
    }

    #[test]
    fn a_lapsed_order_has_nothing_due() {
        // Submitted 2024-03-01, in 管局审核 since 03-05: the last day is 2024-04-14.
        let events = [
            change("2024-03-01T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted),
            change("2024-03-05T02:00:00Z", Some(S::ToBureau), S::BureauReview),
        ];
        let on =
            |when: &str| reminders(S::BureauReview, &events, "北京市", "aliyun", cal(), &Observed::none(), at(when));
        assert!(!on("2024-04-14T15:59:00Z").is_empty(), "the last day, 23:59 CST: still due");
        assert_eq!(on("2024-04-14T16:00:00Z"), [], "the order lapsed at midnight CST");
        // A rejected order (not with anyone) was never going to lapse: its days do not matter here.
        assert!(schedule::order_lapsed("aliyun", &events, at("2024-06-01T00:00:00Z")));
        assert!(!S::Rejected.lapses() && S::BureauReview.lapses());
    }

    #[test]
    fn the_sms_window_is_a_reminder_from_the_code_being_sent_and_overdue_after_24_hours() {
        let events = [
            change("2024-03-01T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted),
            change("2024-03-04T03:00:00Z", Some(S::Submitted), S::SmsVerification),
        ];
        let r = reminders(
            S::SmsVerification,
            &events,
            "北京市",
            "aliyun",
            cal(),
            &Observed::none(),
            at("2024-03-04T10:00:00Z"),
        );
        let sms = r.iter().find(|r| r.kind == ReminderKind::SmsWindow).expect("sms reminder");
        assert_eq!(sms.due, at("2024-03-05T03:00:00Z"));
        assert!(!sms.overdue);
        assert_eq!(sms.waiting_on, Party::Applicant);
        let later = reminders(
            S::SmsVerification,
            &events,
            "北京市",
            "aliyun",
            cal(),
            &Observed::none(),
            at("2024-03-05T03:00:00Z"),
        );
        assert!(later.iter().any(|r| r.kind == ReminderKind::SmsWindow && r.overdue));
    }

    #[test]
    fn a_review_is_a_reminder_only_once_past_its_expected_day() {
        // 初审 at the guide's provider: 1 working day; submitted Friday 2024-03-01 → Monday 03-04.
        let events = [change("2024-03-01T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted)];
        let on = |now: &str| {
            reminders(S::Submitted, &events, "北京市", "aliyun", cal(), &Observed::none(), at(now))
                .into_iter()
                .filter(|r| r.kind == ReminderKind::ReviewOverdue)
                .collect::<Vec<_>>()
        };
        assert!(on("2024-03-04T08:00:00Z").is_empty(), "still the expected day");
        let late = on("2024-03-04T16:00:00Z");
        assert_eq!(late.len(), 1, "past the end of Monday in CST");
        assert_eq!(late[0].deadline, DeadlineKind::FirstReview);
        assert_eq!(late[0].waiting_on, Party::Provider);
        assert_eq!(late[0].days_left, -1);
    }

    #[test]
    fn papers_to_mail_are_a_reminder_bounded_by_the_order_s_end() {
        let events = [
            change("2024-03-01T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted),
            change("2024-03-02T02:00:00Z", Some(S::Submitted), S::MailPapers),
        ];
        let r =
            reminders(S::MailPapers, &events, "北京市", "aliyun", cal(), &Observed::none(), at("2024-03-03T02:00:00Z"));
        let mail = r.iter().find(|r| r.kind == ReminderKind::MailPapers).expect("papers reminder");
        assert_eq!(mail.due_date, "2024-04-14".parse::<Date>().unwrap());
        assert!(!r.iter().any(|r| r.kind == ReminderKind::OrderExpiry), "42 days left: the end is not announced yet");
    }

    #[test]
    fn closed_and_unsubmitted_orders_have_no_reminders() {
        let events = [change("2024-03-01T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted)];
        for status in [S::Approved, S::Withdrawn, S::Expired] {
            assert!(
                reminders(status, &events, "北京市", "aliyun", cal(), &Observed::none(), at("2024-04-10T00:00:00Z"))
                    .is_empty()
            );
        }
        assert!(
            reminders(S::Draft, &[], "北京市", "aliyun", cal(), &Observed::none(), at("2024-04-10T00:00:00Z"))
                .is_empty()
        );
    }

    #[test]
    fn once_keys_differ_by_stage_and_deadline() {
        let events = [change("2024-03-01T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted)];
        let key = |day: &str| {
            reminders(S::Submitted, &events, "北京市", "aliyun", cal(), &Observed::none(), at(day))
                .iter()
                .find(|r| r.kind == ReminderKind::OrderExpiry)
                .map(|r| r.once_key(7))
                .unwrap()
        };
        assert_eq!(key("2024-03-16T00:00:00Z"), key("2024-03-20T00:00:00Z"), "same stage: notified once");
        assert_ne!(key("2024-03-20T00:00:00Z"), key("2024-04-01T00:00:00Z"), "stage 15 is a new notice");
    }
}
