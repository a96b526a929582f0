//! Units' certificates: the unified social credit code (GB 32100) of 营业执照 and of the registration
//! certificates of 事业单位, 社会团体 and 民办非企业单位, with the organisation code (GB 11714) it embeds,
//! and the 9-character organisation code of 组织机构代码证.

use super::check_chars::{org_code_check_char, uscc_check_char, uscc_value};
use super::{CertIssue, all_digits, char_count, error, warning};
use crate::{CertType, regions};

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

pub(super) fn check_business_license(s: &str) -> Vec<CertIssue> {
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
pub(super) fn check_org_code_input(s: &str) -> (String, Vec<CertIssue>) {
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

pub(super) fn check_unit_certificate(cert_type: CertType, s: &str) -> (String, Vec<CertIssue>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cert::tests::{chk, codes, errors, uscc};

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
}
