//! The filing document `beian-filing/1` (see `shared/spec/filing-exchange-format.md`).
//!
//! These types are the exchange format, the desktop app's model and the CLI's input at once.
//! Fields are lenient on absence (`#[serde(default)]`): a half-filled draft is still a document, and
//! missing values are reported by validation as diagnostics with field paths, all at once. Wrong types
//! and unknown codes are parse errors with the field path (see [`crate::document`]).

use serde::{Deserialize, Serialize};
use specta::Type;

/// The only format tag this build reads and writes.
pub const FORMAT: &str = "beian-filing/1";

/// One filing: a subject and the websites of one order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FilingDocument {
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_type: Option<FilingType>,
    /// ISO date at which the rules are evaluated; absent means today (China Standard Time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(type = Option<String>)]
    pub as_of: Option<jiff::civil::Date>,
    /// The access provider (接入商) the filing is made with: a [`crate::providers`] code; `aliyun`
    /// when absent, so every document written before providers existed keeps its meaning (and is
    /// written back without it: a document round-trips unchanged).
    #[serde(default = "default_provider", skip_serializing_if = "is_default_provider")]
    pub provider: String,
    /// The provider account the filing is made under: a name or login, never a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_account: Option<String>,
    #[serde(default)]
    pub subject: Subject,
    #[serde(default)]
    pub websites: Vec<Website>,
}

fn default_provider() -> String {
    crate::providers::DEFAULT_PROVIDER.to_owned()
}

fn is_default_provider(code: &str) -> bool {
    code == crate::providers::DEFAULT_PROVIDER
}

impl FilingDocument {
    /// A new, empty draft with just a subject name and one domain: what staff type first.
    /// A new draft from what staff type first. A name that ends the way a unit's registered name
    /// ends (有限公司, 厂, 中心, 协会, 大学 …) starts as that kind of unit, with the certificate type
    /// the table recommends for it; any other name starts as 个人.
    pub fn draft(subject_name: &str, domain: &str) -> Self {
        let nature = Nature::from_name(subject_name);
        let cert_type =
            crate::tables::certificates_for(nature).and_then(|c| c.recommended).unwrap_or(CertType::ResidentId);
        FilingDocument {
            format: FORMAT.to_owned(),
            filing_type: None,
            as_of: None,
            provider: default_provider(),
            provider_account: None,
            subject: Subject { name: subject_name.to_owned(), nature, cert_type, ..Subject::default() },
            websites: vec![Website { domains: vec![domain.to_owned()], ..Website::default() }],
        }
    }

    /// The first domain of the first website, used as the filing's headline domain.
    pub fn primary_domain(&self) -> Option<&str> {
        self.websites.iter().flat_map(|w| w.domains.iter()).map(String::as_str).find(|d| !d.trim().is_empty())
    }
}

/// Filing types of `rules-digest.md` §1. Read from a document by its code, or by the words a
/// console or the 2019 guide uses for it (`新增互联网信息服务（原备案在本服务商）`, `新增网站(原备案不在阿里云)`):
/// `labels::code_for`; always written as the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FilingType {
    FirstFiling,
    NewSiteSubjectElsewhere,
    NewSiteSubjectHere,
    NewAccess,
    ContinueAccess,
    ChangeSubject,
    ChangeSite,
    CancelAccess,
    DeregisterSubject,
    DeregisterSite,
}

impl<'de> Deserialize<'de> for FilingType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const CODES: &[&str] = &[
            "first_filing",
            "new_site_subject_elsewhere",
            "new_site_subject_here",
            "new_access",
            "continue_access",
            "change_subject",
            "change_site",
            "cancel_access",
            "deregister_subject",
            "deregister_site",
        ];
        let words = String::deserialize(d)?;
        FilingType::from_words(&words).ok_or_else(|| {
            let shown: String = words.chars().take(64).collect();
            serde::de::Error::unknown_variant(&shown, CODES)
        })
    }
}

