//! From what a certificate says to proposed values for a filing's fields: which fields a scan of a
//! given material fills, beside their current values. Nothing is written here: staff accept each
//! proposal (the app applies it to the draft, which is saved and validated as any edit is).

use beian_core::labels::Label;
use beian_core::{CertType, FilingDocument, Nature, Person};
use serde::Serialize;
use specta::Type;

use crate::fields::{FieldName, Reading};

/// The materials whose scans can fill fields of a filing (materials.toml codes).
pub const MATERIALS: [&str; 3] =
    ["subject_certificate", "subject_principal_certificate", "website_principal_certificate"];

/// A value proposed for one field of the filing.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Proposal {
    /// Field path in the filing document (`subject.cert_number`, `websites[1].principal.name`).
    pub path: String,
    /// The field's name on the form.
    pub label: Label,
    /// The certificate field it comes from ([`FieldName::code`]).
    pub source_field: String,
    /// The filing's value now.
    pub current: String,
    /// The value read; `None` when it must be typed (then `needs_typing` says why).
    pub proposed: Option<String>,
    /// How to show an enumerated value (the certificate type's name).
    pub proposed_label: Option<Label>,
    pub confidence: f32,
    /// Why the value must be typed from the original.
    pub needs_typing: Option<Label>,
    /// The current value already equals the proposed one.
    pub same: bool,
    /// What staff should know before accepting.
    pub note: Option<Label>,
}

/// What a scan proposes for a filing.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Proposals {
    pub items: Vec<Proposal>,
    /// When the scan fills nothing of this filing: why.
    pub remark: Option<Label>,
}

fn normalised(path: &str, value: &str) -> String {
    if path.ends_with("cert_number") { beian_core::cert::normalize(value) } else { value.trim().to_string() }
}

struct Builder<'a> {
    reading: &'a Reading,
    items: Vec<Proposal>,
}

impl Builder<'_> {
    fn field(&mut self, path: String, label: Label, field: FieldName, current: &str, note: Option<Label>) {
        let Some(r) = self.reading.get(field) else { return };
        let same = r.value.as_deref().is_some_and(|v| normalised(&path, v) == normalised(&path, current));
        self.items.push(Proposal {
            path,
            label,
            source_field: field.code().to_string(),
            current: current.to_string(),
            proposed: r.value.clone(),
            proposed_label: None,
            confidence: r.confidence,
            needs_typing: r
                .needs_typing
                .clone()
                .map(|zh| Label::new(zh, r.needs_typing_en.clone().unwrap_or_default())),
            same,
            note,
        });
    }

    /// The certificate type, when the certificate says which it is.
    fn cert_type(&mut self, path: String, current: CertType) {
        let Some(cert_type) = self.reading.kind.cert_type() else { return };
        self.items.push(Proposal {
            path,
            label: Label::new("证件类型", "Certificate type"),
            source_field: "kind".into(),
            current: current.code().to_string(),
            proposed: Some(cert_type.code().to_string()),
            proposed_label: Some(Label::new(cert_type.label_zh(), cert_type.label_en())),
            confidence: 1.0,
            needs_typing: None,
            same: current == cert_type,
            note: None,
        });
    }

    fn person(&mut self, prefix: &str, who: &Label, person: &Person) {
        let name = Label::new(format!("{}姓名", who.zh), format!("{}'s name", who.en));
        self.field(format!("{prefix}.name"), name, FieldName::Name, &person.name, None);
        self.cert_type(format!("{prefix}.cert_type"), person.cert_type);
        self.field(
            format!("{prefix}.cert_number"),
            Label::new(format!("{}证件号码", who.zh), format!("{}'s certificate number", who.en)),
            FieldName::CertNumber,
            &person.cert_number,
            None,
        );
    }
}

