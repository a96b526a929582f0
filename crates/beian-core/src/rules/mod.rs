//! The rulebook and validation of a filing (`rules-digest.md` §3 subject, §4 websites, §5 websites
//! per order; the guide's §1.1, §1.5, §2 and §3 where those sections point).
//!
//! [`validate`] reports every finding at once, each with its field path, rule id and source, in a
//! stable order ([`sort_diagnostics`]: by field path, then rule id). Rules are evaluated at the
//! filing's `as_of` date, or at the date the caller passes (the core does no I/O: callers pass today's
//! date in China Standard Time, e.g. [`crate::calendar::cst_now_date`]).
//!
//! Validation looks at the document as it would be stored ([`normalize_document`]): values are
//! normalised before they are checked, so a phone typed as `138 0000 0000` passes and messages quote
//! the normalised value. Validation does not autofill ([`autofill`]): a personal filing whose
//! principal differs from the subject is reported, not silently corrected.
//!
//! The rulebook ([`rulebook`]) is data: the app shows a diagnostic's rule, its source and its dates.
//! `docs/rules.md` lists every rule with its tests, and the rules a machine cannot check (their
//! diagnostics are [`Severity::Reminder`]s at the field).

mod address;
mod app;
mod book;
mod citation;
mod limits;
mod names;
mod normalize;
mod person;
mod provider;
mod site;
mod subject;
pub mod text;

use std::cmp::Ordering;

use jiff::civil::Date;

use crate::diag::{Diagnostic, Severity, Text};
use crate::model::{FilingDocument, FilingType};

pub use app::{
    FingerprintKind, MINI_PROGRAM_PLATFORMS, check_personal_total_across, filing_fingerprint, holds_private_key,
    normalize_fingerprint, number_suffix, parse_record_number,
};
pub use book::{RuleInfo, rule_info, rulebook};
pub use citation::citation;
pub use normalize::{autofill, normalize_cert, normalize_document, normalize_email, normalize_phone};
pub use provider::looks_like_secret;
pub use site::{DomainError, check_domain};

/// Every rule id, as constants (`ids::SUBJ_CERT_CHECK == "SUBJ-CERT-CHECK"`).
pub mod ids {
    pub use super::book::*;
}

/// Validates a filing at its `as_of` date, or at `today` when it has none.
///
/// Returns every finding, sorted by [`sort_diagnostics`]. Never panics, whatever the strings.
pub fn validate(doc: &FilingDocument, today: Date) -> Vec<Diagnostic> {
    let mut normalized = doc.clone();
    normalize_document(&mut normalized);
    let mut ctx = Ctx::new(&normalized, doc.as_of.unwrap_or(today));
    provider::check(&mut ctx);
    subject::check(&mut ctx);
    person::check(&mut ctx);
    site::check(&mut ctx);
    app::check(&mut ctx);
    limits::check(&mut ctx);
    let mut out = ctx.out;
    sort_diagnostics(&mut out);
    out.dedup();
    out
}

/// The order of diagnostics: by field path (indices compared as numbers, so `websites[2]` comes
/// before `websites[10]`; the document itself first), then rule id, code and message.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(compare);
}

fn compare(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    path_key(&a.field)
        .cmp(&path_key(&b.field))
        .then_with(|| a.rule.cmp(&b.rule))
        .then_with(|| a.code.cmp(&b.code))
        .then_with(|| a.message.cmp(&b.message))
        .then_with(|| a.severity.cmp(&b.severity))
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Seg<'a> {
    Key(&'a str),
    Index(u64),
}

fn path_key(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            out.push(Seg::Key(&rest[..i]));
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                out.push(match stripped[..end].parse() {
                    Ok(n) => Seg::Index(n),
                    Err(_) => Seg::Key(&stripped[..end]),
                });
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else if !part.is_empty() {
            out.push(Seg::Key(part));
        }
    }
    out
}

/// Filing types that withdraw something (取消接入, 注销): the data is the approved filing's, so the
/// naming, domain-suffix and per-order rules of new filings are not applied to them.
fn is_withdrawal(t: Option<FilingType>) -> bool {
    matches!(t, Some(FilingType::CancelAccess | FilingType::DeregisterSubject | FilingType::DeregisterSite))
}

/// What the checks share: the (normalised) document, the date, and the findings so far.
pub(crate) struct Ctx<'a> {
    pub doc: &'a FilingDocument,
    pub as_of: Date,
    pub personal: bool,
    pub withdrawal: bool,
    pub out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a FilingDocument, as_of: Date) -> Self {
        Ctx {
            doc,
            as_of,
            personal: doc.subject.nature.is_personal(),
            withdrawal: is_withdrawal(doc.filing_type),
            out: Vec::new(),
        }
    }

    /// Reports a finding with the rule's severity and source, its message in both languages.
    pub fn emit(&mut self, rule: &str, code: &str, field: impl Into<String>, message: Text) {
        self.emit_full(rule, None, code, field.into(), message, None);
    }

    /// Reports a finding with its own severity and/or source (a table row's).
    pub fn emit_full(
        &mut self,
        rule: &str,
        severity: Option<Severity>,
        code: &str,
        field: String,
        message: Text,
        source: Option<&str>,
    ) {
        let info = rule_info(rule);
        if info.is_some_and(|r| !r.in_force(self.as_of)) {
            return;
        }
        self.out.push(Diagnostic {
            code: code.to_owned(),
            severity: severity.or(info.map(|r| r.severity)).unwrap_or(Severity::Error),
            field,
            message: message.zh,
            message_en: message.en,
            rule: rule.to_owned(),
            source: source.map(str::to_owned).or_else(|| info.map(|r| r.source.clone())).unwrap_or_default(),
        });
    }

    /// Whether a rule is in force at the filing's date.
    pub fn in_force(&self, rule: &str) -> bool {
        rule_info(rule).is_none_or(|r| r.in_force(self.as_of))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(field: &str, rule: &str) -> Diagnostic {
        Diagnostic {
            code: "x".into(),
            severity: Severity::Error,
            field: field.into(),
            message: String::new(),
            message_en: String::new(),
            rule: rule.into(),
            source: String::new(),
        }
    }

    #[test]
    fn diagnostics_sort_by_path_with_numeric_indices_then_rule() {
        let mut v = vec![
            d("websites[10].name", "A"),
            d("websites[2].name", "B"),
            d("websites[2].name", "A"),
            d("websites", "A"),
            d("", "Z"),
            d("subject.principal.phone", "A"),
            d("subject.cert_number", "A"),
            d("websites[2].domains[10]", "A"),
            d("websites[2].domains[9]", "A"),
        ];
        sort_diagnostics(&mut v);
        let got: Vec<String> = v.iter().map(|d| format!("{} {}", d.field, d.rule)).collect();
        assert_eq!(
            got,
            [
                " Z",
                "subject.cert_number A",
                "subject.principal.phone A",
                "websites A",
                "websites[2].domains[9] A",
                "websites[2].domains[10] A",
                "websites[2].name A",
                "websites[2].name B",
                "websites[10].name A",
            ]
        );
    }

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        let book = rulebook();
        for (i, r) in book.iter().enumerate() {
            assert!(r.id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'), "{}", r.id);
            assert!(!book[..i].iter().any(|o| o.id == r.id), "duplicate {}", r.id);
            assert!(!r.source.is_empty() && !r.message_zh.is_empty(), "{}", r.id);
            assert_eq!(r.machine_checkable, r.severity != Severity::Reminder, "{}", r.id);
        }
    }
}
