//! Real APKs built and signed with Debian's aapt/zipalign/apksigner/keytool, compared against
//! `apksigner verify --print-certs -v` and `aapt dump badging` as independent oracles.

use std::path::{Path, PathBuf};
use std::process::Command;

use beian_app::{InspectError, Platform, inspect, inspect_path};

fn need_tools() {
    for t in ["aapt", "zipalign", "apksigner", "keytool"] {
        let ok = Command::new("sh")
            .args(["-c", &format!("command -v {t}")])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "缺少 {t}：请运行 scripts/setup.sh（missing {t}: run scripts/setup.sh)");
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("tool runs");
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A framework package (`android`, id 0x01) declaring the manifest attributes with their real
/// IDs (`android.R.attr.label` 0x01010001, `icon` 0x01010002, `versionCode` 0x0101021b,
/// `versionName` 0x0101021c), built by aapt itself: what `-I android.jar` gives, without the
/// SDK platform package (not installable from Debian on these machines).
fn framework(dir: &Path) -> PathBuf {
    let fw = dir.join("framework");
    std::fs::create_dir_all(fw.join("res/values")).expect("mkdir");
    std::fs::write(
        fw.join("AndroidManifest.xml"),
        r#"<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="android"/>"#,
    )
    .expect("write");
    std::fs::write(
        fw.join("res/values/attrs.xml"),
        r#"<resources>
  <attr name="label" format="string|reference"/>
  <attr name="icon" format="reference"/>
  <attr name="versionCode" format="integer"/>
  <attr name="versionName" format="string"/>
  <public type="attr" name="label" id="0x01010001"/>
  <public type="attr" name="icon" id="0x01010002"/>
  <public type="attr" name="versionCode" id="0x0101021b"/>
  <public type="attr" name="versionName" id="0x0101021c"/>
</resources>"#,
    )
    .expect("write");
    run(Command::new("aapt").current_dir(&fw).args([
        "package",
        "-x",
        "-f",
        "-M",
        "AndroidManifest.xml",
        "-S",
        "res",
        "-F",
        "android.jar",
    ]));
    fw.join("android.jar")
}

/// Builds an unsigned, aligned APK in `dir`.
fn unsigned_apk(dir: &Path) -> PathBuf {
    let android_jar = framework(dir);
    std::fs::create_dir_all(dir.join("res/values")).expect("mkdir");
    std::fs::write(
        dir.join("AndroidManifest.xml"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.beian" android:versionName="2.3.1" android:versionCode="231">
  <application android:label="@string/app_name" android:icon="@mipmap/ic_launcher"/>
</manifest>
"#,
    )
    .expect("write manifest");
    std::fs::write(
        dir.join("res/values/strings.xml"),
        "<resources><string name=\"app_name\">云帆记账</string></resources>",
    )
    .expect("write strings");
    std::fs::create_dir_all(dir.join("res/values-en")).expect("mkdir");
    std::fs::write(
        dir.join("res/values-en/strings.xml"),
        "<resources><string name=\"app_name\">Yunfan Ledger</string></resources>",
    )
    .expect("write strings");
    // A small mdpi icon and a large, noisy xxhdpi one (over 100 KB: it must be shrunk).
    for (density, side) in [("mdpi", 48), ("xxhdpi", 1024)] {
        std::fs::create_dir_all(dir.join(format!("res/mipmap-{density}"))).expect("mkdir");
        std::fs::write(dir.join(format!("res/mipmap-{density}/ic_launcher.png")), noisy_png(side)).expect("icon");
    }
    let raw = dir.join("raw.apk");
    run(Command::new("aapt").current_dir(dir).args([
        "package",
        "-f",
        "-M",
        "AndroidManifest.xml",
        "-S",
        "res",
        "-F",
        "raw.apk",
        "-I",
        android_jar.to_str().expect("utf-8 path"),
    ]));
    let aligned = dir.join("unsigned.apk");
    run(Command::new("zipalign").arg("-f").arg("4").arg(&raw).arg(&aligned));
    aligned
}

/// Noise does not compress: a noisy PNG of this side.
pub fn noisy_png(side: u32) -> Vec<u8> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ u64::from(side);
    let img = image::RgbaImage::from_fn(side, side, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let [a, b, c, ..] = seed.to_le_bytes();
        image::Rgba([a, b, c, 255])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img).write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

fn keystore(dir: &Path, name: &str, alg: &str, dn: &str) -> PathBuf {
    let ks = dir.join(format!("{name}.p12"));
    let mut cmd = Command::new("keytool");
    cmd.args(["-genkeypair", "-storetype", "PKCS12", "-storepass", "secret1"])
        .args(["-keypass", "secret1", "-alias", "a", "-keyalg", alg, "-dname", dn])
        .args(["-validity", "3650", "-keystore"])
        .arg(&ks);
    if alg == "RSA" {
        cmd.args(["-keysize", "2048"]);
    }
    run(&mut cmd);
    ks
}

fn sign(dir: &Path, apk: &Path, ks: &Path, v1: bool, v2: bool, v3: bool, out: &str) -> PathBuf {
    let out = dir.join(out);
    let b = |x: bool| if x { "true" } else { "false" };
    run(Command::new("apksigner")
        .args(["sign", "--ks"])
        .arg(ks)
        .args(["--ks-pass", "pass:secret1", "--min-sdk-version", "24"])
        .args(["--v1-signing-enabled", b(v1), "--v2-signing-enabled", b(v2)])
        .args(["--v3-signing-enabled", b(v3), "--out"])
        .arg(&out)
        .arg(apk));
    out
}

fn oracle(apk: &Path, key: &str) -> String {
    let out =
        run(Command::new("apksigner").args(["verify", "--min-sdk-version", "24", "--print-certs", "-v"]).arg(apk));
    let prefix = format!("Signer #1 certificate {key}: ");
    out.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap_or_else(|| panic!("no {key} in {out}")).trim().to_string()
}

fn check(apk: &Path, schemes: &[&str], debug: bool) {
    let got = inspect_path(apk).expect("inspects");
    assert_eq!(got.platform, Platform::Android);
    let badging = run(Command::new("aapt").args(["dump", "badging"]).arg(apk));
    assert!(badging.contains(&format!("package: name='{}'", got.package)), "{badging}");
    assert_eq!(got.package, "com.example.beian");
    // aapt's own reading of the label, version and the densest launcher icon.
    let field = |prefix: &str| {
        badging
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|r| r.split('\'').next())
            .unwrap_or_else(|| panic!("no {prefix} in {badging}"))
            .to_string()
    };
    assert_eq!(got.name.as_deref(), Some(field("application-label:'").as_str()));
    assert_eq!(got.name.as_deref(), Some("云帆记账"), "the default label, not the English one");
    assert!(badging.contains("versionName='2.3.1'"), "{badging}");
    assert_eq!(got.version.as_deref(), Some("2.3.1"));
    let densest = badging
        .lines()
        .filter_map(|l| l.strip_prefix("application-icon-"))
        .filter_map(|r| {
            let (d, p) = r.split_once(":'")?;
            Some((d.parse::<u32>().ok()?, p.trim_end_matches('\'').to_string()))
        })
        .max()
        .expect("icons in badging")
        .1;
    let icon = got.icon.as_ref().expect("the launcher icon");
    assert_eq!(icon.path, densest);
    assert!(icon.shrunk && icon.data.len() <= 100 * 1024, "{} bytes", icon.data.len());
    assert!(icon.original_bytes > 100 * 1024);
    let decoded = image::load_from_memory(&icon.data).expect("the icon decodes");
    assert_eq!((decoded.width(), decoded.height()), (icon.width, icon.height));
    assert_eq!(got.certificate.sha256, oracle(apk, "SHA-256 digest"));
    assert_eq!(got.certificate.sha1, oracle(apk, "SHA-1 digest"));
    assert_eq!(got.certificate.md5, oracle(apk, "MD5 digest"));
    assert_eq!(got.signature_schemes, schemes);
    assert_eq!(got.debug_certificate, debug);
    // apksigner prints the DN in RFC 2253 order; ours is x509-parser's: compare the CN.
    let dn = oracle(apk, "DN");
    let cn = dn.split(',').next().expect("cn");
    assert!(got.certificate.subject.contains(cn), "{} vs {dn}", got.certificate.subject);
}

#[test]
fn real_apks_match_apksigner() {
    need_tools();
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let apk = unsigned_apk(d);
    let rsa = keystore(d, "rsa", "RSA", "CN=Test Co, O=Beian, C=CN");
    let ec = keystore(d, "ec", "EC", "CN=EC Co, O=Beian, C=CN");
    let dbg = keystore(d, "dbg", "RSA", "CN=Android Debug, O=Android, C=US");

    let v2 = sign(d, &apk, &rsa, false, true, false, "v2.apk");
    check(&v2, &["v2"], false);
    let got = inspect_path(&v2).expect("inspects");
    assert_eq!(got.public_key_kind, "rsa_modulus");
    assert_eq!(got.public_key.len(), 512, "2048-bit modulus, no leading zero");
    // openssl's reading of the same key: `x509 -modulus` of the keystore's certificate.
    let pem = run(Command::new("keytool")
        .args(["-exportcert", "-rfc", "-alias", "a", "-storepass", "secret1", "-keystore"])
        .arg(&rsa));
    let pem_file = d.join("rsa.pem");
    std::fs::write(&pem_file, pem).expect("write pem");
    let modulus = run(Command::new("openssl").args(["x509", "-noout", "-modulus", "-in"]).arg(&pem_file));
    assert_eq!(got.public_key, modulus.trim().trim_start_matches("Modulus=").to_ascii_lowercase());

    let v3 = sign(d, &apk, &ec, false, false, true, "v3.apk");
    check(&v3, &["v3"], false);
    assert_eq!(inspect_path(&v3).expect("inspects").public_key_kind, "spki");

    let v12 = sign(d, &apk, &dbg, true, true, false, "v12.apk");
    check(&v12, &["v1", "v2"], true);

    // Unsigned: aapt's output before signing.
    let bytes = std::fs::read(&apk).expect("read");
    assert_eq!(inspect(&bytes), Err(InspectError::Unsigned));

    // Truncated.
    let signed = std::fs::read(&v2).expect("read");
    assert!(inspect(&signed[..signed.len() / 2]).is_err());

    // A little fuzzing: truncations and bit flips never panic.
    for cut in (0..signed.len()).step_by(97) {
        let _ = inspect(&signed[..cut]);
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..300 {
        let mut b = signed.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed as usize) % b.len();
            b[i] ^= 1 << (seed % 8);
        }
        let _ = inspect(&b);
    }
}

