//! Bad workbooks: each refused with a Chinese message at its cell (or at the file), nothing read.
//! Not a workbook (random bytes, a CSV, a zip of something else), encrypted or `.xls`, extra and
//! missing sheets, merged cells, formulas, too many rows, a zip bomb (declared and lying), a date
//! typed as text, an ID number Excel turned into 1.1E+17, an unknown drop-down label, a service
//! naming a missing subject; and a property test: random bytes and corrupted workbooks never make
//! the reader panic, and every problem names a sheet, a cell or the file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sheet_support;

use std::io::{Cursor, Read, Write};

use beian_usecases::sheet::{self, Problem, SheetErrors};
use proptest::prelude::*;
use sheet_support::*;

fn refused(bytes: &[u8]) -> SheetErrors {
    match sheet::read_intake(bytes, today()) {
        Ok(i) => panic!("read {} filings from a bad workbook", i.filings.len()),
        Err(e) => {
            assert!(!e.problems.is_empty());
            for p in &e.problems {
                assert_named(p);
            }
            e
        }
    }
}

/// Every problem says where it is and what to do, in Chinese.
#[track_caller]
fn assert_named(p: &Problem) {
    let line = p.to_string();
    assert!(
        line.starts_with("文件：") || line.starts_with("工作表“") || line.contains('!'),
        "not named by sheet, cell or file: {line}"
    );
    assert!(p.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "not Chinese: {line}");
    assert!(!line.contains(ID) && !line.contains(PHONE), "personal data in a message: {line}");
}

/// The one problem of a workbook with exactly one.
#[track_caller]
fn only(e: &SheetErrors) -> &Problem {
    assert_eq!(e.problems.len(), 1, "{e}");
    &e.problems[0]
}

fn with(subject: impl FnOnce(&mut Row), service: impl FnOnce(&mut Row)) -> Vec<u8> {
    let mut a = sample_subject();
    subject(&mut a);
    let mut b = sample_service();
    service(&mut b);
    workbook(&[a], &[b])
}

fn set(row: &mut Row, header: &'static str, v: V) {
    row.retain(|(h, _)| *h != header);
    row.push((header, v));
}

/// The header of a problem's column, and its cell.
fn cell_of(p: &Problem) -> (Option<&str>, Option<&str>, Option<&str>) {
    (p.at.sheet.as_deref(), p.at.cell.as_deref(), p.at.header.as_deref())
}

#[test]
fn files_that_are_not_workbooks_are_named_for_what_they_are() {
    let e = refused(&[0xA5u8; 5000]);
    assert!(only(&e).at.sheet.is_none() && only(&e).message.contains("不是 Excel 工作簿"), "{e}");

    let e = refused("序号,主办单位名称\n1,张三\n".as_bytes());
    assert!(only(&e).message.contains("CSV"), "{e}");

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(b"not a workbook").unwrap();
    let e = refused(&zip.finish().unwrap().into_inner());
    assert!(only(&e).message.contains("zip 压缩包，但不是 Excel 工作簿"), "{e}");

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let e = refused(&ole);
    let m = &only(&e).message;
    assert!(m.contains("加密") && m.contains(".xls") && m.contains("清空密码"), "{e}");

    let e = refused(b"");
    assert!(only(&e).message.contains("空"), "{e}");
    let e = refused(&vec![0u8; sheet::MAX_WORKBOOK_BYTES + 1]);
    assert!(only(&e).message.contains("过大"), "{e}");
    // A truncated workbook.
    let good = workbook(&[sample_subject()], &[sample_service()]);
    let e = refused(&good[..good.len() / 2]);
    assert!(only(&e).message.contains("损坏"), "{e}");
}

#[test]
fn extra_and_missing_sheets() {
    let extra = workbook_with(&[sample_subject()], &[sample_service()], |wb| {
        wb.add_worksheet().set_name("Sheet1").unwrap();
    });
    let e = refused(&extra);
    assert_eq!(only(&e).at.sheet.as_deref(), Some("Sheet1"), "{e}");
    assert!(only(&e).message.contains("模板以外的工作表"), "{e}");

    let mut wb = rust_xlsxwriter::Workbook::new();
    fill_sheet(wb.add_worksheet(), "主体", &[sample_subject()]);
    let e = refused(&wb.save_to_buffer().unwrap());
    assert!(only(&e).at.sheet.is_none() && only(&e).message.contains("缺少“服务”工作表"), "{e}");

    // A renamed header, a deleted required column.
    let mut wb = rust_xlsxwriter::Workbook::new();
    fill_sheet(wb.add_worksheet(), "主体", &[sample_subject()]);
    let ws = wb.add_worksheet();
    fill_sheet(ws, "服务", &[sample_service()]);
    ws.write_string(0, 2, "网站的名字").unwrap();
    let e = refused(&wb.save_to_buffer().unwrap());
    let lines = e.to_string();
    assert!(lines.contains("服务!C1：表头不是模板中的列名"), "{lines}");
    assert!(lines.contains("服务!第1行：缺少“服务名称”列"), "{lines}");
}

