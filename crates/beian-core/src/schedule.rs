//! Expected dates and deadlines of a filing order, in Chinese working days and China Standard Time
//! (issue 4 §6, §8; guide §6, §7, §8, §9; `rules-digest.md` §7).
//!
//! - 初审: within [`ReviewTimes::first_review`] (1) working day of the submission;
//! - 提交管局: within [`ReviewTimes::to_bureau`] (1) working day of the 初审 (or of the SMS
//!   verification);
//! - 管局审核: [`bureau_review_days`] working days after the order reached the 管局 — 3 to 20 by
//!   default (guide §6), per province where `data/tables/review_times.toml` has a sourced row (none
//!   has yet);
//! - the order is valid 45 days, the day of the (first) submission counted as day 1
//!   ([`calendar::deadline_45_days`]);
//! - an SMS code must be entered within 24 hours of being sent ([`calendar::sms_deadline`]).
//!
//! Working days come from [`Calendar`]; past the years it has data for, Monday–Friday are counted
//! and the result says `estimated: true`. Every date is a date in China (UTC+8) whatever the
//! machine's zone; instants serialise as `YYYY-MM-DDTHH:MM:SS+08:00`.
//!
//! The 45 days are counted from the order's *first* submission: a rejected order that is fixed and
//! resubmitted keeps its deadline (the guide's order list shows 首次提交备案时间, and counting from the
//! first submission can only warn early, never late).

use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::calendar::{self, Calendar};
use crate::status::FilingStatus;
use crate::tables::{Effective, Meta};

/// The review-times table, as compiled in.
pub const REVIEW_TIMES_TOML: &str = include_str!("../data/tables/review_times.toml");

// ---------------------------------------------------------------------------------------------
// review_times.toml

/// A stage that takes a fixed number of working days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct StageTime {
    pub workdays: u32,
    pub guide_text: String,
    pub source: String,
}

/// A stage that takes between `min_workdays` and `max_workdays` working days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct StageRange {
    pub min_workdays: u32,
    pub max_workdays: u32,
    #[serde(default)]
    pub guide_text: Option<String>,
    pub source: String,
}

/// A province's own 管局 review time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct BureauTime {
    /// GB/T 2260 full name (`浙江省`).
    pub province: String,
    pub min_workdays: u32,
    pub max_workdays: u32,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl Effective for BureauTime {
    fn effective_from(&self) -> Option<Date> {
        self.effective_from
    }
    fn effective_until(&self) -> Option<Date> {
        self.effective_until
    }
}

/// `data/tables/review_times.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ReviewTimes {
    pub meta: Meta,
    pub first_review: StageTime,
    pub to_bureau: StageTime,
    /// Mailed papers are entered this many working days after they arrive (guide §7).
    pub papers_entry: StageRange,
    pub bureau_default: StageRange,
    #[serde(default)]
    pub bureau: Vec<BureauTime>,
}

/// Parses the compiled-in table (for a self-check such as `beian doctor`).
pub fn parse_review_times() -> Result<ReviewTimes, toml::de::Error> {
    toml::from_str(REVIEW_TIMES_TOML)
}

static REVIEW_TIMES: LazyLock<ReviewTimes> = LazyLock::new(|| match parse_review_times() {
    Ok(t) => t,
    // Compiled in and parsed by this module's tests.
    Err(e) => panic!("data table review_times.toml: {e}"),
});

/// The review-times table.
pub fn review_times() -> &'static ReviewTimes {
    &REVIEW_TIMES
}

/// How many working days the 管局 takes, and where the figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReviewDays {
    pub min_workdays: u32,
    pub max_workdays: u32,
    /// The province the figure is for; `None`: the general figure (no sourced figure for the
    /// province).
    pub province: Option<String>,
    pub source: String,
}

