//! Principals (负责人): the subject principal and the websites' own principals — required fields,
//! certificate, phones, e-mail, and (later rules) distinct contacts for distinct people.

use super::Ctx;
use super::book::*;
use super::text::quote;
use crate::CertType;
use crate::cert;
use crate::model::Person;

/// Certificate types that belong to units, never to a person.
const UNIT_CERTS: [CertType; 5] = [
    CertType::BusinessLicense,
    CertType::OrgCode,
    CertType::InstitutionCertificate,
    CertType::SocialGroupCertificate,
    CertType::PrivateNonEnterpriseCertificate,
];

/// Whether `s` is a mainland mobile number: 11 digits, `1[3-9]…`.
pub fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit)
}

/// What is wrong with a (normalised) mobile number, if anything.
fn mobile_problem(s: &str, what: &str) -> Option<String> {
    if is_mobile(s) {
        return None;
    }
    let digits = s.bytes().all(|b| b.is_ascii_digit());
    Some(if digits && s.starts_with('0') {
        format!("{what}须填写手机号码，不能填写固定电话“{}”。", quote(s))
    } else if digits {
        format!(
            "{what}“{}”不是有效的中国大陆手机号码：应为11位数字，以1开头、第二位为3–9（当前{}位）。",
            quote(s),
            s.len()
        )
    } else {
        format!("{what}“{}”含有数字以外的字符：请只填写11位手机号码。", quote(s))
    })
}

/// What is wrong with a (normalised) e-mail address, if anything.
pub fn email_problem(s: &str) -> Option<String> {
    let bad = |why: &str| Some(format!("电子邮件地址“{}”无效：{why}", quote(s)));
    if s.chars().count() > 254 {
        return bad("过长（最多254个字符）。");
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return bad("缺少“@”，应写作 name@example.com。");
    };
    if local.is_empty() || local.len() > 64 {
        return bad("“@”前的用户名为空或过长。");
    }
    if !local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b)) {
        return bad("“@”前的用户名只能使用英文字母、数字和 . _ - + 等符号，不能有空格、中文或“@”。");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return bad("用户名不能以点开头或结尾，也不能有连续的点。");
    }
    let Ok(ascii) = idna::domain_to_ascii_strict(domain) else {
        return bad("“@”后的邮箱域名格式不正确。");
    };
    if !ascii.contains('.') {
        return bad("“@”后的邮箱域名不完整（如 example.com）。");
    }
    if !psl::suffix(ascii.as_bytes()).is_some_and(|x| x.is_known()) {
        return bad("“@”后的邮箱域名后缀不存在（请检查拼写，如 .com、.cn）。");
    }
    None
}

/// Who a person is, to tell people apart: the certificate number, else the name.
fn identity(p: &Person) -> &str {
    if p.cert_number.is_empty() { &p.name } else { &p.cert_number }
}

pub fn check(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let subject_principal = &doc.subject.principal;
    check_person(ctx, subject_principal, "subject.principal", true);

    // every distinct person with the path of their record, for the distinct-contacts rule
    let mut people: Vec<(&Person, String)> = vec![(subject_principal, "subject.principal".to_owned())];
    for (i, w) in doc.websites.iter().enumerate() {
        let Some(p) = &w.principal else { continue };
        let path = format!("websites[{i}].principal");
        if ctx.personal {
            let diffs = differences(subject_principal, p);
            if !diffs.is_empty() {
                ctx.emit(
                    SITE_PRINCIPAL_PERSONAL,
                    "principal_differs",
                    path,
                    format!(
                        "个人备案不支持填写新负责人，网站负责人必须与主体负责人为同一人：此处的{}与主体负责人不同。请删除网站负责人（默认即主体负责人）。",
                        diffs.join("、")
                    ),
                );
            }
            continue;
        }
        check_person(ctx, p, &path, false);
        people.push((p, path));
    }

    if ctx.in_force(PRINCIPAL_CONTACTS_DISTINCT) {
        for (j, (p, path)) in people.iter().enumerate() {
            for (q, _) in &people[..j] {
                if identity(p) == identity(q) || identity(p).is_empty() {
                    continue;
                }
                if !p.phone.is_empty() && p.phone == q.phone {
                    ctx.emit(
                        PRINCIPAL_CONTACTS_DISTINCT,
                        "shared_phone",
                        format!("{path}.phone"),
                        format!(
                            "负责人“{}”与“{}”是不同的人，却使用同一手机号码{}：不同负责人须使用不同的手机号码。",
                            quote(&p.name),
                            quote(&q.name),
                            p.phone
                        ),
                    );
                }
                if !p.email.is_empty() && p.email.eq_ignore_ascii_case(&q.email) {
                    ctx.emit(
                        PRINCIPAL_CONTACTS_DISTINCT,
                        "shared_email",
                        format!("{path}.email"),
                        format!(
                            "负责人“{}”与“{}”是不同的人，却使用同一电子邮件地址：不同负责人须使用不同的电子邮件地址。",
                            quote(&p.name),
                            quote(&q.name)
                        ),
                    );
                }
            }
        }
    }
}

