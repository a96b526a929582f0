//! Website names: §3 附录一 (all sites) and 附录二 (personal sites), with the province tables and
//! 江苏's required pattern.
//!
//! Conflicts, and how they are resolved (the specific rule wins):
//! - 江苏 personal names must be “某某的个人博客” or “某某的个人主页”; the general personal lists ban
//!   主页 and restrict 博客. A name matching the pattern is checked against the word lists only in
//!   its 某某 part; the personal-name warning is not applied to it either (某某 is the person's).
//! - 论坛 and 社区 are in both the banned list and the list allowed with a 前置审批: the 前置审批
//!   line is the specific exception, so they are reported once, by SITE-NAME-PERSONAL-PREAPPROVAL,
//!   and pass when the site has a 前置审批.
//! - A province's own list (附录二 table) has no 前置审批 exception: its words stay errors.

use std::sync::LazyLock;

use super::Ctx;
use super::book::*;
use super::site::DomainFacts;
use super::text::{han_count, is_han, list_quoted, quote, show_char};
use crate::Severity;
use crate::model::{Nature, Website};
use crate::regions;
use crate::tables;

/// Whether a character may appear in a site name: Han characters, letters and digits (ASCII or
/// full-width). Anything else is a special symbol.
fn name_char_ok(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// Province and prefecture-level city names (full, and without 省/市 etc. where that leaves two
/// characters or more), longest first.
static PLACE_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> = Vec::new();
    for p in tables::provinces() {
        v.push(p.name.clone());
        if p.short.chars().count() >= 2 {
            v.push(p.short.clone());
        }
        for c in regions::cities(&p.name) {
            v.push(c.to_owned());
            if let Some(s) = c.strip_suffix('市')
                && s.chars().count() >= 2
            {
                v.push(s.to_owned());
            }
        }
    }
    v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    v.dedup();
    v
});

/// Place names found in `name`, in the order they appear, without names inside a longer one found.
fn places_in(name: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for p in PLACE_NAMES.iter() {
        if name.contains(p.as_str()) && !found.iter().any(|f| f.contains(p.as_str())) {
            found.push(p);
        }
    }
    found.sort_by_key(|p| name.find(*p));
    found
}

fn words_in<'a>(text: &str, words: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut found: Vec<&str> = Vec::new();
    for w in words {
        if !w.is_empty() && text.contains(w) && !found.contains(&w) {
            found.push(w);
        }
    }
    found
}

/// Whether the website counts as having a 前置审批: an entry with a type and a number.
fn has_preapproval(w: &Website) -> bool {
    w.preapprovals.iter().any(|p| !p.kind.is_empty() && !p.number.is_empty())
}

pub fn check(ctx: &mut Ctx, i: usize, w: &Website, domains: &[DomainFacts]) {
    let name = w.name.as_str();
    if name.is_empty() {
        return;
    }
    let field = format!("websites[{i}].name");
    let q = quote(name);

    // 附录一 / 附录二: every site
    let han = han_count(name);
    if han < 3 {
        ctx.emit(
            SITE_NAME_MIN_HAN,
            "min_han",
            field.clone(),
            format!("网站名称“{q}”须使用3个或3个以上汉字，当前只有{han}个。"),
        );
    }
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit()) {
        ctx.emit(SITE_NAME_PURE_ASCII, "pure_digits", field.clone(), format!("网站名称“{q}”不能使用纯数字。"));
    } else if !compact.is_empty()
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.chars().any(|c| c.is_ascii_alphabetic())
    {
        ctx.emit(SITE_NAME_PURE_ASCII, "pure_english", field.clone(), format!("网站名称“{q}”不能使用纯英文。"));
    }
    let mut symbols: Vec<char> = Vec::new();
    for c in name.chars().filter(|c| !name_char_ok(*c)) {
        if !symbols.contains(&c) {
            symbols.push(c);
        }
    }
    if !symbols.is_empty() {
        let shown: Vec<String> = symbols.iter().take(8).map(|c| format!("“{}”", show_char(*c))).collect();
        let more = if symbols.len() > 8 { "等" } else { "" };
        ctx.emit(
            SITE_NAME_SYMBOLS,
            "special_symbol",
            field.clone(),
            format!("网站名称不能包含特殊符号（含空格、标点、表情符号）：{}{more}。", shown.join("")),
        );
    }
    let lower = name.to_lowercase();
    for d in domains {
        let Some(ascii) = &d.ascii else { continue };
        let label_unicode = d.unicode.split('.').next().unwrap_or("");
        let label_ascii = ascii.split('.').next().unwrap_or("");
        let candidates = [
            d.unicode.clone(),
            ascii.clone(),
            format!("www.{}", d.unicode),
            format!("www.{ascii}"),
            label_unicode.to_owned(),
            label_ascii.to_owned(),
        ];
        if candidates.iter().any(|c| c.chars().count() >= 2 && *c == lower) {
            ctx.emit(
                SITE_NAME_NOT_DOMAIN,
                "domain_as_name",
                field.clone(),
                format!("网站名称“{q}”就是域名“{}”：不能直接以网站域名命名。", quote(&d.unicode)),
            );
            break;
        }
    }
    let sensitive = words_in(name, tables::sensitive_words().words.iter().map(String::as_str));
    if !sensitive.is_empty() {
        ctx.emit(
            SITE_NAME_SENSITIVE,
            "sensitive_word",
            field.clone(),
            format!("网站名称不能使用敏感词语：含有{}。", list_quoted(sensitive)),
        );
    }
    if let Some(prefix) = tables::national_prefixes().words.iter().find(|p| name.starts_with(p.as_str())) {
        let subject = &ctx.doc.subject;
        if ctx.personal {
            ctx.emit(
                SITE_NAME_NATIONAL_PREFIX,
                "national_prefix",
                field.clone(),
                format!("网站名称不得以“{prefix}”等字头命名（非国家级单位，个人网站同样适用）。"),
            );
        } else if matches!(subject.nature, Nature::Government | Nature::Military) {
            // Whether a government body is national-level is not in the filing: a warning.
            ctx.emit_full(
                SITE_NAME_NATIONAL_PREFIX_UNIT,
                Some(Severity::Warning),
                "national_prefix",
                field.clone(),
                format!("非国家级单位的网站名称不得以“{prefix}”等字头命名；如主办单位为国家级机关，可忽略此提示。"),
                None,
            );
        } else if !tables::national_prefixes().words.iter().any(|p| subject.name.trim().starts_with(p.as_str())) {
            // An enterprise, institution or association is national-level only under a registered
            // name that itself begins so (中国某某集团有限公司); this one's does not.
            ctx.emit(
                SITE_NAME_NATIONAL_PREFIX_UNIT,
                "national_prefix",
                field.clone(),
                format!(
                    "网站名称不得以“{prefix}”等字头命名：主办单位名称“{}”不以这些字头开头，不是国家级单位。",
                    quote(&subject.name)
                ),
            );
        }
    }
    ctx.emit(SITE_NAME_RELATED, "reminder", field.clone(), "请核对：网站名称需与主办单位名称有关联性。");

    if ctx.personal {
        check_personal(ctx, i, w, &field);
    }
}

