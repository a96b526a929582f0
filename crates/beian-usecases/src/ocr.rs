//! 识别证件 around the store: which page of a stored attachment is read, what a reading proposes
//! for the filing as the dialog shows it (masked, in both languages), and the record made when
//! staff reveal the numbers read in full. The engine and the field reader are `beian-ocr`'s; the
//! window runs the engine on its blocking pool.

use beian_core::labels::Label;
use beian_core::{CertType, FilingDocument};
use beian_ocr::{DocumentKind, Proposal, Reading};
use beian_scan::{Kind, ScanError};
use beian_store::attachments::Attachment;
use beian_store::audit::{AuditAction, NewAuditEntry};
use beian_store::{BlobPart, Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use specta::Type;

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
pub fn page_bytes(store: &Store, a: &Attachment) -> Result<Option<Vec<u8>>, StoreError> {
    match a.kind {
        Kind::Image => store.file(&a.sha256, BlobPart::File),
        Kind::Pdf if a.has_preview => store.file(&a.sha256, BlobPart::Preview),
        Kind::Pdf => Ok(None),
    }
}

/// The page 识别证件 reads of attachment `attachment_id`, with the material it is filed under (the
/// proposals depend on it). A removed attachment or an unrenderable PDF is refused.
pub fn page_to_read(store: &Store, attachment_id: i64) -> Result<(String, Vec<u8>), PageError> {
    let a = store.attachment(attachment_id)?;
    if a.deleted_at.is_some() {
        return Err(PageError::Deleted);
    }
    let page = page_bytes(store, &a)?.ok_or(PageError::NoPage)?;
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

/// Below this confidence a value is marked for checking against the original.
pub const LOW_CONFIDENCE: f32 = 0.8;

/// A proposal with its values as the dialog shows them: certificate numbers masked
/// (`beian_core::mask`), enumerated values by their name (in both languages; other values are the
/// same in both).
#[derive(Debug, Clone, Serialize, Type)]
pub struct ProposalView {
    #[serde(flatten)]
    pub proposal: Proposal,
    /// The current value for the screen, masked when it is personal data.
    pub current_display: Label,
    /// The proposed value for the screen, masked when it is personal data.
    pub proposed_display: Option<Label>,
    /// The current value in full, for "显示完整号码" (after [`reveal`]).
    pub current_full: Label,
    /// The proposed value in full.
    pub proposed_full: Option<Label>,
    /// Whether the display values hide something.
    pub masked: bool,
    /// The recogniser was unsure (under [`LOW_CONFIDENCE`]): check against the original.
    pub low_confidence: bool,
}

/// What a scan proposes for the filing.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OcrProposals {
    pub items: Vec<ProposalView>,
    /// When the scan fills nothing of this filing: why.
    pub remark: Option<Label>,
}

/// The result of reading one attachment.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OcrResult {
    pub attachment_id: i64,
    pub kind: DocumentKind,
    pub kind_label: Label,
    /// Every field read off the certificate.
    pub fields: Reading,
    pub proposals: OcrProposals,
    pub elapsed_ms: u32,
}

fn view(p: Proposal) -> ProposalView {
    let personal = p.path.ends_with("cert_number");
    let same = |v: String| Label { zh: v.clone(), en: v };
    let full = |v: &str| match CertType::from_code(v) {
        Some(c) if p.path.ends_with("cert_type") => Label::new(c.label_zh(), c.label_en()),
        _ => same(v.to_owned()),
    };
    let shown = |v: &str| if personal { same(beian_core::mask::cert_number(v)) } else { full(v) };
    let current_full = full(&p.current);
    let proposed_full = p.proposed_label.clone().or_else(|| p.proposed.as_deref().map(full));
    let current_display = shown(&p.current);
    let proposed_display = p.proposed_label.clone().or_else(|| p.proposed.as_deref().map(shown));
    let masked = current_display != current_full || proposed_display != proposed_full;
    // NaN (nothing to average) counts as unsure.
    let low_confidence = p.confidence.is_nan() || p.confidence < LOW_CONFIDENCE;
    ProposalView { proposal: p, current_display, proposed_display, current_full, proposed_full, masked, low_confidence }
}

/// What a reading of attachment `attachment_id` (filed as `material`) proposes for `document` (the
/// window's draft: the proposals' current values are those on screen), as the dialog shows it.
pub fn present(
    attachment_id: i64,
    material: &str,
    document: &FilingDocument,
    reading: Reading,
    elapsed_ms: u32,
) -> OcrResult {
    let proposals = beian_ocr::proposals_for(material, document, &reading);
    OcrResult {
        attachment_id,
        kind: reading.kind,
        kind_label: reading.kind.label(),
        proposals: OcrProposals { items: proposals.items.into_iter().map(view).collect(), remark: proposals.remark },
        fields: reading,
        elapsed_ms,
    }
}
