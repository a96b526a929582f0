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
use super::text::{han_count, is_han, list_quoted, list_quoted_en, or_quoted_en, quote, show_char};
use crate::model::{Nature, Website};
use crate::regions;
use crate::tables;
use crate::{Severity, text};

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
    // 3 汉字 is the guide's rule for website names; app names follow the 服务名称 rules below
    if han < 3 && w.service_type == crate::model::ServiceType::Website {
        ctx.emit(
            SITE_NAME_MIN_HAN,
            "min_han",
            field.clone(),
            text!(
                zh: "网站名称“{q}”须使用3个或3个以上汉字，当前只有{han}个。",
                en: "The website name “{q}” must have at least 3 Chinese characters; it has {han}.",
            ),
        );
    }
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit()) {
        ctx.emit(
            SITE_NAME_PURE_ASCII,
            "pure_digits",
            field.clone(),
            text!(zh: "网站名称“{q}”不能使用纯数字。", en: "The website name “{q}” cannot be digits only."),
        );
    } else if !compact.is_empty()
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.chars().any(|c| c.is_ascii_alphabetic())
    {
        ctx.emit(
            SITE_NAME_PURE_ASCII,
            "pure_english",
            field.clone(),
            text!(zh: "网站名称“{q}”不能使用纯英文。", en: "The website name “{q}” cannot be English letters only."),
        );
    }
    let mut symbols: Vec<char> = Vec::new();
    for c in name.chars().filter(|c| !name_char_ok(*c)) {
        if !symbols.contains(&c) {
            symbols.push(c);
        }
    }
    if !symbols.is_empty() {
        let shown: Vec<String> = symbols.iter().take(8).map(|c| format!("“{}”", show_char(*c))).collect();
        let (shown_zh, shown_en) = (shown.join(""), shown.join(", "));
        let (more_zh, more_en) = if symbols.len() > 8 { ("等", " and more") } else { ("", "") };
        ctx.emit(
            SITE_NAME_SYMBOLS,
            "special_symbol",
            field.clone(),
            text!(
                zh: "网站名称不能包含特殊符号（含空格、标点、表情符号）：{shown_zh}{more_zh}。",
                en: "The website name cannot contain special symbols (spaces, punctuation and emoji included): it has {shown_en}{more_en}.",
            ),
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
            let domain = quote(&d.unicode);
            ctx.emit(
                SITE_NAME_NOT_DOMAIN,
                "domain_as_name",
                field.clone(),
                text!(
                    zh: "网站名称“{q}”就是域名“{domain}”：不能直接以网站域名命名。",
                    en: "The website name “{q}” is the domain “{domain}”: a website cannot be named after its domain.",
                ),
            );
            break;
        }
    }
    let sensitive = words_in(name, tables::sensitive_words().words.iter().map(String::as_str));
    if !sensitive.is_empty() {
        let (words_zh, words_en) = (list_quoted(sensitive.iter().copied()), list_quoted_en(sensitive));
        ctx.emit(
            SITE_NAME_SENSITIVE,
            "sensitive_word",
            field.clone(),
            text!(
                zh: "网站名称不能使用敏感词语：含有{words_zh}。",
                en: "The website name cannot use sensitive words: it contains {words_en}.",
            ),
        );
    }
    if let Some(prefix) = tables::national_prefixes().words.iter().find(|p| name.starts_with(p.as_str())) {
        let subject = &ctx.doc.subject;
        if ctx.personal {
            ctx.emit(
                SITE_NAME_NATIONAL_PREFIX,
                "national_prefix",
                field.clone(),
                text!(
                    zh: "网站名称不得以“{prefix}”等字头命名（非国家级单位，个人网站同样适用）。",
                    en: "The website name cannot begin with “{prefix}” or similar prefixes: only national-level units may use them, and personal websites may not.",
                ),
            );
        } else if matches!(subject.nature, Nature::Government | Nature::Military) {
            // Whether a government body is national-level is not in the filing: a warning.
            ctx.emit_full(
                SITE_NAME_NATIONAL_PREFIX_UNIT,
                Some(Severity::Warning),
                "national_prefix",
                field.clone(),
                text!(
                    zh: "非国家级单位的网站名称不得以“{prefix}”等字头命名；如主办单位为国家级机关，可忽略此提示。",
                    en: "Only national-level units may begin a website name with “{prefix}” or similar prefixes. If the subject is a national-level body, ignore this warning.",
                ),
                None,
            );
        } else if !tables::national_prefixes().words.iter().any(|p| subject.name.trim().starts_with(p.as_str())) {
            // An enterprise, institution or association is national-level only under a registered
            // name that itself begins so (中国某某集团有限公司); this one's does not.
            let subject_name = quote(&subject.name);
            ctx.emit(
                SITE_NAME_NATIONAL_PREFIX_UNIT,
                "national_prefix",
                field.clone(),
                text!(
                    zh: "网站名称不得以“{prefix}”等字头命名：主办单位名称“{subject_name}”不以这些字头开头，不是国家级单位。",
                    en: "The website name cannot begin with “{prefix}” or similar prefixes: the subject's name “{subject_name}” does not begin with one, so the subject is not a national-level unit.",
                ),
            );
        }
    }
    // The guide's rule for website names; no source sets it for apps or mini-programs.
    if w.service_type == crate::model::ServiceType::Website {
        ctx.emit(
            SITE_NAME_RELATED,
            "reminder",
            field.clone(),
            text!(
                zh: "请核对：网站名称需与主办单位名称有关联性。",
                en: "Check: the website name must be related to the subject's name.",
            ),
        );
    }

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
            None => {
                let patterns_zh = list_quoted(p.patterns.iter().map(String::as_str));
                let patterns_en = or_quoted_en(p.patterns.iter().map(String::as_str));
                let placeholder = &p.placeholder;
                let q = quote(name);
                ctx.emit_full(
                    SITE_NAME_JIANGSU_PATTERN,
                    None,
                    "province_pattern",
                    field.to_owned(),
                    text!(
                        zh: "{province}管局要求个人备案网站名称只能填写{patterns_zh}（{placeholder}代表您的名字或自选文字），而不是“{q}”。",
                        en: "The bureau of “{province}” accepts only {patterns_en} as the name of a personal website (“{placeholder}” stands for the person's name or words of their choice), not “{q}”.",
                    ),
                    Some(&p.source),
                )
            }
        }
        if p.remark_required && w.remark.is_empty() {
            ctx.emit_full(
                SITE_NAME_JIANGSU_REMARK,
                None,
                "remark_required",
                format!("websites[{i}].remark"),
                text!(
                    zh: "{province}个人网站须在备注中说明网站开通后的主要内容。",
                    en: "In “{province}” the remark of a personal website must say what the website will mainly contain once it is open.",
                ),
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
        let (words_zh, words_en) = (list_quoted(forbidden.iter().copied()), list_quoted_en(forbidden));
        ctx.emit(
            SITE_NAME_PERSONAL_FORBIDDEN,
            "forbidden_word",
            field.to_owned(),
            text!(
                zh: "个人网站名称不能使用{words_zh}等词汇。",
                en: "A personal website's name cannot use words such as {words_en}.",
            ),
        );
    }
    let needs = words_in(restricted, preapproval_words.iter().copied());
    if !needs.is_empty() && !has_preapproval(w) {
        let (words_zh, words_en) = (list_quoted(needs.iter().copied()), list_quoted_en(needs));
        ctx.emit(
            SITE_NAME_PERSONAL_PREAPPROVAL,
            "needs_preapproval",
            field.to_owned(),
            text!(
                zh: "个人网站名称带有{words_zh}：须到相关主管部门办理前置审批并在本网站填写，否则请改名。",
                en: "The personal website's name contains {words_en}: get a pre-approval from the competent authority and enter it for this website, or rename the website.",
            ),
        );
    }
    if let Some(row) = tables::personal_name_province_row(province) {
        let found = words_in(restricted, row.unique_words());
        if !found.is_empty() {
            let (words_zh, words_en) = (list_quoted(found.iter().copied()), list_quoted_en(found));
            ctx.emit_full(
                SITE_NAME_PROVINCE_WORDS,
                None,
                "province_word",
                field.to_owned(),
                text!(
                    zh: "{province}个人备案网站名称不能使用行业类及经营性词汇：含有{words_zh}。",
                    en: "In “{province}” a personal website's name cannot use industry or commercial words: it contains {words_en}.",
                ),
                Some(&row.source),
            );
        }
    }

    if !pattern_matched && subject.name.chars().count() >= 2 && name.contains(subject.name.as_str()) {
        let subject_name = quote(&subject.name);
        ctx.emit(
            SITE_NAME_PERSONAL_NAME,
            "personal_name",
            field.to_owned(),
            text!(
                zh: "个人网站名称不能使用个人姓名：名称中含有主办人姓名“{subject_name}”。",
                en: "A personal website's name cannot use a person's name: it contains the subject's name “{subject_name}”.",
            ),
        );
    }
    let places = places_in(restricted);
    if !places.is_empty() {
        let places = &places[..places.len().min(3)];
        let (places_zh, places_en) = (list_quoted(places.iter().copied()), list_quoted_en(places.iter().copied()));
        ctx.emit(
            SITE_NAME_PLACE,
            "place_name",
            field.to_owned(),
            text!(
                zh: "个人网站名称不能使用地名：名称中可能含有地名{places_zh}。",
                en: "A personal website's name cannot use place names: it may contain {places_en}.",
            ),
        );
    }
    ctx.emit(
        SITE_NAME_PERSONAL_CONTENT,
        "reminder",
        field.to_owned(),
        text!(
            zh: "请核对：个人网站名称要尽量体现网站的主要内容，不能涉及行业、企业、产品等信息，不能使用个人姓名、地名、成语。",
            en: "Check: a personal website's name should reflect what the website is mainly about. It must not refer to an industry, an enterprise or a product, and must not use a person's name, a place name or a Chinese idiom.",
        ),
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