fn check_personal(ctx: &mut Ctx, i: usize, w: &Website, field: &str) {
    let name = w.name.as_str();
    let subject = &ctx.doc.subject;
    let province = subject.region.province.as_str();

    // 江苏: the pattern, and the remark
    let mut restricted: &str = name;
    let mut pattern_matched = false;
    if let Some(p) = tables::personal_name_pattern(province).filter(|p| p.subject.matches(subject.nature)) {
        let matched = p.patterns.iter().find_map(|pattern| {
            let (before, after) = pattern.split_once(p.placeholder.as_str())?;
            let middle = name.strip_prefix(before)?.strip_suffix(after)?;
            (!middle.is_empty()).then_some(middle)
        });
        match matched {
            Some(middle) => {
                restricted = middle;
                pattern_matched = true;
            }
            None => ctx.emit_full(
                SITE_NAME_JIANGSU_PATTERN,
                None,
                "province_pattern",
                field.to_owned(),
                format!(
                    "{province}管局要求个人备案网站名称只能填写{}（{}代表您的名字或自选文字），而不是“{}”。",
                    list_quoted(p.patterns.iter().map(String::as_str)),
                    p.placeholder,
                    quote(name)
                ),
                Some(&p.source),
            ),
        }
        if p.remark_required && w.remark.is_empty() {
            ctx.emit_full(
                SITE_NAME_JIANGSU_REMARK,
                None,
                "remark_required",
                format!("websites[{i}].remark"),
                format!("{province}个人网站须在备注中说明网站开通后的主要内容。"),
                Some(&p.source),
            );
        }
    }

    let preapproval_words: Vec<&str> = tables::personal_preapproval_words().words.iter().map(String::as_str).collect();
    let forbidden = words_in(
        restricted,
        tables::personal_forbidden_words().words.iter().map(String::as_str).filter(|w| !preapproval_words.contains(w)),
    );
    if !forbidden.is_empty() {
        ctx.emit(
            SITE_NAME_PERSONAL_FORBIDDEN,
            "forbidden_word",
            field.to_owned(),
            format!("个人网站名称不能使用{}等词汇。", list_quoted(forbidden)),
        );
    }
    let needs = words_in(restricted, preapproval_words.iter().copied());
    if !needs.is_empty() && !has_preapproval(w) {
        ctx.emit(
            SITE_NAME_PERSONAL_PREAPPROVAL,
            "needs_preapproval",
            field.to_owned(),
            format!("个人网站名称带有{}：须到相关主管部门办理前置审批并在本网站填写，否则请改名。", list_quoted(needs)),
        );
    }
    if let Some(row) = tables::personal_name_province_row(province) {
        let found = words_in(restricted, row.unique_words());
        if !found.is_empty() {
            ctx.emit_full(
                SITE_NAME_PROVINCE_WORDS,
                None,
                "province_word",
                field.to_owned(),
                format!("{province}个人备案网站名称不能使用行业类及经营性词汇：含有{}。", list_quoted(found)),
                Some(&row.source),
            );
        }
    }

    if !pattern_matched && subject.name.chars().count() >= 2 && name.contains(subject.name.as_str()) {
        ctx.emit(
            SITE_NAME_PERSONAL_NAME,
            "personal_name",
            field.to_owned(),
            format!("个人网站名称不能使用个人姓名：名称中含有主办人姓名“{}”。", quote(&subject.name)),
        );
    }
    let places = places_in(restricted);
    if !places.is_empty() {
        ctx.emit(
            SITE_NAME_PLACE,
            "place_name",
            field.to_owned(),
            format!("个人网站名称不能使用地名：名称中可能含有地名{}。", list_quoted(places.into_iter().take(3))),
        );
    }
    ctx.emit(
        SITE_NAME_PERSONAL_CONTENT,
        "reminder",
        field.to_owned(),
        "请核对：个人网站名称要尽量体现网站的主要内容，不能涉及行业、企业、产品等信息，不能使用个人姓名、地名、成语。",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places() {
        assert_eq!(places_in("杭州美食分享"), vec!["杭州"]);
        assert_eq!(places_in("浙江省杭州市美食"), vec!["浙江省", "杭州市"]);
        assert!(places_in("读书笔记分享").is_empty());
        assert!(PLACE_NAMES.len() > 600, "{}", PLACE_NAMES.len());
    }
}
