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
//! - **HarmonyOS**: `module.json` (`app.bundleName`, `app.versionName`, `app.label`, `app.icon`
//!   as `$media:name` → `resources/base/media/name.png`); an `.app` bundle holds `.hap` modules
//!   (`pack.info`), the first is read. The signing block (OpenHarmony `hapsigntool`: "HAP Sig
//!   Block 42" before the central directory, holding PKCS#7) is read when present and parseable;
//!   otherwise take the certificate from the `.cer` file with [`inspect_certificate`].
//!   Not tested against a package signed by DevEco (no such tool on these machines).
//! - **Icon**: the manifest's `android:icon` resolved through `resources.arsc` to the densest
//!   raster; iOS `CFBundleIcons` files (Apple's crushed PNGs may not decode: then none); HarmonyOS
//!   as above. Every icon goes through `beian_scan::app_icon`: an image, shrunk under 100 KB.
//!
//! All reading is bounded: input at most [`MAX_INPUT`], each entry at most [`MAX_ENTRY`]
//! uncompressed and at most [`MAX_RATIO`]:1 compressed; declared sizes are never trusted.

mod arsc;
mod axml;
mod cert;
mod cgbi;
mod error;
mod le;

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
/// Most entries a package may have.
pub const MAX_ENTRIES: usize = 200_000;

/// Which platform a package is for (the exchange format's `app.platforms[].platform` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Android,
    Ios,
    Harmony,
}

impl Platform {
    pub fn code(self) -> &'static str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
            Platform::Harmony => "harmony",
        }
    }
}

/// The launcher icon, under 100 KB (shrunk when the package's was larger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Icon {
    pub media_type: String,
    /// The image, base64.
    #[serde(serialize_with = "ser_base64")]
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub shrunk: bool,
    /// The icon's size in the package, in bytes.
    pub original_bytes: usize,
    /// Where it was found in the package.
    pub path: String,
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
    /// RSA: the modulus, lower-case hex without a leading zero byte (what the consoles call 公钥,
    /// as JadxGUI shows it); other keys: the SubjectPublicKeyInfo DER as hex.
    pub public_key: String,
    /// `"rsa_modulus"` or `"spki"`.
    pub public_key_kind: String,
    pub icon: Option<Icon>,
    /// `v1`, `v2`, `v3`, `v3.1` (Android); `mobileprovision` (iOS); `hap` (HarmonyOS).
    pub signature_schemes: Vec<String>,
    /// Signed with a debug certificate (`CN=Android Debug`): not the release certificate.
    pub debug_certificate: bool,
}

