//! Spreadsheets end to end, through the use cases: the template's sheets and lists, a filled
//! template read into exactly the documents the JSON format would give, the rulebook's findings at
//! their cells, the round trip template → filled → import → export (full and masked) → read back
//! with calamine, and a workbook re-saved by LibreOffice Calc read the same (never skipped in CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sheet_support;

use std::io::Cursor;

use beian_core::{AppPlatformKind, ServiceType};
use beian_store::{ListQuery, Store};
use beian_usecases::sheet;
use calamine::{Data, Reader, SheetVisible, Xlsx};
use sheet_support::*;

fn now() -> jiff::Timestamp {
    "2026-11-20T02:00:00Z".parse().unwrap()
}

#[test]
fn the_template_has_its_sheets_lists_and_formats() {
    let bytes = sheet::template_xlsx().unwrap();
    let x: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let sheets: Vec<(String, SheetVisible)> = x.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible)).collect();
    assert_eq!(
        sheets,
        [
            ("说明".to_owned(), SheetVisible::Visible),
            ("主体".to_owned(), SheetVisible::Visible),
            ("服务".to_owned(), SheetVisible::Visible),
            ("代码表".to_owned(), SheetVisible::Hidden),
        ]
    );
    let subjects = headers("主体");
    assert_eq!(subjects[0], "序号");
    for h in ["主办单位性质", "主办单位证件号码", "省份", "城市", "区县", "联系方式1（手机）", "检查日期"]
    {
        assert!(subjects.iter().any(|x| x == h), "主体 lacks {h}: {subjects:?}");
    }
    let services = headers("服务");
    assert_eq!(services[0], "主体序号");
    // The code lists hold the model's own labels, and the GB/T 2260 cascade.
    let codes = cells(&bytes, "代码表");
    let column = |title: &str| -> Vec<String> {
        let c = codes[0]
            .iter()
            .position(|d| matches!(d, Data::String(t) if t == title))
            .unwrap_or_else(|| panic!("代码表 lacks {title}"));
        codes[1..].iter().map(|r| r[c].to_string()).filter(|s| !s.is_empty()).collect()
    };
    assert_eq!(column("主办单位性质"), beian_core::Nature::ALL.map(|n| n.label_zh().to_owned()));
    assert_eq!(column("服务类型"), ServiceType::ALL.map(|t| t.label_zh().to_owned()));
    assert!(column("证件类型").contains(&"居民身份证".to_owned()));
    assert!(column("小程序平台").contains(&"微信".to_owned()));
    assert_eq!(column("省份").len(), beian_core::regions::provinces().len());
    assert!(column("城市").contains(&"杭州市".to_owned()));
    assert!(column("区县").contains(&"西湖区".to_owned()));
    // The cascade's names and the drop-down lists and text formats are in the sheets' XML.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    assert!(workbook.contains("城市_浙江省") && workbook.contains("区县_浙江省杭州市"), "named blocks");
    let styles = read("xl/styles.xml");
    assert!(styles.contains("formatCode=\"@\"") || styles.contains("numFmtId=\"49\""), "text format");
    assert!(styles.contains("yyyy-mm-dd"), "date format");
    let subjects_xml = read("xl/worksheets/sheet2.xml");
    assert!(subjects_xml.contains("INDIRECT"), "the city list follows the province");
    assert!(subjects_xml.contains("dataValidation"), "drop-down lists");
    // 说明 says what to fill and that numbers stay text.
    let intro: String = cells(&sheet::template_xlsx().unwrap(), "说明")
        .iter()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("\n");
    for words in ["必填", "文本格式", "1.1E+17", "主体序号", "不要合并单元格", "2000"] {
        assert!(intro.contains(words), "说明 lacks {words}");
    }
}

