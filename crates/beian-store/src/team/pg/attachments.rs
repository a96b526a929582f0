//! Attachments on PostgreSQL: the rows, and the bytes themselves (content-addressed blobs in
//! 1 MiB chunks, with the thumbnail and the preview) written in the row's transaction, so that a
//! row never names a missing file.

use beian_scan::{Kind, Processed};
use jiff::Timestamp;
use postgres::types::Json;
use postgres::{GenericClient, Row};

use super::filings::lock;
use super::{PgStore, Q, Tx};
use crate::attachments::{Attachment, Completeness, invalid, material_name};
use crate::engine::{AttachmentOps, BlobPart};
use crate::error::StoreError;

const COLUMNS: &str = "id, filing_id, material_code, sha256, mime, width, height, byte_size, pages, original_name, \
                       warnings::text, has_preview, created_at, deleted_at, replaced_by";

/// The size of a blob's chunks.
const CHUNK: usize = 1024 * 1024;

fn small(r: &Row, i: usize) -> Result<Option<u32>, StoreError> {
    Ok(r.try_get::<_, Option<i64>>(i)?.map(|n| u32::try_from(n).unwrap_or(u32::MAX)))
}

fn attachment(r: &Row) -> Result<Attachment, StoreError> {
    let mime: String = r.try_get(4)?;
    let warnings: String = r.try_get(10)?;
    Ok(Attachment {
        id: r.try_get(0)?,
        filing_id: r.try_get(1)?,
        material_code: r.try_get(2)?,
        sha256: r.try_get(3)?,
        kind: if mime == "application/pdf" { Kind::Pdf } else { Kind::Image },
        mime,
        width: small(r, 5)?,
        height: small(r, 6)?,
        byte_size: small(r, 7)?.unwrap_or(0),
        pages: small(r, 8)?,
        original_name: r.try_get(9)?,
        warnings: serde_json::from_str(&warnings).unwrap_or_default(),
        has_preview: r.try_get(11)?,
        created_at: r.try_get(12)?,
        deleted_at: r.try_get(13)?,
        replaced_by: r.try_get(14)?,
    })
}

fn one<C: GenericClient>(q: &mut Q<'_, C>, id: i64) -> Result<Attachment, StoreError> {
    let row = q.opt(&format!("SELECT {COLUMNS} FROM attachments WHERE id = $1"), &[&id])?;
    attachment(&row.ok_or_else(|| StoreError::NotFound { what: "附件", id: id.to_string() })?)
}

/// The attachment in force of the filing with this content: (material, original name).
fn live<C: GenericClient>(
    q: &mut Q<'_, C>,
    filing_id: i64,
    sha256: &str,
) -> Result<Option<(String, String)>, StoreError> {
    q.opt(
        "SELECT material_code, original_name FROM attachments WHERE filing_id = $1 AND sha256 = $2 AND deleted_at IS NULL",
        &[&filing_id, &sha256],
    )?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .transpose()
}

/// Stores the processed file's bytes (once per content: a blob already there is kept).
fn put_blob(tx: &mut Tx<'_, '_>, p: &Processed) -> Result<(), StoreError> {
    put_blob_parts(tx, &p.sha256, &p.bytes, Some(&p.thumbnail), p.preview.as_deref())
}

/// Stores a file's bytes under `sha256` (their hash: the caller's to check), with its thumbnail
/// and preview when there are any; once per content: a blob or derived file already there is kept.
pub(crate) fn put_blob_parts(
    tx: &mut Tx<'_, '_>,
    sha256: &str,
    bytes: &[u8],
    thumbnail: Option<&[u8]>,
    preview: Option<&[u8]>,
) -> Result<(), StoreError> {
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let inserted =
        tx.exec("INSERT INTO blobs (sha256, byte_size) VALUES ($1, $2) ON CONFLICT DO NOTHING", &[&sha256, &size])?;
    if inserted == 1 {
        for (seq, chunk) in bytes.chunks(CHUNK).enumerate() {
            let seq = i32::try_from(seq).unwrap_or(i32::MAX);
            tx.exec("INSERT INTO blob_chunks (sha256, seq, bytes) VALUES ($1, $2, $3)", &[&sha256, &seq, &chunk])?;
        }
    }
    for (kind, bytes) in [("thumbnail", thumbnail), ("preview", preview)] {
        if let Some(bytes) = bytes {
            tx.exec(
                "INSERT INTO blob_derived (sha256, kind, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&sha256, &kind, &bytes],
            )?;
        }
    }
    Ok(())
}

