//! Certificate fields from text lines: which certificate it is, and the values printed beside its
//! labels.
//!
//! Labels and values come merged (`姓名张三`), split into boxes (`姓名` | `张三`), or with the label
//! itself split by its wide letter-spacing (`名` | `称北京某某有限公司`); a value may wrap onto
//! following lines (an address), and a business licence prints two columns. So values are found
//! relative to their labels, by position, never by whole lines. Numbers are proposed only when their
//! check characters pass (GB 11643 for resident IDs, GB 32100 for credit codes); otherwise the field
//! says it needs typing.
//!
//! The modules, in the order a scan goes through them: `text` (lines as glyphs in boxes), `labels`
//! (which labels, where), `values` (each label's value, and what it says), `numbers` (18-character
//! numbers and their check characters), `divisions` (division names that correct an address or a
//! unit's name); per kind of certificate, `resident_id` (居民身份证 only) and `pass` (港澳/台湾通行证).
//! ID cards and units' certificates are read by [`read_fields`] here.

use std::collections::BTreeMap;

use beian_core::CertType;
use serde::Serialize;
use specta::Type;

use crate::TextLine;

mod divisions;
mod labels;
mod numbers;
mod pass;
mod resident_id;
mod text;
mod values;

use divisions::{correct_divisions, correct_name_place};
use labels::{ID_LABELS, PASS_LABELS, UNIT_LABELS, find_labels, join_split_labels};
use numbers::{number_candidates, number_reading};
use resident_id::{ethnicity, from_id_number, unlabelled_id_address};
use text::{Piece, piece_of};
use values::{birth_date, continuation, person_name, reading_of, sex, values};

/// Which certificate a scan shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 居民身份证 (front, back, or both on one page).
    ResidentId,
    /// 营业执照.
    BusinessLicense,
    /// 事业单位法人证书.
    InstitutionCertificate,
    /// 社会团体法人登记证书.
    SocialGroupCertificate,
    /// 民办非企业单位登记证书.
    PrivateNonEnterpriseCertificate,
    /// 港澳居民来往内地通行证.
    HkMacauPass,
    /// 台湾居民来往大陆通行证.
    TaiwanPass,
    /// Nothing recognisable.
    Unknown,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::ResidentId,
        DocumentKind::BusinessLicense,
        DocumentKind::InstitutionCertificate,
        DocumentKind::SocialGroupCertificate,
        DocumentKind::PrivateNonEnterpriseCertificate,
        DocumentKind::HkMacauPass,
        DocumentKind::TaiwanPass,
        DocumentKind::Unknown,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "resident_id",
            DocumentKind::BusinessLicense => "business_license",
            DocumentKind::InstitutionCertificate => "institution_certificate",
            DocumentKind::SocialGroupCertificate => "social_group_certificate",
            DocumentKind::PrivateNonEnterpriseCertificate => "private_non_enterprise_certificate",
            DocumentKind::HkMacauPass => "hk_macau_pass",
            DocumentKind::TaiwanPass => "taiwan_pass",
            DocumentKind::Unknown => "unknown",
        }
    }

    /// The certificate's name (`data/labels/labels.toml`, `[document_kind]`).
    pub fn label_zh(self) -> &'static str {
        beian_core::labels::zh(beian_core::labels::Group::DocumentKind, self.code())
    }

    pub fn label_en(self) -> &'static str {
        beian_core::labels::en(beian_core::labels::Group::DocumentKind, self.code())
    }

    /// Both names.
    pub fn label(self) -> beian_core::labels::Label {
        beian_core::labels::Label::new(self.label_zh(), self.label_en())
    }

    /// The filing's certificate type this certificate is.
    pub fn cert_type(self) -> Option<CertType> {
        match self {
            DocumentKind::ResidentId => Some(CertType::ResidentId),
            DocumentKind::BusinessLicense => Some(CertType::BusinessLicense),
            DocumentKind::InstitutionCertificate => Some(CertType::InstitutionCertificate),
            DocumentKind::SocialGroupCertificate => Some(CertType::SocialGroupCertificate),
            DocumentKind::PrivateNonEnterpriseCertificate => Some(CertType::PrivateNonEnterpriseCertificate),
            DocumentKind::HkMacauPass => Some(CertType::HkMacauPass),
            DocumentKind::TaiwanPass => Some(CertType::TaiwanPass),
            DocumentKind::Unknown => None,
        }
    }

    /// A person's certificate (as opposed to a unit's).
    pub fn is_personal(self) -> bool {
        matches!(self, DocumentKind::ResidentId | DocumentKind::HkMacauPass | DocumentKind::TaiwanPass)
    }
}

