//! Reading a `beian-filing/1` document: JSON → [`FilingDocument`] with unknown fields reported as
//! warnings and wrong types as errors naming the field.
//!
//! Exit codes of the CLI map onto [`ParseError`]: every variant is "unreadable or not this format"
//! (exit 2); a parsed document then goes to validation (exit 0/1).

use crate::diag::{Diagnostic, FieldPath, Severity};
use crate::model::{FORMAT, FilingDocument};

/// The largest document accepted, in bytes. A real filing is a few kilobytes.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Source cited by format diagnostics.
pub const FORMAT_SOURCE: &str = "shared/spec/filing-exchange-format.md";

/// Why a text is not a filing document. `Display` is the Chinese message, [`ParseError::message_en`]
/// the English one; the variants carry the parts of both.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("文件过大：{size} 字节，上限 {limit} 字节")]
    TooLarge { size: usize, limit: usize },
    #[error("不是有效的 JSON（第 {line} 行第 {column} 列）：{detail}")]
    NotJson { line: usize, column: usize, detail: String, detail_en: String },
    #[error("不是备案文档格式 {FORMAT}：{reason}")]
    NotThisFormat { reason: String, reason_en: String },
    #[error("字段 {field} 类型错误：{message}")]
    WrongType { field: String, message: String, message_en: String },
}

impl ParseError {
    /// The field the error concerns, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ParseError::WrongType { field, .. } => Some(field),
            ParseError::NotThisFormat { .. } => Some("format"),
            _ => None,
        }
    }

    /// The message in English (`to_string()` is the Chinese one).
    pub fn message_en(&self) -> String {
        match self {
            ParseError::TooLarge { size, limit } => {
                format!("The file is too large: {size} bytes, and the limit is {limit} bytes.")
            }
            ParseError::NotJson { line, column, detail_en, .. } => {
                format!("This is not valid JSON (line {line}, column {column}): {detail_en}.")
            }
            ParseError::NotThisFormat { reason_en, .. } => {
                format!("This is not a filing document in the format {FORMAT}: {reason_en}.")
            }
            ParseError::WrongType { field, message_en, .. } => {
                format!("The field {field} has the wrong type: {message_en}.")
            }
        }
    }

    /// The error as a diagnostic, for `--json` output.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let code = match self {
            ParseError::TooLarge { .. } => "too_large",
            ParseError::NotJson { .. } => "not_json",
            ParseError::NotThisFormat { .. } => "not_this_format",
            ParseError::WrongType { .. } => "wrong_type",
        };
        Diagnostic {
            code: code.to_owned(),
            severity: Severity::Error,
            field: self.field().unwrap_or_default().to_owned(),
            message: self.to_string(),
            message_en: self.message_en(),
            rule: "FMT-PARSE".to_owned(),
            source: FORMAT_SOURCE.to_owned(),
        }
    }
}

/// A document that parsed, with the warnings parsing raised (unknown fields).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub document: FilingDocument,
    pub warnings: Vec<Diagnostic>,
}

/// Parses a filing document from text.
pub fn parse_document(text: &str) -> Result<Parsed, ParseError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge { size: text.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let (detail, detail_en) = translate_json_error(&e.to_string());
        ParseError::NotJson { line: e.line(), column: e.column(), detail, detail_en }
    })?;
    parse_value(value)
}

