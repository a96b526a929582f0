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
    #[serde(default)]
    pub subject: Subject,
    #[serde(default)]
    pub websites: Vec<Website>,
}

impl FilingDocument {
    /// A new, empty draft with just a subject name and one domain: what staff type first.
    pub fn draft(subject_name: &str, domain: &str) -> Self {
        FilingDocument {
            format: FORMAT.to_owned(),
            filing_type: None,
            as_of: None,
            subject: Subject { name: subject_name.to_owned(), ..Subject::default() },
            websites: vec![Website { domains: vec![domain.to_owned()], ..Website::default() }],
        }
    }

    /// The first domain of the first website, used as the filing's headline domain.
    pub fn primary_domain(&self) -> Option<&str> {
        self.websites.iter().flat_map(|w| w.domains.iter()).map(String::as_str).find(|d| !d.trim().is_empty())
    }
}

/// Filing types of `rules-digest.md` §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
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

    pub fn label_zh(self) -> &'static str {
        match self {
            FilingType::FirstFiling => "首次备案",
            FilingType::NewSiteSubjectElsewhere => "新增网站（原备案不在本服务商）",
            FilingType::NewSiteSubjectHere => "新增网站（原备案在本服务商）",
            FilingType::NewAccess => "新增接入备案",
            FilingType::ContinueAccess => "继续接入备案",
            FilingType::ChangeSubject => "变更备案（主体）",
            FilingType::ChangeSite => "变更备案（网站）",
            FilingType::CancelAccess => "取消接入",
            FilingType::DeregisterSubject => "注销主体",
            FilingType::DeregisterSite => "注销网站",
        }
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

    pub fn label_zh(self) -> &'static str {
        match self {
            Nature::Personal => "个人",
            Nature::Enterprise => "企业",
            Nature::Institution => "事业单位",
            Nature::SocialGroup => "社会团体",
            Nature::PrivateNonEnterprise => "民办非企业单位",
            Nature::Government => "政府机关",
            Nature::Military => "军队",
            Nature::Foundation => "基金会",
            Nature::LawFirm => "律师执业机构",
            Nature::Other => "其他",
        }
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

    pub fn label_zh(self) -> &'static str {
        match self {
            CertType::ResidentId => "居民身份证",
            CertType::BusinessLicense => "营业执照（统一社会信用代码）",
            CertType::OrgCode => "组织机构代码证",
            CertType::InstitutionCertificate => "事业单位法人证书",
            CertType::SocialGroupCertificate => "社会团体法人登记证书",
            CertType::PrivateNonEnterpriseCertificate => "民办非企业单位登记证书",
            CertType::Passport => "护照",
            CertType::TaiwanPass => "台湾居民来往大陆通行证",
            CertType::HkMacauPass => "港澳居民来往内地通行证",
            CertType::HmtResidencePermit => "港澳台居民居住证",
            CertType::ForeignPermanentId => "外国人永久居留身份证",
            CertType::OfficerId => "军官证",
            CertType::Other => "其他",
        }
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

    pub fn label_zh(self) -> &'static str {
        match self {
            ProductType::Ecs => "云服务器 ECS",
            ProductType::LightweightServer => "轻量应用服务器",
            ProductType::VirtualHost => "云虚拟主机",
            ProductType::WebHosting => "弹性 Web 托管",
            ProductType::Marketplace => "云市场",
            ProductType::NatGateway => "NAT 网关",
            ProductType::Ipv6Translation => "IPv6 转换服务",
            ProductType::Ens => "边缘节点服务 ENS",
            ProductType::Wangpu => "阿里巴巴旺铺 / 企业官网",
            ProductType::Other => "其他",
        }
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
    #[serde(default)]
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
        }
    }
}
