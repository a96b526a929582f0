//! Units' certificates: the unified social credit code (GB 32100) of 营业执照 and of the registration
//! certificates of 事业单位, 社会团体 and 民办非企业单位, with the organisation code (GB 11714) it embeds,
//! and the 9-character organisation code of 组织机构代码证.

use super::check_chars::{org_code_check_char, uscc_check_char, uscc_value};
use super::{CertIssue, all_digits, char_count, error, warning};
use crate::rules::text::{count_en, or_list_en};
use crate::{CertType, Text, regions, text};

/// A name in Chinese and in English.
type Name = (&'static str, &'static str);

/// (登记管理部门代码, name, [(机构类别代码, name)]).
type Department = (char, Name, &'static [(char, Name)]);

const OTHER: Name = ("其他", "other");

/// The registration departments and their categories, GB 32100-2015 and its amendments.
const DEPARTMENTS: &[Department] = &[
    (
        '1',
        ("机构编制", "establishment administration"),
        &[
            ('1', ("机关", "government body")),
            ('2', ("事业单位", "public institution")),
            (
                '3',
                ("中央编办直接管理机构编制的群众团体", "mass organisation staffed by the central establishment office"),
            ),
            ('9', OTHER),
        ],
    ),
    (
        '2',
        ("外交", "foreign affairs"),
        &[('1', ("外国常驻新闻机构", "resident foreign news organisation")), ('9', OTHER)],
    ),
    (
        '3',
        ("司法行政", "judicial administration"),
        &[
            ('1', ("律师执业机构", "law firm")),
            ('2', ("公证处", "notary office")),
            ('3', ("基层法律服务所", "local legal service office")),
            ('4', ("司法鉴定机构", "forensic appraisal institution")),
            ('5', ("仲裁委员会", "arbitration commission")),
            ('9', OTHER),
        ],
    ),
    ('4', ("文化", "culture"), &[('1', ("外国在华文化中心", "foreign cultural centre in China")), ('9', OTHER)]),
    (
        '5',
        ("民政", "civil affairs"),
        &[
            ('1', ("社会团体", "social organisation")),
            ('2', ("民办非企业单位", "private non-enterprise unit")),
            ('3', ("基金会", "foundation")),
            ('9', OTHER),
        ],
    ),
    (
        '6',
        ("旅游", "tourism"),
        &[
            ('1', ("外国旅游部门常驻代表机构", "representative office of a foreign tourism authority")),
            (
                '2',
                (
                    "港澳台地区旅游部门常驻内地（大陆）代表机构",
                    "mainland representative office of a Hong Kong, Macau or Taiwan tourism authority",
                ),
            ),
            ('9', OTHER),
        ],
    ),
    (
        '7',
        ("宗教", "religious affairs"),
        &[
            ('1', ("宗教活动场所", "place of religious activity")),
            ('2', ("宗教院校", "religious school")),
            ('9', OTHER),
        ],
    ),
    ('8', ("工会", "trade unions"), &[('1', ("基层工会", "grassroots trade union")), ('9', OTHER)]),
    (
        '9',
        ("工商（市场监管）", "market regulation"),
        &[
            ('1', ("企业", "enterprise")),
            ('2', ("个体工商户", "individual business")),
            ('3', ("农民专业合作社", "farmers' cooperative")),
        ],
    ),
    (
        'A',
        ("中央军委改革和编制办公室", "Central Military Commission reform and establishment office"),
        &[('1', ("军队事业单位", "military public institution")), ('9', OTHER)],
    ),
    (
        'N',
        ("农业", "agriculture"),
        &[
            ('1', ("组级集体经济组织", "group-level collective economic organisation")),
            ('2', ("村级集体经济组织", "village-level collective economic organisation")),
            ('3', ("乡镇级集体经济组织", "township-level collective economic organisation")),
            ('9', OTHER),
        ],
    ),
    ('Y', OTHER, &[('1', OTHER)]),
];

/// The valid (登记管理部门, 机构类别) pairs of GB 32100, e.g. `('9', '1')` for an enterprise.
pub fn uscc_department_pairs() -> impl Iterator<Item = (char, char)> {
    DEPARTMENTS.iter().flat_map(|(d, _, cats)| cats.iter().map(move |(c, _)| (*d, *c)))
}

fn department(c: char) -> Option<&'static Department> {
    DEPARTMENTS.iter().find(|(d, _, _)| *d == c)
}

