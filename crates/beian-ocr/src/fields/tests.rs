#![allow(clippy::unwrap_used)]

use super::*;
use beian_core::cert::{gb11643_check_char, uscc_check_char};

/// A line of text at (x, y) with characters `w` px wide and 30 px high.
fn line(text: &str, x: f32, y: f32) -> TextLine {
    line_p(text, x, y, 0.98)
}

fn line_p(text: &str, x: f32, y: f32, p: f32) -> TextLine {
    let w = 30.0 * text.chars().count() as f32;
    TextLine {
        chars: text.chars().map(|c| (c, p)).collect(),
        quad: [[x, y], [x + w, y], [x + w, y + 30.0], [x, y + 30.0]],
    }
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
    let lines =
        vec![line("姓名", 60.0, 60.0), line("王小明", 180.0, 58.0), line(&format!("公民身份号码{bad}"), 60.0, 510.0)];
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

/// A line whose box spans x0..x1 (boxes are grown around the text, unevenly).
fn boxed(text: &str, x0: f32, x1: f32, y: f32) -> TextLine {
    TextLine {
        chars: text.chars().map(|c| (c, 0.98)).collect(),
        quad: [[x0, y], [x1, y], [x1, y + 33.0], [x0, y + 33.0]],
    }
}

#[test]
fn a_value_box_overlapping_its_label_box_is_still_its_value() {
    // as read off a card: the value's box reaches 8 px into the label's (a background pattern
    // joined the detected region)
    let lines = vec![
        boxed("姓名", 87.0, 154.0, 107.0),
        boxed("欧阳娜", 150.0, 294.0, 104.0),
        boxed("性别", 88.0, 155.0, 185.0),
        boxed("女", 193.0, 233.0, 185.0),
        boxed("民族", 348.0, 418.0, 186.0),
        boxed("土家", 410.0, 519.0, 181.0),
        boxed("住址", 87.0, 153.0, 346.0),
        boxed("广东省深圳市南山区", 198.0, 595.0, 346.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("欧阳娜"));
    assert_eq!(value(&r, FieldName::Ethnicity).as_deref(), Some("土家"));
    assert_eq!(value(&r, FieldName::Sex).as_deref(), Some("女"));
}

/// A credit code of digits only (as a window of a longer serial number can be).
fn all_digit_credit_code(prefix: &str) -> String {
    (0..10_000)
        .map(|n| format!("{prefix}{n:0w$}", w = 17 - prefix.len()))
        .map(|body| credit_code(&body))
        .find(|c| c.chars().all(|c| c.is_ascii_digit()))
        .unwrap()
}

/// A licence as read off a generated 副本: the code under its label, 证照编号 at the top right, the
/// labels of the short fields letter-spaced (and read with a stray `一` in the gap), a wrapped name
/// and address.
fn licence_lines(code: &str, serial: &str) -> Vec<TextLine> {
    vec![
        boxed(&format!("证照编号：{serial}"), 1194.0, 1609.0, 204.0),
        boxed("营业执照", 534.0, 1221.0, 356.0),
        boxed("统一社会信用代码", 183.0, 428.0, 515.0),
        boxed(code, 183.0, 555.0, 568.0),
        boxed("名称", 197.0, 359.0, 758.0),
        boxed("深圳市云帆网络科技有限公", 411.0, 854.0, 761.0),
        boxed("注册资本壹仟万元整", 934.0, 1306.0, 758.0),
        boxed("司", 411.0, 450.0, 805.0),
        boxed("类型", 198.0, 355.0, 880.0),
        boxed("其他有限责任公司", 411.0, 706.0, 883.0),
        boxed("成立日期", 935.0, 1091.0, 846.0),
        boxed("2013年11月08日", 1113.0, 1383.0, 846.0),
        boxed("法定代表人杨敏", 199.0, 492.0, 968.0),
        boxed("营业期限2013年11月08日至长期", 935.0, 1495.0, 934.0),
        boxed("经营范围", 198.0, 349.0, 1056.0),
        boxed("一般项目：技术服务、技术", 415.0, 854.0, 1059.0),
        boxed("住一所广东省深圳市南山区科苑", 928.0, 1563.0, 1022.0),
        boxed("开发、技术咨询、技术交流、", 413.0, 864.0, 1105.0),
        boxed("路492号华星大厦18层1室", 1119.0, 1511.0, 1068.0),
    ]
}

#[test]
fn licence_code_under_its_label_wins_over_a_serial_number() {
    let code = credit_code("91440305MAAQ6J9E5");
    // a 20-digit 证照编号 one of whose 18-digit windows passes the credit code check
    let lucky = all_digit_credit_code("4403050020");
    let serial = format!("{lucky}12");
    let r = read_fields(&licence_lines(&code, &serial));
    assert_eq!(r.kind, DocumentKind::BusinessLicense);
    assert_eq!(value(&r, FieldName::CertNumber), Some(code.clone()));
    // with the code unreadable, the serial is still not proposed
    let r = read_fields(&licence_lines("", &serial));
    assert_eq!(r.get(FieldName::CertNumber).and_then(|v| v.value.clone()), None);
}

#[test]
fn licence_wrapped_name_and_letter_spaced_labels_read_with_a_stray_character() {
    let code = credit_code("91440305MAAQ6J9E5");
    let r = read_fields(&licence_lines(&code, "44030500201902132612"));
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("深圳市云帆网络科技有限公司"));
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("广东省深圳市南山区科苑路492号华星大厦18层1室"));
    assert_eq!(value(&r, FieldName::LegalRepresentative).as_deref(), Some("杨敏"));
}

