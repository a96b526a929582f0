//! 18-character certificate numbers (公民身份号码, 统一社会信用代码): runs of number characters with
//! OCR's usual confusions mapped, kept only when their check character passes.

use beian_core::cert::{gb11643_check_char, uscc_check_char};

use super::FieldReading;
use super::text::{Glyph, mean};

pub(super) fn looks_like_number(text: &str) -> bool {
    let alnum = text.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    alnum >= 15 && alnum * 10 >= text.chars().count() * 8
}

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
pub(super) struct Candidate {
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
pub(super) fn number_candidates(chars: &[Glyph], credit_code: bool, labelled: bool) -> Vec<Candidate> {
    let mapped: Vec<Glyph> = chars
        .iter()
        .filter(|g| !matches!(g.ch, '-' | '·' | '.'))
        .map(|&g| Glyph { ch: number_char(g.ch, credit_code).unwrap_or('\u{0}'), ..g })
        .collect();
    let mut out = Vec::new();
    let mut run: Vec<Glyph> = Vec::new();
    let flush = |run: &mut Vec<Glyph>, out: &mut Vec<Candidate>| {
        if run.len() >= 15 && (labelled || run.len() == 18) {
            let mut best: Option<Candidate> = None;
            for start in 0..=run.len().saturating_sub(18) {
                let window = &run[start..(start + 18).min(run.len())];
                let number: String = window.iter().map(|g| g.ch).collect();
                let valid = window.len() == 18 && check_passes(&number, credit_code);
                let cand = Candidate { number, confidence: mean(window.iter().map(|g| g.prob)), valid, labelled };
                if best.as_ref().is_none_or(|b| !b.valid && cand.valid) {
                    best = Some(cand);
                }
            }
            out.extend(best);
        }
        run.clear();
    };
    for &g in &mapped {
        if g.ch == '\u{0}' {
            flush(&mut run, &mut out);
        } else {
            run.push(g);
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
/// `what` names the number in Chinese and English.
pub(super) fn number_reading(cands: &[Candidate], what: (&str, &str)) -> Option<FieldReading> {
    let best = |labelled: bool| {
        cands.iter().filter(|c| c.valid && c.labelled == labelled).max_by(|a, b| a.confidence.total_cmp(&b.confidence))
    };
    let labelled_complete = cands.iter().any(|c| c.labelled && c.number.len() == 18);
    let pick = best(true).or_else(|| if labelled_complete { None } else { best(false) });
    if let Some(c) = pick {
        return Some(FieldReading {
            value: Some(c.number.clone()),
            confidence: c.confidence,
            needs_typing: None,
            needs_typing_en: None,
        });
    }
    let seen = cands.iter().find(|c| c.labelled).or(cands.first())?;
    let (zh, en) = what;
    let n = seen.number.len();
    let (why, why_en) = if n == 18 {
        (
            format!("识别出的{zh}校验位不符，可能有字符认错：请对照原件手工输入"),
            format!(
                "The {en} read fails its check character, so a character was probably misread: type it from the original."
            ),
        )
    } else {
        (
            format!("只识别出 {n} 位{zh}（应为 18 位）：请对照原件手工输入"),
            format!("Only {n} characters of the {en} were read (it has 18): type it from the original."),
        )
    };
    Some(FieldReading::to_type(seen.confidence, why, why_en))
}
