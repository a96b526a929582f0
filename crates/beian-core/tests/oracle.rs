//! Cross-checks `beian_core::cert` against python-stdnum (`stdnum.cn.ric`, `stdnum.cn.uscc`).
//!
//! Generates a few thousand candidate numbers (valid ones and corrupted ones, from a fixed seed),
//! has `tests/oracle_stdnum.py` judge them, and compares verdicts. Needs `python3` with
//! `python-stdnum` installed (`pip install python-stdnum`); without them this test FAILS.
//!
//! Known, deliberate differences (asserted as such, not skipped):
//! - resident ID: we reject birth dates before 1900-01-01 or after `as_of` (stdnum accepts any
//!   year); stdnum
//!   rejects a code it does not know for the birth year, where we only warn (error only when the
//!   first two digits are not a mainland province).
//! - USCC: stdnum checks only length, charset and the mod-31 character, and requires the first 8
//!   characters to be digits, so it rejects the letter registration departments A, N, Y of GB 32100;
//!   we also check the department/category, region and embedded organisation code.

// Test-only code: unwrap is how helpers here fail the test.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use beian_core::CertType;
use beian_core::cert::{self, CertCheck, USCC_ALPHABET};
use beian_core::regions;

/// SplitMix64: a small deterministic generator, so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
    fn chars(&mut self, alphabet: &str, n: usize) -> String {
        let a: Vec<char> = alphabet.chars().collect();
        (0..n).map(|_| *self.pick(&a)).collect()
    }
}

/// County-level codes from the vendored tables, current and retired.
fn county_codes() -> Vec<&'static str> {
    const CURRENT: &str = include_str!("../data/regions/gb2260.tsv");
    const HISTORIC: &str = include_str!("../data/regions/gb2260-historic.tsv");
    CURRENT
        .lines()
        .chain(HISTORIC.lines())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .filter(|c| c.len() == 6 && !c.ends_with("00"))
        .collect()
}

const ALNUM: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn resident_candidates(rng: &mut Rng, n: usize) -> Vec<String> {
    let counties = county_codes();
    (0..n)
        .map(|_| {
            let region = if rng.chance(85) { rng.pick(&counties).to_string() } else { rng.digits(6) };
            let year = if rng.chance(90) { 1900 + rng.below(131) } else { 1850 + rng.below(50) };
            let (month, day) =
                if rng.chance(85) { (1 + rng.below(12), 1 + rng.below(31)) } else { (rng.below(14), rng.below(33)) };
            let body = format!("{region}{year:04}{month:02}{day:02}{}", rng.digits(3));
            let check = if rng.chance(70) {
                cert::gb11643_check_char(&body).unwrap_or('0')
            } else {
                *rng.pick(&"0123456789X".chars().collect::<Vec<_>>())
            };
            let mut s = format!("{body}{check}");
            match rng.below(20) {
                0 => {
                    s.remove(rng.below(18));
                }
                1 => s.insert(rng.below(19), char::from(b'0' + rng.below(10) as u8)),
                2 => {
                    let pos = rng.below(18);
                    let c = rng.chars(ALNUM, 1);
                    s.replace_range(pos..=pos, &c);
                }
                _ => {}
            }
            s
        })
        .collect()
}

fn uscc_candidates(rng: &mut Rng, n: usize) -> Vec<String> {
    let counties = county_codes();
    let pairs: Vec<(char, char)> = cert::uscc_department_pairs().collect();
    (0..n)
        .map(|_| {
            if rng.chance(5) {
                return rng.chars(ALNUM, 18);
            }
            let (d, c) = if rng.chance(90) {
                *rng.pick(&pairs)
            } else {
                let a: Vec<char> = USCC_ALPHABET.chars().collect();
                (*rng.pick(&a), *rng.pick(&a))
            };
            let region = match rng.below(10) {
                0 => "100000".to_owned(),
                1 => rng.digits(6),
                _ => rng.pick(&counties).to_string(),
            };
            let org_body = rng.chars(USCC_ALPHABET, 8);
            let org_check = if rng.chance(90) {
                cert::org_code_check_char(&org_body).unwrap_or('0')
            } else {
                rng.chars("0123456789X", 1).chars().next().unwrap_or('0')
            };
            let body = format!("{d}{c}{region}{org_body}{org_check}");
            let mut s = format!("{body}{}", cert::uscc_check_char(&body).unwrap_or('0'));
            match rng.below(10) {
                0..=2 => {
                    let pos = rng.below(18);
                    let c = rng.chars(USCC_ALPHABET, 1);
                    s.replace_range(pos..=pos, &c);
                }
                3 => {
                    let pos = rng.below(18);
                    let c = rng.chars(ALNUM, 1);
                    s.replace_range(pos..=pos, &c);
                }
                4 => {
                    s.remove(rng.below(18));
                }
                _ => {}
            }
            s
        })
        .collect()
}

struct Verdict {
    kind: String,
    number: String,
    flags: Vec<(String, bool)>,
}

impl Verdict {
    fn flag(&self, name: &str) -> bool {
        self.flags
            .iter()
            .find(|(k, _)| k == name)
            .unwrap_or_else(|| panic!("oracle gave no flag {name} for {}", self.number))
            .1
    }
}

