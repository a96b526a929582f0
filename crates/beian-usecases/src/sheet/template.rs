//! The intake workbook a client fills in: 说明, 主体, 服务 and the hidden 代码表 whose columns feed
//! the drop-down lists — every code group's Chinese labels from `labels.toml`, the providers'
//! names, the 网站内容 categories, and the GB/T 2260 provinces, each province's cities and each
//! city's districts as named blocks, so that 城市 and 区县 offer only what lies in the row's
//! province and city (`INDIRECT`). Text columns are formatted as text (`@`) so that certificate
//! numbers, phones and codes keep every digit and their leading zeros; date columns as dates.

use beian_core::labels::{self, Group};
use beian_core::{CertType, FilingType, Nature, ProductType, ServiceType};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

use super::columns::{self, CODES, Choices, Column, INSTRUCTIONS, Kind, SERVICES, SUBJECTS};
use super::{MAX_ROWS, SheetError, column_name};

/// A list of 代码表: its title, its values.
struct List {
    choices: Choices,
    title: &'static str,
    values: Vec<String>,
}

fn group_labels(group: Group, codes: impl IntoIterator<Item = &'static str>) -> Vec<String> {
    codes.into_iter().map(|c| labels::zh(group, c).to_owned()).collect()
}

fn lists() -> Vec<List> {
    vec![
        List {
            choices: Choices::Nature,
            title: "主办单位性质",
            values: group_labels(Group::Nature, Nature::ALL.map(Nature::code)),
        },
        List {
            choices: Choices::CertType,
            title: "证件类型",
            values: group_labels(Group::CertType, CertType::ALL.map(CertType::code)),
        },
        List {
            choices: Choices::ServiceType,
            title: "服务类型",
            values: group_labels(Group::ServiceType, ServiceType::ALL.map(ServiceType::code)),
        },
        List {
            choices: Choices::Provider,
            title: "接入商",
            values: beian_core::providers::profiles().iter().map(|p| p.meta.name_zh.clone()).collect(),
        },
        List {
            choices: Choices::ProductType,
            title: "产品类型",
            values: group_labels(Group::ProductType, ProductType::ALL.map(ProductType::code)),
        },
        List {
            choices: Choices::MiniProgram,
            title: "小程序平台",
            values: group_labels(Group::MiniProgramPlatform, beian_core::rules::MINI_PROGRAM_PLATFORMS),
        },
        List {
            choices: Choices::Content,
            title: "服务内容",
            values: beian_core::tables::content_types().iter().map(|c| c.label_zh.clone()).collect(),
        },
        List {
            choices: Choices::FilingType,
            title: "备案类型",
            values: group_labels(Group::FilingType, FilingType::ALL.map(FilingType::code)),
        },
        List {
            choices: Choices::FiledWith,
            title: "原备案所在",
            values: group_labels(Group::FiledWith, ["none", "here", "elsewhere"]),
        },
        List {
            choices: Choices::Province,
            title: "省份",
            values: beian_core::regions::provinces().into_iter().map(str::to_owned).collect(),
        },
    ]
}

/// The prefixes of the cascade's names: `城市_浙江省`, `区县_浙江省杭州市`.
const CITY_NAME: &str = "城市_";
const DISTRICT_NAME: &str = "区县_";

/// A range of 代码表 as a formula's reference: `'代码表'!$A$2:$A$11`.
fn codes_range(col: u32, first: u32, last: u32) -> String {
    let c = column_name(col);
    format!("'{CODES}'!${c}${}:${c}${}", first + 1, last + 1)
}

