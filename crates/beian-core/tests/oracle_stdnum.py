#!/usr/bin/env python3
"""Oracle for tests/oracle.rs: judges certificate numbers with python-stdnum.

Reads lines `ric<TAB>number` or `uscc<TAB>number` on standard input and writes one line per input:
`kind<TAB>number<TAB>flags`, flags being a comma-separated list of name=0/1:

ric:  length (18 chars), body (first 17 are digits), checksum (stdnum's MOD 11-2 character matches;
      0 when body is 0), date (stdnum.cn.ric.get_birth_date accepts it), place (stdnum's loc.dat knows
      the code for the birth year), valid (stdnum.cn.ric.is_valid)
uscc: length (18 chars), alphabet (every char in stdnum's USCC alphabet), checksum (stdnum's mod-31
      character matches; 0 when alphabet is 0), valid (stdnum.cn.uscc.is_valid)

Exits with status 3 and a message when python-stdnum is not installed.
"""

import sys

try:
    from stdnum.cn import ric, uscc
    from stdnum.exceptions import ValidationError
except ImportError as e:  # pragma: no cover
    sys.stderr.write(
        f"python-stdnum is not installed ({e}); install it with: pip install python-stdnum\n"
    )
    sys.exit(3)


def b(x):
    return "1" if x else "0"


def judge_ric(n):
    length = len(n) == 18
    body = length and n[:17].isdigit()
    checksum = body and ric.calc_check_digit(n) == n[-1]
    try:
        ric.get_birth_date(n)
        date = body
    except (ValidationError, ValueError):
        date = False
    try:
        ric.get_birth_place(n)
        place = date
    except (ValidationError, ValueError, KeyError):
        place = False
    try:
        valid = ric.is_valid(n)
    except KeyError:
        # stdnum 2.2 raises KeyError from get_birth_place for a known province with an unknown
        # county instead of InvalidComponent: that is an invalid number for stdnum.
        valid = False
    return dict(length=length, body=body, checksum=checksum, date=date, place=place, valid=valid)


def judge_uscc(n):
    length = len(n) == 18
    alphabet = all(c in uscc._alphabet for c in n)
    checksum = length and alphabet and uscc.calc_check_digit(n) == n[-1]
    return dict(length=length, alphabet=alphabet, checksum=checksum, valid=uscc.is_valid(n))


def main():
    out = []
    for line in sys.stdin.read().splitlines():
        if not line:
            continue
        kind, number = line.split("\t")
        flags = judge_ric(number) if kind == "ric" else judge_uscc(number)
        out.append(f"{kind}\t{number}\t" + ",".join(f"{k}={b(v)}" for k, v in flags.items()))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
