//! Certificate fields from text lines: which certificate it is, and the values printed beside its
//! labels.
//!
//! Labels and values come merged (`姓名张三`), split into boxes (`姓名` | `张三`), or with the label
//! itself split by its wide letter-spacing (`名` | `称北京某某有限公司`); a value may wrap onto
//! following lines (an address), and a business licence prints two columns. So values are found
//! relative to their labels, by position, never by whole lines. Numbers are proposed only when their
//! check characters pass (GB 11643 for resident IDs, GB 32100 for credit codes); otherwise the field
//! says it needs typing.

use std::collections::BTreeMap;

use beian_core::CertType;
use beian_core::cert::{gb11643_check_char, uscc_check_char};
use beian_core::regions;
use serde::Serialize;
use specta::Type;

use crate::TextLine;

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

    pub fn label_zh(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "居民身份证",
            DocumentKind::BusinessLicense => "营业执照",
            DocumentKind::InstitutionCertificate => "事业单位法人证书",
            DocumentKind::SocialGroupCertificate => "社会团体法人登记证书",
            DocumentKind::PrivateNonEnterpriseCertificate => "民办非企业单位登记证书",
            DocumentKind::HkMacauPass => "港澳居民来往内地通行证",
            DocumentKind::TaiwanPass => "台湾居民来往大陆通行证",
            DocumentKind::Unknown => "未能识别的证件",
        }
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

    pub fn label_zh(self) -> &'static str {
        match self {
            FieldName::Name => "名称",
            FieldName::CertNumber => "证件号码",
            FieldName::Address => "住所",
            FieldName::LegalRepresentative => "法定代表人",
            FieldName::Sex => "性别",
            FieldName::Ethnicity => "民族",
            FieldName::BirthDate => "出生",
            FieldName::IssuingAuthority => "签发机关",
            FieldName::ValidPeriod => "有效期限",
        }
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

// ---------------------------------------------------------------------------------------------
// Text, normalised, with each character's probability and estimated x position

#[derive(Debug, Clone)]
struct Piece {
    /// Characters after normalisation, with probability and the x of the character's left edge.
    chars: Vec<(char, f32, f32)>,
    top: f32,
    bottom: f32,
    left: f32,
    right: f32,
}