/// Parses a filing document from a JSON value (used by the app, which receives JSON over IPC).
pub fn parse_value(value: serde_json::Value) -> Result<Parsed, ParseError> {
    let not_this_format = |reason: crate::Text| ParseError::NotThisFormat { reason: reason.zh, reason_en: reason.en };
    let serde_json::Value::Object(ref map) = value else {
        return Err(not_this_format(crate::text!(zh: "顶层应为 JSON 对象", en: "the top level must be a JSON object")));
    };
    match map.get("format") {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(serde_json::Value::String(f)) => {
            let f = clip(f, 60);
            return Err(not_this_format(crate::text!(
                zh: "format 为 “{f}”，本程序只读取 “{FORMAT}”",
                en: "its format is “{f}”, and this program reads only “{FORMAT}”",
            )));
        }
        Some(_) => {
            return Err(not_this_format(
                crate::text!(zh: "format 应为字符串", en: "the format field must be a string"),
            ));
        }
        None => {
            return Err(not_this_format(crate::text!(zh: "缺少 format 字段", en: "the format field is missing")));
        }
    }

    let mut unknown: Vec<String> = Vec::new();
    let mut on_ignored = |path: serde_ignored::Path<'_>| unknown.push(ignored_path(&path));
    let ignoring = serde_ignored::Deserializer::new(value, &mut on_ignored);
    let document: FilingDocument = serde_path_to_error::deserialize(ignoring).map_err(|e| {
        let (message, message_en) = translate_serde_error(&e.inner().to_string());
        ParseError::WrongType { field: error_path(e.path()), message, message_en }
    })?;

    let warnings = unknown
        .into_iter()
        .map(|field| Diagnostic {
            code: "unknown_field".to_owned(),
            severity: Severity::Warning,
            message: format!("未知字段 {field}，已忽略"),
            message_en: format!("Unknown field {field}: ignored."),
            field,
            rule: "FMT-UNKNOWN-FIELD".to_owned(),
            source: FORMAT_SOURCE.to_owned(),
        })
        .collect();
    Ok(Parsed { document, warnings })
}

/// Serialises a document the way `beian export` writes it.
pub fn to_json_pretty(doc: &FilingDocument) -> String {
    // Serialising plain data structs with string keys cannot fail.
    serde_json::to_string_pretty(doc).unwrap_or_default()
}

fn error_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut p = FieldPath::root();
    for seg in path.iter() {
        p = match seg {
            Segment::Seq { index } => p.index(*index),
            Segment::Map { key } => p.key(key),
            Segment::Enum { variant } => p.key(variant),
            Segment::Unknown => p.key("?"),
        };
    }
    p.into()
}

fn ignored_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    fn build(path: &Path<'_>) -> FieldPath {
        match path {
            Path::Root => FieldPath::root(),
            Path::Seq { parent, index } => build(parent).index(*index),
            Path::Map { parent, key } => build(parent).key(key),
            Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => build(parent),
        }
    }
    build(path).into()
}

