//! Certificate numbers (证件号码): normalisation and format/check-digit validation per type
//! (`rules-digest.md` §3).
//!
//! Standards: GB 11643-1999 公民身份号码 (ISO 7064 MOD 11-2), GB 32100-2015 法人和其他组织统一社会
//! 信用代码 (mod 31), GB 11714-1997 全国组织机构代码 (mod 11).
//!
//! Every number is normalised first ([`normalize`]); the normalised value is what gets stored.
//! Decisions, per type:
//!
//! - **org_code**: the canonical form is `XXXXXXXX-Y`, as printed on 组织机构代码证; input with or
//!   without the hyphen is accepted and [`CertCheck::normalized`] always has the hyphen.
//! - **institution / social group / private non-enterprise certificates**: since 国发〔2015〕33号 these
//!   certificates carry the unified social credit code, and all old certificates had to be replaced by
//!   the end of 2017; the number is validated as a USCC, and a registration department or category
//!   that does not fit the certificate (事业单位 `12`/`A1`, 社会团体 `51`, 民办非企业单位 `52`) is a
//!   warning. A valid 9-character organisation code is still accepted, with a warning, because the
//!   2019 filing guide (§1.1) recommends 组织机构代码证 for 民办非企业单位 and old filings carry it.
//! - **hk_macau_pass**: `H`/`M` + 8 digits (card issued since 2013-01) or `H`/`M` + 10 digits (the
//!   8-digit number followed by the two-digit 换证次数, as older cards and some systems write it; the
//!   filing guide's sample shows "H12345678 XX").
//! - **taiwan_pass**: 8 digits (card issued since 2015-07); the old booklet forms (10 digits, possibly
//!   followed by a letter in parentheses) are accepted with a warning, since the last of them expired
//!   around 2020.
//! - **passport**: Chinese passports (E + 8 digits, E + letter + 7 digits, G + 8 digits, D/S/P(+E) +
//!   7 digits, 14/15 + 7 digits) and foreign passports (5–17 letters or digits) are accepted; input
//!   that looks like a Chinese passport but does not fit, or looks made up, gets a warning.
//! - **foreign_permanent_id**: from 2023-12-01, 18 characters `9` + 受理地 province (2) + nationality
//!   (3 digits) + birth date (8) + sequence (3) + MOD 11-2 check character; before that, 15
//!   characters: ISO 3166-1 alpha-3 nationality (3 letters) + 受理地 code (4 digits) + birth date
//!   YYMMDD + sequence (1) + check digit. The old check digit (ICAO 9303 7-3-1 weights, as used by
//!   third-party readers) is not published by the issuing authority, so a mismatch there is only a
//!   warning. Both forms are accepted: old cards stay valid until they expire.
//! - **officer_id**: 军官证 numbers have no public structure or check algorithm (the common form is
//!   `X字第1234567号`, but units differ), so anything non-empty is accepted and unusual input only
//!   gets a warning.
//! - **other**: anything non-empty.

use jiff::civil::Date;
use serde::Serialize;
use specta::Type;

use crate::{CertType, Severity, regions};

/// The result of checking one certificate number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CertCheck {
    /// The number as it should be stored: [`normalize`]d, and for organisation codes in the
    /// canonical `XXXXXXXX-Y` form.
    pub normalized: String,
    pub issues: Vec<CertIssue>,
}

impl CertCheck {
    /// Valid when no issue is an error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    /// Whether an issue with this code was reported.
    pub fn has(&self, code: &str) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }
}

/// One finding about a certificate number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CertIssue {
    /// Stable machine code: `required`, `length`, `charset`, `check_digit`, `birth_date`,
    /// `region_prefix`, `region_unknown`, `embedded_org_code`, `department`, `department_mismatch`,
    /// `format`, `legacy_format`, `suspicious`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong and what is expected, in Simplified Chinese.
    pub message: String,
}

fn error(code: &'static str, message: impl Into<String>) -> CertIssue {
    CertIssue { code, severity: Severity::Error, message: message.into() }
}

fn warning(code: &'static str, message: impl Into<String>) -> CertIssue {
    CertIssue { code, severity: Severity::Warning, message: message.into() }
}

/// Characters that are invisible: Unicode `Cc` and `Cf` (soft hyphen, zero-width space/joiners,
/// word joiner, BOM, bidi embeddings/overrides/isolates, tags …) plus a few invisible fillers and
/// variation selectors.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
            | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0
            | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Normalises a certificate number as typed or pasted:
/// full-width ASCII (U+FF01–FF5E) becomes ASCII; every whitespace character (ideographic space
/// included) and every invisible character (zero-width, bidi controls, soft hyphen, other `Cc`/`Cf`)
/// is removed; dash look-alikes (U+2010–2015, U+2212, U+FE58, U+FE63) become `-`; ASCII letters are
/// upper-cased (`x` → `X`). Parentheses are kept (Hong Kong identity card numbers have them); other
/// characters (e.g. `字第…号` of an officer's ID) are kept as they are.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter_map(|c| {
            let c = match c as u32 {
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                0x2010..=0x2015 | 0x2212 | 0xFE58 | 0xFE63 => '-',
                _ => c,
            };
            if c.is_whitespace() || is_invisible(c) { None } else { Some(c.to_ascii_uppercase()) }
        })
        .collect()
}

/// Checks a certificate number of the given type, as of a date (birth dates may not lie after it).
pub fn check(cert_type: CertType, input: &str, as_of: Date) -> CertCheck {
    let normalized = normalize(input);
    if normalized.is_empty() {
        return CertCheck {
            normalized,
            issues: vec![error("required", format!("请填写{}号码。", cert_type.label_zh()))],
        };
    }
    let s = normalized.as_str();
    let (normalized, issues) = match cert_type {
        CertType::ResidentId => (normalized.clone(), check_resident_id(s, as_of)),
        CertType::BusinessLicense => (normalized.clone(), check_business_license(s)),
        CertType::OrgCode => check_org_code_input(s),
        CertType::InstitutionCertificate
        | CertType::SocialGroupCertificate
        | CertType::PrivateNonEnterpriseCertificate => check_unit_certificate(cert_type, s),
        CertType::Passport => (normalized.clone(), check_passport(s)),
        CertType::TaiwanPass => (normalized.clone(), check_taiwan_pass(s, as_of)),
        CertType::HkMacauPass => (normalized.clone(), check_hk_macau_pass(s)),
        CertType::HmtResidencePermit => (normalized.clone(), check_hmt_permit(s, as_of)),
        CertType::ForeignPermanentId => (normalized.clone(), check_foreign_permanent_id(s, as_of)),
        CertType::OfficerId => (normalized.clone(), check_officer_id(s)),
        CertType::Other => (normalized.clone(), Vec::new()),
    };
    CertCheck { normalized, issues }
}

// ---------------------------------------------------------------------------------------------
// Check characters
// ---------------------------------------------------------------------------------------------

const MOD11_2_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const MOD11_2_CHARS: &[u8; 11] = b"10X98765432";

/// GB 11643 / ISO 7064 MOD 11-2 check character of a 17-digit body; `None` if it is not 17 digits.
pub fn gb11643_check_char(body: &str) -> Option<char> {
    let b = body.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b.iter().zip(MOD11_2_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(MOD11_2_CHARS[(sum % 11) as usize] as char)
}

/// The GB 32100 character set: digits and upper-case letters without I, O, Z, S, V.
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn uscc_value(c: char) -> Option<u32> {
    USCC_ALPHABET.find(c).map(|i| i as u32)
}

/// GB 32100 check character of a 17-character body; `None` if a character is outside the set.
pub fn uscc_check_char(body: &str) -> Option<char> {
    if body.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(USCC_WEIGHTS) {
        sum += uscc_value(c)? * w;
    }
    USCC_ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize)
}

