//! Principals (负责人): the subject principal and the websites' own principals — required fields,
//! certificate, phones, e-mail, and (later rules) distinct contacts for distinct people.

use super::Ctx;
use super::book::*;
use super::text::quote;
use crate::cert;
use crate::model::Person;
use crate::{CertType, Text, text};

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

/// What is wrong with a (normalised) mobile number, if anything. `what`: the field's name in
/// Chinese and in English (the English one starts a sentence).
fn mobile_problem(s: &str, (what_zh, what_en): (&str, &str)) -> Option<Text> {
    if is_mobile(s) {
        return None;
    }
    let q = quote(s);
    let len = s.len();
    let digits = s.bytes().all(|b| b.is_ascii_digit());
    Some(if digits && s.starts_with('0') {
        text!(
            zh: "{what_zh}须填写手机号码，不能填写固定电话“{q}”。",
            en: "{what_en} must be a mobile number, not the landline number “{q}”.",
        )
    } else if digits {
        text!(
            zh: "{what_zh}“{q}”不是有效的中国大陆手机号码：应为11位数字，以1开头、第二位为3–9（当前{len}位）。",
            en: "{what_en}, “{q}”, is not a valid mainland China mobile number: it must have 11 digits, the first 1 and the second 3–9 (this one has {len}).",
        )
    } else {
        text!(
            zh: "{what_zh}“{q}”含有数字以外的字符：请只填写11位手机号码。",
            en: "{what_en}, “{q}”, contains characters other than digits: enter just the 11-digit mobile number.",
        )
    })
}

/// What is wrong with a (normalised) e-mail address, if anything.
pub fn email_problem(s: &str) -> Option<Text> {
    let q = quote(s);
    let bad = |why_zh: &str, why_en: &str| {
        Some(text!(zh: "电子邮件地址“{q}”无效：{why_zh}", en: "The e-mail address “{q}” is not valid: {why_en}"))
    };
    if s.chars().count() > 254 {
        return bad("过长（最多254个字符）。", "it is too long (254 characters at most).");
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return bad("缺少“@”，应写作 name@example.com。", "it has no “@”; write it like name@example.com.");
    };
    if local.is_empty() || local.len() > 64 {
        return bad("“@”前的用户名为空或过长。", "the user name before the “@” is empty or too long.");
    }
    if !local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b)) {
        return bad(
            "“@”前的用户名只能使用英文字母、数字和 . _ - + 等符号，不能有空格、中文或“@”。",
            "the user name before the “@” may only use English letters, digits and symbols such as . _ - +, with no spaces, Chinese characters or another “@”.",
        );
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return bad(
            "用户名不能以点开头或结尾，也不能有连续的点。",
            "the user name cannot begin or end with a dot, or have two dots in a row.",
        );
    }
    let Ok(ascii) = idna::domain_to_ascii_strict(domain) else {
        return bad("“@”后的邮箱域名格式不正确。", "the mail domain after the “@” is not well formed.");
    };
    if !ascii.contains('.') {
        return bad(
            "“@”后的邮箱域名不完整（如 example.com）。",
            "the mail domain after the “@” is incomplete (it should look like example.com).",
        );
    }
    if !psl::suffix(ascii.as_bytes()).is_some_and(|x| x.is_known()) {
        return bad(
            "“@”后的邮箱域名后缀不存在（请检查拼写，如 .com、.cn）。",
            "the mail domain after the “@” ends in a suffix that does not exist (check the spelling: .com, .cn …).",
        );
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
                let diffs_zh = diffs.iter().map(|(zh, _)| *zh).collect::<Vec<_>>().join("、");
                let diffs_en = english_and(diffs.iter().map(|(_, en)| *en));
                ctx.emit(
                    SITE_PRINCIPAL_PERSONAL,
                    "principal_differs",
                    path,
                    text!(
                        zh: "个人备案不支持填写新负责人，网站负责人必须与主体负责人为同一人：此处的{diffs_zh}与主体负责人不同。请删除网站负责人（默认即主体负责人）。",
                        en: "A personal filing cannot name another principal: the website principal must be the same person as the subject principal, but the two differ in {diffs_en}. Remove the website principal (the subject principal is then used).",
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
                let (a, b) = (quote(&p.name), quote(&q.name));
                if !p.phone.is_empty() && p.phone == q.phone {
                    let phone = &p.phone;
                    ctx.emit(
                        PRINCIPAL_CONTACTS_DISTINCT,
                        "shared_phone",
                        format!("{path}.phone"),
                        text!(
                            zh: "负责人“{a}”与“{b}”是不同的人，却使用同一手机号码{phone}：不同负责人须使用不同的手机号码。",
                            en: "The principals “{a}” and “{b}” are different people but share the mobile number “{phone}”: each principal needs a mobile number of their own.",
                        ),
                    );
                }
                if !p.email.is_empty() && p.email.eq_ignore_ascii_case(&q.email) {
                    ctx.emit(
                        PRINCIPAL_CONTACTS_DISTINCT,
                        "shared_email",
                        format!("{path}.email"),
                        text!(
                            zh: "负责人“{a}”与“{b}”是不同的人，却使用同一电子邮件地址：不同负责人须使用不同的电子邮件地址。",
                            en: "The principals “{a}” and “{b}” are different people but share an e-mail address: each principal needs an e-mail address of their own.",
                        ),
                    );
                }
            }
        }
    }
}

