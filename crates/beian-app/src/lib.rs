//! Reads a mobile app package (Android `.apk`, iOS `.ipa`, HarmonyOS `.hap`/`.app`) and returns
//! what an ICP app filing (App 备案) needs: package name, version, the signing certificate's
//! fingerprints (MD5/SHA-1/SHA-256 of the leaf certificate's DER) and its public key.
//!
//! Formats, with references:
//! - **APK Signing Block** (v2 `0x7109871a`, v3 `0xf05368c0`, v3.1 `0x1b93ad61`): sits just
//!   before the ZIP central directory and ends with the magic `"APK Sig Block 42"`; layout as in
//!   AOSP `apksig` (`ApkSigningBlockUtils.java`, `V2SchemeVerifier.java`,
//!   `V3SchemeVerifier.java`): `u64 size, [u64 len, u32 id, value]*, u64 size, magic`. Each
//!   value is a length-prefixed sequence of signers; a signer is `signed data, signatures,
//!   public key`, and the signed data is `digests, certificates (length-prefixed DER), ...`.
//! - **v1 (JAR) signing**: `META-INF/*.RSA|*.DSA|*.EC` is PKCS#7 `SignedData`
//!   (RFC 2315 / RFC 5652); its `certificates` hold the signer certificate.
//! - **Binary XML (AXML)** of `AndroidManifest.xml` and **resources.arsc**: chunk layout of AOSP
//!   `frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h` (`ResChunk_header`,
//!   `ResStringPool_header`, `ResXMLTree_attribute`, `Res_value`).
//! - **iOS**: `Payload/X.app/Info.plist` (binary or XML plist) and
//!   `Payload/X.app/embedded.mobileprovision` (CMS SignedData wrapping an XML plist whose
//!   `DeveloperCertificates` array holds DER certificates).
//! - **HarmonyOS**: `module.json` (`app.bundleName`, `app.versionName`). The HarmonyOS signing
//!   block is not parsed here; take the certificate from the `.cer` file with
//!   [`inspect_certificate`].
//!
//! All reading is bounded: input at most [`MAX_INPUT`], each entry at most [`MAX_ENTRY`]
//! uncompressed and at most [`MAX_RATIO`]:1 compressed; declared sizes are never trusted.

mod axml;
mod cert;
mod error;

use std::io::{Cursor, Read};
use std::path::Path;

use serde::Serialize;

pub use cert::{Certificate, inspect_certificate};
pub use error::InspectError;

/// Largest package accepted (512 MiB).
pub const MAX_INPUT: u64 = 512 * 1024 * 1024;
/// Largest uncompressed entry read (64 MiB).
pub const MAX_ENTRY: u64 = 64 * 1024 * 1024;
/// Largest compression ratio accepted for an entry.
pub const MAX_RATIO: u64 = 100;

/// Which platform a package is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Android,
    Ios,
    Harmony,
}

/// An app icon (raster).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Icon {
    pub media_type: String,
    #[serde(serialize_with = "ser_base64")]
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub shrunk: bool,
}

fn ser_base64<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    use base64::Engine;
    s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(b))
}

/// What an ICP app filing needs from a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inspection {
    pub platform: Platform,
    pub package: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub certificate: Certificate,
    /// RSA: modulus, lower-case hex without leading zero byte; otherwise SPKI DER as hex.
    pub public_key: String,
    /// `"rsa_modulus"` or `"spki"`.
    pub public_key_kind: String,
    pub icon: Option<Icon>,
    pub signature_schemes: Vec<String>,
    pub debug_certificate: bool,
}

/// Inspects a file, refusing it before reading if it is larger than [`MAX_INPUT`].
pub fn inspect_path(path: &Path) -> Result<Inspection, InspectError> {
    let meta = std::fs::metadata(path).map_err(|_| InspectError::Corrupt)?;
    if meta.len() > MAX_INPUT {
        return Err(InspectError::TooLarge);
    }
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .map_err(|_| InspectError::Corrupt)?
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|_| InspectError::Corrupt)?;
    inspect(&buf)
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Inspects a package held in memory.
pub fn inspect(bytes: &[u8]) -> Result<Inspection, InspectError> {
    if bytes.len() as u64 > MAX_INPUT {
        return Err(InspectError::TooLarge);
    }
    if bytes.len() < 4 || &bytes[..2] != b"PK" {
        return Err(InspectError::NotZip);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
        zip::result::ZipError::InvalidArchive(_) => InspectError::Corrupt,
        _ => InspectError::Corrupt,
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    if names.iter().any(|n| n == "AndroidManifest.xml") {
        return inspect_apk(bytes, &mut zip, &names);
    }
    if let Some(plist) = names.iter().find(|n| is_ios_info_plist(n)) {
        return inspect_ipa(&mut zip, &names, plist.clone());
    }
    if names.iter().any(|n| n == "module.json") {
        return inspect_hap(&mut zip);
    }
    Err(InspectError::NotPackage)
}

fn is_ios_info_plist(n: &str) -> bool {
    let Some(rest) = n.strip_prefix("Payload/") else {
        return false;
    };
    let mut parts = rest.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(app), Some("Info.plist"), None) if app.ends_with(".app")
    )
}

