//! The dashboard's search index: FTS5 trigrams for terms of three characters or more, and a
//! bigram table for one- and two-character terms (short Chinese names). Kept in step with the
//! filings on every write, in the writer's transaction.

use beian_core::model::FilingDocument;
use rusqlite::{Connection, params};

use crate::error::StoreError;

/// The text a filing is found by.
pub(crate) struct SearchText<'a> {
    pub order_no: &'a str,
    /// The subject's name and the other services' names and identifiers ([`crate::filings::Derived::search_name`]).
    pub subject_name: &'a str,
    pub domains: &'a [String],
    pub cert_number: &'a str,
}

/// (Re)indexes one filing.
pub(crate) fn index(conn: &Connection, id: i64, t: &SearchText<'_>) -> Result<(), StoreError> {
    conn.execute("DELETE FROM filing_search WHERE rowid = ?1", params![id])?;
    conn.execute(
        "INSERT INTO filing_search (rowid, order_no, subject_name, domains, cert_number) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, t.order_no, t.subject_name, t.domains.join(" "), t.cert_number],
    )?;
    conn.execute("DELETE FROM filing_bigrams WHERE filing_id = ?1", params![id])?;
    let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO filing_bigrams (gram, filing_id) VALUES (?1, ?2)")?;
    for gram in bigrams(t.subject_name) {
        stmt.execute(params![gram, id])?;
    }
    Ok(())
}

/// Every two-character window of the lower-cased text.
pub(crate) fn bigrams(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    out.sort();
    out.dedup();
    out
}

/// Indexes every filing and rewrites its derived domain columns (migrations 2 and 7 run this once).
pub(crate) fn reindex_all(conn: &Connection) -> Result<(), StoreError> {
    let mut stmt = conn.prepare("SELECT id, order_no, document FROM filings")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (id, order_no, json) in rows {
        let doc: FilingDocument =
            serde_json::from_str(&json).map_err(|e| StoreError::CorruptDocument(format!("备案 {order_no}：{e}")))?;
        let d = crate::filings::derive(&doc);
        conn.execute(
            "UPDATE filings SET cert_number = ?2, primary_domain = ?3 WHERE id = ?1",
            params![id, d.cert_number, d.primary_domain],
        )?;
        // (`services` is filled by migration 9 itself: this runs before the column exists.)
        crate::filings::write_domains(conn, id, &d.domains)?;
        index(conn, id, &d.search_text(&order_no))?;
    }
    Ok(())
}

/// Substring matches are gathered newest first up to this many, then ordered by urgency. A term
/// broad enough to match more (a common surname, `.com`) shows the most urgent of the newest
/// matches and a capped count: the cost stays bounded whatever the size of the store.
pub const CANDIDATE_CAP: u32 = 2000;

/// How a search term is looked up, whatever the engine: each engine renders the plan to its own
/// SQL ([`condition`] for SQLite, `team::pg` for PostgreSQL), so that both find the same filings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SearchPlan {
    /// An order number, upper-cased: the unique index.
    OrderNo(String),
    /// A certificate number, normalised: its partial index.
    Cert(String),
    /// One character: every bigram starting with it (`gram >= from AND gram < to`).
    Prefix1 { from: String, to: String },
    /// Two characters: the bigram itself.
    Bigram(String),
    /// Three characters or more, lower-cased: the newest [`CANDIDATE_CAP`] filings whose text holds
    /// `core` (the term's distinctive part, or the whole term), then, when `core` is only part of
    /// it, those whose text holds the whole `term`.
    Substring { core: String, term: String },
}

impl SearchPlan {
    /// The term's `LIKE` pattern (`%term%`, with `\` escaping the wildcards), for the whole-term check.
    pub(crate) fn like(text: &str) -> String {
        format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
    }
}

/// The plan for a search term, or `None` for a term that filters nothing.
pub(crate) fn plan(term: &str) -> Option<SearchPlan> {
    // Control characters are dropped: none is ever searched for, and U+001F joins the fields of
    // PostgreSQL's haystack.
    let raw: &str = &beian_core::domain::search_term(term).chars().filter(|c| !c.is_control()).collect::<String>();
    // Exact identifiers go straight to their unique or selective indexes.
    if is_order_no(raw) {
        return Some(SearchPlan::OrderNo(raw.to_uppercase()));
    }
    let cert = beian_core::cert::normalize(raw);
    if cert.len() == 18
        && cert.chars().all(|c| c.is_ascii_alphanumeric())
        && cert.chars().filter(char::is_ascii_digit).count() >= 10
    {
        return Some(SearchPlan::Cert(cert));
    }
    let term = raw.to_lowercase();
    match term.chars().count() {
        0 => None,
        1 => {
            let c = term.chars().next()?;
            let next = char::from_u32(c as u32 + 1).unwrap_or(char::MAX);
            Some(SearchPlan::Prefix1 { from: c.to_string(), to: next.to_string() })
        }
        2 => Some(SearchPlan::Bigram(term)),
        _ => {
            // Trigrams that nearly every filing has (`.co`, `com`, `有限公`) make the index read long
            // lists; the distinctive part of the term finds the candidates, and the whole term
            // is then checked on those few rows.
            let core = distinctive_part(&term);
            let core = if core.chars().count() >= 3 { core } else { term.clone() };
            Some(SearchPlan::Substring { core, term })
        }
    }
}

