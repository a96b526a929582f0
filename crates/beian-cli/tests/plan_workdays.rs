//! `beian workdays add` and `beian plan` as a user runs them: output, JSON shape and exit codes
//! (`shared/spec/filing-exchange-format.md`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use beian_core::cert::gb11643_check_char;
use serde_json::{Value, json};

fn beian(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beian")).arg("--data-dir").arg(data_dir).args(args).output().expect("beian runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn add(data_dir: &Path, date: &str, n: &str) -> Output {
    beian(data_dir, &["workdays", "add", date, n])
}

#[track_caller]
fn assert_day(data_dir: &Path, date: &str, n: &str, want: &str) {
    let o = add(data_dir, date, n);
    assert_eq!(o.status.code(), Some(0), "{date} {n}: {}", stderr(&o));
    assert_eq!(stdout(&o).trim(), want, "{date} + {n}");
}

#[test]
fn workdays_add_follows_the_spec_example_and_national_day() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The spec's example: Sunday 2024-09-29 is a make-up working day.
    assert_day(d, "2024-09-27", "1", "2024-09-29");
    assert_day(d, "2024-09-27", "2", "2024-09-30");
    // National Day 2024: 10-01..07 off, Saturday 10-12 worked.
    assert_day(d, "2024-09-30", "1", "2024-10-08");
    assert_day(d, "2024-10-01", "1", "2024-10-08");
    assert_day(d, "2024-10-08", "4", "2024-10-12");
    // National Day 2025 (with Mid-Autumn): 10-01..08 off.
    assert_day(d, "2025-09-30", "1", "2025-10-09");
    // Across a year end: 2026-01-01..03 off, Sunday 01-04 worked.
    assert_day(d, "2025-12-31", "1", "2026-01-04");
}

#[test]
fn workdays_add_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let outside = add(d, "2026-12-31", "1");
    assert_eq!(outside.status.code(), Some(2));
    assert!(stdout(&outside).is_empty());
    assert!(stderr(&outside).contains("2019–2026"), "{}", stderr(&outside));
    assert!(stderr(&outside).contains("2027"), "{}", stderr(&outside));
    let before = add(d, "2018-12-28", "1");
    assert_eq!(before.status.code(), Some(2));
    for (date, n) in [("2024-13-01", "1"), ("2024/09/27", "1"), ("tomorrow", "1")] {
        let o = add(d, date, n);
        assert_eq!(o.status.code(), Some(2), "{date}");
        assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    }
    for n in ["0", "-1", "x", "1.5"] {
        let o = add(d, "2024-09-27", n);
        assert_eq!(o.status.code(), Some(2), "{n}");
        assert!(stderr(&o).contains("不小于 1"), "{}", stderr(&o));
    }
}

