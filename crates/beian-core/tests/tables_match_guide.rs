//! Proves that what the rule tables say they copied from the filing guide is the guide's text.
//!
//! Reads `shared/reference/icp-filing-guide-pc-2019.txt`, which lives beside the repository clone
//! (`../../../shared/reference/` from this crate). The guide is text extracted from a PDF: lines
//! break inside words ("热\n线") and cells of one table row sit on several lines, so both sides are
//! compared with all whitespace removed. Nothing else is changed: punctuation, order and wording must
//! match.

use std::path::PathBuf;
use std::sync::LazyLock;

use beian_core::tables::{self, WordList};

fn guide_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/icp-filing-guide-pc-2019.txt")
}

/// The guide with every whitespace character removed.
static GUIDE: LazyLock<String> = LazyLock::new(|| {
    let path = guide_path();
    match std::fs::read_to_string(&path) {
        Ok(text) => squash(&text),
        Err(e) => panic!(
            "cannot read the filing guide at {} ({e}). These tests compare the rule tables with the \
             guide; they need the shared/ directory (shared/reference/icp-filing-guide-pc-2019.txt) \
             beside the repository clone, as in CI.",
            path.display()
        ),
    }
});

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[track_caller]
fn assert_in_guide(what: &str, text: &str) {
    let squashed = squash(text);
    assert!(!squashed.is_empty(), "{what}: empty text");
    assert!(GUIDE.contains(&squashed), "{what}: {text:?} does not occur in the guide ({})", guide_path().display());
}

/// The part of the guide from the first `start` on, up to the next `end`.
fn region(start: &str, end: &str) -> &'static str {
    let from = GUIDE.find(start).unwrap_or_else(|| panic!("guide has no {start:?}"));
    let to =
        GUIDE[from..].find(end).map(|i| from + i).unwrap_or_else(|| panic!("guide has no {end:?} after {start:?}"));
    &GUIDE[from..to]
}

fn is_from_guide(source: &str) -> bool {
    source.starts_with("guide §")
}

#[test]
fn the_guide_is_there() {
    // A wrong or empty file would make every `contains` below meaningless.
    assert!(GUIDE.contains("ICP备案流程(PC端)"));
    assert!(GUIDE.contains("文档版本:20190816"));
    assert!(GUIDE.len() > 20_000);
}

/// The table of §3 附录二, rebuilt from the data rows, is the guide's table: same provinces, same
/// order, same words, nothing missing, nothing added.
#[test]
fn province_word_table_is_the_guides_table_whole() {
    const HEADER: &str = "省份禁止使用的行业类及经营性词汇";
    let table = region(HEADER, "4上传资料及真实性核验").replace(HEADER, "");
    let rebuilt: String = tables::personal_name_province_words()
        .iter()
        .map(|row| format!("{}{}。", row.province, row.words.join("、")))
        .collect();
    assert_eq!(rebuilt, table, "the province word table differs from the guide's");
    for row in tables::personal_name_province_words() {
        assert!(is_from_guide(&row.source), "{}: {}", row.province, row.source);
        for word in &row.words {
            assert_in_guide(&row.province, word);
        }
    }
}

fn check_word_list(name: &str, list: &WordList) {
    assert!(is_from_guide(&list.source), "{name}: {}", list.source);
    assert_in_guide(name, &list.guide_text);
    let sequence = list.words.join("、");
    assert_in_guide(name, &sequence);
    for word in &list.words {
        assert_in_guide(name, word);
    }
    // The words are exactly the list in the guide's line, not a part of it.
    let line = squash(&list.guide_text);
    let at = line.find(&sequence).unwrap_or_else(|| panic!("{name}: the words are not in their own guide text"));
    let before = &line[..at];
    let after = &line[at + sequence.len()..];
    assert!(
        before.ends_with('以') || before.ends_with('如') || before.ends_with('用') || before.ends_with('有'),
        "{name}: the list does not start where the guide's does: {before:?}"
    );
    assert!(after.starts_with('等'), "{name}: words missing before {after:?}");
}

#[test]
fn naming_word_lists_are_verbatim() {
    check_word_list("national prefixes", tables::national_prefixes());
    check_word_list("sensitive words", tables::sensitive_words());
    check_word_list("personal forbidden words", tables::personal_forbidden_words());
    check_word_list("personal preapproval words", tables::personal_preapproval_words());
}

#[test]
fn naming_rules_are_verbatim_and_complete() {
    let rules = tables::naming_rules();
    let unit = region("附录一:单位网站命名要求", "附录二:个人网站命名要求");
    let personal = region("附录二:个人网站命名要求", "省份禁止使用");
    for (what, lines, appendix) in [("附录一", &rules.unit, unit), ("附录二", &rules.personal, personal)] {
        let mut rest = appendix;
        for line in lines {
            let squashed = squash(line);
            let at =
                rest.find(&squashed).unwrap_or_else(|| panic!("{what}: {line:?} not in the appendix, or out of order"));
            rest = &rest[at + squashed.len()..];
        }
        // Every bullet of the appendix is in the table: count the sentences the guide has.
        let copied: usize = lines.iter().map(|l| l.matches('。').count()).sum();
        let in_guide = appendix.matches('。').count() - appendix.matches("具体参见#unique_9。").count();
        assert_eq!(copied, in_guide, "{what}: rules missing");
    }
    for pattern in tables::personal_name_patterns() {
        assert!(is_from_guide(&pattern.source));
        assert_in_guide(&pattern.province, &pattern.guide_text);
        assert_in_guide(&pattern.province, &pattern.remark_guide_text);
        for p in &pattern.patterns {
            assert_in_guide(&pattern.province, p);
        }
        let short = &tables::province(&pattern.province).unwrap().short;
        assert!(squash(&pattern.guide_text).starts_with(short.as_str()));
    }
}

