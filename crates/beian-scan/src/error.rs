//! What can go wrong with a scan. Messages are for staff, in Chinese, and say what to do.

use crate::{MAX_ALLOC_BYTES, MAX_INPUT_BYTES, MAX_SIDE};

/// Why a file was refused. Nothing is stored when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("文件是空的（0 字节）：请重新扫描或拍摄")]
    Empty,
    #[error("文件过大（{size} 字节，上限 {} MiB）：请降低扫描分辨率后再试", MAX_INPUT_BYTES / (1024 * 1024))]
    FileTooLarge { size: u64 },
    #[error("不是可识别的图片或 PDF：只支持 JPG、PNG、BMP、WebP、TIFF 图片和 PDF 文件（文件扩展名不算数，按内容判断）")]
    UnknownFormat,
    #[error("图片尺寸 {width}×{height} 像素超过上限（每边最多 {MAX_SIDE} 像素）：请降低扫描分辨率后再试")]
    TooManyPixels { width: u32, height: u32 },
    #[error("图片 {width}×{height} 像素解码需要 {} MiB 内存，超过上限 {} MiB：请降低扫描分辨率后再试",
        .needed / (1024 * 1024), MAX_ALLOC_BYTES / (1024 * 1024))]
    TooMuchMemory { width: u32, height: u32, needed: u64 },
    #[error("APP图标必须是图片（PNG 或 JPG 等）：这个文件不是图片")]
    IconNotImage,
    #[error("APP图标无法缩小到 100 KB 以内：请换一张更简单的图标")]
    IconTooLarge,
    #[error("图片尺寸为 0：文件已损坏")]
    ZeroSize,
    #[error("图片文件已损坏或不完整（{detail}）：请重新扫描或从原始来源重新导出")]
    Corrupt { detail: String },
    #[error("PDF 文件已损坏或不完整（{detail}）：请重新导出 PDF")]
    CorruptPdf { detail: String },
    #[error("文件名无效：{reason}")]
    BadName { reason: String },
    #[error("文件路径无效：{reason}")]
    BadPath { reason: String },
    #[error("无法读取文件 {path}：{source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("无法写入文件（{path}）：{source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("图片编码失败：{0}")]
    Encode(String),
}

impl ScanError {
    pub(crate) fn read(path: &std::path::Path, source: std::io::Error) -> Self {
        ScanError::Read { path: crate::name::for_display(&path.display().to_string()), source }
    }
    pub(crate) fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        ScanError::Write { path: crate::name::for_display(&path.display().to_string()), source }
    }
    pub(crate) fn name(reason: impl Into<String>) -> Self {
        ScanError::BadName { reason: reason.into() }
    }

    /// A short machine-readable code (for IPC and `--json`).
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::Empty => "empty",
            ScanError::FileTooLarge { .. } => "file_too_large",
            ScanError::UnknownFormat => "unknown_format",
            ScanError::TooManyPixels { .. } => "too_many_pixels",
            ScanError::TooMuchMemory { .. } => "too_much_memory",
            ScanError::ZeroSize => "zero_size",
            ScanError::IconNotImage => "icon_not_image",
            ScanError::IconTooLarge => "icon_too_large",
            ScanError::Corrupt { .. } => "corrupt",
            ScanError::CorruptPdf { .. } => "corrupt_pdf",
            ScanError::BadName { .. } => "bad_name",
            ScanError::BadPath { .. } => "bad_path",
            ScanError::Read { .. } => "read",
            ScanError::Write { .. } => "write",
            ScanError::Encode(_) => "encode",
        }
    }

    /// Whether the input itself is at fault (as opposed to the disk).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, ScanError::Write { .. } | ScanError::Encode(_))
    }
}
