//! The plan of a filing (`beian plan`, and the app's type-check / SMS / materials panels): the
//! filing type and why, the materials to prepare, the SMS verification, and the expected dates if
//! it were submitted on its `as_of` date.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::calendar::Calendar;
use crate::cert;
use crate::diag::{Diagnostic, Severity};
use crate::filing_type::{self, Registry, TypeCheck};
use crate::model::{FilingDocument, FilingType};
use crate::schedule::Schedule;
use crate::sms::{self, SmsPlan};
use crate::tables::{self, MaterialCondition, MaterialKind};

/// One material to prepare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MaterialItem {
    pub code: String,
    /// The material's name in Chinese.
    pub name: String,
    /// The same in English.
    #[serde(default)]
    pub name_en: String,
    pub kind: MaterialKind,
    /// Needed for this filing now; `false` for materials provided only when the reviewer or the
    /// 管局 asks (`on_request`).
    pub required: bool,
    pub condition: MaterialCondition,
    pub source: String,
}

/// Where the plan's filing type comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TypeSource {
    /// The document's `filing_type`.
    Document,
    /// Determined from the subject, the domains, the registry and the `filed` declarations.
    Determined,
}

/// A filing's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Plan {
    pub filing_type: Option<FilingType>,
    /// The filing type's name in Chinese.
    pub filing_type_label: Option<String>,
    /// The same in English.
    #[serde(default)]
    pub filing_type_label_en: Option<String>,
    pub filing_type_source: TypeSource,
    /// The determination (reason, blockers, warnings); for a follow-up type given by the document,
    /// only a reason.
    pub type_check: TypeCheck,
    /// The date the rules are evaluated at and the expected dates count from.
    #[specta(type = String)]
    pub as_of: Date,
    pub sms: SmsPlan,
    pub materials: Vec<MaterialItem>,
    /// The expected dates if the filing is submitted on `as_of`, at the filing's provider.
    pub expected: Schedule,
    /// The filing's provider: what its code is called, where its authenticity check is done.
    pub provider: ProviderSummary,
}

/// What a plan, the hand-off and the print views say about the filing's provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProviderSummary {
    /// The provider code (`aliyun`); an unknown code is shown as `other`'s.
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// The provider account the filing is made under, if named.
    pub account: Option<String>,
    /// What the provider calls its code (备案服务号, 备案授权码 …).
    pub code_label: String,
    pub code_label_en: String,
    /// Where the photo and face check is done (阿里云APP …); `None` when no source says.
    pub check_where: Option<String>,
    /// How long the check's QR code lives, in minutes, when a source says.
    pub check_qr_minutes: Option<u32>,
    pub check_who: Option<String>,
    pub check_how: Option<String>,
    /// Whether the check's facts are confirmed by the provider's own source.
    pub check_confirmed: bool,
    /// Days the order stays valid, and whether the figure is confirmed.
    pub validity_days: u32,
    /// From when the days run: the first submission, each submission, or each step.
    pub validity_counted_from: crate::providers::ValidityStart,
    pub validity_confirmed: bool,
}

impl ProviderSummary {
    pub fn of(doc: &FilingDocument) -> ProviderSummary {
        let p = crate::providers::profile_or_other(doc.provider.trim());
        ProviderSummary {
            code: p.meta.code.clone(),
            name: p.meta.name_zh.clone(),
            name_en: p.meta.name_en.clone(),
            account: doc.provider_account.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned),
            code_label: p.code.label_zh.clone(),
            code_label_en: p.code.label_en.clone(),
            check_where: p.authenticity.where_zh.clone(),
            check_qr_minutes: p.authenticity.qr_minutes,
            check_who: p.authenticity.who_zh.clone(),
            check_how: p.authenticity.how_zh.clone(),
            check_confirmed: p.authenticity.confirmed,
            validity_days: p.validity_days(),
            validity_counted_from: p.validity.counted_from,
            validity_confirmed: p.validity.confirmed,
        }
    }
}

fn principal_differs(doc: &FilingDocument) -> bool {
    let subject = cert::normalize(&doc.subject.principal.cert_number);
    doc.websites.iter().any(|w| {
        w.principal.as_ref().is_some_and(|p| {
            let theirs = cert::normalize(&p.cert_number);
            theirs.is_empty() || theirs != subject || p.cert_type != doc.subject.principal.cert_type
        })
    })
}

