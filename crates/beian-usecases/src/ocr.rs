//! 识别证件 around the store: which page of a stored attachment is read, and the record made when
//! staff reveal the numbers read in full. The reading itself (the engine) and the proposals are
//! `beian-ocr`'s; the window runs the engine on its blocking pool.

use beian_scan::{Derived, FileStore, Kind, ScanError};
use beian_store::attachments::Attachment;
use beian_store::audit::{AuditAction, NewAuditEntry};
use beian_store::{Store, StoreError};
use jiff::Timestamp;

/// Why an attachment's page cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("这份附件已删除，无法识别")]
    Deleted,
    #[error("这份 PDF 的第一页无法渲染，无法识别")]
    NoPage,
    #[error("{0}")]
    Scan(#[from] ScanError),
}

/// The page of a stored attachment as a JPEG: the normalised image itself, or a PDF's first-page
/// preview; `None` for a PDF that could not be rendered. What the preview shows and 识别证件 reads.
pub fn page_bytes(files: &FileStore, a: &Attachment) -> Result<Option<Vec<u8>>, ScanError> {
    match a.kind {
        Kind::Image => files.read(&a.sha256).map(Some),
        Kind::Pdf if a.has_preview => files.read_derived(&a.sha256, Derived::Preview).map(Some),
        Kind::Pdf => Ok(None),
    }
}

/// The page 识别证件 reads of attachment `attachment_id`, with the material it is filed under (the
/// proposals depend on it). A removed attachment or an unrenderable PDF is refused.
pub fn page_to_read(store: &Store, files: &FileStore, attachment_id: i64) -> Result<(String, Vec<u8>), PageError> {
    let a = store.attachment(attachment_id)?;
    if a.deleted_at.is_some() {
        return Err(PageError::Deleted);
    }
    let page = page_bytes(files, &a)?.ok_or(PageError::NoPage)?;
    Ok((a.material_code, page))
}

/// Staff asked to see the certificate numbers read from an attachment in full: recorded in the
/// audit trail (`reveal`, the attachment's filing) before they are shown.
pub fn reveal(store: &mut Store, attachment_id: i64, via: &'static str, now: Timestamp) -> Result<(), StoreError> {
    let a = store.attachment(attachment_id)?;
    let entry = NewAuditEntry {
        action: AuditAction::Reveal,
        filing_id: Some(a.filing_id),
        detail: format!("识别证件：附件 {attachment_id} 的证件号码"),
        via,
    };
    store.record_audit(&[entry], now)?;
    Ok(())
}
