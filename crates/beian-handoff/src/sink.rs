//! Where uploads go: the filing's store, through the store's attachment API — the same
//! `commit_processed` the desktop's attachments go through (name checked, duplicate refused, file
//! written atomically before its row).
//!
//! The hand-off does not own the store: the desktop app holds it (one connection behind a lock),
//! a test or the `serve` example opens one. [`StoreAccess`] lends it for one call.

use std::path::Path;
use std::sync::Mutex;

use beian_scan::Processed;
use beian_store::attachments::{self as att, AttachError, Attachment};
use beian_store::{Store, StoreError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Lends the store (locked) for one call.
pub trait StoreAccess: Send + Sync + 'static {
    /// Runs `f` with the store; `Err` when the store is unavailable.
    fn with_store(&self, f: &mut dyn FnMut(&mut Store)) -> Result<(), StoreUnavailable>;
}

/// Runs `f` through `access`, returning its result.
pub(crate) fn call<T>(access: &dyn StoreAccess, f: impl FnOnce(&mut Store) -> T) -> Result<T, StoreUnavailable> {
    let mut f = Some(f);
    let mut out = None;
    access.with_store(&mut |store| {
        if let Some(f) = f.take() {
            out = Some(f(store));
        }
    })?;
    out.ok_or_else(|| StoreUnavailable("数据库未响应".into()))
}

/// The store could not be had (e.g. the app's database is from a newer version).
#[derive(Debug, Clone, thiserror::Error)]
#[error("无法访问数据库：{0}")]
pub struct StoreUnavailable(pub String);

/// A store this crate opens itself (the `serve` example, tests).
pub struct OwnedStore {
    store: Mutex<Store>,
}

impl OwnedStore {
    pub fn open(data_dir: &Path) -> Result<OwnedStore, StoreError> {
        Ok(OwnedStore { store: Mutex::new(Store::open(data_dir)?) })
    }
}

impl StoreAccess for OwnedStore {
    fn with_store(&self, f: &mut dyn FnMut(&mut Store)) -> Result<(), StoreUnavailable> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut store);
        Ok(())
    }
}

/// A material the phone is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Slot {
    /// A material code of `materials.toml`.
    pub code: String,
    /// Its Chinese name.
    pub name: String,
    pub required: bool,
    /// Files already attached to it when the hand-off started.
    pub attached: u32,
}

/// What the hand-off needs to know about the filing when it starts.
#[derive(Debug, Clone)]
pub struct FilingInfo {
    pub filing_id: i64,
    pub order_no: String,
    /// The subject's name with all but its first character hidden (the page shows it so that the
    /// client recognises their filing; a leaked link shows no more than that).
    pub subject_hint: String,
    /// The materials asked for: the required ones still missing; when none is missing, every
    /// material of the filing (staff may want a better photo of one).
    pub slots: Vec<Slot>,
}

/// Why a hand-off cannot start for a filing.
#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("备案类型尚未确定，无法判断需要哪些资料：请先完成“验证备案类型”")]
    NoMaterials,
}

fn subject_hint(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).take(12).collect(),
        None => String::new(),
    }
}

/// The filing's order number and the materials to ask the phone for.
pub fn filing_info(store: &Store, filing_id: i64, now: Timestamp) -> Result<FilingInfo, FilingError> {
    let rec = store.get_filing(filing_id)?;
    let c = store.material_completeness(filing_id, now)?;
    if c.materials.is_empty() {
        return Err(FilingError::NoMaterials);
    }
    let missing: Vec<_> = c.materials.iter().filter(|m| c.missing.contains(&m.code)).collect();
    let chosen = if missing.is_empty() { c.materials.iter().collect() } else { missing };
    let slots = chosen
        .into_iter()
        .map(|m| Slot { code: m.code.clone(), name: m.name.clone(), required: m.required, attached: m.attached })
        .collect();
    Ok(FilingInfo { filing_id, order_no: rec.order_no, subject_hint: subject_hint(&rec.document.subject.name), slots })
}

/// Records one processed upload as an attachment of the filing (see [`att::commit_processed`]).
pub(crate) fn commit(
    store: &mut Store,
    filing_id: i64,
    material_code: &str,
    original_name: &str,
    p: &Processed,
) -> Result<Attachment, AttachError> {
    att::commit_processed(store, filing_id, material_code, original_name, p, Timestamp::now())
}

#[cfg(test)]
mod tests {
    #[test]
    fn subject_hint_keeps_the_first_character() {
        assert_eq!(super::subject_hint("李娜"), "李*");
        assert_eq!(super::subject_hint(" 杭州云帆信息技术有限公司 "), "杭***********");
        assert_eq!(super::subject_hint(""), "");
    }
}