/// What a USCC's first two characters say, e.g. `民政·社会团体` / `civil affairs: social organisation`.
fn department_label(dept: char, cat: char) -> Text {
    match department(dept) {
        Some((_, (dzh, den), cats)) => match cats.iter().find(|(c, _)| *c == cat) {
            Some((_, (czh, cen))) => text!(zh: "{dzh}·{czh}", en: "{den}: {cen}"),
            None => Text::new(*dzh, *den),
        },
        None => Text::new(dept.to_string(), dept.to_string()),
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
            text!(
                zh: "统一社会信用代码只能由数字和大写字母组成，且不使用I、O、Z、S、V；号码中有不允许的字符“{bad}”。",
                en: "A unified social credit code consists of digits and capital letters other than I, O, Z, S and V; this number contains characters that are not allowed: “{bad}”.",
            ),
        ));
        return issues;
    }
    let chars: Vec<char> = s.chars().collect();
    let (body, last) = s.split_at(17);
    if uscc_check_char(body) != Some(chars[17]) {
        issues.push(error(
            "check_digit",
            text!(
                zh: "统一社会信用代码的校验码（第18位“{last}”）不符，号码有误：请逐位核对证件上的号码。",
                en: "The check character of the unified social credit code (the 18th, “{last}”) does not match, so the number is wrong: compare it character by character with the certificate.",
            ),
        ));
    }

    let (dept, cat) = (chars[0], chars[1]);
    match department(dept) {
        None => issues.push(error(
            "department",
            text!(
                zh: "第1位登记管理部门代码“{dept}”无效：应为1–9、A、N或Y（例如企业为9，事业单位为1，社会团体为5）。",
                en: "The registration department code “{dept}” (the 1st character) is not valid: it must be 1–9, A, N or Y (e.g. 9 for an enterprise, 1 for a public institution, 5 for a social organisation).",
            ),
        )),
        Some((_, (dname_zh, dname_en), cats)) => {
            if !cats.iter().any(|(c, _)| *c == cat) {
                let allowed_zh = cats.iter().map(|(c, (n, _))| format!("{c}（{n}）")).collect::<Vec<_>>().join("、");
                let allowed_en: Vec<String> = cats.iter().map(|(c, (_, n))| format!("{c} ({n})")).collect();
                let allowed_en = or_list_en(allowed_en.iter().map(String::as_str));
                issues.push(error(
                    "department",
                    text!(
                        zh: "第2位机构类别代码“{cat}”与登记管理部门“{dname_zh}”不符：应为{allowed_zh}。",
                        en: "The category code “{cat}” (the 2nd character) does not fit the registration department ({dname_en}): it must be {allowed_en}.",
                    ),
                ));
            }
        }
    }

    let region = &s[2..8];
    if !all_digits(region) {
        issues.push(error(
            "region_prefix",
            text!(
                zh: "第3–8位登记管理机关行政区划码“{region}”应为6位数字。",
                en: "The division code of the registration authority (characters 3–8, “{region}”) must be six digits.",
            ),
        ));
    } else if region != "100000" {
        let province = &region[..2];
        if !regions::province_code_exists(province) {
            issues.push(error(
                "region_prefix",
                text!(
                    zh: "第3–8位登记管理机关行政区划码“{region}”的省级代码“{province}”不存在，号码有误。",
                    en: "The division code of the registration authority (characters 3–8, “{region}”) starts with the province code “{province}”, which does not exist: the number is wrong.",
                ),
            ));
        } else if !regions::division_code_known(region) {
            issues.push(warning(
                "region_unknown",
                text!(
                    zh: "第3–8位登记管理机关行政区划码“{region}”不在行政区划代码表（含历史代码）中：请核对号码。",
                    en: "The division code of the registration authority (characters 3–8, “{region}”) is in no table of division codes, current or former: check the number.",
                ),
            ));
        }
    }

    let org = &s[8..17];
    let (org_body, org_check) = org.split_at(8);
    if org_code_check_char(org_body).map(String::from).as_deref() != Some(org_check) {
        issues.push(error(
            "embedded_org_code",
            text!(
                zh: "第9–17位组织机构代码“{org_body}-{org_check}”的校验码不符（GB 11714），号码有误：请逐位核对。",
                en: "The check character of the organisation code in characters 9–17 (“{org_body}-{org_check}”) does not match (GB 11714), so the number is wrong: compare it character by character.",
            ),
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
            let Text { zh: dept_zh, en: dept_en } = department_label(c, cat);
            issues.push(warning(
                "department_mismatch",
                text!(
                    zh: "营业执照上的统一社会信用代码以9（市场监管部门登记）开头，此号码表示“{dept_zh}”：请核对证件类型是否选对。",
                    en: "The unified social credit code on a business licence starts with 9 (registered by market regulation); this number says “{dept_en}”: check that the right certificate type is chosen.",
                ),
            ));
        }
        return issues;
    }
    let msg = if n == 15 && all_digits(s) {
        text!(
            zh: "这是旧版营业执照的15位注册号：三证合一后请填写营业执照上的18位统一社会信用代码。",
            en: "This is the 15-digit registration number of an old business licence: since the three certificates were merged into one, enter the 18-character unified social credit code on the business licence.",
        )
    } else if looks_like_org_code(s) {
        text!(
            zh: "这是组织机构代码：请填写营业执照上的18位统一社会信用代码。",
            en: "This is an organisation code: enter the 18-character unified social credit code on the business licence.",
        )
    } else {
        text!(
            zh: "统一社会信用代码应为18位（数字和大写字母），当前为{n}位。",
            en: "A unified social credit code has 18 characters (digits and capital letters); this one has {n}.",
        )
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
        let licence = CertType::BusinessLicense.label_en();
        return (
            s.to_owned(),
            vec![error(
                "length",
                text!(
                    zh: "这是18位统一社会信用代码：证件类型应选“营业执照”或相应的登记证书；组织机构代码证的号码为9位（8位本体代码加1位校验码，如12345678-9）。",
                    en: "This is an 18-character unified social credit code: choose the certificate type “{licence}” or the matching registration certificate. An organisation code certificate has a 9-character number (an 8-character body and a check character, e.g. 12345678-9).",
                ),
            )],
        );
    }
    if n == 9 && (hyphens > 1 || (hyphens == 1 && s.chars().position(|c| c == '-') != Some(8))) {
        return (
            s.to_owned(),
            vec![error(
                "format",
                text!(
                    zh: "组织机构代码写作“XXXXXXXX-X”：连字符只能出现在第8位之后、校验码之前。",
                    en: "An organisation code is written “XXXXXXXX-X”: the only hyphen stands after the 8th character, before the check character.",
                ),
            )],
        );
    }
    if n != 9 {
        let chars = count_en(n, "character", "characters");
        return (
            s.to_owned(),
            vec![error(
                "length",
                text!(
                    zh: "组织机构代码应为8位本体代码加1位校验码，写作“XXXXXXXX-X”，当前为{n}位。",
                    en: "An organisation code is an 8-character body and a check character, written “XXXXXXXX-X”; this one has {chars} in all.",
                ),
            )],
        );
    }
    if !compact.is_ascii() {
        return (s.to_owned(), vec![org_code_charset()]);
    }
    let (body, check) = compact.split_at(8);
    let canonical = format!("{body}-{check}");
    let mut issues = Vec::new();
    if !body.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) || !(check == "X" || all_digits(check)) {
        issues.push(org_code_charset());
        return (canonical, issues);
    }
    if org_code_check_char(body).map(String::from).as_deref() != Some(check) {
        issues.push(error(
            "check_digit",
            text!(
                zh: "组织机构代码的校验码（最后一位）不符（GB 11714），号码有误：请逐位核对证件上的号码。",
                en: "The check character (the last) of the organisation code does not match (GB 11714), so the number is wrong: compare it character by character with the certificate.",
            ),
        ));
    }
    (canonical, issues)
}

