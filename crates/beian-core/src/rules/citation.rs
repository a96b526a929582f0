//! Sources as a person cites them. Rules and tables write their sources in a short machine form
//! (`guide §3 表 3-1; rules-digest.md §5 [later]`); the window and the print views show them as
//! citations someone can look up — 《ICP备案流程（PC端）》§3 表 3-1 — never as file names.

use crate::labels::Label;

const GUIDE_ZH: &str = "《ICP备案流程（PC端）》";
const GUIDE_EN: &str = "ICP Filing Process (PC)";
const DIGEST_ZH: &str = "《备案规则摘要》";
const DIGEST_EN: &str = "Filing rules digest";

/// A source in both languages. Parts are kept in order; parts that only name a data file of this
/// product (its table already cites the real source) are left out.
pub fn citation(source: &str) -> Label {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for part in source.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some((z, e)) = cite_part(part)
            && !zh.contains(&z)
        {
            zh.push(z);
            en.push(e);
        }
    }
    Label { zh: zh.join("；"), en: en.join("; ") }
}

fn cite_part(part: &str) -> Option<(String, String)> {
    if part.starts_with("data/") || part.ends_with(".toml") {
        return None;
    }
    let part = drop_file_names(part);
    if let Some(rest) = part.strip_prefix("guide") {
        let rest = rest.trim();
        return Some((format!("{GUIDE_ZH}{}", zh_only(rest)), join(GUIDE_EN, rest)));
    }
    if let Some(rest) = part.strip_prefix("阿里云《ICP备案流程(PC端)》") {
        let rest = rest.trim().trim_start_matches("文档版本 20190816").trim();
        let zh = format!("阿里云{GUIDE_ZH}（2019 年 8 月版）{}", zh_only(rest));
        let en = join(&format!("Alibaba Cloud, {GUIDE_EN}, August 2019"), rest);
        return Some((zh, en));
    }
    if let Some(rest) = part.strip_prefix("rules-digest.md") {
        let rest = rest.trim();
        let (section, note) = match rest.find('[') {
            Some(i) => (rest[..i].trim(), Some(rest[i..].trim_matches(['[', ']']))),
            None => (rest, None),
        };
        let (later_zh, later_en) = match note {
            None => (String::new(), String::new()),
            Some(n) => {
                let what = n.trim_start_matches("later").trim_start_matches([',', ':']).trim();
                match what {
                    "" => ("（2019 年后的规定）".to_owned(), " (rules after 2019)".to_owned()),
                    w => (format!("（2019 年后的规定：{}）", zh_words(w)), format!(" (rules after 2019: {w})")),
                }
            }
        };
        let section_zh = zh_only(section);
        let section_en = quote_chinese(section);
        return Some((format!("{DIGEST_ZH}{section_zh}{later_zh}"), format!("{DIGEST_EN} {section_en}{later_en}")));
    }
    if let Some(rest) = part.strip_prefix("app-filing.md") {
        // `app-filing.md §3.2 [N8][F2] [later]`: the section, its source keys, and the note
        let rest = rest.trim();
        let section = rest.find('[').map_or(rest, |i| rest[..i].trim());
        let keys: Vec<&str> = rest
            .split(['[', ']'])
            .map(str::trim)
            .filter(|k| !k.is_empty() && *k != "later" && !k.starts_with('§'))
            .collect();
        let (keys_zh, keys_en) = if keys.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("，来源 {}", keys.join("、")), format!(", sources {}", keys.join(", ")))
        };
        let section_zh = zh_only(section);
        let section_en = quote_chinese(section);
        return Some((
            format!("《移动互联网应用程序备案资料》{section_zh}（工信部信管〔2023〕105号起的规定{keys_zh}）"),
            format!("App filing notes {section_en} (rules since the MIIT notice of 2023{keys_en})"),
        ));
    }
    if let Some(rest) = part.strip_prefix("shared/spec/filing-exchange-format.md") {
        return Some((format!("《备案数据交换格式》{}", rest.trim()), join("Filing exchange format", rest.trim())));
    }
    if let Some(rest) = part.strip_prefix("this product") {
        return Some(("本产品的判断".to_owned(), format!("this product's reading{rest}")));
    }
    let en = quote_chinese(&part);
    Some((part, en))
}

/// `s` without the ASCII-bracketed parts `(…)` for which `drop` holds (given the inner text).
fn drop_brackets(s: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut out = s.to_owned();
    let mut from = 0;
    while let Some(rel) = out[from..].find('(') {
        let start = from + rel;
        let Some(len) = out[start..].find(')') else { break };
        if drop(&out[start + 1..start + len]) {
            out.replace_range(start..=start + len, "");
        } else {
            from = start + 1;
        }
    }
    out
}