/// How a search term is looked up on SQLite: the SQL condition on `f.id` and its parameters.
pub(crate) fn condition(term: &str) -> Option<(String, Vec<String>)> {
    let cap = CANDIDATE_CAP;
    Some(match plan(term)? {
        SearchPlan::OrderNo(no) => ("f.order_no = ?".to_owned(), vec![no]),
        // `<> ''` lets SQLite use the partial index on certificate numbers.
        SearchPlan::Cert(cert) => ("(f.cert_number = ? AND f.cert_number <> '')".to_owned(), vec![cert]),
        // Every bigram that starts with this character: a range scan of the bigram index.
        SearchPlan::Prefix1 { from, to } => (
            format!(
                "f.id IN (SELECT filing_id FROM filing_bigrams WHERE gram >= ? AND gram < ? ORDER BY filing_id DESC LIMIT {cap})"
            ),
            vec![from, to],
        ),
        SearchPlan::Bigram(gram) => (
            format!(
                "f.id IN (SELECT filing_id FROM filing_bigrams WHERE gram = ? ORDER BY filing_id DESC LIMIT {cap})"
            ),
            vec![gram],
        ),
        SearchPlan::Substring { core, term } => {
            let fts = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
            // A quoted FTS5 string: the trigram tokenizer matches it as a substring.
            let candidates = format!(
                "f.id IN (SELECT rowid FROM filing_search WHERE filing_search MATCH ? ORDER BY rowid DESC LIMIT {cap})"
            );
            if core == term {
                (candidates, vec![fts(&term)])
            } else {
                let like = SearchPlan::like(&term);
                (
                    format!(
                        "{candidates}
                         AND EXISTS (SELECT 1 FROM filing_search s WHERE s.rowid = f.id
                                     AND (s.domains LIKE ? ESCAPE '\\' OR s.subject_name LIKE ? ESCAPE '\\'
                                          OR s.order_no LIKE ? ESCAPE '\\' OR s.cert_number LIKE ? ESCAPE '\\'))"
                    ),
                    vec![fts(&core), like.clone(), like.clone(), like.clone(), like],
                )
            }
        }
    })
}

/// The one text PostgreSQL's trigram index holds per filing: the searched fields lower-cased (in
/// Rust, so that case folds alike on both engines) and joined by U+001F, a character no search
/// term holds (terms are stripped of control characters), so that no match spans two fields.
pub(crate) fn haystack(t: &SearchText<'_>) -> String {
    [t.order_no, t.subject_name, &t.domains.join(" "), t.cert_number].map(str::to_lowercase).join("\u{1f}")
}

/// The term without the parts nearly every filing shares: a scheme, `www.`, a common top-level
/// domain, the legal-form suffix of a company name.
fn distinctive_part(term: &str) -> String {
    let mut t = term.trim();
    for prefix in ["https://", "http://", "www."] {
        t = t.strip_prefix(prefix).unwrap_or(t);
    }
    for suffix in
        [".com.cn", ".net.cn", ".org.cn", ".gov.cn", ".com", ".cn", ".net", ".org", ".top", ".ltd", ".xyz", "/"]
    {
        t = t.strip_suffix(suffix).unwrap_or(t);
    }
    for suffix in ["股份有限公司", "有限责任公司", "有限公司", "工作室"] {
        t = t.strip_suffix(suffix).unwrap_or(t);
    }
    t.to_owned()
}

/// `BA20261128-0001`.
fn is_order_no(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 15
        && b[..2].eq_ignore_ascii_case(b"BA")
        && b[2..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-'
        && b[11..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distinctive_part_drops_what_everyone_shares() {
        assert_eq!(distinctive_part("www.yunfan-it.com.cn"), "yunfan-it");
        assert_eq!(distinctive_part("杭州云帆信息技术有限公司"), "杭州云帆信息技术");
        assert_eq!(distinctive_part("zhangsan"), "zhangsan");
    }

    #[test]
    fn bigrams_are_lowercased_windows_without_spaces() {
        assert_eq!(bigrams("张三"), ["张三"]);
        assert_eq!(bigrams("A b c"), ["ab", "bc"]);
        assert!(bigrams("x").is_empty());
    }
}
