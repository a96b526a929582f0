//! Labels: the words a certificate prints before its values (`姓名`, `统一社会信用代码` …), per kind
//! of certificate, found in a line even when letter-spaced (`住一所`) or split over two boxes
//! (`名` | `称北京…`).

use super::FieldName;
use super::text::Piece;

/// A label and the field it introduces (`None`: a label whose value is not read, but which ends the
/// value before it).
pub(super) type Label = (&'static str, Option<FieldName>);

pub(super) const ID_LABELS: &[Label] = &[
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

pub(super) const PASS_LABELS: &[Label] = &[
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

pub(super) const UNIT_LABELS: &[Label] = &[
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
pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) field: Option<FieldName>,
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

pub(super) fn find_labels(text: &[char], labels: &[Label]) -> Vec<Found> {
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
pub(super) fn join_split_labels(mut pieces: Vec<Piece>, labels: &[Label]) -> Vec<Piece> {
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