/// Inserts an attachment row (and its bytes) inside the transaction, the filing locked.
fn insert_row(
    tx: &mut Tx<'_, '_>,
    filing_id: i64,
    material_code: &str,
    original_name: &str,
    p: &Processed,
    now: Timestamp,
) -> Result<i64, StoreError> {
    lock(tx, filing_id)?;
    if material_name(material_code).is_none() {
        return Err(invalid("material_code", format!("未知的资料类型：{material_code}")));
    }
    let name = beian_scan::name::check_name(original_name).map_err(|e| invalid("original_name", e.to_string()))?;
    if let Some((code, existing)) = live(tx, filing_id, &p.sha256)? {
        let slot = material_name(&code).unwrap_or(&code);
        return Err(invalid(
            &format!("attachments.{code}"),
            format!("相同的文件已上传到“{slot}”（{existing}）：同一备案中不重复保存"),
        ));
    }
    put_blob(tx, p)?;
    forget_missing(tx, filing_id)?;
    let has_preview = p.kind == Kind::Image || p.preview.is_some();
    let (width, height, pages) = (p.width.map(i64::from), p.height.map(i64::from), p.pages.map(i64::from));
    let size = i64::try_from(p.bytes.len()).unwrap_or(i64::MAX);
    let row = tx.one(
        "INSERT INTO attachments (filing_id, material_code, sha256, mime, width, height, byte_size, pages,
                                  original_name, warnings, has_preview, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        &[
            &filing_id,
            &material_code,
            &p.sha256,
            &p.mime,
            &width,
            &height,
            &size,
            &pages,
            &name,
            &Json(&p.warnings),
            &has_preview,
            &crate::time::stamp(now),
        ],
    )?;
    Ok(row.try_get(0)?)
}

fn forget_missing(tx: &mut Tx<'_, '_>, filing_id: i64) -> Result<(), StoreError> {
    tx.exec("UPDATE filings SET missing_materials = NULL WHERE id = $1", &[&filing_id])?;
    Ok(())
}

impl PgStore {
    /// The bytes of a stored file, its thumbnail or its preview (`None` when there are none).
    pub fn blob(&self, sha256: &str, part: BlobPart) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(|q| match part {
            BlobPart::File => {
                let rows = q.rows("SELECT bytes FROM blob_chunks WHERE sha256 = $1 ORDER BY seq", &[&sha256])?;
                if rows.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::new();
                for r in &rows {
                    out.extend_from_slice(r.try_get::<_, &[u8]>(0)?);
                }
                Ok(Some(out))
            }
            BlobPart::Thumbnail | BlobPart::Preview => {
                let kind = if part == BlobPart::Thumbnail { "thumbnail" } else { "preview" };
                q.opt("SELECT bytes FROM blob_derived WHERE sha256 = $1 AND kind = $2", &[&sha256, &kind])?
                    .map(|r| Ok(r.try_get::<_, Vec<u8>>(0)?))
                    .transpose()
            }
        })
    }
}

impl AttachmentOps for PgStore {
    // The bytes go in with the row (insert_row), in its transaction.
    fn put_files(&self, _p: &Processed) -> Result<(), StoreError> {
        Ok(())
    }

    fn file(&self, sha256: &str, part: BlobPart) -> Result<Option<Vec<u8>>, StoreError> {
        self.blob(sha256, part)
    }

    fn attachment(&self, id: i64) -> Result<Attachment, StoreError> {
        self.read(|q| one(q, id))
    }

    fn attachments(&self, filing_id: i64, include_removed: bool) -> Result<Vec<Attachment>, StoreError> {
        self.read(|q| {
            if q.opt("SELECT 1 FROM filings WHERE id = $1", &[&filing_id])?.is_none() {
                return Err(StoreError::NotFound { what: "备案", id: filing_id.to_string() });
            }
            let filter = if include_removed { "" } else { "AND deleted_at IS NULL" };
            q.rows(
                &format!("SELECT {COLUMNS} FROM attachments WHERE filing_id = $1 {filter} ORDER BY material_code, id"),
                &[&filing_id],
            )?
            .iter()
            .map(attachment)
            .collect()
        })
    }

