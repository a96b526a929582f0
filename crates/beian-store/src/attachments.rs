//! Attachments: the scans of a filing's materials, and the completeness of its materials.
//!
//! The flow of attaching ([`attach_bytes`], [`attach_path`]): check the original name (text only),
//! process the file (beian-scan: limits, orientation, metadata stripped, normalised), refuse a
//! duplicate of a file already attached to the filing, write the file to the content-addressed
//! store (atomically), then its thumbnail and preview, and only then the row. A failure at any step
//! before the row leaves no row; a failure writing the row may leave an unreferenced file in the
//! store, which is harmless (it is named by its content and found again by the next attach).
//!
//! Removal is soft (undo restores); files are never deleted here (several filings may share one).

use std::path::Path;

use beian_core::calendar::cst_now_date;
use beian_core::model::FilingType;
use beian_core::plan::MaterialItem;
use beian_core::tables::{self, MaterialCondition, MaterialKind};
use beian_scan::{Derived, FileStore, Kind, Processed, ScanError, Warning};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::{SqliteStore, Store};
use crate::engine::{AttachmentOps, BlobPart, FilingOps, WorkflowOps};
use crate::error::StoreError;

/// One attached file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Attachment {
    pub id: i64,
    pub filing_id: i64,
    /// A material code of `materials.toml` (e.g. `subject_certificate`).
    pub material_code: String,
    /// SHA-256 of the stored bytes: the file's name in the store.
    pub sha256: String,
    pub kind: Kind,
    pub mime: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub byte_size: u32,
    /// Pages of a PDF.
    pub pages: Option<u32>,
    /// The name the file came with, as text (never a path).
    pub original_name: String,
    pub warnings: Vec<Warning>,
    /// A large preview exists (an image is its own preview; a PDF has one when it could be rendered).
    pub has_preview: bool,
    pub created_at: String,
    /// Set when removed (undo: restore).
    pub deleted_at: Option<String>,
    /// The attachment that replaced this one.
    pub replaced_by: Option<i64>,
}

/// A material of a filing with how many files are attached to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MaterialSlot {
    pub code: String,
    pub name: String,
    pub kind: MaterialKind,
    pub required: bool,
    pub condition: MaterialCondition,
    pub source: String,
    /// `source` as a person cites it, in both languages.
    pub citation: beian_core::labels::Label,
    pub attached: u32,
}

/// Which materials a filing needs and which of them have files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Completeness {
    pub filing_id: i64,
    /// The filing type the materials are for (the document's, else the determined one).
    pub filing_type: Option<FilingType>,
    pub materials: Vec<MaterialSlot>,
    /// Codes of required materials without any file.
    pub missing: Vec<String>,
    /// Every required material has at least one file (false while the type is unknown).
    pub complete: bool,
    /// Attachments whose material is not among this filing's materials (e.g. after its type changed).
    pub other: u32,
}

/// Why attaching failed.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error("{0}")]
    Scan(#[from] ScanError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

const COLUMNS: &str = "id, filing_id, material_code, sha256, mime, width, height, byte_size, pages, original_name, \
                       warnings, has_preview, created_at, deleted_at, replaced_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Attachment> {
    let mime: String = r.get(4)?;
    let warnings: String = r.get(10)?;
    Ok(Attachment {
        id: r.get(0)?,
        filing_id: r.get(1)?,
        material_code: r.get(2)?,
        sha256: r.get(3)?,
        kind: if mime == "application/pdf" { Kind::Pdf } else { Kind::Image },
        mime,
        width: r.get(5)?,
        height: r.get(6)?,
        byte_size: r.get(7)?,
        pages: r.get(8)?,
        original_name: r.get(9)?,
        // The column is checked JSON written by this module; an unreadable one shows no warnings.
        warnings: serde_json::from_str(&warnings).unwrap_or_default(),
        has_preview: r.get(11)?,
        created_at: r.get(12)?,
        deleted_at: r.get(13)?,
        replaced_by: r.get(14)?,
    })
}