#[test]
fn the_value_of_the_next_label_is_not_a_continuation() {
    // 名称 on one line; 类型's value, in its own box, starts under the name's value
    let code = credit_code("91440305MAAQ6J9E5");
    let lines = vec![
        line("营业执照", 500.0, 100.0),
        line(&format!("统一社会信用代码{code}"), 100.0, 200.0),
        boxed("名称", 100.0, 190.0, 300.0),
        boxed("深圳市云帆网络科技有限公司", 230.0, 700.0, 300.0),
        boxed("类型", 100.0, 190.0, 355.0),
        boxed("其他有限责任公司", 230.0, 520.0, 355.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("深圳市云帆网络科技有限公司"));
}

#[test]
fn a_complete_labelled_number_that_fails_is_not_replaced_by_another_number_on_the_page() {
    let good = id_number("33010619900307451");
    let bad = format!("{}{}", &good[..17], if good.ends_with('1') { '2' } else { '1' });
    let other = id_number("11010519491231002");
    let lines = vec![
        line("姓名王小明", 60.0, 60.0),
        line(&format!("公民身份号码{bad}"), 60.0, 510.0),
        line(&other, 60.0, 700.0),
    ];
    let n = read_fields(&lines).get(FieldName::CertNumber).cloned().unwrap();
    assert_eq!(n.value, None);
    // without a label, a lone valid number is still found
    let lines = vec![line("姓名王小明", 60.0, 60.0), line("民族汉", 60.0, 120.0), line(&other, 60.0, 700.0)];
    assert_eq!(value(&read_fields(&lines), FieldName::CertNumber), Some(other));
}

/// A line whose character `unsure` (an index) was read with probability `p`.
fn line_unsure(text: &str, x: f32, y: f32, unsure: usize, p: f32) -> TextLine {
    let mut l = line(text, x, y);
    l.chars[unsure].1 = p;
    l
}

#[test]
fn an_unsure_character_in_a_division_name_is_corrected_from_the_division_list() {
    // PP-OCRv4 reads 门 of 厦门 as 內 in Noto Sans SC, unsure (p 0.4–0.8)
    let number = id_number("35020319940311384");
    let lines = vec![
        line("姓名林静", 60.0, 60.0),
        line("住址", 60.0, 270.0),
        line_unsure("福建省厦內市思明区湖滨南路", 180.0, 270.0, 4, 0.43),
        line("607弄17号807室", 180.0, 320.0),
        line(&format!("公民身份号码{number}"), 60.0, 510.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("福建省厦门市思明区湖滨南路607弄17号807室"));
    // read with confidence, a character is left as read
    let mut sure = lines.clone();
    sure[2] = line_unsure("福建省厦內市思明区湖滨南路", 180.0, 270.0, 4, 0.97);
    assert_eq!(
        value(&read_fields(&sure), FieldName::Address).as_deref(),
        Some("福建省厦內市思明区湖滨南路607弄17号807室")
    );
    // no province: the city is unique in the country
    let mut no_province = lines.clone();
    no_province[2] = line_unsure("厦內市思明区湖滨南路", 180.0, 270.0, 1, 0.5);
    assert_eq!(
        value(&read_fields(&no_province), FieldName::Address).as_deref(),
        Some("厦门市思明区湖滨南路607弄17号807室")
    );
    // a municipality, and a district whose name starts with 市
    let lines =
        vec![line("姓名林静", 60.0, 60.0), line_unsure("住址山东省青岛市市南区香港中路1号", 60.0, 270.0, 9, 0.6)];
    assert_eq!(value(&read_fields(&lines), FieldName::Address).as_deref(), Some("山东省青岛市市南区香港中路1号"));
    let lines = vec![line("姓名林静", 60.0, 60.0), line_unsure("住址北京市朝阳区建国路88号", 60.0, 270.0, 5, 0.6)];
    assert_eq!(value(&read_fields(&lines), FieldName::Address).as_deref(), Some("北京市朝阳区建国路88号"));
}

#[test]
fn a_unit_name_beginning_with_its_city_is_corrected_from_the_address() {
    let code = credit_code("91350203MA2H3K4L5");
    let lines = |name: TextLine| {
        vec![
            line("营业执照", 500.0, 100.0),
            line(&format!("统一社会信用代码{code}"), 100.0, 200.0),
            name,
            line("法定代表人王建国", 100.0, 360.0),
            line_unsure("住所福建省厦內市思明区厦禾路791号", 100.0, 420.0, 6, 0.56),
        ]
    };
    let r = read_fields(&lines(line_unsure("名称厦內星辰网络科技有限公司", 100.0, 300.0, 3, 0.41)));
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("福建省厦门市思明区厦禾路791号"));
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("厦门星辰网络科技有限公司"));
    let r = read_fields(&lines(line_unsure("名称厦內市星辰网络科技有限公司", 100.0, 300.0, 3, 0.41)));
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("厦门市星辰网络科技有限公司"));
    // a name that does not begin with the place is left alone, unsure or not
    let r = read_fields(&lines(line_unsure("名称思朗星辰网络科技有限公司", 100.0, 300.0, 3, 0.41)));
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("思朗星辰网络科技有限公司"));
}

