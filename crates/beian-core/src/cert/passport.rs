//! 护照: Chinese passport shapes, and foreign passports of 5–17 letters or digits.

use super::{CertIssue, char_count, error, warning};
use crate::text;

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

pub(super) fn check_passport(s: &str) -> Vec<CertIssue> {
    let n = char_count(s);
    if let Some(bad) = s.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return vec![error(
            "charset",
            text!(
                zh: "护照号码只能由字母和数字组成，不能含“{bad}”。",
                en: "A passport number consists of letters and digits only; it cannot contain “{bad}”.",
            ),
        )];
    }
    if !(5..=17).contains(&n) {
        return vec![error(
            "length",
            text!(
                zh: "护照号码应为5–17位字母或数字，当前为{n}位。",
                en: "A passport number has 5–17 letters or digits; this one has {n}.",
            ),
        )];
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
            text!(
                zh: "这看起来像中国护照号码但格式不符：中国普通护照号码为E加8位数字、E加1个字母和7位数字，或G加8位数字；外国护照请忽略此提示。",
                en: "This looks like a Chinese passport number but does not fit its format: an ordinary Chinese passport number is E and 8 digits, E, a letter and 7 digits, or G and 8 digits. Ignore this for a foreign passport.",
            ),
        ));
    }
    let all_same = b.iter().all(|c| *c == b[0]);
    let ascending = b.windows(2).all(|w| w[1] == w[0] + 1);
    let descending = b.windows(2).all(|w| w[0] == w[1] + 1);
    if all_same || ascending || descending {
        issues.push(warning(
            "suspicious",
            text!(
                zh: "护照号码看起来不像真实号码（字符全部相同或依次递增/递减）：请核对证件。",
                en: "The passport number does not look real (all its characters are the same, or they count up or down): check it against the passport.",
            ),
        ));
    }
    issues
}

#[cfg(test)]
mod tests {
    use crate::CertType;
    use crate::cert::tests::{chk, codes};

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
}
