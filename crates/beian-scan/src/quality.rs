//! Quality warnings: reasons a scan may be rejected at review, told to staff before submitting.
//! Warnings never refuse a file; they are stored with it and shown at its slot.
//!
//! Thresholds (kept here, each with its reason):
//! - too small to read: the shorter side under [`TOO_SMALL_SHORT_SIDE`] px. A resident ID card
//!   (85.6 × 54 mm) scanned at 300 dpi is 1011 × 638 px; under 500 px on its short side (about
//!   235 dpi) the 18-digit number and the address get hard to read.
//! - too large: the stored file over [`TOO_LARGE_BYTES`]. The guide gives no number (§4 sends the
//!   reader to a chapter it does not include); third-party pages about the provider's upload quote
//!   “JPG/PNG, at most 4 MB” — unverified, so it is a warning, not a refusal.
//! - not in colour: fewer than [`COLOUR_MIN_SHARE`] of the sampled pixels have a chroma
//!   (max − min of R, G, B) of at least [`COLOUR_MIN_CHROMA`]. The guide asks for 证件照片或证件
//!   彩色扫描件 (§1.3 step 4, §3); gray copies of ID cards get rejected.
//! - blank page: fewer than [`BLANK_MAX_SHARE`] of the sampled pixels differ from the median
//!   brightness by more than [`BLANK_MIN_DELTA`] levels (paper texture and scanner noise stay
//!   below it; any line of text exceeds it).

use serde::{Deserialize, Serialize};
use specta::Type;

pub const TOO_SMALL_SHORT_SIDE: u32 = 500;
pub const TOO_LARGE_BYTES: u64 = 4 * 1024 * 1024;
pub const COLOUR_MIN_CHROMA: u8 = 24;
pub const COLOUR_MIN_SHARE: f64 = 0.01;
pub const BLANK_MIN_DELTA: u8 = 40;
pub const BLANK_MAX_SHARE: f64 = 0.002;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    TooSmall,
    TooLarge,
    NotColour,
    Blank,
    /// A PDF whose first page could not be rendered.
    NoPreview,
}

/// One quality warning, with a message for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Warning {
    pub code: WarningCode,
    /// In Chinese.
    pub message: String,
    /// In English (absent from warnings stored before it existed).
    #[serde(default)]
    pub message_en: String,
}

impl Warning {
    pub fn new(code: WarningCode, message: impl Into<String>, message_en: impl Into<String>) -> Self {
        Warning { code, message: message.into(), message_en: message_en.into() }
    }
}

