//! `beian ocr [--json] IMAGE` as a user runs it: the fields of a card made here with ImageMagick,
//! the exit codes for a page with nothing on it, a file that is not an image, and OCR not installed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use beian_core::cert::gb11643_check_char;

fn beian(args: &[&str], ocr_dir: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_beian"));
    cmd.arg("ocr").args(args);
    match ocr_dir {
        Some(d) => cmd.env("BEIAN_OCR_DIR", d),
        None => cmd.env_remove("BEIAN_OCR_DIR"),
    };
    cmd.output().unwrap()
}

fn installed() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/resources/ocr");
    assert!(beian_ocr::is_installed(&dir), "OCR is not set up: run scripts/setup-ocr.sh ({})", dir.display());
    dir
}

const FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// An ID-card-like scan: labels in blue-grey, values in black, the number in its own box.
fn card(path: &Path, name: &str, number: &str) {
    let status = Command::new("convert")
        .args(["-size", "1012x638", "xc:#f3f0e8", "-font", FONT, "-fill", "#4a6b8a", "-pointsize", "28"])
        .args(["-annotate", "+60+90", "姓 名", "-annotate", "+60+540", "公民身份号码"])
        .args(["-fill", "black", "-pointsize", "34", "-annotate", "+180+90", name])
        .args(["-pointsize", "38", "-annotate", "+340+540", number])
        .arg(path)
        .status()
        .expect("ImageMagick (convert) is needed: scripts/setup.sh installs it");
    assert!(status.success());
}

#[test]
fn reads_a_card_and_proposes_the_number_only_when_its_check_character_passes() {
    let dir = installed();
    let tmp = tempfile::tempdir().unwrap();
    let body = "51010720011115302";
    let good = format!("{body}{}", gb11643_check_char(body).unwrap());
    let card_path = tmp.path().join("id.png");
    card(&card_path, "刘思远", &good);
    let out = beian(&["--json", card_path.to_str().unwrap()], Some(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "resident_id");
    assert_eq!(v["fields"]["name"]["value"], "刘思远");
    assert_eq!(v["fields"]["cert_number"]["value"], good.as_str());
    let conf = v["fields"]["cert_number"]["confidence"].as_f64().unwrap();
    assert!((0.5..=1.0).contains(&conf), "confidence {conf}");

    // the same card with the last character wrong: no number proposed, flagged for typing
    let wrong = format!("{body}{}", if good.ends_with('1') { '2' } else { '1' });
    let bad_path = tmp.path().join("id-bad.png");
    card(&bad_path, "刘思远", &wrong);
    let out = beian(&["--json", bad_path.to_str().unwrap()], Some(&dir));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["fields"]["cert_number"]["value"].is_null(), "{v}");
    assert!(v["fields"]["cert_number"]["needs_typing"].as_str().unwrap().contains("校验位"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&wrong));

    // without --json: one line a field, in Chinese
    let out = beian(&[card_path.to_str().unwrap()], Some(&dir));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("居民身份证") && text.contains("姓名：刘思远") && text.contains(&good), "{text}");
}

#[test]
fn a_blank_page_proposes_nothing_and_exits_1() {
    let dir = installed();
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("blank.png");
    assert!(Command::new("convert").args(["-size", "1240x1754", "xc:white"]).arg(&blank).status().unwrap().success());
    let out = beian(&["--json", blank.to_str().unwrap()], Some(&dir));
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "unknown");
    assert_eq!(v["fields"], serde_json::json!({}));
}

#[test]
fn exit_codes_for_bad_files_and_missing_ocr() {
    let dir = installed();
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("note.jpg");
    std::fs::write(&text, "not an image").unwrap();
    let out = beian(&[text.to_str().unwrap()], Some(&dir));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("note.jpg"));
    let out = beian(&[tmp.path().join("missing.png").to_str().unwrap()], Some(&dir));
    assert_eq!(out.status.code(), Some(1));

    // OCR not installed: an empty directory named by BEIAN_OCR_DIR, or by --ocr-dir
    let empty = tempfile::tempdir().unwrap();
    let out = beian(&[text.to_str().unwrap()], Some(empty.path()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("scripts/setup-ocr.sh"));
    let out = beian(&["--ocr-dir", empty.path().to_str().unwrap(), text.to_str().unwrap()], Some(&dir));
    assert_eq!(out.status.code(), Some(2));
    // a damaged runtime library is reported as not usable (exit 2), not a crash
    let broken = tempfile::tempdir().unwrap();
    for f in beian_ocr::REQUIRED_FILES {
        std::fs::write(broken.path().join(f), b"garbage").unwrap();
    }
    let card_path = tmp.path().join("id.png");
    card(&card_path, "张三", "110105194912310021");
    let out = beian(&[card_path.to_str().unwrap()], Some(broken.path()));
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A 港澳居民来往内地通行证 front as the card prints it: the number at the top right without a label,
/// small labels left of their values, the English name under the Chinese one.
fn hk_macau_pass(path: &Path, name: &str, number: &str, born: &str) {
    let status = Command::new("convert")
        .args(["-size", "1012x638", "xc:#eef3f7", "-font", FONT, "-fill", "#2b4f7a", "-pointsize", "34"])
        .args(["-annotate", "+60+70", "港澳居民来往内地通行证", "-fill", "black", "-pointsize", "36"])
        .args(["-annotate", "+700+70", number, "-fill", "#4a6b8a", "-pointsize", "24"])
        .args(["-annotate", "+300+190", "姓名", "-annotate", "+300+300", "出生日期", "-annotate", "+640+300", "性别"])
        .args(["-annotate", "+300+380", "有效期限", "-annotate", "+300+460", "签发机关"])
        .args(["-fill", "black", "-pointsize", "32", "-annotate", "+380+190", name, "-pointsize", "24"])
        .args(["-annotate", "+380+230", "CHAN, TAI MAN", "-pointsize", "28", "-annotate", "+420+300", born])
        .args(["-annotate", "+710+300", "女", "-annotate", "+420+380", "2019.03.01-2029.02.28"])
        .args(["-annotate", "+420+460", "公安部出入境管理局", "-fill", "#c8d2dc", "-draw", "rectangle 60,130 260,400"])
        .arg(path)
        .status()
        .expect("ImageMagick (convert) is needed: scripts/setup.sh installs it");
    assert!(status.success());
}

#[test]
fn reads_a_hong_kong_macau_pass() {
    let dir = installed();
    let tmp = tempfile::tempdir().unwrap();
    // a number of the pass's form, made from the clock so that no answer is fixed in the test
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let number = format!("{}{:08}", if nanos.is_multiple_of(2) { 'H' } else { 'M' }, nanos % 100_000_000);
    let path = tmp.path().join("pass.jpg");
    hk_macau_pass(&path, "陈美玲", &number, "1992.11.03");
    let out = beian(&["--json", path.to_str().unwrap()], Some(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "hk_macau_pass", "{v}");
    assert_eq!(v["fields"]["name"]["value"], "陈美玲", "{v}");
    assert_eq!(v["fields"]["cert_number"]["value"], number.as_str(), "{v}");
    assert_eq!(v["fields"]["birth_date"]["value"], "1992-11-03", "{v}");
    assert_eq!(v["fields"]["sex"]["value"], "女", "{v}");
}
