//! The SMS verification plan (短信核验, guide §8; `rules-digest.md` §9): whether a filing needs it,
//! who verifies (one code per phone number), the six characters each verifier types, the numbers
//! the code comes from and the resend rules. All the rules are the data of `data/tables/sms.toml`
//! ([`tables::sms_required`], [`tables::sms_verifiers_for`], [`tables::last6_rule_for`],
//! [`tables::sms_senders`], [`tables::sms_code`]).
//!
//! Phone numbers are returned as the document has them; masking is the caller's business.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::cert;
use crate::diag::{Diagnostic, FieldPath, Severity, Text};
use crate::model::{CertType, FilingDocument, FilingType, Person};
use crate::rules::text::{is_han, quote};
use crate::tables::{self, Carrier, Effective, Last6From, VerifierRole};
use crate::text;

const SOURCE: &str = "guide §8; rules-digest.md §9";

/// One phone number that receives a code, and who it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SmsVerifier {
    /// The first role this phone verifies for (`subject_principal` before `website_principal`).
    pub role: VerifierRole,
    /// Every role this phone verifies for (both when the principals share the number: one code).
    pub roles: Vec<VerifierRole>,
    pub name: String,
    /// As written in the document.
    pub phone: String,
    /// What to type as 证件号码后六位; `None` when it cannot be worked out (see the plan's problems).
    pub last6: Option<String>,
    /// Where the six characters come from, in words (Chinese); empty when `last6` is `None`.
    pub last6_hint: String,
    /// The same in English.
    #[serde(default)]
    pub last6_hint_en: String,
    /// The people of the document this phone stands for (`subject.principal`,
    /// `websites[1].principal`).
    pub people: Vec<String>,
    /// The websites whose principal this is (indexes into `websites`).
    pub websites: Vec<u32>,
    /// Who this phone stands for, in words: 主体负责人, and the 负责人 of each kind of service it
    /// is the principal of (网站负责人, APP负责人 …), joined with 、.
    #[serde(default)]
    pub role_label: String,
    /// The same in English.
    #[serde(default)]
    pub role_label_en: String,
}

/// [`SmsVerifier::role_label`] and its English: each role, a website principal's by the kinds of
/// the services it stands for.
fn role_labels(doc: &FilingDocument, v: &SmsVerifier) -> (String, String) {
    use crate::labels::{self, Group};
    let mut codes: Vec<(Group, &str)> = Vec::new();
    for r in &v.roles {
        match r {
            VerifierRole::SubjectPrincipal => codes.push((Group::VerifierRole, "subject_principal")),
            VerifierRole::WebsitePrincipal => {
                let before = codes.len();
                for &i in &v.websites {
                    if let Some(w) = doc.websites.get(i as usize) {
                        let c = (Group::ServicePrincipal, w.service_type.code());
                        if !codes.contains(&c) {
                            codes.push(c);
                        }
                    }
                }
                if codes.len() == before {
                    codes.push((Group::VerifierRole, "website_principal"));
                }
            }
        }
    }
    let zh: Vec<&str> = codes.iter().map(|(g, c)| labels::zh(*g, c)).collect();
    let en: Vec<&str> = codes.iter().map(|(g, c)| labels::en(*g, c)).collect();
    (zh.join("、"), en.join(", "))
}

/// A number that sends the codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SenderNumber {
    pub carrier: Carrier,
    pub carrier_zh: String,
    /// The carrier's name in English.
    #[serde(default)]
    pub carrier_en: String,
    /// `None`: no fixed number (虚拟运营商).
    pub number: Option<String>,
    pub source: String,
}

