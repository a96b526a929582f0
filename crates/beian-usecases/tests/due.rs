//! Reminders, review times and the deadlines' calendar against a real store: figures from the
//! store's own history, expected dates that use them once enough filings stand behind them, and an
//! iCalendar file a calendar app reads back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use beian_core::FilingDocument;
use beian_core::reminders::ReminderKind;
use beian_core::schedule::DeadlineKind;
use beian_core::workflow::{ActionKind, ActionRequest};
use beian_store::{Checked, Store};
use jiff::Timestamp;

const SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn doc(n: u32) -> FilingDocument {
    let mut doc = beian_core::parse_document(SAMPLE).unwrap().document;
    doc.websites[0].domains = vec![format!("due{n}.cn")];
    doc
}

/// Moves a filing through `steps` at the given instants as if each check were clean (the store
/// does not judge documents; these tests are about time).
fn walk(store: &mut Store, id: i64, steps: &[(ActionKind, &str)]) {
    for (kind, when) in steps {
        let revision = store.get_filing(id).unwrap().revision;
        let request = ActionRequest { kind: *kind, reason: None, confirmed: true, note: None };
        store.apply_action(id, request, Checked { revision, errors: 0 }, at(when)).unwrap();
    }
}

fn submitted(store: &mut Store, n: u32, when: &str) -> i64 {
    let id = store.create_filing(&doc(n), at(when)).unwrap().id;
    walk(store, id, &[(ActionKind::DataComplete, when), (ActionKind::MaterialsDone, when), (ActionKind::Submit, when)]);
    id
}

const NOW: &str = "2026-11-28T03:00:00Z";

/// Five 浙江省 filings at the guide's provider whose 管局 took 3, 4, 5, 6 and 12 working days
/// (reaching the 管局 on Monday 2026-11-02; November 2026 has no public holiday).
fn five_reviews(store: &mut Store) {
    let answers = ["2026-11-05", "2026-11-06", "2026-11-09", "2026-11-10", "2026-11-18"];
    for (n, day) in answers.iter().enumerate() {
        let id = submitted(store, n as u32, "2026-10-29T02:00:00Z");
        walk(
            store,
            id,
            &[
                (ActionKind::PassFirstReview, "2026-10-30T02:00:00Z"),
                (ActionKind::SubmitToBureau, "2026-11-02T02:00:00Z"),
                (ActionKind::Approve, &format!("{day}T02:00:00Z")),
            ],
        );
    }
}

#[test]
fn review_times_come_from_the_store_s_history_and_plan_the_dates_once_there_are_enough() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at(NOW);
    // Before any history: the guide's range, no observed figure.
    let before = beian_usecases::plan_document(&store, &doc(90), now).unwrap();
    assert_eq!(before.expected.bureau_observed, None);

    five_reviews(&mut store);
    let stats = beian_usecases::due::review_stats(&store, now).unwrap();
    let bureau = stats.figures.iter().find(|f| f.stage == DeadlineKind::BureauReview).expect("a 管局 figure");
    assert_eq!((bureau.province.as_str(), bureau.provider.as_str()), ("浙江省", "aliyun"));
    assert_eq!(bureau.filings, 5);
    assert_eq!(bureau.median_workdays, 5.0);
    // PERCENTILE.INC({3,4,5,6,12}, 0.9) = 6 + 0.6 × 6.
    assert!((bureau.p90_workdays - 9.6).abs() < 1e-9, "{}", bureau.p90_workdays);
    assert!(bureau.used);
    let first = stats.figures.iter().find(|f| f.stage == DeadlineKind::FirstReview).unwrap();
    assert_eq!((first.filings, first.median_workdays), (5, 1.0), "Thursday to Friday");

    // A new filing in 浙江省 at the same provider: its 管局 window is the history's, and it says so.
    let plan = beian_usecases::plan_document(&store, &doc(91), now).unwrap();
    let observed = plan.expected.bureau_observed.expect("history plans the 管局 dates");
    assert_eq!(observed.filings, 5);
    assert_eq!((plan.expected.bureau_days.min_workdays, plan.expected.bureau_days.max_workdays), (5, 10));
    assert!(plan.expected.bureau_days.source.contains("5 件"), "{}", plan.expected.bureau_days.source);
    // Another provider has no history here: the guide's range.
    let mut elsewhere = doc(92);
    elsewhere.provider = "tencent".into();
    let plan = beian_usecases::plan_document(&store, &elsewhere, now).unwrap();
    assert_eq!(plan.expected.bureau_observed, None);
    assert_eq!(plan.expected.bureau_days, before.expected.bureau_days);
}

