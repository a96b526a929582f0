//! `beian template --xlsx`, `beian export --xlsx` and `beian import FILE.xlsx` as a user runs them:
//! exit codes, messages, what lands in the store and the audit trail, and what the workbook holds
//! (masked unless --full). The reading of filled workbooks is tested on the use case
//! (`beian-usecases/tests/sheet*.rs`); here the verbs around it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::Path;

mod common;
use common::{beian, stderr, stdout};

const SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");
const ID: &str = "33010619900101123X";
const PHONE: &str = "13800000000";

fn count(dir: &Path) -> u64 {
    let o = beian(dir, &["list", "--json"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["total"].as_u64().unwrap()
}

fn audit_rows(dir: &Path) -> usize {
    let store = beian_store::Store::open(dir).unwrap();
    store.audit_entries(None, 100).unwrap().len()
}

/// The text of every string cell of a workbook (rust_xlsxwriter keeps them in the shared strings).
fn strings(file: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

#[test]
fn template_export_and_import_of_workbooks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();

    // The template, written atomically: the file and nothing else.
    let t = path(dir, "模板.xlsx");
    let o = beian(dir, &["template", "--xlsx", &t], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("导入模板"));
    let names: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    assert!(strings(Path::new(&t)).contains("主办单位名称"));
    // The empty template: nothing to import, exit 2, nothing stored.
    let o = beian(dir, &["import", &t], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("主体") && stderr(&o).contains("没有要导入的主体"), "{}", stderr(&o));
    assert_eq!(count(dir), 0);

    // One filing, through the JSON import.
    let json = path(dir, "a.json");
    std::fs::write(&json, SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")).unwrap();
    assert_eq!(beian(dir, &["import", &json], None).status.code(), Some(0));

    // Masked by default, nothing audited.
    let masked = path(dir, "masked.xlsx");
    let o = beian(dir, &["export", "--xlsx", &masked], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导出 1 个备案（1 行）"), "{}", stdout(&o));
    let text = strings(Path::new(&masked));
    assert!(!text.contains(ID) && !text.contains(PHONE), "masked workbook shows personal data");
    assert!(text.contains("330106********123X") && text.contains("草稿") && text.contains("山水旅行摄影随笔"));
    assert_eq!(audit_rows(dir), 0);

    // Full: recorded in the audit trail, the numbers as stored.
    let full = path(dir, "full.xlsx");
    let o = beian(dir, &["export", "--xlsx", &full, "--full"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(strings(Path::new(&full)).contains(ID));
    assert_eq!(audit_rows(dir), 1);

    // A full export to where nothing can be written: refused before it is recorded.
    let o = beian(dir, &["export", "--xlsx", "/proc/forbidden.xlsx", "--full"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("无法写入"), "{}", stderr(&o));
    assert_eq!(audit_rows(dir), 1);
    let o = beian(dir, &["template", "--xlsx", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("文件夹"), "{}", stderr(&o));

    // Filters.
    let o = beian(dir, &["export", "--xlsx", &path(dir, "none.xlsx"), "--status", "approved"], None);
    assert!(stdout(&o).contains("已导出 0 个备案"), "{}", stdout(&o));
    let o =
        beian(dir, &["export", "--xlsx", &path(dir, "zj.xlsx"), "--province", "浙江省", "--search", "example"], None);
    assert!(stdout(&o).contains("已导出 1 个备案"), "{}", stdout(&o));
    let o = beian(dir, &["export", "--xlsx", &path(dir, "x.xlsx"), "--status", "alien"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未知状态"));
    let o = beian(dir, &["export", "--status", "draft"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--xlsx"), "{}", stderr(&o));
    // Without --xlsx, export is the JSON export it was.
    let o = beian(dir, &["export"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&o)).is_ok());

    // Workbooks that are not the intake template, named for what they are; nothing stored.
    let o = beian(dir, &["import", &masked], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("工作表“备案列表”") && err.contains("缺少“主体”工作表"), "{err}");
    let csv = path(dir, "clients.csv");
    std::fs::write(&csv, "序号,主办单位名称\n1,张三\n").unwrap();
    let o = beian(dir, &["import", &csv], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("CSV"), "{}", stderr(&o));
    let o = beian(dir, &["import", &json, &t], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("分开导入"), "{}", stderr(&o));
    // A workbook named .json is still read as a workbook (by its first bytes).
    let disguised = path(dir, "disguised.json");
    std::fs::copy(&t, &disguised).unwrap();
    let o = beian(dir, &["import", &disguised], None);
    assert!(stderr(&o).contains("没有要导入的主体"), "{}", stderr(&o));
    assert_eq!(count(dir), 1, "no failed import stored anything");
}
