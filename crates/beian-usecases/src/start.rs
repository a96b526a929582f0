//! A first run: the welcome page's 导入 JSON (filing documents, all or none) and 加载示例数据 (the
//! demo generator's synthetic filings, into an empty store only, so that no client's data is ever
//! mixed with made-up ones).

use beian_core::document;
use beian_store::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// How many demo filings the welcome page loads: enough for every status, a Today view and a chart.
pub const DEMO_FILINGS: usize = 120;

fn invalid(field: &str, message: String) -> StoreError {
    StoreError::Invalid { field: field.to_owned(), message }
}

/// Stores the documents `files` (name, text) as drafts, all or none: every file is parsed before
/// anything is written, and the first that does not parse is named with its problem.
pub fn import_documents(store: &mut Store, files: &[(String, String)], now: Timestamp) -> Result<Vec<i64>, StoreError> {
    if files.is_empty() {
        return Err(invalid("files", "请选择要导入的备案文件（.json）".to_owned()));
    }
    let mut docs = Vec::with_capacity(files.len());
    for (name, text) in files {
        let parsed = document::parse_document(text).map_err(|e| invalid("files", format!("{name}：{e}")))?;
        docs.push(parsed.document);
    }
    store.create_filings(&docs, now, "imported")
}

/// Loads [`DEMO_FILINGS`] synthetic filings that came in over the 50 days before `now`, with
/// histories through the workflow, those whose order has lapsed marked 已过期; refused unless the
/// store is empty.
pub fn load_demo(store: &mut Store, seed: u64, now: Timestamp) -> Result<Vec<i64>, StoreError> {
    if !store.all_filing_ids()?.is_empty() {
        return Err(invalid(
            "demo",
            "示例数据只能加载到空的数据目录：这里已经有备案，示例会和客户的资料混在一起".to_owned(),
        ));
    }
    let start = now - SignedDuration::from_hours(24 * 50);
    let mut ids = Vec::with_capacity(DEMO_FILINGS);
    const BATCH: usize = 30;
    while ids.len() < DEMO_FILINGS {
        let done = ids.len();
        let at = beian_store::demo::demo_time(start, done);
        ids.extend(store.write_demo(BATCH, BATCH, seed.wrapping_add(done as u64), at)?);
    }
    // Orders whose days ran out in the made-up past are 已过期, as the app marks them at start.
    store.expire_lapsed(now)?;
    Ok(ids)
}
