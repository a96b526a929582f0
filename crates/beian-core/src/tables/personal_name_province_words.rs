//! `personal_name_province_words.toml`: the guide's table (§3 附录二) of the words 11 provinces forbid
//! in personal website names on top of the general lists.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Meta, TABLES};

/// One row of the guide's table of words a province forbids in personal website names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProvinceNameWords {
    pub province: String,
    /// As printed in the guide, repetitions included.
    pub words: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl ProvinceNameWords {
    /// The words, each once, in the guide's order.
    pub fn unique_words(&self) -> impl Iterator<Item = &str> {
        unique(&self.words)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProvinceWordsFile {
    pub(super) meta: Meta,
    province: Vec<ProvinceNameWords>,
}

/// Each distinct item of `items`, in first-seen order.
fn unique<'a>(items: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
    items.iter().enumerate().filter(move |(i, w)| !items[..*i].contains(w)).map(|(_, w)| w.as_str())
}

/// The guide's table of words some provinces forbid in personal site names, row by row.
pub fn personal_name_province_words() -> &'static [ProvinceNameWords] {
    &TABLES.province_words.province
}

/// The row of that table for a province, if it has one.
pub fn personal_name_province_row(province: &str) -> Option<&'static ProvinceNameWords> {
    personal_name_province_words().iter().find(|r| r.province == province)
}

/// The words `province` forbids in personal site names on top of the general lists, each once, in
/// the guide's order; nothing for a province without a row.
pub fn personal_name_forbidden_words(province: &str) -> impl Iterator<Item = &'static str> {
    personal_name_province_row(province).into_iter().flat_map(ProvinceNameWords::unique_words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::tests::assert_unique;
    use std::collections::HashSet;

    /// The guide itself repeats some words within a province's row; those repetitions are kept
    /// so that rows compare with the guide word for word. Nothing else may repeat.
    #[test]
    fn only_the_guides_own_repetitions_repeat() {
        let guide_repeats: [(&str, &[&str]); 4] = [
            ("河南省", &["交流", "工作室", "管理", "贸易"]),
            ("辽宁省", &["咨询"]),
            ("宁夏回族自治区", &["工作室", "网站"]),
            ("河北省", &["工作室"]),
        ];
        for row in personal_name_province_words() {
            let mut repeated: Vec<&str> = row
                .words
                .iter()
                .filter(|w| row.words.iter().filter(|x| x == w).count() > 1)
                .map(String::as_str)
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            repeated.sort();
            let mut expected: Vec<&str> =
                guide_repeats.iter().find(|(p, _)| *p == row.province).map(|(_, w)| w.to_vec()).unwrap_or_default();
            expected.sort();
            assert_eq!(repeated, expected, "{}", row.province);
            let unique: Vec<&str> = row.unique_words().collect();
            assert_unique(&row.province, unique.iter());
            assert_eq!(unique.len(), row.words.len() - expected.len());
        }
    }

    #[test]
    fn personal_name_words() {
        let henan: Vec<&str> = personal_name_forbidden_words("河南省").collect();
        assert_eq!(henan.first(), Some(&"合伙"));
        assert_eq!(henan.last(), Some(&"商务"));
        assert!(henan.contains(&"淘宝"));
        assert_eq!(personal_name_forbidden_words("北京市").count(), 11);
        assert_eq!(personal_name_forbidden_words("上海市").count(), 0);
        assert_eq!(personal_name_forbidden_words("宁夏回族自治区").next(), Some("网"));
        assert_eq!(personal_name_province_words().len(), 11);
    }
}