fn org_code_charset() -> CertIssue {
    error(
        "charset",
        text!(
            zh: "组织机构代码的前8位应为数字或大写字母，校验码为数字或X。",
            en: "The first 8 characters of an organisation code are digits or capital letters; the check character is a digit or X.",
        ),
    )
}

pub(super) fn check_unit_certificate(cert_type: CertType, s: &str) -> (String, Vec<CertIssue>) {
    let (label_zh, label_en) = (cert_type.label_zh(), cert_type.label_en());
    // (expected first two characters, what they mean)
    let expected: &[(&str, Name)] = match cert_type {
        CertType::InstitutionCertificate => &[
            ("12", ("机构编制·事业单位", "establishment administration: public institution")),
            ("A1", ("军队事业单位", "military public institution")),
        ],
        CertType::SocialGroupCertificate => &[("51", ("民政·社会团体", "civil affairs: social organisation"))],
        _ => &[("52", ("民政·民办非企业单位", "civil affairs: private non-enterprise unit"))],
    };
    let n = char_count(s);
    if n == 18 {
        let mut issues = check_uscc(s);
        let head: String = s.chars().take(2).collect();
        let head_valid = !issues.iter().any(|i| i.code == "charset" || i.code == "department");
        if head_valid && !expected.iter().any(|(h, _)| *h == head) {
            let mut cs = head.chars();
            let (d, c) = (cs.next().unwrap_or('0'), cs.next().unwrap_or('0'));
            let want_zh = expected.iter().map(|(h, (m, _))| format!("{h}（{m}）")).collect::<Vec<_>>().join("或");
            let want_en: Vec<String> = expected.iter().map(|(h, (_, m))| format!("{h} ({m})")).collect();
            let want_en = or_list_en(want_en.iter().map(String::as_str));
            let Text { zh: dept_zh, en: dept_en } = department_label(d, c);
            issues.push(warning(
                "department_mismatch",
                text!(
                    zh: "{label_zh}上的统一社会信用代码通常以{want_zh}开头，此号码表示“{dept_zh}”：请核对证件类型是否选对。",
                    en: "The unified social credit code on this certificate ({label_en}) usually starts with {want_en}; this number says “{dept_en}”: check that the right certificate type is chosen.",
                ),
            ));
        }
        return (s.to_owned(), issues);
    }
    if looks_like_org_code(s) {
        let (canonical, mut issues) = check_org_code_input(s);
        issues.push(warning(
            "legacy_format",
            text!(
                zh: "这是9位组织机构代码：2015年起{label_zh}改为载明18位统一社会信用代码，旧证书应已换发；请尽量填写新证书上的统一社会信用代码。",
                en: "This is a 9-character organisation code: since 2015 this certificate ({label_en}) carries an 18-character unified social credit code, and old certificates should have been replaced. Enter the unified social credit code of the new certificate if you can.",
            ),
        ));
        return (canonical, issues);
    }
    let chars = count_en(n, "character", "characters");
    (
        s.to_owned(),
        vec![error(
            "length",
            text!(
                zh: "{label_zh}号码应为证书上的18位统一社会信用代码，当前为{n}位。",
                en: "The number of this certificate ({label_en}) is the 18-character unified social credit code printed on it; this number has {chars}.",
            ),
        )],
    )
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