/// `foo (shared/reference/x.txt)` → `foo`: file paths in brackets are for developers, and so are
/// notes naming codes (`(change_subject: this product)`).
fn drop_file_names(part: &str) -> String {
    let out = drop_brackets(part, |inner| {
        inner.contains('/') || inner.contains(".md") || inner.contains(".txt") || inner.contains('_')
    });
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Chinese rendering drops notes in brackets written in English (`(every site name)`).
fn zh_only(s: &str) -> String {
    let out = drop_brackets(s, str::is_ascii).trim().to_owned();
    if out.is_empty() || out.starts_with(['§', '（', '(']) { out } else { format!(" {out}") }
}

fn zh_words(w: &str) -> String {
    w.replace("MIIT", "工信部").replace("provider docs", "服务商文档").replace("archive", "存档")
}

fn join(head: &str, rest: &str) -> String {
    let rest = quote_chinese(rest);
    if rest.is_empty() { head.to_owned() } else { format!("{head}, {rest}") }
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// For the English rendering: the source's own Chinese words (a section's heading, a law's title)
/// quoted as they are written, from the first Chinese character on — `§3 “填写主体信息”`.
fn quote_chinese(s: &str) -> String {
    match s.char_indices().find(|&(_, c)| is_chinese(c)) {
        Some((i, _)) => format!("{}“{}”", &s[..i], s[i..].trim_end()),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_as_citations_without_file_names() {
        let c = citation("guide §3 表 3-1; rules-digest.md §5 [later]");
        assert_eq!(c.zh, "《ICP备案流程（PC端）》§3 表 3-1；《备案规则摘要》§5（2019 年后的规定）");
        assert_eq!(c.en, "ICP Filing Process (PC), §3 “表 3-1”; Filing rules digest §5 (rules after 2019)");
        let c = citation("rules-digest.md §4 [later]; data/tables/domains.toml");
        assert_eq!(c.zh, "《备案规则摘要》§4（2019 年后的规定）");
        let c = citation(
            "阿里云《ICP备案流程(PC端)》文档版本 20190816 (shared/reference/icp-filing-guide-pc-2019.txt); rules-digest.md §9",
        );
        assert_eq!(c.zh, "阿里云《ICP备案流程（PC端）》（2019 年 8 月版）；《备案规则摘要》§9");
        let c = citation("rules-digest.md §9 [later: MIIT 2020]");
        assert_eq!(c.zh, "《备案规则摘要》§9（2019 年后的规定：工信部 2020）");
        let c = citation("guide §3 附录一（单位网站命名要求）; rules-digest.md §4 (every site name)");
        assert_eq!(c.zh, "《ICP备案流程（PC端）》§3 附录一（单位网站命名要求）；《备案规则摘要》§4");
        assert_eq!(
            citation("rules-digest.md §4; 《互联网信息服务管理办法》第五条").zh,
            "《备案规则摘要》§4；《互联网信息服务管理办法》第五条"
        );
    }

    #[test]
    fn app_filing_sources_cite_the_notes_and_their_keys() {
        let c = citation("app-filing.md §3.2 [N8][F2] [later]");
        assert_eq!(c.zh, "《移动互联网应用程序备案资料》§3.2（工信部信管〔2023〕105号起的规定，来源 N8、F2）");
        assert_eq!(c.en, "App filing notes §3.2 (rules since the MIIT notice of 2023, sources N8, F2)");
    }

    /// No citation of any rule or table names a file of this project.
    #[test]
    fn no_citation_names_a_file() {
        let mut sources: Vec<String> = crate::rules::rulebook().iter().map(|r| r.source.clone()).collect();
        sources.extend(crate::tables::table_sources().iter().map(|(_, m)| m.source.clone()));
        for s in sources {
            let c = citation(&s);
            for text in [&c.zh, &c.en] {
                assert!(!text.contains(".md") && !text.contains(".toml") && !text.contains(".txt"), "{s} → {text}");
                assert!(!text.contains('_'), "{s} → {text}: a code is not a citation");
                assert!(!text.is_empty(), "{s} has a citation");
            }
            // In English, Chinese only inside the quotes around the source's own words.
            let mut quoted = false;
            for ch in c.en.chars() {
                match ch {
                    '“' => quoted = true,
                    '”' => quoted = false,
                    ch => assert!(quoted || !is_chinese(ch), "{s} → {}", c.en),
                }
            }
        }
    }
}
