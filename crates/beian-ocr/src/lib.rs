//! Offline certificate reading (识别证件).
//!
//! Two halves:
//! - [`engine`]: text lines off a scan — PaddleOCR's PP-OCRv4 detection (DB) and recognition (CTC)
//!   models and its direction classifier, run by ONNX Runtime loaded at run time from the files that
//!   `scripts/setup-ocr.sh` takes from PyPI (and folds: `scripts/fold-ocr-models.py`, the same
//!   functions in fewer passes). The pre- and post-processing follow RapidOCR 1.4.4 (the
//!   package the models come from), which is also the benchmark's peer.
//! - [`fields`] and [`proposals`]: pure functions from text lines to certificate fields (labels
//!   found in the text, values relative to them; numbers only when their check digits pass) and from
//!   those fields to proposed values for a filing's fields. No I/O, no ONNX: tested on their own.
//!
//! Without the runtime and models the rest of Beian Desk works; [`locate`] says whether they are there.

pub mod engine;
pub mod fields;
mod geometry;
pub mod proposals;

use std::path::{Path, PathBuf};

pub use engine::{Engine, Progress};
pub use fields::{DocumentKind, FieldName, FieldReading, Reading, read_fields};
pub use proposals::{MATERIALS, Proposal, Proposals, proposals_for};

/// One line of text found on a scan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TextLine {
    /// The characters with the recogniser's probability for each.
    pub chars: Vec<(char, f32)>,
    /// Corners in the scan's pixels: top-left, top-right, bottom-right, bottom-left.
    pub quad: [[f32; 2]; 4],
}

impl TextLine {
    pub fn text(&self) -> String {
        self.chars.iter().map(|(c, _)| *c).collect()
    }

    /// Mean probability of the characters (0 for an empty line).
    pub fn confidence(&self) -> f32 {
        if self.chars.is_empty() {
            return 0.0;
        }
        self.chars.iter().map(|(_, p)| p).sum::<f32>() / self.chars.len() as f32
    }

    pub fn left(&self) -> f32 {
        self.quad[0][0].min(self.quad[3][0])
    }
    pub fn right(&self) -> f32 {
        self.quad[1][0].max(self.quad[2][0])
    }
    pub fn top(&self) -> f32 {
        self.quad[0][1].min(self.quad[1][1])
    }
    pub fn bottom(&self) -> f32 {
        self.quad[2][1].max(self.quad[3][1])
    }
    pub fn height(&self) -> f32 {
        (self.bottom() - self.top()).max(1.0)
    }
    pub fn center_y(&self) -> f32 {
        (self.top() + self.bottom()) / 2.0
    }
}

/// Why reading could not start.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// The runtime library or a model is missing: 识别证件 is not set up.
    #[error("未安装证件识别组件（{0}）：请运行 scripts/setup-ocr.sh")]
    NotInstalled(String),
    /// The files are there but could not be loaded.
    #[error("证件识别组件无法加载：{0}")]
    Load(String),
    /// Inference failed on this image.
    #[error("识别失败：{0}")]
    Inference(String),
}

/// The files an OCR directory must hold.
pub const REQUIRED_FILES: [&str; 4] = ["libonnxruntime.so", "det.onnx", "rec.onnx", "cls.onnx"];

/// The first of `candidates` that holds every file OCR needs.
pub fn locate<I, P>(candidates: I) -> Option<PathBuf>
where
    I: IntoIterator<Item = P>,
    P: AsRef<Path>,
{
    candidates.into_iter().map(|p| p.as_ref().to_path_buf()).find(|dir| is_installed(dir))
}

/// Whether `dir` holds the runtime and the three models.
pub fn is_installed(dir: &Path) -> bool {
    REQUIRED_FILES.iter().all(|f| dir.join(f).is_file())
}

/// Where a program looks for OCR by default: only `$BEIAN_OCR_DIR` when it is set (an empty or wrong
/// directory then means "not installed"); otherwise `ocr/` beside the executable and in the installed
/// package's resource directory (`/usr/lib/Beian Desk/ocr`), then the source tree's
/// `src-tauri/resources/ocr` when run from a checkout (tests, `cargo run`).
pub fn default_candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = std::env::var_os("BEIAN_OCR_DIR") {
        out.push(PathBuf::from(dir));
        return out;
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        out.push(dir.join("ocr"));
        out.push(dir.join("resources").join("ocr"));
        // the .deb puts resources in /usr/lib/<productName>/ (binary in /usr/bin)
        out.push(dir.join("../lib/Beian Desk/ocr"));
        // target/<profile>/ (or target/<profile>/deps/) inside a checkout
        for up in dir.ancestors().take(4) {
            out.push(up.join("src-tauri/resources/ocr"));
        }
    }
    out
}

/// The page to read from a file's bytes, processed exactly as attaching it processes it (limits,
/// EXIF orientation, at most 2480 px a side; a PDF's first page as its preview). For a file that is
/// already in the attachment store, read its page with [`page_image`] instead: it was processed when
/// it was attached.
pub fn scan_image(bytes: Vec<u8>) -> Result<image::RgbImage, beian_scan::ScanError> {
    let processed = beian_scan::process(bytes)?;
    let page = match processed.kind {
        beian_scan::Kind::Image => processed.bytes,
        beian_scan::Kind::Pdf => processed.preview.ok_or_else(|| beian_scan::ScanError::Corrupt {
            detail: "PDF 第一页无法渲染，无法识别".into(),
        })?,
    };
    page_image(&page)
}

/// Decodes a page as the attachment store keeps it: the normalised JPEG of an image, or the preview
/// JPEG of a PDF's first page (under the same pixel and memory limits as attaching).
pub fn page_image(jpeg: &[u8]) -> Result<image::RgbImage, beian_scan::ScanError> {
    let corrupt = |e: image::ImageError| beian_scan::ScanError::Corrupt { detail: e.to_string() };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(jpeg), image::ImageFormat::Jpeg);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(beian_scan::MAX_SIDE);
    limits.max_image_height = Some(beian_scan::MAX_SIDE);
    limits.max_alloc = Some(beian_scan::MAX_ALLOC_BYTES);
    reader.limits(limits);
    reader.decode().map(|i| i.to_rgb8()).map_err(corrupt)
}