const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11714 check character (`0`–`9` or `X`) of an 8-character body of digits and upper-case
/// letters; `None` otherwise.
pub fn org_code_check_char(body: &str) -> Option<char> {
    if body.chars().count() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(ORG_WEIGHTS) {
        let v = match c {
            '0'..='9' | 'A'..='Z' => c.to_digit(36)?,
            _ => return None,
        };
        sum += v * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        n => char::from_digit(n, 10),
    }
}

// ---------------------------------------------------------------------------------------------
// GB 11643-shaped numbers: resident ID, HMT residence permit, new foreign permanent ID
// ---------------------------------------------------------------------------------------------

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Charset, check character and birth date (positions 7–14) of an 18-character GB 11643-style
/// number. `None` when it is not 17 ASCII digits and a digit or `X` (nothing more can be checked).
fn check_gb11643_shape(s: &str, what: &str, as_of: Date) -> Option<Vec<CertIssue>> {
    if !s.is_ascii() || s.len() != 18 {
        return None;
    }
    let (body, last) = s.split_at(17);
    if !all_digits(body) || !(all_digits(last) || last == "X") {
        return None;
    }
    Some(check_gb11643_body(s, what, as_of))
}

fn check_gb11643_body(s: &str, what: &str, as_of: Date) -> Vec<CertIssue> {
    let mut issues = Vec::new();
    let (body, last) = s.split_at(17);
    if gb11643_check_char(body).map(String::from).as_deref() != Some(last) {
        issues.push(error(
            "check_digit",
            format!("{what}号码的校验码（第18位）不符，号码有误：请逐位核对证件上的号码。"),
        ));
    }
    if let Some(i) = check_birth_date(&s[6..14], as_of) {
        issues.push(i);
    }
    issues
}

