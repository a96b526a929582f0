//! 读取安装包: what an app's package gives its platform block in the filing — package name, app
//! name, version, the signing certificate's fingerprints, the public key and the launcher icon —
//! read by `beian-app`, with the fingerprint this platform's filing takes picked by the core's
//! rule. Staff accept the values field by field; nothing here writes to the store.

use std::path::Path;

use beian_core::AppPlatformKind;
use beian_core::rules::{FingerprintKind, filing_fingerprint};
use serde::Serialize;
use specta::Type;

/// The signing certificate; fingerprints are lower-case hex of its DER, without colons.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CertificateReading {
    pub subject: String,
    pub issuer: String,
    pub md5: String,
    pub sha1: String,
    pub sha256: String,
    pub not_after: Option<String>,
}

/// The launcher icon, under 100 KB.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IconReading {
    pub media_type: String,
    /// The image, base64.
    pub data: String,
    pub width: u32,
    pub height: u32,
    /// Re-encoded smaller than the package's own icon, which was over 100 KB.
    pub shrunk: bool,
    pub original_bytes: u32,
    /// Where it is in the package.
    pub path: String,
}

/// What a package gives the filing (the `beian app inspect --json` object).
#[derive(Debug, Clone, Serialize, Type)]
pub struct PackageReading {
    pub platform: AppPlatformKind,
    pub package: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub certificate: CertificateReading,
    /// RSA: the modulus in hex (what the consoles call 公钥); other keys: the SPKI DER in hex.
    pub public_key: String,
    pub public_key_kind: String,
    pub icon: Option<IconReading>,
    /// The fingerprint this platform's filing takes (Android MD5, iOS and HarmonyOS SHA-1).
    pub fingerprint: String,
    pub fingerprint_kind: FingerprintKind,
    /// The algorithm's name as consoles print it (`MD5`, `SHA-1`).
    pub fingerprint_label: String,
    pub signature_schemes: Vec<String>,
    /// Signed with a debug certificate: the filing needs the release one.
    pub debug_certificate: bool,
}

/// Why a package could not be read: a Chinese message and a code.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct PackageError {
    pub code: &'static str,
    pub message: String,
}

/// Reads the package at `path`: bounded in size, entries and inflation (see `beian-app`).
pub fn inspect_package(path: &str) -> Result<PackageReading, PackageError> {
    let shown = beian_scan::name::for_display(path);
    let got = beian_app::inspect_path(Path::new(path))
        .map_err(|e| PackageError { code: e.code(), message: format!("{shown}：{e}") })?;
    let platform = match got.platform {
        beian_app::Platform::Android => AppPlatformKind::Android,
        beian_app::Platform::Ios => AppPlatformKind::Ios,
        beian_app::Platform::Harmony => AppPlatformKind::Harmony,
    };
    let fingerprint_kind = filing_fingerprint(platform);
    let fingerprint = match fingerprint_kind {
        FingerprintKind::Md5 => got.certificate.md5.clone(),
        FingerprintKind::Sha1 => got.certificate.sha1.clone(),
    };
    use base64::Engine;
    let icon = got.icon.map(|i| IconReading {
        media_type: i.media_type,
        data: base64::engine::general_purpose::STANDARD.encode(&i.data),
        width: i.width,
        height: i.height,
        shrunk: i.shrunk,
        original_bytes: u32::try_from(i.original_bytes).unwrap_or(u32::MAX),
        path: i.path,
    });
    let c = got.certificate;
    Ok(PackageReading {
        platform,
        package: got.package,
        name: got.name,
        version: got.version,
        certificate: CertificateReading {
            subject: c.subject,
            issuer: c.issuer,
            md5: c.md5,
            sha1: c.sha1,
            sha256: c.sha256,
            not_after: c.not_after,
        },
        public_key: got.public_key,
        public_key_kind: got.public_key_kind,
        icon,
        fingerprint,
        fingerprint_label: fingerprint_kind.label().to_owned(),
        fingerprint_kind,
        signature_schemes: got.signature_schemes,
        debug_certificate: got.debug_certificate,
    })
}

/// The launcher icon of the package at `path` (at most 100 KB, as `inspect_package` gives it),
/// for the `app_icon` material.
pub fn package_icon(path: &str) -> Result<Vec<u8>, PackageError> {
    let shown = beian_scan::name::for_display(path);
    let got = beian_app::inspect_path(Path::new(path))
        .map_err(|e| PackageError { code: e.code(), message: format!("{shown}：{e}") })?;
    got.icon.map(|i| i.data).ok_or_else(|| PackageError {
        code: "no_icon",
        message: format!("{shown}：安装包中没有可读取的启动图标，请单独上传图标图片。"),
    })
}
