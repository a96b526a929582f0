//! `filing_types.toml`: the filing type of a new order by where the subject and the website were
//! filed before — the decision matrix [`crate::filing_type::determine`] looks up.

use serde::{Deserialize, Serialize};

use super::{Meta, TABLES};
use crate::diag::Text;
use crate::model::{FiledWith, FilingType};

/// What a combination decides: a filing type, or `blocked` (the website is filed here already).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Blocked,
    /// A `FilingType` code.
    #[serde(untagged)]
    Type(FilingType),
}

/// A doubt a combination raises, reported as a warning at the website's `filed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowWarning {
    pub code: String,
    /// Template in Chinese (`{domains}`, `{citation}`).
    pub zh: String,
    /// Template in English (`{domains}`; the citation is the diagnostic's source).
    pub en: String,
}

/// One combination of where the subject and the website were filed, and what it decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingTypeRow {
    /// Where the subject was filed: `none`, `elsewhere`, `here` (approved here, or declared so).
    pub subject: FiledWith,
    /// Where the website (any of its domains) was filed.
    pub site: FiledWith,
    pub filing_type: Outcome,
    /// The reason shown for the website, in Chinese: `{domains}` and `{citation}` are filled in.
    pub reason_zh: String,
    /// The same in English.
    pub reason_en: String,
    #[serde(default)]
    pub warning: Option<RowWarning>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

fn fill(template: &str, domains: &str, citation: &str) -> String {
    template.replace("{domains}", domains).replace("{citation}", citation)
}

impl FilingTypeRow {
    /// The filing type decided; `None` when blocked.
    pub fn filing_type(&self) -> Option<FilingType> {
        match self.filing_type {
            Outcome::Type(t) => Some(t),
            Outcome::Blocked => None,
        }
    }

    /// The reason for a website with these domains (`domains`: the list as each language writes it).
    pub fn reason(&self, domains: &Text) -> Text {
        let citation = crate::rules::citation(&self.source);
        Text::new(fill(&self.reason_zh, &domains.zh, &citation.zh), fill(&self.reason_en, &domains.en, &citation.en))
    }

    /// The row's warning for a website with these domains: its code and message.
    pub fn warning(&self, domains: &Text) -> Option<(&str, Text)> {
        let w = self.warning.as_ref()?;
        let citation = crate::rules::citation(&self.source);
        Some((&w.code, Text::new(fill(&w.zh, &domains.zh, &citation.zh), fill(&w.en, &domains.en, &citation.en))))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FilingTypesFile {
    pub(super) meta: Meta,
    row: Vec<FilingTypeRow>,
}

/// Every row of the decision matrix.
pub fn filing_type_rows() -> &'static [FilingTypeRow] {
    &TABLES.filing_types.row
}

/// The row for a subject filed `subject` and a website filed `site` (the table has one for each).
pub fn filing_type_row(subject: FiledWith, site: FiledWith) -> Option<&'static FilingTypeRow> {
    filing_type_rows().iter().find(|r| r.subject == subject && r.site == site)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHERE: [FiledWith; 3] = [FiledWith::None, FiledWith::Elsewhere, FiledWith::Here];

    /// The placeholders a template may use ([`fill`]).
    const PLACEHOLDERS: [&str; 2] = ["{domains}", "{citation}"];

    fn placeholders(template: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
            out.push(&rest[start..end]);
            rest = &rest[end..];
        }
        out
    }

    #[test]
    fn each_of_the_nine_combinations_has_exactly_one_row() {
        assert_eq!(filing_type_rows().len(), 9);
        for subject in WHERE {
            for site in WHERE {
                let n = filing_type_rows().iter().filter(|r| r.subject == subject && r.site == site).count();
                assert_eq!(n, 1, "subject {subject:?} × site {site:?}: {n} rows");
                assert!(filing_type_row(subject, site).is_some());
            }
        }
    }

    #[test]
    fn only_a_website_filed_here_blocks() {
        for r in filing_type_rows() {
            assert_eq!(r.filing_type == Outcome::Blocked, r.site == FiledWith::Here, "{r:?}");
            if let Some(t) = r.filing_type() {
                assert!(!crate::filing_type::is_follow_up(t), "{t:?} is chosen by staff, not decided");
            }
        }
        let code = |s: &str| toml::from_str::<std::collections::HashMap<String, Outcome>>(&format!("x = \"{s}\"")).ok();
        assert_eq!(code("blocked").map(|m| m["x"]), Some(Outcome::Blocked));
        assert_eq!(code("new_access").map(|m| m["x"]), Some(Outcome::Type(FilingType::NewAccess)));
        assert!(code("nonsense").is_none());
    }

    #[test]
    fn templates_use_the_same_known_placeholders_in_both_languages() {
        for r in filing_type_rows() {
            let mut pairs = vec![(&r.reason_zh, &r.reason_en)];
            if let Some(w) = &r.warning {
                pairs.push((&w.zh, &w.en));
                assert!(!w.code.is_empty());
                // A diagnostic's English leaves the citation to its source.
                assert!(!w.en.contains("{citation}"), "{r:?}");
            }
            for (zh, en) in pairs {
                for p in placeholders(zh).into_iter().chain(placeholders(en)) {
                    assert!(PLACEHOLDERS.contains(&p), "unknown placeholder {p} in {r:?}");
                }
                assert!(zh.contains("{domains}") && en.contains("{domains}"), "{r:?}");
                assert_ne!(zh, en);
                assert!(!en.chars().any(crate::rules::text::is_han), "Chinese in the English: {en}");
            }
            assert_eq!(
                r.reason_zh.contains("{citation}"),
                r.reason_en.contains("{citation}"),
                "both reasons cite, or neither: {r:?}"
            );
        }
    }

    #[test]
    fn reasons_fill_in_the_domains_and_the_citation() {
        let r = filing_type_row(FiledWith::None, FiledWith::None).unwrap();
        let t = r.reason(&Text::new("a.com、b.com", "“a.com”, “b.com”"));
        assert_eq!(t.zh, "主体和域名 a.com、b.com 均未备案过：首次备案（《ICP备案流程（PC端）》§1.2）");
        assert_eq!(
            t.en,
            "Neither the subject nor the website (“a.com”, “b.com”) has been filed before: first filing (ICP Filing Process (PC), §1.2)"
        );
        assert!(r.warning(&Text::default()).is_none());
        let (code, w) =
            filing_type_row(FiledWith::None, FiledWith::Elsewhere).unwrap().warning(&Text::new("x", "y")).unwrap();
        assert_eq!(code, "site_filed_subject_not");
        assert!(w.zh.contains("《ICP备案流程（PC端）》§1.5") && w.en.contains("(y)"), "{w:?}");
    }
}