fn run_oracle(input: &str) -> Vec<Verdict> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle_stdnum.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 ({e}): this oracle test needs Python 3 with python-stdnum \
                 (`pip install python-stdnum`)"
            )
        });
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    assert!(
        out.status.success(),
        "the python-stdnum oracle failed ({}); install it with `pip install python-stdnum`.\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    written.unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.split('\t');
            let kind = parts.next().unwrap().to_owned();
            let number = parts.next().unwrap().to_owned();
            let flags = parts
                .next()
                .unwrap()
                .split(',')
                .map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap();
                    (k.to_owned(), v == "1")
                })
                .collect();
            Verdict { kind, number, flags }
        })
        .collect()
}

fn describe(c: &CertCheck) -> String {
    c.issues.iter().map(|i| format!("{}({:?})", i.code, i.severity)).collect::<Vec<_>>().join(" ")
}

#[test]
fn cert_checks_agree_with_python_stdnum() {
    let mut rng = Rng(0x00BE_1A4D_E5C0_FFEE);
    let rics = resident_candidates(&mut rng, 3000);
    let usccs = uscc_candidates(&mut rng, 3000);
    let mut input = String::new();
    for n in &rics {
        input.push_str(&format!("ric\t{n}\n"));
    }
    for n in &usccs {
        input.push_str(&format!("uscc\t{n}\n"));
    }
    let verdicts = run_oracle(&input);
    assert_eq!(verdicts.len(), rics.len() + usccs.len(), "oracle answered a different number of lines");

    let as_of = jiff::civil::date(2031, 1, 1); // after every generated birth date
    let mut failures = Vec::new();
    let (mut ric_valid, mut ric_invalid, mut uscc_valid, mut uscc_invalid) = (0, 0, 0, 0);
    for v in &verdicts {
        let n = v.number.as_str();
        if v.kind == "ric" {
            let ours = cert::check(CertType::ResidentId, n, as_of);
            if v.flag("valid") {
                ric_valid += 1;
            } else {
                ric_invalid += 1;
            }
            let mut expect = |what: &str, cond: bool| {
                if !cond {
                    failures.push(format!("ric {n}: {what}; ours: [{}]; stdnum: {:?}", describe(&ours), v.flags));
                }
            };
            expect("length verdicts differ", ours.has("length") != v.flag("length"));
            if !v.flag("length") {
                continue;
            }
            let charset_ok = v.flag("body") && (n.ends_with('X') || n.as_bytes()[17].is_ascii_digit());
            expect("charset verdicts differ", ours.has("charset") != charset_ok);
            if !charset_ok {
                continue;
            }
            expect("check digit verdicts differ", ours.has("check_digit") != v.flag("checksum"));
            let year: i32 = n[6..10].parse().unwrap();
            // our extra rule: born on or after 1900-01-01 and not after as_of
            let in_range = year >= 1900 && &n[6..14] <= "20310101";
            expect("birth date verdicts differ", ours.has("birth_date") != (v.flag("date") && in_range));
            if v.flag("place") {
                expect(
                    "stdnum knows the place but our tables do not",
                    !ours.has("region_unknown") && !ours.has("region_prefix"),
                );
            }
            let province_ok = regions::province_code_exists(&n[..2]) && !matches!(&n[..2], "71" | "81" | "82");
            let expected_valid = v.flag("checksum") && v.flag("date") && in_range && province_ok;
            expect("overall verdicts differ", ours.is_valid() == expected_valid);
            if v.flag("valid") && in_range {
                expect("stdnum accepts, we reject", ours.is_valid());
            }
        } else {
            let ours = cert::check(CertType::BusinessLicense, n, as_of);
            if v.flag("valid") {
                uscc_valid += 1;
            } else {
                uscc_invalid += 1;
            }
            let mut expect = |what: &str, cond: bool| {
                if !cond {
                    failures.push(format!("uscc {n}: {what}; ours: [{}]; stdnum: {:?}", describe(&ours), v.flags));
                }
            };
            expect("length verdicts differ", ours.has("length") != v.flag("length"));
            if !v.flag("length") {
                continue;
            }
            expect("charset verdicts differ", ours.has("charset") != v.flag("alphabet"));
            if !v.flag("alphabet") {
                continue;
            }
            expect("check character verdicts differ", ours.has("check_digit") != v.flag("checksum"));
            if v.flag("valid") {
                expect(
                    "stdnum accepts, we report a length/charset/check error",
                    !ours.has("length") && !ours.has("charset") && !ours.has("check_digit"),
                );
            }
            let letter_department = n.starts_with(|c: char| c.is_ascii_uppercase());
            if ours.is_valid() {
                expect(
                    "we accept, stdnum rejects (and it is not a letter department)",
                    v.flag("valid") || letter_department,
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements with python-stdnum, first ones:\n{}",
        failures.len(),
        failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    // the candidates must exercise both verdicts, or the comparison says little
    for (what, count) in [
        ("valid resident IDs", ric_valid),
        ("invalid resident IDs", ric_invalid),
        ("valid USCCs", uscc_valid),
        ("invalid USCCs", uscc_invalid),
    ] {
        assert!(count >= 500, "only {count} {what} among the candidates");
    }
}
