//! Domains: the one normaliser every part of Beian Desk uses — the rules, the store's derived
//! columns and queries, search and the filing-type check.
//!
//! Two forms of one normalisation:
//! - [`normalize`]: the domain **as stored and shown**. Trimmed, invisible characters removed,
//!   full-width ASCII and `。` mapped, one trailing dot dropped, lower-cased; a valid IDN in its
//!   Unicode form (UTS 46: `XN--FSQU00A.XN--FIQS8S` → `例子.中国`). Anything else (a scheme, a path,
//!   a port …) is only cleaned this far: validation says what is wrong rather than normalisation
//!   silently cutting it.
//! - [`key`]: the domain **as filings compare it**: [`normalize`] without a leading `www.`. The
//!   console's domain field has `www.` in front and asks for `hichina.com` (guide §1.1), so
//!   `www.a.cn` and `a.cn` are one filed domain: a filing of one is found when the other is checked.

use crate::rules::text::{fullwidth_to_ascii, is_invisible};

/// The domain as stored and shown (see the module documentation). Idempotent.
pub fn normalize(input: &str) -> String {
    let mut s: String = input
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '。' | '｡' | '．' => '.',
            c => fullwidth_to_ascii(c),
        })
        .collect::<String>()
        .trim()
        .to_lowercase();
    if s.len() > 1 && s.ends_with('.') && !s.ends_with("..") {
        s.pop();
    }
    if s.is_empty()
        || s.contains(|c: char| matches!(c, '/' | ':' | '@' | '?' | '#' | '*' | '\\' | '[' | ']') || c.is_whitespace())
    {
        return s;
    }
    let (unicode, result) = idna::domain_to_unicode(&s);
    if result.is_ok() && idna::domain_to_ascii_strict(&unicode).is_ok() { unicode } else { s }
}

/// The domain as filings compare it: [`normalize`]d, without a leading `www.`. Idempotent; empty
/// for a blank input.
pub fn key(input: &str) -> String {
    let d = normalize(input);
    match d.strip_prefix("www.") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => d,
    }
}

/// A search term as it should be looked up among stored domains: the [`key`] when the term is a
/// bare domain with `www.` in front (so `www.a.cn` finds a filing of `a.cn`), else the term.
pub fn search_term(term: &str) -> String {
    let t = term.trim();
    let n = normalize(t);
    if n.starts_with("www.") && !n.contains(['/', ':', ' ']) { key(&n) } else { t.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_cleans_and_keeps_the_written_form() {
        assert_eq!(normalize(" Example.COM. "), "example.com");
        assert_eq!(normalize("ｅｘａｍｐｌｅ．ｃｏｍ"), "example.com");
        assert_eq!(normalize("XN--FSQU00A.XN--FIQS8S"), "例子.中国");
        assert_eq!(normalize("例子。中国"), "例子.中国");
        assert_eq!(normalize("HTTP://Example.com/"), "http://example.com/");
        assert_eq!(normalize("a_b.com"), "a_b.com");
        assert_eq!(normalize("www.a.cn"), "www.a.cn", "the stored form keeps www.");
        for d in ["例子.中国", "example.com", "http://x", "", "a..b", "www.a.cn"] {
            assert_eq!(normalize(&normalize(d)), normalize(d), "{d}");
        }
    }

    #[test]
    fn key_is_one_for_www_and_bare_domains() {
        assert_eq!(key("www.a.cn"), "a.cn");
        assert_eq!(key(" WWW.A.CN. "), "a.cn");
        assert_eq!(key("ｗｗｗ．ａ．ｃｎ"), "a.cn");
        assert_eq!(key("a.cn"), "a.cn");
        assert_eq!(key("www."), "www", "a lone www. is no prefix");
        assert_eq!(key("blog.a.cn"), "blog.a.cn");
        assert_eq!(key("XN--FSQU00A.XN--FIQS8S"), "例子.中国");
        for d in ["www.a.cn", "a.cn", "", "blog.a.cn"] {
            assert_eq!(key(&key(d)), key(d), "{d}");
        }
    }

    #[test]
    fn search_terms_drop_www_only_from_bare_domains() {
        assert_eq!(search_term("www.A.cn"), "a.cn");
        assert_eq!(search_term("a.cn"), "a.cn");
        assert_eq!(search_term("张三"), "张三");
        assert_eq!(search_term("https://www.a.cn/"), "https://www.a.cn/");
    }
}