/// The hidden 代码表, with the cascade's named blocks; returns where each list lies.
fn code_sheet(workbook: &mut Workbook) -> Result<(Worksheet, Vec<(Choices, String)>), SheetError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(CODES)?;
    let bold = Format::new().set_bold();
    let mut refs = Vec::new();
    let lists = lists();
    for (i, list) in lists.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, list.title, &bold)?;
        sheet.set_column_width(c, 24)?;
        for (r, v) in list.values.iter().enumerate() {
            sheet.write_string(row(r + 1), c, v)?;
        }
        let last = u32::try_from(list.values.len()).unwrap_or(1);
        refs.push((list.choices, format!("={}", codes_range(u32::from(c), 1, last.max(1)))));
    }
    // The cascade: every province's cities in one column, every city's districts in the next,
    // each block named.
    let city_col = u16::try_from(lists.len()).unwrap_or(u16::MAX);
    let district_col = city_col + 1;
    sheet.write_string_with_format(0, city_col, "城市", &bold)?;
    sheet.write_string_with_format(0, district_col, "区县", &bold)?;
    sheet.set_column_width(city_col, 24)?;
    sheet.set_column_width(district_col, 24)?;
    let (mut city_row, mut district_row) = (1u32, 1u32);
    for province in beian_core::regions::provinces() {
        let cities = beian_core::regions::cities(province);
        if cities.is_empty() {
            continue;
        }
        let first = city_row;
        for city in &cities {
            sheet.write_string(city_row, city_col, *city)?;
            city_row += 1;
            let districts = beian_core::regions::districts(province, city);
            if districts.is_empty() {
                continue;
            }
            let d_first = district_row;
            for d in districts {
                sheet.write_string(district_row, district_col, d)?;
                district_row += 1;
            }
            workbook.define_name(
                format!("{DISTRICT_NAME}{province}{city}"),
                &format!("={}", codes_range(u32::from(district_col), d_first, district_row - 1)),
            )?;
        }
        workbook.define_name(
            format!("{CITY_NAME}{province}"),
            &format!("={}", codes_range(u32::from(city_col), first, city_row - 1)),
        )?;
    }
    sheet.set_hidden(true);
    Ok((sheet, refs))
}

fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A data sheet: headers (必填 ones marked), formats, widths, drop-down lists and input hints.
fn data_sheet(name: &str, cols: &[Column], refs: &[(Choices, String)]) -> Result<Worksheet, SheetError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    let head = |fill: &str| {
        Format::new()
            .set_bold()
            .set_background_color(fill)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
    };
    let (required, optional) = (head("F8CBAD"), head("D9E1F2"));
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let letter = |f: columns::Field| {
        cols.iter().position(|c| c.field == f).map(|i| column_name(u32::try_from(i).unwrap_or(0))).unwrap_or_default()
    };
    let (province, city) = (letter(columns::Field::Province), letter(columns::Field::City));
    for (i, c) in cols.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.set_column_width(col, c.width)?;
        sheet.set_column_format(col, if c.kind == Kind::Date { &date } else { &text })?;
        sheet.write_string_with_format(0, col, &c.header, if c.required { &required } else { &optional })?;
        let hint = if c.required { format!("必填。{}", c.hint) } else { c.hint.to_owned() };
        let mut dv = match c.choices {
            None => DataValidation::new().allow_any_value(),
            Some(Choices::City) => DataValidation::new()
                .allow_list_formula(Formula::new(format!("=INDIRECT(\"{CITY_NAME}\"&${province}2)")))
                .set_error_style(DataValidationErrorStyle::Warning),
            Some(Choices::District) => DataValidation::new()
                .allow_list_formula(Formula::new(format!("=INDIRECT(\"{DISTRICT_NAME}\"&${province}2&${city}2)")))
                .set_error_style(DataValidationErrorStyle::Warning),
            Some(choices) => {
                let source = refs.iter().find(|(c, _)| *c == choices).map(|(_, r)| r.clone()).unwrap_or_default();
                let dv = DataValidation::new().allow_list_formula(Formula::new(source));
                // A quick app's platform is written, not chosen: the list only suggests.
                if choices == Choices::MiniProgram || choices == Choices::Province {
                    dv.set_error_style(DataValidationErrorStyle::Warning)
                } else {
                    dv.set_error_title("请从列表中选择")?
                        .set_error_message("请从下拉列表中选择，不要输入列表以外的文字。")?
                }
            }
        };
        if !hint.is_empty() {
            dv = dv.set_input_title(clip(&c.header, 32))?.set_input_message(clip(&hint, 250))?;
        }
        sheet.add_data_validation(1, col, MAX_ROWS, col, &dv)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// 说明: what to fill, which columns are required, that numbers stay text.