#[test]
fn site_limit_rows_are_verbatim() {
    let table = region("省份备案主体备案类型", "表3-1:备案网站数目");
    let mut from_guide = 0;
    for row in tables::site_limits() {
        if !is_from_guide(&row.source) {
            assert!(row.guide_text.is_none(), "{:?}: guide text on a [later] row", row.province);
            continue;
        }
        from_guide += 1;
        let what = format!("site limit {:?}", row.province);
        for cell in [&row.guide_province, &row.guide_subject, &row.guide_filing_types, &row.guide_text] {
            let cell = cell.as_deref().unwrap_or_else(|| panic!("{what}: a guide row needs its cells"));
            assert!(table.contains(&squash(cell)), "{what}: {cell:?} not in 表 3-1");
        }
    }
    assert_eq!(from_guide, 6, "表 3-1 has six rows");
}

#[test]
fn sms_tables_are_verbatim() {
    let provinces_section = region("需短信核验省份", "验证码有效时长");
    for pilot in tables::sms_pilots() {
        assert!(is_from_guide(&pilot.source));
        assert!(
            provinces_section.contains(&squash(&pilot.guide_text)),
            "{:?} not in §8 需短信核验省份",
            pilot.guide_text
        );
        for p in &pilot.provinces {
            assert_in_guide(p, &tables::province(p).unwrap().short);
        }
    }
    assert_eq!(
        provinces_section.matches("被列为试点省份").count(),
        tables::sms_pilots().len(),
        "§8 lists another batch of pilot provinces"
    );

    let appendix = region("附录二:需完成短信验证的备案类型备案类型", "9ICP备案进度及结果查询");
    for rule in tables::sms_verifier_rules() {
        let what = format!("verifiers {:?}", rule.filing_types);
        if !is_from_guide(&rule.source) {
            assert!(rule.guide_text.is_none() && rule.guide_label.is_none(), "{what}");
            continue;
        }
        let label = rule.guide_label.as_deref().unwrap_or_else(|| panic!("{what}: no guide label"));
        let text = rule.guide_text.as_deref().unwrap_or_else(|| panic!("{what}: no guide text"));
        // The 备案类型 and 验证对象 cells of one row.
        let row = squash(&format!("{label}{text}"));
        assert!(appendix.contains(&row), "{what}: {row:?} is not a row of §8 附录二");
        for remark in &rule.guide_remarks {
            assert!(appendix.contains(&squash(remark)), "{what}: {remark:?}");
        }
    }

    let carriers = region("运营商接入号", "附录二:需完成短信验证的备案类型");
    for sender in tables::sms_senders() {
        if !is_from_guide(&sender.source) {
            continue;
        }
        let cell = sender
            .number
            .as_deref()
            .or(sender.guide_text.as_deref())
            .unwrap_or_else(|| panic!("{:?}: no number or text", sender.carrier));
        let row = format!("{}{}", sender.carrier_zh, cell);
        assert!(carriers.contains(&row), "{row:?} is not a row of §8 附录一");
    }

    for text in &tables::sms_code().guide_texts {
        assert_in_guide("SMS code", text);
    }
    for rule in tables::last6_rules() {
        assert!(is_from_guide(&rule.source));
        assert_in_guide("last six", &rule.guide_text);
    }
}

#[test]
fn product_and_service_number_text_is_verbatim() {
    // Alibaba's profile (the guide's provider): its products' and code's words are the guide's.
    let aliyun = beian_core::providers::profile("aliyun").unwrap();
    for product in &aliyun.product {
        if let Some(label) = &product.guide_label {
            assert_in_guide(&product.label_zh, label);
        }
    }
    let code = &aliyun.code;
    assert_in_guide("service number", code.guide_text.as_deref().unwrap());
    let example = code.example.as_deref().unwrap();
    assert_in_guide("service number example", example);
    let groups: Vec<usize> = example.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "the guide's example has another shape");
    assert_eq!(aliyun.code_matches(&example.replace('*', "0")), Some(true), "the pattern takes the guide's example");
}

#[test]
fn labels_and_rows_cited_to_the_guide_are_in_it() {
    let content_cell = region("网站内容根据网站的实际内容选择", "服务类型");
    for content in tables::content_types() {
        assert!(is_from_guide(&content.source));
        assert!(content_cell.contains(&content.label_zh), "{}: not in the guide's 网站内容 cell", content.label_zh);
    }
    for certs in tables::subject_certificates() {
        match &certs.guide_text {
            Some(text) => {
                assert!(is_from_guide(&certs.source), "{:?}", certs.nature);
                assert_in_guide(&format!("{:?}", certs.nature), text);
                assert!(text.starts_with(certs.nature.label_zh()), "{text}");
            }
            None => assert!(!is_from_guide(&certs.source), "{:?} cites the guide without its text", certs.nature),
        }
    }
    for material in tables::materials() {
        match &material.guide_text {
            Some(text) => {
                assert!(is_from_guide(&material.source), "{}", material.code);
                assert_in_guide(&material.code, text);
                assert_in_guide(&material.code, &material.name_zh);
            }
            None => assert!(!is_from_guide(&material.source), "{} cites the guide without its text", material.code),
        }
    }
}
