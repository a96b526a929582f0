//! Values: where a label's value is (after it in its box, the box beside it, the line under it, the
//! lines a value wraps onto), and what a value says (a name, 男/女, a date).

use super::labels::{Label, find_labels};
use super::numbers::looks_like_number;
use super::text::{Glyph, Piece, is_cjk, mean};
use super::{FieldName, FieldReading};

/// A value found after a label: characters with probability and x, and the geometry of the piece
/// holding it (for continuation lines).
#[derive(Debug, Clone)]
pub(super) struct Value {
    pub(super) chars: Vec<Glyph>,
    pub(super) left: f32,
    pub(super) piece: usize,
}

/// The value of every label occurrence, in reading order: the text after the label up to the next
/// label in the same piece; when that is empty, the nearest piece to the right on the same row that
/// starts with no label; for a certificate number with nothing to its right, the line under its
/// label (a business licence prints the code under 统一社会信用代码).
///
/// Also says which pieces are values of any label, including the labels whose values are not read
/// (类型, 成立日期 …): such a piece is never the continuation of another value.
pub(super) fn values(pieces: &[Piece], labels: &[Label]) -> (Vec<(FieldName, Value)>, Vec<bool>) {
    let mut out = Vec::new();
    let mut used_as_value = vec![false; pieces.len()];
    for (pi, piece) in pieces.iter().enumerate() {
        if used_as_value[pi] {
            continue;
        }
        let text = piece.char_list();
        let found = find_labels(&text, labels);
        for (k, f) in found.iter().enumerate() {
            let end = found.get(k + 1).map_or(text.len(), |n| n.start);
            let mut start = f.end;
            while start < end && matches!(text[start], ':' | '：' | '.' | '·' | '-') {
                start += 1;
            }
            let value_chars: Vec<Glyph> = piece.chars[start..end].to_vec();
            if !value_chars.is_empty() {
                if let Some(field) = f.field {
                    let left = value_chars[0].x;
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
                let t = pieces[j].char_list();
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

/// Lines continuing a value below it (a wrapped address): under the previous line, close to it,
/// starting where the value starts (within 2.5 line heights: a value's start inside a merged
/// label box is estimated), with no label in them. At most three.
pub(super) fn continuation(pieces: &[Piece], labels: &[Label], value: &Value, taken: &mut [bool]) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut last = pieces[value.piece].clone();
    let h = last.height();
    for _ in 0..3 {
        let next = (0..pieces.len())
            .filter(|&j| !taken[j] && j != value.piece)
            .filter(|&j| {
                let p = &pieces[j];
                let text = p.char_list();
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

/// Keeps the characters a personal name has: Chinese characters and the middle dot of
/// transliterated names.
pub(super) fn person_name(chars: &[Glyph]) -> Vec<Glyph> {
    chars
        .iter()
        .copied()
        .filter(|g| is_cjk(g.ch) || matches!(g.ch, '·' | '•'))
        .map(|g| Glyph { ch: if g.ch == '•' { '·' } else { g.ch }, ..g })
        .collect()
}

pub(super) fn reading_of(chars: &[Glyph]) -> Option<FieldReading> {
    let value: String = chars.iter().map(|g| g.ch).collect();
    let value = value.trim_matches(|c: char| matches!(c, ':' | '：' | ',' | '，' | '。' | '.')).to_string();
    if value.is_empty() {
        return None;
    }
    Some(FieldReading {
        value: Some(value),
        confidence: mean(chars.iter().map(|g| g.prob)),
        needs_typing: None,
        needs_typing_en: None,
    })
}

/// 男 or 女: the first of them in the value.
pub(super) fn sex(chars: &[Glyph]) -> Option<FieldReading> {
    reading_of(&chars.iter().copied().filter(|g| matches!(g.ch, '男' | '女')).take(1).collect::<Vec<_>>())
}

/// `1990年3月7日` → `1990-03-07`.
pub(super) fn birth_date(chars: &[Glyph]) -> Option<FieldReading> {
    let text: String = chars.iter().map(|g| g.ch).collect();
    let nums: Vec<u32> =
        text.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
    let [y, m, d] = nums[..] else { return None };
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(FieldReading {
        value: Some(format!("{y:04}-{m:02}-{d:02}")),
        confidence: mean(chars.iter().filter(|g| g.ch.is_ascii_digit()).map(|g| g.prob)),
        needs_typing: None,
        needs_typing_en: None,
    })
}
