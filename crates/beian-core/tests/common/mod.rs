//! The check that a message's English rendering is English: shared by the tests that produce
//! diagnostics (`validation.rs`, `validation_props.rs`, `english.rs`).
#![allow(dead_code)]

use beian_core::Diagnostic;
use beian_core::plan::Plan;
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
    let mut escaped = false;
    for c in text.chars() {
        match close {
            // Inside "…" a backslash escapes the next character (serde quotes values that way).
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
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

/// The figures of a text (numbers and dates: `2020-08-17`, `24`, `§9` → `9`), in order.
pub fn figures(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Why `en` does not say what `zh` says, if it does not: [`english_problem`], or a figure of the
/// Chinese (a date, a count of hours or digits, a section) missing from the English.
pub fn translation_problem(zh: &str, en: &str) -> Option<String> {
    if let Some(p) = english_problem(zh, en, &[]) {
        return Some(p);
    }
    let theirs = figures(en);
    let missing: Vec<String> = figures(zh).into_iter().filter(|f| !theirs.contains(f)).collect();
    if !missing.is_empty() {
        return Some(format!("the English “{en}” lacks {missing:?} of “{zh}”"));
    }
    None
}

/// Why the English texts of a plan are not English or do not match their Chinese siblings, if
/// they are not: the filing type's name, the SMS reason, the instructions (as many as in
/// Chinese, each the same line), the verifiers' hints (empty exactly when the Chinese is), the
/// carriers, the materials' names. The plan's diagnostics are [`assert_english`]'s.
pub fn plan_english_problem(p: &Plan) -> Option<String> {
    let pair = |what: &str, zh: &str, en: &str| translation_problem(zh, en).map(|e| format!("{what}: {e}"));
    let mut out = match (&p.filing_type_label, &p.filing_type_label_en) {
        (Some(zh), Some(en)) => pair("filing type", zh, en),
        (None, None) => None,
        (zh, en) => Some(format!("filing type: {zh:?} in Chinese, {en:?} in English")),
    };
    let sms = &p.sms;
    out = out.or_else(|| pair("SMS reason", &sms.reason, &sms.reason_en));
    if sms.instructions.is_empty() || sms.instructions.len() != sms.instructions_en.len() {
        out = out.or_else(|| {
            Some(format!(
                "SMS instructions: {} in Chinese, {} in English",
                sms.instructions.len(),
                sms.instructions_en.len()
            ))
        });
    }
    for (i, (zh, en)) in sms.instructions.iter().zip(&sms.instructions_en).enumerate() {
        out = out.or_else(|| pair(&format!("SMS instruction {}", i + 1), zh, en));
    }
    for v in &sms.verifiers {
        out = out.or_else(|| match (v.last6.is_some(), v.last6_hint.is_empty(), v.last6_hint_en.is_empty()) {
            (true, false, _) => pair(&format!("hint for {}", v.people.join(", ")), &v.last6_hint, &v.last6_hint_en),
            (false, true, true) => None,
            _ => Some(format!("hint for {}: “{}” / “{}”", v.people.join(", "), v.last6_hint, v.last6_hint_en)),
        });
    }
    for s in &sms.senders {
        out = out.or_else(|| pair(&format!("carrier {:?}", s.carrier), &s.carrier_zh, &s.carrier_en));
    }
    for m in &p.materials {
        out = out.or_else(|| pair(&format!("material {}", m.code), &m.name, &m.name_en));
    }
    out
}

/// Panics unless every English text of the plan is English and says what its Chinese says
/// ([`plan_english_problem`]), and its diagnostics have English ([`assert_english`]).
#[track_caller]
pub fn assert_plan_english(p: &Plan) {
    if let Some(problem) = plan_english_problem(p) {
        panic!("plan ({:?} at {}): {problem}", p.filing_type, p.as_of);
    }
    assert_english(&p.sms.problems, &[]);
    assert_english(&p.type_check.warnings, &[]);
}

#[test]
fn the_plan_check_fails_on_chinese_only_texts() {
    use beian_core::calendar::Calendar;
    use beian_core::filing_type::Registry;
    let mut doc = beian_core::FilingDocument::draft("张三", "example.com");
    doc.subject.region.province = "浙江省".into();
    doc.subject.principal.cert_number = "33010619900101123X".into();
    doc.subject.principal.phone = "13800000000".into();
    let at = jiff::civil::date(2024, 9, 27);
    let good = beian_core::plan::plan(&doc, &Registry::empty(), Calendar::builtin_ref(), at);
    assert_eq!(plan_english_problem(&good), None);
    assert!(!good.materials.is_empty() && good.sms.verifiers[0].last6.is_some());
    let broken: [&dyn Fn(&mut Plan); 9] = [
        &|p| p.sms.reason_en.clear(),
        &|p| p.sms.reason_en = p.sms.reason.clone(),
        &|p| p.sms.reason_en = p.sms.reason_en.replace("2020-08-17", "2020"),
        &|p| p.sms.instructions_en[1] = p.sms.instructions[1].clone(),
        &|p| drop(p.sms.instructions_en.pop()),
        &|p| p.sms.instructions_en[0] = p.sms.instructions_en[0].replace("24 hours", "a day"),
        &|p| p.sms.verifiers[0].last6_hint_en = "证件号码后 6 位".into(),
        &|p| p.materials[0].name_en = p.materials[0].name.clone(),
        &|p| p.filing_type_label_en = None,
    ];
    for (i, f) in broken.iter().enumerate() {
        let mut p = good.clone();
        f(&mut p);
        assert!(plan_english_problem(&p).is_some(), "breakage {i} passes");
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
    assert_eq!(unquoted(r#"got string "\"𠀀" here"#), "got string  here", "an escaped quote stays inside");
}