/// The values a scan attached as `material_code` proposes for `doc`.
pub fn proposals_for(material_code: &str, doc: &FilingDocument, reading: &Reading) -> Proposals {
    let mut b = Builder { reading, items: Vec::new() };
    if reading.is_empty() {
        return Proposals {
            items: Vec::new(),
            remark: Some(Label::new(
                "没有从这份扫描件中识别出证件内容。",
                "Nothing of a certificate could be read from this scan.",
            )),
        };
    }
    let is_id = reading.kind.is_personal();
    let mut remark = None;
    let s = &doc.subject;
    match material_code {
        "subject_certificate" if is_id && s.nature != Nature::Personal => {
            remark = Some(Label::new(
                format!(
                    "这是{}，而主体是单位：主体证件应为单位证件。个人证件请上传到“主体负责人证件”。",
                    reading.kind.label_zh()
                ),
                format!(
                    "This is a {}, but the subject is an organisation: its certificate must be the organisation's. Upload personal certificates under “Subject principal's certificate”.",
                    reading.kind.label_en()
                ),
            ));
        }
        // A personal filing's principal is the subject itself (the store copies it on save): a
        // principal's ID card there fills the subject.
        "subject_certificate" | "subject_principal_certificate" if is_id && s.nature == Nature::Personal => {
            b.field("subject.name".into(), Label::new("主办人姓名", "Holder's name"), FieldName::Name, &s.name, None);
            b.cert_type("subject.cert_type".into(), s.cert_type);
            let number = Label::new("主办人证件号码", "Holder's certificate number");
            b.field("subject.cert_number".into(), number, FieldName::CertNumber, &s.cert_number, None);
            let address = Label::new("主办人证件住所", "Holder's address on the certificate");
            b.field("subject.cert_address".into(), address, FieldName::Address, &s.cert_address, None);
        }
        "subject_certificate" if s.nature == Nature::Personal => {
            remark = Some(Label::new(
                format!("这是{}，而主体是个人：个人备案的主体证件是身份证件。", reading.kind.label_zh()),
                format!(
                    "This is a {}, but the subject is a person: a personal filing's certificate is an identity document.",
                    reading.kind.label_en()
                ),
            ));
        }
        "subject_certificate" => {
            b.field(
                "subject.name".into(),
                Label::new("主办单位名称", "Organisation name"),
                FieldName::Name,
                &s.name,
                None,
            );
            b.cert_type("subject.cert_type".into(), s.cert_type);
            let number = Label::new("主办单位证件号码", "Organisation's certificate number");
            b.field("subject.cert_number".into(), number, FieldName::CertNumber, &s.cert_number, None);
            let address = Label::new("主办单位证件住所", "Organisation's address on the certificate");
            b.field("subject.cert_address".into(), address, FieldName::Address, &s.cert_address, None);
            b.field(
                "subject.investor".into(),
                Label::new("投资人或主管单位", "Investor or supervising body"),
                FieldName::LegalRepresentative,
                &s.investor,
                Some(Label::new(
                    "指南：单位填写法定代表人姓名或主办单位全称。",
                    "Guide: an organisation gives its legal representative's name or its own full name.",
                )),
            );
            b.field(
                "subject.principal.name".into(),
                Label::new("主体负责人姓名", "Subject principal's name"),
                FieldName::LegalRepresentative,
                &s.principal.name,
                Some(Label::new(
                    "部分管局要求主体负责人为法定代表人；负责人不是法定代表人时不要采用。",
                    "Some bureaus require the subject principal to be the legal representative; do not accept this if the principal is someone else.",
                )),
            );
        }
        "subject_principal_certificate" | "website_principal_certificate" if !is_id => {
            remark = Some(Label::new(
                format!("这是{}，而这里需要负责人的身份证件。", reading.kind.label_zh()),
                format!(
                    "This is a {}, but this material is the principal's identity document.",
                    reading.kind.label_en()
                ),
            ));
        }
        "subject_principal_certificate" => {
            b.person("subject.principal", &Label::new("主体负责人", "Subject principal"), &s.principal);
        }
        "website_principal_certificate" => {
            let mut any = false;
            for (i, w) in doc.websites.iter().enumerate() {
                if let Some(p) = &w.principal {
                    any = true;
                    let who = if w.name.is_empty() {
                        Label::new(format!("网站{}负责人", i + 1), format!("Website {} principal", i + 1))
                    } else {
                        Label::new(format!("{}负责人", w.name), format!("“{}” principal", w.name))
                    };
                    b.person(&format!("websites[{i}].principal"), &who, p);
                }
            }
            if !any {
                remark = Some(Label::new(
                    "各网站都沿用主体负责人：如网站负责人另有其人，请先在网站信息中填写网站负责人。",
                    "Every website uses the subject principal: if a website has its own principal, enter them under the website first.",
                ));
            }
        }
        _ => {
            remark = Some(Label::new(
                "这份资料不对应表单中的字段：识别结果仅供核对。",
                "This material fills no field of the form: the reading is for checking only.",
            ));
        }
    }
    if b.items.is_empty() && remark.is_none() {
        remark = Some(Label::new("识别出的内容没有可填入的字段。", "Nothing that was read fills a field."));
    }
    Proposals { items: b.items, remark }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use beian_core::{Person, Website};

    use super::*;
    use crate::fields::{DocumentKind, FieldReading};

    fn reading(kind: DocumentKind, fields: &[(FieldName, Option<&str>)]) -> Reading {
        let mut map = BTreeMap::new();
        for (f, v) in fields {
            map.insert(
                f.code().to_string(),
                FieldReading {
                    value: v.map(str::to_string),
                    confidence: 0.97,
                    needs_typing: v.is_none().then(|| "校验位不符".to_string()),
                    needs_typing_en: v.is_none().then(|| "The check character fails".to_string()),
                },
            );
        }
        Reading { kind, fields: map }
    }

    fn doc(nature: Nature) -> FilingDocument {
        let mut d = FilingDocument::draft("", "example.cn");
        d.subject.nature = nature;
        d
    }

    fn paths(p: &Proposals) -> Vec<&str> {
        p.items.iter().map(|i| i.path.as_str()).collect()
    }

    /// English without Chinese, except inside the quotes around what staff typed.
    fn english(l: &Label) -> bool {
        let mut quoted = false;
        !l.en.trim().is_empty()
            && l.en.chars().all(|c| {
                if c == '“' || c == '”' {
                    quoted = c == '“';
                }
                quoted || !('\u{3000}'..='\u{9fff}').contains(&c) && !('\u{ff00}'..='\u{ffef}').contains(&c)
            })
    }

    #[test]
    fn every_text_of_every_proposal_is_in_both_languages() {
        let all = [FieldName::Name, FieldName::CertNumber, FieldName::Address, FieldName::LegalRepresentative];
        let mut seen = 0;
        for kind in DocumentKind::ALL {
            for fill in [true, false] {
                let fields: Vec<(FieldName, Option<&str>)> = all.iter().map(|&f| (f, fill.then_some("某某"))).collect();
                let r = if kind == DocumentKind::Unknown {
                    Reading { kind, fields: BTreeMap::new() }
                } else {
                    reading(kind, &fields)
                };
                for nature in [Nature::Personal, Nature::Enterprise] {
                    for material in MATERIALS.iter().copied().chain(["other_material"]) {
                        let mut d = doc(nature);
                        d.websites[0].name = "云帆网".into();
                        d.websites[0].principal = Some(Person::default());
                        let p = proposals_for(material, &d, &r);
                        let texts = p.items.iter().flat_map(|i| {
                            [Some(&i.label), i.note.as_ref(), i.needs_typing.as_ref(), i.proposed_label.as_ref()]
                        });
                        for t in texts.flatten().chain(p.remark.as_ref()) {
                            assert!(!t.zh.is_empty() && english(t), "{material} {kind:?}: {t:?}");
                            seen += 1;
                        }
                    }
                }
            }
        }
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn a_licence_fills_the_unit_subject_investor_and_principal() {
        let r = reading(
            DocumentKind::BusinessLicense,
            &[
                (FieldName::Name, Some("杭州云帆网络科技有限公司")),
                (FieldName::CertNumber, Some("91330106MA2H3K4L5X")),
                (FieldName::Address, Some("浙江省杭州市西湖区文三路90号")),
                (FieldName::LegalRepresentative, Some("陈晓峰")),
            ],
        );
        let mut d = doc(Nature::Enterprise);
        d.subject.name = "杭州云帆网络科技有限公司".into();
        let p = proposals_for("subject_certificate", &d, &r);
        assert_eq!(
            paths(&p),
            [
                "subject.name",
                "subject.cert_type",
                "subject.cert_number",
                "subject.cert_address",
                "subject.investor",
                "subject.principal.name"
            ]
        );
        assert!(p.items[0].same, "the name already matches");
        assert!(!p.items[2].same);
        assert_eq!(p.items[1].proposed.as_deref(), Some("business_license"));
        assert!(p.items[5].note.as_ref().map(|l| l.zh.as_str()).unwrap().contains("法定代表人"));
        assert!(p.remark.is_none());
    }

    #[test]
    fn an_id_card_fills_a_personal_subject_from_either_slot() {
        let r = reading(
            DocumentKind::ResidentId,
            &[(FieldName::Name, Some("王小明")), (FieldName::CertNumber, Some("11010519491231002X"))],
        );
        for material in ["subject_certificate", "subject_principal_certificate"] {
            let p = proposals_for(material, &doc(Nature::Personal), &r);
            assert_eq!(paths(&p), ["subject.name", "subject.cert_type", "subject.cert_number"], "{material}");
            assert_eq!(p.items[0].label.zh, "主办人姓名");
        }
    }

    #[test]
    fn a_pass_fills_a_personal_subject_with_its_certificate_type() {
        let r = reading(
            DocumentKind::HkMacauPass,
            &[(FieldName::Name, Some("陈大文")), (FieldName::CertNumber, Some("H60123457"))],
        );
        let p = proposals_for("subject_certificate", &doc(Nature::Personal), &r);
        assert_eq!(paths(&p), ["subject.name", "subject.cert_type", "subject.cert_number"]);
        assert_eq!(p.items[1].proposed.as_deref(), Some("hk_macau_pass"));
        let p = proposals_for("subject_certificate", &doc(Nature::Enterprise), &r);
        assert!(
            p.items.is_empty() && p.remark.as_ref().map(|l| l.zh.as_str()).unwrap().contains("港澳居民来往内地通行证")
        );
    }

    #[test]
    fn an_id_card_fills_the_unit_principal_and_the_websites_own_principals() {
        let r = reading(DocumentKind::ResidentId, &[(FieldName::Name, Some("李四")), (FieldName::CertNumber, None)]);
        let mut d = doc(Nature::Enterprise);
        let p = proposals_for("subject_principal_certificate", &d, &r);
        assert_eq!(
            paths(&p),
            ["subject.principal.name", "subject.principal.cert_type", "subject.principal.cert_number"]
        );
        let number = &p.items[2];
        assert_eq!(number.proposed, None);
        assert!(number.needs_typing.is_some());

        // websites without a principal of their own: nothing to fill, and why
        let p = proposals_for("website_principal_certificate", &d, &r);
        assert!(p.items.is_empty());
        assert!(p.remark.as_ref().map(|l| l.zh.as_str()).unwrap().contains("沿用主体负责人"));
        d.websites.push(Website { principal: Some(Person::default()), ..Website::default() });
        let p = proposals_for("website_principal_certificate", &d, &r);
        assert_eq!(
            paths(&p),
            ["websites[1].principal.name", "websites[1].principal.cert_type", "websites[1].principal.cert_number"]
        );
    }

    #[test]
    fn the_wrong_certificate_for_the_slot_is_explained_not_proposed() {
        let id = reading(DocumentKind::ResidentId, &[(FieldName::Name, Some("王小明"))]);
        let licence = reading(DocumentKind::BusinessLicense, &[(FieldName::Name, Some("某某有限公司"))]);
        let p = proposals_for("subject_certificate", &doc(Nature::Enterprise), &id);
        assert!(p.items.is_empty() && p.remark.as_ref().map(|l| l.zh.as_str()).unwrap().contains("单位证件"));
        let p = proposals_for("subject_certificate", &doc(Nature::Personal), &licence);
        assert!(p.items.is_empty() && p.remark.as_ref().map(|l| l.zh.as_str()).unwrap().contains("个人"));
        let p = proposals_for("subject_principal_certificate", &doc(Nature::Enterprise), &licence);
        assert!(p.items.is_empty() && p.remark.is_some());
        let p = proposals_for("domain_certificate", &doc(Nature::Enterprise), &licence);
        assert!(p.items.is_empty() && p.remark.is_some());
        let empty = reading(DocumentKind::Unknown, &[]);
        assert!(proposals_for("subject_certificate", &doc(Nature::Personal), &empty).remark.is_some());
    }
}
