//! How long reviews take at this agency: per province and provider, the median and the 90th
//! percentile of working days of the provider's 初审 (from a submission to the order's next step)
//! and of the 管局's review (from 提交管局 — the order reaching the 管局 — to 通过 or 驳回), over
//! the last 12 months, with the number of filings behind each figure. Expected dates use them
//! where at least [`MIN_FILINGS`] filings stand behind a figure ([`ReviewStats::observed`]).
//!
//! Each filing counts once per stage: its latest completed review in the window (a filing
//! rejected and resubmitted would otherwise weigh twice). Percentiles interpolate linearly between
//! the closest ranks (the "inclusive" method of Excel's `PERCENTILE.INC`, NumPy's default and
//! Python's `statistics.quantiles(method="inclusive")`): the median of 2, 3, 4, 10 is 3.5.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::calendar::{self, Calendar};
use crate::schedule::{DeadlineKind, Observed, ObservedTime, StatusChange};
use crate::status::FilingStatus as S;

/// Fewer filings than this and a figure is shown but the guide's range still plans the dates.
pub const MIN_FILINGS: u32 = 5;

/// The window the figures look back over, in calendar days.
pub const WINDOW_DAYS: i32 = 365;

/// One figure: a stage of review at one province and provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StageFigure {
    pub province: String,
    pub provider: String,
    /// `first_review` (the provider's 初审) or `bureau_review` (the 管局).
    pub stage: DeadlineKind,
    pub filings: u32,
    pub median_workdays: f64,
    pub p90_workdays: f64,
    pub min_workdays: u32,
    pub max_workdays: u32,
    /// Whether expected dates use it (at least [`MIN_FILINGS`] filings).
    pub used: bool,
}

/// The figures of a store's history at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReviewStats {
    /// The first day of the window (CST) and the last (today).
    #[specta(type = String)]
    pub since: Date,
    #[specta(type = String)]
    pub until: Date,
    pub min_filings: u32,
    /// By province, provider, then stage (初审 first).
    pub figures: Vec<StageFigure>,
}

/// What [`compute`] reads of a filing: where it is filed and its status changes.
pub struct History<'a> {
    pub province: &'a str,
    pub provider: &'a str,
    pub events: &'a [StatusChange],
}

/// The latest completed stretch of `events` spent in `status` entered from anything but `skip`,
/// ended by a move to one of `ends`, as (entered, left) CST dates.
fn latest_stretch(events: &[StatusChange], status: S, skip: &[S], ends: &[S]) -> Option<(Date, Date)> {
    let mut entered: Option<Timestamp> = None;
    let mut latest = None;
    for e in events {
        if e.to == status {
            entered = (!e.from.is_some_and(|f| skip.contains(&f))).then_some(e.at);
        } else if e.from == Some(status)
            && let Some(start) = entered.take()
            && ends.contains(&e.to)
        {
            latest = Some((calendar::cst_now_date(start), calendar::cst_now_date(e.at)));
        }
    }
    latest
}

/// The working days one filing's latest 初审 and 管局 review took, if it completed them.
fn samples(events: &[StatusChange], cal: &Calendar) -> [(DeadlineKind, Option<(Date, u32)>); 2] {
    let span = |s: Option<(Date, Date)>| s.map(|(a, b)| (b, cal.workdays_between(a, b)));
    // 初审: from a submission (not the return of mailed papers, which is its own wait) to the
    // provider's next step: papers, SMS, 提交管局, or its rejection.
    let first = latest_stretch(
        events,
        S::Submitted,
        &[S::MailPapers],
        &[S::MailPapers, S::SmsVerification, S::ToBureau, S::BureauReview, S::Rejected],
    );
    // 管局: from reaching the 管局 to its answer.
    let bureau = latest_stretch(events, S::BureauReview, &[], &[S::Approved, S::Rejected]);
    [(DeadlineKind::FirstReview, span(first)), (DeadlineKind::BureauReview, span(bureau))]
}

/// The `p`-th percentile (0–100) of sorted `v` by linear interpolation between closest ranks.
pub fn percentile(sorted: &[u32], p: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => f64::from(sorted[0]),
        n => {
            let rank = p / 100.0 * (n - 1) as f64;
            let lo = rank.floor() as usize;
            let hi = rank.ceil() as usize;
            let frac = rank - lo as f64;
            f64::from(sorted[lo]) + (f64::from(sorted[hi]) - f64::from(sorted[lo])) * frac
        }
    }
}

