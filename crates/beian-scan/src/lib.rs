//! Certificate scans for Beian Desk: what happens to a file staff attach to a filing.
//!
//! 1. **Read** at most [`MAX_INPUT_BYTES`]; the format is taken from the content, never the name.
//! 2. **Decode under limits**: the header is read first; an image over [`MAX_SIDE`] px on a side or
//!    needing more than [`MAX_ALLOC_BYTES`] to decode is refused before a pixel is decoded (and the
//!    decoder runs with the same limits). A JPEG cut short is refused (decoders would paint the
//!    missing part gray).
//!    A JPEG (8-bit gray or colour) is decoded already scaled (jpeg-decoder's DCT scaling to 1/2,
//!    1/4 or 1/8, as libvips' shrink-on-load does): the smallest scale that still covers the target
//!    size, so a 24 MP phone photo is never held at full size; other images are decoded whole.
//! 3. **Normalise** (the target, and why):
//!    - JPEG, quality [`JPEG_QUALITY`], baseline, 4:2:0, 8-bit sRGB (pixels are taken as sRGB; an
//!      embedded ICC profile is not converted), transparency flattened onto white;
//!    - longest side at most [`TARGET_MAX_SIDE`] px (never enlarged): the width of an A4 page at
//!      300 dpi, so a full-page licence stays legible and an ID card keeps more than 300 dpi;
//!    - EXIF orientation applied to the pixels, then every metadata segment dropped (EXIF, GPS,
//!      XMP, ICC, comments): the output is re-encoded from pixels, JFIF header only.
//!
//!    Why: the guide asks for 证件照片或证件彩色扫描件 and says nothing about size or format (§4
//!    points to a chapter it does not contain); pages about the provider's upload quote JPG/PNG of
//!    at most 4 MB. A 2480 px JPEG at quality 85 of a scan is typically 0.3–1.5 MB: every file is
//!    accepted by anything that accepts JPEG, is well under 4 MB, and is sharp enough to read a
//!    certificate number. A file that still exceeds 4 MB gets a warning.
//! 4. **Thumbnail**: JPEG, longest side [`THUMB_SIDE`] px.
//! 5. **Quality warnings** ([`quality`]): too small to read, too large, not in colour, blank page.
//! 6. **PDF** ([`pdf`]): stored byte for byte; the first page rendered (pure Rust, hayro) for a
//!    preview and the thumbnail, a placeholder when it cannot be.
//! 7. **App icons** ([`icon`]): an image of at most 100 KB, kept as it is when it fits, else
//!    shrunk as PNG until it does.
//! 8. **Store** ([`store`]): content-addressed by SHA-256, written atomically; duplicates found by hash.
//!
//! No Tauri, no SQLite here: the store crate records rows, the CLI and the app call in.

pub mod error;
pub mod icon;
pub mod name;
pub mod pdf;
pub mod process;
pub mod quality;
pub mod store;

pub use error::ScanError;
pub use icon::{Icon, MAX_ICON_BYTES, app_icon, process_icon};
pub use process::{Kind, Processed, SourceFormat, process, process_file, read_limited, sniff};
pub use quality::{Warning, WarningCode};
pub use store::{Derived, FileStore};

/// Largest accepted side of an image, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// Largest decoded size of an image (width × height × bytes per pixel).
pub const MAX_ALLOC_BYTES: u64 = 256 * 1024 * 1024;
/// Largest accepted input file.
pub const MAX_INPUT_BYTES: u64 = 100 * 1024 * 1024;
/// Longest original file name kept, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest side of a normalised image.
pub const TARGET_MAX_SIDE: u32 = 2480;
/// JPEG quality of a normalised image.
pub const JPEG_QUALITY: u8 = 85;
/// Longest side of a thumbnail.
pub const THUMB_SIDE: u32 = 256;
/// JPEG quality of thumbnails.
pub const THUMB_QUALITY: u8 = 80;
/// Longest side of a PDF's first-page preview.
pub const PDF_PREVIEW_SIDE: u32 = 1600;
