//! iOS and HarmonyOS packages built here: certificates made and CMS-signed by openssl, whose own
//! `x509 -fingerprint` and `-modulus` are the oracle.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use beian_app::{InspectError, Platform, inspect};

fn run(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("tool runs");
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// A self-signed RSA certificate (DER) and its key (PEM) in `dir`.
fn certificate(dir: &Path, subject: &str) -> (Vec<u8>, std::path::PathBuf, std::path::PathBuf) {
    let (key, pem) = (dir.join("key.pem"), dir.join("cert.pem"));
    run(Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", subject])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&pem));
    let der = run(Command::new("openssl").args(["x509", "-outform", "DER", "-in"]).arg(&pem));
    (der, key, pem)
}

fn openssl_fingerprint(pem: &Path, alg: &str) -> String {
    let out = String::from_utf8(run(Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", &format!("-{alg}"), "-in"])
        .arg(pem)))
    .expect("utf-8");
    out.trim().split_once('=').expect("fingerprint").1.replace(':', "").to_ascii_lowercase()
}

fn openssl_modulus(pem: &Path) -> String {
    let out = String::from_utf8(run(Command::new("openssl").args(["x509", "-noout", "-modulus", "-in"]).arg(pem)))
        .expect("utf-8");
    out.trim().trim_start_matches("Modulus=").to_ascii_lowercase()
}

/// CMS SignedData (DER) over `content`, signed with the key and certificate.
fn cms_sign(dir: &Path, content: &[u8], key: &Path, pem: &Path) -> Vec<u8> {
    let input = dir.join("content.bin");
    std::fs::write(&input, content).expect("write");
    run(Command::new("openssl")
        .args(["cms", "-sign", "-nodetach", "-binary", "-outform", "DER", "-in"])
        .arg(&input)
        .arg("-signer")
        .arg(pem)
        .arg("-inkey")
        .arg(key))
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).expect("entry");
        std::io::Write::write_all(&mut w, bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn small_png(side: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(side, side, |x, y| image::Rgba([x as u8, y as u8, 90, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img).write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

#[test]
fn an_ipa_gives_the_bundle_id_and_the_profile_certificate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (der, key, pem) = certificate(d, "/CN=iPhone Distribution: Yunfan Co (ABCDE12345)/O=Yunfan/C=CN");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    let profile = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>AppIDName</key><string>Yunfan Ledger</string>
<key>DeveloperCertificates</key><array><data>{b64}</data></array>
<key>TeamIdentifier</key><array><string>ABCDE12345</string></array>
</dict></plist>"#
    );
    let mobileprovision = cms_sign(d, profile.as_bytes(), &key, &pem);
    let info = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>com.yunfan.ledger</string>
<key>CFBundleDisplayName</key><string>云帆记账</string>
<key>CFBundleShortVersionString</key><string>4.2.0</string>
<key>CFBundleIcons</key><dict><key>CFBundlePrimaryIcon</key><dict>
<key>CFBundleIconFiles</key><array><string>AppIcon60x60</string></array></dict></dict>
</dict></plist>"#;
    let (icon2, icon3) = (small_png(120), small_png(180));
    let ipa = zip_of(&[
        ("Payload/Yunfan.app/Info.plist", info.as_bytes()),
        ("Payload/Yunfan.app/embedded.mobileprovision", &mobileprovision),
        ("Payload/Yunfan.app/AppIcon60x60@2x.png", &icon2),
        ("Payload/Yunfan.app/AppIcon60x60@3x.png", &icon3),
    ]);
    let got = inspect(&ipa).expect("inspects");
    assert_eq!(got.platform, Platform::Ios);
    assert_eq!(got.package, "com.yunfan.ledger");
    assert_eq!(got.name.as_deref(), Some("云帆记账"));
    assert_eq!(got.version.as_deref(), Some("4.2.0"));
    assert_eq!(got.certificate.sha1, openssl_fingerprint(&pem, "sha1"));
    assert_eq!(got.certificate.md5, openssl_fingerprint(&pem, "md5"));
    assert_eq!(got.certificate.sha256, openssl_fingerprint(&pem, "sha256"));
    assert!(got.certificate.subject.contains("iPhone Distribution: Yunfan Co"), "{}", got.certificate.subject);
    assert_eq!(got.public_key, openssl_modulus(&pem));
    let icon = got.icon.expect("the largest icon");
    assert_eq!((icon.path.as_str(), icon.width, icon.shrunk), ("Payload/Yunfan.app/AppIcon60x60@3x.png", 180, false));

    // No profile: unsigned. A profile that is not CMS and holds no plist: a bad certificate.
    let unsigned = zip_of(&[("Payload/Yunfan.app/Info.plist", info.as_bytes())]);
    assert_eq!(inspect(&unsigned), Err(InspectError::Unsigned));
    let broken = zip_of(&[
        ("Payload/Yunfan.app/Info.plist", info.as_bytes()),
        ("Payload/Yunfan.app/embedded.mobileprovision", b"not a profile"),
    ]);
    assert_eq!(inspect(&broken), Err(InspectError::BadCertificate));
}

/// A HAP with a signing block inserted before the central directory, as `hapsigntool` places it
/// (the block's inner layout is simplified: the PKCS#7, then the magic).
fn with_signing_block(zip: &[u8], block: &[u8]) -> Vec<u8> {
    let eocd = zip.windows(4).rposition(|w| w == b"PK\x05\x06").expect("eocd");
    let cd = u32::from_le_bytes(zip[eocd + 16..eocd + 20].try_into().expect("4 bytes")) as usize;
    let mut out = zip[..cd].to_vec();
    out.extend_from_slice(block);
    out.extend_from_slice(&zip[cd..]);
    let new_cd = u32::try_from(cd + block.len()).expect("small");
    let e = eocd + block.len();
    out[e + 16..e + 20].copy_from_slice(&new_cd.to_le_bytes());
    out
}

#[test]
fn a_hap_gives_the_bundle_name_and_its_signing_block_certificate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let module = br#"{"app":{"bundleName":"com.yunfan.ledger","versionName":"1.0.3","label":"$string:app_name","icon":"$media:app_icon"},"module":{"name":"entry"}}"#;
    let icon = small_png(96);
    let hap = zip_of(&[("module.json", module), ("resources/base/media/app_icon.png", &icon)]);
    assert_eq!(inspect(&hap), Err(InspectError::HarmonyUnsigned), "no signing block: ask for the .cer");

    let (_, key, pem) = certificate(d, "/CN=Yunfan Release/O=Yunfan/C=CN");
    let mut block = cms_sign(d, b"hap digest", &key, &pem);
    block.extend_from_slice(&[0u8; 8]);
    block.extend_from_slice(b"HAP Sig Block 42");
    let signed = with_signing_block(&hap, &block);
    let got = inspect(&signed).expect("inspects");
    assert_eq!(got.platform, Platform::Harmony);
    assert_eq!(got.package, "com.yunfan.ledger");
    assert_eq!(got.version.as_deref(), Some("1.0.3"));
    assert_eq!(got.name, None, "a $string: label is in resources.index, not read");
    assert_eq!(got.certificate.sha1, openssl_fingerprint(&pem, "sha1"));
    assert_eq!(got.icon.expect("icon").width, 96);

    // An .app bundle: pack.info and the .hap inside.
    let app = zip_of(&[("pack.info", b"{}"), ("entry-default.hap", &signed)]);
    assert_eq!(inspect(&app).expect("inspects").package, "com.yunfan.ledger");
}
