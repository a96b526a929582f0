//! Print views of a filing, rendered to one self-contained HTML string each (A4 print CSS, Chinese
//! font stack, QR codes as inline SVG; no external resources, no scripts):
//!
//! - [`ViewKind::Checklist`] — 邮寄资料清单: which papers to mail (from the plan's materials, a tick box
//!   each), the recipient block of guide §7, the order number as text and QR code;
//! - [`ViewKind::Summary`] — 备案信息确认单: the filing for the client to check and sign;
//! - [`ViewKind::Sms`] — 短信核验单: who verifies on which phone with which six characters, within
//!   24 hours, and the numbers the code comes from (guide §8);
//! - [`ViewKind::Handoff`] — 手机拍照交接单: how the client's phone takes over the photos (guide §4),
//!   with the hand-off link as a QR code.
//!
//! Personal data (certificate numbers, phones, e-mails) is masked as on screen
//! ([`beian_core::mask`]) unless [`PrintOptions::full`]; recording that choice in the filing's
//! history is the caller's job (`beian_store::Store::record_printed_full`).
//!
//! The desktop app and `beian print` render through [`render`], so both print the same pages. No
//! Tauri here; [`gather`] reads what a view needs from the store.

mod gather;
mod qr;
mod style;
mod views;

pub mod mailing;

use beian_core::model::FilingDocument;
use beian_core::plan::Plan;
use beian_core::status::FilingStatus;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use specta::Type;

pub use gather::gather;

/// Which page to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    Checklist,
    Summary,
    Sms,
    Handoff,
}

impl ViewKind {
    pub const ALL: [ViewKind; 4] = [ViewKind::Checklist, ViewKind::Summary, ViewKind::Sms, ViewKind::Handoff];

    /// The CLI's KIND argument.
    pub fn code(self) -> &'static str {
        match self {
            ViewKind::Checklist => "checklist",
            ViewKind::Summary => "summary",
            ViewKind::Sms => "sms",
            ViewKind::Handoff => "handoff",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The page's title, also the note of a `printed_full` history entry
    /// (`data/labels/labels.toml`, `[print_kind]`).
    pub fn label_zh(self) -> &'static str {
        beian_core::labels::zh(beian_core::labels::Group::PrintKind, self.code())
    }

    pub fn label_en(self) -> &'static str {
        beian_core::labels::en(beian_core::labels::Group::PrintKind, self.code())
    }
}

/// Everything a view shows of one filing, read from the store by [`gather`] (or built by tests).
/// Personal data here is as stored; [`render`] masks it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintFiling {
    pub order_no: String,
    pub status: FilingStatus,
    pub document: FilingDocument,
    pub plan: Plan,
    /// When the SMS code must have been entered, if the order is waiting for it.
    pub sms_due: Option<Timestamp>,
}

/// How to print.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintOptions {
    /// Print certificate numbers, phones and e-mails in full (for an official form). The caller
    /// records this in each filing's history.
    pub full: bool,
    /// Printed on every page (China Standard Time).
    pub printed_at: Timestamp,
    /// The hand-off link for [`ViewKind::Handoff`] (`http://` or `https://`); without it the sheet
    /// says that the link has not been made yet.
    pub handoff_url: Option<String>,
}

/// Why a page cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error("没有选择要打印的备案")]
    Empty,
    #[error("手机交接链接须以 http:// 或 https:// 开头，且不含空白字符：{0}")]
    BadUrl(String),
    #[error("手机交接链接过长，无法生成二维码（{0} 字节）")]
    UrlTooLong(usize),
    #[error("一个手机交接链接只属于一个备案：打印交接单时请只选择一个备案")]
    UrlForSeveral,
}

/// The longest hand-off link printed as a QR code: beyond this the code gets too dense to scan
/// reliably from paper at the printed size.
pub const MAX_URL_BYTES: usize = 1024;

/// Checks a hand-off link: `http(s)://`, no whitespace or control characters, not too long.
pub fn check_handoff_url(url: &str) -> Result<(), PrintError> {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = (lower.starts_with("https://") && url.len() > 8) || (lower.starts_with("http://") && url.len() > 7);
    if !scheme_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(PrintError::BadUrl(url.to_owned()));
    }
    if url.len() > MAX_URL_BYTES {
        return Err(PrintError::UrlTooLong(url.len()));
    }
    Ok(())
}

/// Renders `kind` for each filing, one after the other, each starting on a new page, as one
/// self-contained HTML document.
pub fn render(kind: ViewKind, filings: &[PrintFiling], opts: &PrintOptions) -> Result<String, PrintError> {
    if filings.is_empty() {
        return Err(PrintError::Empty);
    }
    if kind == ViewKind::Handoff
        && let Some(url) = &opts.handoff_url
    {
        if filings.len() > 1 {
            return Err(PrintError::UrlForSeveral);
        }
        check_handoff_url(url)?;
    }
    views::document(kind, filings, opts)
}

#[cfg(test)]
mod tests;
