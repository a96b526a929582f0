//! `beian scan normalize IN OUT` as a user runs it: exit 0 with the file written, exit 1 with a
//! clear Chinese message and nothing written for every kind of bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use image::{Rgb, RgbImage};

fn beian_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beian")).current_dir(cwd).args(["scan", "normalize"]).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ((x ^ y) & 0xFF) as u8]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).unwrap();
    out
}

/// The JPEG with an EXIF APP1 segment holding orientation 6 and a GPS IFD.
fn jpeg_rotated(w: u32, h: u32) -> Vec<u8> {
    let j = jpeg(w, h);
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    t.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
    t.extend(0u32.to_le_bytes());
    t.extend([1, 0, 0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(t);
    let mut out = j[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&j[2..]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png_60000() -> Vec<u8> {
    let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    f.extend(13u32.to_be_bytes());
    f.extend(&ihdr);
    f.extend(crc32(&ihdr).to_be_bytes());
    f.extend(0u32.to_be_bytes());
    f.extend(b"IEND");
    f.extend(crc32(b"IEND").to_be_bytes());
    f
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn a_rotated_jpeg_is_normalised_and_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("营业执照.jpg"), jpeg_rotated(3000, 2000)).unwrap();
    let o = beian_in(dir.path(), &["--json", "营业执照.jpg", "out.jpg"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["orientation"], 6);
    assert_eq!((v["width"].as_u64(), v["height"].as_u64()), (Some(1653), Some(2480)));
    let out = std::fs::read(dir.path().join("out.jpg")).unwrap();
    assert_eq!(image::load_from_memory(&out).unwrap().height(), 2480);
    assert!(!out.windows(4).any(|w| w == b"Exif"), "metadata stripped");
    assert_eq!(entries(dir.path()), ["out.jpg", "营业执照.jpg"], "no temp file left");

    // Without --json: a Chinese summary.
    let o = beian_in(dir.path(), &["营业执照.jpg", "out2.jpg"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("JPEG 1653×2480"));
}

#[test]
fn bad_files_exit_1_with_a_clear_message_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let full = jpeg(800, 600);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.jpg", full[..full.len() / 2].to_vec(), "不完整"),
        ("letter.jpg", b"Dear client, the scan is attached.".to_vec(), "不是可识别的图片"),
        ("empty.jpg", Vec::new(), "文件是空的"),
        ("huge.png", png_60000(), "60000×60000"),
    ];
    for (name, bytes, expect) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let start = Instant::now();
        let o = beian_in(dir.path(), &[name, "out.jpg"]);
        let took = start.elapsed();
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(name), "the message names the file: {}", stderr(&o));
        assert!(!dir.path().join("out.jpg").exists(), "{name}: nothing written");
        if *name == "huge.png" {
            assert!(took < Duration::from_secs(1), "refused in {took:?}");
        }
    }
    let mut expected: Vec<String> = cases.iter().map(|c| c.0.to_owned()).collect();
    expected.sort();
    assert_eq!(entries(dir.path()), expected, "no temp file left");
}

#[test]
fn names_with_tricks_exit_1_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = jpeg(800, 600);
    let rtl = "scan\u{202E}gpj.exe";
    let long = format!("{}.jpg", "a".repeat(240));
    for name in [rtl, long.as_str()] {
        std::fs::write(dir.path().join(name), &good).unwrap();
        let o = beian_in(dir.path(), &[name, "out.jpg"]);
        assert_eq!(o.status.code(), Some(1), "{name:?}");
        assert!(stderr(&o).contains("文件名无效"), "{}", stderr(&o));
        assert!(!stderr(&o).contains('\u{202E}'), "the override is not echoed");
        assert!(!dir.path().join("out.jpg").exists());
    }
    // `..` is no file name; `../../etc/passwd.jpg` from a nested folder reaches a text file.
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::create_dir_all(dir.path().join("etc")).unwrap();
    std::fs::write(dir.path().join("etc/passwd.jpg"), "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    let o = beian_in(&nested, &["..", "out.jpg"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("文件名无效"), "{}", stderr(&o));
    let o = beian_in(&nested, &["../../etc/passwd.jpg", "out.jpg"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("不是可识别的图片"), "{}", stderr(&o));
    assert!(entries(&nested).is_empty(), "nothing written");
    // A missing file: exit 1 too.
    let o = beian_in(&nested, &["/no/such/scan.jpg", "out.jpg"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("无法读取"), "{}", stderr(&o));
    // An absolute path to a good file is fine.
    let abs = dir.path().join("ok.jpg");
    std::fs::write(&abs, &good).unwrap();
    let o = beian_in(&nested, &[abs.to_str().unwrap(), "out.jpg"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