/// A field a certificate carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldName {
    /// 姓名 / 名称.
    Name,
    /// 公民身份号码 / 统一社会信用代码.
    CertNumber,
    /// 住址 / 住所 / 经营场所.
    Address,
    /// 法定代表人 / 负责人 / 经营者 / 执行事务合伙人.
    LegalRepresentative,
    /// 性别.
    Sex,
    /// 民族.
    Ethnicity,
    /// 出生.
    BirthDate,
    /// 签发机关.
    IssuingAuthority,
    /// 有效期限.
    ValidPeriod,
}

impl FieldName {
    pub const ALL: [FieldName; 9] = [
        FieldName::Name,
        FieldName::CertNumber,
        FieldName::Address,
        FieldName::LegalRepresentative,
        FieldName::Sex,
        FieldName::Ethnicity,
        FieldName::BirthDate,
        FieldName::IssuingAuthority,
        FieldName::ValidPeriod,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FieldName::Name => "name",
            FieldName::CertNumber => "cert_number",
            FieldName::Address => "address",
            FieldName::LegalRepresentative => "legal_representative",
            FieldName::Sex => "sex",
            FieldName::Ethnicity => "ethnicity",
            FieldName::BirthDate => "birth_date",
            FieldName::IssuingAuthority => "issuing_authority",
            FieldName::ValidPeriod => "valid_period",
        }
    }

    /// The field's name (`data/labels/labels.toml`, `[cert_field]`).
    pub fn label_zh(self) -> &'static str {
        beian_core::labels::zh(beian_core::labels::Group::CertField, self.code())
    }

    pub fn label_en(self) -> &'static str {
        beian_core::labels::en(beian_core::labels::Group::CertField, self.code())
    }
}

/// One field as read.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct FieldReading {
    /// The value to propose; `None` when it must be typed (see `needs_typing`).
    pub value: Option<String>,
    /// Mean probability the recogniser gave the value's characters (0–1).
    pub confidence: f32,
    /// Why the field must be typed from the original instead, in Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs_typing: Option<String>,
    /// The same in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs_typing_en: Option<String>,
}

impl FieldReading {
    /// A field that must be typed from the original, and why (in both languages).
    pub fn to_type(confidence: f32, zh: String, en: String) -> FieldReading {
        FieldReading { value: None, confidence, needs_typing: Some(zh), needs_typing_en: Some(en) }
    }
}

/// What a scan says.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Reading {
    pub kind: DocumentKind,
    /// Keyed by [`FieldName::code`].
    pub fields: BTreeMap<String, FieldReading>,
}

impl Reading {
    pub fn get(&self, field: FieldName) -> Option<&FieldReading> {
        self.fields.get(field.code())
    }