pub(crate) fn material_name(code: &str) -> Option<&'static str> {
    tables::materials().iter().find(|m| m.code == code).map(|m| m.name_zh.as_str())
}

pub(crate) fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid { field: field.to_owned(), message: message.into() }
}

impl AttachmentOps for SqliteStore {
    fn put_files(&self, p: &Processed) -> Result<(), StoreError> {
        match &self.files {
            Some(files) => store_files(files, p).map_err(|e| invalid("file", e.to_string())),
            None => Ok(()),
        }
    }

    fn file(&self, sha256: &str, part: BlobPart) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(files) = &self.files else { return Ok(None) };
        let read = match part {
            BlobPart::File => files.read(sha256),
            BlobPart::Thumbnail => files.read_derived(sha256, Derived::Thumbnail),
            BlobPart::Preview => files.read_derived(sha256, Derived::Preview),
        };
        match read {
            Ok(bytes) => Ok(Some(bytes)),
            Err(ScanError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(invalid("file", e.to_string())),
        }
    }

    fn attachment(&self, id: i64) -> Result<Attachment, StoreError> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1"), params![id], from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "附件", id: id.to_string() })
    }

    fn attachments(&self, filing_id: i64, include_removed: bool) -> Result<Vec<Attachment>, StoreError> {
        self.ensure_filing(filing_id)?;
        let filter = if include_removed { "" } else { "AND deleted_at IS NULL" };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE filing_id = ?1 {filter} ORDER BY material_code, id"
        ))?;
        let rows = stmt.query_map(params![filing_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn find_duplicate(&self, filing_id: i64, sha256: &str) -> Result<Option<Attachment>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM attachments WHERE filing_id = ?1 AND sha256 = ?2 AND deleted_at IS NULL"
                ),
                params![filing_id, sha256],
                from_row,
            )
            .optional()?)
    }

    fn insert_attachment(
        &mut self,
        filing_id: i64,
        material_code: &str,
        original_name: &str,
        p: &Processed,
        now: Timestamp,
    ) -> Result<Attachment, StoreError> {
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        let id = insert_row(&tx, filing_id, material_code, original_name, p, now)?;
        tx.commit()?;
        self.refresh_missing(&[filing_id], now)?;
        self.attachment(id)
    }

    fn remove_attachment(&mut self, id: i64, now: Timestamp) -> Result<Attachment, StoreError> {
        let a = self.attachment(id)?;
        if a.deleted_at.is_none() {
            let tx = crate::db::WriteTx::begin(&mut self.conn)?;
            tx.execute(
                "UPDATE attachments SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, crate::time::stamp(now)],
            )?;
            forget_missing(&tx, a.filing_id)?;
            tx.commit()?;
            self.refresh_missing(&[a.filing_id], now)?;
        }
        self.attachment(id)
    }

    fn restore_attachment(&mut self, id: i64) -> Result<Attachment, StoreError> {
        let a = self.attachment(id)?;
        if a.deleted_at.is_none() {
            return Ok(a);
        }
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        if let Some(new) = a.replaced_by {
            tx.execute(
                "UPDATE attachments SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![new, crate::time::stamp(Timestamp::now())],
            )?;
        }
        let live: Option<(String, String)> = tx
            .query_row(
                "SELECT material_code, original_name FROM attachments
                 WHERE filing_id = ?1 AND sha256 = ?2 AND deleted_at IS NULL",
                params![a.filing_id, a.sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((code, name)) = live {
            let slot = material_name(&code).unwrap_or(&code);
            return Err(invalid(
                &format!("attachments.{code}"),
                format!("无法恢复：相同的文件已在“{slot}”中（{name}）"),
            ));
        }
        tx.execute("UPDATE attachments SET deleted_at = NULL, replaced_by = NULL WHERE id = ?1", params![id])?;
        forget_missing(&tx, a.filing_id)?;
        tx.commit()?;
        self.refresh_missing(&[a.filing_id], Timestamp::now())?;
        self.attachment(id)
    }

    fn replace_attachment(
        &mut self,
        old_id: i64,
        original_name: &str,
        p: &Processed,
        now: Timestamp,
    ) -> Result<Attachment, StoreError> {
        let old = self.attachment(old_id)?;
        if old.deleted_at.is_some() {
            return Err(invalid("attachment", "该附件已删除，无法替换：请先撤销删除"));
        }
        let tx = crate::db::WriteTx::begin(&mut self.conn)?;
        // The old file goes first, so that replacing a file by itself is not a duplicate.
        tx.execute("UPDATE attachments SET deleted_at = ?2 WHERE id = ?1", params![old_id, crate::time::stamp(now)])?;
        let id = insert_row(&tx, old.filing_id, &old.material_code, original_name, p, now)?;
        tx.execute("UPDATE attachments SET replaced_by = ?2 WHERE id = ?1", params![old_id, id])?;
        tx.commit()?;
        self.refresh_missing(&[old.filing_id], now)?;
        self.attachment(id)
    }

    fn material_completeness(&self, filing_id: i64, now: Timestamp) -> Result<Completeness, StoreError> {
        completeness(self, filing_id, now)
    }

    fn material_diagnostics(&self, filing_id: i64, now: Timestamp) -> Result<Vec<beian_core::Diagnostic>, StoreError> {
        Ok(missing_diagnostics(&self.material_completeness(filing_id, now)?))
    }
}

/// Which materials filing `filing_id` needs and which have files, whatever the engine: from its
/// document, the registry (when its type is not set) and its attachments.
pub(crate) fn completeness<S: FilingOps + WorkflowOps + AttachmentOps + ?Sized>(
    s: &S,
    filing_id: i64,
    now: Timestamp,
) -> Result<Completeness, StoreError> {
    let rec = s.get_filing(filing_id)?;
    let doc = &rec.document;
    let filing_type = match doc.filing_type {
        Some(t) => Some(t),
        None => {
            let registry = s.registry_for(Some(&rec.order_no), doc)?;
            beian_core::filing_type::determine(doc, &registry).filing_type
        }
    };
    let date = doc.as_of.unwrap_or_else(|| cst_now_date(now));
    let items: Vec<MaterialItem> = filing_type.map(|t| beian_core::plan::materials(doc, t, date)).unwrap_or_default();
    let mut counts: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for a in s.attachments(filing_id, false)? {
        *counts.entry(a.material_code).or_default() += 1;
    }
    let materials: Vec<MaterialSlot> = items
        .into_iter()
        .map(|m| MaterialSlot {
            attached: counts.remove(&m.code).unwrap_or(0),
            code: m.code,
            name: m.name,
            kind: m.kind,
            required: m.required,
            condition: m.condition,
            citation: beian_core::rules::citation(&m.source),
            source: m.source,
        })
        .collect();
    let missing: Vec<String> =
        materials.iter().filter(|m| m.required && m.attached == 0).map(|m| m.code.clone()).collect();
    Ok(Completeness {
        filing_id,
        filing_type,
        complete: filing_type.is_some() && missing.is_empty(),
        missing,
        other: counts.values().sum(),
        materials,
    })
}

/// A warning at `materials.<code>` for every required material without a file.
pub(crate) fn missing_diagnostics(c: &Completeness) -> Vec<beian_core::Diagnostic> {
    c.materials
        .iter()
        .filter(|m| c.missing.contains(&m.code))
        .map(|m| {
            let name = &m.name;
            let name_en = beian_core::tables::materials()
                .iter()
                .find(|t| t.code == m.code)
                .map_or(m.code.as_str(), |t| t.name_en.as_str());
            let message = beian_core::text!(
                zh: "还缺少资料：{name}（请在“上传资料”中添加，或用手机拍照上传）",
                en: "A material is still missing: {name_en}. Add it under “Materials”, or with “Photos from a phone”.",
            );
            beian_core::Diagnostic {
                code: "material_missing".into(),
                severity: beian_core::Severity::Warning,
                field: format!("materials.{}", m.code),
                message: message.zh,
                message_en: message.en,
                rule: beian_core::rules::ids::MATERIALS_REQUIRED.into(),
                source: m.source.clone(),
            }
        })
        .collect()
}

impl SqliteStore {
    fn ensure_filing(&self, filing_id: i64) -> Result<(), StoreError> {
        let exists: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM filings WHERE id = ?1)", params![filing_id], |r| r.get(0))?;
        if exists { Ok(()) } else { Err(StoreError::NotFound { what: "备案", id: filing_id.to_string() }) }
    }

    /// How many required materials filing `id` still lacks.
    pub(crate) fn missing_count(&self, id: i64, now: Timestamp) -> Result<u32, StoreError> {
        let n = self.material_completeness(id, now)?.missing.len();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Makes the missing-materials count of each filing again (after a write that set it to NULL).
    pub(crate) fn refresh_missing(&self, ids: &[i64], now: Timestamp) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached("UPDATE filings SET missing_materials = ?2 WHERE id = ?1")?;
        for &id in ids {
            stmt.execute(params![id, self.missing_count(id, now)?])?;
        }
        Ok(())
    }

    /// Makes every count left unknown (after migration 8, or a crash between a write and its
    /// count), on opening.
    pub(crate) fn refresh_unknown_missing(&self, now: Timestamp) -> Result<(), StoreError> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM filings WHERE missing_materials IS NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        self.refresh_missing(&ids, now)
    }
}