/// Reads one entry with every bound applied.
fn read_entry(zip: &mut Zip<'_>, name: &str) -> Result<Vec<u8>, InspectError> {
    let f = zip.by_name(name).map_err(|_| InspectError::Corrupt)?;
    let declared = f.size();
    let compressed = f.compressed_size().max(1);
    if declared > MAX_ENTRY || declared / compressed > MAX_RATIO {
        return Err(InspectError::ZipBomb);
    }
    let mut out = Vec::new();
    f.take(MAX_ENTRY + 1)
        .read_to_end(&mut out)
        .map_err(|_| InspectError::Corrupt)?;
    if out.len() as u64 > MAX_ENTRY || out.len() as u64 / compressed > MAX_RATIO {
        return Err(InspectError::ZipBomb);
    }
    Ok(out)
}

fn inspect_apk(bytes: &[u8], zip: &mut Zip<'_>, names: &[String]) -> Result<Inspection, InspectError> {
    let manifest = read_entry(zip, "AndroidManifest.xml")?;
    let m = axml::parse_manifest(&manifest).ok_or(InspectError::Corrupt)?;
    let package = m.package.ok_or(InspectError::Corrupt)?;

    let mut schemes = Vec::new();
    let mut der: Option<Vec<u8>> = None;
    for (id, scheme) in cert::apk_signing_block_certs(bytes) {
        if der.is_none() {
            der = Some(id);
        }
        if !schemes.contains(&scheme.to_string()) {
            schemes.push(scheme.to_string());
        }
    }
    let v1 = names.iter().find(|n| {
        let u = n.to_ascii_uppercase();
        u.starts_with("META-INF/")
            && !u[9..].contains('/')
            && (u.ends_with(".RSA") || u.ends_with(".DSA") || u.ends_with(".EC"))
    });
    if let Some(v1) = v1 {
        let pkcs7 = read_entry(zip, v1)?;
        let c = cert::first_certificate_in(&pkcs7);
        if der.is_none() {
            der = Some(c.ok_or(InspectError::BadCertificate)?);
        }
        schemes.insert(0, "v1".to_string());
    }
    let der = der.ok_or(InspectError::Unsigned)?;
    let (certificate, public_key, kind) = cert::describe(&der)?;
    let debug_certificate = certificate.subject.contains("CN=Android Debug");
    let name = m.label.filter(|_| true);
    Ok(Inspection {
        platform: Platform::Android,
        package,
        name: name.and_then(|l| match l {
            axml::Value::Str(s) => Some(s),
            axml::Value::Ref(_) => None,
        }),
        version: m.version_name,
        certificate,
        public_key,
        public_key_kind: kind,
        icon: None,
        signature_schemes: schemes,
        debug_certificate,
    })
}

fn inspect_ipa(zip: &mut Zip<'_>, names: &[String], plist_name: String) -> Result<Inspection, InspectError> {
    let info = read_entry(zip, &plist_name)?;
    let dict: plist::Dictionary = plist::from_bytes(&info).map_err(|_| InspectError::Corrupt)?;
    let get = |k: &str| dict.get(k).and_then(|v| v.as_string()).map(str::to_owned);
    let package = get("CFBundleIdentifier").ok_or(InspectError::Corrupt)?;
    let dir = plist_name.trim_end_matches("Info.plist").to_string();
    let prov = format!("{dir}embedded.mobileprovision");
    if !names.contains(&prov) {
        return Err(InspectError::Unsigned);
    }
    let cms = read_entry(zip, &prov)?;
    let der = cert::mobileprovision_certificate(&cms).ok_or(InspectError::BadCertificate)?;
    let (certificate, public_key, kind) = cert::describe(&der)?;
    Ok(Inspection {
        platform: Platform::Ios,
        package,
        name: get("CFBundleDisplayName").or_else(|| get("CFBundleName")),
        version: get("CFBundleShortVersionString"),
        certificate,
        public_key,
        public_key_kind: kind,
        icon: None,
        signature_schemes: vec!["mobileprovision".into()],
        debug_certificate: false,
    })
}

fn inspect_hap(zip: &mut Zip<'_>) -> Result<Inspection, InspectError> {
    let json = read_entry(zip, "module.json")?;
    let v: serde_json::Value = serde_json::from_slice(&json).map_err(|_| InspectError::Corrupt)?;
    if v["app"]["bundleName"].as_str().is_none() {
        return Err(InspectError::Corrupt);
    }
    // The HarmonyOS signing block is not parsed: the certificate comes from the .cer file.
    Err(InspectError::HarmonyUnsigned)
}