#[test]
fn a_letter_spaced_label_box_overlapping_its_value_by_more_than_half_a_line() {
    // 住　　所: the label's box reaches 24 px into the value's (boxes 51 and 36 px high)
    let code = credit_code("91310115631050581");
    let lines = vec![
        line("营业执照", 500.0, 100.0),
        line(&format!("统一社会信用代码{code}"), 100.0, 200.0),
        TextLine {
            chars: "住所".chars().map(|c| (c, 0.99)).collect(),
            quad: [[928.0, 1018.0], [1098.0, 1018.0], [1098.0, 1069.0], [928.0, 1069.0]],
        },
        boxed("上海市浦东新区世纪大道388", 1074.0, 1585.0, 1025.0),
        boxed("号创业大厦3层14室", 1117.0, 1438.0, 1080.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("上海市浦东新区世纪大道388号创业大厦3层14室"));
}

#[test]
fn ethnicity_is_one_of_the_56_groups_or_must_be_typed() {
    let number = id_number("61011319700817312");
    let card = |eth: &str| {
        vec![
            line("姓名李海燕", 60.0, 60.0),
            line(&format!("民族{eth}"), 260.0, 130.0),
            line(&format!("公民身份号码{number}"), 60.0, 510.0),
        ]
    };
    assert_eq!(value(&read_fields(&card("回")), FieldName::Ethnicity).as_deref(), Some("回"));
    assert_eq!(value(&read_fields(&card("土家族")), FieldName::Ethnicity).as_deref(), Some("土家"));
    let r = read_fields(&card("口"));
    let e = r.get(FieldName::Ethnicity).unwrap();
    assert_eq!(e.value, None);
    assert!(e.needs_typing.as_deref().unwrap().contains("56"));
}

#[test]
fn birth_date_and_sex_come_from_a_checked_id_number_when_unread_or_misread() {
    let number = id_number("44030519880226208"); // 17th digit 8: a woman
    // 性别's value not detected, 出生 misread
    let lines = vec![
        line("姓名罗涛", 60.0, 60.0),
        line("性别", 60.0, 130.0),
        line("出生1988年2月28日", 60.0, 200.0),
        line(&format!("公民身份号码{number}"), 60.0, 510.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Sex).as_deref(), Some("女"));
    assert_eq!(value(&r, FieldName::BirthDate).as_deref(), Some("1988-02-26"));
    // a number that fails its check says nothing
    let bad = format!("{}{}", &number[..17], if number.ends_with('1') { '2' } else { '1' });
    let lines = vec![
        line("姓名罗涛", 60.0, 60.0),
        line("出生1988年2月28日", 60.0, 200.0),
        line(&format!("公民身份号码{bad}"), 60.0, 510.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::BirthDate).as_deref(), Some("1988-02-28"));
    assert_eq!(r.get(FieldName::Sex), None);
}

#[test]
fn an_id_address_whose_label_was_not_read_is_the_block_between_birth_and_number() {
    let number = id_number("33010619830622544");
    let mut lines = vec![
        line("姓名", 60.0, 60.0),
        line("司马雨桐", 180.0, 58.0),
        line("性别女", 60.0, 130.0),
        line("民族汉", 260.0, 130.0),
        line("出生", 60.0, 200.0),
        line("1983年6月22日", 180.0, 200.0),
        // 住址 lost to noise
        line("浙江省杭州市西湖区古墩路36", 182.0, 270.0),
        line("8号", 180.0, 315.0),
        line("公民身份号码", 60.0, 510.0),
        line(&number, 340.0, 510.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(value(&r, FieldName::Address).as_deref(), Some("浙江省杭州市西湖区古墩路368号"));
    // without the number row the block has no bottom: nothing is guessed
    lines.truncate(8);
    assert_eq!(read_fields(&lines).get(FieldName::Address), None);
}

#[test]
fn an_ethnicity_cut_by_the_label_box_is_read_from_the_box_beside_it() {
    // askew, the label's box took the left sliver of 朝 (read 草); 朝鲜 has its own box
    let lines = vec![
        boxed("姓名", 94.0, 162.0, 152.0),
        boxed("罗文博", 198.0, 305.0, 150.0),
        boxed("民族草", 357.0, 472.0, 213.0),
        boxed("朝鲜", 455.0, 530.0, 211.0),
    ];
    assert_eq!(value(&read_fields(&lines), FieldName::Ethnicity).as_deref(), Some("朝鲜"));
}

#[test]
fn hong_kong_macau_pass_reads_name_number_and_dates() {
    let lines = vec![
        line("港澳居民来往内地通行证", 60.0, 40.0),
        line("H6O123457", 760.0, 40.0), // an O for a 0: mended, the form then fits
        line("姓名", 60.0, 150.0),
        line("陈大文", 180.0, 150.0),
        line("CHAN,TAIMAN", 180.0, 190.0),
        line("出生日期", 60.0, 250.0),
        line("1988.06.15", 220.0, 250.0),
        line("性别", 520.0, 250.0),
        line("男", 600.0, 250.0),
        line("有效期限", 60.0, 320.0),
        line("2019.03.01-2029.02.28", 220.0, 320.0),
        line("签发机关", 60.0, 390.0),
        line("公安部出入境管理局", 220.0, 390.0),
        line("签发次数", 620.0, 390.0),
        line("01", 760.0, 390.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(r.kind, DocumentKind::HkMacauPass);
    assert_eq!(value(&r, FieldName::CertNumber).as_deref(), Some("H60123457"));
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("陈大文"));
    assert_eq!(value(&r, FieldName::BirthDate).as_deref(), Some("1988-06-15"));
    assert_eq!(value(&r, FieldName::Sex).as_deref(), Some("男"));
    assert_eq!(value(&r, FieldName::IssuingAuthority).as_deref(), Some("公安部出入境管理局"));
    assert_eq!(r.kind.cert_type(), Some(CertType::HkMacauPass));
}

#[test]
fn taiwan_pass_number_is_the_eight_digits_not_a_date() {
    let lines = vec![
        line("台湾居民来往大陆通行证", 60.0, 40.0),
        line("07654321", 760.0, 40.0),
        line("姓名林志明", 60.0, 150.0),
        line("出生日期19750203", 60.0, 250.0), // a date run together is beside its own label
        line("有效期限2021.05.01-2026.04.30", 60.0, 320.0),
    ];
    let r = read_fields(&lines);
    assert_eq!(r.kind, DocumentKind::TaiwanPass);
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("林志明"));
    assert_eq!(value(&r, FieldName::CertNumber).as_deref(), Some("07654321"), "{r:?}");
}

#[test]
fn a_pass_with_no_number_of_its_form_asks_for_typing() {
    let lines =
        vec![line("港澳居民来往内地通行证", 60.0, 40.0), line("H601234", 760.0, 40.0), line("姓名陈大文", 60.0, 150.0)];
    let r = read_fields(&lines);
    let n = r.get(FieldName::CertNumber).unwrap();
    assert_eq!(n.value, None);
    assert!(n.needs_typing.is_some());
    assert_eq!(value(&r, FieldName::Name).as_deref(), Some("陈大文"));
}

#[test]
fn every_certificate_and_field_is_named_in_both_languages() {
    use beian_core::labels::{Group, group};
    assert_eq!(group(Group::DocumentKind).len(), DocumentKind::ALL.len());
    for k in DocumentKind::ALL {
        assert!(k.label_zh() != k.code() && k.label_en() != k.code(), "{}", k.code());
    }
    assert_eq!(group(Group::CertField).len(), FieldName::ALL.len());
    for f in FieldName::ALL {
        assert!(f.label_zh() != f.code() && f.label_en() != f.code(), "{}", f.code());
    }
    assert_eq!(DocumentKind::BusinessLicense.label_zh(), "营业执照");
}