/// Inspects a file, refusing it before reading if it is larger than [`MAX_INPUT`].
pub fn inspect_path(path: &Path) -> Result<Inspection, InspectError> {
    let file = std::fs::File::open(path).map_err(|_| InspectError::Unreadable)?;
    let meta = file.metadata().map_err(|_| InspectError::Unreadable)?;
    if !meta.is_file() {
        return Err(InspectError::Unreadable);
    }
    if meta.len() > MAX_INPUT {
        return Err(InspectError::TooLarge);
    }
    let mut buf = Vec::new();
    file.take(MAX_INPUT + 1).read_to_end(&mut buf).map_err(|_| InspectError::Unreadable)?;
    inspect(&buf)
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Inspects a package held in memory.
pub fn inspect(bytes: &[u8]) -> Result<Inspection, InspectError> {
    inspect_at(bytes, 0)
}

fn inspect_at(bytes: &[u8], depth: u8) -> Result<Inspection, InspectError> {
    if bytes.len() as u64 > MAX_INPUT {
        return Err(InspectError::TooLarge);
    }
    if bytes.len() < 4 || &bytes[..2] != b"PK" {
        return Err(InspectError::NotZip);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| InspectError::Corrupt)?;
    if zip.len() > MAX_ENTRIES {
        return Err(InspectError::ZipBomb);
    }
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(std::borrow::Cow::into_owned))
        .collect::<Result<_, _>>()
        .map_err(|_| InspectError::Corrupt)?;
    if names.iter().any(|n| n == "AndroidManifest.xml") {
        return inspect_apk(bytes, &mut zip, &names);
    }
    if let Some(plist) = names.iter().find(|n| is_ios_info_plist(n)) {
        return inspect_ipa(&mut zip, &names, plist.clone());
    }
    if names.iter().any(|n| n == "module.json") {
        return inspect_hap(bytes, &mut zip, &names);
    }
    // A HarmonyOS .app bundle: pack.info and its .hap modules.
    if depth == 0
        && names.iter().any(|n| n == "pack.info")
        && let Some(hap) = names.iter().find(|n| n.ends_with(".hap") && !n.contains('/'))
    {
        let inner = read_entry(&mut zip, hap)?;
        return inspect_at(&inner, 1);
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

/// Reads one entry with every bound applied: the declared sizes are checked first, then the bytes
/// actually inflated (a lying header is caught as it is read).
fn read_entry(zip: &mut Zip<'_>, name: &str) -> Result<Vec<u8>, InspectError> {
    let f = zip.by_name(name).map_err(|_| InspectError::Corrupt)?;
    let declared = f.size();
    let compressed = f.compressed_size().max(1);
    if declared > MAX_ENTRY || declared / compressed > MAX_RATIO {
        return Err(InspectError::ZipBomb);
    }
    let mut out = Vec::new();
    f.take(MAX_ENTRY + 1).read_to_end(&mut out).map_err(|_| InspectError::Corrupt)?;
    if out.len() as u64 > MAX_ENTRY || out.len() as u64 / compressed > MAX_RATIO {
        return Err(InspectError::ZipBomb);
    }
    Ok(out)
}

/// An icon file of the package through the icon pipeline; a missing or unreadable one is no icon.
fn icon_at(zip: &mut Zip<'_>, path: &str) -> Option<Icon> {
    let bytes = read_entry(zip, path).ok()?;
    // An Xcode-built `.ipa` holds its PNGs in Apple's CgBI form: rewritten as a standard PNG.
    let bytes = cgbi::to_standard_png(&bytes).unwrap_or(bytes);
    let icon = beian_scan::app_icon(&bytes).ok()?;
    Some(Icon {
        media_type: icon.mime.to_owned(),
        data: icon.bytes,
        width: icon.width,
        height: icon.height,
        shrunk: icon.shrunk,
        original_bytes: icon.original_bytes,
        path: path.to_owned(),
    })
}

fn inspect_apk(bytes: &[u8], zip: &mut Zip<'_>, names: &[String]) -> Result<Inspection, InspectError> {
    let manifest = read_entry(zip, "AndroidManifest.xml")?;
    let m = axml::parse_manifest(&manifest).ok_or(InspectError::Corrupt)?;
    let package = m.package.filter(|p| !p.is_empty()).ok_or(InspectError::Corrupt)?;

    let mut schemes = Vec::new();
    let mut der: Option<Vec<u8>> = None;
    for (c, scheme) in cert::apk_signing_block_certs(bytes) {
        // v3 signs for the newest platforms: when present its certificate is the current one.
        if der.is_none() || scheme != "v2" {
            der = Some(c);
        }
        if !schemes.iter().any(|s| s == scheme) {
            schemes.push(scheme.to_string());
        }
    }
    let v1 = names.iter().find(|n| {
        let u = n.to_ascii_uppercase();
        u.strip_prefix("META-INF/").is_some_and(|rest| {
            !rest.contains('/') && (rest.ends_with(".RSA") || rest.ends_with(".DSA") || rest.ends_with(".EC"))
        })
    });
    if let Some(v1) = v1 {
        let pkcs7 = read_entry(zip, v1)?;
        let c = cert::pkcs7_signer_certificate(&pkcs7).ok_or(InspectError::BadCertificate)?;
        if der.is_none() {
            der = Some(c);
        }
        schemes.insert(0, "v1".to_string());
    }
    let der = der.ok_or(InspectError::Unsigned)?;
    let (certificate, public_key, kind) = cert::describe(&der)?;
    let debug_certificate = certificate.subject.contains("CN=Android Debug");

    let table = if names.iter().any(|n| n == "resources.arsc") { read_entry(zip, "resources.arsc").ok() } else { None };
    let table = table.as_deref().and_then(arsc::Table::parse);
    let name = match m.label {
        Some(axml::Value::Str(s)) => Some(s),
        Some(axml::Value::Ref(id)) => table.as_ref().and_then(|t| t.label(id)),
        None => None,
    };
    let icon = match m.icon {
        Some(axml::Value::Ref(id)) => table.as_ref().and_then(|t| t.icon_file(id)).and_then(|p| icon_at(zip, &p)),
        Some(axml::Value::Str(p)) => icon_at(zip, &p),
        None => None,
    };
    Ok(Inspection {
        platform: Platform::Android,
        package,
        name: name.filter(|n| !n.is_empty()),
        version: m.version_name,
        certificate,
        public_key,
        public_key_kind: kind,
        icon,
        signature_schemes: schemes,
        debug_certificate,
    })
}

fn inspect_ipa(zip: &mut Zip<'_>, names: &[String], plist_name: String) -> Result<Inspection, InspectError> {
    let info = read_entry(zip, &plist_name)?;
    let dict: plist::Dictionary = plist::from_bytes(&info).map_err(|_| InspectError::Corrupt)?;
    let get = |k: &str| dict.get(k).and_then(|v| v.as_string()).map(str::to_owned);
    let package = get("CFBundleIdentifier").filter(|p| !p.is_empty()).ok_or(InspectError::Corrupt)?;
    let dir = plist_name.trim_end_matches("Info.plist").to_string();
    let prov = format!("{dir}embedded.mobileprovision");
    if !names.contains(&prov) {
        return Err(InspectError::Unsigned);
    }
    let cms = read_entry(zip, &prov)?;
    let certs = cert::mobileprovision_certificates(&cms).ok_or(InspectError::BadCertificate)?;
    let (certificate, public_key, kind) = cert::describe(&certs[0])?;
    // CFBundleIcons → CFBundlePrimaryIcon → CFBundleIconFiles: base names; the largest file wins.
    let icon_names: Vec<String> = dict
        .get("CFBundleIcons")
        .and_then(|v| v.as_dictionary())
        .and_then(|d| d.get("CFBundlePrimaryIcon"))
        .and_then(|v| v.as_dictionary())
        .and_then(|d| d.get("CFBundleIconFiles"))
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_string().map(str::to_owned)).collect())
        .unwrap_or_default();
    let mut files: Vec<(u64, String)> = names
        .iter()
        .filter(|n| {
            n.strip_prefix(&dir).is_some_and(|f| {
                !f.contains('/') && f.ends_with(".png") && icon_names.iter().any(|b| f.starts_with(b.as_str()))
            })
        })
        .filter_map(|n| Some((zip.by_name(n).ok()?.size(), n.clone())))
        .collect();
    files.sort();
    let icon = files.iter().rev().find_map(|(_, n)| icon_at(zip, n));
    Ok(Inspection {
        platform: Platform::Ios,
        package,
        name: get("CFBundleDisplayName").or_else(|| get("CFBundleName")).filter(|n| !n.is_empty()),
        version: get("CFBundleShortVersionString"),
        certificate,
        public_key,
        public_key_kind: kind,
        icon,
        signature_schemes: vec!["mobileprovision".into()],
        debug_certificate: false,
    })
}