#[test]
fn merged_cells_and_formulas_are_refused_at_their_cells() {
    let merged = workbook_with(&[sample_subject()], &[sample_service()], |wb| {
        let ws = wb.worksheet_from_name("服务").unwrap();
        ws.merge_range(3, 1, 4, 2, "", &rust_xlsxwriter::Format::new()).unwrap();
    });
    let e = refused(&merged);
    assert_eq!(cell_of(only(&e)), (Some("服务"), Some("B4:C5"), None), "{e}");
    assert!(only(&e).message.contains("合并"), "{e}");

    let formula = with(|s| set(s, "主办单位名称", V::Formula("=\"张\"&\"三\"".into())), |_| {});
    let e = refused(&formula);
    let (sheet, cell, header) = cell_of(only(&e));
    assert_eq!((sheet, header), (Some("主体"), Some("主办单位名称")), "{e}");
    assert_eq!(cell, Some("C2"));
    assert!(only(&e).message.contains("公式"), "{e}");
}

#[test]
fn too_many_rows_are_refused_naming_the_cap() {
    let started = std::time::Instant::now();
    let mut wb = rust_xlsxwriter::Workbook::new();
    fill_sheet(wb.add_worksheet(), "主体", &[sample_subject()]);
    let ws = wb.add_worksheet();
    fill_sheet(ws, "服务", &[]);
    for r in 1..=100_000u32 {
        ws.write_string(r, 0, "1").unwrap();
        ws.write_string(r, 1, "网站").unwrap();
        ws.write_string(r, 2, "山水旅行摄影随笔").unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let e = refused(&bytes);
    let p = only(&e);
    assert_eq!((p.at.sheet.as_deref(), p.at.row), (Some("服务"), Some(sheet::MAX_ROWS + 2)), "{e}");
    assert!(p.message.contains(&sheet::MAX_ROWS.to_string()), "{e}");
    assert!(started.elapsed().as_secs() < 60);
}

/// A zip whose entries inflate to more than the limit, honestly declared; and one whose entry
/// declares a small size and inflates to more.
#[test]
fn zip_bombs_are_refused_before_calamine_reads_them() {
    let good = workbook(&[sample_subject()], &[sample_service()]);
    let mut src = zip::ZipArchive::new(Cursor::new(good.clone())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    out.start_file("xl/media/zeros.bin", opts.large_file(true)).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..(sheet::MAX_INFLATED_BYTES >> 20) + 1 {
        out.write_all(&block).unwrap();
    }
    let bomb = out.finish().unwrap().into_inner();
    assert!(bomb.len() < sheet::MAX_WORKBOOK_BYTES);
    let e = refused(&bomb);
    assert!(only(&e).at.sheet.is_none() && only(&e).message.contains("超过上限"), "{e}");

    // One entry of 1 MiB that says it holds 1,000 bytes (local header and central directory).
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file("xl/workbook.xml", opts).unwrap();
    out.write_all(&block).unwrap();
    let mut lying = out.finish().unwrap().into_inner();
    let set_size = |bytes: &mut Vec<u8>, at: usize| bytes[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
    set_size(&mut lying, 22);
    let central = lying.windows(4).position(|w| w == [b'P', b'K', 1, 2]).unwrap();
    set_size(&mut lying, central + 24);
    let e = refused(&lying);
    assert!(only(&e).at.sheet.is_none(), "{e}");
    let m = &only(&e).message;
    assert!(m.contains("压缩炸弹") || m.contains("损坏"), "{e}");
}

#[test]
fn cells_that_cannot_say_what_the_client_meant() {
    // A date typed as text.
    let e = refused(&with(|s| set(s, "检查日期", s_("2026年11月20日")), |_| {}));
    assert_eq!(cell_of(only(&e)).2, Some("检查日期"), "{e}");
    assert!(only(&e).message.contains("日期写成了文字"), "{e}");
    // An ID number Excel turned into a number (1.1E+17): the digits are lost.
    let e = refused(&with(|s| set(s, "主办单位证件号码", V::N(330106199001011230.0)), |_| {}));
    assert_eq!(cell_of(only(&e)), (Some("主体"), Some("E2"), Some("主办单位证件号码")), "{e}");
    assert!(only(&e).message.contains("15 位") && only(&e).message.contains("文本格式"), "{e}");
    // A short number in a text column: its leading zeros may be gone.
    let e = refused(&with(|s| set(s, "联系方式2", V::N(57188886666.0)), |_| {}));
    assert!(only(&e).message.contains("开头的 0"), "{e}");
    // A mobile number typed as a number loses nothing: read as its digits.
    let ok = with(|s| set(s, "应急联系电话", V::N(13900000000.0)), |_| {});
    let intake = sheet::read_intake(&ok, today()).unwrap();
    assert_eq!(intake.filings[0].document.subject.principal.emergency_phone, "13900000000");
    // An unknown drop-down label, named with its column and the choices.
    let e = refused(&with(|s| set(s, "主办单位性质", s_("外星人")), |_| {}));
    assert_eq!(cell_of(only(&e)), (Some("主体"), Some("B2"), Some("主办单位性质")), "{e}");
    assert!(only(&e).message.contains("外星人") && only(&e).message.contains("企业"), "{e}");
    // A service naming a subject that is not there.
    let e = refused(&with(|_| {}, |w| set(w, "主体序号", s_("9"))));
    assert_eq!(cell_of(only(&e)), (Some("服务"), Some("A2"), Some("主体序号")), "{e}");
    assert!(only(&e).message.contains("没有序号为“9”的主体"), "{e}");
    // A duplicate 序号, a logical value, an error value.
    let e = refused(&workbook(&[sample_subject(), sample_subject()], &[sample_service()]));
    assert!(only(&e).to_string().starts_with("主体!A3（序号）：序号“1”与第 2 行重复"), "{e}");
    let e = refused(&with(|s| set(s, "主办单位名称", V::Bool(true)), |_| {}));
    assert!(only(&e).message.contains("逻辑值"), "{e}");
    // An app's column on a website's row.
    let e = refused(&with(|_| {}, |w| set(w, "安卓（Android）·包名 / Bundle ID", s_("com.a.b"))));
    assert!(only(&e).message.contains("只适用于APP"), "{e}");
    // Every problem at once, in sheet and row order.
    let many = with(
        |s| {
            set(s, "主办单位性质", s_("外星人"));
            set(s, "检查日期", s_("明天"));
        },
        |w| set(w, "主体序号", s_("7")),
    );
    let e = refused(&many);
    let places: Vec<String> = e.problems.iter().map(|p| p.at.to_string()).collect();
    assert_eq!(places.len(), 3, "{e}");
    assert!(places[0].starts_with("主体!B2") && places[2].starts_with("服务!A2"), "{places:?}");
}

fn s_(v: &str) -> V {
    s(v)
}

/// The entries of a valid workbook, to corrupt one of them and zip them again.
fn entries() -> &'static Vec<(String, Vec<u8>)> {
    static ENTRIES: std::sync::LazyLock<Vec<(String, Vec<u8>)>> = std::sync::LazyLock::new(|| {
        let mut services = vec![sample_service()];
        services.extend(company_services());
        let good = workbook(&[sample_subject(), company_subject()], &services);
        let mut z = zip::ZipArchive::new(Cursor::new(good)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().into_owned(), data)
            })
            .collect()
    });
    &ENTRIES
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn check(bytes: &[u8]) {
    if let Err(e) = sheet::read_intake(bytes, today()) {
        assert!(!e.problems.is_empty());
        for p in &e.problems {
            let line = p.to_string();
            assert!(
                line.starts_with("文件：") || line.starts_with("工作表“") || line.contains('!'),
                "not named by sheet, cell or file: {line}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check(&bytes);
    }

    #[test]
    fn a_workbook_with_random_bytes_changed_never_panics(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = rezip(entries());
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len()));
        }
        check(&bytes);
    }

    /// The XML inside corrupted (so that the zip is sound and calamine parses the damage).
    #[test]
    fn a_workbook_with_its_xml_corrupted_never_panics(
        entry in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..12),
    ) {
        let mut all = entries().clone();
        let e = entry.index(all.len());
        let data = &mut all[e].1;
        for (at, op, b) in edits {
            if data.is_empty() {
                break;
            }
            let i = at.index(data.len());
            match op {
                0 => data[i] = b,
                1 => { data.remove(i); }
                2 => data.insert(i, b"<>\"&=0123456789ABCDEFrcstvf/ "[usize::from(b) % 27]),
                _ => data.truncate(i),
            }
        }
        check(&rezip(&all));
    }
}