    /// Whether anything can be proposed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// The fields read so far, keyed by field. [`Reading`] keys them by code, as its JSON (the window's
/// bindings, `beian scan --json`) has them.
type Fields = BTreeMap<FieldName, FieldReading>;

impl Reading {
    fn from_fields(kind: DocumentKind, fields: Fields) -> Reading {
        Reading { kind, fields: fields.into_iter().map(|(field, r)| (field.code().to_owned(), r)).collect() }
    }
}

// ---------------------------------------------------------------------------------------------
// Kind and reading

fn kind_of(all: &str) -> DocumentKind {
    if all.contains("港澳居民来往内地通行证") {
        DocumentKind::HkMacauPass
    } else if all.contains("台湾居民来往大陆通行证") {
        DocumentKind::TaiwanPass
    } else if all.contains("事业单位法人证书") {
        DocumentKind::InstitutionCertificate
    } else if all.contains("社会团体法人登记证书") {
        DocumentKind::SocialGroupCertificate
    } else if all.contains("民办非企业单位登记证书") {
        DocumentKind::PrivateNonEnterpriseCertificate
    } else if all.contains("营业执照")
        || (all.contains("统一社会信用代码")
            && ["法定代表人", "经营者", "执行事务合伙人", "经营范围", "类型"].iter().any(|l| all.contains(l)))
    {
        DocumentKind::BusinessLicense
    } else if all.contains("公民身份号码")
        || all.contains("居民身份证")
        || (all.contains("姓名") && (all.contains("民族") || all.contains("住址")))
    {
        DocumentKind::ResidentId
    } else if all.contains("统一社会信用代码") {
        DocumentKind::BusinessLicense
    } else {
        DocumentKind::Unknown
    }
}

// ---------------------------------------------------------------------------------------------

/// Reads the fields of the certificate the lines come from.
pub fn read_fields(lines: &[TextLine]) -> Reading {
    let pieces: Vec<Piece> = lines.iter().map(piece_of).filter(|p| !p.chars.is_empty()).collect();
    let all: String = pieces.iter().map(Piece::text).collect();
    let kind = kind_of(&all);
    let labels = match kind {
        DocumentKind::ResidentId => ID_LABELS,
        DocumentKind::HkMacauPass | DocumentKind::TaiwanPass => PASS_LABELS,
        DocumentKind::Unknown => &[],
        _ => UNIT_LABELS,
    };
    let mut fields = Fields::new();
    if kind == DocumentKind::Unknown {
        return Reading::from_fields(kind, fields);
    }
    if matches!(kind, DocumentKind::HkMacauPass | DocumentKind::TaiwanPass) {
        return pass::read_pass(kind, pieces);
    }
    let pieces = join_split_labels(pieces, labels);
    let (found, mut taken) = values(&pieces, labels);
    let credit_code = kind != DocumentKind::ResidentId;

    // Certificate number: after its label first, anywhere on the page otherwise.
    let mut cands = Vec::new();
    for (field, v) in &found {
        if *field == FieldName::CertNumber {
            cands.extend(number_candidates(&v.chars, credit_code, true));
        }
    }
    for p in &pieces {
        // a number beside another label (证照编号, 注册号) is not the certificate's
        if find_labels(&p.char_list(), labels).iter().any(|f| f.field != Some(FieldName::CertNumber)) {
            continue;
        }
        cands.extend(number_candidates(&p.chars, credit_code, false));
    }
    let labelled_number_missing = found.iter().any(|(f, _)| *f == FieldName::CertNumber);
    let what = if credit_code {
        ("统一社会信用代码", "unified social credit code")
    } else {
        ("公民身份号码", "ID number")
    };
    match number_reading(&cands, what) {
        Some(r) => {
            fields.insert(FieldName::CertNumber, r);
        }
        None if labelled_number_missing || kind == DocumentKind::ResidentId && all.contains("公民身份号码") => {
            fields.insert(
                FieldName::CertNumber,
                FieldReading::to_type(
                    0.0,
                    format!("未能识别{}：请对照原件手工输入", what.0),
                    format!("The {} could not be read: type it from the original.", what.1),
                ),
            );
        }
        None => {}
    }

    // the address first: the divisions it names help read a unit's name
    let mut divisions = Vec::new();
    let addresses_first =
        found.iter().filter(|f| f.0 == FieldName::Address).chain(found.iter().filter(|f| f.0 != FieldName::Address));
    for (field, v) in addresses_first {
        if fields.contains_key(field) {
            continue;
        }
        let reading = match field {
            FieldName::CertNumber => None,
            FieldName::Name if kind == DocumentKind::ResidentId => reading_of(&person_name(&v.chars)),
            FieldName::LegalRepresentative => reading_of(&person_name(&v.chars)),
            // an address wraps; so does a long unit name
            FieldName::Address => {
                let mut chars = v.chars.clone();
                chars.extend(continuation(&pieces, labels, v, &mut taken));
                divisions = correct_divisions(&mut chars);
                reading_of(&chars)
            }
            FieldName::Name => {
                let mut chars = v.chars.clone();
                chars.extend(continuation(&pieces, labels, v, &mut taken));
                correct_name_place(&mut chars, &divisions);
                reading_of(&chars)
            }
            FieldName::BirthDate => birth_date(&v.chars),
            FieldName::Sex => sex(&v.chars),
            FieldName::Ethnicity => {
                // `民族草` | `朝鲜`: the label's box took a sliver of the value's first character;
                // the value's own box, next on the row, is the group
                let read = ethnicity(&v.chars);
                let next = (0..pieces.len())
                    .filter(|&j| !taken[j] && j != v.piece && pieces[v.piece].followed_by(&pieces[j]))
                    .min_by(|&a, &b| pieces[a].left.total_cmp(&pieces[b].left));
                match (read, next) {
                    (Some(r), Some(j)) if r.value.is_none() => {
                        let beside = ethnicity(&pieces[j].chars).filter(|b| b.value.is_some());
                        if beside.is_some() {
                            taken[j] = true;
                        }
                        beside.or(Some(r))
                    }
                    (read, _) => read,
                }
            }
            _ => reading_of(&v.chars),
        };
        if let Some(r) = reading {
            fields.insert(*field, r);
        }
    }
    if kind == DocumentKind::ResidentId {
        if !fields.contains_key(&FieldName::Address)
            && let Some(r) = unlabelled_id_address(&pieces, labels, &found, &taken)
        {
            fields.insert(FieldName::Address, r);
        }
        from_id_number(&mut fields);
    }
    Reading::from_fields(kind, fields)
}

#[cfg(test)]
mod tests;