fn inspect_hap(bytes: &[u8], zip: &mut Zip<'_>, names: &[String]) -> Result<Inspection, InspectError> {
    let json = read_entry(zip, "module.json")?;
    let v: serde_json::Value = serde_json::from_slice(&json).map_err(|_| InspectError::Corrupt)?;
    let app = &v["app"];
    let package = app["bundleName"].as_str().filter(|p| !p.is_empty()).ok_or(InspectError::Corrupt)?.to_owned();
    let der = cert::hap_signing_certificate(bytes).ok_or(InspectError::HarmonyUnsigned)?;
    let (certificate, public_key, kind) = cert::describe(&der)?;
    // `$string:…` labels live in the binary resources.index, not read here: a literal label only.
    let name = app["label"].as_str().filter(|l| !l.starts_with('$') && !l.is_empty()).map(str::to_owned);
    let icon = app["icon"].as_str().and_then(|i| i.strip_prefix("$media:")).and_then(|base| {
        let path = names.iter().find(|n| {
            n.strip_prefix("resources/base/media/")
                .and_then(|f| f.strip_prefix(base))
                .is_some_and(|ext| matches!(ext, ".png" | ".webp" | ".jpg" | ".jpeg"))
        })?;
        icon_at(zip, &path.clone())
    });
    Ok(Inspection {
        platform: Platform::Harmony,
        package,
        name,
        version: app["versionName"].as_str().map(str::to_owned),
        certificate,
        public_key,
        public_key_kind: kind,
        icon,
        signature_schemes: vec!["hap".into()],
        debug_certificate: false,
    })
}
