//! `sms.toml`: SMS verification (§8 and later rules): the pilot provinces and the nationwide date, who
//! verifies per filing type, the sender numbers, the code's rules, and which "last six" to type.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Effective, Meta, TABLES};
use crate::model::{CertType, FilingType};

/// A batch of provinces where SMS verification became required on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsPilot {
    #[specta(type = String)]
    pub from: Date,
    pub provinces: Vec<String>,
    pub guide_text: String,
    pub source: String,
}

/// The day from which SMS verification is required in every province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsNationwide {
    #[specta(type = String)]
    pub from: Date,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Whose phone receives a verification code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VerifierRole {
    SubjectPrincipal,
    WebsitePrincipal,
}

/// Who verifies for some filing types (§8 附录二 and later rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsVerifierRule {
    pub filing_types: Vec<FilingType>,
    /// Empty: nobody verifies.
    pub verifiers: Vec<VerifierRole>,
    /// Verifiers sharing a phone number (联系方式1) get one code between them.
    #[serde(default)]
    pub one_code_per_phone: bool,
    /// The guide's 备案类型 cell.
    #[serde(default)]
    pub guide_label: Option<String>,
    /// The guide's 验证对象 cell.
    #[serde(default)]
    pub guide_text: Option<String>,
    /// The guide's 备注 cell, line by line.
    #[serde(default)]
    pub guide_remarks: Vec<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    Telecom,
    Unicom,
    Mobile,
    Virtual,
    /// Every carrier.
    Any,
}

/// The number that sends verification codes to a carrier's users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsSender {
    pub carrier: Carrier,
    pub carrier_zh: String,
    /// The carrier's name in English, for the window in English.
    pub carrier_en: String,
    /// `None`: no fixed number (虚拟运营商).
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub guide_text: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The verification code's rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsCode {
    pub digits: u32,
    /// The code must be entered within this many hours.
    pub valid_hours: u32,
    /// The code arrives about this many minutes after the order reaches the 管局.
    pub arrives_after_minutes: u32,
    /// A resent code arrives after about this many minutes.
    pub resend_arrives_after_minutes: u32,
    /// Wrong entries after which the order is returned [later].
    pub max_wrong_entries: u32,
    /// Resends allowed [later].
    pub max_resends: u32,
    pub guide_texts: Vec<String>,
    pub source: String,
}

/// Which number's last six characters are typed in the verification form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Last6From {
    /// The certificate number (`cert_number`).
    CertNumber,
    /// The Hong Kong / Macau identity card number on the back of the pass (`hk_macau_id`).
    HkMacauId,
}

/// How the "last six characters of the certificate" are taken for a certificate type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Last6Rule {
    /// `None`: every province without a rule of its own.
    #[serde(default)]
    pub province: Option<String>,
    pub cert_type: CertType,
    pub digits_from: Last6From,
    /// Parentheses must be typed full-width: `567（8）`.
    pub full_width_parentheses: bool,
    pub example: String,
    pub guide_text: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SmsFile {
    pub(super) meta: Meta,
    pilot: Vec<SmsPilot>,
    nationwide: SmsNationwide,
    verifier: Vec<SmsVerifierRule>,
    sender: Vec<SmsSender>,
    code: SmsCode,
    last6_rule: Vec<Last6Rule>,
}

/// The SMS-verification pilot batches, in date order.
pub fn sms_pilots() -> &'static [SmsPilot] {
    &TABLES.sms.pilot
}

/// When SMS verification became required everywhere.
pub fn sms_nationwide() -> &'static SmsNationwide {
    &TABLES.sms.nationwide
}

/// Whether a filing of a subject in `province` needs SMS verification on `date`.
pub fn sms_required(province: &str, date: Date) -> bool {
    sms_nationwide().from <= date
        || sms_pilots().iter().any(|p| p.from <= date && p.provinces.iter().any(|q| q == province))
}

/// Who verifies, every rule.
pub fn sms_verifier_rules() -> &'static [SmsVerifierRule] {
    &TABLES.sms.verifier
}

/// The rule saying who verifies a filing of `filing_type` on `date`.
pub fn sms_verifiers_for(filing_type: FilingType, date: Date) -> Option<&'static SmsVerifierRule> {
    sms_verifier_rules().iter().find(|r| r.filing_types.contains(&filing_type) && r.in_force(date))
}

/// The numbers that send verification codes.
pub fn sms_senders() -> &'static [SmsSender] {
    &TABLES.sms.sender
}

/// The verification code's rules (digits, validity, resends).
pub fn sms_code() -> &'static SmsCode {
    &TABLES.sms.code
}

/// How the last six characters are taken, every rule.
pub fn last6_rules() -> &'static [Last6Rule] {
    &TABLES.sms.last6_rule
}