/// The figures of `histories` at `now`: each filing's latest completed review per stage that
/// ended within the last [`WINDOW_DAYS`].
pub fn compute<'a>(histories: impl IntoIterator<Item = History<'a>>, cal: &Calendar, now: Timestamp) -> ReviewStats {
    use std::collections::BTreeMap;
    let until = calendar::cst_now_date(now);
    let since = calendar::add_calendar_days(until, -(WINDOW_DAYS - 1));
    let mut groups: BTreeMap<(String, String, u8), Vec<u32>> = BTreeMap::new();
    for h in histories {
        for (stage, sample) in samples(h.events, cal) {
            let Some((ended, days)) = sample else { continue };
            if ended < since || ended > until {
                continue;
            }
            let order = u8::from(stage == DeadlineKind::BureauReview);
            groups.entry((h.province.trim().to_owned(), h.provider.trim().to_owned(), order)).or_default().push(days);
        }
    }
    let figures = groups
        .into_iter()
        .map(|((province, provider, order), mut days)| {
            days.sort_unstable();
            let filings = days.len() as u32;
            StageFigure {
                province,
                provider,
                stage: if order == 0 { DeadlineKind::FirstReview } else { DeadlineKind::BureauReview },
                filings,
                median_workdays: percentile(&days, 50.0),
                p90_workdays: percentile(&days, 90.0),
                min_workdays: days[0],
                max_workdays: days[days.len() - 1],
                used: filings >= MIN_FILINGS,
            }
        })
        .collect();
    ReviewStats { since, until, min_filings: MIN_FILINGS, figures }
}

impl ReviewStats {
    /// No history (a new store, or a caller that plans by the guide alone).
    pub fn empty(now: Timestamp) -> ReviewStats {
        compute(std::iter::empty(), Calendar::builtin_ref(), now)
    }