/// Marks a filing's missing-materials count as to be made again (inside the write's transaction).
fn forget_missing(tx: &crate::db::WriteTx<'_>, filing_id: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE filings SET missing_materials = NULL WHERE id = ?1", params![filing_id])?;
    Ok(())
}

fn insert_row(
    tx: &crate::db::WriteTx<'_>,
    filing_id: i64,
    material_code: &str,
    original_name: &str,
    p: &Processed,
    now: Timestamp,
) -> Result<i64, StoreError> {
    forget_missing(tx, filing_id)?;
    let exists: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM filings WHERE id = ?1)", params![filing_id], |r| r.get(0))?;
    if !exists {
        return Err(StoreError::NotFound { what: "备案", id: filing_id.to_string() });
    }
    if material_name(material_code).is_none() {
        return Err(invalid("material_code", format!("未知的资料类型：{material_code}")));
    }
    let name = beian_scan::name::check_name(original_name).map_err(|e| invalid("original_name", e.to_string()))?;
    let live: Option<(String, String)> = tx
        .query_row(
            "SELECT material_code, original_name FROM attachments WHERE filing_id = ?1 AND sha256 = ?2 AND deleted_at IS NULL",
            params![filing_id, p.sha256],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((code, existing)) = live {
        let slot = material_name(&code).unwrap_or(&code);
        return Err(invalid(
            &format!("attachments.{code}"),
            format!("相同的文件已上传到“{slot}”（{existing}）：同一备案中不重复保存"),
        ));
    }
    let warnings = serde_json::to_string(&p.warnings).map_err(|e| StoreError::CorruptDocument(e.to_string()))?;
    let has_preview = p.kind == Kind::Image || p.preview.is_some();
    tx.execute(
        "INSERT INTO attachments (filing_id, material_code, sha256, mime, width, height, byte_size, pages,
                                  original_name, warnings, has_preview, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            filing_id,
            material_code,
            p.sha256,
            p.mime,
            p.width,
            p.height,
            p.bytes.len() as i64,
            p.pages,
            name,
            warnings,
            has_preview,
            crate::time::stamp(now)
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Writes the processed file, its thumbnail and its preview to the file store (each atomically).
pub fn store_files(files: &FileStore, p: &Processed) -> Result<(), ScanError> {
    files.put(&p.bytes)?;
    files.put_derived(&p.sha256, Derived::Thumbnail, &p.thumbnail)?;
    if let Some(preview) = &p.preview {
        files.put_derived(&p.sha256, Derived::Preview, preview)?;
    }
    Ok(())
}

/// Refuses a duplicate of a file in force on the filing, naming the material it is in.
fn duplicate_error(store: &Store, filing_id: i64, sha256: &str) -> Result<(), StoreError> {
    if let Some(d) = store.find_duplicate(filing_id, sha256)? {
        let slot = material_name(&d.material_code).unwrap_or(&d.material_code);
        return Err(invalid(
            &format!("attachments.{}", d.material_code),
            format!("相同的文件已上传到“{slot}”（{}）：同一备案中不重复保存", d.original_name),
        ));
    }
    Ok(())
}

/// The checks that come before any write: the name, the material, the filing, duplicates.
fn precheck(store: &Store, filing_id: i64, material_code: &str, original_name: &str) -> Result<String, AttachError> {
    let name = beian_scan::name::check_name(original_name)?;
    if store.order_no_of(filing_id)?.is_none() {
        return Err(StoreError::NotFound { what: "备案", id: filing_id.to_string() }.into());
    }
    if material_name(material_code).is_none() {
        return Err(invalid("material_code", format!("未知的资料类型：{material_code}")).into());
    }
    Ok(name)
}

/// Attaches a file held in memory: name checked, processed, duplicates refused, file written
/// (atomically) before its row.
pub fn attach_bytes(
    store: &mut Store,
    filing_id: i64,
    material_code: &str,
    original_name: &str,
    bytes: Vec<u8>,
    now: Timestamp,
) -> Result<Attachment, AttachError> {
    precheck(store, filing_id, material_code, original_name)?;
    let p = beian_scan::process(bytes)?;
    commit_processed(store, filing_id, material_code, original_name, &p, now)
}

/// The second half of attaching, for callers that process without holding the store (the app
/// processes several files while other commands keep running): checks, refuses a duplicate,
/// writes the files, then the row.
pub fn commit_processed(
    store: &mut Store,
    filing_id: i64,
    material_code: &str,
    original_name: &str,
    p: &Processed,
    now: Timestamp,
) -> Result<Attachment, AttachError> {
    let name = precheck(store, filing_id, material_code, original_name)?;
    duplicate_error(store, filing_id, &p.sha256)?;
    store.put_files(p)?;
    Ok(store.insert_attachment(filing_id, material_code, &name, p, now)?)
}

/// The second half of replacing (see [`commit_processed`]).
pub fn commit_replacement(
    store: &mut Store,
    old_id: i64,
    original_name: &str,
    p: &Processed,
    now: Timestamp,
) -> Result<Attachment, AttachError> {
    let name = beian_scan::name::check_name(original_name)?;
    let old = store.attachment(old_id)?;
    if p.sha256 != old.sha256 {
        duplicate_error(store, old.filing_id, &p.sha256)?;
    }
    store.put_files(p)?;
    Ok(store.replace_attachment(old_id, &name, p, now)?)
}

/// Attaches the file at `path`; its last component is the original name.
pub fn attach_path(
    store: &mut Store,
    filing_id: i64,
    material_code: &str,
    path: &Path,
    now: Timestamp,
) -> Result<Attachment, AttachError> {
    let name = beian_scan::name::name_of(path)?;
    precheck(store, filing_id, material_code, &name)?;
    let bytes = beian_scan::read_limited(path)?;
    attach_bytes(store, filing_id, material_code, &name, bytes, now)
}

/// Replaces attachment `old_id` by the file at `path` (same material).
pub fn replace_with_path(
    store: &mut Store,
    old_id: i64,
    path: &Path,
    now: Timestamp,
) -> Result<Attachment, AttachError> {
    let name = beian_scan::name::name_of(path)?;
    store.attachment(old_id)?;
    let p = beian_scan::process(beian_scan::read_limited(path)?)?;
    commit_replacement(store, old_id, &name, &p, now)
}
