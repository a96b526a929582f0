//! What the spreadsheet tests share: the template's headers (read from the template itself with
//! calamine), workbooks filled the way a client fills the template (written with rust_xlsxwriter,
//! text cells as text), and the sample client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

/// A cell as a client leaves it.
#[derive(Debug, Clone)]
pub enum V {
    S(String),
    N(f64),
    Date(u16, u8, u8),
    Formula(String),
    Bool(bool),
}

pub fn s(v: &str) -> V {
    V::S(v.to_owned())
}

/// A row: header → value.
pub type Row = Vec<(&'static str, V)>;

/// The header row of one of the template's sheets.
pub fn headers(sheet: &str) -> Vec<String> {
    let bytes = beian_usecases::sheet::template_xlsx().unwrap();
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = x.worksheet_range(sheet).unwrap();
    range.rows().next().unwrap().iter().map(|c| c.to_string()).collect()
}

/// Writes `rows` under the template's headers of `sheet` (the cells as text where the client
/// typed text, into text-formatted columns as the template has them).
pub fn fill_sheet(ws: &mut Worksheet, sheet: &str, rows: &[Row]) {
    let heads = headers(sheet);
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.set_name(sheet).unwrap();
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (h, v) in row {
            let c = heads.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h} in {sheet}")) as u16;
            match v {
                V::S(t) => ws.write_string_with_format(r, c, t, &text).map(|_| ()),
                V::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                V::Date(y, m, d) => {
                    ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).map(|_| ())
                }
                V::Formula(f) => ws.write_formula(r, c, Formula::new(f)).map(|_| ()),
                V::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
            }
            .unwrap();
        }
    }
}

/// A filled intake workbook: 说明, 主体, 服务 and 代码表 as in the template; `edit` changes it
/// further (merges, extra sheets …) before it is saved.
pub fn workbook_with(subjects: &[Row], services: &[Row], edit: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let intro = wb.add_worksheet();
    intro.set_name("说明").unwrap();
    intro.write_string(0, 0, "填写说明").unwrap();
    fill_sheet(wb.add_worksheet(), "主体", subjects);
    fill_sheet(wb.add_worksheet(), "服务", services);
    let codes = wb.add_worksheet();
    codes.set_name("代码表").unwrap();
    codes.set_hidden(true);
    edit(&mut wb);
    wb.save_to_buffer().unwrap()
}

pub fn workbook(subjects: &[Row], services: &[Row]) -> Vec<u8> {
    workbook_with(subjects, services, |_| {})
}

pub const ID: &str = "33010619900101123X";
pub const PHONE: &str = "13800000000";

/// The spec's sample client (a person in 杭州, one website), as the template's rows.
pub fn sample_subject() -> Row {
    vec![
        ("序号", s("1")),
        ("主办单位性质", s("个人")),
        ("主办单位名称", s("张三")),
        ("主办单位证件类型", s("居民身份证")),
        ("主办单位证件号码", s(ID)),
        ("省份", s("浙江省")),
        ("城市", s("杭州市")),
        ("区县", s("西湖区")),
        ("证件住所", s("浙江省杭州市西湖区文三路100号")),
        ("通讯地址", s("浙江省杭州市西湖区文三路100号3幢201室")),
        ("投资人或主管单位", s("张三")),
        ("负责人姓名", s("张三")),
        ("负责人证件类型", s("居民身份证")),
        ("负责人证件号码", s(ID)),
        ("联系方式1（手机）", s(PHONE)),
        ("应急联系电话", s("13900000000")),
        ("电子邮件", s("zhangsan@example.com")),
        ("备案类型", s("首次备案")),
        ("检查日期", V::Date(2026, 11, 20)),
    ]
}

pub fn sample_service() -> Row {
    vec![
        ("主体序号", s("1")),
        ("服务类型", s("网站")),
        ("服务名称", s("山水旅行摄影随笔")),
        ("服务域名", s("example.com")),
        ("服务首页URL", s("http://www.example.com")),
        ("产品类型", s("云服务器 ECS")),
        ("实例 ID", s("i-bp1abcdefghijk")),
    ]
}

/// A company in 北京 with a landline (its leading 0 must survive), an app on two platforms and a
/// mini-program.
pub fn company_subject() -> Row {
    vec![
        ("序号", V::N(2.0)),
        ("主办单位性质", s("企业")),
        ("主办单位名称", s("北京云帆科技有限公司")),
        ("主办单位证件类型", s("营业执照（统一社会信用代码）")),
        ("主办单位证件号码", s("91110108MA01ABCD2X")),
        ("省份", s("北京市")),
        ("城市", s("北京市")),
        ("区县", s("海淀区")),
        ("证件住所", s("北京市海淀区中关村大街1号")),
        ("通讯地址", s("北京市海淀区中关村大街1号8层")),
        ("投资人或主管单位", s("李四")),
        ("负责人姓名", s("李四")),
        ("负责人证件类型", s("居民身份证")),
        ("负责人证件号码", s("110108198001010011")),
        ("联系方式1（手机）", s("13700000000")),
        ("联系方式2", s("010-88886666")),
        ("应急联系电话", s("13600000000")),
        ("电子邮件", s("lisi@yunfan.com.cn")),
        ("接入商", s("腾讯云")),
        ("接入商账号", s("yunfan-ops")),
    ]
}

pub fn company_services() -> Vec<Row> {
    vec![
        vec![
            ("主体序号", s("2")),
            ("服务类型", s("APP")),
            ("服务名称", s("云帆记账")),
            ("服务域名", s("api.yunfan.com.cn、cdn.yunfan.com.cn")),
            ("安卓（Android）·包名 / Bundle ID", s("com.yunfan.ledger")),
            ("苹果（iOS）·包名 / Bundle ID", s("com.yunfan.ledger")),
            ("服务负责人姓名", s("王五")),
            ("服务负责人证件类型", s("居民身份证")),
            ("服务负责人证件号码", s("110108198505050022")),
            ("服务负责人手机", s("13500000000")),
            ("服务负责人应急电话", s("13400000000")),
            ("服务负责人电子邮件", s("wangwu@yunfan.com.cn")),
        ],
        vec![
            ("主体序号", s("2")),
            ("服务类型", s("小程序")),
            ("服务名称", s("云帆记账助手")),
            ("服务域名", s("mp.yunfan.com.cn")),
            ("小程序/快应用·运行平台", s("微信")),
            ("小程序/快应用·AppID", s("wx0123456789abcdef")),
        ],
    ]
}

/// The spec's sample document with the site name the template's sample uses.
pub fn sample_document() -> beian_core::FilingDocument {
    let text =
        include_str!("../../../beian-core/tests/data/sample-filing.json").replace("张三的个人主页", "山水旅行摄影随笔");
    beian_core::parse_document(&text).unwrap().document
}

pub fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 20)
}

/// The cells of a sheet of a workbook, as calamine reads them (for the exported workbook).
pub fn cells(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = x.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}