/// Sex as GB 11643 encodes it in the 17th character (odd: male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label_zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// The birth date (positions 7–14) and sex (position 17) a GB 11643 number carries; `None` unless
/// it is 17 digits and a digit or `X` with a real date. The check character is not looked at:
/// [`check`] does that.
pub fn resident_id_parts(number: &str) -> Option<(Date, Sex)> {
    let s = number.as_bytes();
    if s.len() != 18 || !s[..17].iter().all(u8::is_ascii_digit) || !(s[17].is_ascii_digit() || s[17] == b'X') {
        return None;
    }
    let y: i16 = number[6..10].parse().ok()?;
    let m: i8 = number[10..12].parse().ok()?;
    let d: i8 = number[12..14].parse().ok()?;
    let date = Date::new(y, m, d).ok()?;
    let sex = if (s[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
    Some((date, sex))
}

/// A YYYYMMDD birth date: a real date, not before 1900-01-01, not after `as_of`.
fn check_birth_date(yyyymmdd: &str, as_of: Date) -> Option<CertIssue> {
    let parsed = (|| {
        let y: i16 = yyyymmdd.get(0..4)?.parse().ok()?;
        let m: i8 = yyyymmdd.get(4..6)?.parse().ok()?;
        let d: i8 = yyyymmdd.get(6..8)?.parse().ok()?;
        Date::new(y, m, d).ok()
    })();
    let Some(date) = parsed else {
        return Some(error("birth_date", format!("号码中的出生日期“{yyyymmdd}”（第7–14位）不是有效日期。")));
    };
    if date < jiff::civil::date(1900, 1, 1) {
        return Some(error("birth_date", format!("号码中的出生日期{date}早于1900年，不可能有效。")));
    }
    if date > as_of {
        return Some(error("birth_date", format!("号码中的出生日期{date}晚于核验日期{as_of}，号码有误。")));
    }
    None
}

fn check_resident_id(s: &str, as_of: Date) -> Vec<CertIssue> {
    let n = char_count(s);
    if n == 15 && all_digits(s) {
        return vec![error(
            "length",
            "这是15位的旧版（第一代）身份证号码，已停止使用：请填写第二代居民身份证上的18位公民身份号码。",
        )];
    }
    if n != 18 {
        return vec![error("length", format!("居民身份证号码应为18位（17位数字加1位校验码），当前为{n}位。"))];
    }
    let Some(mut issues) = check_gb11643_shape(s, "居民身份证", as_of) else {
        return vec![error("charset", "居民身份证号码的前17位应为数字，最后一位为数字或X。")];
    };
    let code2 = &s[..2];
    if matches!(&s[..6], "810000" | "820000" | "830000") {
        issues.push(error(
            "region_prefix",
            "以810000/820000/830000开头的是港澳台居民居住证号码：请把证件类型改为“港澳台居民居住证”。",
        ));
    } else if s.starts_with('9') {
        issues.push(error(
            "region_prefix",
            "以9开头的18位号码是外国人永久居留身份证号码：请把证件类型改为“外国人永久居留身份证”。",
        ));
    } else if !is_mainland_province(code2) {
        issues.push(error(
            "region_prefix",
            format!("号码前两位“{code2}”不是有效的省级行政区划代码，居民身份证号码有误。"),
        ));
    } else if !regions::division_code_known(&s[..6]) {
        issues.push(warning(
            "region_unknown",
            format!("号码前六位地址码“{}”不在行政区划代码表（含历史代码）中：请核对号码。", &s[..6]),
        ));
    }
    issues
}

/// A two-digit code of a mainland province (not 台湾 71, 香港 81, 澳门 82).
fn is_mainland_province(code2: &str) -> bool {
    regions::province_code_exists(code2) && !matches!(code2, "71" | "81" | "82")
}

fn check_hmt_permit(s: &str, as_of: Date) -> Vec<CertIssue> {
    const WHAT: &str = "港澳台居民居住证";
    let n = char_count(s);
    if n != 18 {
        return vec![error(
            "length",
            format!("{WHAT}号码应为18位（810000/820000/830000开头，17位数字加1位校验码），当前为{n}位。"),
        )];
    }
    let Some(mut issues) = check_gb11643_shape(s, WHAT, as_of) else {
        return vec![error("charset", format!("{WHAT}号码的前17位应为数字，最后一位为数字或X。"))];
    };
    if !matches!(&s[..6], "810000" | "820000" | "830000") {
        let hint = if is_mainland_province(&s[..2]) {
            "；这看起来是居民身份证号码，请核对证件类型"
        } else {
            ""
        };
        issues.push(error(
            "region_prefix",
            format!("{WHAT}号码应以810000（香港）、820000（澳门）或830000（台湾）开头{hint}。"),
        ));
    }
    issues
}

// ---------------------------------------------------------------------------------------------
// Unified social credit code (GB 32100) and organisation code (GB 11714)
// ---------------------------------------------------------------------------------------------

/// (登记管理部门代码, name, [(机构类别代码, name)]).
type Department = (char, &'static str, &'static [(char, &'static str)]);

/// The registration departments and their categories, GB 32100-2015 and its amendments.
const DEPARTMENTS: &[Department] = &[
    ('1', "机构编制", &[('1', "机关"), ('2', "事业单位"), ('3', "中央编办直接管理机构编制的群众团体"), ('9', "其他")]),
    ('2', "外交", &[('1', "外国常驻新闻机构"), ('9', "其他")]),
    (
        '3',
        "司法行政",
        &[
            ('1', "律师执业机构"),
            ('2', "公证处"),
            ('3', "基层法律服务所"),
            ('4', "司法鉴定机构"),
            ('5', "仲裁委员会"),
            ('9', "其他"),
        ],
    ),
    ('4', "文化", &[('1', "外国在华文化中心"), ('9', "其他")]),
    ('5', "民政", &[('1', "社会团体"), ('2', "民办非企业单位"), ('3', "基金会"), ('9', "其他")]),
    (
        '6',
        "旅游",
        &[('1', "外国旅游部门常驻代表机构"), ('2', "港澳台地区旅游部门常驻内地（大陆）代表机构"), ('9', "其他")],
    ),
    ('7', "宗教", &[('1', "宗教活动场所"), ('2', "宗教院校"), ('9', "其他")]),
    ('8', "工会", &[('1', "基层工会"), ('9', "其他")]),
    ('9', "工商（市场监管）", &[('1', "企业"), ('2', "个体工商户"), ('3', "农民专业合作社")]),
    ('A', "中央军委改革和编制办公室", &[('1', "军队事业单位"), ('9', "其他")]),
    ('N', "农业", &[('1', "组级集体经济组织"), ('2', "村级集体经济组织"), ('3', "乡镇级集体经济组织"), ('9', "其他")]),
    ('Y', "其他", &[('1', "其他")]),
];

/// The valid (登记管理部门, 机构类别) pairs of GB 32100, e.g. `('9', '1')` for an enterprise.
pub fn uscc_department_pairs() -> impl Iterator<Item = (char, char)> {
    DEPARTMENTS.iter().flat_map(|(d, _, cats)| cats.iter().map(move |(c, _)| (*d, *c)))
}

fn department(c: char) -> Option<&'static Department> {
    DEPARTMENTS.iter().find(|(d, _, _)| *d == c)
}

/// What a USCC's first two characters say, e.g. `民政·社会团体`.
fn department_label(dept: char, cat: char) -> String {
    match department(dept) {
        Some((_, dname, cats)) => match cats.iter().find(|(c, _)| *c == cat) {
            Some((_, cname)) => format!("{dname}·{cname}"),
            None => dname.to_string(),
        },
        None => dept.to_string(),
    }
}

/// Full GB 32100 check of an 18-character candidate (the caller has checked the length).
fn check_uscc(s: &str) -> Vec<CertIssue> {
    let mut issues = Vec::new();
    let bad: Vec<char> = s.chars().filter(|c| uscc_value(*c).is_none()).collect();
    if !bad.is_empty() {
        let bad: String = bad.iter().collect();
        issues.push(error(
            "charset",
            format!("统一社会信用代码只能由数字和大写字母组成，且不使用I、O、Z、S、V；号码中有不允许的字符“{bad}”。"),
        ));
        return issues;
    }
    let chars: Vec<char> = s.chars().collect();
    let (body, last) = s.split_at(17);
    if uscc_check_char(body) != Some(chars[17]) {
        issues.push(error(
            "check_digit",
            format!("统一社会信用代码的校验码（第18位“{last}”）不符，号码有误：请逐位核对证件上的号码。"),
        ));
    }

    let (dept, cat) = (chars[0], chars[1]);
    match department(dept) {
        None => issues.push(error(
            "department",
            format!("第1位登记管理部门代码“{dept}”无效：应为1–9、A、N或Y（例如企业为9，事业单位为1，社会团体为5）。"),
        )),
        Some((_, dname, cats)) => {
            if !cats.iter().any(|(c, _)| *c == cat) {
                let allowed: Vec<String> = cats.iter().map(|(c, n)| format!("{c}（{n}）")).collect();
                issues.push(error(
                    "department",
                    format!("第2位机构类别代码“{cat}”与登记管理部门“{dname}”不符：应为{}。", allowed.join("、")),
                ));
            }
        }
    }

    let region = &s[2..8];
    if !all_digits(region) {
        issues.push(error("region_prefix", format!("第3–8位登记管理机关行政区划码“{region}”应为6位数字。")));
    } else if region != "100000" {
        if !regions::province_code_exists(&region[..2]) {
            issues.push(error(
                "region_prefix",
                format!("第3–8位登记管理机关行政区划码“{region}”的省级代码“{}”不存在，号码有误。", &region[..2]),
            ));
        } else if !regions::division_code_known(region) {
            issues.push(warning(
                "region_unknown",
                format!("第3–8位登记管理机关行政区划码“{region}”不在行政区划代码表（含历史代码）中：请核对号码。"),
            ));
        }
    }

    let org = &s[8..17];
    let (org_body, org_check) = org.split_at(8);
    if org_code_check_char(org_body).map(String::from).as_deref() != Some(org_check) {
        issues.push(error(
            "embedded_org_code",
            format!("第9–17位组织机构代码“{org_body}-{org_check}”的校验码不符（GB 11714），号码有误：请逐位核对。"),
        ));
    }
    issues
}

fn looks_like_org_code(s: &str) -> bool {
    let n = char_count(s);
    (n == 9 && s.chars().all(|c| c.is_ascii_alphanumeric()))
        || (n == 10 && s.as_bytes()[8] == b'-' && s.chars().filter(|c| *c != '-').all(|c| c.is_ascii_alphanumeric()))
}

fn check_business_license(s: &str) -> Vec<CertIssue> {
    let n = char_count(s);
    if n == 18 {
        let mut issues = check_uscc(s);
        if let Some(c) = s.chars().next()
            && c != '9'
            && department(c).is_some()
        {
            let cat = s.chars().nth(1).unwrap_or('0');
            issues.push(warning(
                "department_mismatch",
                format!(
                    "营业执照上的统一社会信用代码以9（市场监管部门登记）开头，此号码表示“{}”：请核对证件类型是否选对。",
                    department_label(c, cat)
                ),
            ));
        }
        return issues;
    }
    let msg = if n == 15 && all_digits(s) {
        "这是旧版营业执照的15位注册号：三证合一后请填写营业执照上的18位统一社会信用代码。".to_owned()
    } else if looks_like_org_code(s) {
        "这是组织机构代码：请填写营业执照上的18位统一社会信用代码。".to_owned()
    } else {
        format!("统一社会信用代码应为18位（数字和大写字母），当前为{n}位。")
    };
    vec![error("length", msg)]
}

/// Validates an organisation code typed as `XXXXXXXX-Y` or `XXXXXXXXY`; returns the canonical
/// `XXXXXXXX-Y` form when the shape allows it.
fn check_org_code_input(s: &str) -> (String, Vec<CertIssue>) {
    let compact: String = s.chars().filter(|c| *c != '-').collect();
    let hyphens = s.chars().filter(|c| *c == '-').count();
    let n = char_count(&compact);
    if n == 18 {
        return (
            s.to_owned(),
            vec![error(
                "length",
                "这是18位统一社会信用代码：证件类型应选“营业执照”或相应的登记证书；组织机构代码证的号码为9位（8位本体代码加1位校验码，如12345678-9）。",
            )],
        );
    }
    if n == 9 && (hyphens > 1 || (hyphens == 1 && s.chars().position(|c| c == '-') != Some(8))) {
        return (
            s.to_owned(),
            vec![error("format", "组织机构代码写作“XXXXXXXX-X”：连字符只能出现在第8位之后、校验码之前。")],
        );
    }
    if n != 9 {
        return (
            s.to_owned(),
            vec![error("length", format!("组织机构代码应为8位本体代码加1位校验码，写作“XXXXXXXX-X”，当前为{n}位。"))],
        );
    }
    if !compact.is_ascii() {
        return (s.to_owned(), vec![error("charset", "组织机构代码的前8位应为数字或大写字母，校验码为数字或X。")]);
    }
    let (body, check) = compact.split_at(8);
    let canonical = format!("{body}-{check}");
    let mut issues = Vec::new();
    if !body.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) || !(check == "X" || all_digits(check)) {
        issues.push(error("charset", "组织机构代码的前8位应为数字或大写字母，校验码为数字或X。"));
        return (canonical, issues);
    }
    if org_code_check_char(body).map(String::from).as_deref() != Some(check) {
        issues.push(error(
            "check_digit",
            "组织机构代码的校验码（最后一位）不符（GB 11714），号码有误：请逐位核对证件上的号码。",
        ));
    }
    (canonical, issues)
}

fn check_unit_certificate(cert_type: CertType, s: &str) -> (String, Vec<CertIssue>) {
    let label = cert_type.label_zh();
    // (expected first two characters, what they mean)
    let expected: &[(&str, &str)] = match cert_type {
        CertType::InstitutionCertificate => &[("12", "机构编制·事业单位"), ("A1", "军队事业单位")],
        CertType::SocialGroupCertificate => &[("51", "民政·社会团体")],
        _ => &[("52", "民政·民办非企业单位")],
    };
    let n = char_count(s);
    if n == 18 {
        let mut issues = check_uscc(s);
        let head: String = s.chars().take(2).collect();
        let head_valid = !issues.iter().any(|i| i.code == "charset" || i.code == "department");
        if head_valid && !expected.iter().any(|(h, _)| *h == head) {
            let mut cs = head.chars();
            let (d, c) = (cs.next().unwrap_or('0'), cs.next().unwrap_or('0'));
            let want: Vec<String> = expected.iter().map(|(h, m)| format!("{h}（{m}）")).collect();
            issues.push(warning(
                "department_mismatch",
                format!(
                    "{label}上的统一社会信用代码通常以{}开头，此号码表示“{}”：请核对证件类型是否选对。",
                    want.join("或"),
                    department_label(d, c)
                ),
            ));
        }
        return (s.to_owned(), issues);
    }
    if looks_like_org_code(s) {
        let (canonical, mut issues) = check_org_code_input(s);
        issues.push(warning(
            "legacy_format",
            format!(
                "这是9位组织机构代码：2015年起{label}改为载明18位统一社会信用代码，旧证书应已换发；请尽量填写新证书上的统一社会信用代码。"
            ),
        ));
        return (canonical, issues);
    }
    (s.to_owned(), vec![error("length", format!("{label}号码应为证书上的18位统一社会信用代码，当前为{n}位。"))])
}

// ---------------------------------------------------------------------------------------------
// Passes, passports, permits
// ---------------------------------------------------------------------------------------------

fn check_hk_macau_pass(s: &str) -> Vec<CertIssue> {
    let mut cs = s.chars();
    let first = cs.next();
    let rest = cs.as_str();
    let digits = all_digits(rest);
    if matches!(first, Some('H' | 'M')) && digits && matches!(rest.len(), 8 | 10) {
        return Vec::new();
    }
    if s.contains('(') && s.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        return vec![error(
            "format",
            "这看起来是香港/澳门身份证号码：请填写港澳居民来往内地通行证正面的号码（H或M开头加8位数字）。",
        )];
    }
    if !matches!(first, Some('H' | 'M')) {
        return vec![error(
            "format",
            "港澳居民来往内地通行证号码以H（香港居民）或M（澳门居民）开头，后接8位数字，例如H12345678。",
        )];
    }
    vec![error(
        "format",
        format!(
            "港澳居民来往内地通行证号码应为H或M加8位数字（如H12345678），旧版写法为H或M加10位数字（8位号码加2位换证次数）；当前H/M后为“{rest}”。"
        ),
    )]
}

fn check_taiwan_pass(s: &str, as_of: Date) -> Vec<CertIssue> {
    if s.len() == 8 && all_digits(s) {
        return Vec::new();
    }
    if !s.is_ascii() {
        return vec![error("format", "台湾居民来往大陆通行证号码应为8位数字（2015年起的卡式证件）。")];
    }
    if s.starts_with("830000") && char_count(s) == 18 {
        return vec![error(
            "format",
            "830000开头的18位号码是台湾居民居住证号码：请把证件类型改为“港澳台居民居住证”，或填写台湾居民来往大陆通行证上的8位号码。",
        )];
    }
    // Old booklet: 10 digits, sometimes followed by a letter written in parentheses, e.g.
    // 0123456789(B).
    let old = {
        let (head, tail) = s.split_at(s.len().min(10));
        head.len() == 10
            && all_digits(head)
            && (tail.is_empty()
                || (tail.len() == 1 && tail.bytes().all(|b| b.is_ascii_uppercase()))
                || (tail.len() == 3
                    && tail.starts_with('(')
                    && tail.ends_with(')')
                    && tail.as_bytes()[1].is_ascii_uppercase()))
    };
    if old {
        let note = if as_of > jiff::civil::date(2020, 12, 31) {
            "本式台胞证已于2015年停发，最后一批已于2020年前后到期："
        } else {
            "本式台胞证已于2015年停发："
        };
        return vec![warning(
            "legacy_format",
            format!("这是旧版（本式）台胞证号码。{note}请核对证件是否仍在有效期内，卡式台胞证号码为8位数字。"),
        )];
    }
    vec![error("format", "台湾居民来往大陆通行证号码应为8位数字（2015年起的卡式证件）。")]
}

/// Chinese passport number shapes.
fn is_chinese_passport(s: &str) -> bool {
    let b = s.as_bytes();
    let digits_from = |i: usize| b.len() > i && b[i..].iter().all(u8::is_ascii_digit);
    match b.len() {
        // E12345678 (ordinary e-passport), G12345678 (ordinary, 2012–), EA1234567
        9 => {
            ((b[0] == b'E' || b[0] == b'G') && digits_from(1))
                || (b[0] == b'E' && b[1].is_ascii_uppercase() && digits_from(2))
                // 14/15 + 7 digits (public affairs, old), DE/SE/PE + 7 digits
                || ((s.starts_with("14") || s.starts_with("15")) && digits_from(2))
                || (matches!(&s[..2], "DE" | "SE" | "PE") && digits_from(2))
        }
        // D/S/P + 7 digits (diplomatic, service, public affairs)
        8 => matches!(b[0], b'D' | b'S' | b'P') && digits_from(1),
        _ => false,
    }
}

fn check_passport(s: &str) -> Vec<CertIssue> {
    let n = char_count(s);
    if let Some(bad) = s.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return vec![error("charset", format!("护照号码只能由字母和数字组成，不能含“{bad}”。"))];
    }
    if !(5..=17).contains(&n) {
        return vec![error("length", format!("护照号码应为5–17位字母或数字，当前为{n}位。"))];
    }
    if is_chinese_passport(s) {
        return Vec::new();
    }
    let mut issues = Vec::new();
    let b = s.as_bytes();
    let mostly_digits = b.iter().skip(1).filter(|c| c.is_ascii_digit()).count() + 1 >= n.saturating_sub(1);
    if matches!(b[0], b'E' | b'G') && (8..=10).contains(&n) && mostly_digits {
        issues.push(warning(
            "format",
            "这看起来像中国护照号码但格式不符：中国普通护照号码为E加8位数字、E加1个字母和7位数字，或G加8位数字；外国护照请忽略此提示。",
        ));
    }
    let all_same = b.iter().all(|c| *c == b[0]);
    let ascending = b.windows(2).all(|w| w[1] == w[0] + 1);
    let descending = b.windows(2).all(|w| w[0] == w[1] + 1);
    if all_same || ascending || descending {
        issues.push(warning("suspicious", "护照号码看起来不像真实号码（字符全部相同或依次递增/递减）：请核对证件。"));
    }
    issues
}

fn check_foreign_permanent_id(s: &str, as_of: Date) -> Vec<CertIssue> {
    const WHAT: &str = "外国人永久居留身份证";
    let n = char_count(s);
    if n == 18 {
        if !s.starts_with('9') {
            return vec![error(
                "format",
                format!(
                    "新版（2023年12月起）{WHAT}号码为18位且以9开头；此号码不以9开头，可能是居民身份证号码，请核对证件类型。"
                ),
            )];
        }
        let Some(mut issues) = check_gb11643_shape(s, WHAT, as_of) else {
            return vec![error("charset", format!("{WHAT}号码的前17位应为数字，最后一位为数字或X。"))];
        };
        let code2 = &s[1..3];
        if !is_mainland_province(code2) {
            issues.push(error(
                "region_prefix",
                format!("第2–3位受理地代码“{code2}”不是有效的省级行政区划代码，号码有误。"),
            ));
        }
        return issues;
    }
    if n == 15 {
        let b = s.as_bytes();
        if !(s.is_ascii() && b[..3].iter().all(u8::is_ascii_uppercase) && all_digits(&s[3..])) {
            return vec![error("format", format!("旧版{WHAT}号码为15位：3位国籍字母代码加12位数字。"))];
        }
        let mut issues = Vec::new();
        let place = &s[3..7];
        if !is_mainland_province(&place[..2]) {
            issues.push(error(
                "region_prefix",
                format!("第4–7位受理地代码“{place}”的省级代码“{}”不存在，号码有误。", &place[..2]),
            ));
        } else if !regions::division_code_known(&format!("{place}00")) {
            issues.push(warning(
                "region_unknown",
                format!("第4–7位受理地代码“{place}”不在行政区划代码表中：请核对号码。"),
            ));
        }
        let yymmdd = &s[7..13];
        let ok = ["19", "20"].iter().any(|c| {
            let full = format!("{c}{yymmdd}");
            check_birth_date(&full, as_of).is_none()
        });
        if !ok {
            issues.push(error("birth_date", format!("第8–13位出生日期“{yymmdd}”（YYMMDD）不是有效日期。")));
        }
        if icao_check_digit(&s[..14]) != Some(b[14]) {
            issues.push(warning(
                "check_digit",
                "旧版永居证号码的校验位与常见算法（ICAO 9303）不符：请逐位核对证件上的号码。",
            ));
        }
        return issues;
    }
    vec![error(
        "length",
        format!("{WHAT}号码应为18位（2023年12月起，以9开头）或15位（旧版：3位字母加12位数字），当前为{n}位。"),
    )]
}

/// ICAO 9303 check digit (weights 7, 3, 1; A = 10 … Z = 35) as an ASCII digit.
fn icao_check_digit(s: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in s.chars().enumerate() {
        let v = c.to_digit(36)?;
        sum += v * [7, 3, 1][i % 3];
    }
    Some(b'0' + (sum % 10) as u8)
}

fn check_officer_id(s: &str) -> Vec<CertIssue> {
    // 军官证 numbers have no public format or check algorithm: accept, and only point out input
    // that fits none of the common shapes.
    let chars: Vec<char> = s.chars().collect();
    let is_cjk = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
    let zi_form = {
        // 南字第1234567号, 军字第…号: 1–4 CJK characters, 字第, 4–10 digits, 号
        let text: String = chars.iter().collect();
        text.find("字第").is_some_and(|i| {
            let (head, tail) = text.split_at(i);
            let tail = &tail["字第".len()..];
            let head_n = head.chars().count();
            (1..=4).contains(&head_n)
                && head.chars().all(|c| is_cjk(&c))
                && tail.strip_suffix('号').is_some_and(|d| (4..=10).contains(&d.len()) && all_digits(d))
        })
    };
    let plain = (6..=12).contains(&chars.len()) && chars.iter().all(|c| c.is_ascii_alphanumeric());
    if zi_form || plain {
        return Vec::new();
    }
    vec![warning(
        "format",
        "军官证号码格式少见：常见写法为“X字第1234567号”或6–12位字母数字；军官证没有公开的校验规则，请对照证件核对。",
    )]
}
#[cfg(test)]
mod tests {

    #[test]
    fn resident_id_parts_reads_birth_date_and_sex() {
        let (date, sex) = resident_id_parts("11010519491231002X").unwrap();
        assert_eq!((date, sex), (jiff::civil::date(1949, 12, 31), Sex::Female)); // 17th digit 2
        assert_eq!(resident_id_parts("330106199003074513").map(|p| p.1), Some(Sex::Male));
        for bad in ["11010519491331002X", "1101051949123100", "11010519491231002x", "A1010519491231002X", ""] {
            assert_eq!(resident_id_parts(bad), None, "{bad}");
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn as_of() -> Date {
        jiff::civil::date(2025, 6, 1)
    }

    fn chk(t: CertType, s: &str) -> CertCheck {
        check(t, s, as_of())
    }

    fn codes(c: &CertCheck) -> Vec<&'static str> {
        c.issues.iter().map(|i| i.code).collect()
    }

    fn errors(c: &CertCheck) -> Vec<&'static str> {
        c.issues.iter().filter(|i| i.severity == Severity::Error).map(|i| i.code).collect()
    }

    // ---- normalisation ------------------------------------------------------------------------

    #[test]
    fn normalize_cleans_what_people_paste() {
        let clean = "33010619900101123X";
        for dirty in [
            "33010619900101123x",
            "３３０１０６１９９００１０１１２３Ｘ",
            "３３０１０６１９９００１０１１２３ｘ",
            " 330106 19900101 123X ",
            "330106\u{3000}19900101\u{3000}123X",
            "\u{200B}330106\u{200C}1990\u{200D}0101\u{2060}123X\u{FEFF}",
            "\u{202E}33010619900101123X\u{202C}",
            "\u{2067}330106\u{2069}19900101\u{200F}123\u{200E}X",
            "330106\u{00AD}19900101\t123X\r\n",
            "3301061990\u{E0041}0101123X",
        ] {
            assert_eq!(normalize(dirty), clean, "{dirty:?}");
            assert_eq!(chk(CertType::ResidentId, dirty).normalized, clean);
            assert!(chk(CertType::ResidentId, dirty).is_valid(), "{dirty:?}");
        }
        assert_eq!(normalize("A123456（7）"), "A123456(7)");
        assert_eq!(normalize("h12345678"), "H12345678");
        assert_eq!(normalize("D2143569–X"), "D2143569-X");
        assert_eq!(normalize("南字第１２３４５６７号"), "南字第1234567号");
        assert_eq!(normalize(" \u{3000}\u{200B} "), "");
    }

    #[test]
    fn empty_input_is_required_for_every_type() {
        for t in CertType::ALL {
            for input in ["", "   ", "\u{3000}\u{200B}\u{FEFF}"] {
                let c = chk(t, input);
                assert_eq!(codes(&c), vec!["required"], "{t:?}");
                assert!(!c.is_valid());
                assert!(c.issues[0].message.contains(t.label_zh()));
            }
        }
        assert!(chk(CertType::Other, "随便什么").is_valid());
    }

    // ---- resident ID ----------------------------------------------------------------------------

    #[test]
    fn spec_sample_resident_id_is_valid() {
        // The spec's sample number: its MOD 11-2 check character is indeed X.
        assert_eq!(gb11643_check_char("33010619900101123"), Some('X'));
        let c = chk(CertType::ResidentId, "33010619900101123X");
        assert!(c.is_valid(), "{c:?}");
        assert!(c.issues.is_empty(), "{c:?}");
    }

    #[test]
    fn resident_id_known_examples() {
        // GB 11643-1999's own example, and python-stdnum's.
        assert!(chk(CertType::ResidentId, "11010519491231002X").issues.is_empty());
        assert!(chk(CertType::ResidentId, "360426199101010071").issues.is_empty());
        // GB 11643's other example is born in 1880: check digit right, but before 1900.
        let c = chk(CertType::ResidentId, "440524188001010014");
        assert_eq!(codes(&c), vec!["birth_date"]);
        // wrong check digit
        let c = chk(CertType::ResidentId, "330106199001011238");
        assert_eq!(codes(&c), vec!["check_digit"]);
        assert!(!c.is_valid());
    }

    fn rid(body17: &str) -> String {
        format!("{body17}{}", gb11643_check_char(body17).unwrap())
    }

    #[test]
    fn resident_id_rules() {
        // 15-digit first-generation number
        let c = chk(CertType::ResidentId, "330106900101123");
        assert_eq!(codes(&c), vec!["length"]);
        assert!(c.issues[0].message.contains("18位"));
        assert_eq!(codes(&chk(CertType::ResidentId, "3301061990010112")), vec!["length"]);
        assert_eq!(codes(&chk(CertType::ResidentId, "33010619900101123Y")), vec!["charset"]);
        assert_eq!(codes(&chk(CertType::ResidentId, "3301061990O101123X")), vec!["charset"]);
        assert_eq!(codes(&chk(CertType::ResidentId, "33010619900101123号")), vec!["charset"]);
        // invalid dates
        assert_eq!(codes(&chk(CertType::ResidentId, &rid("33010619900230123"))), vec!["birth_date"]);
        assert_eq!(codes(&chk(CertType::ResidentId, &rid("33010619901301123"))), vec!["birth_date"]);
        assert!(chk(CertType::ResidentId, &rid("33010620000229123")).is_valid()); // leap day
        assert_eq!(codes(&chk(CertType::ResidentId, &rid("33010619000229123"))), vec!["birth_date"]);
        assert!(chk(CertType::ResidentId, &rid("33010619000101123")).is_valid());
        assert_eq!(codes(&chk(CertType::ResidentId, &rid("33010618991231123"))), vec!["birth_date"]);
        // after as_of (2025-06-01), but fine on the day
        assert_eq!(codes(&chk(CertType::ResidentId, &rid("33010620250602123"))), vec!["birth_date"]);
        assert!(chk(CertType::ResidentId, &rid("33010620250601123")).is_valid());
        // province prefix
        assert_eq!(codes(&chk(CertType::ResidentId, &rid("19010619900101123"))), vec!["region_prefix"]);
        assert_eq!(codes(&chk(CertType::ResidentId, &rid("71010619900101123"))), vec!["region_prefix"]);
        let c = chk(CertType::ResidentId, &rid("81000019900101123"));
        assert_eq!(codes(&c), vec!["region_prefix"]);
        assert!(c.issues[0].message.contains("港澳台居民居住证"));
        // unknown county: warning only; retired county: fine
        let c = chk(CertType::ResidentId, &rid("33019919900101123"));
        assert_eq!(codes(&c), vec!["region_unknown"]);
        assert!(c.is_valid());
        assert!(chk(CertType::ResidentId, &rid("11010319800101123")).issues.is_empty()); // 崇文区
    }

    // ---- USCC -------------------------------------------------------------------------------------

    #[test]
    fn uscc_known_examples() {
        for n in [
            "91110000600037341L", // python-stdnum's example
            "91330100716105852F",
            "91440300708461136T",
            "9144030071526726XG",
            "11100000000013127D", // central government body: region 100000
        ] {
            let c = chk(CertType::BusinessLicense, n);
            assert!(c.is_valid(), "{n}: {c:?}");
        }
        assert_eq!(org_code_check_char("60003734"), Some('1'));
        let c = chk(CertType::BusinessLicense, "91110000600037342L");
        assert!(codes(&c).contains(&"check_digit"), "{c:?}");
        assert!(codes(&c).contains(&"embedded_org_code"), "{c:?}");
        // a central government body on a business license: valid, with a warning
        let c = chk(CertType::BusinessLicense, "11100000000013127D");
        assert_eq!(codes(&c), vec!["department_mismatch"]);
    }

    fn uscc(head2: &str, region: &str, org8: &str) -> String {
        let org = format!("{org8}{}", org_code_check_char(org8).unwrap());
        let body = format!("{head2}{region}{org}");
        format!("{body}{}", uscc_check_char(&body).unwrap())
    }

    #[test]
    fn uscc_rules() {
        let good = uscc("91", "330106", "MA2AB12C");
        assert!(chk(CertType::BusinessLicense, &good).issues.is_empty(), "{good}");
        assert_eq!(codes(&chk(CertType::BusinessLicense, "330106000012345")), vec!["length"]);
        assert!(chk(CertType::BusinessLicense, "330106000012345").issues[0].message.contains("注册号"));
        assert!(chk(CertType::BusinessLicense, "60003734-1").issues[0].message.contains("组织机构代码"));
        assert_eq!(codes(&chk(CertType::BusinessLicense, "91110000600037341")), vec!["length"]);
        // I, O, Z, S, V are not used
        assert_eq!(codes(&chk(CertType::BusinessLicense, "91110000600037341I")), vec!["charset"]);
        assert_eq!(codes(&chk(CertType::BusinessLicense, "9111000060003734SL")), vec!["charset"]);
        // unknown department / category
        assert_eq!(codes(&chk(CertType::BusinessLicense, &uscc("B1", "330106", "12345678"))), vec!["department"]);
        assert_eq!(codes(&chk(CertType::BusinessLicense, &uscc("94", "330106", "12345678"))), vec!["department"]);
        assert_eq!(codes(&chk(CertType::BusinessLicense, &uscc("0X", "330106", "12345678"))), vec!["department"]);
        // region
        assert_eq!(codes(&chk(CertType::BusinessLicense, &uscc("91", "190106", "12345678"))), vec!["region_prefix"]);
        assert_eq!(codes(&chk(CertType::BusinessLicense, &uscc("91", "3301A6", "12345678"))), vec!["region_prefix"]);
        let c = chk(CertType::BusinessLicense, &uscc("91", "330199", "12345678"));
        assert_eq!(codes(&c), vec!["region_unknown"]);
        assert!(c.is_valid());
        // embedded organisation code with a wrong check character, USCC check char recomputed
        let body = "91330106MA2AB12C0";
        let bad = format!("{body}{}", uscc_check_char(body).unwrap());
        if org_code_check_char("MA2AB12C") != Some('0') {
            assert_eq!(codes(&chk(CertType::BusinessLicense, &bad)), vec!["embedded_org_code"]);
        }
        // letter departments are valid per GB 32100 (python-stdnum rejects them)
        assert!(chk(CertType::InstitutionCertificate, &uscc("A1", "110000", "12345678")).issues.is_empty());
        assert!(chk(CertType::Other, "Y1").is_valid());
    }

    #[test]
    fn unit_certificates() {
        let inst = uscc("12", "330000", "47000001");
        assert!(chk(CertType::InstitutionCertificate, &inst).issues.is_empty());
        let c = chk(CertType::SocialGroupCertificate, &inst);
        assert_eq!(codes(&c), vec!["department_mismatch"]);
        assert!(c.is_valid());
        assert!(c.issues[0].message.contains("51"), "{}", c.issues[0].message);
        assert!(chk(CertType::SocialGroupCertificate, &uscc("51", "330000", "50000001")).issues.is_empty());
        assert!(chk(CertType::PrivateNonEnterpriseCertificate, &uscc("52", "330106", "50000002")).issues.is_empty());
        assert_eq!(
            codes(&chk(CertType::PrivateNonEnterpriseCertificate, &uscc("51", "330106", "50000002"))),
            vec!["department_mismatch"]
        );
        // an old organisation code: accepted with a warning, canonical form
        let c = chk(CertType::PrivateNonEnterpriseCertificate, "600037341");
        assert_eq!(c.normalized, "60003734-1");
        assert_eq!(codes(&c), vec!["legacy_format"]);
        assert!(c.is_valid());
        let c = chk(CertType::PrivateNonEnterpriseCertificate, "60003734-2");
        assert_eq!(errors(&c), vec!["check_digit"]);
        assert_eq!(codes(&chk(CertType::InstitutionCertificate, "事证第110000001234号")), vec!["length"]);
    }

    // ---- organisation code ---------------------------------------------------------------------------

    #[test]
    fn org_code_rules() {
        for input in ["60003734-1", "600037341", "60003734－1", "６０００３７３４-１", " 60003734 - 1 "] {
            let c = chk(CertType::OrgCode, input);
            assert_eq!(c.normalized, "60003734-1", "{input}");
            assert!(c.issues.is_empty(), "{input}: {c:?}");
        }
        // check character X and 0 (11 - 0 → 0)
        let x_body = (0..100_000u32).map(|i| format!("{i:08}")).find(|b| org_code_check_char(b) == Some('X')).unwrap();
        assert!(chk(CertType::OrgCode, &format!("{x_body}x")).issues.is_empty());
        assert_eq!(codes(&chk(CertType::OrgCode, "60003734-2")), vec!["check_digit"]);
        assert_eq!(codes(&chk(CertType::OrgCode, "6000373-41")), vec!["format"]);
        assert_eq!(codes(&chk(CertType::OrgCode, "60003734-1-")), vec!["format"]);
        assert_eq!(codes(&chk(CertType::OrgCode, "6000373-4")), vec!["length"]);
        assert_eq!(codes(&chk(CertType::OrgCode, "60003734-A")), vec!["charset"]);
        assert_eq!(codes(&chk(CertType::OrgCode, "6000373号-1")), vec!["charset"]);
        let c = chk(CertType::OrgCode, "91110000600037341L");
        assert_eq!(codes(&c), vec!["length"]);
        assert!(c.issues[0].message.contains("统一社会信用代码"));
    }

    // ---- passes, passports, permits ---------------------------------------------------------------

    #[test]
    fn hk_macau_pass() {
        for ok in ["H12345678", "M12345678", "h12345678", "H1234567801", "H12345678 01"] {
            assert!(chk(CertType::HkMacauPass, ok).issues.is_empty(), "{ok}");
        }
        for bad in ["H1234567", "H123456789", "C12345678", "12345678", "HA1234567", "H12345678901"] {
            assert_eq!(codes(&chk(CertType::HkMacauPass, bad)), vec!["format"], "{bad}");
        }
        let c = chk(CertType::HkMacauPass, "A123456(7)");
        assert!(c.issues[0].message.contains("身份证"));
    }

    #[test]
    fn taiwan_pass() {
        assert!(chk(CertType::TaiwanPass, "12345678").issues.is_empty());
        for old in ["1234567890", "1234567890B", "1234567890(B)"] {
            let c = chk(CertType::TaiwanPass, old);
            assert_eq!(codes(&c), vec!["legacy_format"], "{old}");
            assert!(c.is_valid());
        }
        for bad in ["1234567", "123456789", "T1234567", "台12345678"] {
            assert_eq!(codes(&chk(CertType::TaiwanPass, bad)), vec!["format"], "{bad}");
        }
        let permit = rid("83000019900101123");
        assert!(chk(CertType::TaiwanPass, &permit).issues[0].message.contains("居住证"));
    }

    #[test]
    fn passports() {
        for ok in [
            "E12345678",
            "EA1234567",
            "G12345678",
            "P1234567",
            "DE1234567",
            "141234567",
            "X1234567",
            "492817365",
            "AB12345CD",
        ] {
            assert!(chk(CertType::Passport, ok).issues.is_empty(), "{ok}");
        }
        assert_eq!(codes(&chk(CertType::Passport, "E1234567")), vec!["format"]);
        assert!(chk(CertType::Passport, "E1234567").is_valid());
        assert_eq!(codes(&chk(CertType::Passport, "AAAAAAAA")), vec!["suspicious"]);
        assert_eq!(codes(&chk(CertType::Passport, "123456789")), vec!["suspicious"]);
        assert_eq!(codes(&chk(CertType::Passport, "ABCDEFG")), vec!["suspicious"]);
        assert_eq!(codes(&chk(CertType::Passport, "E1234")), Vec::<&str>::new());
        assert_eq!(codes(&chk(CertType::Passport, "E123")), vec!["length"]);
        assert_eq!(codes(&chk(CertType::Passport, "E12345678901234567")), vec!["length"]);
        assert_eq!(codes(&chk(CertType::Passport, "E1234567号")), vec!["charset"]);
        assert_eq!(codes(&chk(CertType::Passport, "E-1234567")), vec!["charset"]);
    }

    #[test]
    fn hmt_residence_permit() {
        for p in ["810000", "820000", "830000"] {
            let n = rid(&format!("{p}19900101123"));
            assert!(chk(CertType::HmtResidencePermit, &n).issues.is_empty(), "{n}");
        }
        let resident = rid("33010619900101123");
        let c = chk(CertType::HmtResidencePermit, &resident);
        assert_eq!(codes(&c), vec!["region_prefix"]);
        assert!(c.issues[0].message.contains("居民身份证"));
        let n = rid("81000019900230123");
        assert_eq!(codes(&chk(CertType::HmtResidencePermit, &n)), vec!["birth_date"]);
        let mut bad = rid("81000019900101123");
        bad.replace_range(17.., if bad.ends_with('0') { "1" } else { "0" });
        assert_eq!(codes(&chk(CertType::HmtResidencePermit, &bad)), vec!["check_digit"]);
        assert_eq!(codes(&chk(CertType::HmtResidencePermit, "H12345678")), vec!["length"]);
    }

    #[test]
    fn foreign_permanent_id() {
        // new form: 9 + 受理地 11 (北京) + nationality 840 + birth date + sequence + check
        let new = rid("91184019850315001");
        assert!(chk(CertType::ForeignPermanentId, &new).issues.is_empty(), "{new}");
        assert_eq!(codes(&chk(CertType::ForeignPermanentId, &rid("91984019850315001"))), vec!["region_prefix"]);
        assert_eq!(codes(&chk(CertType::ForeignPermanentId, &rid("91184019851315001"))), vec!["birth_date"]);
        let c = chk(CertType::ForeignPermanentId, &rid("33010619900101123"));
        assert_eq!(codes(&c), vec!["format"]);
        // old form: USA + 1100 + 850315 + 1 + ICAO check digit
        let body = "USA11008503151";
        let old = format!("{body}{}", icao_check_digit(body).unwrap() as char);
        assert!(chk(CertType::ForeignPermanentId, &old).issues.is_empty(), "{old}");
        assert!(chk(CertType::ForeignPermanentId, &old.to_lowercase()).issues.is_empty());
        let wrong = format!("{body}{}", if old.ends_with('0') { '1' } else { '0' });
        let c = chk(CertType::ForeignPermanentId, &wrong);
        assert_eq!(codes(&c), vec!["check_digit"]);
        assert!(c.is_valid(), "old check digit is only a warning");
        let with = |place: &str, date: &str| {
            let body = format!("USA{place}{date}1");
            format!("{body}{}", icao_check_digit(&body).unwrap() as char)
        };
        assert_eq!(codes(&chk(CertType::ForeignPermanentId, &with("1900", "850315"))), vec!["region_prefix"]);
        assert_eq!(codes(&chk(CertType::ForeignPermanentId, &with("3399", "850315"))), vec!["region_unknown"]);
        assert_eq!(codes(&chk(CertType::ForeignPermanentId, &with("1100", "851315"))), vec!["birth_date"]);
        assert_eq!(codes(&chk(CertType::ForeignPermanentId, "US1110085031510")), vec!["format"]);
        assert_eq!(codes(&chk(CertType::ForeignPermanentId, "USA1100850315")), vec!["length"]);
    }

    #[test]
    fn officer_id_is_lenient() {
        for ok in ["南字第1234567号", "军字第12345678号", "政字第0012345号", "12345678", "A1234567"] {
            assert!(chk(CertType::OfficerId, ok).issues.is_empty(), "{ok}");
        }
        for odd in ["第123号", "123", "南字1234567", "某某部队军官证号码很长很长"] {
            let c = chk(CertType::OfficerId, odd);
            assert_eq!(codes(&c), vec!["format"], "{odd}");
            assert!(c.is_valid());
        }
    }

    #[test]
    fn serializes_with_string_codes() {
        let c = chk(CertType::ResidentId, "330106199001011238");
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["normalized"], "330106199001011238");
        assert_eq!(v["issues"][0]["code"], "check_digit");
        assert_eq!(v["issues"][0]["severity"], "error");
    }

    // ---- property tests ------------------------------------------------------------------------------

    const MAINLAND: [&str; 31] = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
        "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ];
    const DIGITS: &str = "0123456789";
    const DIGITS_X: &str = "0123456789X";
    const ORG_BODY: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    fn date8() -> impl Strategy<Value = String> {
        (1900i16..=2025, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| {
            let d = d.min(jiff::civil::date(y, m, 1).days_in_month());
            let date = jiff::civil::date(y, m, d).min(jiff::civil::date(2025, 6, 1));
            date.strftime("%Y%m%d").to_string()
        })
    }

    fn digits(n: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(0u8..10, n).prop_map(|v| v.iter().map(|d| char::from(b'0' + d)).collect())
    }

    fn chars_of(alphabet: &'static str, n: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(alphabet.chars().collect::<Vec<_>>()), n)
            .prop_map(|v| v.into_iter().collect())
    }

    fn resident_id() -> impl Strategy<Value = String> {
        (proptest::sample::select(MAINLAND.to_vec()), digits(4), date8(), digits(3))
            .prop_map(|(p, county, date, seq)| rid(&format!("{p}{county}{date}{seq}")))
    }

    fn hmt_permit() -> impl Strategy<Value = String> {
        (proptest::sample::select(vec!["810000", "820000", "830000"]), date8(), digits(3))
            .prop_map(|(p, date, seq)| rid(&format!("{p}{date}{seq}")))
    }

    fn foreign_permanent_new() -> impl Strategy<Value = String> {
        (proptest::sample::select(MAINLAND.to_vec()), digits(3), date8(), digits(3))
            .prop_map(|(p, nat, date, seq)| rid(&format!("9{p}{nat}{date}{seq}")))
    }

    fn uscc_valid() -> impl Strategy<Value = String> {
        let pairs: Vec<(char, char)> = uscc_department_pairs().collect();
        let region = prop_oneof![
            Just("100000".to_owned()),
            (proptest::sample::select(MAINLAND.to_vec()), digits(4)).prop_map(|(p, r)| format!("{p}{r}")),
        ];
        (proptest::sample::select(pairs), region, chars_of(USCC_ALPHABET, 8))
            .prop_map(|((d, c), region, org)| uscc(&format!("{d}{c}"), &region, &org))
    }

    fn org_code_valid() -> impl Strategy<Value = String> {
        chars_of(ORG_BODY, 8).prop_map(|b| format!("{b}{}", org_code_check_char(&b).unwrap()))
    }

    /// Replaces the character at `pos` with the `pick`-th allowed character that differs from it.
    fn substitute(s: &str, pos: usize, alphabet: &str, pick: usize) -> (String, char, char) {
        let mut chars: Vec<char> = s.chars().collect();
        let old = chars[pos];
        let options: Vec<char> = alphabet.chars().filter(|c| *c != old).collect();
        let new = options[pick % options.len()];
        chars[pos] = new;
        (chars.into_iter().collect(), old, new)
    }

    fn is_valid_as(t: CertType, s: &str) -> bool {
        chk(t, s).is_valid()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn generated_resident_ids_pass(n in resident_id()) {
            prop_assert!(is_valid_as(CertType::ResidentId, &n), "{n}: {:?}", chk(CertType::ResidentId, &n));
        }

        #[test]
        fn any_substitution_breaks_a_resident_id(n in resident_id(), pos in 0usize..18, pick in 0usize..16) {
            let (m, _, _) = substitute(&n, pos, if pos == 17 { DIGITS_X } else { DIGITS }, pick);
            let c = chk(CertType::ResidentId, &m);
            prop_assert!(!c.is_valid(), "{n} → {m}");
            prop_assert!(c.has("check_digit"), "{n} → {m}: {c:?}");
        }

        #[test]
        fn generated_hmt_permits_pass(n in hmt_permit()) {
            prop_assert!(is_valid_as(CertType::HmtResidencePermit, &n), "{n}");
        }

        #[test]
        fn any_substitution_breaks_an_hmt_permit(n in hmt_permit(), pos in 0usize..18, pick in 0usize..16) {
            let (m, _, _) = substitute(&n, pos, if pos == 17 { DIGITS_X } else { DIGITS }, pick);
            let c = chk(CertType::HmtResidencePermit, &m);
            prop_assert!(!c.is_valid() && c.has("check_digit"), "{n} → {m}: {c:?}");
        }

        #[test]
        fn generated_foreign_permanent_ids_pass(n in foreign_permanent_new()) {
            prop_assert!(is_valid_as(CertType::ForeignPermanentId, &n), "{n}: {:?}", chk(CertType::ForeignPermanentId, &n));
        }

        #[test]
        fn any_substitution_breaks_a_foreign_permanent_id(n in foreign_permanent_new(), pos in 0usize..18, pick in 0usize..16) {
            let (m, _, _) = substitute(&n, pos, if pos == 17 { DIGITS_X } else { DIGITS }, pick);
            let c = chk(CertType::ForeignPermanentId, &m);
            prop_assert!(!c.is_valid(), "{n} → {m}");
            // a changed leading 9 is reported as another kind of number, before the check digit
            prop_assert!(pos == 0 || c.has("check_digit"), "{n} → {m}: {c:?}");
        }

        #[test]
        fn generated_usccs_pass(n in uscc_valid()) {
            for t in [CertType::BusinessLicense, CertType::InstitutionCertificate, CertType::SocialGroupCertificate, CertType::PrivateNonEnterpriseCertificate] {
                prop_assert!(is_valid_as(t, &n), "{t:?} {n}: {:?}", chk(t, &n));
            }
        }

        #[test]
        fn any_substitution_breaks_a_uscc(n in uscc_valid(), pos in 0usize..18, pick in 0usize..40) {
            // mod 31 with weights that are all units mod 31 detects every single substitution
            let (m, _, _) = substitute(&n, pos, USCC_ALPHABET, pick);
            let c = chk(CertType::BusinessLicense, &m);
            prop_assert!(!c.is_valid() && c.has("check_digit"), "{n} → {m}: {c:?}");
        }

        #[test]
        fn generated_org_codes_pass_in_both_spellings(n in org_code_valid()) {
            let canonical = format!("{}-{}", &n[..8], &n[8..]);
            for input in [n.clone(), canonical.clone(), n.to_lowercase()] {
                let c = chk(CertType::OrgCode, &input);
                prop_assert!(c.issues.is_empty(), "{input}: {c:?}");
                prop_assert_eq!(&c.normalized, &canonical);
            }
        }

        #[test]
        fn org_code_substitutions_fail_exactly_when_mod_11_sees_them(n in org_code_valid(), pos in 0usize..9, pick in 0usize..40) {
            // GB 11714 sums value × weight mod 11 with values 0–35: a body substitution whose value
            // difference is a multiple of 11 (e.g. 0 ↔ B) keeps the check character; every other one,
            // and any change of the check character, is detected.
            let (m, old, new) = substitute(&n, pos, if pos == 8 { DIGITS_X } else { ORG_BODY }, pick);
            let c = chk(CertType::OrgCode, &m);
            let undetectable = pos < 8 && (new.to_digit(36).unwrap() as i32 - old.to_digit(36).unwrap() as i32) % 11 == 0;
            if undetectable {
                prop_assert!(c.is_valid(), "{n} → {m}: {c:?}");
            } else {
                prop_assert!(!c.is_valid() && c.has("check_digit"), "{n} → {m}: {c:?}");
            }
        }

        #[test]
        fn normalisation_is_transparent(n in resident_id(), noise in proptest::collection::vec((0usize..19, 0usize..12), 0..8), wide in proptest::collection::vec(any::<bool>(), 18)) {
            const JUNK: [&str; 12] = [" ", "\u{3000}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{200F}", "\u{202E}", "\u{2066}", "\u{00AD}", "\t"];
            let mut chars: Vec<String> = n
                .chars()
                .zip(&wide)
                .map(|(c, w)| match (c, w) {
                    ('X', true) => "x".to_owned(),
                    (c, true) => char::from_u32(c as u32 + 0xFEE0).unwrap().to_string(),
                    (c, false) => c.to_string(),
                })
                .collect();
            chars.push(String::new());
            for (pos, j) in noise {
                chars[pos].insert_str(0, JUNK[j]);
            }
            let dirty: String = chars.concat();
            prop_assert_eq!(normalize(&dirty), n.clone());
            let c = chk(CertType::ResidentId, &dirty);
            prop_assert_eq!(&c, &chk(CertType::ResidentId, &n));
        }
    }
}
