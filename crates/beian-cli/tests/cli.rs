//! The `beian` binary as a user runs it: exit codes, messages, and what lands in the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::{beian, stderr, stdout};

const SPEC_SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");

/// The spec's sample with a site name the guide allows: the sample's "张三的个人主页" uses 主页,
/// which guide §3 附录二 forbids in personal site names outside 江苏 (the sample is in 浙江).
fn sample() -> String {
    SPEC_SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")
}

fn count(data_dir: &Path) -> u64 {
    let o = beian(data_dir, &["list", "--json"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["total"].as_u64().unwrap()
}

#[test]
fn validate_exit_codes_follow_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let ok = beian(dir.path(), &["validate", "-"], Some(&sample()));
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    // The spec's own sample breaks guide §3 附录二 (主页 in a personal site name): exit 1, at the field.
    let spec = beian(dir.path(), &["validate", "--json", "-"], Some(SPEC_SAMPLE));
    assert_eq!(spec.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&spec)).unwrap();
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["field"] == "websites[0].name" && d["severity"] == "error")
    );
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    let not_json = beian(dir.path(), &["validate", "-"], Some("this is not json"));
    assert_eq!(not_json.status.code(), Some(2));
    assert!(stderr(&not_json).contains("不是有效的 JSON"), "{}", stderr(&not_json));

    let other = beian(dir.path(), &["validate", "-"], Some(r#"{"format":"something/9"}"#));
    assert_eq!(other.status.code(), Some(2));
    assert!(stderr(&other).contains("something/9"));

    let missing = beian(dir.path(), &["validate", "/no/such/file.json"], None);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn validate_json_names_the_wrong_field_and_warns_on_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    let wrong = sample().replace(r#""languages": ["zh-Hans"]"#, r#""languages": "zh-Hans""#);
    let o = beian(dir.path(), &["validate", "--json", "-"], Some(&wrong));
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["diagnostics"][0]["field"], "websites[0].languages");
    assert_eq!(v["diagnostics"][0]["severity"], "error");

    let unknown = sample().replacen(r#""subject": {"#, r#""subject": { "shoe_size": 42,"#, 1);
    let o = beian(dir.path(), &["validate", "--json", "-"], Some(&unknown));
    assert_eq!(o.status.code(), Some(0), "unknown fields are warnings, not errors");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["field"] == "subject.shoe_size" && d["severity"] == "warning"), "{v}");
    for d in diags {
        for key in ["code", "severity", "field", "message", "rule", "source"] {
            assert!(d.get(key).is_some(), "diagnostic lacks {key}: {d}");
        }
    }
}

#[test]
fn import_is_all_or_nothing_and_export_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    let bad = dir.path().join("bad.json");
    std::fs::write(&good, sample()).unwrap();
    std::fs::write(&bad, sample().replace(r#""nature": "personal""#, r#""nature": 3"#)).unwrap();

    let o = beian(dir.path(), &["import", good.to_str().unwrap(), bad.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("subject.nature"), "{}", stderr(&o));
    assert_eq!(count(dir.path()), 0, "nothing is written when one file is bad");

    let o = beian(dir.path(), &["import", good.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(count(dir.path()), 1);
    let order_no = stdout(&o).split('→').nth(1).unwrap().split('（').next().unwrap().trim().to_owned();
    assert!(order_no.starts_with("BA"), "{order_no}");

    let o = beian(dir.path(), &["export", "--full", &order_no], None);
    assert_eq!(o.status.code(), Some(0));
    let exported: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let original: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    assert_eq!(exported, original, "export gives back the imported document");

    let o = beian(dir.path(), &["export", "BA00000000-9999"], None);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn list_filters_by_search_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    std::fs::write(&a, sample().replace("example.com", "findme.cn")).unwrap();
    let b = dir.path().join("b.json");
    std::fs::write(&b, sample()).unwrap();
    assert!(beian(dir.path(), &["import", a.to_str().unwrap(), b.to_str().unwrap()], None).status.success());
    let o = beian(dir.path(), &["list", "--json", "--search", "FINDME"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["primary_domain"], "findme.cn");
    let o = beian(dir.path(), &["list", "--json", "--status", "approved"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["total"], 0);
    let o = beian(dir.path(), &["list", "--status", "bogus"], None);
    assert_eq!(o.status.code(), Some(2));
}