/// A zip of the given entries (deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).expect("entry");
        std::io::Write::write_all(&mut w, bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn a_zip_bomb_a_zip_without_a_manifest_and_a_broken_certificate_are_refused() {
    // 16 MiB of zeros deflate about 1000:1: refused as a bomb before it is inflated in full.
    let zeros = vec![0u8; 16 * 1024 * 1024];
    assert_eq!(inspect(&zip_of(&[("AndroidManifest.xml", &zeros)])), Err(InspectError::ZipBomb));
    assert_eq!(inspect(&zip_of(&[("readme.txt", b"hello")])), Err(InspectError::NotPackage));
    // A signature file whose PKCS#7 does not parse, and no signing block.
    need_tools();
    let dir = tempfile::tempdir().expect("tempdir");
    let apk = std::fs::read(unsigned_apk(dir.path())).expect("read");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(apk.as_slice())).expect("zip");
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).expect("read");
        entries.push((f.name().expect("name").into_owned(), b));
    }
    entries.push(("META-INF/CERT.RSA".into(), b"0\x82\x01\x00 not a certificate".to_vec()));
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    assert_eq!(inspect(&zip_of(&refs)), Err(InspectError::BadCertificate));
    // A directory or a missing file is unreadable, not a panic.
    assert_eq!(inspect_path(dir.path()), Err(InspectError::Unreadable));
    assert_eq!(inspect_path(&dir.path().join("missing.apk")), Err(InspectError::Unreadable));
}

#[test]
fn bad_inputs() {
    assert_eq!(inspect(b"hello, not a zip"), Err(InspectError::NotZip));
    let mut seed = 7u64;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as u8
        })
        .collect();
    assert!(inspect(&random).is_err());
}