    fn find_duplicate(&self, filing_id: i64, sha256: &str) -> Result<Option<Attachment>, StoreError> {
        self.read(|q| {
            q.opt(
                &format!(
                    "SELECT {COLUMNS} FROM attachments WHERE filing_id = $1 AND sha256 = $2 AND deleted_at IS NULL"
                ),
                &[&filing_id, &sha256],
            )?
            .map(|r| attachment(&r))
            .transpose()
        })
    }

    fn insert_attachment(
        &mut self,
        filing_id: i64,
        material_code: &str,
        original_name: &str,
        p: &Processed,
        now: Timestamp,
    ) -> Result<Attachment, StoreError> {
        let id = self.write(|tx| insert_row(tx, filing_id, material_code, original_name, p, now))?;
        self.refresh_missing(&[filing_id], now)?;
        self.attachment(id)
    }

    fn remove_attachment(&mut self, id: i64, now: Timestamp) -> Result<Attachment, StoreError> {
        let filing_id = self.write(|tx| {
            let a = one(tx, id)?;
            lock(tx, a.filing_id)?;
            let changed = tx.exec(
                "UPDATE attachments SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL",
                &[&id, &crate::time::stamp(now)],
            )?;
            if changed == 1 {
                forget_missing(tx, a.filing_id)?;
            }
            Ok(a.filing_id)
        })?;
        self.refresh_missing(&[filing_id], now)?;
        self.attachment(id)
    }

    fn restore_attachment(&mut self, id: i64) -> Result<Attachment, StoreError> {
        let now = Timestamp::now();
        let filing_id = self.write(|tx| {
            let a = one(tx, id)?;
            lock(tx, a.filing_id)?;
            // Read again under the filing's lock: a colleague may have restored it meanwhile.
            let a = one(tx, id)?;
            if a.deleted_at.is_none() {
                return Ok(None);
            }
            if let Some(new) = a.replaced_by {
                tx.exec(
                    "UPDATE attachments SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL",
                    &[&new, &crate::time::stamp(now)],
                )?;
            }
            if let Some((code, name)) = live(tx, a.filing_id, &a.sha256)? {
                let slot = material_name(&code).unwrap_or(&code);
                return Err(invalid(
                    &format!("attachments.{code}"),
                    format!("无法恢复：相同的文件已在“{slot}”中（{name}）"),
                ));
            }
            tx.exec("UPDATE attachments SET deleted_at = NULL, replaced_by = NULL WHERE id = $1", &[&id])?;
            forget_missing(tx, a.filing_id)?;
            Ok(Some(a.filing_id))
        })?;
        if let Some(filing_id) = filing_id {
            self.refresh_missing(&[filing_id], now)?;
        }
        self.attachment(id)
    }

    fn replace_attachment(
        &mut self,
        old_id: i64,
        original_name: &str,
        p: &Processed,
        now: Timestamp,
    ) -> Result<Attachment, StoreError> {
        let (filing_id, id) = self.write(|tx| {
            let old = one(tx, old_id)?;
            lock(tx, old.filing_id)?;
            let old = one(tx, old_id)?;
            if old.deleted_at.is_some() {
                return Err(invalid("attachment", "该附件已删除，无法替换：请先撤销删除"));
            }
            // The old file goes first, so that replacing a file by itself is not a duplicate.
            tx.exec("UPDATE attachments SET deleted_at = $2 WHERE id = $1", &[&old_id, &crate::time::stamp(now)])?;
            let id = insert_row(tx, old.filing_id, &old.material_code, original_name, p, now)?;
            tx.exec("UPDATE attachments SET replaced_by = $2 WHERE id = $1", &[&old_id, &id])?;
            Ok((old.filing_id, id))
        })?;
        self.refresh_missing(&[filing_id], now)?;
        self.attachment(id)
    }

    fn material_completeness(&self, filing_id: i64, now: Timestamp) -> Result<Completeness, StoreError> {
        crate::attachments::completeness(self, filing_id, now)
    }

    fn material_diagnostics(&self, filing_id: i64, now: Timestamp) -> Result<Vec<beian_core::Diagnostic>, StoreError> {
        Ok(crate::attachments::missing_diagnostics(&self.material_completeness(filing_id, now)?))
    }
}