    /// The figures expected dates at `province` and `provider` use: those with enough filings.
    pub fn observed(&self, province: &str, provider: &str) -> Observed {
        let find = |stage: DeadlineKind| {
            self.figures
                .iter()
                .find(|f| f.used && f.stage == stage && f.province == province.trim() && f.provider == provider.trim())
                .map(|f| ObservedTime {
                    median_workdays: f.median_workdays,
                    p90_workdays: f.p90_workdays,
                    filings: f.filings,
                })
        };
        Observed { first_review: find(DeadlineKind::FirstReview), bureau: find(DeadlineKind::BureauReview) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn ev(when: &str, from: S, to: S) -> StatusChange {
        StatusChange { at: at(when), from: Some(from), to }
    }

    #[test]
    fn percentiles_interpolate_between_ranks_as_spreadsheets_do() {
        // PERCENTILE.INC({2,3,4,10}, 0.5) = 3.5; (…, 0.9) = 8.2.
        assert_eq!(percentile(&[2, 3, 4, 10], 50.0), 3.5);
        assert!((percentile(&[2, 3, 4, 10], 90.0) - 8.2).abs() < 1e-9);
        assert_eq!(percentile(&[7], 90.0), 7.0);
        assert_eq!(percentile(&[1, 2, 3, 4, 5], 50.0), 3.0);
    }

    #[test]
    fn a_bureau_review_counts_working_days_from_reaching_the_bureau_to_its_answer() {
        // 2024-09-27 (Fri) → 2024-10-09 (Wed): 09-29 (Sun) is a make-up working day, 10-01…07 off.
        let events = [
            ev("2024-09-20T02:00:00Z", S::ReadyToConfirm, S::Submitted),
            ev("2024-09-23T02:00:00Z", S::Submitted, S::ToBureau),
            ev("2024-09-27T02:00:00Z", S::ToBureau, S::BureauReview),
            ev("2024-10-09T02:00:00Z", S::BureauReview, S::Approved),
        ];
        let stats = compute(
            [History { province: "北京市", provider: "aliyun", events: &events }],
            Calendar::builtin_ref(),
            at("2024-11-01T00:00:00Z"),
        );
        let bureau = stats.figures.iter().find(|f| f.stage == DeadlineKind::BureauReview).unwrap();
        // 09-29 (make-up day), 09-30, 10-08, 10-09.
        assert_eq!((bureau.filings, bureau.median_workdays), (1, 4.0));
        let first = stats.figures.iter().find(|f| f.stage == DeadlineKind::FirstReview).unwrap();
        assert_eq!(first.median_workdays, 1.0, "Friday to Monday is one working day");
        assert!(!bureau.used, "one filing is not enough to plan with");
    }

    #[test]
    fn only_reviews_ended_in_the_last_twelve_months_count_and_each_filing_once() {
        let old = [
            ev("2023-01-03T02:00:00Z", S::ReadyToConfirm, S::Submitted),
            ev("2023-01-04T02:00:00Z", S::Submitted, S::BureauReview),
            ev("2023-01-10T02:00:00Z", S::BureauReview, S::Approved),
        ];
        let twice = [
            ev("2024-06-03T02:00:00Z", S::ReadyToConfirm, S::Submitted),
            ev("2024-06-04T02:00:00Z", S::Submitted, S::BureauReview),
            ev("2024-06-05T02:00:00Z", S::BureauReview, S::Rejected),
            ev("2024-06-06T02:00:00Z", S::Rejected, S::Submitted),
            ev("2024-06-07T02:00:00Z", S::Submitted, S::BureauReview),
            ev("2024-06-14T02:00:00Z", S::BureauReview, S::Approved),
        ];
        let stats = compute(
            [
                History { province: "北京市", provider: "aliyun", events: &old },
                History { province: "北京市", provider: "aliyun", events: &twice },
            ],
            Calendar::builtin_ref(),
            at("2024-07-01T00:00:00Z"),
        );
        let bureau = stats.figures.iter().find(|f| f.stage == DeadlineKind::BureauReview).unwrap();
        assert_eq!(bureau.filings, 1, "the 2023 review is older than 12 months; the filing counts once");
        assert_eq!(bureau.median_workdays, 4.0, "its latest review: 06-07 (Fri) → 06-14 (Fri), 06-10 being 端午");
    }

    #[test]
    fn papers_returned_are_not_a_new_first_review() {
        let events = [
            ev("2024-06-03T02:00:00Z", S::ReadyToConfirm, S::Submitted),
            ev("2024-06-04T02:00:00Z", S::Submitted, S::MailPapers),
            ev("2024-06-20T02:00:00Z", S::MailPapers, S::Submitted),
            ev("2024-06-21T02:00:00Z", S::Submitted, S::ToBureau),
        ];
        let stats = compute(
            [History { province: "上海市", provider: "tencent", events: &events }],
            Calendar::builtin_ref(),
            at("2024-07-01T00:00:00Z"),
        );
        let first = stats.figures.iter().find(|f| f.stage == DeadlineKind::FirstReview).unwrap();
        assert_eq!(first.median_workdays, 1.0, "the 初审 until papers were asked for, not the papers' return");
    }

    #[test]
    fn expected_dates_use_figures_only_with_enough_filings() {
        let make = |answer: &str| {
            vec![
                ev("2024-06-03T02:00:00Z", S::ReadyToConfirm, S::Submitted),
                ev("2024-06-04T02:00:00Z", S::Submitted, S::BureauReview),
                ev(answer, S::BureauReview, S::Approved),
            ]
        };
        let answers = ["2024-06-05T02:00:00Z", "2024-06-06T02:00:00Z", "2024-06-07T02:00:00Z", "2024-06-11T02:00:00Z"];
        let many: Vec<Vec<StatusChange>> = answers.iter().map(|a| make(a)).collect();
        let now = at("2024-07-01T00:00:00Z");
        let four = compute(
            many.iter().map(|e| History { province: "北京市", provider: "aliyun", events: e }),
            Calendar::builtin_ref(),
            now,
        );
        assert_eq!(four.observed("北京市", "aliyun"), Observed::none(), "four filings are not enough");
        let mut five = many.clone();
        five.push(make("2024-06-18T02:00:00Z"));
        let stats = compute(
            five.iter().map(|e| History { province: "北京市", provider: "aliyun", events: e }),
            Calendar::builtin_ref(),
            now,
        );
        let o = stats.observed("北京市", "aliyun").bureau.expect("five filings plan the dates");
        // 1, 2, 3, 4 (06-10 is 端午), 9 working days.
        assert_eq!((o.filings, o.median_workdays), (5, 3.0));
        assert!((o.p90_workdays - 7.0).abs() < 1e-9);
        assert_eq!(stats.observed("上海市", "aliyun"), Observed::none(), "another province has no history");
    }
}