fn instructions() -> Result<Worksheet, SheetError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(INSTRUCTIONS)?;
    let title = Format::new().set_bold().set_font_size(16);
    let wrap = Format::new().set_text_wrap();
    let bold = Format::new().set_bold().set_background_color("D9E1F2").set_border(FormatBorder::Thin);
    sheet.set_column_width(0, 10)?;
    sheet.set_column_width(1, 34)?;
    sheet.set_column_width(2, 8)?;
    sheet.set_column_width(3, 70)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.write_string_with_format(0, 0, "备案信息收集表 · 填写说明", &title)?;
    let lines = [
        format!(
            "1. 请在“{SUBJECTS}”表填写主办单位（单位或个人）的信息，每行一个主体；“{}”列填写 1、2、3…，不能重复。",
            columns::SUBJECT_KEY
        ),
        format!(
            "2. 请在“{SERVICES}”表填写要备案的互联网信息服务（网站、APP、小程序、快应用），每行一项；“{}”填写它所属主体在“{SUBJECTS}”表中的序号。一个主体可以有多项服务。",
            columns::SERVICE_KEY
        ),
        "3. 带下拉箭头的列请从下拉列表中选择，不要输入列表以外的文字；“城市”“区县”的列表随所选的省份、城市变化。".to_owned(),
        "4. 证件号码、手机号码、备案服务号等列已设为文本格式，请保持文本格式：不要改为“常规”或“数值”，否则身份证号码会变成 1.1E+17 这样的数字、末几位丢失（Excel 只保留 15 位数字），开头的 0 也会丢失。从别处粘贴时请用“选择性粘贴 → 值”。".to_owned(),
        "5. 日期列请输入日期（例如 2026-11-20），不要输入“2026年11月20日”这样的文字。".to_owned(),
        "6. 请不要合并单元格，不要使用公式，不要增加、删除或改名工作表和表头。".to_owned(),
        "7. 表头为红色的列为必填；其他列按下表的说明填写，不适用的留空。".to_owned(),
        format!("8. 每次最多导入 {MAX_ROWS} 行主体和 {MAX_ROWS} 行服务；更多的请分成几个工作簿。"),
        "9. 导入时如有问题，工作台会指出所在的工作表、单元格和列名，例如“服务!C5（服务名称）”；有问题时不会导入任何内容，改正后重新导入即可。".to_owned(),
    ];
    let mut r = 2u32;
    for l in &lines {
        sheet.merge_range(r, 0, r, 3, l, &wrap)?;
        // About 60 Chinese characters fit the merged width; a line of text is 18 points high.
        let lines = l.chars().count().div_ceil(60).max(1);
        sheet.set_row_height(r, 18.0 * f64::from(u32::try_from(lines).unwrap_or(1)))?;
        r += 1;
    }
    r += 1;
    for (i, h) in ["工作表", "列", "必填", "填写说明"].iter().enumerate() {
        sheet.write_string_with_format(r, u16::try_from(i).unwrap_or(0), *h, &bold)?;
    }
    r += 1;
    for (name, cols) in [(SUBJECTS, columns::subject_columns()), (SERVICES, columns::service_columns())] {
        for c in cols {
            sheet.write_string(r, 0, name)?;
            sheet.write_string(r, 1, &c.header)?;
            sheet.write_string(r, 2, if c.required { "必填" } else { "" })?;
            sheet.write_string_with_format(r, 3, c.hint, &wrap)?;
            r += 1;
        }
    }
    Ok(sheet)
}

/// The intake workbook, as `.xlsx` bytes (the same for every caller: the window saves it, the CLI
/// writes it).
pub fn template_xlsx() -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let (codes, refs) = code_sheet(&mut workbook)?;
    let mut intro = instructions()?;
    intro.set_active(true);
    workbook.push_worksheet(intro);
    workbook.push_worksheet(data_sheet(SUBJECTS, columns::subject_columns(), &refs)?);
    workbook.push_worksheet(data_sheet(SERVICES, columns::service_columns(), &refs)?);
    workbook.push_worksheet(codes);
    Ok(workbook.save_to_buffer()?)
}
