#!/usr/bin/env python3
"""Generates data/calendar/YYYY.toml (2019-2026) from the PyPI package `chinesecalendar`.

Provenance of the built-in business-day calendar of beian-core (`src/calendar.rs`). The build does
not run this script: its output is committed, and `include_str!` embeds it. Rerun it only to
regenerate (for example after a new package release corrects a year) and review the diff:

    pip install chinesecalendar==1.11.0
    python3 crates/beian-core/data/calendar/generate.py

Conventions of the generated files (they are also what `calendar.rs` accepts from the app's data
directory):
- The `meta` table is written with dotted keys (`meta.year = 2024`) at the top: in TOML every key
  after a `[meta]` header would belong to `meta`, so a `[meta]` section can only come last.
- One file per calendar year; every date in it lies in that year. A New Year's Day span that starts
  in December belongs to the next year's notice (2022-12-31 to the 2023 notice; 2023-12-30/31, the
  weekend before the 2024 New Year's Day, to the 2024 notice): `meta.source` then names that notice
  too. The 2019 notice's span starts on 2018-12-30 and it makes Saturday 2018-12-29 a working day;
  those 2018 dates are outside the data, which begins on 2019-01-01.
- `holidays`: the days off as chinesecalendar carries them, each with the festival's name: every day
  of each holiday span as the notice states it ("X月X日至Y日放假调休"), weekends inside a span
  included, and in a few cases the weekend next to a one-day holiday (2023-12-30/31). A listed
  weekend day changes nothing in the arithmetic (it is off anyway): a file that lists only the
  weekday holidays describes the same calendar.
- `workdays`: the make-up working days (调休上班日), all of them Saturdays or Sundays.
- A day is a working day iff it is listed in `workdays`, or it is Monday-Friday and not in
  `holidays` -- exactly `chinese_calendar.is_workday`, which this script checks for every day.
"""

import datetime
import pathlib
import sys

import chinese_calendar
from chinese_calendar.constants import holidays as PKG_HOLIDAYS
from chinese_calendar.constants import workdays as PKG_WORKDAYS

PACKAGE_VERSION = "1.11.0"
YEARS = range(2019, 2027)

# The State Council General Office notices. Document numbers and gov.cn publication dates as known
# with confidence; an amending notice whose number is not certain is named by its title only.
NOTICES = {
    2019: {
        "source": "国务院办公厅关于2019年部分节假日安排的通知；国务院办公厅关于调整2019年劳动节假期安排的通知",
        "notice": "国办发明电〔2018〕15号",
        "published": "2018-12-06",
        "amended_by": "国务院办公厅关于调整2019年劳动节假期安排的通知（2019-03-22）：劳动节改为5月1日至4日放假，4月28日（周日）、5月5日（周日）上班",
    },
    2020: {
        "source": "国务院办公厅关于2020年部分节假日安排的通知；国务院办公厅关于延长2020年春节假期的通知",
        "notice": "国办发明电〔2019〕16号",
        "published": "2019-11-21",
        "amended_by": "国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号，2020-01-27）：春节假期延长至2月2日，2月1日（周六）不再上班",
    },
    2021: {
        "source": "国务院办公厅关于2021年部分节假日安排的通知",
        "notice": "国办发明电〔2020〕27号",
        "published": "2020-11-25",
    },
    2022: {
        "source": "国务院办公厅关于2022年部分节假日安排的通知",
        "notice": "国办发明电〔2021〕11号",
        "published": "2021-10-25",
    },
    2023: {
        "source": "国务院办公厅关于2023年部分节假日安排的通知",
        "notice": "国办发明电〔2022〕16号",
        "published": "2022-12-08",
    },
    2024: {
        "source": "国务院办公厅关于2024年部分节假日安排的通知",
        "notice": "国办发明电〔2023〕7号",
        "published": "2023-10-25",
    },
    2025: {
        "source": "国务院办公厅关于2025年部分节假日安排的通知",
        "notice": "国办发明电〔2024〕12号",
        "published": "2024-11-12",
    },
    2026: {
        "source": "国务院办公厅关于2026年部分节假日安排的通知",
        "notice": "国办发明电〔2025〕7号",
        "published": "2025-11-04",
    },
}

# The package's English holiday names -> the festivals' names as the notices write them.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}


def quote(text):
    """A TOML basic string (the texts here need no escapes beyond these)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def year_toml(year):
    meta = NOTICES[year]
    days_off = sorted((d, n) for d, n in PKG_HOLIDAYS.items() if d.year == year)
    worked = sorted((d, n) for d, n in PKG_WORKDAYS.items() if d.year == year)
    if not days_off:
        sys.exit(f"chinesecalendar {chinese_calendar.__version__} has no data for {year}")

    off_set = {d for d, _ in days_off}
    for d, _ in worked:
        if d.weekday() < 5:
            sys.exit(f"{d}: a make-up working day that is not a weekend")
        if d in off_set:
            sys.exit(f"{d}: both a holiday and a make-up working day")

    source = meta["source"]
    if any(d.month == 12 and name == "New Year's Day" for d, name in days_off):
        source += f"；国务院办公厅关于{year + 1}年部分节假日安排的通知（12月的元旦假期）"

    lines = [
        "# Generated by generate.py from the PyPI package chinesecalendar; do not edit by hand.",
        "# holidays: days off with the festival's name, every day of each span as the notice states it",
        "# (weekends inside included); workdays: make-up working days (调休上班日), all Saturdays or Sundays.",
        "",
        f"meta.year = {year}",
        f"meta.source = {quote(source)}",
        f"meta.notice = {quote(meta['notice'])}",
        f"meta.published = {quote(meta['published'])}",
    ]
    if "amended_by" in meta:
        lines.append(f"meta.amended_by = {quote(meta['amended_by'])}")
    lines += [
        f'meta.generated_from = "chinesecalendar {PACKAGE_VERSION}"',
        "",
        "holidays = [",
    ]
    for d, name in days_off:
        lines.append(f'    {{ date = "{d.isoformat()}", name = {quote(NAMES[name])} }},')
    lines += ["]", "", "workdays = ["]
    for d, name in worked:
        lines.append(f'    "{d.isoformat()}", # {"周六" if d.weekday() == 5 else "周日"}，{NAMES[name]}调休上班')
    lines += ["]", ""]
    text = "\n".join(lines)

    # Self-check: the rule of calendar.rs over these lists equals the package, day by day.
    worked_set = {d for d, _ in worked}
    day = datetime.date(year, 1, 1)
    while day.year == year:
        ours = day in worked_set or (day.weekday() < 5 and day not in off_set)
        if ours != chinese_calendar.is_workday(day):
            sys.exit(f"{day}: generated data disagrees with chinese_calendar.is_workday")
        day += datetime.timedelta(days=1)
    return text


def main():
    if chinese_calendar.__version__ != PACKAGE_VERSION:
        sys.exit(
            f"expected chinesecalendar {PACKAGE_VERSION}, found {chinese_calendar.__version__}: "
            "pin it, or update PACKAGE_VERSION and review the diff"
        )
    out_dir = pathlib.Path(__file__).resolve().parent
    for year in YEARS:
        path = out_dir / f"{year}.toml"
        path.write_text(year_toml(year), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