/// The 管局 review time for a filing of a subject in `province` on `date`.
pub fn bureau_review_days(province: &str, date: Date) -> ReviewDays {
    let t = review_times();
    match t.bureau.iter().find(|b| b.province == province && b.in_force(date)) {
        Some(b) => ReviewDays {
            min_workdays: b.min_workdays,
            max_workdays: b.max_workdays,
            province: Some(b.province.clone()),
            source: b.source.clone(),
        },
        None => ReviewDays {
            min_workdays: t.bureau_default.min_workdays,
            max_workdays: t.bureau_default.max_workdays,
            province: None,
            source: t.bureau_default.source.clone(),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Instants in China Standard Time

/// The instant as `YYYY-MM-DDTHH:MM:SS+08:00`.
pub fn format_cst(ts: Timestamp) -> String {
    format!("{}+08:00", calendar::to_cst(ts).strftime("%Y-%m-%dT%H:%M:%S"))
}

/// The instant a CST date ends (00:00 of the next day, China Standard Time).
pub fn end_of_cst_day(date: Date) -> Timestamp {
    let next = calendar::add_calendar_days(date, 1);
    if next == date {
        return Timestamp::MAX;
    }
    next.at(0, 0, 0, 0).to_zoned(calendar::china_standard_time()).map(|z| z.timestamp()).unwrap_or(Timestamp::MAX)
}

/// Serde for instants written in China Standard Time (reads any RFC 3339 offset).
pub mod cst_serde {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_cst(*ts))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }

    /// The same for `Option<Timestamp>`.
    pub mod option {
        use jiff::Timestamp;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(ts: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
            match ts {
                Some(ts) => s.serialize_some(&super::super::format_cst(*ts)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
            let text = Option::<String>::deserialize(d)?;
            text.map(|t| t.parse().map_err(serde::de::Error::custom)).transpose()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Milestones from the history

/// One status change of a filing's history (the store's events, oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatusChange {
    #[serde(with = "cst_serde")]
    #[specta(type = String)]
    pub at: Timestamp,
    /// `None` for the creation event.
    pub from: Option<FilingStatus>,
    pub to: FilingStatus,
}

/// What has happened to an order so far, as CST dates (and the SMS instant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Milestones {
    /// The first submission ever (the 45 days run from it).
    pub first_submitted: Option<Date>,
    /// The latest submission (初审 starts).
    pub submitted: Option<Date>,
    /// Mailed papers received after the latest submission (初审 resumes).
    pub papers_received: Option<Date>,
    /// The 初审 finished (the order left 等待初审 for SMS verification or 待提交管局).
    pub first_review_done: Option<Date>,
    /// The order became 待提交管局 (after the 初审 or the SMS verification).
    pub ready_for_bureau: Option<Date>,
    /// The order reached the 管局 (管局审核中).
    pub at_bureau: Option<Date>,
    /// The latest SMS code sent (a resend opens a new 24-hour window).
    pub sms_sent: Option<Timestamp>,
    /// The day the order entered the step it is in (its latest status change).
    pub step_entered: Option<Date>,
}

impl Milestones {
    /// Reads the milestones from a filing's status changes (oldest first). Everything but
    /// `first_submitted` is taken from the latest submission on.
    pub fn from_events(events: &[StatusChange]) -> Milestones {
        use FilingStatus as S;
        let cst = |ts: Timestamp| calendar::cst_now_date(ts);
        let mut m = Milestones::default();
        for e in events {
            let step_entered = Some(cst(e.at));
            match (e.from, e.to) {
                (Some(S::MailPapers), S::Submitted) => m.papers_received = Some(cst(e.at)),
                (_, S::Submitted) => {
                    m.first_submitted.get_or_insert(cst(e.at));
                    m = Milestones {
                        first_submitted: m.first_submitted,
                        submitted: Some(cst(e.at)),
                        ..Milestones::default()
                    };
                }
                (_, S::SmsVerification) => {
                    if e.from == Some(S::Submitted) {
                        m.first_review_done.get_or_insert(cst(e.at));
                    }
                    m.sms_sent = Some(e.at);
                }
                (from, S::ToBureau) => {
                    if from == Some(S::Submitted) {
                        m.first_review_done.get_or_insert(cst(e.at));
                    }
                    m.ready_for_bureau = Some(cst(e.at));
                }
                (_, S::BureauReview) => m.at_bureau = Some(cst(e.at)),
                _ => {}
            }
            m.step_entered = step_entered;
        }
        m
    }

    /// The milestones of an order submitted on `date` and nothing since (for a plan).
    pub fn submitted_on(date: Date) -> Milestones {
        Milestones {
            first_submitted: Some(date),
            submitted: Some(date),
            step_entered: Some(date),
            ..Milestones::default()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The schedule

/// The expected dates of an order. Dates are CST dates; a stage is expected done by the end of its
/// day. Where a stage has happened, the next one counts from the day it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Schedule {
    #[specta(type = String)]
    pub submitted: Date,
    /// 初审 done by (1 working day after the submission, or 2 after mailed papers arrived).
    #[specta(type = String)]
    pub first_review_by: Date,
    /// 提交管局 by (1 working day after the 初审 / SMS verification).
    #[specta(type = String)]
    pub to_bureau_by: Date,
    /// 管局 answer expected from (min working days after reaching the 管局).
    #[specta(type = String)]
    pub bureau_earliest: Date,
    /// 管局 answer expected by (max working days).
    #[specta(type = String)]
    pub bureau_latest: Date,
    /// The last day the order is valid (45 days, the first submission's day being day 1).
    #[specta(type = String)]
    pub order_expires: Date,
    /// The SMS code must be entered before this instant (24 hours after it was sent).
    #[serde(default, with = "cst_serde::option")]
    #[specta(type = Option<String>)]
    pub sms_deadline: Option<Timestamp>,
    /// Some working day was counted beyond the calendar's data (Monday–Friday assumed).
    pub estimated: bool,
    pub bureau_days: ReviewDays,
    /// The agency's own history behind the 初审 date, when there was enough of it (the guide's
    /// figure otherwise).
    #[serde(default)]
    pub first_review_observed: Option<ObservedTime>,
    /// The agency's own history behind the 管局 dates (earliest: the median, latest: the 90th
    /// percentile), when there was enough of it.
    #[serde(default)]
    pub bureau_observed: Option<ObservedTime>,
}

/// Review times this agency observed (`crate::review_stats`), in working days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Type)]
pub struct ObservedTime {
    pub median_workdays: f64,
    pub p90_workdays: f64,
    /// How many filings the figures come from.
    pub filings: u32,
}

impl Eq for ObservedTime {}

/// What the agency's history says of one province and provider, where it says enough.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Observed {
    pub first_review: Option<ObservedTime>,
    pub bureau: Option<ObservedTime>,
}

impl Observed {
    /// No history: the guide's and the provider's figures.
    pub fn none() -> Observed {
        Observed::default()
    }
}

/// Whole working days for an observed figure (a fraction of a day is a day more to wait).
fn whole_days(v: f64) -> u32 {
    v.ceil().clamp(0.0, 365.0) as u32
}

impl Schedule {
    /// The schedule of an order from its milestones at the guide's provider; `None` before the
    /// first submission.
    pub fn compute(m: &Milestones, province: &str, cal: &Calendar) -> Option<Schedule> {
        Schedule::compute_at(m, province, crate::providers::DEFAULT_PROVIDER, cal)
    }

    /// [`Schedule::compute`] at `provider` (its review times and validity; the guide's where its
    /// profile has none).
    pub fn compute_at(m: &Milestones, province: &str, provider: &str, cal: &Calendar) -> Option<Schedule> {
        Schedule::compute_observed(m, province, provider, cal, &Observed::none())
    }

    /// [`Schedule::compute_at`] with the review times the agency observed where it has enough.
    pub fn compute_observed(
        m: &Milestones,
        province: &str,
        provider: &str,
        cal: &Calendar,
        observed: &Observed,
    ) -> Option<Schedule> {
        m.submitted.map(|submitted| Schedule::compute_from(submitted, m, province, provider, cal, observed))
    }

    /// The schedule of an order submitted on `date` and nothing since (what a plan shows).
    pub fn expected(date: Date, province: &str, cal: &Calendar) -> Schedule {
        Schedule::expected_at(date, province, crate::providers::DEFAULT_PROVIDER, cal)
    }

    /// [`Schedule::expected`] at `provider`.
    pub fn expected_at(date: Date, province: &str, provider: &str, cal: &Calendar) -> Schedule {
        Schedule::expected_observed(date, province, provider, cal, &Observed::none())
    }

    /// [`Schedule::expected_at`] with the review times the agency observed.
    pub fn expected_observed(
        date: Date,
        province: &str,
        provider: &str,
        cal: &Calendar,
        observed: &Observed,
    ) -> Schedule {
        Schedule::compute_from(date, &Milestones::submitted_on(date), province, provider, cal, observed)
    }

    fn compute_from(
        submitted: Date,
        m: &Milestones,
        province: &str,
        provider: &str,
        cal: &Calendar,
        observed: &Observed,
    ) -> Schedule {
        let first_submitted = m.first_submitted.unwrap_or(submitted);
        let times = review_times();
        let profile = crate::providers::profile_or_other(provider);
        let first_review = match observed.first_review {
            Some(o) => whole_days(o.p90_workdays).max(1),
            None => profile.review.first_review_workdays.unwrap_or(times.first_review.workdays),
        };
        let to_bureau = profile.review.to_bureau_workdays.unwrap_or(times.to_bureau.workdays);
        let papers_entry = profile.review.papers_entry_workdays.unwrap_or(times.papers_entry.max_workdays);
        let validity_start = validity_start(
            profile.validity.counted_from,
            first_submitted,
            submitted,
            m.step_entered.unwrap_or(submitted),
        );
        let mut bureau_days = bureau_review_days(province, submitted);
        if let Some(o) = observed.bureau {
            bureau_days.min_workdays = whole_days(o.median_workdays).max(1);
            bureau_days.max_workdays = whole_days(o.p90_workdays).max(bureau_days.min_workdays);
            bureau_days.source =
                format!("this product: 本机构近 12 个月 {} 件备案的管局审核实际用时（中位数至 90% 分位）", o.filings);
        }
        let mut estimated = false;
        let mut add = |date: Date, n: u32| {
            let (d, est) = cal.add_workdays_estimated(date, n);
            estimated |= est;
            d
        };
        let first_review_by = match m.papers_received {
            Some(received) => add(received, papers_entry),
            None => add(submitted, first_review),
        };
        let review_base = m.ready_for_bureau.or(m.first_review_done).unwrap_or(first_review_by);
        let to_bureau_by = add(review_base, to_bureau);
        let bureau_base = m.at_bureau.unwrap_or(to_bureau_by);
        let bureau_earliest = add(bureau_base, bureau_days.min_workdays);
        let bureau_latest = add(bureau_base, bureau_days.max_workdays);
        Schedule {
            submitted,
            first_review_by,
            to_bureau_by,
            bureau_earliest,
            bureau_latest,
            order_expires: calendar::deadline_days(validity_start, profile.validity_days()),
            sms_deadline: m.sms_sent.map(calendar::sms_deadline),
            estimated,
            bureau_days,
            first_review_observed: observed.first_review,
            bureau_observed: observed.bureau,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deadlines for the dashboard

/// What a deadline is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The provider's 初审.
    FirstReview,
    /// The provider hands the order to the 管局.
    ToBureau,
    /// The applicant types the SMS code (24 hours).
    SmsVerification,
    /// The 管局's answer (latest expected day).
    BureauReview,
    /// The order lapses (45 days).
    OrderExpiry,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 5] = [
        DeadlineKind::FirstReview,
        DeadlineKind::ToBureau,
        DeadlineKind::SmsVerification,
        DeadlineKind::BureauReview,
        DeadlineKind::OrderExpiry,
    ];

    /// The code as stored and serialised (`first_review`, …).
    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::FirstReview => "first_review",
            DeadlineKind::ToBureau => "to_bureau",
            DeadlineKind::SmsVerification => "sms_verification",
            DeadlineKind::BureauReview => "bureau_review",
            DeadlineKind::OrderExpiry => "order_expiry",
        }
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::DeadlineKind, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::DeadlineKind, self.code())
    }

    /// Whose move it is.
    pub fn waiting_on(self) -> Party {
        match self {
            DeadlineKind::FirstReview | DeadlineKind::ToBureau => Party::Provider,
            DeadlineKind::SmsVerification => Party::Applicant,
            DeadlineKind::BureauReview => Party::Bureau,
            DeadlineKind::OrderExpiry => Party::Applicant,
        }
    }
}

/// Who has to act before a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// 服务商 (初审, 提交管局).
    Provider,
    /// 申请人 / the agency (SMS, papers, resubmission).
    Applicant,
    /// 管局.
    Bureau,
}

/// A deadline: what, when (the instant it passes) and whether it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// `初审`, `短信核验`, …
    pub label: String,
    /// The instant the deadline passes (end of the CST day for dates; exact for the SMS window).
    /// Independent of "now": the store can keep it in an indexed column and sort by it.
    #[serde(with = "cst_serde")]
    #[specta(type = String)]
    pub due: Timestamp,
    /// The CST date of `due` (the last day allowed, for date deadlines).
    #[specta(type = String)]
    pub due_date: Date,
    pub waiting_on: Party,
    /// Counted past the calendar's data.
    pub estimated: bool,
    /// `now` is at or after `due`.
    pub overdue: bool,
}

fn date_deadline(kind: DeadlineKind, date: Date, estimated: bool, now: Timestamp) -> Deadline {
    let due = end_of_cst_day(date);
    Deadline {
        kind,
        label: kind.label_zh().to_owned(),
        due,
        due_date: date,
        waiting_on: kind.waiting_on(),
        estimated,
        overdue: now >= due,
    }
}

/// Every deadline that applies to an order in `status`, earliest first. Open orders that were
/// submitted once (also rejected ones being fixed) carry the order's expiry.
pub fn deadlines(
    status: FilingStatus,
    events: &[StatusChange],
    province: &str,
    cal: &Calendar,
    now: Timestamp,
) -> Vec<Deadline> {
    deadlines_at(status, events, province, crate::providers::DEFAULT_PROVIDER, cal, now)
}

/// [`deadlines`] at `provider` (its review times and validity).
pub fn deadlines_at(
    status: FilingStatus,
    events: &[StatusChange],
    province: &str,
    provider: &str,
    cal: &Calendar,
    now: Timestamp,
) -> Vec<Deadline> {
    deadlines_observed(status, events, province, provider, cal, &Observed::none(), now)
}

/// [`deadlines_at`] with the review times the agency observed.
pub fn deadlines_observed(
    status: FilingStatus,
    events: &[StatusChange],
    province: &str,
    provider: &str,
    cal: &Calendar,
    observed: &Observed,
    now: Timestamp,
) -> Vec<Deadline> {
    use FilingStatus as S;
    if !status.is_open() {
        return Vec::new();
    }
    let m = Milestones::from_events(events);
    let Some(s) = Schedule::compute_observed(&m, province, provider, cal, observed) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match status {
        S::Submitted => out.push(date_deadline(DeadlineKind::FirstReview, s.first_review_by, s.estimated, now)),
        S::ToBureau => out.push(date_deadline(DeadlineKind::ToBureau, s.to_bureau_by, s.estimated, now)),
        S::BureauReview => out.push(date_deadline(DeadlineKind::BureauReview, s.bureau_latest, s.estimated, now)),
        S::SmsVerification => {
            if let Some(due) = s.sms_deadline {
                out.push(Deadline {
                    kind: DeadlineKind::SmsVerification,
                    label: DeadlineKind::SmsVerification.label_zh().to_owned(),
                    due,
                    due_date: calendar::cst_now_date(due),
                    waiting_on: Party::Applicant,
                    estimated: false,
                    overdue: now >= due,
                });
            }
        }
        _ => {}
    }
    out.push(date_deadline(DeadlineKind::OrderExpiry, s.order_expires, false, now));
    out.sort_by_key(|d| d.due);
    out
}

/// What is due next for an order in `status` and whether it is overdue at `now`: the dashboard's
/// column. `None` for orders never submitted and for closed ones.
pub fn next_deadline(
    status: FilingStatus,
    events: &[StatusChange],
    province: &str,
    cal: &Calendar,
    now: Timestamp,
) -> Option<Deadline> {
    next_deadline_at(status, events, province, crate::providers::DEFAULT_PROVIDER, cal, now)
}

/// [`next_deadline`] at `provider`.
pub fn next_deadline_at(
    status: FilingStatus,
    events: &[StatusChange],
    province: &str,
    provider: &str,
    cal: &Calendar,
    now: Timestamp,
) -> Option<Deadline> {
    deadlines_at(status, events, province, provider, cal, now).into_iter().next()
}

/// Whether an order first submitted on `first_submitted` has lapsed at `now` (45 days).
pub fn order_expired(first_submitted: Date, now: Timestamp) -> bool {
    now >= end_of_cst_day(calendar::deadline_45_days(first_submitted))
}

/// The day an order's validity runs from, as the provider counts it: its first submission, its
/// latest one, or the day it entered the step it waits in. Where a provider's count is unknown the
/// first submission is taken, the earliest (strictest) of the three.
pub fn validity_start(counted_from: crate::providers::ValidityStart, first: Date, last: Date, step: Date) -> Date {
    use crate::providers::ValidityStart as V;
    match counted_from {
        V::FirstSubmission | V::Unknown => first,
        V::Submission => last,
        V::PerStep => step.max(last),
    }
}

/// When an order's days are counted from, for the applicant: what the expiry note and the lists
/// say.
pub fn validity_wording(provider: &str) -> String {
    use crate::providers::ValidityStart as V;
    let profile = crate::providers::profile_or_other(provider);
    let days = profile.validity_days();
    match profile.validity.counted_from {
        V::FirstSubmission | V::Unknown => format!("订单自首次提交起已满 {days} 天"),
        V::Submission => format!("订单自最近一次提交起已满 {days} 天"),
        V::PerStep => format!("订单在当前步骤停留已满 {days} 天"),
    }
}

/// From when an order's days run at `provider`, in a few words: `自首次提交起计`, …
pub fn validity_wording_short(provider: &str) -> &'static str {
    use crate::providers::ValidityStart as V;
    match crate::providers::profile_or_other(provider).validity.counted_from {
        V::FirstSubmission | V::Unknown => "自首次提交起计",
        V::Submission => "自最近一次提交起计",
        V::PerStep => "按当前步骤停留天数计",
    }
}

