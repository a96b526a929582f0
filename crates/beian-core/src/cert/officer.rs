//! 军官证: no public structure or check algorithm, so anything non-empty is accepted and only input
//! of none of the common shapes gets a warning.

use super::{CertIssue, all_digits, warning};
use crate::text;

pub(super) fn check_officer_id(s: &str) -> Vec<CertIssue> {
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
        text!(
            zh: "军官证号码格式少见：常见写法为“X字第1234567号”或6–12位字母数字；军官证没有公开的校验规则，请对照证件核对。",
            en: "This officer ID number has an unusual form: the usual forms are “X字第1234567号” or 6–12 letters and digits. Officer IDs have no published check rules: compare the number with the certificate.",
        ),
    )]
}

#[cfg(test)]
mod tests {
    use crate::CertType;
    use crate::cert::tests::{chk, codes};

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
}