#[test]
fn workdays_add_reads_extra_years_from_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("calendar")).unwrap();
    std::fs::write(
        d.join("calendar/2027.toml"),
        "meta.year = 2027\nmeta.source = \"测试用数据\"\n\
         holidays = [{ date = \"2027-01-01\", name = \"元旦\" }]\nworkdays = []\n",
    )
    .unwrap();
    // 2027-01-01 (Friday) off: the next working day is Monday 01-04.
    assert_day(d, "2026-12-31", "1", "2027-01-04");
    let o = add(d, "2027-12-31", "1");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2019–2027"), "{}", stderr(&o));

    std::fs::write(d.join("calendar/broken.toml"), "meta.year = \n").unwrap();
    let o = add(d, "2024-09-27", "1");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("broken.toml"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// plan

/// A valid resident ID number: the body and its GB 11643 check character.
fn resident_id(body: &str) -> String {
    format!("{body}{}", gb11643_check_char(body).unwrap())
}

fn person(name: &str, cert_type: &str, cert_number: &str, phone: &str) -> Value {
    json!({
        "name": name, "cert_type": cert_type, "cert_number": cert_number,
        "phone": phone, "phone2": null, "emergency_phone": "13700000000",
        "email": "owner@example.com"
    })
}

/// A personal first filing (no `filing_type`: the type is determined) with one website.
fn personal_filing(province: &str, city: &str, principal: Value, website_principal: Value) -> String {
    let cert_type = principal["cert_type"].clone();
    let cert_number = principal["cert_number"].clone();
    let name = principal["name"].clone();
    json!({
        "format": "beian-filing/1",
        "as_of": "2024-09-27",
        "subject": {
            "region": { "province": province, "city": city, "district": null },
            "nature": "personal",
            "name": name,
            "cert_type": cert_type,
            "cert_number": cert_number,
            "cert_address": format!("{province}{city}文三路100号"),
            "mailing_address": format!("{province}{city}文三路100号3幢201室"),
            "investor": name,
            "principal": principal,
            "remark": "",
            "filed": { "icp_number": null, "with": "none" }
        },
        "websites": [{
            "name": "个人生活记录",
            "domains": ["example.com"],
            "homepage_url": "http://www.example.com",
            "content": "other",
            "service_type": "website",
            "languages": ["zh-Hans"],
            "preapprovals": [],
            "product": { "type": "ecs", "instance_id": "i-bp1abcdefghijk", "service_number": null },
            "principal": website_principal,
            "remark": "",
            "filed": { "icp_number": null, "with": "none" }
        }]
    })
    .to_string()
}

fn plan_json(doc: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("filing.json");
    std::fs::write(&file, doc).unwrap();
    let o = beian(dir.path(), &["plan", "--json", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[track_caller]
fn assert_plan_shape(v: &Value) {
    assert!(v["filing_type"].is_string(), "{v}");
    assert!(v["sms"]["required"].is_boolean());
    for verifier in v["sms"]["verifiers"].as_array().unwrap() {
        assert!(matches!(verifier["role"].as_str(), Some("subject_principal" | "website_principal")));
        assert!(verifier["phone"].is_string());
        assert!(verifier["last6"].is_string() || verifier["last6"].is_null());
    }
    let materials = v["materials"].as_array().unwrap();
    assert!(!materials.is_empty());
    for m in materials {
        assert!(m["code"].is_string() && m["name"].is_string() && m["required"].is_boolean(), "{m}");
    }
    assert!(v["expected"].is_object());
}

#[test]
fn plan_personal_first_filing_in_zhejiang_one_phone() {
    let id = resident_id("33010619900101123");
    let zhang = person("张三", "resident_id", &id, "13800000000");
    let v = plan_json(&personal_filing("浙江省", "杭州市", zhang, Value::Null));
    assert_plan_shape(&v);
    assert_eq!(v["filing_type"], "first_filing");
    assert_eq!(v["sms"]["required"], true);
    let verifiers = v["sms"]["verifiers"].as_array().unwrap();
    assert_eq!(verifiers.len(), 1, "one phone, one code: {v}");
    assert_eq!(verifiers[0]["role"], "subject_principal");
    assert_eq!(verifiers[0]["roles"], json!(["subject_principal", "website_principal"]));
    assert_eq!(verifiers[0]["phone"], "13800000000");
    assert_eq!(verifiers[0]["last6"], id[12..]);
    let materials: Vec<(&str, bool)> = v["materials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["code"].as_str().unwrap(), m["required"].as_bool().unwrap()))
        .collect();
    assert!(materials.contains(&("subject_certificate", true)), "{materials:?}");
    assert!(!materials.iter().any(|(c, _)| *c == "subject_principal_certificate"));
    let e = &v["expected"];
    assert_eq!(e["submitted"], "2024-09-27");
    assert_eq!(e["first_review_by"], "2024-09-29");
    assert_eq!(e["to_bureau_by"], "2024-09-30");
    assert_eq!(e["bureau_earliest"], "2024-10-10");
    assert_eq!(e["bureau_latest"], "2024-11-01");
    assert_eq!(e["order_expires"], "2024-11-10");
    assert_eq!(e["estimated"], false);
}

#[test]
fn plan_personal_first_filing_in_zhejiang_two_phones() {
    let id = resident_id("33010619900101123");
    let zhang = person("张三", "resident_id", &id, "13800000000");
    // Personal filings name the same person as website principal (guide §3), here with another phone.
    let zhang_site = person("张三", "resident_id", &id, "13900000000");
    let v = plan_json(&personal_filing("浙江省", "杭州市", zhang, zhang_site));
    assert_plan_shape(&v);
    let verifiers = v["sms"]["verifiers"].as_array().unwrap();
    assert_eq!(verifiers.len(), 2, "two phones, two codes: {v}");
    assert_eq!(verifiers[0]["role"], "subject_principal");
    assert_eq!(verifiers[0]["phone"], "13800000000");
    assert_eq!(verifiers[1]["role"], "website_principal");
    assert_eq!(verifiers[1]["phone"], "13900000000");
    assert_eq!(verifiers[0]["last6"], verifiers[1]["last6"]);
}

#[test]
fn plan_hk_macau_pass_in_zhejiang_and_guangdong() {
    let mut chan = person("陈大文", "hk_macau_pass", "H12345678", "13800000000");
    // A Hong Kong identity card number with a valid check digit: A123456(3).
    chan["hk_macau_id"] = json!("A123456(3)");
    let zhejiang = plan_json(&personal_filing("浙江省", "杭州市", chan.clone(), Value::Null));
    assert_plan_shape(&zhejiang);
    assert_eq!(zhejiang["sms"]["verifiers"][0]["last6"], "456（3）");
    let guangdong = plan_json(&personal_filing("广东省", "深圳市", chan.clone(), Value::Null));
    assert_eq!(guangdong["sms"]["verifiers"][0]["last6"], "345678");
    // 广东 from 2021-06-21: the 承诺书.
    assert!(
        guangdong["materials"].as_array().unwrap().iter().any(|m| m["code"] == "guangdong_commitment"),
        "{}",
        guangdong["materials"]
    );
    // In 浙江 without the ID on the back the six characters are unknown, and the plan says why.
    chan.as_object_mut().unwrap().remove("hk_macau_id");
    let missing = plan_json(&personal_filing("浙江省", "杭州市", chan, Value::Null));
    assert!(missing["sms"]["verifiers"][0]["last6"].is_null());
    assert_eq!(missing["sms"]["problems"][0]["field"], "subject.principal.hk_macau_id");
}

#[test]
fn plan_text_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let id = resident_id("33010619900101123");
    let file = dir.path().join("filing.json");
    std::fs::write(
        &file,
        personal_filing("浙江省", "杭州市", person("张三", "resident_id", &id, "13800000000"), Value::Null),
    )
    .unwrap();
    let o = beian(dir.path(), &["plan", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("备案类型：首次备案"), "{text}");
    assert!(text.contains("13800000000"), "{text}");
    assert!(text.contains("2024-11-10"), "{text}");

    let missing = beian(dir.path(), &["plan", "--json", "/no/such/file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::write(&file, "not json").unwrap();
    assert_eq!(beian(dir.path(), &["plan", file.to_str().unwrap()]).status.code(), Some(2));
    std::fs::write(&file, r#"{"format":"something/9"}"#).unwrap();
    assert_eq!(beian(dir.path(), &["plan", "--json", file.to_str().unwrap()]).status.code(), Some(2));
}
