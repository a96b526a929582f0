//! `content.toml`: the 网站内容 categories (`websites[].content`) and who may choose them.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Meta, SubjectKind, TABLES};

/// A 网站内容 category (`websites[].content`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ContentType {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    /// Who may choose it.
    pub subject: SubjectKind,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ContentFile {
    pub(super) meta: Meta,
    content: Vec<ContentType>,
}

/// 网站内容 categories.
pub fn content_types() -> &'static [ContentType] {
    &TABLES.content.content
}

pub fn content_type(code: &str) -> Option<&'static ContentType> {
    content_types().iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_codes_and_labels() {
        assert_eq!(content_type("other").unwrap().label_zh, "其他");
        assert_eq!(content_type("unit_portal").unwrap().label_zh, "单位门户网站");
        assert_eq!(content_type("general_portal").unwrap().subject, SubjectKind::Unit);
    }
}
