//! `beian app inspect [--json] FILE` as a user runs it, on real APKs built and signed by
//! scripts/make-test-apk.sh with Debian's aapt, zipalign, apksigner and keytool; apksigner's and
//! aapt's own output is the oracle. Bad files: exit 1 with a Chinese message, bounded time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn beian(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beian")).args(["app", "inspect"]).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn make_apk(dir: &Path, name: &str, package: &str, label: &str, schemes: &str) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/make-test-apk.sh");
    let out = dir.join(name);
    let o = Command::new("bash").arg(script).arg(&out).args([package, label, schemes]).output().unwrap();
    assert!(
        o.status.success(),
        "make-test-apk.sh failed (run scripts/setup.sh for aapt, zipalign, apksigner, keytool): {}",
        stderr(&o)
    );
    out
}

fn oracle(apk: &Path, key: &str) -> String {
    let o = Command::new("apksigner")
        .args(["verify", "--min-sdk-version", "24", "--print-certs", "-v"])
        .arg(apk)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let prefix = format!("Signer #1 certificate {key}: ");
    stdout(&o).lines().find_map(|l| l.strip_prefix(&prefix).map(|v| v.trim().to_string())).unwrap()
}

#[test]
fn a_v2_only_and_a_v1_v3_apk_read_as_apksigner_and_aapt_read_them() {
    let dir = tempfile::tempdir().unwrap();
    for (name, package, label, schemes) in
        [("v2.apk", "com.yunfan.ledger", "云帆记账", "v2"), ("v13.apk", "cn.example.shop_2", "小铺", "v1 v3")]
    {
        let apk = make_apk(dir.path(), name, package, label, schemes);
        let o = beian(&["--json", apk.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["platform"], "android");
        assert_eq!(v["package"], package);
        assert_eq!(v["name"], label);
        assert_eq!(v["version"], "1.2.0");
        assert_eq!(v["certificate"]["md5"], oracle(&apk, "MD5 digest"));
        assert_eq!(v["certificate"]["sha1"], oracle(&apk, "SHA-1 digest"));
        assert_eq!(v["certificate"]["sha256"], oracle(&apk, "SHA-256 digest"));
        assert_eq!(v["fingerprint"], v["certificate"]["md5"], "Android files the MD5");
        assert!(v["certificate"]["subject"].as_str().unwrap().contains("CN=Yunfan Co"));
        let key = v["public_key"].as_str().unwrap();
        assert_eq!(key.len(), 512, "a 2048-bit modulus in hex");
        assert!(key.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(v["icon"]["media_type"], "image/png");
        assert_eq!(v["icon"]["width"], 96);
        let badging = Command::new("aapt").args(["dump", "badging"]).arg(&apk).output().unwrap();
        let badging = stdout(&badging);
        assert!(badging.contains(&format!("application-label:'{label}'")), "{badging}");
        assert!(badging.contains(&format!("package: name='{package}'")), "{badging}");
        // The plain form names each value in Chinese.
        let plain = stdout(&beian(&[apk.to_str().unwrap()]));
        assert!(plain.contains(&format!("包名：{package}")) && plain.contains("备案填写的签名值（MD5）"), "{plain}");
    }
}

#[test]
fn what_is_not_a_signed_package_exits_1_with_a_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = d.join("notes.apk");
    std::fs::write(&text, "这不是安装包").unwrap();
    let zip = d.join("photos.zip");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
        w.start_file("a.txt", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, b"hello").unwrap();
        w.finish().unwrap();
    }
    let apk = make_apk(d, "ok.apk", "com.yunfan.ledger", "云帆记账", "v2");
    let bytes = std::fs::read(&apk).unwrap();
    let truncated = d.join("truncated.apk");
    std::fs::write(&truncated, &bytes[..bytes.len() - 3000]).unwrap();
    let bomb = d.join("bomb.apk");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        w.start_file("AndroidManifest.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..40 {
            std::io::Write::write_all(&mut w, &zeros).unwrap();
        }
        w.finish().unwrap();
    }
    let cases: [(&Path, &str); 6] = [
        (&text, "不是 ZIP"),
        (&zip, "不是可识别的安装包"),
        (&truncated, "损坏"),
        (&bomb, "压缩炸弹"),
        (&d.join("missing.apk"), "无法读取"),
        (d, "无法读取"),
    ];
    for (path, says) in cases {
        let started = Instant::now();
        let o = beian(&["--json", path.to_str().unwrap()]);
        assert!(started.elapsed() < Duration::from_secs(20), "{path:?} took {:?}", started.elapsed());
        assert_eq!(o.status.code(), Some(1), "{path:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{path:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "nothing printed on stdout for {path:?}");
    }
}

/// A PNG of noise (does not compress): over 100 KB at this side.
fn noisy_png(path: &Path, side: u32) {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let img = image::RgbaImage::from_fn(side, side, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let [a, b, c, ..] = seed.to_le_bytes();
        image::Rgba([a, b, c, 255])
    });
    img.save(path).unwrap();
}

#[test]
fn an_icon_attached_as_app_icon_is_kept_under_100_kb_and_a_pdf_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = d.join("data");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/fixtures/website-and-app.json");
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_beian")).arg("--data-dir").arg(&data).args(args).output().unwrap()
    };
    let o = cli(&["import", fixture.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let big = d.join("icon.png");
    noisy_png(&big, 800);
    assert!(std::fs::metadata(&big).unwrap().len() > 100 * 1024);
    let o = cli(&["attach", "--json", "1", "app_icon", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let a = &report["attached"][0];
    assert_eq!(a["mime"], "image/png", "{report}");
    // The stored file is the shrunk icon, not a 2480 px scan JPEG.
    let sha = a["sha256"].as_str().unwrap();
    let stored = std::fs::read(data.join("attachments").join(&sha[..2]).join(&sha[2..])).unwrap();
    assert!(stored.len() <= 100 * 1024, "{} bytes", stored.len());
    let img = image::load_from_memory(&stored).unwrap();
    assert!(img.width() <= 512 && img.width() == img.height());

    let pdf = d.join("icon.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n").unwrap();
    let o = cli(&["attach", "1", "app_icon", pdf.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("APP图标必须是图片"), "{}", stderr(&o));

    // The app's own package as the icon: its launcher icon is stored, the very image that
    // `app inspect` reads from it.
    let apk = make_apk(d, "ledger.apk", "com.yunfan.ledger", "云帆记账", "v2");
    let o = cli(&["app", "inspect", "--json", apk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let reading: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    use base64::Engine;
    let icon = base64::engine::general_purpose::STANDARD.decode(reading["icon"]["data"].as_str().unwrap()).unwrap();
    let o = cli(&["attach", "--json", "1", "app_icon", apk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let sha = report["attached"][0]["sha256"].as_str().unwrap().to_owned();
    let stored = std::fs::read(data.join("attachments").join(&sha[..2]).join(&sha[2..])).unwrap();
    assert_eq!(stored, icon, "the package's icon, byte for byte");

    // A zip that is not a package: refused, nothing stored.
    let count = || {
        let db = rusqlite::Connection::open(data.join("beian.sqlite3")).unwrap();
        db.query_row("SELECT count(*) FROM attachments", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    let before = count();
    let zip = d.join("notes.zip");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
        w.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, b"hello").unwrap();
        w.finish().unwrap();
    }
    let o = cli(&["attach", "1", "app_icon", zip.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("notes.zip"), "{}", stderr(&o));
    assert_eq!(count(), before);
}