/// Colour and blank-page checks over the RGB pixels of the normalised image (sampled on a grid of
/// about 250,000 points: fast, and fine enough to see a line of text).
pub fn analyse(rgb: &[u8], width: u32, height: u32) -> Vec<Warning> {
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 || rgb.len() < w * h * 3 {
        return Vec::new();
    }
    let step = ((w * h) as f64 / 250_000.0).sqrt().floor().max(1.0) as usize;
    let mut lumas: Vec<u8> = Vec::with_capacity((w / step + 1) * (h / step + 1));
    let mut colourful = 0usize;
    for y in (0..h).step_by(step) {
        let row = &rgb[y * w * 3..(y + 1) * w * 3];
        for x in (0..w).step_by(step) {
            let (r, g, b) = (row[x * 3], row[x * 3 + 1], row[x * 3 + 2]);
            let (max, min) = (r.max(g).max(b), r.min(g).min(b));
            if max - min >= COLOUR_MIN_CHROMA {
                colourful += 1;
            }
            // Rec. 601 luma, integer.
            lumas.push(((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8);
        }
    }
    let n = lumas.len();
    let mut warnings = Vec::new();
    let mut histogram = [0usize; 256];
    for &l in &lumas {
        histogram[usize::from(l)] += 1;
    }
    let mut seen = 0;
    let mut median = 0u8;
    for (v, count) in histogram.iter().enumerate() {
        seen += count;
        if seen * 2 >= n {
            median = v as u8;
            break;
        }
    }
    let marked = lumas.iter().filter(|&&l| l.abs_diff(median) > BLANK_MIN_DELTA).count();
    if (marked as f64) < BLANK_MAX_SHARE * n as f64 {
        warnings.push(Warning::new(
            WarningCode::Blank,
            "看起来是空白页：请确认扫描的是证件本身（不是背面空白或扫描仪盖板）",
            "This looks like a blank page: check that the scan shows the certificate itself (not a blank back or the scanner lid).",
        ));
    } else if (colourful as f64) < COLOUR_MIN_SHARE * n as f64 {
        warnings.push(Warning::new(
            WarningCode::NotColour,
            "看起来是黑白或灰度图片：证件须为彩色照片或彩色扫描件（指南：证件照片或证件彩色扫描件），黑白复印件可能被驳回",
            "This looks black-and-white or greyscale: certificates must be colour photos or colour scans (guide: 证件照片或证件彩色扫描件); a black-and-white copy may be rejected.",
        ));
    }
    warnings
}

/// Size warnings: `source` is the input's displayed size (none for a PDF), `stored` the bytes kept.
pub fn size_warnings(source: Option<(u32, u32)>, stored: u64) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some((w, h)) = source
        && w.min(h) < TOO_SMALL_SHORT_SIDE
    {
        warnings.push(Warning::new(
            WarningCode::TooSmall,
            format!(
                "分辨率过低（{w}×{h} 像素，短边不足 {TOO_SMALL_SHORT_SIDE}）：证件号码和地址可能看不清，请以至少 300 dpi 重新扫描"
            ),
            format!(
                "The resolution is too low ({w}×{h} pixels, the short side under {TOO_SMALL_SHORT_SIDE}): the number and address may be unreadable; scan again at 300 dpi or more."
            ),
        ));
    }
    if stored > TOO_LARGE_BYTES {
        warnings.push(Warning::new(
            WarningCode::TooLarge,
            format!("文件较大（{:.1} MB）：常见上传上限为 4 MB，提交前可能需要压缩", stored as f64 / (1024.0 * 1024.0)),
            format!(
                "The file is large ({:.1} MB): the usual upload limit is 4 MB, so it may need compressing before submission.",
                stored as f64 / (1024.0 * 1024.0)
            ),
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(w: &[Warning]) -> Vec<WarningCode> {
        w.iter().map(|w| w.code).collect()
    }

    #[test]
    fn a_uniform_page_is_blank_and_text_is_not() {
        let (w, h) = (400u32, 300u32);
        let mut rgb = vec![250u8; (w * h * 3) as usize];
        assert_eq!(codes(&analyse(&rgb, w, h)), [WarningCode::Blank]);
        // A dark red bar (a seal): marked and colourful.
        for y in 100..140 {
            for x in 50..350 {
                let i = ((y * w + x) * 3) as usize;
                rgb[i..i + 3].copy_from_slice(&[200, 20, 20]);
            }
        }
        assert!(analyse(&rgb, w, h).is_empty());
    }

    #[test]
    fn gray_text_is_not_colour() {
        let (w, h) = (400u32, 300u32);
        let mut rgb = vec![240u8; (w * h * 3) as usize];
        for y in (0..h).step_by(10) {
            for x in 0..w {
                let i = ((y * w + x) * 3) as usize;
                rgb[i..i + 3].copy_from_slice(&[30, 32, 31]);
            }
        }
        assert_eq!(codes(&analyse(&rgb, w, h)), [WarningCode::NotColour]);
    }

    #[test]
    fn sizes() {
        assert_eq!(codes(&size_warnings(Some((640, 480)), 1000)), [WarningCode::TooSmall]);
        assert!(size_warnings(Some((1011, 638)), 1000).is_empty());
        assert_eq!(codes(&size_warnings(None, TOO_LARGE_BYTES + 1)), [WarningCode::TooLarge]);
    }
}
