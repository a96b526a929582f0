//! Attaching scans to a filing's material, as the window and `beian attach` both do: every file
//! on its own — read and processed without holding the store (decoding a 24-megapixel photo
//! takes a while), then recorded, file before row. A bad file stores nothing and is reported; the
//! others are attached.

use std::ops::DerefMut;
use std::path::Path;

use beian_store::attachments::{self as att, AttachError, Attachment};
use beian_store::{Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use specta::Type;

/// Most files attached in one go.
pub const MAX_FILES: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStage {
    Processing,
    Done,
    Failed,
}

/// Where a batch of files stands.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AttachProgress {
    /// 0-based index of the file in the batch.
    pub index: u32,
    pub total: u32,
    /// The file's name (display text).
    pub name: String,
    pub stage: ProgressStage,
    /// Why it failed.
    pub message: Option<String>,
}

/// One file that could not be attached.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AttachFailure {
    pub name: String,
    pub message: String,
}

/// The outcome of a batch: each file is attached or not on its own.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AttachReport {
    pub attached: Vec<Attachment>,
    pub failed: Vec<AttachFailure>,
}

/// A file's name as staff see it (the last path component, control characters made visible).
pub fn display_name(path: &str) -> String {
    let last = path.rsplit(['/', '\\']).next().unwrap_or(path);
    beian_scan::name::for_display(last)
}

/// Attaches the files at `paths` to material `material_code` of filing `filing_id`. `store`
/// gives the store for a moment (the window's lock, the CLI's own store): it is held only to
/// check and to record, never while a file is decoded. Refused as a whole, before any file is
/// read, for too many files, an unknown filing or an unknown material.
pub fn attach_files<G, E>(
    store: impl Fn() -> Result<G, E>,
    filing_id: i64,
    material_code: &str,
    paths: &[String],
    mut progress: impl FnMut(AttachProgress),
) -> Result<AttachReport, E>
where
    G: DerefMut<Target = Store>,
    E: From<StoreError> + std::fmt::Display,
{
    if paths.len() > MAX_FILES {
        return Err(StoreError::Invalid {
            field: "file".into(), message: format!("一次最多添加 {MAX_FILES} 个文件")
        }
        .into());
    }
    store()?.get_filing(filing_id)?;
    if beian_core::tables::materials().iter().all(|m| m.code != material_code) {
        return Err(StoreError::Invalid {
            field: "material_code".into(),
            message: format!("未知的资料类型：{}", material_code.chars().take(64).collect::<String>()),
        }
        .into());
    }
    let total = u32::try_from(paths.len()).unwrap_or(u32::MAX);
    let mut report = AttachReport { attached: Vec::new(), failed: Vec::new() };
    for (i, path) in paths.iter().enumerate() {
        let name = display_name(path);
        let at = |stage, message| AttachProgress {
            index: u32::try_from(i).unwrap_or(u32::MAX),
            total,
            name: name.clone(),
            stage,
            message,
        };
        progress(at(ProgressStage::Processing, None));
        match attach_one(&store, filing_id, material_code, path) {
            Ok(a) => {
                progress(at(ProgressStage::Done, None));
                report.attached.push(a);
            }
            Err(message) => {
                progress(at(ProgressStage::Failed, Some(message.clone())));
                report.failed.push(AttachFailure { name: name.clone(), message });
            }
        }
    }
    Ok(report)
}

/// Whether the file is an app's package by its name (`.apk`, `.ipa`, `.hap`, `.app`): its icon is
/// read from inside it.
fn is_package(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["apk", "ipa", "hap", "app"].iter().any(|p| e.eq_ignore_ascii_case(p)))
}

/// Reads and processes one file (no store held), then records it.
fn attach_one<G: DerefMut<Target = Store>, E: std::fmt::Display>(
    store: &impl Fn() -> Result<G, E>,
    filing_id: i64,
    material_code: &str,
    path: &str,
) -> Result<Attachment, String> {
    let name = beian_scan::name::check_source_path(path).map_err(|e| e.to_string())?;
    let file = beian_core::tables::materials().iter().find(|m| m.code == material_code).map(|m| m.file);
    let processed = match file {
        // An icon is an image, or the app's own package: its launcher icon is taken.
        Some(beian_core::tables::MaterialFile::Icon) if is_package(Path::new(path)) => {
            let icon = crate::package::package_icon(path).map_err(|e| e.to_string())?;
            beian_scan::process_icon(&icon)
        }
        Some(beian_core::tables::MaterialFile::Icon) => {
            beian_scan::read_limited(Path::new(path)).and_then(|bytes| beian_scan::process_icon(&bytes))
        }
        _ => beian_scan::process_file(Path::new(path)),
    }
    .map_err(|e| e.to_string())?;
    let mut s = store().map_err(|e| e.to_string())?;
    att::commit_processed(&mut s, filing_id, material_code, &name, &processed, Timestamp::now())
        .map_err(|e: AttachError| e.to_string())
}
