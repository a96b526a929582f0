//! A filing driven from the command line (`beian action`, `beian history`) through the same use
//! cases as the window: a submission with any error of the window's check is refused with those
//! diagnostics and writes nothing; `beian validate --json` reports the determined filing type.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::{beian, stderr, stdout};

const SPEC_SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");
const SERVICE_NUMBER: &str = "1a2b3c4d-1234-4cde-8f90-1234567890ab";

/// The spec's sample with a compliant site name, verified by one 备案服务号.
fn sample() -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&SPEC_SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")).unwrap();
    v["websites"][0]["product"]["instance_id"] = serde_json::Value::Null;
    v["websites"][0]["product"]["service_number"] = SERVICE_NUMBER.into();
    v.to_string()
}

/// Imports the sample and returns its order number.
fn import(dir: &Path) -> String {
    let file = dir.join(format!("f{}.json", std::time::SystemTime::now().elapsed().map_or(0, |d| d.as_nanos())));
    std::fs::write(&file, sample()).unwrap();
    let o = beian(dir, &["import", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line = stdout(&o);
    line.split("→ ").nth(1).unwrap().split('（').next().unwrap().trim().to_owned()
}

fn status(dir: &Path, order_no: &str) -> String {
    let o = beian(dir, &["export", "--json", order_no], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v[0]["status"].as_str().unwrap().to_owned()
}

#[test]
fn a_filing_is_driven_from_a_script_and_the_gate_is_the_windows_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let first = import(d);
    for action in ["data_complete", "materials_done"] {
        let o = beian(d, &["action", &first, action], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    // Submitting needs --confirm.
    let o = beian(d, &["action", &first, "submit"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("确认"), "{}", stderr(&o));
    let o = beian(d, &["action", "--json", &first, "submit", "--confirm", "--note", "客户已签字"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["status"], "submitted");

    // A second filing with the same 备案服务号: the core rules pass it, the window's check does not.
    let second = import(d);
    for action in ["data_complete", "materials_done"] {
        assert_eq!(beian(d, &["action", &second, action], None).status.code(), Some(0));
    }
    let history_before = stdout(&beian(d, &["history", "--json", &second], None));
    let o = beian(d, &["action", "--json", &second, "submit", "--confirm"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags.iter().any(|d| d["code"] == "service_number_used" && d["field"] == "websites[0].product.service_number"),
        "{v}"
    );
    assert!(stderr(&o).contains("个错误"), "{}", stderr(&o));
    assert_eq!(status(d, &second), "ready_to_confirm");
    assert_eq!(stdout(&beian(d, &["history", "--json", &second], None)), history_before, "nothing written");
    // Without --json the diagnostics are printed at their fields.
    let o = beian(d, &["action", &second, "submit", "--confirm"], None);
    assert!(stdout(&o).contains("websites[0].product.service_number"), "{}", stdout(&o));

    // Reject needs a reason; the history shows the whole way.
    let o = beian(d, &["action", &first, "reject"], None);
    assert_eq!(o.status.code(), Some(1));
    let o = beian(d, &["action", &first, "reject", "--reason", "网站名称不符合要求"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = beian(d, &["history", "--json", &first], None);
    assert_eq!(h.status.code(), Some(0));
    let events: serde_json::Value = serde_json::from_str(&stdout(&h)).unwrap();
    let kinds: Vec<&str> = events.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["imported", "data_complete", "materials_done", "submit", "reject"]);
    assert_eq!(events[3]["note"], "客户已签字");
    assert!(events[4]["note"].as_str().unwrap().contains("网站名称不符合要求"));
    let text = stdout(&beian(d, &["history", &first], None));
    assert!(text.contains("确认并提交备案") && text.contains("+08:00"), "{text}");
}

#[test]
fn unknown_filings_and_actions_exit_2_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let order = import(d);
    for args in [
        vec!["action", "BA20000101-0001", "data_complete"],
        vec!["action", "999", "data_complete"],
        vec!["action", &order, "fly"],
        vec!["action", &order, "expire"],
        vec!["history", "BA20000101-0001"],
    ] {
        let o = beian(d, &args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
    assert_eq!(status(d, &order), "draft");
    // A state the action does not apply in: refused (1), not unknown.
    let o = beian(d, &["action", &order, "approve"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(status(d, &order), "draft");
}

#[test]
fn validate_reports_the_determined_filing_type() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    v.as_object_mut().unwrap().remove("filing_type");
    let o = beian(dir.path(), &["validate", "--json", "-"], Some(&v.to_string()));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let plan = beian(dir.path(), &["plan", "--json", "-"], Some(&v.to_string()));
    let p: serde_json::Value = serde_json::from_str(&stdout(&plan)).unwrap();
    assert!(r["filing_type"].is_string(), "{r}");
    assert_eq!(r["filing_type"], p["filing_type"]);
}

fn jpeg(path: &Path, seed: u32) {
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x * 255 / 900) as u8, (y * 255 / 600) as u8, ((x ^ y ^ seed) & 0xFF) as u8])
    });
    img.save(path).unwrap();
}

/// `beian attach` attaches as the window does: each file on its own, a bad one refused with its
/// reason and nothing stored for it, the materials check then sees the files; an unknown filing or
/// material is refused before anything is read.
#[test]
fn scans_are_attached_from_a_script_as_the_window_attaches_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let order = import(d);
    let missing = |d: &Path| {
        let o = beian(d, &["list", "--json"], None);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["items"][0]["missing_materials"].as_u64()
    };
    let before = missing(d).expect("a draft has a count");
    assert!(before >= 1);
    let (front, back, bad) = (d.join("身份证正面.jpg"), d.join("身份证反面.jpg"), d.join("坏文件.jpg"));
    jpeg(&front, 1);
    jpeg(&back, 2);
    std::fs::write(&bad, b"not an image at all").unwrap();
    let args = [
        "attach",
        "--json",
        &order,
        "subject_certificate",
        front.to_str().unwrap(),
        bad.to_str().unwrap(),
        back.to_str().unwrap(),
    ];
    let o = beian(d, &args, None);
    assert_eq!(o.status.code(), Some(1), "one file refused: {}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let names: Vec<&str> =
        report["attached"].as_array().unwrap().iter().map(|a| a["original_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["身份证正面.jpg", "身份证反面.jpg"]);
    assert_eq!(report["failed"][0]["name"], "坏文件.jpg");
    assert!(report["failed"][0]["message"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    assert_eq!(missing(d), Some(before - 1), "the subject's certificate is no longer missing");

    // The same file again is a duplicate, refused with the material it is in.
    let o = beian(d, &["attach", &order, "subject_certificate", front.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("身份证正面.jpg"), "{}", stderr(&o));

    for (args, what) in [
        (vec!["attach", "BA19990101-0001", "subject_certificate", front.to_str().unwrap()], "unknown filing"),
        (vec!["attach", order.as_str(), "no_such_material", front.to_str().unwrap()], "unknown material"),
    ] {
        let o = beian(d, &args, None);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
    }
    assert_eq!(missing(d), Some(before - 1), "refusals stored nothing");
}

/// `beian plan` determines the type against the store: a domain stored as `www.a.cn` is the
/// domain `a.cn` (and the reverse) — a subject already filed here is found.
#[test]
fn plan_finds_a_stored_www_domain_by_its_bare_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let stored = sample().replace("\"example.com\"", "\"www.same-domain.cn\"");
    let mut v: serde_json::Value = serde_json::from_str(&stored).unwrap();
    v["websites"][0]["domains"] = serde_json::json!(["www.same-domain.cn"]);
    let file = d.join("stored.json");
    std::fs::write(&file, v.to_string()).unwrap();
    assert_eq!(beian(d, &["import", file.to_str().unwrap()], None).status.code(), Some(0));

    let plan_of = |domain: &str| {
        let mut other = v.clone();
        other["websites"][0]["domains"] = serde_json::json!([domain]);
        other["subject"]["cert_number"] = "110105194912310029".into();
        let f = d.join("new.json");
        std::fs::write(&f, other.to_string()).unwrap();
        let o = beian(d, &["plan", "--json", f.to_str().unwrap()], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap()
    };
    let kinds = |plan: &serde_json::Value| -> Vec<String> {
        plan["type_check"]["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    // The stored draft holds www.same-domain.cn: the bare name is that domain, in progress.
    assert_eq!(kinds(&plan_of("same-domain.cn")), ["domain_in_progress"]);
    assert_eq!(kinds(&plan_of("WWW.Same-Domain.CN")), ["domain_in_progress"]);
    assert!(kinds(&plan_of("another-domain.cn")).is_empty());
}
