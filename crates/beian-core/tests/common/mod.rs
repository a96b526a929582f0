//! The check that a message's English rendering is English: shared by the tests that produce
//! diagnostics (`validation.rs`, `validation_props.rs`, `english.rs`).
#![allow(dead_code)]

use beian_core::Diagnostic;
use beian_core::rules::text::{is_han, quote};

/// Characters that only Chinese (or Japanese) text uses: Han characters, CJK punctuation (、。「」),
/// kana and full-width forms (，：（）).
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0x3040..=0x30FF | 0xFF00..=0xFFEF)
}

/// `text` without the parts in quotes (“…”, "…", 「…」): the user's values and the Chinese words
/// an English message quotes on purpose (a remark to type, a banned word).
pub fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut close: Option<char> = None;
    for c in text.chars() {
        match close {
            Some(end) if c == end => close = None,
            Some(_) => {}
            None => match c {
                '“' => close = Some('”'),
                '「' => close = Some('」'),
                '"' => close = Some('"'),
                _ => out.push(c),
            },
        }
    }
    out
}

/// Why `en` is not a proper English rendering of `zh`, if it is not: empty, the same text, or
/// Chinese outside quotes once the `values` (the document's own strings, which messages quote as
/// they are) are taken out.
pub fn english_problem(zh: &str, en: &str, values: &[String]) -> Option<String> {
    if en.trim().is_empty() {
        return Some(format!("no English for “{zh}”"));
    }
    if en == zh {
        return Some(format!("the English is the Chinese: “{zh}”"));
    }
    let mut rest = en.to_owned();
    let mut values: Vec<&String> = values.iter().filter(|v| !v.trim().is_empty()).collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
    for v in values {
        // Quoted as messages quote values, then bare; a value with quote marks of its own only in
        // its quotes (taking out its marks alone would unbalance the message's).
        rest = rest.replace(&format!("“{}”", quote(v)), "");
        if !v.contains(['“', '”', '"', '「', '」']) {
            rest = rest.replace(&quote(v), "").replace(v.as_str(), "");
        }
    }
    let bare = unquoted(&rest);
    let cjk: String = bare.chars().filter(|c| is_cjk(*c)).collect();
    if !cjk.is_empty() {
        return Some(format!("Chinese “{cjk}” outside quotes in the English “{en}”"));
    }
    None
}

/// Every string in a JSON value, keys included (a document's own words, which messages may repeat).
pub fn strings_of(value: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                out.push(k.clone());
                walk(x, out);
            }),
            _ => {}
        }
    }
    walk(value, &mut out);
    out
}

/// Panics unless every diagnostic has an English message: non-empty, not the Chinese one, and
/// without Chinese outside quotes (`values`: strings that may appear unquoted, usually none).
#[track_caller]
pub fn assert_english(diags: &[Diagnostic], values: &[String]) {
    for d in diags {
        if let Some(p) = english_problem(&d.message, &d.message_en, values) {
            panic!("{} {} at {}: {p}", d.rule, d.code, d.field);
        }
    }
}

#[test]
fn the_check_fails_on_chinese_and_passes_quoted_values() {
    assert!(english_problem("请填写证件住所。", "", &[]).is_some());
    assert!(english_problem("请填写证件住所。", "请填写证件住所。", &[]).is_some());
    assert!(english_problem("请填写证件住所。", "Fill in 证件住所.", &[]).is_some());
    assert!(english_problem("x", "Fill in the address，please", &[]).is_some());
    assert!(english_problem("域名“例子.中国”重复。", "The domain “例子.中国” appears twice.", &[]).is_none());
    assert!(english_problem("x", "Write “此地址已是最详细地址” in the remark.", &[]).is_none());
    assert!(english_problem("x", "The name 张三 is taken.", &[]).is_some());
    assert!(english_problem("x", "The name 张三 is taken.", &["张三".to_owned()]).is_none());
    assert_eq!(unquoted("a “b” c \"d\" e 「f」"), "a  c  e ");
}