/// The fields in which a website principal differs from the subject principal.
fn differences(a: &Person, b: &Person) -> Vec<&'static str> {
    let mut d = Vec::new();
    if a.name != b.name {
        d.push("姓名");
    }
    if a.cert_type != b.cert_type {
        d.push("证件类型");
    }
    if a.cert_number != b.cert_number {
        d.push("证件号码");
    }
    if a.phone != b.phone {
        d.push("联系方式1");
    }
    if a.phone2.as_deref().unwrap_or("") != b.phone2.as_deref().unwrap_or("") {
        d.push("联系方式2");
    }
    if a.emergency_phone != b.emergency_phone {
        d.push("应急联系电话");
    }
    if a.email != b.email {
        d.push("电子邮件地址");
    }
    d
}

fn check_person(ctx: &mut Ctx, p: &Person, path: &str, is_subject_principal: bool) {
    let personal = ctx.personal;
    let autofilled = personal && is_subject_principal;
    let field = |f: &str| format!("{path}.{f}");

    let mut required: Vec<(&str, bool, &str)> = Vec::new();
    if !autofilled {
        required.push(("name", p.name.is_empty(), "负责人姓名"));
        required.push(("cert_number", p.cert_number.is_empty(), "负责人证件号码"));
    }
    required.push(("phone", p.phone.is_empty(), "联系方式1（负责人的手机号码）"));
    if !personal {
        required.push(("phone2", p.phone2.as_deref().is_none_or(str::is_empty), "联系方式2（单位备案必填，手机号码）"));
    }
    required.push(("emergency_phone", p.emergency_phone.is_empty(), "应急联系电话（最常用的手机号码）"));
    required.push(("email", p.email.is_empty(), "电子邮件地址（用于接收备案通知）"));
    for (f, missing, label) in required {
        if missing {
            ctx.emit(PRINCIPAL_REQUIRED, "required", field(f), format!("请填写{label}。"));
        }
    }

    if !personal {
        ctx.emit(
            PRINCIPAL_LEGAL_REP,
            "reminder",
            field("name"),
            "请核对：部分管局要求单位备案的负责人必须为法定代表人，请查看当地管局规则。",
        );
        if UNIT_CERTS.contains(&p.cert_type) {
            ctx.emit(
                PRINCIPAL_CERT_TYPE,
                "unit_certificate",
                field("cert_type"),
                format!(
                    "负责人是自然人，证件类型不能是{}：请选择居民身份证、台胞证、护照、军官证等个人证件。",
                    p.cert_type.label_zh()
                ),
            );
        }
    }

    if !autofilled && !p.cert_number.is_empty() {
        for issue in cert::check(p.cert_type, &p.cert_number, ctx.as_of).issues {
            ctx.emit_full(
                PRINCIPAL_CERT_CHECK,
                Some(issue.severity),
                issue.code,
                field("cert_number"),
                issue.message,
                None,
            );
        }
    }

    if !p.phone.is_empty() {
        if let Some(m) = mobile_problem(&p.phone, "联系方式1") {
            ctx.emit(PRINCIPAL_PHONE_MOBILE, "mobile", field("phone"), m);
        }
        ctx.emit(
            PRINCIPAL_CONTACT_REAL,
            "reminder",
            field("phone"),
            "请核对：联系方式须真实有效、能联系到负责人（初审时会电话核实），邮箱须能正常接收备案通知。",
        );
    }
    if let Some(p2) = p.phone2.as_deref().filter(|s| !s.is_empty())
        && let Some(m) = mobile_problem(p2, "联系方式2")
    {
        ctx.emit(PRINCIPAL_PHONE2_MOBILE, "mobile", field("phone2"), m);
    }
    if !p.emergency_phone.is_empty() {
        if let Some(m) = mobile_problem(&p.emergency_phone, "应急联系电话") {
            ctx.emit(PRINCIPAL_EMERGENCY_MOBILE, "mobile", field("emergency_phone"), m);
        }
        if p.emergency_phone == p.phone {
            ctx.emit(
                PRINCIPAL_EMERGENCY_DIFFERS,
                "same_as_phone",
                field("emergency_phone"),
                "应急联系电话不能与联系方式1相同：请填写另一个手机号码。",
            );
        }
    }
    if !p.email.is_empty()
        && let Some(m) = email_problem(&p.email)
    {
        ctx.emit(PRINCIPAL_EMAIL, "email", field("email"), m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles() {
        assert!(is_mobile("13800000000"));
        assert!(is_mobile("19912345678"));
        assert!(!is_mobile("12800000000"));
        assert!(!is_mobile("1380000000"));
        assert!(!is_mobile("138000000000"));
        assert!(!is_mobile("057188158388"));
        assert!(mobile_problem("057188158388", "x").unwrap().contains("固定电话"));
    }

    #[test]
    fn emails() {
        for ok in ["zhangsan@example.com", "a.b+c@mail.example.com.cn", "x@例子.中国", "Z_S@QQ.COM"] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        for bad in [
            "zhangsan",
            "@example.com",
            "a@b",
            "a b@example.com",
            "张三@example.com",
            "a..b@example.com",
            ".a@example.com",
            "a@example.con",
            "a@-x.com",
            "a@example.com\u{202E}",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }
}