impl FilingType {
    pub const ALL: [FilingType; 10] = [
        FilingType::FirstFiling,
        FilingType::NewSiteSubjectElsewhere,
        FilingType::NewSiteSubjectHere,
        FilingType::NewAccess,
        FilingType::ContinueAccess,
        FilingType::ChangeSubject,
        FilingType::ChangeSite,
        FilingType::CancelAccess,
        FilingType::DeregisterSubject,
        FilingType::DeregisterSite,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FilingType::FirstFiling => "first_filing",
            FilingType::NewSiteSubjectElsewhere => "new_site_subject_elsewhere",
            FilingType::NewSiteSubjectHere => "new_site_subject_here",
            FilingType::NewAccess => "new_access",
            FilingType::ContinueAccess => "continue_access",
            FilingType::ChangeSubject => "change_subject",
            FilingType::ChangeSite => "change_site",
            FilingType::CancelAccess => "cancel_access",
            FilingType::DeregisterSubject => "deregister_subject",
            FilingType::DeregisterSite => "deregister_site",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The type a code, label or alias names (`labels::code_for`).
    pub fn from_words(words: &str) -> Option<Self> {
        Self::from_code(words)
            .or_else(|| crate::labels::code_for(crate::labels::Group::FilingType, words).and_then(Self::from_code))
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::FilingType, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::FilingType, self.code())
    }
}

/// Where a province/city/district stands, by GB/T 2260 full names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Region {
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub district: Option<String>,
}

/// 主办单位性质.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    #[default]
    Personal,
    Enterprise,
    Institution,
    SocialGroup,
    PrivateNonEnterprise,
    Government,
    Military,
    Foundation,
    LawFirm,
    Other,
}

impl Nature {
    pub const ALL: [Nature; 10] = [
        Nature::Personal,
        Nature::Enterprise,
        Nature::Institution,
        Nature::SocialGroup,
        Nature::PrivateNonEnterprise,
        Nature::Government,
        Nature::Military,
        Nature::Foundation,
        Nature::LawFirm,
        Nature::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Nature::Personal => "personal",
            Nature::Enterprise => "enterprise",
            Nature::Institution => "institution",
            Nature::SocialGroup => "social_group",
            Nature::PrivateNonEnterprise => "private_non_enterprise",
            Nature::Government => "government",
            Nature::Military => "military",
            Nature::Foundation => "foundation",
            Nature::LawFirm => "law_firm",
            Nature::Other => "other",
        }
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::Nature, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::Nature, self.code())
    }

    /// The nature a subject's name suggests, by how a registered name of each kind of unit ends;
    /// 个人 when it ends like none (a person's name). Only a starting point: staff choose.
    pub fn from_name(name: &str) -> Nature {
        const ENDINGS: &[(Nature, &[&str])] = &[
            (Nature::LawFirm, &["律师事务所"]),
            (Nature::Foundation, &["基金会"]),
            (Nature::Government, &["人民政府", "人民法院", "人民检察院", "委员会", "局", "厅"]),
            (Nature::SocialGroup, &["协会", "学会", "商会", "联合会", "促进会", "研究会", "联谊会"]),
            (
                Nature::Institution,
                &["大学", "学院", "中学", "小学", "学校", "医院", "卫生院", "研究所", "研究院", "图书馆", "博物馆"],
            ),
            (
                Nature::Enterprise,
                &["公司", "厂", "中心", "集团", "商行", "经营部", "门市部", "合作社", "工作室", "店", "事务所"],
            ),
        ];
        let name = name.trim();
        // A branch's name may end with its own part in brackets, 某某有限公司（北京） — the part
        // before the bracket counts too.
        let before = name.rfind(['(', '（']).map_or(name, |i| &name[..i]);
        let unit = |n: &str, e: &str| n.ends_with(e) && n.chars().count() >= e.chars().count() + 2;
        ENDINGS
            .iter()
            .find(|(_, ends)| ends.iter().any(|e| unit(name, e) || unit(before, e)))
            .map_or(Nature::Personal, |(n, _)| *n)
    }
    pub fn is_personal(self) -> bool {
        self == Nature::Personal
    }
}

/// 证件类型.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CertType {
    #[default]
    ResidentId,
    BusinessLicense,
    OrgCode,
    InstitutionCertificate,
    SocialGroupCertificate,
    PrivateNonEnterpriseCertificate,
    Passport,
    TaiwanPass,
    HkMacauPass,
    HmtResidencePermit,
    ForeignPermanentId,
    OfficerId,
    Other,
}

impl CertType {
    pub const ALL: [CertType; 13] = [
        CertType::ResidentId,
        CertType::BusinessLicense,
        CertType::OrgCode,
        CertType::InstitutionCertificate,
        CertType::SocialGroupCertificate,
        CertType::PrivateNonEnterpriseCertificate,
        CertType::Passport,
        CertType::TaiwanPass,
        CertType::HkMacauPass,
        CertType::HmtResidencePermit,
        CertType::ForeignPermanentId,
        CertType::OfficerId,
        CertType::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CertType::ResidentId => "resident_id",
            CertType::BusinessLicense => "business_license",
            CertType::OrgCode => "org_code",
            CertType::InstitutionCertificate => "institution_certificate",
            CertType::SocialGroupCertificate => "social_group_certificate",
            CertType::PrivateNonEnterpriseCertificate => "private_non_enterprise_certificate",
            CertType::Passport => "passport",
            CertType::TaiwanPass => "taiwan_pass",
            CertType::HkMacauPass => "hk_macau_pass",
            CertType::HmtResidencePermit => "hmt_residence_permit",
            CertType::ForeignPermanentId => "foreign_permanent_id",
            CertType::OfficerId => "officer_id",
            CertType::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::CertType, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::CertType, self.code())
    }
}

