#![allow(clippy::unwrap_used)]

use super::*;

/// A line of text at (x, y) with characters `w` px wide and 30 px high.
fn line(text: &str, x: f32, y: f32) -> TextLine {
    line_p(text, x, y, 0.98)
}

fn line_p(text: &str, x: f32, y: f32, p: f32) -> TextLine {
    let w = 30.0 * text.chars().count() as f32;
    TextLine { chars: text.chars().map(|c| (c, p)).collect(), quad: [[x, y], [x + w, y], [x + w, y + 30.0], [x, y + 30.0]] }
}

fn value(r: &Reading, f: FieldName) -> Option<String> {
    r.get(f).and_then(|v| v.value.clone())
}

fn id_number(body: &str) -> String {
    format!("{body}{}", gb11643_check_char(body).unwrap())
}

fn credit_code(body: &str) -> String {
    format!("{body}{}", uscc_check_char(body).unwrap())
}

#[test]
fn id_card_with_labels_and_values_in_separate_boxes() {
    let number = id_number("33010619900307451");
    let lines = vec![
        line("姓名", 60.0, 60.0),
        line("王小明", 180.0, 58.0),
        line("性别", 60.0, 130.0),
        line("男", 180.0, 130.0),
        line("民族", 260.0, 130.0),
        line("汉", 350.0, 128.0),
        line("出生", 60.0, 200.0),
        line("1990年3月7日", 180.0, 200.0),
        line("住址", 60.0, 270.0),
        line("浙江省杭州市西湖区文三路", 182.0, 270.0),
        line("478号华星时代广场A座", 180.0, 320.0),
        line("公民身份号码", 60.0, 510.0),
        line(&number, 340.0, 510.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(r.kind, DocumentKind::ResidentId);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("王小明"));
    assert_eq!(value(&r, FieldName::Sex).as_deref(), Some("男"));
    assert_eq!(value(&r, FieldName::Ethnicity).as_deref(), Some("汉"));
    assert_eq!(value(&r, FieldName::BirthDate).as_deref(), Some("1990-03-07"));
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("浙江省杭州市西湖区文三路478号华星时代广场A座"));
    assert_eq!(value(&r, FieldName::CertNumber), Some(number));
    assert!(r.get(FieldName::Name).unwrap().confidence > 0.9);
}

#[test]
fn id_card_with_merged_labels_and_values() {
    let number = id_number("11010519491231002");
    let lines = vec![
        line("姓名张三", 60.0, 60.0),
        line("性别女民族回", 60.0, 130.0),
        line("出生1949年12月31日", 60.0, 200.0),
        line("住址北京市朝阳区建国路", 60.0, 270.0),
        line("88号", 120.0, 320.0),
        line(&format!("公民身份号码{}", number.to_lowercase()), 60.0, 510.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("张三"));
    assert_eq!(value(&r, FieldName::Sex).as_deref(), Some("女"));
    assert_eq!(value(&r, FieldName::Ethnicity).as_deref(), Some("回"));
    assert_eq!(value(&r, FieldName::BirthDate).as_deref(), Some("1949-12-31"));
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("北京市朝阳区建国路88号"));
    assert_eq!(value(&r, FieldName::CertNumber), Some(number));
}

#[test]
fn a_number_whose_check_digit_fails_is_flagged_for_typing_not_proposed() {
    let good = id_number("33010619900307451");
    let wrong_last = if good.ends_with('1') { '2' } else { '1' };
    let bad = format!("{}{wrong_last}", &good[..17]);
    let lines = vec![line("姓名", 60.0, 60.0), line("王小明", 180.0, 58.0), line(&format!("公民身份号码{bad}"), 60.0, 510.0)];
    let r = read_fields(&lines);
    let n = r.get(FieldName::CertNumber).unwrap();
    assert_eq!(n.value, None);
    assert!(n.needs_typing.as_deref().unwrap().contains("校验位"), "{n:?}");
    // a number cut short is flagged too
    let lines = vec![line("姓名王小明", 60.0, 60.0), line(&format!("公民身份号码{}", &good[..16]), 60.0, 510.0)];
    let n = read_fields(&lines).get(FieldName::CertNumber).cloned().unwrap();
    assert_eq!(n.value, None);
    assert!(n.needs_typing.unwrap().contains("16 位"));
}

