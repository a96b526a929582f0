//! Text, normalised: each line's characters with their probability and estimated x position, and
//! the geometry of its box.

use crate::TextLine;

/// One character of a line after normalisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Glyph {
    pub(super) ch: char,
    /// The recogniser's probability for it (0–1).
    pub(super) prob: f32,
    /// The x of its left edge, estimated: the line's box shared evenly among the characters the
    /// recogniser read (before normalisation dropped any).
    pub(super) x: f32,
}

/// A line of text as the fields are read from it: its glyphs and its box.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) chars: Vec<Glyph>,
    pub(super) top: f32,
    pub(super) bottom: f32,
    pub(super) left: f32,
    pub(super) right: f32,
}

impl Piece {
    pub(super) fn text(&self) -> String {
        self.chars.iter().map(|g| g.ch).collect()
    }
    /// The characters alone, for label matching.
    pub(super) fn char_list(&self) -> Vec<char> {
        self.chars.iter().map(|g| g.ch).collect()
    }
    pub(super) fn height(&self) -> f32 {
        (self.bottom - self.top).max(1.0)
    }
    pub(super) fn center_y(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
    fn same_row(&self, other: &Piece) -> bool {
        let h = self.height().min(other.height());
        (self.center_y() - other.center_y()).abs() < 0.5 * h
    }
    /// Whether `other` is the line right under this one: starting under it, within a line height.
    pub(super) fn above(&self, other: &Piece) -> bool {
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
    pub(super) fn followed_by(&self, other: &Piece) -> bool {
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

pub(super) fn piece_of(line: &TextLine) -> Piece {
    let (left, right) = (line.left(), line.right());
    let n = line.chars.len().max(1) as f32;
    let chars = line
        .chars
        .iter()
        .enumerate()
        .filter_map(|(i, &(c, prob))| {
            normalise_char(c).map(|ch| Glyph { ch, prob, x: left + (right - left) * i as f32 / n })
        })
        .collect();
    Piece { chars, top: line.top(), bottom: line.bottom(), left, right }
}

pub(super) fn mean(ps: impl Iterator<Item = f32>) -> f32 {
    let (sum, n) = ps.fold((0.0f32, 0u32), |(s, n), p| (s + p, n + 1));
    if n == 0 { 0.0 } else { sum / n as f32 }
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}