/// A natural person: the subject principal or a website principal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Person {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub cert_type: CertType,
    #[serde(default)]
    pub cert_number: String,
    #[serde(default)]
    pub phone: String,
    /// 联系方式2: required for units, optional for personal filings.
    #[serde(default)]
    pub phone2: Option<String>,
    #[serde(default)]
    pub emergency_phone: String,
    #[serde(default)]
    pub email: String,
    /// Hong Kong / Macau identity card number on the back of a 港澳居民来往内地通行证.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hk_macau_id: Option<String>,
}

/// `filed.with`: where an earlier filing of this subject or site was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FiledWith {
    #[default]
    None,
    Here,
    Elsewhere,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Filed {
    #[serde(default)]
    pub icp_number: Option<String>,
    #[serde(default)]
    pub with: FiledWith,
}

/// 主体信息.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Subject {
    #[serde(default)]
    pub region: Region,
    #[serde(default)]
    pub nature: Nature,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub cert_type: CertType,
    #[serde(default)]
    pub cert_number: String,
    #[serde(default)]
    pub cert_address: String,
    #[serde(default)]
    pub mailing_address: String,
    #[serde(default)]
    pub investor: String,
    #[serde(default)]
    pub principal: Person,
    #[serde(default)]
    pub remark: String,
    #[serde(default)]
    pub filed: Filed,
}

/// 服务类型.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    #[default]
    Website,
    App,
    MiniProgram,
    QuickApp,
}

impl ServiceType {
    pub const ALL: [ServiceType; 4] =
        [ServiceType::Website, ServiceType::App, ServiceType::MiniProgram, ServiceType::QuickApp];

    pub fn code(self) -> &'static str {
        match self {
            ServiceType::Website => "website",
            ServiceType::App => "app",
            ServiceType::MiniProgram => "mini_program",
            ServiceType::QuickApp => "quick_app",
        }
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::ServiceType, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::ServiceType, self.code())
    }
}

/// 产品类型 of the product verification step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProductType {
    #[default]
    Ecs,
    LightweightServer,
    VirtualHost,
    WebHosting,
    Marketplace,
    NatGateway,
    Ipv6Translation,
    Ens,
    Wangpu,
    Other,
}

impl ProductType {
    pub const ALL: [ProductType; 10] = [
        ProductType::Ecs,
        ProductType::LightweightServer,
        ProductType::VirtualHost,
        ProductType::WebHosting,
        ProductType::Marketplace,
        ProductType::NatGateway,
        ProductType::Ipv6Translation,
        ProductType::Ens,
        ProductType::Wangpu,
        ProductType::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProductType::Ecs => "ecs",
            ProductType::LightweightServer => "lightweight_server",
            ProductType::VirtualHost => "virtual_host",
            ProductType::WebHosting => "web_hosting",
            ProductType::Marketplace => "marketplace",
            ProductType::NatGateway => "nat_gateway",
            ProductType::Ipv6Translation => "ipv6_translation",
            ProductType::Ens => "ens",
            ProductType::Wangpu => "wangpu",
            ProductType::Other => "other",
        }
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::ProductType, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::ProductType, self.code())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Product {
    #[serde(default, rename = "type")]
    pub kind: ProductType,
    #[serde(default)]
    pub instance_id: Option<String>,
    #[serde(default)]
    pub service_number: Option<String>,
}

/// 前置审批.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Preapproval {
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub attachment: Option<String>,
}