#[test]
fn confusable_letters_are_read_as_digits_only_when_the_check_passes() {
    let number = id_number("44030419851012001");
    let misread = number.replacen('0', "O", 2);
    let r = read_fields(&[line("姓名李四", 60.0, 60.0), line(&format!("公民身份号码{misread}"), 60.0, 510.0)]);
    assert_eq!(value(&r, FieldName::CertNumber), Some(number));
}

#[test]
fn business_licence_in_two_columns_with_split_labels() {
    let code = credit_code("91330106MA2H3K4L5");
    let lines = vec![
        line("营业执照", 900.0, 300.0),
        line("统一社会信用代码", 150.0, 420.0),
        line(&code, 150.0, 460.0),
        // left column, label letter-spaced and split from its value
        line("名", 150.0, 700.0),
        line("称杭州云帆网络科技有限公司", 300.0, 700.0),
        line("注册资本", 1300.0, 700.0),
        line("壹佰万元整", 1480.0, 700.0),
        line("类", 150.0, 780.0),
        line("型有限责任公司(自然人投资或控股)", 300.0, 780.0),
        line("成立日期", 1300.0, 780.0),
        line("2019年05月20日", 1480.0, 780.0),
        line("法定代表人", 150.0, 860.0),
        line("陈晓峰", 330.0, 860.0),
        line("营业期限", 1300.0, 860.0),
        line("2019年05月20日至长期", 1480.0, 860.0),
        line("经营范围", 150.0, 940.0),
        line("技术开发、技术服务、技术咨询", 330.0, 940.0),
        line("住", 1300.0, 940.0),
        line("所浙江省杭州市西湖区", 1390.0, 940.0),
        line("软件开发；信息系统集成服务", 330.0, 985.0),
        line("文三路90号1幢501室", 1480.0, 985.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(r.kind, DocumentKind::BusinessLicense);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("杭州云帆网络科技有限公司"));
    assert_eq!(value(&r, FieldName::CertNumber), Some(code));
    assert_eq!(value(&r, FieldName::LegalRepresentative).as_deref(), Some("陈晓峰"));
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("浙江省杭州市西湖区文三路90号1幢501室"));
}

#[test]
fn individual_business_licence_names_the_operator() {
    let code = credit_code("92110105MA0B1C2D3");
    let lines = vec![
        line("营业执照", 500.0, 100.0),
        line(&format!("统一社会信用代码{code}"), 100.0, 200.0),
        line("名称朝阳区老王面馆", 100.0, 300.0),
        line("经营者王建国", 100.0, 360.0),
        line("经营场所北京市朝阳区望京街1号", 100.0, 420.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("朝阳区老王面馆"));
    assert_eq!(value(&r, FieldName::LegalRepresentative).as_deref(), Some("王建国"));
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("北京市朝阳区望京街1号"));
    assert_eq!(value(&r, FieldName::CertNumber), Some(code));
}

#[test]
fn institution_certificate_is_recognised_by_its_title() {
    let code = credit_code("12100000400000123");
    let lines = vec![
        line("事业单位法人证书", 300.0, 80.0),
        line(&format!("统一社会信用代码{code}"), 100.0, 200.0),
        line("名称某某市第一人民医院", 100.0, 300.0),
        line("法定代表人赵六", 100.0, 360.0),
        line("住所某某市人民路1号", 100.0, 420.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(r.kind, DocumentKind::InstitutionCertificate);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("某某市第一人民医院"));
    assert_eq!(value(&r, FieldName::CertNumber), Some(code));
}

#[test]
fn nothing_is_proposed_from_a_page_without_a_certificate() {
    assert!(read_fields(&[]).is_empty());
    let r = read_fields(&[line("会议纪要", 100.0, 100.0), line("2024年3月1日", 100.0, 200.0)]);
    assert_eq!(r.kind, DocumentKind::Unknown);
    assert!(r.is_empty());
}

#[test]
fn json_shape_is_the_specs() {
    let number = id_number("11010519491231002");
    let r = read_fields(&[line("姓名张三", 60.0, 60.0), line(&format!("公民身份号码{number}"), 60.0, 510.0)]);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["kind"], "resident_id");
    assert_eq!(v["fields"]["name"]["value"], "张三");
    assert_eq!(v["fields"]["cert_number"]["value"], number.as_str());
    assert!(v["fields"]["cert_number"]["confidence"].as_f64().unwrap() > 0.9);
    assert!(v["fields"]["name"].get("needs_typing").is_none());
}