/// Everything staff tell the client about the SMS verification of one filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SmsPlan {
    /// Somebody has to type a code for this filing.
    pub required: bool,
    /// Why (not), in Chinese, with the rule's date.
    pub reason: String,
    /// The same in English.
    #[serde(default)]
    pub reason_en: String,
    pub verifiers: Vec<SmsVerifier>,
    pub senders: Vec<SenderNumber>,
    pub code_digits: u32,
    /// The code must be entered within this many hours of arriving.
    pub valid_hours: u32,
    pub arrives_after_minutes: u32,
    pub resend_arrives_after_minutes: u32,
    /// At most this many resends [later].
    pub max_resends: u32,
    /// This many wrong entries return the order [later].
    pub max_wrong_entries: u32,
    /// The rules for the client, line by line, in Chinese.
    pub instructions: Vec<String>,
    /// The same lines in English, one for each line of `instructions`, in the same order.
    #[serde(default)]
    pub instructions_en: Vec<String>,
    /// What keeps the plan from being complete (a missing phone, a missing HK/Macau ID …).
    pub problems: Vec<Diagnostic>,
}

/// Why the six characters cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Last6Error {
    #[error("证件号码未填写")]
    MissingCertNumber,
    #[error("浙江省使用港澳居民来往内地通行证核验时，须填写通行证背面的香港/澳门身份证件号码（hk_macau_id）")]
    MissingHkMacauId,
    #[error("号码“{0}”不足 6 位")]
    TooShort(String),
}

impl Last6Error {
    /// The message in English (`to_string()` is the Chinese one).
    pub fn message_en(&self) -> String {
        match self {
            Last6Error::MissingCertNumber => "the certificate number is not filled in".to_owned(),
            Last6Error::MissingHkMacauId => {
                "in “浙江省”, verification with a mainland travel permit for Hong Kong and Macau \
                residents needs the Hong Kong or Macau identity card number from the back of the permit (hk_macau_id)"
                    .to_owned()
            }
            Last6Error::TooShort(n) => format!("the number “{n}” has fewer than 6 characters"),
        }
    }
}

/// The six characters a verifier types, and where they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Last6 {
    pub value: String,
    /// Where they come from, in Chinese.
    pub hint: String,
    /// The same in English.
    pub hint_en: String,
}

fn last_chars(s: &str, n: usize) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    (chars.len() >= n).then(|| chars[chars.len() - n..].iter().collect())
}

/// How the "last six" of a person's certificate are taken where the filing's subject is
/// (`province`, a GB/T 2260 full name): the certificate number's last six characters; for a
/// 港澳居民来往内地通行证 the pass number's (without the two-digit 换证次数 some write after it), but
/// in 浙江 those of the Hong Kong / Macau identity card number on its back, with full-width
/// parentheses (`A1234567(8)` → `567（8）`).
pub fn last6(person: &Person, province: &str) -> Result<Last6, Last6Error> {
    let rule = tables::last6_rule_for(province, person.cert_type);
    match rule {
        Some(r) if r.digits_from == Last6From::HkMacauId => {
            let raw = person.hk_macau_id.as_deref().unwrap_or_default();
            let mut id = cert::normalize(raw);
            if id.is_empty() {
                return Err(Last6Error::MissingHkMacauId);
            }
            // The check character is printed in parentheses: A1234567(8). Typed without them,
            // the last character is the check character.
            if !id.contains('(') && id.chars().count() >= 2 {
                let check = id.pop().unwrap_or_default();
                id = format!("{id}({check})");
            }
            let tail = last_chars(&id, 6).ok_or_else(|| Last6Error::TooShort(id.clone()))?;
            let (value, parens, parens_en) = if r.full_width_parentheses {
                (tail.replace('(', "（").replace(')', "）"), "，括号为全角", ", with full-width parentheses “（）”")
            } else {
                (tail, "", "")
            };
            let where_zh = r.province.as_deref().unwrap_or("各省");
            let where_en = match r.province.as_deref() {
                Some(p) => format!("In “{}”", quote(p)),
                None => "In every province".to_owned(),
            };
            let (source, source_en) = (&r.source, cite_en(&r.source));
            let hint = text!(
                zh: "{where_zh}：通行证背面的香港/澳门身份证件号码后 6 位{parens}（{source}）",
                en: "{where_en}: the last 6 characters of the Hong Kong or Macau identity card number on the back of the permit{parens_en} ({source_en})",
            );
            Ok(Last6 { value, hint: hint.zh, hint_en: hint.en })
        }
        _ => {
            let mut number = cert::normalize(&person.cert_number);
            if number.is_empty() {
                return Err(Last6Error::MissingCertNumber);
            }
            let (label_zh, label_en) = (person.cert_type.label_zh(), person.cert_type.label_en());
            let mut hint = text!(
                zh: "{label_zh}号码后 6 位",
                en: "The last 6 characters of the certificate number ({label_en})",
            );
            if person.cert_type == CertType::HkMacauPass {
                // H12345678 followed by the two-digit 换证次数 (H1234567800): the pass number is the
                // first nine characters (guide §8's sample: H12345678 → 345678).
                if number.len() == 11 && number.is_ascii() {
                    number.truncate(9);
                }
                hint = text!(
                    zh: "港澳通行证正面的证件号码后 6 位",
                    en: "The last 6 characters of the number on the front of the mainland travel permit for Hong Kong and Macau residents",
                );
                if let Some(r) = rule {
                    let (Text { zh, en }, source, source_en) = (hint, &r.source, cite_en(&r.source));
                    hint = text!(zh: "{zh}（{source}）", en: "{en} ({source_en})");
                }
            }
            let value = last_chars(&number, 6).ok_or_else(|| Last6Error::TooShort(number.clone()))?;
            Ok(Last6 { value, hint: hint.zh, hint_en: hint.en })
        }
    }
}

