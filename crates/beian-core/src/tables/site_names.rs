//! `site_names.toml`: the naming requirements of §3 附录一 (units) and 附录二 (personal) line by
//! line, the word lists they name, and the provinces that accept only names of a given shape.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Meta, SubjectKind, TABLES};

/// A list of words copied from one line of the guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct WordList {
    pub source: String,
    pub applies_to: String,
    /// The guide's line the words come from.
    pub guide_text: String,
    /// The guide ends the list with 等: the words are examples of a class.
    pub open_list: bool,
    pub words: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The naming requirements of §3 附录一 (units) and 附录二 (personal), line by line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct NamingRules {
    pub unit: Vec<String>,
    pub personal: Vec<String>,
}

/// A province that only accepts names of a given shape (江苏: “某某的个人博客” / “某某的个人主页”).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProvinceNamePattern {
    pub province: String,
    pub subject: SubjectKind,
    /// The part of a pattern that stands for the person's chosen text (`某某`).
    pub placeholder: String,
    pub patterns: Vec<String>,
    /// The remark (备注) must describe the site's main content.
    pub remark_required: bool,
    pub remark_guide_text: String,
    pub guide_text: String,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl ProvinceNamePattern {
    /// Whether `name` has the shape of one of the patterns, the placeholder standing for any
    /// non-empty text.
    pub fn matches(&self, name: &str) -> bool {
        let name = name.trim();
        self.patterns.iter().any(|pattern| match pattern.split_once(self.placeholder.as_str()) {
            Some((before, after)) => {
                name.len() > before.len() + after.len() && name.starts_with(before) && name.ends_with(after)
            }
            None => name == pattern,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SiteNamesFile {
    pub(super) meta: Meta,
    rules: NamingRules,
    national_prefixes: WordList,
    sensitive_words: WordList,
    personal_forbidden_words: WordList,
    personal_preapproval_words: WordList,
    province_pattern: Vec<ProvinceNamePattern>,
}

/// The naming requirements of §3 附录一 and 附录二, line by line.
pub fn naming_rules() -> &'static NamingRules {
    &TABLES.site_names.rules
}

/// Prefixes a non-national unit's site name must not start with (中国、中华 …).
pub fn national_prefixes() -> &'static WordList {
    &TABLES.site_names.national_prefixes
}

/// Sensitive words forbidden in every site name (反腐、赌博 …).
pub fn sensitive_words() -> &'static WordList {
    &TABLES.site_names.sensitive_words
}

/// Words forbidden in every personal site name (资讯、网站 …).
pub fn personal_forbidden_words() -> &'static WordList {
    &TABLES.site_names.personal_forbidden_words
}

/// Words a personal site name may contain only with a 前置审批 (博客、论坛 …).
pub fn personal_preapproval_words() -> &'static WordList {
    &TABLES.site_names.personal_preapproval_words
}

/// Provinces that accept only names of a given shape (江苏).
pub fn personal_name_patterns() -> &'static [ProvinceNamePattern] {
    &TABLES.site_names.province_pattern
}

/// The name shape a province requires of personal sites, if any.
pub fn personal_name_pattern(province: &str) -> Option<&'static ProvinceNamePattern> {
    personal_name_patterns().iter().find(|p| p.province == province)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_their_guide_text() {
        for list in [national_prefixes(), sensitive_words(), personal_forbidden_words(), personal_preapproval_words()] {
            let joined = list.words.join("、");
            assert!(list.guide_text.contains(&joined), "{joined} not in {}", list.guide_text);
            assert_eq!(list.open_list, list.guide_text.contains(&format!("{joined}等")));
            assert!(
                naming_rules().unit.contains(&list.guide_text) || naming_rules().personal.contains(&list.guide_text),
                "{} is not one of the naming rules",
                list.guide_text
            );
        }
        assert_eq!(national_prefixes().words, ["中国", "中华", "中央", "人民", "人大", "国家"]);
        for p in personal_name_patterns() {
            for pattern in &p.patterns {
                assert!(p.guide_text.contains(pattern.as_str()), "{pattern}");
                assert!(pattern.contains(&p.placeholder));
            }
            assert!(naming_rules().personal.iter().any(|r| r.contains(&p.guide_text)));
            assert!(naming_rules().personal.iter().any(|r| r.contains(&p.remark_guide_text)));
        }
    }

    #[test]
    fn personal_name_patterns_by_province() {
        let js = personal_name_pattern("江苏省").unwrap();
        assert!(js.remark_required);
        assert!(js.matches("张三的个人博客"));
        assert!(js.matches("李四的个人主页"));
        assert!(!js.matches("的个人博客"));
        assert!(!js.matches("张三的博客"));
        assert!(!js.matches("张三的个人博客网"));
        assert!(personal_name_pattern("浙江省").is_none());
    }
}
