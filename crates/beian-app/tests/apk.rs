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
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds an unsigned, aligned APK in `dir`.
fn unsigned_apk(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("res/values")).expect("mkdir");
    std::fs::write(
        dir.join("AndroidManifest.xml"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<manifest package="com.example.beian"><application/></manifest>
"#,
    )
    .expect("write manifest");
    std::fs::write(
        dir.join("res/values/strings.xml"),
        "<resources><string name=\"app_name\">备案</string></resources>",
    )
    .expect("write strings");
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
    ]));
    let aligned = dir.join("unsigned.apk");
    run(Command::new("zipalign").arg("-f").arg("4").arg(&raw).arg(&aligned));
    aligned
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
    let out = run(Command::new("apksigner")
        .args(["verify", "--min-sdk-version", "24", "--print-certs", "-v"])
        .arg(apk));
    let prefix = format!("Signer #1 certificate {key}: ");
    out.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {key} in {out}"))
        .trim()
        .to_string()
}

fn check(apk: &Path, schemes: &[&str], debug: bool) {
    let got = inspect_path(apk).expect("inspects");
    assert_eq!(got.platform, Platform::Android);
    let badging = run(Command::new("aapt").args(["dump", "badging"]).arg(apk));
    assert!(badging.contains(&format!("package: name='{}'", got.package)), "{badging}");
    assert_eq!(got.package, "com.example.beian");
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
    let manifest = std::fs::read(d.join("AndroidManifest.xml")).expect("read");
    let _ = manifest;
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