/// The phone as the SMS system tells people apart: digits only, without +86.
fn phone_key(phone: &str) -> String {
    let digits: String = cert::normalize(phone).chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_owned(),
        _ => digits,
    }
}

/// A source inside a message, as a person cites it (never a file name).
fn cite(source: &str) -> String {
    crate::rules::citation(source).zh
}

/// The titles of the guide's §8 that SMS sources name, in English (`guide §8 附录二` →
/// `ICP Filing Process (PC), §8, Appendix 2`).
const SECTIONS_EN: [(&str, &str); 4] = [
    (" 需短信核验省份", ", provinces requiring SMS verification"),
    (" 附录一", ", Appendix 1"),
    (" 附录二", ", Appendix 2"),
    (" 短信核验操作步骤 ", ", SMS verification steps, step "),
];

/// A source inside an English message: the citation in English, the guide's section titles in
/// English words; a title without them is quoted as the guide writes it.
fn cite_en(source: &str) -> String {
    // The citation quotes the guide's Chinese headings; here the known ones are put in English
    // first, and what is left is quoted run by run.
    let mut en = crate::rules::citation(source).en.replace(['“', '”'], "");
    for (zh, words) in SECTIONS_EN {
        en = en.replace(zh, words);
    }
    quote_chinese(&en)
}

/// `s` with each run of Chinese characters in quotes (`§3 表 3-1` → `§3 “表” 3-1`).
fn quote_chinese(s: &str) -> String {
    let chinese = |c: char| is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF);
    let mut out = String::new();
    let mut open = false;
    for c in s.chars() {
        if chinese(c) != open {
            out.push(if open { '”' } else { '“' });
            open = !open;
        }
        out.push(c);
    }
    if open {
        out.push('”');
    }
    out
}

fn sms_reason(province: &str, date: Date) -> (bool, Text) {
    let nationwide = tables::sms_nationwide();
    let from = nationwide.from;
    let (nationwide_zh, nationwide_en) = (cite(&nationwide.source), cite_en(&nationwide.source));
    if from <= date {
        return (
            true,
            text!(
                zh: "自 {from} 起各省均需短信核验（{nationwide_zh}）",
                en: "Since {from}, SMS verification is required in every province ({nationwide_en})",
            ),
        );
    }
    if let Some(p) = tables::sms_pilots().iter().find(|p| p.from <= date && p.provinces.iter().any(|q| q == province)) {
        let (pilot_from, pilot_zh, pilot_en, q) = (p.from, cite(&p.source), cite_en(&p.source), quote(province));
        return (
            true,
            text!(
                zh: "{province}自 {pilot_from} 起为短信核验试点省份（{pilot_zh}）",
                en: "“{q}” has been a pilot province for SMS verification since {pilot_from} ({pilot_en})",
            ),
        );
    }
    let who = if province.is_empty() {
        text!(zh: "未填写所属省份", en: "The province is not filled in")
    } else {
        let q = quote(province);
        text!(
            zh: "{province}在 {date} 尚不在短信核验试点省份之列",
            en: "On {date}, “{q}” is not yet a pilot province for SMS verification",
        )
    };
    let Text { zh: who_zh, en: who_en } = who;
    (
        false,
        text!(
            zh: "{who_zh}；自 {from} 起各省均需短信核验（{nationwide_zh}）",
            en: "{who_en}; SMS verification is required in every province from {from} ({nationwide_en})",
        ),
    )
}