#[test]
fn a_filled_template_reads_as_the_json_format_would() {
    let mut services = vec![sample_service()];
    services.extend(company_services());
    let bytes = workbook(&[sample_subject(), company_subject()], &services);
    let intake = sheet::read_intake(&bytes, today()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(intake.filings.len(), 2);
    let person = &intake.filings[0];
    assert_eq!(person.document, sample_document(), "the sample's row is the sample's document");
    assert_eq!((person.subject_row, person.service_rows.clone()), (2, vec![2]));

    let company = &intake.filings[1].document;
    assert_eq!(company.subject.principal.phone2.as_deref(), Some("010-88886666"), "the leading 0 survives");
    assert_eq!(company.provider, "tencent");
    assert_eq!(company.provider_account.as_deref(), Some("yunfan-ops"));
    assert_eq!(company.websites.len(), 2);
    let app = &company.websites[0];
    assert_eq!(app.service_type, ServiceType::App);
    assert_eq!(app.domains, ["api.yunfan.com.cn", "cdn.yunfan.com.cn"]);
    let platforms: Vec<(AppPlatformKind, &str)> =
        app.app.as_ref().unwrap().platforms.iter().map(|p| (p.platform, p.package.as_str())).collect();
    assert_eq!(
        platforms,
        [(AppPlatformKind::Android, "com.yunfan.ledger"), (AppPlatformKind::Ios, "com.yunfan.ledger")]
    );
    assert_eq!(app.principal.as_ref().unwrap().name, "王五");
    let mp = &company.websites[1];
    assert_eq!(
        mp.mini_program.as_ref().map(|m| (m.platform.as_str(), m.app_id.as_str())),
        Some(("wechat", "wx0123456789abcdef"))
    );
    assert_eq!(intake.filings[1].service_rows, [3, 4]);
}

#[test]
fn rule_findings_are_shown_at_their_cells() {
    let mut subject = sample_subject();
    // A wrong check character in the principal's ID number, and no e-mail.
    for (h, v) in &mut subject {
        if *h == "负责人证件号码" {
            *v = s("330106199001011230");
        }
    }
    subject.retain(|(h, _)| *h != "电子邮件");
    let mut app = company_services().remove(0);
    app[0] = ("主体序号", s("1"));
    app.retain(|(h, _)| !h.starts_with("服务负责人"));
    let bytes = workbook(&[subject], &[sample_service(), app]);
    let intake = sheet::read_intake(&bytes, today()).unwrap_or_else(|e| panic!("{e}"));
    let diags = intake.diagnostics();
    let at = |field: &str| {
        diags
            .iter()
            .find(|d| d.diagnostic.field == field && d.diagnostic.is_error())
            .unwrap_or_else(|| {
                panic!("no error at {field}: {:#?}", diags.iter().map(|d| d.to_string()).collect::<Vec<_>>())
            })
            .at
            .clone()
    };
    let id = at("subject.principal.cert_number");
    assert_eq!(id.sheet.as_deref(), Some("主体"));
    assert_eq!(id.row, Some(2));
    assert_eq!(id.header.as_deref(), Some("负责人证件号码"));
    let column = headers("主体").iter().position(|h| h == "负责人证件号码").unwrap() as u32;
    assert_eq!(id.cell, Some(sheet::cell_name(1, column)));
    let email = at("subject.principal.email");
    assert_eq!(email.header.as_deref(), Some("电子邮件"));
    assert!(intake.error_count() >= 2);
    // A finding of the second service is in its own row of 服务.
    let second: Vec<_> = diags.iter().filter(|d| d.diagnostic.field.starts_with("websites[1]")).collect();
    assert!(!second.is_empty());
    assert!(second.iter().all(|d| d.at.sheet.as_deref() == Some("服务") && d.at.row == Some(3)), "{second:?}");
    // Every line reads 表!格（列）：严重程度：…
    for d in &diags {
        let line = d.to_string();
        assert!(line.starts_with("主体!") || line.starts_with("服务!"), "{line}");
    }
}

#[test]
fn template_filled_imported_and_exported_gives_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut services = vec![sample_service()];
    services.extend(company_services());
    let bytes = workbook(&[sample_subject(), company_subject()], &services);
    let mut intake = sheet::read_intake(&bytes, today()).unwrap();
    sheet::check_intake(&store, &mut intake, now()).unwrap();
    let ids = sheet::import_intake(&mut store, std::slice::from_ref(&intake), now()).unwrap();
    assert_eq!(ids.len(), 2);
    for (id, f) in ids.iter().zip(&intake.filings) {
        // The store keeps documents normalised (phones without separators …), as it keeps a JSON import.
        let mut read = f.document.clone();
        beian_core::rules::normalize_document(&mut read);
        assert_eq!(store.get_filing(*id).unwrap().document, read, "stored as read");
    }
    assert!(store.audit_entries(None, 100).unwrap().is_empty());

    let full = sheet::export_xlsx(&mut store, &ListQuery::default(), true, "cli", now()).unwrap();
    assert_eq!((full.filings, full.rows), (2, 3));
    let audit = store.audit_entries(None, 100).unwrap();
    assert_eq!(audit.len(), 2, "a full export is audited, one entry per filing");
    assert!(audit.iter().all(|e| e.action == "export_full"));

    let rows = cells(&full.bytes, "备案列表");
    let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h}: {head:?}"));
    let value = |r: &[Data], h: &str| r[col(h)].to_string();
    let by_name = |name: &str| rows[1..].iter().filter(|r| value(r, "服务名称") == name).collect::<Vec<_>>();
    let site = by_name("山水旅行摄影随笔");
    assert_eq!(site.len(), 1);
    let site = site[0];
    for (h, want) in [
        ("状态", "草稿"),
        ("接入商", "阿里云"),
        ("主办单位名称", "张三"),
        ("主办单位证件类型", "居民身份证"),
        ("主办单位证件号码", ID),
        ("省份", "浙江省"),
        ("城市", "杭州市"),
        ("服务类型", "网站"),
        ("服务域名", "example.com"),
        ("服务负责人姓名", "张三"),
        ("服务负责人手机", PHONE),
    ] {
        assert_eq!(value(site, h), want, "{h}");
    }
    assert!(value(site, "备案订单号").starts_with("BA2026"));
    // The latest status change (the import) as a real date, 2026-11-20 in China.
    match &site[col("最近状态变更")] {
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, m, day), (2026, 11, 20));
        }
        other => panic!("not a date: {other:?}"),
    }
    assert_eq!(site[col("首次提交日期")], Data::Empty, "a draft was never submitted");
    let app = by_name("云帆记账")[0];
    assert_eq!(value(app, "服务域名"), "api.yunfan.com.cn、cdn.yunfan.com.cn");
    assert_eq!(value(app, "服务负责人姓名"), "王五", "the service's own principal");
    assert_eq!(value(app, "服务负责人手机"), "13500000000");
    assert_eq!(value(app, "接入商"), "腾讯云");
    assert_eq!(value(app, "接入商账号"), "yunfan-ops");
    let mp = by_name("云帆记账助手")[0];
    assert_eq!(value(mp, "服务负责人姓名"), "李四", "no principal of its own: the subject's");
    assert_eq!(value(mp, "服务类型"), "小程序");

    // The masked export: no number or phone in full anywhere in the workbook, nothing audited.
    let masked = sheet::export_xlsx(&mut store, &ListQuery::default(), false, "cli", now()).unwrap();
    assert_eq!(store.audit_entries(None, 100).unwrap().len(), 2);
    let all: String = cells(&masked.bytes, "备案列表").iter().flatten().map(|c| c.to_string()).collect();
    assert!(!all.contains(ID) && !all.contains(PHONE) && !all.contains("13500000000"), "masked");
    assert!(all.contains("330106********123X") && all.contains("138****0000"), "{all}");

    // The filter: the province, the search.
    let q = ListQuery { province: Some("北京市".into()), ..ListQuery::default() };
    let beijing = sheet::export_xlsx(&mut store, &q, false, "cli", now()).unwrap();
    assert_eq!((beijing.filings, beijing.rows), (1, 2));
    let q = ListQuery { search: Some("example.com".into()), ..ListQuery::default() };
    assert_eq!(sheet::export_xlsx(&mut store, &q, false, "cli", now()).unwrap().filings, 1);
    let q = ListQuery { status: Some(beian_core::status::FilingStatus::Approved), ..ListQuery::default() };
    let none = sheet::export_xlsx(&mut store, &q, false, "cli", now()).unwrap();
    assert_eq!((none.filings, none.rows), (0, 0));
}

