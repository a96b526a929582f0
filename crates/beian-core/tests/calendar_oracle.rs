//! The built-in calendar against its oracle, the PyPI package `chinesecalendar`
//! (`chinese_calendar.is_workday`), for every date of 2019-01-01..=2026-12-31.
//!
//! Needs `python3` with the package (`pip install chinesecalendar==1.11.0`; the project's test
//! script installs it). Without them this test FAILS, on purpose: a skipped oracle is no oracle.
//! `PYTHON` may name another interpreter.

use std::process::Command;

use beian_core::calendar::Calendar;
use jiff::civil::{Date, date};

const FIRST: Date = date(2019, 1, 1);
const LAST: Date = date(2026, 12, 31);

/// Prints the package version on one line, then one `1` (workday) or `0` per day from FIRST to LAST.
const SCRIPT: &str = r#"
import datetime, sys
try:
    import chinese_calendar
except ImportError as e:
    sys.stderr.write("IMPORT-FAILED: %s\n" % e)
    sys.exit(3)
day = datetime.date(2019, 1, 1)
end = datetime.date(2026, 12, 31)
out = []
while day <= end:
    out.append("1" if chinese_calendar.is_workday(day) else "0")
    day += datetime.timedelta(days=1)
print(getattr(chinese_calendar, "__version__", "unknown"))
print("".join(out))
"#;

const HOW_TO_FIX: &str = "the calendar oracle needs python3 with the PyPI package chinesecalendar: \
                          run `pip install chinesecalendar==1.11.0` (the project's test script does)";

#[test]
fn builtin_calendar_matches_chinese_calendar_for_every_day_2019_to_2026() {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let output = match Command::new(&python).arg("-c").arg(SCRIPT).output() {
        Ok(output) => output,
        Err(e) => panic!("cannot run `{python}`: {e}\n{HOW_TO_FIX}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "`{python} -c …` failed ({}): {stderr}\n{HOW_TO_FIX}", output.status);
    let stdout = String::from_utf8(output.stdout).expect("the oracle prints ASCII");
    let mut lines = stdout.lines();
    let version = lines.next().unwrap_or_default().trim().to_owned();
    let flags = lines.next().unwrap_or_default().trim().as_bytes().to_vec();

    let calendar = Calendar::builtin();
    let mut day = FIRST;
    let mut index = 0;
    let mut mismatches = Vec::new();
    while day <= LAST {
        let oracle = match flags.get(index) {
            Some(b'1') => true,
            Some(b'0') => false,
            other => panic!("oracle output ends or is garbled at {day} ({other:?})"),
        };
        let ours = calendar.is_workday(day).unwrap_or_else(|e| panic!("builtin calendar lacks {day}: {e}"));
        if ours != oracle {
            mismatches.push(format!("{day}: ours {ours}, chinese_calendar {oracle}"));
        }
        day = day.tomorrow().unwrap();
        index += 1;
    }
    assert_eq!(index, 2922, "2019..=2026 has 2922 days");
    assert_eq!(flags.len(), index, "oracle printed {} days", flags.len());
    assert!(
        mismatches.is_empty(),
        "{} day(s) differ from chinesecalendar {version}:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