fn problem(code: &str, severity: Severity, field: String, message: crate::Text) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity,
        field,
        message: message.zh,
        message_en: message.en,
        rule: "SMS-PLAN".to_owned(),
        source: SOURCE.to_owned(),
    }
}

/// The SMS plan of a filing of `filing_type` (the document's own, or the determined one) on `date`.
pub fn sms_plan(doc: &FilingDocument, filing_type: Option<FilingType>, date: Date) -> SmsPlan {
    let province = doc.subject.region.province.as_str();
    let code = tables::sms_code();
    let senders = tables::sms_senders()
        .iter()
        .filter(|s| s.in_force(date))
        .map(|s| SenderNumber {
            carrier: s.carrier,
            carrier_zh: s.carrier_zh.clone(),
            carrier_en: s.carrier_en.clone(),
            number: s.number.clone(),
            source: s.source.clone(),
        })
        .collect();
    let (province_requires, province_reason) = sms_reason(province, date);
    let mut problems = Vec::new();
    let rule = filing_type.and_then(|t| tables::sms_verifiers_for(t, date));
    let roles: &[VerifierRole] = rule.map(|r| r.verifiers.as_slice()).unwrap_or_default();
    let required = province_requires && !roles.is_empty();
    let (base_zh, base_en) = (&province_reason.zh, &province_reason.en);
    let reason = match (filing_type, rule) {
        (None, _) => text!(
            zh: "{base_zh}；备案类型未确定，无法确定验证对象",
            en: "{base_en}; the filing type is not determined, so who verifies cannot be worked out",
        ),
        (Some(t), None) => {
            let (label_zh, label_en) = (t.label_zh(), t.label_en());
            text!(
                zh: "{base_zh}；没有{label_zh}的验证对象规则",
                en: "{base_en}; no rule says who verifies a filing of the type {label_en}",
            )
        }
        (Some(t), Some(r)) if r.verifiers.is_empty() => {
            let (label_zh, label_en) = (t.label_zh(), t.label_en());
            let why_zh = r.guide_text.clone().unwrap_or_else(|| cite(&r.source));
            let why_en = cite_en(&r.source);
            text!(zh: "{label_zh}不验证（{why_zh}）", en: "{label_en}: no SMS verification ({why_en})")
        }
        _ => province_reason.clone(),
    };

    let mut verifiers: Vec<SmsVerifier> = Vec::new();
    // (phone key, cert number) of each verifier, to warn when one phone stands for two people.
    let mut certs: Vec<(String, String)> = Vec::new();
    if required {
        let subject_path = FieldPath::root().key("subject").key("principal");
        let mut people: Vec<(VerifierRole, &Person, FieldPath, Option<u32>)> = Vec::new();
        for &role in roles {
            match role {
                VerifierRole::SubjectPrincipal => {
                    people.push((role, &doc.subject.principal, subject_path.clone(), None));
                }
                VerifierRole::WebsitePrincipal => {
                    for (i, w) in doc.websites.iter().enumerate() {
                        let site = Some(u32::try_from(i).unwrap_or(u32::MAX));
                        match &w.principal {
                            Some(p) => people.push((
                                role,
                                p,
                                FieldPath::root().key("websites").index(i).key("principal"),
                                site,
                            )),
                            None => people.push((role, &doc.subject.principal, subject_path.clone(), site)),
                        }
                    }
                }
            }
        }
        for (role, person, path, website) in people {
            let key = phone_key(&person.phone);
            let cert_key = cert::normalize(&person.cert_number);
            let path_text = path.to_string();
            let existing = if key.is_empty() {
                // No phone: never merged with anyone but the same person.
                verifiers.iter().position(|v| v.phone.trim().is_empty() && v.people.contains(&path_text))
            } else {
                verifiers.iter().position(|v| phone_key(&v.phone) == key)
            };
            match existing {
                Some(i) => {
                    let v = &mut verifiers[i];
                    if !v.roles.contains(&role) {
                        v.roles.push(role);
                    }
                    if !v.people.contains(&path_text) {
                        v.people.push(path_text.clone());
                        if certs.iter().any(|(k, c)| *k == key && *c != cert_key) {
                            let first = &v.people[0];
                            problems.push(problem(
                                "sms_shared_phone",
                                Severity::Warning,
                                path.key("phone").to_string(),
                                crate::text!(
                                    zh: "{path_text} 与 {first} 使用同一手机号码，只会收到一个验证码，但证件号码不同：核验时须填写哪一证件的后六位需与服务商确认；不同负责人宜使用不同的手机号码（《备案规则摘要》§4）",
                                    en: "The principals at {path_text} and {first} share a mobile number, so only one code arrives, but their certificate numbers differ: ask the provider which of the two certificates' last six characters to enter when verifying. Different principals should have different mobile numbers.",
                                ),
                            ));
                        }
                    }
                    if let Some(w) = website
                        && !v.websites.contains(&w)
                    {
                        v.websites.push(w);
                    }
                }
                None => {
                    if key.is_empty() {
                        problems.push(problem(
                            "sms_phone_missing",
                            Severity::Error,
                            path.key("phone").to_string(),
                            crate::text!(
                                zh: "短信核验的验证码只发送到联系方式1的手机号码：请填写",
                                en: "The SMS verification code is sent only to the mobile number of contact 1: fill it in.",
                            ),
                        ));
                    }
                    let (last6, hint, hint_en) = match last6(person, province) {
                        Ok(l) => (Some(l.value), l.hint, l.hint_en),
                        Err(e) => {
                            let field = match e {
                                Last6Error::MissingHkMacauId => path.key("hk_macau_id"),
                                _ => path.key("cert_number"),
                            };
                            let e_en = e.message_en();
                            problems.push(problem(
                                "sms_last6_unknown",
                                Severity::Error,
                                field.to_string(),
                                crate::text!(
                                    zh: "无法得出核验时填写的证件号码后六位：{e}",
                                    en: "The last six characters of the certificate number, which the verifier types, cannot be worked out: {e_en}.",
                                ),
                            ));
                            (None, String::new(), String::new())
                        }
                    };
                    certs.push((key, cert_key));
                    verifiers.push(SmsVerifier {
                        role,
                        roles: vec![role],
                        name: person.name.clone(),
                        phone: person.phone.clone(),
                        last6,
                        last6_hint: hint,
                        last6_hint_en: hint_en,
                        people: vec![path_text],
                        websites: website.into_iter().collect(),
                        role_label: String::new(),
                        role_label_en: String::new(),
                    });
                }
            }
        }
    }

    let (digits, hours) = (code.digits, code.valid_hours);
    let (arrives, resend_arrives) = (code.arrives_after_minutes, code.resend_arrives_after_minutes);
    let (resends, wrong) = (code.max_resends, code.max_wrong_entries);
    let digest_en = crate::rules::citation("rules-digest.md §9").en;
    let mut lines = vec![
        text!(
            zh: "验证码为 {digits} 位数字，只发送到联系方式1的手机号码；收到后须在 {hours} 小时内登录工信部备案管理系统（省管局网站“备案短信核验”）填写验证码、手机号码和证件号码后六位",
            en: "The code has {digits} digits and is sent only to the mobile number of contact 1. Within {hours} hours of receiving it, log in to the MIIT filing system (the “备案短信核验” page on the provincial bureau's website) and enter the code, the mobile number and the last six characters of the certificate number.",
        ),
        text!(
            zh: "收到备案信息提交管局的通知后约 {arrives} 分钟收到核验短信；若未收到，可在管局网站“短信重发”，重发的短信约 {resend_arrives} 分钟到达",
            en: "The verification SMS arrives about {arrives} minutes after the notice that the filing has been submitted to the bureau. If it does not arrive, have it resent with “短信重发” on the bureau's website; a resent SMS arrives after about {resend_arrives} minutes.",
        ),
        text!(
            zh: "最多重发 {resends} 次；验证码输错 {wrong} 次订单将被退回（《备案规则摘要》§9）",
            en: "The SMS can be resent at most {resends} times; after {wrong} wrong entries of the code the order is returned ({digest_en}).",
        ),
    ];
    if rule.is_some_and(|r| r.one_code_per_phone) {
        lines.push(text!(
            zh: "主体负责人与网站负责人手机号码相同时只发送一个验证码；号码不同则每个号码各发一个，均需完成核验",
            en: "If the subject principal and the website principal have the same mobile number, only one code is sent; if their numbers differ, each number gets a code of its own, and each code must be verified.",
        ));
    }
    let (instructions, instructions_en) = lines.into_iter().map(|t| (t.zh, t.en)).unzip();
    for v in &mut verifiers {
        let (zh, en) = role_labels(doc, v);
        v.role_label = zh;
        v.role_label_en = en;
    }
    SmsPlan {
        required,
        reason: reason.zh,
        reason_en: reason.en,
        verifiers,
        senders,
        code_digits: code.digits,
        valid_hours: code.valid_hours,
        arrives_after_minutes: code.arrives_after_minutes,
        resend_arrives_after_minutes: code.resend_arrives_after_minutes,
        max_resends: code.max_resends,
        max_wrong_entries: code.max_wrong_entries,
        instructions,
        instructions_en,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Subject, Website};
    use jiff::civil::date;

    fn person(name: &str, cert_type: CertType, number: &str, phone: &str) -> Person {
        Person { name: name.into(), cert_type, cert_number: number.into(), phone: phone.into(), ..Person::default() }
    }

    fn doc(province: &str, principal: Person, sites: Vec<Option<Person>>) -> FilingDocument {
        FilingDocument {
            format: crate::model::FORMAT.into(),
            filing_type: None,
            as_of: None,
            provider: "aliyun".into(),
            provider_account: None,
            subject: Subject {
                region: crate::model::Region { province: province.into(), ..Default::default() },
                principal,
                ..Subject::default()
            },
            websites: sites
                .into_iter()
                .enumerate()
                .map(|(i, p)| Website {
                    domains: vec![format!("site{i}.example.com")],
                    principal: p,
                    ..Website::default()
                })
                .collect(),
        }
    }

    fn zhang() -> Person {
        person("张三", CertType::ResidentId, "33010619900101123x", "13800000000")
    }

    #[test]
    fn last6_of_resident_ids_and_passes() {
        assert_eq!(last6(&zhang(), "浙江省").unwrap().value, "01123X");
        let pass = person("陈大文", CertType::HkMacauPass, "H12345678", "13800000001");
        assert_eq!(last6(&pass, "广东省").unwrap().value, "345678");
        // With the two-digit 换证次数 after it.
        let pass10 = person("陈大文", CertType::HkMacauPass, "H1234567800", "13800000001");
        assert_eq!(last6(&pass10, "广东省").unwrap().value, "345678");
        // 浙江: the HK ID on the back, full-width parentheses.
        assert_eq!(last6(&pass, "浙江省").unwrap_err(), Last6Error::MissingHkMacauId);
        for id in ["A1234567(8)", "A1234567（8）", " a1234567(8) ", "A12345678"] {
            let p = Person { hk_macau_id: Some(id.into()), ..pass.clone() };
            assert_eq!(last6(&p, "浙江省").unwrap().value, "567（8）", "{id}");
            assert_eq!(last6(&p, "广东省").unwrap().value, "345678", "{id}");
        }
        let p = Person { hk_macau_id: Some("A123456(7)".into()), ..pass };
        assert_eq!(last6(&p, "浙江省").unwrap().value, "456（7）");
        let empty = person("x", CertType::ResidentId, " ", "1");
        assert_eq!(last6(&empty, "浙江省").unwrap_err(), Last6Error::MissingCertNumber);
    }

    #[test]
    fn first_filing_one_code_when_the_phones_match() {
        let d = doc("浙江省", zhang(), vec![None]);
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2024, 5, 1));
        assert!(plan.required);
        assert_eq!(plan.verifiers.len(), 1);
        let v = &plan.verifiers[0];
        assert_eq!(v.role, VerifierRole::SubjectPrincipal);
        assert_eq!(v.roles, [VerifierRole::SubjectPrincipal, VerifierRole::WebsitePrincipal]);
        assert_eq!(v.last6.as_deref(), Some("01123X"));
        assert_eq!(v.websites, [0]);
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        assert!(plan.senders.iter().any(|s| s.number.as_deref() == Some("106598051001")));
    }

    #[test]
    fn an_app_principal_is_named_as_such() {
        let li = person("李四", CertType::ResidentId, "110101199003074514", "13900000000");
        let mut d = doc("浙江省", zhang(), vec![None, Some(li)]);
        d.websites[1].service_type = crate::model::ServiceType::App;
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2024, 5, 1));
        let labels: Vec<_> = plan.verifiers.iter().map(|v| (v.role_label.as_str(), v.role_label_en.as_str())).collect();
        assert_eq!(
            labels,
            [("主体负责人、网站负责人", "Subject principal, Website principal"), ("APP负责人", "App principal")]
        );
        // The same phone for the app's principal: one code, every role named.
        d.websites[1].principal = Some(Person { phone: "13800000000".into(), ..zhang() });
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2024, 5, 1));
        assert_eq!(plan.verifiers.len(), 1);
        assert_eq!(plan.verifiers[0].role_label, "主体负责人、网站负责人、APP负责人");
    }

    #[test]
    fn first_filing_two_codes_for_two_phones() {
        let li = person("李四", CertType::ResidentId, "110101199003074514", "+86 139 0000 0000");
        let same_phone_other_format = Person { phone: "13800000000".into(), ..zhang() };
        let d = doc("浙江省", zhang(), vec![Some(li), Some(same_phone_other_format)]);
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2024, 5, 1));
        let phones: Vec<_> = plan.verifiers.iter().map(|v| v.phone.as_str()).collect();
        assert_eq!(phones, ["13800000000", "+86 139 0000 0000"]);
        assert_eq!(plan.verifiers[0].websites, [1]);
        assert_eq!(plan.verifiers[1].role, VerifierRole::WebsitePrincipal);
        assert_eq!(plan.verifiers[1].last6.as_deref(), Some("074514"));
    }

    #[test]
    fn who_verifies_by_type_and_date() {
        let d = doc("北京市", zhang(), vec![None]);
        // Before 2020-08-17 北京 was no pilot province.
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2019, 8, 16));
        assert!(!plan.required);
        assert!(plan.verifiers.is_empty());
        assert!(plan.reason.contains("2020-08-17"), "{}", plan.reason);
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2020, 8, 17));
        assert!(plan.required);
        let plan = sms_plan(&d, Some(FilingType::CancelAccess), date(2024, 1, 1));
        assert!(!plan.required);
        assert!(plan.reason.contains("不验证"), "{}", plan.reason);
        let plan = sms_plan(&d, Some(FilingType::ContinueAccess), date(2024, 1, 1));
        assert_eq!(plan.verifiers[0].role, VerifierRole::WebsitePrincipal);
        assert_eq!(plan.verifiers[0].roles, [VerifierRole::WebsitePrincipal]);
        let plan = sms_plan(&d, None, date(2024, 1, 1));
        assert!(!plan.required);
    }

    #[test]
    fn problems_name_the_field() {
        let pass = person("陈大文", CertType::HkMacauPass, "H12345678", "");
        let d = doc("浙江省", pass, vec![None]);
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2024, 1, 1));
        let fields: Vec<_> = plan.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["subject.principal.phone", "subject.principal.hk_macau_id"]);
        assert_eq!(plan.verifiers[0].last6, None);
    }

    #[test]
    fn one_phone_two_people_is_warned() {
        let other = person("李四", CertType::ResidentId, "110101199003074514", "13800000000");
        let d = doc("浙江省", zhang(), vec![Some(other)]);
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2024, 1, 1));
        assert_eq!(plan.verifiers.len(), 1);
        assert_eq!(plan.problems.len(), 1);
        assert_eq!(plan.problems[0].code, "sms_shared_phone");
        assert_eq!(plan.problems[0].field, "websites[0].principal.phone");
    }

    #[test]
    fn the_english_says_what_the_chinese_says() {
        let pass = person("陈大文", CertType::HkMacauPass, "H12345678", "13800000001");
        let zj = Person { hk_macau_id: Some("A1234567(8)".into()), ..pass.clone() };
        let l = last6(&zj, "浙江省").unwrap();
        assert_eq!(
            l.hint_en,
            "In “浙江省”: the last 6 characters of the Hong Kong or Macau identity card number on the back of the \
            permit, with full-width parentheses “（）” (ICP Filing Process (PC), §8, SMS verification steps, step 3)"
        );
        assert!(last6(&pass, "广东省").unwrap().hint_en.contains("front of the mainland travel permit"));
        assert_eq!(
            last6(&zhang(), "浙江省").unwrap().hint_en,
            "The last 6 characters of the certificate number (Resident identity card)"
        );

        let d = doc("浙江省", zhang(), vec![None]);
        let plan = sms_plan(&d, Some(FilingType::FirstFiling), date(2019, 1, 1));
        assert_eq!(
            plan.reason_en,
            "“浙江省” has been a pilot province for SMS verification since 2018-09-10 (ICP Filing Process (PC), §8, \
            provinces requiring SMS verification)"
        );
        assert_eq!(plan.instructions.len(), 4);
        assert_eq!(plan.instructions_en.len(), 4);
        assert!(plan.instructions_en[0].contains("6 digits") && plan.instructions_en[0].contains("24 hours"));
        assert!(plan.instructions_en[2].contains("at most 2 times") && plan.instructions_en[2].contains("5 wrong"));
        assert_eq!(
            plan.verifiers[0].last6_hint_en,
            "The last 6 characters of the certificate number (Resident identity card)"
        );
        let carriers: Vec<_> = plan.senders.iter().map(|s| s.carrier_en.as_str()).collect();
        assert!(carriers.contains(&"China Telecom"), "{carriers:?}");
        let plan = sms_plan(&d, Some(FilingType::CancelAccess), date(2024, 1, 1));
        assert_eq!(plan.reason_en, "Cancel access: no SMS verification (ICP Filing Process (PC), §8, Appendix 2)");
        assert_eq!(plan.instructions_en.len(), 3);
        let plan = sms_plan(&doc("", zhang(), vec![None]), None, date(2019, 1, 1));
        assert!(plan.reason_en.starts_with("The province is not filled in; "), "{}", plan.reason_en);
        assert!(plan.reason_en.ends_with("; the filing type is not determined, so who verifies cannot be worked out"));
    }

    #[test]
    fn english_citations_have_no_chinese_titles() {
        assert_eq!(cite_en("guide §8 附录二"), "ICP Filing Process (PC), §8, Appendix 2");
        assert_eq!(cite_en("rules-digest.md §9 [later]"), "Filing rules digest §9 (rules after 2019)");
        // A title without English words is quoted.
        assert_eq!(cite_en("guide §3 表 3-1"), "ICP Filing Process (PC), §3 “表” 3-1");
        for p in tables::sms_pilots() {
            assert!(!cite_en(&p.source).contains('“'), "{}", p.source);
        }
        for r in tables::sms_verifier_rules() {
            assert!(!cite_en(&r.source).contains('“'), "{}", r.source);
        }
        for r in tables::last6_rules() {
            assert!(!cite_en(&r.source).contains('“'), "{}", r.source);
        }
    }
}
