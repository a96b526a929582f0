//! 港澳居民来往内地通行证 and 台湾居民来往大陆通行证.

use std::collections::BTreeMap;

use beian_core::CertType;

use super::labels::{PASS_LABELS, find_labels, join_split_labels};
use super::text::{Glyph, Piece, mean};
use super::values::{birth_date, person_name, reading_of, sex, values};
use super::{DocumentKind, FieldName, FieldReading, Fields, Reading};

/// A number of the pass's exact form found on the card.
struct PassNumber {
    /// In the value of the certificate-number label (证件号码).
    labelled: bool,
    number: String,
    confidence: f32,
}

/// A 港澳居民来往内地通行证 or 台湾居民来往大陆通行证: the Chinese name, the number (printed at the top
/// right, usually without a label), birth date, sex, validity and issuer. These numbers carry no check
/// character: one is proposed only when it has the certificate's exact form (`cert::check`: H/M and
/// 8 digits, or the old 10; 8 digits for Taiwan) and is the only such number on the card.
pub(super) fn read_pass(kind: DocumentKind, pieces: Vec<Piece>) -> Reading {
    let labels = PASS_LABELS;
    let pieces = join_split_labels(pieces, labels);
    let (found, _) = values(&pieces, labels);
    let mut fields = Fields::new();
    let cert_type = kind.cert_type().unwrap_or(CertType::Other);
    let as_of = jiff::civil::date(2100, 1, 1);
    // every alphanumeric run of every line, with OCR's O/0 and I/1 confusions mended after the
    // first character, that has the number's exact form; a labelled one first
    let mut candidates: Vec<PassNumber> = Vec::new();
    for (pi, p) in pieces.iter().enumerate() {
        let labelled = found.iter().any(|(f, v)| *f == FieldName::CertNumber && v.piece == pi);
        // a run in the value of another field (出生日期19750203) is not the number
        let text = p.char_list();
        let piece_labels = find_labels(&text, labels);
        let in_other_field = |at: usize| {
            piece_labels
                .iter()
                .rev()
                .find(|l| l.end <= at)
                .is_some_and(|l| l.field.is_some() && l.field != Some(FieldName::CertNumber))
        };
        let mut run: Vec<Glyph> = Vec::new();
        let end = Glyph { ch: ' ', prob: 0.0, x: p.right };
        for (i, g) in p.chars.iter().copied().chain(std::iter::once(end)).enumerate() {
            if g.ch.is_ascii_alphanumeric() {
                run.push(g);
                continue;
            }
            if run.len() >= 8 && !in_other_field(i - run.len()) {
                let text: String = run
                    .iter()
                    .enumerate()
                    .map(|(i, g)| match g.ch {
                        'O' | 'o' if i > 0 => '0',
                        'I' | 'l' if i > 0 => '1',
                        c => c.to_ascii_uppercase(),
                    })
                    .collect();
                if beian_core::cert::check(cert_type, &text, as_of).is_valid() {
                    candidates.push(PassNumber {
                        labelled,
                        number: text,
                        confidence: mean(run.iter().map(|g| g.prob)),
                    });
                }
            }
            run.clear();
        }
    }
    // one entry a number (labelled if any occurrence is), labelled ones first
    let mut unique: BTreeMap<String, (bool, f32)> = BTreeMap::new();
    for PassNumber { labelled, number, confidence } in candidates {
        let e = unique.entry(number).or_insert((labelled, confidence));
        e.0 |= labelled;
        e.1 = e.1.max(confidence);
    }
    let mut candidates: Vec<PassNumber> = unique
        .into_iter()
        .map(|(number, (labelled, confidence))| PassNumber { labelled, number, confidence })
        .collect();
    candidates.sort_by_key(|c| std::cmp::Reverse(c.labelled));
    let labelled = candidates.iter().filter(|c| c.labelled).count();
    // the labelled number if there is exactly one, else the only number of the form on the card
    let pick = if labelled > 0 {
        candidates.first().filter(|_| labelled == 1)
    } else {
        candidates.first().filter(|_| candidates.len() == 1)
    };
    match pick {
        Some(PassNumber { number, confidence, .. }) => {
            fields.insert(
                FieldName::CertNumber,
                FieldReading {
                    value: Some(number.clone()),
                    confidence: *confidence,
                    needs_typing: None,
                    needs_typing_en: None,
                },
            );
        }
        None => {
            let (why, why_en) = if candidates.is_empty() {
                ("未能识别证件号码", "The certificate number could not be read")
            } else {
                ("识别出不止一个像证件号码的号码", "More than one number looks like the certificate number")
            };
            fields.insert(
                FieldName::CertNumber,
                FieldReading::to_type(
                    0.0,
                    format!("{why}：请对照原件手工输入"),
                    format!("{why_en}: type it from the original."),
                ),
            );
        }
    }
    for (field, v) in &found {
        if fields.contains_key(field) {
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
            fields.insert(*field, r);
        }
    }
    Reading::from_fields(kind, fields)
}
