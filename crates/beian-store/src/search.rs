//! The dashboard's search index: FTS5 trigrams for terms of three characters or more, and a
//! bigram table for one- and two-character terms (short Chinese names). Kept in step with the
//! filings on every write, in the writer's transaction.

use beian_core::model::FilingDocument;
use rusqlite::{Connection, params};

use crate::error::StoreError;

/// The text a filing is found by.
pub(crate) struct SearchText<'a> {
    pub order_no: &'a str,
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
fn bigrams(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    out.sort();
    out.dedup();
    out
}

/// Indexes every filing (the migration that introduced the index runs this once).
pub(crate) fn reindex_all(conn: &Connection) -> Result<(), StoreError> {
    let mut stmt = conn.prepare("SELECT id, order_no, document FROM filings")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (id, order_no, json) in rows {
        let doc: FilingDocument =
            serde_json::from_str(&json).map_err(|e| StoreError::CorruptDocument(format!("备案 {order_no}：{e}")))?;
        let d = crate::filings::derive(&doc);
        conn.execute("UPDATE filings SET cert_number = ?2 WHERE id = ?1", params![id, d.cert_number])?;
        index(
            conn,
            id,
            &SearchText {
                order_no: &order_no,
                subject_name: &d.subject_name,
                domains: &d.domains,
                cert_number: &d.cert_number,
            },
        )?;
    }
    Ok(())
}

/// How a search term is looked up: the SQL condition on `f.id` and its parameters.
pub(crate) fn condition(term: &str) -> Option<(String, Vec<String>)> {
    let term = term.trim().to_lowercase();
    let n = term.chars().count();
    match n {
        0 => None,
        1 => {
            // Every bigram that starts with this character: a range scan of the bigram index.
            let c = term.chars().next()?;
            let next = char::from_u32(c as u32 + 1).unwrap_or(char::MAX);
            Some((
                "f.id IN (SELECT filing_id FROM filing_bigrams WHERE gram >= ? AND gram < ?)".to_owned(),
                vec![c.to_string(), next.to_string()],
            ))
        }
        2 => Some(("f.id IN (SELECT filing_id FROM filing_bigrams WHERE gram = ?)".to_owned(), vec![term])),
        _ => Some((
            "f.id IN (SELECT rowid FROM filing_search WHERE filing_search MATCH ?)".to_owned(),
            // A quoted FTS5 string: the trigram tokenizer matches it as a substring.
            vec![format!("\"{}\"", term.replace('"', "\"\""))],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_are_lowercased_windows_without_spaces() {
        assert_eq!(bigrams("张三"), ["张三"]);
        assert_eq!(bigrams("A b c"), ["ab", "bc"]);
        assert!(bigrams("x").is_empty());
    }
}
