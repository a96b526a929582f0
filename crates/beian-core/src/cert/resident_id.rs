//! 居民身份证 (GB 11643): the 18-character citizen number, and the checks every number of its shape
//! shares (check character, birth date) with the residence permits.

use jiff::civil::Date;
use serde::Serialize;
use specta::Type;

use super::check_chars::gb11643_check_char;
use super::{CertIssue, all_digits, char_count, error, warning};
use crate::{CertType, regions, text};

/// Charset, check character and birth date (positions 7–14) of an 18-character GB 11643-style
/// number (`what`: the certificate's name in Chinese and in English, for the messages). `None` when
/// it is not 17 ASCII digits and a digit or `X` (nothing more can be checked).
pub(super) fn check_gb11643_shape(s: &str, what: (&str, &str), as_of: Date) -> Option<Vec<CertIssue>> {
    if !s.is_ascii() || s.len() != 18 {
        return None;
    }
    let (body, last) = s.split_at(17);
    if !all_digits(body) || !(all_digits(last) || last == "X") {
        return None;
    }
    Some(check_gb11643_body(s, what, as_of))
}

fn check_gb11643_body(s: &str, (what_zh, what_en): (&str, &str), as_of: Date) -> Vec<CertIssue> {
    let mut issues = Vec::new();
    let (body, last) = s.split_at(17);
    if gb11643_check_char(body).map(String::from).as_deref() != Some(last) {
        issues.push(error(
            "check_digit",
            text!(
                zh: "{what_zh}号码的校验码（第18位）不符，号码有误：请逐位核对证件上的号码。",
                en: "The check character (the 18th) of the {what_en} number does not match, so the number is wrong: compare it character by character with the certificate.",
            ),
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
/// [`check`](super::check) does that.
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
pub(super) fn check_birth_date(yyyymmdd: &str, as_of: Date) -> Option<CertIssue> {
    let parsed = (|| {
        let y: i16 = yyyymmdd.get(0..4)?.parse().ok()?;
        let m: i8 = yyyymmdd.get(4..6)?.parse().ok()?;
        let d: i8 = yyyymmdd.get(6..8)?.parse().ok()?;
        Date::new(y, m, d).ok()
    })();
    let Some(date) = parsed else {
        return Some(error(
            "birth_date",
            text!(
                zh: "号码中的出生日期“{yyyymmdd}”（第7–14位）不是有效日期。",
                en: "The birth date “{yyyymmdd}” in the number (characters 7–14) is not a valid date.",
            ),
        ));
    };
    if date < jiff::civil::date(1900, 1, 1) {
        return Some(error(
            "birth_date",
            text!(
                zh: "号码中的出生日期{date}早于1900年，不可能有效。",
                en: "The birth date in the number, {date}, is before 1900: the number cannot be valid.",
            ),
        ));
    }
    if date > as_of {
        return Some(error(
            "birth_date",
            text!(
                zh: "号码中的出生日期{date}晚于核验日期{as_of}，号码有误。",
                en: "The birth date in the number, {date}, is after the check date {as_of}: the number is wrong.",
            ),
        ));
    }
    None
}

pub(super) fn check_resident_id(s: &str, as_of: Date) -> Vec<CertIssue> {
    let n = char_count(s);
    if n == 15 && all_digits(s) {
        return vec![error(
            "length",
            text!(
                zh: "这是15位的旧版（第一代）身份证号码，已停止使用：请填写第二代居民身份证上的18位公民身份号码。",
                en: "This is an old 15-digit (first-generation) ID number, which is no longer used: enter the 18-character citizen number of the second-generation resident identity card.",
            ),
        )];
    }
    if n != 18 {
        return vec![error(
            "length",
            text!(
                zh: "居民身份证号码应为18位（17位数字加1位校验码），当前为{n}位。",
                en: "A resident identity card number has 18 characters (17 digits and a check character); this one has {n}.",
            ),
        )];
    }
    let Some(mut issues) = check_gb11643_shape(s, ("居民身份证", "resident identity card"), as_of) else {
        return vec![error(
            "charset",
            text!(
                zh: "居民身份证号码的前17位应为数字，最后一位为数字或X。",
                en: "The first 17 characters of a resident identity card number are digits; the last is a digit or X.",
            ),
        )];
    };
    let code2 = &s[..2];
    if matches!(&s[..6], "810000" | "820000" | "830000") {
        let permit = CertType::HmtResidencePermit.label_en();
        issues.push(error(
            "region_prefix",
            text!(
                zh: "以810000/820000/830000开头的是港澳台居民居住证号码：请把证件类型改为“港澳台居民居住证”。",
                en: "A number starting with 810000, 820000 or 830000 is that of a residence permit for Hong Kong, Macau and Taiwan residents: change the certificate type to “{permit}”.",
            ),
        ));
    } else if s.starts_with('9') {
        let permanent = CertType::ForeignPermanentId.label_en();
        issues.push(error(
            "region_prefix",
            text!(
                zh: "以9开头的18位号码是外国人永久居留身份证号码：请把证件类型改为“外国人永久居留身份证”。",
                en: "An 18-character number starting with 9 is that of a foreign permanent resident ID card: change the certificate type to “{permanent}”.",
            ),
        ));
    } else if !is_mainland_province(code2) {
        issues.push(error(
            "region_prefix",
            text!(
                zh: "号码前两位“{code2}”不是有效的省级行政区划代码，居民身份证号码有误。",
                en: "The first two digits, “{code2}”, are not a valid province code: the resident identity card number is wrong.",
            ),
        ));
    } else if !regions::division_code_known(&s[..6]) {
        let code6 = &s[..6];
        issues.push(warning(
            "region_unknown",
            text!(
                zh: "号码前六位地址码“{code6}”不在行政区划代码表（含历史代码）中：请核对号码。",
                en: "The address code “{code6}” (the first six digits) is in no table of division codes, current or former: check the number.",
            ),
        ));
    }
    issues
}

/// A two-digit code of a mainland province (not 台湾 71, 香港 81, 澳门 82).
pub(super) fn is_mainland_province(code2: &str) -> bool {
    regions::province_code_exists(code2) && !matches!(code2, "71" | "81" | "82")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CertType;
    use crate::cert::tests::{chk, codes, rid};

    #[test]
    fn resident_id_parts_reads_birth_date_and_sex() {
        let (date, sex) = resident_id_parts("11010519491231002X").unwrap();
        assert_eq!((date, sex), (jiff::civil::date(1949, 12, 31), Sex::Female)); // 17th digit 2
        assert_eq!(resident_id_parts("330106199003074513").map(|p| p.1), Some(Sex::Male));
        for bad in ["11010519491331002X", "1101051949123100", "11010519491231002x", "A1010519491231002X", ""] {
            assert_eq!(resident_id_parts(bad), None, "{bad}");
        }
    }

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
}
