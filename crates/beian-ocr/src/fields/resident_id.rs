//! What only a 居民身份证 needs: its address when the label 住址 was lost, 民族 as one of the 56 groups,
//! and 出生/性别 from a number that passed its check.

use super::divisions::correct_divisions;
use super::labels::{Label, find_labels};
use super::numbers::looks_like_number;
use super::text::{Glyph, Piece, is_cjk};
use super::values::{Value, reading_of};
use super::{FieldName, FieldReading, Fields};

/// A resident ID card's address when its label 住址 was not read (small blue-grey print is the first
/// thing noise takes): the card's layout is fixed, and the address is the block of lines in the
/// value column between the 出生 row and the 公民身份号码 row. Only with both rows read, and only lines
/// that start where the birth date starts (within 2.5 line heights) and hold no label or number.
pub(super) fn unlabelled_id_address(
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
            let text = p.char_list();
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
pub(super) fn ethnicity(chars: &[Glyph]) -> Option<FieldReading> {
    let cjk: Vec<Glyph> = chars.iter().copied().filter(|g| is_cjk(g.ch)).collect();
    let mut r = reading_of(&cjk)?;
    let read = r.value.clone().unwrap_or_default();
    let group = read.strip_suffix('族').filter(|g| ETHNIC_GROUPS.contains(g)).unwrap_or(&read);
    if ETHNIC_GROUPS.contains(&group) {
        r.value = Some(group.to_string());
    } else {
        r.value = None;
        r.needs_typing = Some(format!("识别出的民族“{read}”不是 56 个民族之一，可能有字认错：请对照原件手工输入"));
        r.needs_typing_en = Some(format!(
            "The ethnicity read, “{read}”, is not one of the 56 groups, so a character was probably misread: type it from the original."
        ));
    }
    Some(r)
}

/// A resident ID number that passed its check carries the holder's birth date (digits 7–14) and sex
/// (the 17th digit: odd for men): they fill 出生 and 性别 when those were not read, and stand for them
/// when what was read differs (a number passing GB 11643's check is far less likely misread than a
/// date or a single character).
pub(super) fn from_id_number(fields: &mut Fields) {
    let Some(number) = fields.get(&FieldName::CertNumber).cloned() else { return };
    let Some((date, sex)) = number.value.as_deref().and_then(beian_core::cert::resident_id_parts) else { return };
    let date = date.strftime("%Y-%m-%d").to_string();
    for (field, value) in [(FieldName::BirthDate, date), (FieldName::Sex, sex.label_zh().to_string())] {
        let read = fields.get(&field).and_then(|r| r.value.clone());
        if read.as_deref() != Some(value.as_str()) {
            let r = FieldReading {
                value: Some(value),
                confidence: number.confidence,
                needs_typing: None,
                needs_typing_en: None,
            };
            fields.insert(field, r);
        }
    }
}