/// The fields in which a website principal differs from the subject principal, in Chinese and in
/// English.
fn differences(a: &Person, b: &Person) -> Vec<(&'static str, &'static str)> {
    let mut d = Vec::new();
    if a.name != b.name {
        d.push(("姓名", "name"));
    }
    if a.cert_type != b.cert_type {
        d.push(("证件类型", "certificate type"));
    }
    if a.cert_number != b.cert_number {
        d.push(("证件号码", "certificate number"));
    }
    if a.phone != b.phone {
        d.push(("联系方式1", "contact 1"));
    }
    if a.phone2.as_deref().unwrap_or("") != b.phone2.as_deref().unwrap_or("") {
        d.push(("联系方式2", "contact 2"));
    }
    if a.emergency_phone != b.emergency_phone {
        d.push(("应急联系电话", "emergency phone"));
    }
    if a.email != b.email {
        d.push(("电子邮件地址", "e-mail address"));
    }
    d
}

/// `a`, `a and b`, `a, b and c`.
fn english_and<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn check_person(ctx: &mut Ctx, p: &Person, path: &str, is_subject_principal: bool) {
    let personal = ctx.personal;
    let autofilled = personal && is_subject_principal;
    let field = |f: &str| format!("{path}.{f}");

    let mut required: Vec<(&str, bool, &str, &str)> = Vec::new();
    if !autofilled {
        required.push(("name", p.name.is_empty(), "负责人姓名", "the principal's name"));
        required.push((
            "cert_number",
            p.cert_number.is_empty(),
            "负责人证件号码",
            "the principal's certificate number",
        ));
    }
    required.push((
        "phone",
        p.phone.is_empty(),
        "联系方式1（负责人的手机号码）",
        "contact 1 (the principal's mobile number)",
    ));
    if !personal {
        required.push((
            "phone2",
            p.phone2.as_deref().is_none_or(str::is_empty),
            "联系方式2（单位备案必填，手机号码）",
            "contact 2 (a mobile number, required for units)",
        ));
    }
    required.push((
        "emergency_phone",
        p.emergency_phone.is_empty(),
        "应急联系电话（最常用的手机号码）",
        "the emergency phone (the mobile number used most)",
    ));
    required.push((
        "email",
        p.email.is_empty(),
        "电子邮件地址（用于接收备案通知）",
        "the e-mail address (it receives the filing's notices)",
    ));
    for (f, missing, what_zh, what_en) in required {
        if missing {
            ctx.emit(
                PRINCIPAL_REQUIRED,
                "required",
                field(f),
                text!(zh: "请填写{what_zh}。", en: "Fill in {what_en}."),
            );
        }
    }

    if !personal {
        ctx.emit(
            PRINCIPAL_LEGAL_REP,
            "reminder",
            field("name"),
            text!(
                zh: "请核对：部分管局要求单位备案的负责人必须为法定代表人，请查看当地管局规则。",
                en: "Check: some bureaus require a unit's principal to be its legal representative; see the local bureau's rules.",
            ),
        );
        if UNIT_CERTS.contains(&p.cert_type) {
            let (cert_zh, cert_en) = (p.cert_type.label_zh(), p.cert_type.label_en());
            ctx.emit(
                PRINCIPAL_CERT_TYPE,
                "unit_certificate",
                field("cert_type"),
                text!(
                    zh: "负责人是自然人，证件类型不能是{cert_zh}：请选择居民身份证、台胞证、护照、军官证等个人证件。",
                    en: "A principal is a natural person, so the certificate type cannot be a unit's certificate ({cert_en}): choose a personal certificate such as a resident identity card, a permit for Taiwan residents, a passport or a military officer ID.",
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
                Text::new(issue.message, issue.message_en),
                None,
            );
        }
    }

    if !p.phone.is_empty() {
        if let Some(m) = mobile_problem(&p.phone, ("联系方式1", "Contact 1")) {
            ctx.emit(PRINCIPAL_PHONE_MOBILE, "mobile", field("phone"), m);
        }
        ctx.emit(
            PRINCIPAL_CONTACT_REAL,
            "reminder",
            field("phone"),
            text!(
                zh: "请核对：联系方式须真实有效、能联系到负责人（初审时会电话核实），邮箱须能正常接收备案通知。",
                en: "Check: the contact numbers must be real and reach the principal (the first review checks them by phone), and the mailbox must receive the filing's notices.",
            ),
        );
    }
    if let Some(p2) = p.phone2.as_deref().filter(|s| !s.is_empty())
        && let Some(m) = mobile_problem(p2, ("联系方式2", "Contact 2"))
    {
        ctx.emit(PRINCIPAL_PHONE2_MOBILE, "mobile", field("phone2"), m);
    }
    if !p.emergency_phone.is_empty() {
        if let Some(m) = mobile_problem(&p.emergency_phone, ("应急联系电话", "The emergency phone")) {
            ctx.emit(PRINCIPAL_EMERGENCY_MOBILE, "mobile", field("emergency_phone"), m);
        }
        if p.emergency_phone == p.phone {
            ctx.emit(
                PRINCIPAL_EMERGENCY_DIFFERS,
                "same_as_phone",
                field("emergency_phone"),
                text!(
                    zh: "应急联系电话不能与联系方式1相同：请填写另一个手机号码。",
                    en: "The emergency phone cannot be the same as contact 1: enter another mobile number.",
                ),
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
        assert!(mobile_problem("057188158388", ("x", "x")).unwrap().zh.contains("固定电话"));
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
