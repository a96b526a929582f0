//! The intake workbook's sheets and columns: one table, read by the template (headers, formats,
//! drop-down lists, the instructions) and by the reader (what each header means, how its cells
//! are read, which cell a diagnostic's field path points to). Headers are the fields' labels from
//! `labels.toml` (a service's 网站… read as 服务…, since a row may be an APP); only 序号 and 主体序号,
//! the sheet's own keys, are the sheet's own words.

use std::sync::LazyLock;

use beian_core::AppPlatformKind;
use beian_core::labels::{self, Group};

pub(crate) const INSTRUCTIONS: &str = "说明";
pub(crate) const SUBJECTS: &str = "主体";
pub(crate) const SERVICES: &str = "服务";
pub(crate) const CODES: &str = "代码表";
/// Every sheet of the template, in its order.
pub(crate) const SHEETS: [&str; 4] = [INSTRUCTIONS, SUBJECTS, SERVICES, CODES];

/// The subject's key column and the service's reference to it.
pub(crate) const SUBJECT_KEY: &str = "序号";
pub(crate) const SERVICE_KEY: &str = "主体序号";

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    SubjectKey,
    Nature,
    SubjectName,
    SubjectCertType,
    SubjectCertNumber,
    Province,
    City,
    District,
    CertAddress,
    MailingAddress,
    Investor,
    PrincipalName,
    PrincipalCertType,
    PrincipalCertNumber,
    PrincipalPhone,
    PrincipalPhone2,
    PrincipalEmergency,
    PrincipalEmail,
    PrincipalHkMacau,
    Provider,
    ProviderAccount,
    FilingType,
    SubjectFiledWith,
    SubjectIcp,
    AsOf,
    SubjectRemark,
    // 服务
    ServiceKey,
    ServiceType,
    ServiceName,
    Domains,
    Homepage,
    Content,
    ProductType,
    InstanceId,
    ServiceNumber,
    HostedPlatform,
    HostedAppId,
    Package(AppPlatformKind),
    Fingerprint(AppPlatformKind),
    SitePrincipalName,
    SitePrincipalCertType,
    SitePrincipalCertNumber,
    SitePrincipalPhone,
    SitePrincipalEmergency,
    SitePrincipalEmail,
    ServiceRemark,
}

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// 序号 / 主体序号: a whole number or a short text.
    Key,
    /// Free text.
    Text,
    /// Text whose every character counts (certificate numbers, phones, codes): a number cell is
    /// refused, since Excel keeps 15 digits and drops leading zeros.
    Digits,
    /// One of a code group's labels (or the code itself, or an alias: `labels::code_for`).
    Code(Group),
    /// An access provider's name.
    Provider,
    /// A 网站内容 category's name.
    Content,
    /// A mini-program platform's label, or a quick app's platform as written.
    Hosted,
    /// A real date.
    Date,
    /// Several values (domains), separated by 、 , ; or line breaks.
    List,
}

/// Where a drop-down list takes its choices from (a column of 代码表).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choices {
    Nature,
    CertType,
    ServiceType,
    Provider,
    ProductType,
    MiniProgram,
    Content,
    FilingType,
    FiledWith,
    Province,
    /// The cities of the row's province (a named block of 代码表).
    City,
    /// The districts of the row's city.
    District,
}

pub(crate) struct Column {
    pub field: Field,
    pub header: String,
    /// The field patterns (`websites[].name`) this column holds: where a diagnostic is shown.
    pub paths: Vec<&'static str>,
    /// For an app platform's columns: which platform.
    pub platform: Option<AppPlatformKind>,
    pub kind: Kind,
    pub choices: Option<Choices>,
    /// Listed as 必填 in 说明 and marked in the header (the rulebook decides what is missing).
    pub required: bool,
    pub width: f64,
    /// What to fill, for 说明.
    pub hint: &'static str,
}

