//! Providers on the command line: `plan --json` names the filing's provider and where its check
//! is done (from its profile), `list --provider/--account` filters by them, and an unknown
//! provider is refused by name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beian")).arg("--data-dir").arg(data).args(args).output().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn plan_names_the_provider_and_list_filters_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let write = |name: &str, provider: &str, account: &str, domain: &str| {
        let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
        v["provider"] = provider.into();
        v["provider_account"] = account.into();
        v["websites"][0]["domains"] = serde_json::json!([domain]);
        let path = dir.path().join(name);
        std::fs::write(&path, v.to_string()).unwrap();
        path
    };
    let ali = write("ali.json", "aliyun", "ops-hz", "shanshui.cn");
    let tc = write("tc.json", "tencent", "100012345678", "shanshui-photo.cn");
    for (file, code) in [(&ali, "aliyun"), (&tc, "tencent")] {
        let plan = json(&run(&data, &["plan", "--json", file.to_str().unwrap()]));
        let p = beian_core::providers::profile(code).unwrap();
        assert_eq!(plan["provider"]["code"], code);
        assert_eq!(plan["provider"]["name"], p.meta.name_zh.as_str());
        assert_eq!(plan["provider"]["code_label"], p.code.label_zh.as_str());
        assert_eq!(plan["provider"]["check_where"], serde_json::to_value(&p.authenticity.where_zh).unwrap());
        assert_eq!(plan["provider"]["validity_days"], p.validity_days());
    }
    let o = run(&data, &["import", ali.to_str().unwrap(), tc.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let orders = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        let v = json(&run(&data, &all));
        v["items"].as_array().unwrap().iter().map(|i| i["provider"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(orders(&[]).len(), 2);
    assert_eq!(orders(&["--provider", "tencent"]), ["tencent"]);
    assert_eq!(orders(&["--provider", "aliyun", "--account", "ops-hz"]), ["aliyun"]);
    assert_eq!(orders(&["--search", "100012345678"]), ["tencent"]);
    let v = json(&run(&data, &["list", "--json"]));
    assert_eq!(v["provider_counts"].as_array().unwrap().len(), 2, "{v}");
    let o = run(&data, &["list", "--provider", "aws"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("未知接入商 aws"), "{}", String::from_utf8_lossy(&o.stderr));
}