/// 网站信息.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Website {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domains: Vec<String>,
    /// May be `null` in the document (apps, mini-programs): read as empty.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[specta(type = String)]
    pub homepage_url: String,
    /// 网站内容: `other`, `unit_portal`, `general_portal`, … (an open list).
    #[serde(default = "default_content")]
    pub content: String,
    #[serde(default)]
    pub service_type: ServiceType,
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    #[serde(default)]
    pub preapprovals: Vec<Preapproval>,
    #[serde(default)]
    pub product: Product,
    /// `None`: the subject principal is also the website principal.
    #[serde(default)]
    pub principal: Option<Person>,
    #[serde(default)]
    pub remark: String,
    #[serde(default)]
    pub filed: Filed,
    /// The app block (`service_type` `app`): platforms, SDKs, IPs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<AppDetails>,
    /// The mini-program block (`service_type` `mini_program`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mini_program: Option<HostedApp>,
    /// The quick-app block (`service_type` `quick_app`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_app: Option<HostedApp>,
}

/// 运行平台 of an app (`websites[i].app.platforms[j].platform`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AppPlatformKind {
    #[default]
    Android,
    Ios,
    Harmony,
    Other,
}

impl AppPlatformKind {
    pub const ALL: [AppPlatformKind; 4] =
        [AppPlatformKind::Android, AppPlatformKind::Ios, AppPlatformKind::Harmony, AppPlatformKind::Other];

    pub fn code(self) -> &'static str {
        match self {
            AppPlatformKind::Android => "android",
            AppPlatformKind::Ios => "ios",
            AppPlatformKind::Harmony => "harmony",
            AppPlatformKind::Other => "other",
        }
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::AppPlatform, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::AppPlatform, self.code())
    }
}

/// One platform of an app (平台信息): its package, signing-certificate fingerprint, public key and
/// the domains the app uses on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct AppPlatform {
    #[serde(default)]
    pub platform: AppPlatformKind,
    /// Android package name, iOS bundle ID or HarmonyOS bundle name.
    #[serde(default)]
    pub package: String,
    /// 签名MD5值 (Android: MD5; iOS: SHA-1; HarmonyOS: as the provider asks), hex.
    #[serde(default)]
    pub fingerprint: String,
    /// 公钥: hex (Android: the RSA modulus) or base64.
    #[serde(default)]
    pub public_key: String,
    /// The signing certificate's subject, as read from the package (for the debug-certificate check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_subject: Option<String>,
    /// The domains the app uses on this platform (用到哪级备哪级).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
}

/// An SDK the app uses (SDK服务厂商及功能类型).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct AppSdk {
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub purpose: String,
}

/// The app block of a service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct AppDetails {
    #[serde(default)]
    pub platforms: Vec<AppPlatform>,
    #[serde(default)]
    pub sdks: Vec<AppSdk>,
    /// 接入信息: the public IPs of the provider's servers the app uses.
    #[serde(default)]
    pub ips: Vec<String>,
}

/// A mini-program or quick app: the platform that runs it and its AppID there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct HostedApp {
    /// `wechat`, `alipay`, `douyin`, `baidu`, `other` (mini-programs); the quick-app platform.
    #[serde(default)]
    pub platform: String,
    #[serde(default)]
    pub app_id: String,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

fn default_content() -> String {
    "other".to_owned()
}

fn default_languages() -> Vec<String> {
    vec!["zh-Hans".to_owned()]
}

impl Default for Website {
    fn default() -> Self {
        Website {
            name: String::new(),
            domains: Vec::new(),
            homepage_url: String::new(),
            content: default_content(),
            service_type: ServiceType::default(),
            languages: default_languages(),
            preapprovals: Vec::new(),
            product: Product::default(),
            principal: None,
            remark: String::new(),
            filed: Filed::default(),
            app: None,
            mini_program: None,
            quick_app: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_subject_starts_as_the_unit_its_name_says() {
        for (name, nature) in [
            ("北京某某科技有限公司", Nature::Enterprise),
            ("杭州某某网络科技有限公司（滨江分公司）", Nature::Enterprise),
            ("某某市第一机床厂", Nature::Enterprise),
            ("某某数据服务中心", Nature::Enterprise),
            ("某某大学", Nature::Institution),
            ("某某市计算机学会", Nature::SocialGroup),
            ("某某律师事务所", Nature::LawFirm),
            ("某某慈善基金会", Nature::Foundation),
            ("某某市人民政府", Nature::Government),
            ("张三", Nature::Personal),
            ("", Nature::Personal),
        ] {
            assert_eq!(Nature::from_name(name), nature, "{name}");
        }
        let d = FilingDocument::draft("北京某某科技有限公司", "a.cn");
        assert_eq!((d.subject.nature, d.subject.cert_type), (Nature::Enterprise, CertType::BusinessLicense));
        let d = FilingDocument::draft("张三", "a.cn");
        assert_eq!((d.subject.nature, d.subject.cert_type), (Nature::Personal, CertType::ResidentId));
    }
}
