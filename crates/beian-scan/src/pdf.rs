//! PDF scans: stored byte for byte; the first page rendered for the preview and the thumbnail with
//! hayro, a pure-Rust PDF rasteriser (no system libraries: no pdfium, poppler or MuPDF).
//!
//! A PDF that is cut short (no `%%EOF`) or that cannot be parsed is refused; an encrypted PDF is
//! refused too (the reviewer could not open it either). A PDF that parses but whose page cannot be
//! rendered (a feature hayro lacks, or a panic inside it, caught here) is stored with a placeholder
//! thumbnail and a `no_preview` warning.

use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings, render};

use crate::error::ScanError;
use crate::process::{Kind, Processed, SourceFormat, encode_jpeg, sha256_hex, thumbnail};
use crate::quality::{self, Warning, WarningCode};
use crate::{JPEG_QUALITY, PDF_PREVIEW_SIDE, THUMB_QUALITY, THUMB_SIDE};

/// `%PDF-` within the first 1024 bytes (where readers look for it).
pub fn is_pdf(input: &[u8]) -> bool {
    input.len() >= 5 && input[..input.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// A complete PDF ends with `%%EOF` (within its last 1024 bytes: writers add line ends or padding).
fn has_eof(input: &[u8]) -> bool {
    let tail = &input[input.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// The first page as RGB pixels, longest side [`PDF_PREVIEW_SIDE`], or `None` when it cannot be
/// rendered.
fn render_first_page(pdf: &Pdf) -> Option<(Vec<u8>, u32, u32)> {
    let page = pdf.pages().first()?;
    let (pw, ph) = page.render_dimensions();
    if !(pw.is_finite() && ph.is_finite() && pw >= 1.0 && ph >= 1.0) {
        return None;
    }
    let scale = PDF_PREVIEW_SIDE as f32 / pw.max(ph);
    let settings = PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE };
    let cache = RenderCache::new();
    let pixmap = render(page, &cache, &InterpreterSettings::default(), &RenderSettings::default(), &settings);
    let (w, h) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    if w == 0 || h == 0 {
        return None;
    }
    let rgba = pixmap.take_rgba8(hayro::vello_cpu::peniko::ImageAlphaType::Alpha);
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for px in rgba.chunks_exact(4) {
        let a = u16::from(px[3]);
        for &c in &px[..3] {
            rgb.push(((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    Some((rgb, w, h))
}

/// A placeholder thumbnail for a PDF without preview: a white page with a red band at the top.
pub fn placeholder_thumbnail() -> Result<Vec<u8>, ScanError> {
    let (w, h) = (THUMB_SIDE * 181 / 256, THUMB_SIDE);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    for y in 0..h {
        for x in 0..w {
            let border = x < 2 || y < 2 || x >= w - 2 || y >= h - 2;
            let band = (24..64).contains(&y);
            let px: [u8; 3] = if border {
                [160, 160, 160]
            } else if band {
                [200, 40, 40]
            } else {
                [250, 250, 250]
            };
            let i = ((y * w + x) * 3) as usize;
            rgb[i..i + 3].copy_from_slice(&px);
        }
    }
    encode_jpeg(&rgb, w, h, THUMB_QUALITY)
}

pub(crate) fn process_pdf(input: Vec<u8>) -> Result<Processed, ScanError> {
    if !has_eof(&input) {
        return Err(ScanError::CorruptPdf { detail: "文件末尾缺少 %%EOF，文件被截断".into() });
    }
    let sha256 = sha256_hex(&input);
    let size = input.len() as u64;
    let pdf = match Pdf::new(input.clone()) {
        Ok(pdf) => pdf,
        Err(LoadPdfError::Decryption(_)) => {
            return Err(ScanError::CorruptPdf { detail: "PDF 已加密，请导出未加密的版本".into() });
        }
        Err(LoadPdfError::Invalid) => return Err(ScanError::CorruptPdf { detail: "无法解析文件结构".into() }),
    };
    let pages = pdf.pages().len();
    if pages == 0 {
        return Err(ScanError::CorruptPdf { detail: "没有任何页面".into() });
    }
    let mut warnings = Vec::new();
    let rendered = catch_unwind(AssertUnwindSafe(|| render_first_page(&pdf))).ok().flatten();
    let (thumb, preview, width, height) = match rendered {
        Some((rgb, w, h)) => {
            warnings.extend(quality::analyse(&rgb, w, h));
            (thumbnail(&rgb, w, h)?, Some(encode_jpeg(&rgb, w, h, JPEG_QUALITY)?), Some(w), Some(h))
        }
        None => {
            warnings.push(Warning::new(
                WarningCode::NoPreview,
                "无法生成此 PDF 的预览（文件已原样保存）：请用 PDF 阅读器打开确认内容",
                "No preview could be made of this PDF (the file is stored as it is): open it in a PDF reader to check it.",
            ));
            (placeholder_thumbnail()?, None, None, None)
        }
    };
    warnings.extend(quality::size_warnings(None, size));
    Ok(Processed {
        kind: Kind::Pdf,
        source_format: SourceFormat::Pdf,
        mime: "application/pdf",
        bytes: input,
        sha256,
        width,
        height,
        source_width: None,
        source_height: None,
        orientation: 1,
        thumbnail: thumb,
        preview,
        pages: Some(u32::try_from(pages).unwrap_or(u32::MAX)),
        warnings,
    })
}
