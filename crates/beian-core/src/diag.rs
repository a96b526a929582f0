//! Diagnostics: what validation and parsing report about a filing, each tied to a field path.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    /// A rule a machine cannot check, shown to staff as a reminder at the field.
    Reminder,
}

/// One finding about one field. Field paths follow the exchange format spec:
/// `subject.cert_number`, `websites[0].domains[1]`, `websites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Diagnostic {
    /// Stable machine code of the kind of finding, e.g. `wrong_type`, `check_digit`.
    pub code: String,
    pub severity: Severity,
    /// Field path into the filing document; empty for the document as a whole.
    pub field: String,
    /// Message for staff, in Simplified Chinese.
    pub message: String,
    /// Message for staff, in English.
    #[serde(default)]
    pub message_en: String,
    /// Id of the rule in the rulebook.
    pub rule: String,
    /// Where the rule comes from: a section of the filing guide or a URL.
    pub source: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A message for staff in both languages the app speaks: the same finding, each language written
/// whole (never glued from fragments). Build one with [`text!`](crate::text) or [`Text::new`]. The
/// same type as a code's [`Label`](crate::labels::Label): one bilingual text, whether a name or a
/// message.
pub type Text = crate::labels::Label;

/// A [`Text`] from two format strings with named parameters captured from the scope:
/// `text!(zh: "域名“{d}”重复。", en: "The domain “{d}” appears twice.")`. Both strings are
/// `format!` strings; compute each parameter into a local first, so that a parameter that differs
/// between the languages (`{label_zh}`, `{label_en}`) is named in each.
#[macro_export]
macro_rules! text {
    (zh: $zh:literal, en: $en:literal $(,)?) => {
        $crate::diag::Text { zh: ::std::fmt::format(format_args!($zh)), en: ::std::fmt::format(format_args!($en)) }
    };
}

/// Builds a field path the way the spec writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(String);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(String::new())
    }
    pub fn key(&self, key: &str) -> Self {
        if self.0.is_empty() { FieldPath(key.to_owned()) } else { FieldPath(format!("{}.{key}", self.0)) }
    }
    pub fn index(&self, index: usize) -> Self {
        FieldPath(format!("{}[{index}]", self.0))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<FieldPath> for String {
    fn from(p: FieldPath) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_spec() {
        let p = FieldPath::root().key("websites").index(1).key("domains").index(0);
        assert_eq!(p.as_str(), "websites[1].domains[0]");
        assert_eq!(FieldPath::root().key("subject").key("cert_number").as_str(), "subject.cert_number");
    }

    #[test]
    fn texts_have_both_languages_and_old_diagnostics_still_read() {
        let d = "例子.中国";
        let t = crate::text!(zh: "域名“{d}”重复。", en: "The domain “{d}” appears twice.");
        assert_eq!(t, Text::new("域名“例子.中国”重复。", "The domain “例子.中国” appears twice."));
        // JSON written before message_en existed.
        let old = r#"{"code":"x","severity":"error","field":"","message":"m","rule":"R","source":"s"}"#;
        let parsed: Diagnostic = serde_json::from_str(old).unwrap();
        assert_eq!((parsed.message.as_str(), parsed.message_en.as_str()), ("m", ""));
    }
}
