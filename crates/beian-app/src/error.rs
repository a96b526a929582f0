//! Errors, each with a Simplified Chinese message (Display) and an English one.

/// Why a package could not be inspected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectError {
    #[error("文件不是 ZIP 格式的安装包")]
    NotZip,
    #[error("不是可识别的安装包：未找到 AndroidManifest.xml、Payload/*.app/Info.plist 或 module.json")]
    NotPackage,
    #[error("安装包未签名，无法读取签名证书")]
    Unsigned,
    #[error("鸿蒙安装包的签名证书无法从包内读取，请上传签名所用的 .cer 证书文件")]
    HarmonyUnsigned,
    #[error("无法读取文件：请确认文件存在且是普通文件")]
    Unreadable,
    #[error("安装包已损坏或不完整")]
    Corrupt,
    #[error("签名证书无法解析")]
    BadCertificate,
    #[error("文件过大（上限 512 MiB）")]
    TooLarge,
    #[error("安装包中的条目过大或压缩比异常（疑似压缩炸弹）")]
    ZipBomb,
}

impl InspectError {
    /// A short machine-readable code (for IPC and `--json`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotZip => "not_zip",
            Self::NotPackage => "not_package",
            Self::Unsigned => "unsigned",
            Self::HarmonyUnsigned => "harmony_unsigned",
            Self::Unreadable => "unreadable",
            Self::Corrupt => "corrupt",
            Self::BadCertificate => "bad_certificate",
            Self::TooLarge => "too_large",
            Self::ZipBomb => "zip_bomb",
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> &'static str {
        match self {
            Self::NotZip => "the file is not a ZIP package",
            Self::NotPackage => {
                "not a recognised package: no AndroidManifest.xml, Payload/*.app/Info.plist or module.json"
            }
            Self::Unsigned => "the package is not signed; no signing certificate found",
            Self::HarmonyUnsigned => {
                "the HarmonyOS signing certificate cannot be read from the package; provide the .cer file"
            }
            Self::Unreadable => "the file cannot be read: check that it exists and is a regular file",
            Self::Corrupt => "the package is corrupt or truncated",
            Self::BadCertificate => "the signing certificate does not parse",
            Self::TooLarge => "the file is too large (limit 512 MiB)",
            Self::ZipBomb => "an entry is too large or too highly compressed (zip bomb?)",
        }
    }
}
