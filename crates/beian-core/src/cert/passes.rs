//! 港澳居民来往内地通行证 (H/M + 8 digits, or the old 10) and 台湾居民来往大陆通行证 (8 digits; the old
//! booklet forms with a warning). Neither carries a check character.

use jiff::civil::Date;

use super::{CertIssue, all_digits, char_count, error, warning};
use crate::{CertType, text};

pub(super) fn check_hk_macau_pass(s: &str) -> Vec<CertIssue> {
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
            text!(
                zh: "这看起来是香港/澳门身份证号码：请填写港澳居民来往内地通行证正面的号码（H或M开头加8位数字）。",
                en: "This looks like a Hong Kong or Macau identity card number: enter the number on the front of the mainland travel permit (H or M followed by 8 digits).",
            ),
        )];
    }
    if !matches!(first, Some('H' | 'M')) {
        return vec![error(
            "format",
            text!(
                zh: "港澳居民来往内地通行证号码以H（香港居民）或M（澳门居民）开头，后接8位数字，例如H12345678。",
                en: "The number of a mainland travel permit for Hong Kong and Macau residents starts with H (Hong Kong residents) or M (Macau residents), followed by 8 digits, e.g. H12345678.",
            ),
        )];
    }
    vec![error(
        "format",
        text!(
            zh: "港澳居民来往内地通行证号码应为H或M加8位数字（如H12345678），旧版写法为H或M加10位数字（8位号码加2位换证次数）；当前H/M后为“{rest}”。",
            en: "The number of a mainland travel permit for Hong Kong and Macau residents is H or M and 8 digits (e.g. H12345678), or in the older form H or M and 10 digits (the 8-digit number and a 2-digit renewal count); this number has “{rest}” after the H or M.",
        ),
    )]
}

pub(super) fn check_taiwan_pass(s: &str, as_of: Date) -> Vec<CertIssue> {
    if s.len() == 8 && all_digits(s) {
        return Vec::new();
    }
    if !s.is_ascii() {
        return vec![taiwan_pass_digits()];
    }
    if s.starts_with("830000") && char_count(s) == 18 {
        let permit = CertType::HmtResidencePermit.label_en();
        return vec![error(
            "format",
            text!(
                zh: "830000开头的18位号码是台湾居民居住证号码：请把证件类型改为“港澳台居民居住证”，或填写台湾居民来往大陆通行证上的8位号码。",
                en: "An 18-character number starting with 830000 is that of a residence permit for Taiwan residents: change the certificate type to “{permit}”, or enter the 8-digit number of the mainland travel permit for Taiwan residents.",
            ),
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
        let (note_zh, note_en) = if as_of > jiff::civil::date(2020, 12, 31) {
            (
                "本式台胞证已于2015年停发，最后一批已于2020年前后到期：",
                "Booklet permits have not been issued since 2015, and the last of them expired around 2020:",
            )
        } else {
            ("本式台胞证已于2015年停发：", "Booklet permits have not been issued since 2015:")
        };
        return vec![warning(
            "legacy_format",
            text!(
                zh: "这是旧版（本式）台胞证号码。{note_zh}请核对证件是否仍在有效期内，卡式台胞证号码为8位数字。",
                en: "This is the number of an old booklet-style permit for Taiwan residents. {note_en} check that the permit is still valid. Card permits have 8-digit numbers.",
            ),
        )];
    }
    vec![taiwan_pass_digits()]
}

fn taiwan_pass_digits() -> CertIssue {
    error(
        "format",
        text!(
            zh: "台湾居民来往大陆通行证号码应为8位数字（2015年起的卡式证件）。",
            en: "The number of a mainland travel permit for Taiwan residents has 8 digits (the card issued since 2015).",
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::CertType;
    use crate::cert::tests::{chk, codes, rid};

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
}