/// serde's messages are English; staff read Chinese. The common shapes are translated, the rest kept;
/// the English keeps serde's words, rephrased to read as a sentence. Returns (Chinese, English).
fn translate_serde_error(msg: &str) -> (String, String) {
    if let Some(rest) = msg.strip_prefix("invalid type: ")
        && let Some((got, expected)) = rest.split_once(", expected ")
    {
        let got_en = if got.starts_with("string ") { clip(got, 48) } else { got.to_owned() };
        return (
            format!("应为{}，实际为{}", expected_zh(expected), got_zh(got)),
            format!("expected {expected}, got {got_en}"),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ")
        && let Some((got, expected)) = rest.split_once(", expected ")
    {
        let options = expected.trim_start_matches("one of ").replace('`', "").replace(", ", "、");
        let options_en = expected.trim_start_matches("one of ").replace('`', "");
        let value = clip(got.trim().trim_matches('`'), 40);
        return (
            format!("取值 {} 不在允许范围内，可选：{options}", got.replace('`', "“").replacen('“', "”", 1).trim()),
            format!("the value “{value}” is not one of the choices: {options_en}"),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        return (format!("长度不符：{rest}"), format!("wrong length: {rest}"));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        return (format!("取值无效：{rest}"), format!("invalid value: {rest}"));
    }
    (msg.to_owned(), msg.to_owned())
}

fn expected_zh(expected: &str) -> String {
    match expected {
        "a string" => "字符串".to_owned(),
        "a sequence" => "数组".to_owned(),
        "a boolean" => "布尔值".to_owned(),
        e if e.starts_with("struct ") => "对象".to_owned(),
        e if e.starts_with("a string") => "字符串".to_owned(),
        e => e.to_owned(),
    }
}

fn got_zh(got: &str) -> String {
    if got.starts_with("string ") {
        format!("字符串 {}", clip(got.trim_start_matches("string "), 40))
    } else if got.starts_with("integer ") || got.starts_with("floating point ") {
        format!("数字 {}", got.rsplit(' ').next().unwrap_or(got).trim_matches('`'))
    } else if got.starts_with("boolean ") {
        format!("布尔值 {}", got.trim_start_matches("boolean "))
    } else if got == "sequence" {
        "数组".to_owned()
    } else if got == "map" {
        "对象".to_owned()
    } else if got == "null" || got == "unit value" {
        "null".to_owned()
    } else {
        got.to_owned()
    }
}

/// serde_json's message in Chinese and in English (Chinese, English).
fn translate_json_error(msg: &str) -> (String, String) {
    // serde_json appends " at line L column C"; the position is reported separately.
    let core = msg.split(" at line ").next().unwrap_or(msg);
    let (zh, en) = match core {
        "EOF while parsing a value"
        | "EOF while parsing an object"
        | "EOF while parsing a list"
        | "EOF while parsing a string" => {
            ("内容不完整（文件提前结束）", "the content is incomplete (the file ends too early)")
        }
        "expected value" => ("此处应为一个 JSON 值", "a JSON value was expected here"),
        "trailing characters" => ("JSON 之后还有多余内容", "there is more content after the JSON"),
        "key must be a string" => ("对象的键必须是字符串", "the keys of an object must be strings"),
        "expected ident" => ("无法识别的内容（不是 JSON）", "the content is not recognised (it is not JSON)"),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            ("字符串中含有未转义的控制字符", "a string contains a control character that is not escaped")
        }
        other => (other, other),
    };
    (zh.to_owned(), en.to_owned())
}

fn clip(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max_chars).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../tests/data/sample-filing.json");

    #[test]
    fn the_spec_sample_parses_without_warnings() {
        let parsed = parse_document(SAMPLE).expect("sample parses");
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(parsed.document.subject.name, "张三");
        assert_eq!(parsed.document.primary_domain(), Some("example.com"));
    }

    #[test]
    fn not_json_names_line_and_column() {
        let err = parse_document("{\n  \"format\": ").unwrap_err();
        match err {
            ParseError::NotJson { line, .. } => assert_eq!(line, 2),
            other => panic!("expected NotJson, got {other:?}"),
        }
    }

    #[test]
    fn other_formats_are_refused() {
        assert!(matches!(parse_document("[1,2]"), Err(ParseError::NotThisFormat { .. })));
        assert!(matches!(parse_document(r#"{"format":"beian-filing/2"}"#), Err(ParseError::NotThisFormat { .. })));
        assert!(matches!(parse_document(r#"{"subject":{}}"#), Err(ParseError::NotThisFormat { .. })));
    }

    #[test]
    fn wrong_types_name_the_field_path() {
        let text = SAMPLE.replace(r#""domains": ["example.com"]"#, r#""domains": ["example.com", 7]"#);
        let err = parse_document(&text).unwrap_err();
        assert_eq!(err.field(), Some("websites[0].domains[1]"), "{err}");
        assert!(err.to_string().contains("应为字符串"), "{err}");

        let text = SAMPLE.replace(r#""nature": "personal""#, r#""nature": "alien""#);
        let err = parse_document(&text).unwrap_err();
        assert_eq!(err.field(), Some("subject.nature"), "{err}");
        assert!(err.to_string().contains("enterprise"), "{err}");
    }

    #[test]
    fn unknown_fields_are_warnings_with_paths() {
        let text = SAMPLE.replace(r#""remark": "","#, r#""remark": "", "colour": "blue","#).replacen(
            r#""format""#,
            r#""extra": {"a": 1}, "format""#,
            1,
        );
        let parsed = parse_document(&text).expect("parses");
        let fields: Vec<_> = parsed.warnings.iter().map(|d| d.field.as_str()).collect();
        assert!(fields.contains(&"extra"), "{fields:?}");
        assert!(fields.contains(&"subject.colour"), "{fields:?}");
        assert!(fields.contains(&"websites[0].colour"), "{fields:?}");
        assert!(parsed.warnings.iter().all(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn round_trip_keeps_the_document() {
        let parsed = parse_document(SAMPLE).expect("parses");
        let again = parse_document(&to_json_pretty(&parsed.document)).expect("parses again");
        assert_eq!(parsed.document, again.document);
    }

    #[test]
    fn oversize_documents_are_refused_before_parsing() {
        let big = format!("{{\"format\":\"{FORMAT}\",\"x\":\"{}\"}}", "a".repeat(MAX_DOCUMENT_BYTES));
        assert!(matches!(parse_document(&big), Err(ParseError::TooLarge { .. })));
    }
}