/// A field's label, from `labels.toml`.
fn label(path: &str) -> String {
    labels::field(path).map_or_else(|| path.to_owned(), |l| l.zh.clone())
}

/// A service field's label: 网站名称 → 服务名称 (the row may be an APP or a mini-program).
fn service_label(path: &str) -> String {
    let l = label(path);
    l.strip_prefix("网站").map_or_else(|| l.clone(), |rest| format!("服务{rest}"))
}

struct Spec {
    field: Field,
    paths: &'static [&'static str],
    kind: Kind,
    choices: Option<Choices>,
    required: bool,
    width: f64,
    hint: &'static str,
}

const fn spec(
    field: Field,
    paths: &'static [&'static str],
    kind: Kind,
    choices: Option<Choices>,
    required: bool,
    width: f64,
    hint: &'static str,
) -> Spec {
    Spec { field, paths, kind, choices, required, width, hint }
}

fn build(specs: Vec<Spec>, header: impl Fn(&Spec) -> String) -> Vec<Column> {
    specs
        .into_iter()
        .map(|s| Column {
            header: header(&s),
            field: s.field,
            paths: s.paths.to_vec(),
            platform: match s.field {
                Field::Package(p) | Field::Fingerprint(p) => Some(p),
                _ => None,
            },
            kind: s.kind,
            choices: s.choices,
            required: s.required,
            width: s.width,
            hint: s.hint,
        })
        .collect()
}

static SUBJECT_COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| {
    use Choices as C;
    use Field as F;
    use Kind as K;
    let specs = vec![
        spec(F::SubjectKey, &[], K::Key, None, true, 6.0, "1、2、3…：服务表用它指明服务属于哪个主体"),
        spec(F::Nature, &["subject.nature"], K::Code(Group::Nature), Some(C::Nature), true, 14.0, "从下拉列表选择"),
        spec(F::SubjectName, &["subject.name"], K::Text, None, true, 30.0, "单位全称或个人姓名，与证件一致"),
        spec(
            F::SubjectCertType,
            &["subject.cert_type"],
            K::Code(Group::CertType),
            Some(C::CertType),
            true,
            24.0,
            "从下拉列表选择",
        ),
        spec(
            F::SubjectCertNumber,
            &["subject.cert_number"],
            K::Digits,
            None,
            true,
            22.0,
            "文本格式：身份证号码、统一社会信用代码等，按证件原样填写",
        ),
        spec(
            F::Province,
            &["subject.region.province"],
            K::Text,
            Some(C::Province),
            true,
            14.0,
            "所属区域：从下拉列表选择省份",
        ),
        spec(F::City, &["subject.region.city"], K::Text, Some(C::City), true, 14.0, "先选省份，再从下拉列表选择城市"),
        spec(
            F::District,
            &["subject.region.district"],
            K::Text,
            Some(C::District),
            false,
            14.0,
            "先选城市，再从下拉列表选择区县",
        ),
        spec(F::CertAddress, &["subject.cert_address"], K::Text, None, true, 36.0, "证件上的住所或地址，原样填写"),
        spec(
            F::MailingAddress,
            &["subject.mailing_address"],
            K::Text,
            None,
            true,
            36.0,
            "能收到邮件的详细地址，写到门牌号",
        ),
        spec(F::Investor, &["subject.investor"], K::Text, None, true, 20.0, "个人填本人姓名；单位填投资人或主管单位"),
        spec(
            F::PrincipalName,
            &["subject.principal.name"],
            K::Text,
            None,
            true,
            12.0,
            "主体负责人（单位一般为法定代表人）",
        ),
        spec(
            F::PrincipalCertType,
            &["subject.principal.cert_type"],
            K::Code(Group::CertType),
            Some(C::CertType),
            true,
            18.0,
            "从下拉列表选择",
        ),
        spec(F::PrincipalCertNumber, &["subject.principal.cert_number"], K::Digits, None, true, 22.0, "文本格式"),
        spec(
            F::PrincipalPhone,
            &["subject.principal.phone"],
            K::Digits,
            None,
            true,
            16.0,
            "文本格式：本人实名的手机号码",
        ),
        spec(
            F::PrincipalPhone2,
            &["subject.principal.phone2"],
            K::Digits,
            None,
            false,
            16.0,
            "文本格式：单位必填（座机加区号，如 0571-88888888）",
        ),
        spec(
            F::PrincipalEmergency,
            &["subject.principal.emergency_phone"],
            K::Digits,
            None,
            true,
            16.0,
            "文本格式：与联系方式1不同的号码",
        ),
        spec(F::PrincipalEmail, &["subject.principal.email"], K::Text, None, true, 24.0, "常用的电子邮件地址"),
        spec(
            F::PrincipalHkMacau,
            &["subject.principal.hk_macau_id"],
            K::Digits,
            None,
            false,
            18.0,
            "文本格式：港澳居民来往内地通行证持有人填写",
        ),
        spec(F::Provider, &["provider"], K::Provider, Some(C::Provider), false, 14.0, "不填为阿里云"),
        spec(F::ProviderAccount, &["provider_account"], K::Text, None, false, 18.0, "接入商的登录名，不要填写密码"),
        spec(
            F::FilingType,
            &["filing_type"],
            K::Code(Group::FilingType),
            Some(C::FilingType),
            false,
            24.0,
            "不填时由工作台判断",
        ),
        spec(
            F::SubjectFiledWith,
            &["subject.filed.with"],
            K::Code(Group::FiledWith),
            Some(C::FiledWith),
            false,
            14.0,
            "主体以前是否备案过",
        ),
        spec(F::SubjectIcp, &["subject.filed.icp_number"], K::Digits, None, false, 18.0, "已备案的主体填写备案号"),
        spec(F::AsOf, &["as_of"], K::Date, None, false, 12.0, "日期格式（如 2026-11-20）；一般不填"),
        spec(F::SubjectRemark, &["subject.remark"], K::Text, None, false, 24.0, "给审核人员的说明，可不填"),
    ];
    build(specs, |s| if s.field == F::SubjectKey { SUBJECT_KEY.to_owned() } else { label(s.paths[0]) })
});