#[test]
fn due_lists_what_needs_doing_nearest_first_and_within_a_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Submitted 2026-10-20 (CST): its 45th day is 2026-12-03, five days after NOW.
    let old = submitted(&mut store, 1, "2026-10-20T02:00:00Z");
    walk(&mut store, old, &[(ActionKind::PassFirstReview, "2026-10-21T02:00:00Z")]);
    // The SMS code sent an hour ago: 23 hours left.
    let sms = submitted(&mut store, 2, "2026-11-27T02:00:00Z");
    walk(&mut store, sms, &[(ActionKind::SmsSent, "2026-11-28T02:00:00Z")]);
    // A draft has nothing due.
    store.create_filing(&doc(3), at("2026-11-27T02:00:00Z")).unwrap();

    let now = at(NOW);
    let list = beian_usecases::due::due(&store, None, now).unwrap();
    let got: Vec<(i64, ReminderKind)> = list.items.iter().map(|i| (i.filing_id, i.reminder.kind)).collect();
    // The old order: 提交管局 was due 1 working day after its 初审 (10-22): overdue; its end in 5 days.
    assert_eq!(
        got,
        [(old, ReminderKind::ReviewOverdue), (sms, ReminderKind::SmsWindow), (old, ReminderKind::OrderExpiry)],
        "nearest first"
    );
    let sms_item = &list.items[1];
    assert_eq!(sms_item.reminder.due, at("2026-11-29T02:00:00Z"));
    assert!(!sms_item.reminder.overdue);
    assert_eq!(sms_item.label, "短信核验即将截止");
    let expiry = &list.items[2].reminder;
    assert_eq!((expiry.days_left, expiry.stage), (5, Some(7)));
    assert_eq!((list.counts.overdue, list.counts.today, list.counts.week), (1, 0, 2));

    let soon = beian_usecases::due::due(&store, Some(3), now).unwrap();
    let kinds: Vec<ReminderKind> = soon.items.iter().map(|i| i.reminder.kind).collect();
    assert_eq!(kinds, [ReminderKind::ReviewOverdue, ReminderKind::SmsWindow], "the overdue stays, day 5 goes");
}

#[test]
fn the_deadlines_calendar_reads_back_with_one_event_per_reminder() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let old = submitted(&mut store, 1, "2026-10-20T02:00:00Z");
    walk(&mut store, old, &[(ActionKind::PassFirstReview, "2026-10-21T02:00:00Z")]);
    let sms = submitted(&mut store, 2, "2026-11-27T02:00:00Z");
    walk(&mut store, sms, &[(ActionKind::SmsSent, "2026-11-28T02:00:00Z")]);
    let now = at(NOW);
    let list = beian_usecases::due::due(&store, None, now).unwrap();
    let text = beian_usecases::due::deadlines_ics(&list, now);
    let cal = icalendar::Calendar::from_str(&text).expect("RFC 5545 that parses");
    use icalendar::Component;
    let events: Vec<&icalendar::Event> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), list.items.len());
    let mut uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "stable, distinct UIDs");
    let sms_event = events.iter().find(|e| e.get_summary().unwrap().starts_with("短信核验即将截止")).unwrap();
    let end = sms_event.get_end().unwrap();
    assert_eq!(
        end,
        icalendar::DatePerhapsTime::from(
            chrono::DateTime::from_timestamp(at("2026-11-29T02:00:00Z").as_second(), 0).unwrap()
        )
    );
    let expiry = events.iter().find(|e| e.get_summary().unwrap().starts_with("订单即将失效")).unwrap();
    assert_eq!(
        expiry.get_start().unwrap(),
        icalendar::DatePerhapsTime::Date(chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
    );
    assert!(expiry.get_description().unwrap().contains("还剩 5 天"));
    // Nothing personal beyond what the list shows: no ID number, no phone.
    let stored = store.get_filing(old).unwrap().document;
    assert!(!text.contains(&stored.subject.cert_number));
    assert!(!text.contains(&stored.subject.principal.phone));
}