/// Whether an order at `provider` has lapsed at `now`: its validity counted from its first
/// submission (`first`), its latest one (`last`) or the day it entered its current step (`step`),
/// as the provider counts it.
pub fn order_expired_at(provider: &str, first: Date, last: Date, step: Date, now: Timestamp) -> bool {
    let profile = crate::providers::profile_or_other(provider);
    let start = validity_start(profile.validity.counted_from, first, last, step);
    now >= end_of_cst_day(calendar::deadline_days(start, profile.validity_days()))
}

/// Whether an order with these status changes, at `provider`, has lapsed at `now` (the rule
/// [`order_expired_at`] applies, from the changes' own days); an order never submitted has not.
pub fn order_lapsed(provider: &str, events: &[StatusChange], now: Timestamp) -> bool {
    let submitted = || events.iter().filter(|e| e.to == FilingStatus::Submitted).map(|e| e.at);
    let (Some(first), Some(last)) = (submitted().next(), submitted().next_back()) else { return false };
    let step = events.last().map_or(last, |e| e.at);
    let day = calendar::cst_now_date;
    order_expired_at(provider, day(first), day(last), day(step), now)
}

/// The 24-hour SMS window as a countdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SmsWindow {
    #[serde(with = "cst_serde")]
    #[specta(type = String)]
    pub sent: Timestamp,
    #[serde(with = "cst_serde")]
    #[specta(type = String)]
    pub deadline: Timestamp,
    /// Seconds left (0 once passed).
    pub remaining_seconds: u32,
    pub expired: bool,
}