impl Piece {
    fn text(&self) -> String {
        self.chars.iter().map(|c| c.0).collect()
    }
    fn height(&self) -> f32 {
        (self.bottom - self.top).max(1.0)
    }
    fn center_y(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
    fn same_row(&self, other: &Piece) -> bool {
        let h = self.height().min(other.height());
        (self.center_y() - other.center_y()).abs() < 0.5 * h
    }
    /// Whether `other` is the line right under this one: starting under it, within a line height.
    fn above(&self, other: &Piece) -> bool {
        let h = self.height().min(other.height());
        other.top > self.center_y()
            && other.top - self.bottom < h
            && other.left < self.right
            && other.right > self.left
            && (other.left - self.left).abs() < 1.5 * h
    }
    /// Whether `other` is a box to the right on this row. Detected boxes are grown around their text
    /// (by about half a line height on each side, more for a letter-spaced label, and over background
    /// patterns), so with a narrow gap a neighbour overlaps this box: it need only start past this
    /// box's middle and end past its end.
    fn followed_by(&self, other: &Piece) -> bool {
        self.same_row(other) && other.left > (self.left + self.right) / 2.0 && other.right > self.right
    }
}

/// Full-width ASCII to ASCII, whitespace dropped, half-width parentheses to the full-width ones
/// Chinese certificates print.
fn normalise_char(c: char) -> Option<char> {
    let c = match c as u32 {
        0xFF01..=0xFF5E if c != '（' && c != '）' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    match c {
        c if c.is_whitespace() => None,
        '(' => Some('（'),
        ')' => Some('）'),
        c => Some(c),
    }
}

fn piece_of(line: &TextLine) -> Piece {
    let raw: Vec<(char, f32)> = line.chars.clone();
    let (left, right) = (line.left(), line.right());
    let n = raw.len().max(1) as f32;
    let chars = raw
        .iter()
        .enumerate()
        .filter_map(|(i, &(c, p))| normalise_char(c).map(|c| (c, p, left + (right - left) * i as f32 / n)))
        .collect();
    Piece { chars, top: line.top(), bottom: line.bottom(), left, right }
}

fn mean(ps: impl Iterator<Item = f32>) -> f32 {
    let (sum, n) = ps.fold((0.0f32, 0u32), |(s, n), p| (s + p, n + 1));
    if n == 0 { 0.0 } else { sum / n as f32 }
}

// ---------------------------------------------------------------------------------------------
// Labels

/// A label and the field it introduces (`None`: a label whose value is not read, but which ends the
/// value before it).
type Label = (&'static str, Option<FieldName>);

const ID_LABELS: &[Label] = &[
    ("公民身份号码", Some(FieldName::CertNumber)),
    ("姓名", Some(FieldName::Name)),
    ("性别", Some(FieldName::Sex)),
    ("民族", Some(FieldName::Ethnicity)),
    ("出生", Some(FieldName::BirthDate)),
    ("住址", Some(FieldName::Address)),
    ("签发机关", Some(FieldName::IssuingAuthority)),
    ("有效期限", Some(FieldName::ValidPeriod)),
    ("中华人民共和国", None),
    ("居民身份证", None),
];

const PASS_LABELS: &[Label] = &[
    ("证件号码", Some(FieldName::CertNumber)),
    ("姓名", Some(FieldName::Name)),
    ("出生日期", Some(FieldName::BirthDate)),
    ("性别", Some(FieldName::Sex)),
    ("有效期限", Some(FieldName::ValidPeriod)),
    ("签发机关", Some(FieldName::IssuingAuthority)),
    ("签发次数", None),
    ("签发地点", None),
    ("港澳居民来往内地通行证", None),
    ("台湾居民来往大陆通行证", None),
];

const UNIT_LABELS: &[Label] = &[
    ("统一社会信用代码", Some(FieldName::CertNumber)),
    ("法定代表人（负责人）", Some(FieldName::LegalRepresentative)),
    ("法定代表人", Some(FieldName::LegalRepresentative)),
    ("执行事务合伙人", Some(FieldName::LegalRepresentative)),
    ("经营者", Some(FieldName::LegalRepresentative)),
    ("负责人", Some(FieldName::LegalRepresentative)),
    ("投资人", Some(FieldName::LegalRepresentative)),
    ("主要经营场所", Some(FieldName::Address)),
    ("经营场所", Some(FieldName::Address)),
    ("营业场所", Some(FieldName::Address)),
    ("住所", Some(FieldName::Address)),
    ("单位名称", Some(FieldName::Name)),
    ("名称", Some(FieldName::Name)),
    ("类型", None),
    ("组成形式", None),
    ("宗旨和业务范围", None),
    ("经营范围", None),
    ("业务范围", None),
    ("注册资本", None),
    ("出资额", None),
    ("开办资金", None),
    ("注册资金", None),
    ("成立日期", None),
    ("注册日期", None),
    ("营业期限", None),
    ("合伙期限", None),
    ("有效期", None),
    ("登记机关", None),
    ("举办单位", None),
    ("业务主管单位", None),
    ("经费来源", None),
    ("注册号", None),
    ("证照编号", None),
];

/// A label found in a piece: where it starts and ends (char indices) and its field.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    field: Option<FieldName>,
}

/// Characters the recogniser reads into the wide gaps of a letter-spaced label (`住　　所` read as
/// `住一所`, `名-称`): skipped between a short label's characters.
const GAP_FILLERS: &[char] = &['一', '-', '—', '－', '_', '·', '.', '~', '～', 'ー', '|', '、', '…'];

/// Labels printed letter-spaced are the short ones.
const SPACED_LABEL_MAX: usize = 3;

/// Matches `label` at `text[i..]`, allowing up to two gap fillers between the characters of a short
/// label. Returns the number of label characters matched (all of them, or fewer when `text` ends
/// first) and the index after the last one; `None` when a character differs.
fn match_label(text: &[char], i: usize, label: &[char]) -> Option<(usize, usize)> {
    let mut j = i;
    for (k, &c) in label.iter().enumerate() {
        if k > 0 && label.len() <= SPACED_LABEL_MAX {
            let mut skipped = 0;
            while skipped < 2 && j < text.len() && text[j] != c && GAP_FILLERS.contains(&text[j]) {
                j += 1;
                skipped += 1;
            }
        }
        if j == text.len() {
            return Some((k, j));
        }
        if text[j] != c {
            return None;
        }
        j += 1;
    }
    Some((label.len(), j))
}

fn find_labels(text: &[char], labels: &[Label]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let hit = labels.iter().find_map(|(l, field)| {
            let l: Vec<char> = l.chars().collect();
            match match_label(text, i, &l) {
                Some((n, end)) if n == l.len() => Some((end, *field)),
                _ => None,
            }
        });
        match hit {
            Some((end, field)) => {
                out.push(Found { start: i, end, field });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether `text` is the first characters of a label and nothing more (e.g. `名` of `名称`).
fn is_label_fragment(text: &str, labels: &[Label]) -> bool {
    let text: Vec<char> = text.chars().collect();
    !text.is_empty()
        && labels.iter().any(|(l, _)| {
            let l: Vec<char> = l.chars().collect();
            matches!(match_label(&text, 0, &l), Some((n, end)) if n > 0 && n < l.len() && end == text.len())
        })
}

/// Whether `text` starts with a label.
fn starts_with_label(text: &str, labels: &[Label]) -> bool {
    let text: Vec<char> = text.chars().collect();
    find_labels(&text, labels).first().is_some_and(|f| f.start == 0)
}

/// Joins a box holding the first characters of a label with the box to its right on the same row
/// when together they start with that label (`名` + `称北京…`).
fn join_split_labels(mut pieces: Vec<Piece>, labels: &[Label]) -> Vec<Piece> {
    let mut i = 0;
    while i < pieces.len() {
        let text = pieces[i].text();
        if is_label_fragment(&text, labels) {
            let partner = (0..pieces.len())
                .filter(|&j| j != i && pieces[i].followed_by(&pieces[j]))
                .min_by(|&a, &b| pieces[a].left.total_cmp(&pieces[b].left));
            if let Some(j) = partner {
                let joined = format!("{text}{}", pieces[j].text());
                if starts_with_label(&joined, labels) {
                    let right = pieces.remove(j);
                    let left = &mut pieces[if j < i { i - 1 } else { i }];
                    left.chars.extend(right.chars);
                    left.right = right.right;
                    left.top = left.top.min(right.top);
                    left.bottom = left.bottom.max(right.bottom);
                    continue;
                }
            }
        }
        i += 1;
    }
    pieces
}

// ---------------------------------------------------------------------------------------------
// Kind

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
// Values

/// A value found after a label: characters with probability and x, and the geometry of the piece
/// holding it (for continuation lines).
#[derive(Debug, Clone)]
struct Value {
    chars: Vec<(char, f32, f32)>,
    left: f32,
    piece: usize,
}

/// The value of every label occurrence, in reading order: the text after the label up to the next
/// label in the same piece; when that is empty, the nearest piece to the right on the same row that
/// starts with no label; for a certificate number with nothing to its right, the line under its
/// label (a business licence prints the code under 统一社会信用代码).
///
/// Also says which pieces are values of any label, including the labels whose values are not read
/// (类型, 成立日期 …): such a piece is never the continuation of another value.
fn values(pieces: &[Piece], labels: &[Label]) -> (Vec<(FieldName, Value)>, Vec<bool>) {
    let mut out = Vec::new();
    let mut used_as_value = vec![false; pieces.len()];
    for (pi, piece) in pieces.iter().enumerate() {
        if used_as_value[pi] {
            continue;
        }
        let text: Vec<char> = piece.chars.iter().map(|c| c.0).collect();
        let found = find_labels(&text, labels);
        for (k, f) in found.iter().enumerate() {
            let end = found.get(k + 1).map_or(text.len(), |n| n.start);
            let mut start = f.end;
            while start < end && matches!(text[start], ':' | '：' | '.' | '·' | '-') {
                start += 1;
            }
            let value_chars: Vec<(char, f32, f32)> = piece.chars[start..end].to_vec();
            if !value_chars.is_empty() {
                if let Some(field) = f.field {
                    let left = value_chars[0].2;
                    out.push((field, Value { chars: value_chars, left, piece: pi }));
                }
                continue;
            }
            // The value is a box of its own to the right (only for a label that ends its piece).
            if end != text.len() {
                continue;
            }
            let right = (0..pieces.len())
                .filter(|&j| j != pi && !used_as_value[j] && piece.followed_by(&pieces[j]))
                .min_by(|&a, &b| pieces[a].left.total_cmp(&pieces[b].left));
            let below = || {
                (0..pieces.len())
                    .filter(|&j| j != pi && !used_as_value[j] && piece.above(&pieces[j]))
                    .min_by(|&a, &b| pieces[a].top.total_cmp(&pieces[b].top))
            };
            let holder = match (right, f.field) {
                (Some(j), _) => Some(j),
                (None, Some(FieldName::CertNumber)) => below(),
                _ => None,
            };
            if let Some(j) = holder {
                let t: Vec<char> = pieces[j].chars.iter().map(|c| c.0).collect();
                let labels_there = find_labels(&t, labels);
                let stop = labels_there.first().map_or(t.len(), |l| l.start);
                if stop > 0 {
                    used_as_value[j] = true;
                    if let Some(field) = f.field {
                        let value = Value { chars: pieces[j].chars[..stop].to_vec(), left: pieces[j].left, piece: j };
                        out.push((field, value));
                    }
                }
            }
        }
    }
    (out, used_as_value)
}

/// A resident ID card's address when its label 住址 was not read (small blue-grey print is the first
/// thing noise takes): the card's layout is fixed, and the address is the block of lines in the
/// value column between the 出生 row and the 公民身份号码 row. Only with both rows read, and only lines
/// that start where the birth date starts (within 2.5 line heights) and hold no label or number.
fn unlabelled_id_address(
    pieces: &[Piece],
    labels: &[Label],
    found: &[(FieldName, Value)],
    taken: &[bool],
) -> Option<FieldReading> {
    let birth = found.iter().find(|(f, _)| *f == FieldName::BirthDate).map(|(_, v)| v)?;
    let number_row = found
        .iter()
        .find(|(f, _)| *f == FieldName::CertNumber)
        .map(|(_, v)| &pieces[v.piece])
        .or_else(|| pieces.iter().find(|p| looks_like_number(&p.text())))?;
    let above = &pieces[birth.piece];
    let h = above.height();
    let mut block: Vec<&Piece> = pieces
        .iter()
        .enumerate()
        .filter(|&(j, p)| {
            let text: Vec<char> = p.chars.iter().map(|c| c.0).collect();
            !taken[j]
                && p.top > above.center_y() + 0.5 * h
                && p.bottom < number_row.center_y()
                && (p.left - birth.left).abs() < 2.5 * h
                && find_labels(&text, labels).is_empty()
                && !looks_like_number(&p.text())
        })
        .map(|(_, p)| p)
        .collect();
    block.sort_by(|a, b| a.top.total_cmp(&b.top));
    // the address starts within two lines of the birth date, its lines close together
    let first = block.first()?;
    if first.top - above.bottom > 2.5 * h {
        return None;
    }
    let mut chars = first.chars.clone();
    let mut last = *first;
    for p in &block[1..] {
        if p.top - last.bottom > 1.0 * h {
            break;
        }
        chars.extend(p.chars.iter().copied());
        last = p;
    }
    correct_divisions(&mut chars);
    reading_of(&chars)
}

/// Lines continuing a value below it (a wrapped address): under the previous line, close to it,
/// starting where the value starts (within 2.5 line heights: a value's start inside a merged
/// label box is estimated), with no label in them. At most three.
fn continuation(pieces: &[Piece], labels: &[Label], value: &Value, taken: &mut [bool]) -> Vec<(char, f32, f32)> {
    let mut out = Vec::new();
    let mut last = pieces[value.piece].clone();
    let h = last.height();
    for _ in 0..3 {
        let next = (0..pieces.len())
            .filter(|&j| !taken[j] && j != value.piece)
            .filter(|&j| {
                let p = &pieces[j];
                let text: Vec<char> = p.chars.iter().map(|c| c.0).collect();
                p.center_y() > last.center_y() + 0.5 * h
                    && p.top - last.bottom < 1.0 * h
                    && (p.left - value.left).abs() < 2.5 * h
                    && find_labels(&text, labels).is_empty()
                    && !looks_like_number(&p.text())
            })
            .min_by(|&a, &b| pieces[a].top.total_cmp(&pieces[b].top));
        let Some(j) = next else { break };
        taken[j] = true;
        out.extend(pieces[j].chars.iter().copied());
        last = pieces[j].clone();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Division names

/// Below this probability a character may be replaced to complete a division name.
const UNSURE: f32 = 0.9;

/// How `name` matches `chars` at `at`: `Some(None)` exactly, `Some(Some(i))` with the one character
/// at `i` differing where the recogniser was unsure of it; `None` otherwise.
fn near_match(chars: &[(char, f32, f32)], at: usize, name: &str) -> Option<Option<usize>> {
    let name: Vec<char> = name.chars().collect();
    if name.len() < 2 || chars.len() < at + name.len() {
        return None;
    }
    let mut differs = None;
    for (k, &n) in name.iter().enumerate() {
        let (c, p, _) = chars[at + k];
        if c != n {
            if differs.is_some() || p >= UNSURE || !is_cjk(c) {
                return None;
            }
            differs = Some(at + k);
        }
    }
    Some(differs)
}

/// The one name of `names` found at `at` (an exact match first; a match with one unsure character
/// only when no other name matches so), with the character to correct.
fn division_at(chars: &[(char, f32, f32)], at: usize, names: &[&'static str]) -> Option<(&'static str, Option<usize>)> {
    let matches: Vec<(&'static str, Option<usize>)> =
        names.iter().filter_map(|&n| near_match(chars, at, n).map(|d| (n, d))).collect();
    let longest = |ms: &[&(&'static str, Option<usize>)]| ms.iter().max_by_key(|m| m.0.len()).map(|m| **m);
    let exact: Vec<_> = matches.iter().filter(|m| m.1.is_none()).collect();
    if !exact.is_empty() {
        // the longest exact name (市南区 over 市…)
        return longest(&exact);
    }
    // near names must agree on the correction (厦门市 and 厦门 both make 內 a 门)
    let fixes: Vec<(usize, char)> =
        matches.iter().filter_map(|(n, d)| d.and_then(|i| n.chars().nth(i - at).map(|c| (i, c)))).collect();
    if fixes.windows(2).all(|w| w[0] == w[1]) { longest(&matches.iter().collect::<Vec<_>>()) } else { None }
}

/// An address begins with its divisions (province, city, district: `福建省厦门市思明区`), names from
/// a closed list (GB/T 2260). Where a character of one of them was read unsure and differs, and the
/// rest of the name is there, the character is corrected (`厦內市` → `厦门市`: the recogniser reads
/// 门 as 內 in some fonts). Returns the division names the address starts with.
fn correct_divisions(chars: &mut [(char, f32, f32)]) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut at = 0;
    let fix = |chars: &mut [(char, f32, f32)], name: &'static str, at: usize, differs: Option<usize>| {
        if let Some(i) = differs {
            chars[i].0 = name.chars().nth(i - at).unwrap_or(chars[i].0);
        }
        name.chars().count()
    };
    let provinces = regions::provinces();
    let province = division_at(chars, at, &provinces).map(|(p, d)| {
        at += fix(chars, p, at, d);
        found.push(p);
        p
    });
    // without the province, the city must be unambiguous across the country
    let city_pool: Vec<(&'static str, &'static str)> = match province {
        Some(p) => regions::cities(p).into_iter().map(|c| (p, c)).collect(),
        None => provinces.iter().flat_map(|&p| regions::cities(p).into_iter().map(move |c| (p, c))).collect(),
    };
    let names: Vec<&'static str> = city_pool.iter().map(|pc| pc.1).collect();
    let city = match province {
        // a municipality's one city is named like itself and not repeated in addresses
        Some(p) if names == [p] => Some((p, p)),
        _ => division_at(chars, at, &names).and_then(|(c, d)| {
            let owners: Vec<&(&str, &str)> = city_pool.iter().filter(|pc| pc.1 == c).collect();
            let [&(p, c)] = owners[..] else { return None };
            at += fix(chars, c, at, d);
            found.push(c);
            Some((p, c))
        }),
    };
    if let Some((p, c)) = city {
        let districts = regions::districts(p, c);
        if let Some((name, d)) = division_at(chars, at, &districts) {
            fix(chars, name, at, d);
            found.push(name);
        }
    }
    found
}

/// A unit's name usually begins with the place it is registered in (行政区划 + 字号 + 行业 + 组织形式),
/// one of the divisions its address names, in full or — a province or city — without 省/市
/// (`厦门市…`, `厦门星辰网络科技有限公司`): an unsure character there is corrected the same way.
fn correct_name_place(chars: &mut [(char, f32, f32)], divisions: &[&'static str]) {
    let mut names: Vec<&'static str> = Vec::new();
    for d in divisions {
        names.push(d);
        for suffix in ["省", "市"] {
            if let Some(short) = d.strip_suffix(suffix)
                && short.chars().count() >= 2
            {
                names.push(short);
            }
        }
    }
    if let Some((name, Some(i))) = division_at(chars, 0, &names) {
        chars[i].0 = name.chars().nth(i).unwrap_or(chars[i].0);
    }
}

fn looks_like_number(text: &str) -> bool {
    let alnum = text.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    alnum >= 15 && alnum * 10 >= text.chars().count() * 8
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Keeps the characters a personal name has: Chinese characters and the middle dot of
/// transliterated names.
fn person_name(chars: &[(char, f32, f32)]) -> Vec<(char, f32, f32)> {
    chars
        .iter()
        .copied()
        .filter(|(c, _, _)| is_cjk(*c) || matches!(c, '·' | '•'))
        .map(|(c, p, x)| (if c == '•' { '·' } else { c }, p, x))
        .collect()
}

fn reading_of(chars: &[(char, f32, f32)]) -> Option<FieldReading> {
    let value: String = chars.iter().map(|c| c.0).collect();
    let value = value.trim_matches(|c: char| matches!(c, ':' | '：' | ',' | '，' | '。' | '.')).to_string();
    if value.is_empty() {
        return None;
    }
    Some(FieldReading { value: Some(value), confidence: mean(chars.iter().map(|c| c.1)), needs_typing: None })
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// Characters OCR confuses in a number, mapped to the ones a resident ID (digits, final `X`) or a
/// credit code (digits and capitals without I, O, S, V, Z) can hold. A mapping is only ever kept
/// when the whole number then passes its check character.
fn number_char(c: char, credit_code: bool) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        'O' | 'o' | '〇' => Some('0'),
        'I' | 'l' | '|' => Some('1'),
        'x' | 'X' | '×' => Some('X'),
        'D' | 'Q' if !credit_code => Some('0'),
        'Z' | 'z' if credit_code => Some('2'),
        'S' | 's' if credit_code => Some('5'),
        c if credit_code && c.is_ascii_alphabetic() => {
            let u = c.to_ascii_uppercase();
            (!matches!(u, 'I' | 'O' | 'S' | 'V' | 'Z')).then_some(u)
        }
        _ => None,
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    number: String,
    confidence: f32,
    valid: bool,
    /// After the certificate-number label.
    labelled: bool,
}

/// Runs of 18 number characters in `chars` (separators inside are skipped), each checked. After the
/// label, a run a little longer or shorter is looked at too (a stray character read from the box's
/// edge; a character lost); elsewhere on the page only a run of exactly 18 is a candidate: a longer
/// one is another number (a licence's 20-digit 证照编号), whose 18-character windows would pass the
/// check now and then by chance.
fn number_candidates(chars: &[(char, f32, f32)], credit_code: bool, labelled: bool) -> Vec<Candidate> {
    let mapped: Vec<(char, f32)> = chars
        .iter()
        .filter(|c| !matches!(c.0, '-' | '·' | '.'))
        .map(|&(c, p, _)| (number_char(c, credit_code).unwrap_or('\u{0}'), p))
        .collect();
    let mut out = Vec::new();
    let mut run: Vec<(char, f32)> = Vec::new();
    let flush = |run: &mut Vec<(char, f32)>, out: &mut Vec<Candidate>| {
        if run.len() >= 15 && (labelled || run.len() == 18) {
            let mut best: Option<Candidate> = None;
            for start in 0..=run.len().saturating_sub(18) {
                let window = &run[start..(start + 18).min(run.len())];
                let number: String = window.iter().map(|c| c.0).collect();
                let valid = window.len() == 18 && check_passes(&number, credit_code);
                let cand = Candidate { number, confidence: mean(window.iter().map(|c| c.1)), valid, labelled };
                if best.as_ref().is_none_or(|b| !b.valid && cand.valid) {
                    best = Some(cand);
                }
            }
            out.extend(best);
        }
        run.clear();
    };
    for &(c, p) in &mapped {
        if c == '\u{0}' {
            flush(&mut run, &mut out);
        } else {
            run.push((c, p));
        }
    }
    flush(&mut run, &mut out);
    out
}

fn check_passes(number: &str, credit_code: bool) -> bool {
    let (body, last) = number.split_at(17);
    let expected = if credit_code { uscc_check_char(body) } else { gb11643_check_char(body) };
    expected.is_some_and(|c| last.starts_with(c))
}

/// The number to propose: a labelled one that passes its check; failing that, when no complete
/// number was read after the label, one from elsewhere on the page that passes. A complete labelled
/// number that fails its check is the certificate's number misread (or misprinted): it is flagged
/// for typing, and no other number on the page stands in for it.
fn number_reading(cands: &[Candidate], what: &str) -> Option<FieldReading> {
    let best = |labelled: bool| {
        cands.iter().filter(|c| c.valid && c.labelled == labelled).max_by(|a, b| a.confidence.total_cmp(&b.confidence))
    };
    let labelled_complete = cands.iter().any(|c| c.labelled && c.number.len() == 18);
    let pick = best(true).or_else(|| if labelled_complete { None } else { best(false) });
    if let Some(c) = pick {
        return Some(FieldReading { value: Some(c.number.clone()), confidence: c.confidence, needs_typing: None });
    }
    let seen = cands.iter().find(|c| c.labelled).or(cands.first())?;
    let why = if seen.number.len() == 18 {
        format!("识别出的{what}校验位不符，可能有字符认错：请对照原件手工输入")
    } else {
        format!("只识别出 {} 位{what}（应为 18 位）：请对照原件手工输入", seen.number.len())
    };
    Some(FieldReading { value: None, confidence: seen.confidence, needs_typing: Some(why) })
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
    let mut fields = BTreeMap::new();
    if kind == DocumentKind::Unknown {
        return Reading { kind, fields };
    }
    if matches!(kind, DocumentKind::HkMacauPass | DocumentKind::TaiwanPass) {
        return read_pass(kind, pieces);
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
        let text: Vec<char> = p.chars.iter().map(|c| c.0).collect();
        if find_labels(&text, labels).iter().any(|f| f.field != Some(FieldName::CertNumber)) {
            continue;
        }
        cands.extend(number_candidates(&p.chars, credit_code, false));
    }
    let labelled_number_missing = found.iter().any(|(f, _)| *f == FieldName::CertNumber);
    let what = if credit_code { "统一社会信用代码" } else { "公民身份号码" };
    match number_reading(&cands, what) {
        Some(r) => {
            fields.insert(FieldName::CertNumber.code().to_string(), r);
        }
        None if labelled_number_missing || kind == DocumentKind::ResidentId && all.contains("公民身份号码") => {
            fields.insert(
                FieldName::CertNumber.code().to_string(),
                FieldReading {
                    value: None,
                    confidence: 0.0,
                    needs_typing: Some(format!("未能识别{what}：请对照原件手工输入")),
                },
            );
        }
        None => {}
    }

    // the address first: the divisions it names help read a unit's name
    let mut divisions = Vec::new();
    let addresses_first =
        found.iter().filter(|f| f.0 == FieldName::Address).chain(found.iter().filter(|f| f.0 != FieldName::Address));
    for (field, v) in addresses_first {
        if fields.contains_key(field.code()) {
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
            fields.insert(field.code().to_string(), r);
        }
    }
    if kind == DocumentKind::ResidentId {
        if !fields.contains_key(FieldName::Address.code())
            && let Some(r) = unlabelled_id_address(&pieces, labels, &found, &taken)
        {
            fields.insert(FieldName::Address.code().to_string(), r);
        }
        from_id_number(&mut fields);
    }
    Reading { kind, fields }
}

/// A 港澳居民来往内地通行证 or 台湾居民来往大陆通行证: the Chinese name, the number (printed at the top
/// right, usually without a label), birth date, sex, validity and issuer. These numbers carry no check
/// character: one is proposed only when it has the certificate's exact form (`cert::check`: H/M and
/// 8 digits, or the old 10; 8 digits for Taiwan) and is the only such number on the card.
fn read_pass(kind: DocumentKind, pieces: Vec<Piece>) -> Reading {
    let labels = PASS_LABELS;
    let pieces = join_split_labels(pieces, labels);
    let (found, _) = values(&pieces, labels);
    let mut fields = BTreeMap::new();
    let cert_type = kind.cert_type().unwrap_or(CertType::Other);
    let as_of = jiff::civil::date(2100, 1, 1);
    // every alphanumeric run of every line, with OCR's O/0 and I/1 confusions mended after the
    // first character, that has the number's exact form; a labelled one first
    let mut candidates: Vec<(bool, String, f32)> = Vec::new();
    for (pi, p) in pieces.iter().enumerate() {
        let labelled = found.iter().any(|(f, v)| *f == FieldName::CertNumber && v.piece == pi);
        // a run in the value of another field (出生日期19750203) is not the number
        let text: Vec<char> = p.chars.iter().map(|c| c.0).collect();
        let piece_labels = find_labels(&text, labels);
        let in_other_field = |at: usize| {
            piece_labels
                .iter()
                .rev()
                .find(|l| l.end <= at)
                .is_some_and(|l| l.field.is_some() && l.field != Some(FieldName::CertNumber))
        };
        let mut run: Vec<(char, f32)> = Vec::new();
        let chars = p.chars.iter().map(|c| (c.0, c.1)).chain(std::iter::once((' ', 0.0)));
        for (i, (c, prob)) in chars.enumerate() {
            if c.is_ascii_alphanumeric() {
                run.push((c, prob));
                continue;
            }
            if run.len() >= 8 && !in_other_field(i - run.len()) {
                let text: String = run
                    .iter()
                    .enumerate()
                    .map(|(i, &(c, _))| match c {
                        'O' | 'o' if i > 0 => '0',
                        'I' | 'l' if i > 0 => '1',
                        c => c.to_ascii_uppercase(),
                    })
                    .collect();
                if beian_core::cert::check(cert_type, &text, as_of).is_valid() {
                    candidates.push((labelled, text, mean(run.iter().map(|r| r.1))));
                }
            }
            run.clear();
        }
    }
    // one entry a number (labelled if any occurrence is), labelled ones first
    let mut unique: BTreeMap<String, (bool, f32)> = BTreeMap::new();
    for (labelled, number, confidence) in candidates {
        let e = unique.entry(number).or_insert((labelled, confidence));
        e.0 |= labelled;
        e.1 = e.1.max(confidence);
    }
    let mut candidates: Vec<(bool, String, f32)> = unique.into_iter().map(|(n, (l, c))| (l, n, c)).collect();
    candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
    let labelled = candidates.iter().filter(|c| c.0).count();
    // the labelled number if there is exactly one, else the only number of the form on the card
    let pick = if labelled > 0 {
        candidates.first().filter(|_| labelled == 1)
    } else {
        candidates.first().filter(|_| candidates.len() == 1)
    };
    match pick {
        Some((_, number, confidence)) => {
            fields.insert(
                FieldName::CertNumber.code().to_string(),
                FieldReading { value: Some(number.clone()), confidence: *confidence, needs_typing: None },
            );
        }
        None => {
            let why = if candidates.is_empty() {
                "未能识别证件号码"
            } else {
                "识别出不止一个像证件号码的号码"
            };
            fields.insert(
                FieldName::CertNumber.code().to_string(),
                FieldReading {
                    value: None, confidence: 0.0, needs_typing: Some(format!("{why}：请对照原件手工输入"))
                },
            );
        }
    }
    for (field, v) in &found {
        if fields.contains_key(field.code()) {
            continue;
        }
        let reading = match field {
            FieldName::CertNumber => None,
            FieldName::Name => reading_of(&person_name(&v.chars)),
            FieldName::BirthDate => birth_date(&v.chars),
            FieldName::Sex => sex(&v.chars),
            _ => reading_of(&v.chars),
        };
        if let Some(r) = reading {
            fields.insert(field.code().to_string(), r);
        }
    }
    Reading { kind, fields }
}

/// The 56 ethnic groups as a resident ID card prints them (without 族).
const ETHNIC_GROUPS: [&str; 56] = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// 民族: one of the 56 groups (a trailing 族 dropped); anything else was misread (`回` read as `口`).
fn ethnicity(chars: &[(char, f32, f32)]) -> Option<FieldReading> {
    let cjk: Vec<(char, f32, f32)> = chars.iter().copied().filter(|c| is_cjk(c.0)).collect();
    let mut r = reading_of(&cjk)?;
    let read = r.value.clone().unwrap_or_default();
    let group = read.strip_suffix('族').filter(|g| ETHNIC_GROUPS.contains(g)).unwrap_or(&read);
    if ETHNIC_GROUPS.contains(&group) {
        r.value = Some(group.to_string());
    } else {
        r.value = None;
        r.needs_typing = Some(format!("识别出的民族“{read}”不是 56 个民族之一，可能有字认错：请对照原件手工输入"));
    }
    Some(r)
}

/// A resident ID number that passed its check carries the holder's birth date (digits 7–14) and sex
/// (the 17th digit: odd for men): they fill 出生 and 性别 when those were not read, and stand for them
/// when what was read differs (a number passing GB 11643's check is far less likely misread than a
/// date or a single character).
fn from_id_number(fields: &mut BTreeMap<String, FieldReading>) {
    let Some(number) = fields.get(FieldName::CertNumber.code()).cloned() else { return };
    let Some((date, sex)) = number.value.as_deref().and_then(beian_core::cert::resident_id_parts) else { return };
    let date = date.strftime("%Y-%m-%d").to_string();
    for (field, value) in [(FieldName::BirthDate, date), (FieldName::Sex, sex.label_zh().to_string())] {
        let read = fields.get(field.code()).and_then(|r| r.value.clone());
        if read.as_deref() != Some(value.as_str()) {
            let r = FieldReading { value: Some(value), confidence: number.confidence, needs_typing: None };
            fields.insert(field.code().to_string(), r);
        }
    }
}

/// 男 or 女: the first of them in the value.
fn sex(chars: &[(char, f32, f32)]) -> Option<FieldReading> {
    reading_of(&chars.iter().copied().filter(|c| matches!(c.0, '男' | '女')).take(1).collect::<Vec<_>>())
}

/// `1990年3月7日` → `1990-03-07`.
fn birth_date(chars: &[(char, f32, f32)]) -> Option<FieldReading> {
    let text: String = chars.iter().map(|c| c.0).collect();
    let nums: Vec<u32> =
        text.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
    let [y, m, d] = nums[..] else { return None };
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(FieldReading {
        value: Some(format!("{y:04}-{m:02}-{d:02}")),
        confidence: mean(chars.iter().filter(|c| c.0.is_ascii_digit()).map(|c| c.1)),
        needs_typing: None,
    })
}

#[cfg(test)]
mod tests;