/// The materials of a filing of `filing_type` on `date` ([`tables::materials_for`]): those whose
/// condition holds for the document, the on-request ones marked not required.
pub fn materials(doc: &FilingDocument, filing_type: FilingType, date: Date) -> Vec<MaterialItem> {
    let differs = principal_differs(doc);
    let preapproval = doc.websites.iter().any(|w| !w.preapprovals.is_empty());
    let app = doc.websites.iter().any(|w| w.service_type != crate::model::ServiceType::Website);
    tables::materials_for(filing_type, doc.subject.nature, &doc.subject.region.province, date)
        .filter_map(|m| {
            let required = match m.condition {
                MaterialCondition::Always => true,
                MaterialCondition::WebsitePrincipalDiffers if differs => true,
                MaterialCondition::HasPreapproval if preapproval => true,
                MaterialCondition::HasApp if app => true,
                MaterialCondition::OnRequest => false,
                _ => return None,
            };
            Some(MaterialItem {
                code: m.code.clone(),
                name: m.name_zh.clone(),
                name_en: m.name_en.clone(),
                kind: m.kind,
                required,
                condition: m.condition,
                source: m.source.clone(),
            })
        })
        .collect()
}

/// The plan of `doc`: its own `filing_type`, else the determined one (from `registry` and the
/// document's `filed` declarations); `today` (a CST date) when the document has no `as_of`.
pub fn plan(doc: &FilingDocument, registry: &Registry, cal: &Calendar, today: Date) -> Plan {
    let as_of = doc.as_of.unwrap_or(today);
    let (filing_type, source, type_check) = match doc.filing_type {
        Some(t) if filing_type::is_follow_up(t) => (
            Some(t),
            TypeSource::Document,
            TypeCheck {
                filing_type: Some(t),
                reason: format!("文档指定为{}：须基于已通过的备案办理（《备案规则摘要》§1）", t.label_zh()),
                reason_en: format!(
                    "The document gives the type {}: it starts from an approved filing ({})",
                    t.label_en(),
                    crate::rules::citation("rules-digest.md §1").en
                ),
                sites: Vec::new(),
                blockers: Vec::new(),
                warnings: Vec::new(),
            },
        ),
        Some(t) => {
            let mut check = filing_type::determine(doc, registry);
            if let Some(found) = check.filing_type
                && found != t
            {
                let (given_zh, given_en) = (t.label_zh(), t.label_en());
                let (found_zh, found_en) = (found.label_zh(), found.label_en());
                let (reason_zh, reason_en) = (&check.reason, &check.reason_en);
                let message = crate::text!(
                    zh: "文档的备案类型为{given_zh}，但按主体和域名的备案情况应为{found_zh}：{reason_zh}",
                    en: "The document's filing type is {given_en}, but where the subject and the domains were filed calls for {found_en}: {reason_en}.",
                );
                check.warnings.push(Diagnostic {
                    code: "filing_type_mismatch".to_owned(),
                    severity: Severity::Warning,
                    field: "filing_type".to_owned(),
                    message: message.zh,
                    message_en: message.en,
                    rule: crate::rules::ids::WF_TYPE.to_owned(),
                    source: "rules-digest.md §1".to_owned(),
                });
            }
            (Some(t), TypeSource::Document, check)
        }
        None => {
            let check = filing_type::determine(doc, registry);
            (check.filing_type, TypeSource::Determined, check)
        }
    };
    let province = doc.subject.region.province.as_str();
    Plan {
        filing_type,
        filing_type_label: filing_type.map(|t| t.label_zh().to_owned()),
        filing_type_label_en: filing_type.map(|t| t.label_en().to_owned()),
        filing_type_source: source,
        type_check,
        as_of,
        sms: sms::sms_plan(doc, filing_type, as_of),
        materials: filing_type.map(|t| materials(doc, t, as_of)).unwrap_or_default(),
        expected: Schedule::expected_at(as_of, province, doc.provider.trim(), cal),
        provider: ProviderSummary::of(doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CertType, Person, Preapproval};
    use jiff::civil::date;

    fn sample() -> FilingDocument {
        let mut d = FilingDocument::draft("张三", "example.com");
        d.subject.region.province = "浙江省".into();
        d.subject.cert_number = "33010619900101123X".into();
        d.subject.principal = Person {
            name: "张三".into(),
            cert_type: CertType::ResidentId,
            cert_number: "33010619900101123X".into(),
            phone: "13800000000".into(),
            ..Person::default()
        };
        d
    }

    fn codes(p: &Plan) -> Vec<(&str, bool)> {
        p.materials.iter().map(|m| (m.code.as_str(), m.required)).collect()
    }

    #[test]
    fn personal_first_filing_in_zhejiang() {
        let p = plan(&sample(), &Registry::empty(), Calendar::builtin_ref(), date(2024, 9, 27));
        assert_eq!(p.filing_type, Some(FilingType::FirstFiling));
        assert_eq!(p.filing_type_source, TypeSource::Determined);
        assert_eq!(p.as_of, date(2024, 9, 27));
        assert!(p.sms.required);
        assert_eq!(p.sms.verifiers.len(), 1);
        assert_eq!(
            codes(&p),
            [("subject_certificate", true), ("verification_form", false), ("domain_certificate", false)]
        );
        assert_eq!(p.expected.first_review_by, date(2024, 9, 29));
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["filing_type"], "first_filing");
        assert_eq!(v["sms"]["verifiers"][0]["role"], "subject_principal");
        assert_eq!(v["sms"]["verifiers"][0]["last6"], "01123X");
        assert_eq!(v["materials"][0]["name"], "主体证件");
        assert_eq!(v["expected"]["order_expires"], "2024-11-10");
        // The English beside the Chinese.
        assert_eq!((&v["filing_type_label"], &v["filing_type_label_en"]), (&"首次备案".into(), &"First filing".into()));
        assert_eq!(v["materials"][0]["name_en"], "Subject's certificate");
        assert_eq!(v["sms"]["instructions_en"].as_array().map(Vec::len), Some(p.sms.instructions.len()));
    }

    #[test]
    fn plans_written_before_the_english_fields_still_read() {
        let p = plan(&sample(), &Registry::empty(), Calendar::builtin_ref(), date(2024, 9, 27));
        let mut v = serde_json::to_value(&p).unwrap();
        let strip = |v: &mut serde_json::Value, key: &str| {
            v.as_object_mut().unwrap().remove(key).unwrap();
        };
        strip(&mut v, "filing_type_label_en");
        strip(&mut v["sms"], "reason_en");
        strip(&mut v["sms"], "instructions_en");
        strip(&mut v["sms"]["verifiers"][0], "last6_hint_en");
        for s in v["sms"]["senders"].as_array_mut().unwrap() {
            strip(s, "carrier_en");
        }
        for m in v["materials"].as_array_mut().unwrap() {
            strip(m, "name_en");
        }
        let old: Plan = serde_json::from_value(v).unwrap();
        assert_eq!(old.filing_type_label_en, None);
        assert!(old.sms.reason_en.is_empty() && old.sms.instructions_en.is_empty());
        assert_eq!(old.sms.instructions, p.sms.instructions);
        assert_eq!(old.materials[0].name, p.materials[0].name);
        assert!(old.materials[0].name_en.is_empty());
    }

    #[test]
    fn conditional_materials_and_declared_type() {
        let mut d = sample();
        d.subject.nature = crate::model::Nature::Enterprise;
        d.subject.region.province = "广东省".into();
        d.as_of = Some(date(2022, 1, 1));
        d.websites[0].preapprovals.push(Preapproval { kind: "news".into(), ..Preapproval::default() });
        d.websites[0].principal =
            Some(Person { cert_number: "110101199003074514".into(), phone: "13900000000".into(), ..Person::default() });
        d.filing_type = Some(FilingType::NewSiteSubjectHere);
        let p = plan(&d, &Registry::empty(), Calendar::builtin_ref(), date(2030, 1, 1));
        assert_eq!(p.as_of, date(2022, 1, 1));
        assert_eq!(p.filing_type, Some(FilingType::NewSiteSubjectHere));
        assert_eq!(p.filing_type_source, TypeSource::Document);
        assert!(p.type_check.warnings.iter().any(|w| w.code == "filing_type_mismatch"));
        let c = codes(&p);
        assert!(c.contains(&("website_principal_certificate", true)));
        assert!(c.contains(&("preapproval_document", true)));
        assert!(c.contains(&("guangdong_commitment", true)));
        // New site: only the website principal verifies.
        assert_eq!(p.sms.verifiers.len(), 1);
        assert_eq!(p.sms.verifiers[0].phone, "13900000000");
    }

    #[test]
    fn follow_up_types_are_taken_as_given() {
        let mut d = sample();
        d.filing_type = Some(FilingType::CancelAccess);
        let p = plan(&d, &Registry::empty(), Calendar::builtin_ref(), date(2024, 1, 1));
        assert_eq!(p.filing_type, Some(FilingType::CancelAccess));
        assert!(p.materials.is_empty());
        assert!(!p.sms.required);
        assert!(p.type_check.blockers.is_empty());
    }
}