/// The list is paged by 1000: an export of more filings than a page has every one of them.
#[test]
fn an_export_pages_through_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let docs: Vec<_> =
        (0..1203).map(|i| beian_core::FilingDocument::draft(&format!("客户{i}"), &format!("c{i}.cn"))).collect();
    store.create_filings(&docs, now(), "imported").unwrap();
    let out = sheet::export_xlsx(&mut store, &ListQuery::default(), false, "cli", now()).unwrap();
    assert_eq!((out.filings, out.rows), (1203, 1203));
    let rows = cells(&out.bytes, "备案列表");
    let names: std::collections::BTreeSet<String> = rows[1..].iter().map(|r| r[4].to_string()).collect();
    assert_eq!(names.len(), 1203);
}

/// LibreOffice Calc: a workbook it re-saves reads as the one it was given. In CI (`CI=true`) a
/// missing `soffice` fails the test; elsewhere the test says why it is skipped.
#[test]
fn a_workbook_resaved_by_libreoffice_reads_the_same() {
    let Some(soffice) = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("soffice is missing in CI: scripts/setup.sh installs libreoffice-calc-nogui");
        }
        println!("skipped: soffice (libreoffice-calc-nogui) is not installed; run scripts/setup.sh");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut services = vec![sample_service()];
    services.extend(company_services());
    let bytes = workbook(&[sample_subject(), company_subject()], &services);
    let original = sheet::read_intake(&bytes, today()).unwrap();
    let convert = |name: &str, data: &[u8], to: &str| -> Vec<u8> {
        let input = dir.path().join(name);
        std::fs::write(&input, data).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
        let o = std::process::Command::new(soffice)
            .args([&profile, "--headless", "--norestore", "--convert-to", to, "--outdir"])
            .arg(&out)
            .arg(&input)
            .output()
            .unwrap();
        assert!(o.status.success(), "soffice: {}", String::from_utf8_lossy(&o.stderr));
        let stem = std::path::Path::new(name).file_stem().unwrap().to_string_lossy().into_owned();
        let ext = to.split(':').next().unwrap();
        std::fs::read(out.join(format!("{stem}.{ext}")))
            .unwrap_or_else(|e| panic!("soffice wrote nothing: {e}; {}", String::from_utf8_lossy(&o.stdout)))
    };
    let resaved = convert("filled.xlsx", &bytes, "xlsx:Calc MS Excel 2007 XML");
    let again = sheet::read_intake(&resaved, today()).unwrap_or_else(|e| panic!("LibreOffice's workbook: {e}"));
    let docs = |i: &sheet::Intake| i.filings.iter().map(|f| f.document.clone()).collect::<Vec<_>>();
    assert_eq!(docs(&again), docs(&original));
    // Through OpenDocument and back, as a client on LibreOffice would save it.
    let ods = convert("filled2.xlsx", &bytes, "ods");
    let back = convert("filled2.ods", &ods, "xlsx:Calc MS Excel 2007 XML");
    let back = sheet::read_intake(&back, today()).unwrap_or_else(|e| panic!("via .ods: {e}"));
    assert_eq!(docs(&back), docs(&original));
    // The .ods itself is named for what it is.
    let e = sheet::read_intake(&ods, today()).unwrap_err();
    assert!(e.to_string().contains("OpenDocument"), "{e}");
    // The template too survives LibreOffice: its headers are still the template's.
    let template = convert("template.xlsx", &sheet::template_xlsx().unwrap(), "xlsx:Calc MS Excel 2007 XML");
    let e = sheet::read_intake(&template, today()).unwrap_err();
    assert!(e.to_string().contains("没有要导入的主体"), "only the data is missing: {e}");
}
