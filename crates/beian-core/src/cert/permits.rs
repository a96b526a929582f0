//! Residence permits: 港澳台居民居住证 (GB 11643-shaped, 810000/820000/830000) and 外国人永久居留身份证
//! (18 characters from 2023-12, GB 11643-shaped and starting with 9; 15 before).

use jiff::civil::Date;

use super::check_chars::icao_check_digit;
use super::resident_id::{check_birth_date, check_gb11643_shape, is_mainland_province};
use super::{CertIssue, all_digits, char_count, error, warning};
use crate::{regions, text};

pub(super) fn check_hmt_permit(s: &str, as_of: Date) -> Vec<CertIssue> {
    const WHAT: &str = "港澳台居民居住证";
    const WHAT_EN: &str = "residence permit for Hong Kong, Macau and Taiwan residents";
    let n = char_count(s);
    if n != 18 {
        return vec![error(
            "length",
            text!(
                zh: "{WHAT}号码应为18位（810000/820000/830000开头，17位数字加1位校验码），当前为{n}位。",
                en: "The number of a {WHAT_EN} has 18 characters (starting with 810000, 820000 or 830000: 17 digits and a check character); this one has {n}.",
            ),
        )];
    }
    let Some(mut issues) = check_gb11643_shape(s, (WHAT, "residence permit"), as_of) else {
        return vec![error(
            "charset",
            text!(
                zh: "{WHAT}号码的前17位应为数字，最后一位为数字或X。",
                en: "The first 17 characters of the number of a {WHAT_EN} are digits; the last is a digit or X.",
            ),
        )];
    };
    if !matches!(&s[..6], "810000" | "820000" | "830000") {
        let (hint_zh, hint_en) = if is_mainland_province(&s[..2]) {
            (
                "；这看起来是居民身份证号码，请核对证件类型",
                " This looks like a resident identity card number: check the certificate type.",
            )
        } else {
            ("", "")
        };
        issues.push(error(
            "region_prefix",
            text!(
                zh: "{WHAT}号码应以810000（香港）、820000（澳门）或830000（台湾）开头{hint_zh}。",
                en: "The number of a {WHAT_EN} starts with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).{hint_en}",
            ),
        ));
    }
    issues
}

pub(super) fn check_foreign_permanent_id(s: &str, as_of: Date) -> Vec<CertIssue> {
    const WHAT: &str = "外国人永久居留身份证";
    const WHAT_EN: &str = "foreign permanent resident ID card";
    let n = char_count(s);
    if n == 18 {
        if !s.starts_with('9') {
            return vec![error(
                "format",
                text!(
                    zh: "新版（2023年12月起）{WHAT}号码为18位且以9开头；此号码不以9开头，可能是居民身份证号码，请核对证件类型。",
                    en: "The number of a new {WHAT_EN} (issued since December 2023) has 18 characters and starts with 9; this number does not start with 9 and may be a resident identity card number: check the certificate type.",
                ),
            )];
        }
        let Some(mut issues) = check_gb11643_shape(s, (WHAT, WHAT_EN), as_of) else {
            return vec![error(
                "charset",
                text!(
                    zh: "{WHAT}号码的前17位应为数字，最后一位为数字或X。",
                    en: "The first 17 characters of the number of a {WHAT_EN} are digits; the last is a digit or X.",
                ),
            )];
        };
        let code2 = &s[1..3];
        if !is_mainland_province(code2) {
            issues.push(error(
                "region_prefix",
                text!(
                    zh: "第2–3位受理地代码“{code2}”不是有效的省级行政区划代码，号码有误。",
                    en: "The place-of-issue code “{code2}” (characters 2–3) is not a valid province code: the number is wrong.",
                ),
            ));
        }
        return issues;
    }
    if n == 15 {
        let b = s.as_bytes();
        if !(s.is_ascii() && b[..3].iter().all(u8::is_ascii_uppercase) && all_digits(&s[3..])) {
            return vec![error(
                "format",
                text!(
                    zh: "旧版{WHAT}号码为15位：3位国籍字母代码加12位数字。",
                    en: "The number of an old {WHAT_EN} has 15 characters: a 3-letter nationality code and 12 digits.",
                ),
            )];
        }
        let mut issues = Vec::new();
        let place = &s[3..7];
        let province = &place[..2];
        if !is_mainland_province(province) {
            issues.push(error(
                "region_prefix",
                text!(
                    zh: "第4–7位受理地代码“{place}”的省级代码“{province}”不存在，号码有误。",
                    en: "The place-of-issue code “{place}” (characters 4–7) starts with the province code “{province}”, which does not exist: the number is wrong.",
                ),
            ));
        } else if !regions::division_code_known(&format!("{place}00")) {
            issues.push(warning(
                "region_unknown",
                text!(
                    zh: "第4–7位受理地代码“{place}”不在行政区划代码表中：请核对号码。",
                    en: "The place-of-issue code “{place}” (characters 4–7) is in no table of division codes: check the number.",
                ),
            ));
        }
        let yymmdd = &s[7..13];
        let ok = ["19", "20"].iter().any(|c| {
            let full = format!("{c}{yymmdd}");
            check_birth_date(&full, as_of).is_none()
        });
        if !ok {
            issues.push(error(
                "birth_date",
                text!(
                    zh: "第8–13位出生日期“{yymmdd}”（YYMMDD）不是有效日期。",
                    en: "The birth date “{yymmdd}” (characters 8–13, YYMMDD) is not a valid date.",
                ),
            ));
        }
        if icao_check_digit(&s[..14]) != Some(b[14]) {
            issues.push(warning(
                "check_digit",
                text!(
                    zh: "旧版永居证号码的校验位与常见算法（ICAO 9303）不符：请逐位核对证件上的号码。",
                    en: "The check digit of this old permanent resident ID number does not match the usual algorithm (ICAO 9303): compare the number character by character with the card.",
                ),
            ));
        }
        return issues;
    }
    vec![error(
        "length",
        text!(
            zh: "{WHAT}号码应为18位（2023年12月起，以9开头）或15位（旧版：3位字母加12位数字），当前为{n}位。",
            en: "The number of a {WHAT_EN} has 18 characters (since December 2023, starting with 9) or 15 (the old form: 3 letters and 12 digits); this one has {n}.",
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CertType;
    use crate::cert::tests::{chk, codes, rid};

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
}