/// How the last six characters of a `cert_type` are taken in `province`; `None` for certificate
/// types without a rule (the certificate number's last six).
pub fn last6_rule_for(province: &str, cert_type: CertType) -> Option<&'static Last6Rule> {
    let rules = last6_rules().iter().filter(|r| r.cert_type == cert_type);
    rules
        .clone()
        .find(|r| r.province.as_deref() == Some(province))
        .or_else(|| rules.clone().find(|r| r.province.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FilingType as F;
    use crate::tables::province_by_short;
    use jiff::civil::date;

    /// Provinces in a pilot's guide text, e.g. "2018年9月10日起:浙江、四川…被列为试点省份。"
    fn pilot_text_parts(text: &str) -> (Date, Vec<&str>) {
        let (day, rest) = text.split_once("起:").unwrap();
        let names = rest.split_once("被列为").unwrap().0;
        let (y, rest) = day.split_once('年').unwrap();
        let (m, rest) = rest.split_once('月').unwrap();
        let d = rest.trim_end_matches('日');
        let date = date(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
        (date, names.split('、').collect())
    }

    #[test]
    fn pilots_say_what_their_guide_text_says() {
        for pilot in sms_pilots() {
            let (day, shorts) = pilot_text_parts(&pilot.guide_text);
            assert_eq!(day, pilot.from, "{}", pilot.guide_text);
            let full: Vec<&str> =
                shorts.iter().map(|s| province_by_short(s).map(|p| p.name.as_str()).unwrap_or(s)).collect();
            assert_eq!(full, pilot.provinces, "{}", pilot.guide_text);
        }
        assert_eq!(sms_pilots().iter().map(|p| p.provinces.len()).sum::<usize>(), 22);
    }

    #[test]
    fn sms_required_by_province_and_date() {
        assert!(!sms_required("天津市", date(2017, 12, 17)));
        assert!(sms_required("天津市", date(2017, 12, 18)));
        assert!(!sms_required("浙江省", date(2018, 9, 9)));
        assert!(sms_required("浙江省", date(2018, 9, 10)));
        assert!(!sms_required("湖北省", date(2018, 9, 23)));
        assert!(sms_required("湖北省", date(2018, 9, 24)));
        assert!(sms_required("内蒙古自治区", date(2019, 1, 1)));
        assert!(!sms_required("北京市", date(2020, 8, 16)));
        assert!(sms_required("北京市", date(2020, 8, 17)));
        assert!(sms_required("广东省", date(2026, 11, 28)));
        // Short names are not keys.
        assert!(!sms_required("浙江", date(2019, 1, 1)));
    }

    #[test]
    fn verifiers_by_filing_type_and_date() {
        use VerifierRole::*;
        let before = date(2019, 8, 16);
        let after = date(2021, 1, 1);
        let who = |t, d| sms_verifiers_for(t, d).unwrap().verifiers.clone();
        assert_eq!(who(F::FirstFiling, before), [SubjectPrincipal, WebsitePrincipal]);
        assert!(sms_verifiers_for(F::FirstFiling, before).unwrap().one_code_per_phone);
        assert_eq!(who(F::NewSiteSubjectElsewhere, before), [WebsitePrincipal]);
        assert_eq!(who(F::ContinueAccess, before), [WebsitePrincipal]);
        assert_eq!(who(F::ChangeSubject, before), [SubjectPrincipal]);
        assert_eq!(who(F::ChangeSite, before), [WebsitePrincipal]);
        assert!(who(F::CancelAccess, after).is_empty());
        assert!(who(F::DeregisterSubject, before).is_empty());
        assert_eq!(who(F::DeregisterSubject, after), [SubjectPrincipal]);
        assert_eq!(who(F::DeregisterSite, after), [WebsitePrincipal]);
    }

    #[test]
    fn senders_and_code() {
        let number = |c| sms_senders().iter().find(|s| s.carrier == c).and_then(|s| s.number.as_deref());
        assert_eq!(number(Carrier::Telecom), Some("106598051001"));
        assert_eq!(number(Carrier::Unicom), Some("10655113"));
        assert_eq!(number(Carrier::Mobile), Some("106575000130"));
        assert_eq!(number(Carrier::Virtual), None);
        assert_eq!(number(Carrier::Any), Some("12381"));
        for s in sms_senders() {
            assert!(!s.carrier_en.is_empty() && s.carrier_en.is_ascii(), "{:?}", s.carrier);
            if let Some(n) = &s.number {
                assert!(n.bytes().all(|b| b.is_ascii_digit()), "{n}");
            }
        }
        let code = sms_code();
        assert_eq!((code.digits, code.valid_hours), (6, 24));
        let zj = last6_rule_for("浙江省", CertType::HkMacauPass).unwrap();
        assert_eq!(zj.digits_from, Last6From::HkMacauId);
        assert!(zj.full_width_parentheses && zj.example.contains('（'));
        let bj = last6_rule_for("北京市", CertType::HkMacauPass).unwrap();
        assert_eq!(bj.digits_from, Last6From::CertNumber);
        assert!(last6_rule_for("浙江省", CertType::ResidentId).is_none());
    }
}