static SERVICE_COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| {
    use Choices as C;
    use Field as F;
    use Kind as K;
    let mut specs = vec![
        spec(F::ServiceKey, &[], K::Key, None, true, 8.0, "这项服务所属主体在主体表中的序号"),
        spec(
            F::ServiceType,
            &["websites[].service_type"],
            K::Code(Group::ServiceType),
            Some(C::ServiceType),
            true,
            10.0,
            "网站、APP、小程序或快应用",
        ),
        spec(F::ServiceName, &["websites[].name"], K::Text, None, true, 24.0, "网站名称、APP 名称或小程序名称"),
        spec(F::Domains, &["websites[].domains"], K::List, None, true, 28.0, "多个域名用顿号（、）或换行分开"),
        spec(
            F::Homepage,
            &["websites[].homepage_url"],
            K::Text,
            None,
            false,
            26.0,
            "网站必填，如 http://www.example.com",
        ),
        spec(F::Content, &["websites[].content"], K::Content, Some(C::Content), false, 14.0, "不填为“其他”"),
        spec(
            F::ProductType,
            &["websites[].product.type"],
            K::Code(Group::ProductType),
            Some(C::ProductType),
            false,
            16.0,
            "服务器等产品的类型",
        ),
        spec(F::InstanceId, &["websites[].product.instance_id"], K::Text, None, false, 22.0, "服务器等产品的实例 ID"),
        spec(
            F::ServiceNumber,
            &["websites[].product.service_number"],
            K::Digits,
            None,
            false,
            18.0,
            "文本格式：接入商提供的备案服务号、授权码等",
        ),
        spec(
            F::HostedPlatform,
            &["websites[].mini_program.platform", "websites[].quick_app.platform"],
            K::Hosted,
            Some(C::MiniProgram),
            false,
            14.0,
            "小程序从下拉列表选择；快应用填写平台名称",
        ),
        spec(
            F::HostedAppId,
            &["websites[].mini_program.app_id", "websites[].quick_app.app_id"],
            K::Digits,
            None,
            false,
            22.0,
            "小程序、快应用的 AppID",
        ),
    ];
    for p in [AppPlatformKind::Android, AppPlatformKind::Ios, AppPlatformKind::Harmony] {
        specs.push(spec(
            F::Package(p),
            &["websites[].app.platforms[].package"],
            K::Digits,
            None,
            false,
            24.0,
            "APP 在该平台的包名 / Bundle ID",
        ));
        specs.push(spec(
            F::Fingerprint(p),
            &["websites[].app.platforms[].fingerprint"],
            K::Digits,
            None,
            false,
            30.0,
            "APP 签名证书的指纹（可在工作台读取安装包得到）",
        ));
    }
    specs.extend([
        spec(
            F::SitePrincipalName,
            &["websites[].principal.name"],
            K::Text,
            None,
            false,
            14.0,
            "与主体负责人不同时填写；相同时本组各列留空",
        ),
        spec(
            F::SitePrincipalCertType,
            &["websites[].principal.cert_type"],
            K::Code(Group::CertType),
            Some(C::CertType),
            false,
            18.0,
            "从下拉列表选择",
        ),
        spec(
            F::SitePrincipalCertNumber,
            &["websites[].principal.cert_number"],
            K::Digits,
            None,
            false,
            22.0,
            "文本格式",
        ),
        spec(F::SitePrincipalPhone, &["websites[].principal.phone"], K::Digits, None, false, 16.0, "文本格式"),
        spec(
            F::SitePrincipalEmergency,
            &["websites[].principal.emergency_phone"],
            K::Digits,
            None,
            false,
            16.0,
            "文本格式",
        ),
        spec(F::SitePrincipalEmail, &["websites[].principal.email"], K::Text, None, false, 24.0, ""),
        spec(F::ServiceRemark, &["websites[].remark"], K::Text, None, false, 24.0, "可不填"),
    ]);
    let hosted =
        format!("{}/{}", beian_core::ServiceType::MiniProgram.label_zh(), beian_core::ServiceType::QuickApp.label_zh());
    build(specs, |s| match s.field {
        F::ServiceKey => SERVICE_KEY.to_owned(),
        F::HostedPlatform | F::HostedAppId => format!("{hosted}·{}", label(s.paths[0])),
        F::Package(p) | F::Fingerprint(p) => format!("{}·{}", p.label_zh(), label(s.paths[0])),
        _ => service_label(s.paths[0]),
    })
});

pub(crate) fn subject_columns() -> &'static [Column] {
    &SUBJECT_COLUMNS
}

pub(crate) fn service_columns() -> &'static [Column] {
    &SERVICE_COLUMNS
}

/// The columns of a data sheet.
pub(crate) fn columns_of(sheet: &str) -> &'static [Column] {
    if sheet == SUBJECTS { subject_columns() } else { service_columns() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_is_a_label_and_unique() {
        for cols in [subject_columns(), service_columns()] {
            let mut seen = std::collections::BTreeSet::new();
            for c in cols {
                assert!(seen.insert(c.header.clone()), "header twice: {}", c.header);
                for p in &c.paths {
                    assert!(labels::get(Group::Field, p).is_some(), "{p} has its own label in labels.toml");
                }
            }
        }
        let headers: Vec<&str> = service_columns().iter().map(|c| c.header.as_str()).collect();
        assert!(headers.contains(&"服务名称") && headers.contains(&"服务域名"), "{headers:?}");
        assert!(headers.contains(&"安卓（Android）·包名 / Bundle ID"), "{headers:?}");
    }
}