/// The SMS window of a code sent at `sent`, seen at `now`.
pub fn sms_window(sent: Timestamp, now: Timestamp) -> SmsWindow {
    let deadline = calendar::sms_deadline(sent);
    let remaining = u32::try_from(deadline.duration_since(now).as_secs().max(0)).unwrap_or(u32::MAX);
    SmsWindow { sent, deadline, remaining_seconds: remaining, expired: now >= deadline }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> &'static Calendar {
        Calendar::builtin_ref()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn change(at: &str, from: Option<FilingStatus>, to: FilingStatus) -> StatusChange {
        StatusChange { at: ts(at), from, to }
    }

    #[test]
    fn table_parses_and_holds_the_guides_figures() {
        let t = parse_review_times().unwrap();
        assert_eq!(t.first_review.workdays, 1);
        assert_eq!(t.to_bureau.workdays, 1);
        assert_eq!((t.bureau_default.min_workdays, t.bureau_default.max_workdays), (3, 20));
        assert_eq!((t.papers_entry.min_workdays, t.papers_entry.max_workdays), (1, 2));
        for b in &t.bureau {
            assert!(crate::tables::is_province(&b.province), "{}", b.province);
            assert!(b.min_workdays <= b.max_workdays);
        }
        let d = bureau_review_days("浙江省", date(2024, 1, 1));
        assert_eq!((d.min_workdays, d.max_workdays, d.province), (3, 20, None));
    }

    #[test]
    fn expected_dates_around_national_day_2024() {
        // Friday 2024-09-27; Sunday 09-29 is a make-up working day; 10-01..07 off.
        let s = Schedule::expected(date(2024, 9, 27), "浙江省", cal());
        assert_eq!(s.first_review_by, date(2024, 9, 29));
        assert_eq!(s.to_bureau_by, date(2024, 9, 30));
        assert_eq!(s.bureau_earliest, date(2024, 10, 10));
        // 20 working days after 09-30: 10-08..10-12 (Sat 10-12 worked) = 5, then 15 more.
        assert_eq!(s.bureau_latest, date(2024, 11, 1));
        assert_eq!(s.order_expires, date(2024, 11, 10));
        assert!(!s.estimated);
        assert_eq!(s.sms_deadline, None);
    }

    #[test]
    fn beyond_the_calendar_is_estimated() {
        let s = Schedule::expected(date(2026, 12, 30), "北京市", cal());
        assert_eq!(s.first_review_by, date(2026, 12, 31));
        assert!(s.estimated);
        assert_eq!(s.to_bureau_by, date(2027, 1, 1));
    }

    #[test]
    fn milestones_follow_the_history() {
        use FilingStatus as S;
        let events = [
            change("2024-09-01T02:00:00Z", None, S::Draft),
            change("2024-09-02T02:00:00Z", Some(S::ReadyToConfirm), S::Submitted),
            change("2024-09-03T02:00:00Z", Some(S::Submitted), S::Rejected),
            change("2024-09-04T02:00:00Z", Some(S::Rejected), S::Draft),
            // Resubmitted Thursday 09-05 at 23:30 CST.
            change("2024-09-05T15:30:00Z", Some(S::ReadyToConfirm), S::Submitted),
            change("2024-09-06T02:00:00Z", Some(S::Submitted), S::MailPapers),
            change("2024-09-09T02:00:00Z", Some(S::MailPapers), S::Submitted),
            change("2024-09-10T02:00:00Z", Some(S::Submitted), S::SmsVerification),
            change("2024-09-10T08:00:00Z", Some(S::SmsVerification), S::SmsVerification),
        ];
        let m = Milestones::from_events(&events);
        assert_eq!(m.first_submitted, Some(date(2024, 9, 2)));
        assert_eq!(m.submitted, Some(date(2024, 9, 5)));
        assert_eq!(m.papers_received, Some(date(2024, 9, 9)));
        assert_eq!(m.first_review_done, Some(date(2024, 9, 10)));
        assert_eq!(m.sms_sent, Some(ts("2024-09-10T08:00:00Z")));
        let s = Schedule::compute(&m, "浙江省", cal()).unwrap();
        assert_eq!(s.first_review_by, date(2024, 9, 11)); // 2 working days after 09-09
        assert_eq!(s.to_bureau_by, date(2024, 9, 11)); // 1 after the 初审 on 09-10
        assert_eq!(s.order_expires, date(2024, 10, 16)); // from 09-02
        assert_eq!(s.sms_deadline, Some(ts("2024-09-11T08:00:00Z")));

        let now = ts("2024-09-11T07:00:00Z");
        let next = next_deadline(S::SmsVerification, &events, "浙江省", cal(), now).unwrap();
        assert_eq!(next.kind, DeadlineKind::SmsVerification);
        assert!(!next.overdue);
        assert_eq!(next.waiting_on, Party::Applicant);
        let later = ts("2024-09-11T08:00:00Z");
        assert!(next_deadline(S::SmsVerification, &events, "浙江省", cal(), later).unwrap().overdue);
        let w = sms_window(ts("2024-09-10T08:00:00Z"), now);
        assert_eq!(w.remaining_seconds, 3600);
        assert!(!w.expired);
        assert_eq!(serde_json::to_value(&w).unwrap()["deadline"], "2024-09-11T16:00:00+08:00");
    }

    #[test]
    fn next_deadline_per_status() {
        use FilingStatus as S;
        let submitted = [change("2024-09-27T03:00:00Z", Some(S::ReadyToConfirm), S::Submitted)];
        let next = |status, now: &str| next_deadline(status, &submitted, "浙江省", cal(), ts(now));
        let d = next(S::Submitted, "2024-09-28T03:00:00Z").unwrap();
        assert_eq!(d.kind, DeadlineKind::FirstReview);
        assert_eq!(d.due_date, date(2024, 9, 29));
        assert_eq!(d.due, ts("2024-09-29T16:00:00Z")); // midnight CST
        assert!(!d.overdue);
        assert!(next(S::Submitted, "2024-09-29T16:00:00Z").unwrap().overdue);
        // Mailing papers: only the order's expiry.
        let d = next(S::MailPapers, "2024-09-28T03:00:00Z").unwrap();
        assert_eq!(d.kind, DeadlineKind::OrderExpiry);
        assert_eq!(d.due_date, date(2024, 11, 10));
        // A rejected order being fixed keeps its expiry.
        assert_eq!(next(S::Rejected, "2024-09-28T03:00:00Z").unwrap().kind, DeadlineKind::OrderExpiry);
        // Never submitted, or closed: nothing due.
        assert!(next_deadline(S::Draft, &[], "浙江省", cal(), ts("2024-09-28T03:00:00Z")).is_none());
        assert!(next(S::Approved, "2024-09-28T03:00:00Z").is_none());
        assert!(order_expired(date(2024, 9, 27), ts("2024-11-10T16:00:00Z")));
        assert!(!order_expired(date(2024, 9, 27), ts("2024-11-10T15:59:59Z")));
    }

    #[test]
    fn timestamps_are_written_in_cst_and_read_back() {
        let c = change("2024-09-27T16:30:00Z", Some(FilingStatus::ReadyToConfirm), FilingStatus::Submitted);
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["at"], "2024-09-28T00:30:00+08:00");
        let back: StatusChange = serde_json::from_value(v).unwrap();
        assert_eq!(back, c);
        let utc: StatusChange =
            serde_json::from_str(r#"{"at":"2024-09-27T16:30:00Z","from":"ready_to_confirm","to":"submitted"}"#)
                .unwrap();
        assert_eq!(utc, c);
    }
}

#[cfg(test)]
mod deadline_kind_codes {
    use super::DeadlineKind;

    #[test]
    fn codes_match_serde() {
        for k in DeadlineKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.code()));
        }
    }
}
