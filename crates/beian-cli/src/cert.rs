//! `beian cert [--json] TYPE NUMBER`: checks one certificate number (GB 11643, GB 32100, GB 11714,
//! passes, passports, permits; see `beian_core::cert`) as of today in China Standard Time.
//!
//! Exit 0 valid (warnings allowed), 1 invalid, 2 unknown TYPE (the message lists the codes).

use beian_core::{CertType, Severity, cert};

use crate::common::Failure;

pub fn cert(cert_type: &str, number: &str, json: bool) -> Result<u8, Failure> {
    let Some(t) = CertType::from_code(cert_type) else {
        let codes: Vec<String> = CertType::ALL.iter().map(|t| format!("{}（{}）", t.code(), t.label_zh())).collect();
        return Err(Failure::input(format!("未知证件类型 {cert_type}，可选：{}", codes.join("、"))));
    };
    let today = beian_core::calendar::cst_now_date(jiff::Timestamp::now());
    let check = cert::check(t, number, today);
    if json {
        println!("{}", serde_json::to_string(&check).map_err(|e| Failure::failed(e.to_string()))?);
    } else {
        let verdict = if check.is_valid() { "有效" } else { "无效" };
        println!("{}：{} {verdict}", t.label_zh(), check.normalized);
        for issue in &check.issues {
            let sev = match issue.severity {
                Severity::Error => "错误",
                Severity::Warning => "警告",
                Severity::Reminder => "提醒",
            };
            println!("{sev} [{}] {}", issue.code, issue.message);
        }
    }
    Ok(if check.is_valid() { 0 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_spec() {
        assert_eq!(cert("resident_id", "33010619900101123x", false).ok(), Some(0));
        assert_eq!(cert("resident_id", "330106199001011230", true).ok(), Some(1));
        // warnings are still valid: a county code retired since the ID was issued
        assert_eq!(cert("resident_id", "110103198001011235", false).ok(), Some(0));
        assert_eq!(cert("org_code", "12345678-9", false).ok(), Some(1));
        match cert("driving_licence", "123", false) {
            Err(f) => {
                assert_eq!(f.code, 2);
                for t in CertType::ALL {
                    assert!(f.message.contains(t.code()), "{}", f.message);
                }
            }
            Ok(code) => panic!("unknown type accepted with exit {code}"),
        }
    }
}
