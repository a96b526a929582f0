//! The rule tables: provinces, forbidden words, websites per order, SMS verification, product quotas,
//! 前置审批 and content codes, domain suffixes, certificates by subject nature and materials.
//!
//! Each table is a TOML file in `data/tables/` carrying its source (the guide's section, or the
//! digest's entry for rules published after the guide) and, where known, the dates it is in force.
//! The files are compiled in with `include_str!` and parsed once, on first use. Their tests prove
//! that every file parses and is consistent; `tests/tables_match_guide.rs` proves that what was
//! copied from the guide is the guide's text.
//!
//! Province keys are GB/T 2260 full names (`浙江省`, `内蒙古自治区`), as in `subject.region.province`.
//! Effective dates are inclusive at both ends; an absent date means no limit on that side.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{CertType, FilingType, Nature, ProductType};

/// The table files, by name, as compiled into the crate.
pub const FILES: [(&str, &str); 11] = [
    ("provinces.toml", include_str!("../data/tables/provinces.toml")),
    ("site_names.toml", include_str!("../data/tables/site_names.toml")),
    ("personal_name_province_words.toml", include_str!("../data/tables/personal_name_province_words.toml")),
    ("site_limits.toml", include_str!("../data/tables/site_limits.toml")),
    ("sms.toml", include_str!("../data/tables/sms.toml")),
    ("products.toml", include_str!("../data/tables/products.toml")),
    ("preapprovals.toml", include_str!("../data/tables/preapprovals.toml")),
    ("content.toml", include_str!("../data/tables/content.toml")),
    ("domains.toml", include_str!("../data/tables/domains.toml")),
    ("subject_certificates.toml", include_str!("../data/tables/subject_certificates.toml")),
    ("materials.toml", include_str!("../data/tables/materials.toml")),
];

/// A table file that does not parse into its type.
#[derive(Debug, thiserror::Error)]
#[error("data table {file}: {source}")]
pub struct TableError {
    pub file: &'static str,
    #[source]
    pub source: toml::de::Error,
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// Where a table comes from, and when it was copied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    pub source: String,
    pub section: String,
    #[specta(type = String)]
    pub copied: Date,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which subjects a row is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Any,
    Personal,
    /// Every nature but personal.
    Unit,
}

impl SubjectKind {
    pub fn matches(self, nature: Nature) -> bool {
        match self {
            SubjectKind::Any => true,
            SubjectKind::Personal => nature.is_personal(),
            SubjectKind::Unit => !nature.is_personal(),
        }
    }
}

/// A row that is in force over a range of dates (inclusive; absent ends are open).
pub trait Effective {
    fn effective_from(&self) -> Option<Date>;
    fn effective_until(&self) -> Option<Date>;
    fn in_force(&self, date: Date) -> bool {
        self.effective_from().is_none_or(|from| from <= date)
            && self.effective_until().is_none_or(|until| date <= until)
    }
}

macro_rules! effective {
    ($($t:ty),*) => {$(
        impl Effective for $t {
            fn effective_from(&self) -> Option<Date> {
                self.effective_from
            }
            fn effective_until(&self) -> Option<Date> {
                self.effective_until
            }
        }
    )*};
}

effective!(SiteLimit, SmsVerifierRule, SmsSender, DomainRule, Material);

/// Each distinct item of `items`, in first-seen order.
fn unique<'a>(items: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
    items.iter().enumerate().filter(move |(i, w)| !items[..*i].contains(w)).map(|(_, w)| w.as_str())
}

// ---------------------------------------------------------------------------------------------
// provinces.toml

/// A provincial-level division (GB/T 2260).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Province {
    /// The first two digits of the division code.
    pub code: String,
    /// Full name, the key used everywhere: `浙江省`.
    pub name: String,
    /// The name in running text, as the guide writes it: `浙江`.
    pub short: String,
    /// First character of the province's ICP numbers (`浙ICP备…`); none for 台湾, 香港, 澳门.
    #[serde(default)]
    pub icp_prefix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvincesFile {
    meta: Meta,
    province: Vec<Province>,
}

// ---------------------------------------------------------------------------------------------
// site_names.toml, personal_name_province_words.toml

/// A list of words copied from one line of the guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct WordList {
    pub source: String,
    pub applies_to: String,
    /// The guide's line the words come from.
    pub guide_text: String,
    /// The guide ends the list with 等: the words are examples of a class.
    pub open_list: bool,
    pub words: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The naming requirements of §3 附录一 (units) and 附录二 (personal), line by line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct NamingRules {
    pub unit: Vec<String>,
    pub personal: Vec<String>,
}

/// A province that only accepts names of a given shape (江苏: “某某的个人博客” / “某某的个人主页”).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProvinceNamePattern {
    pub province: String,
    pub subject: SubjectKind,
    /// The part of a pattern that stands for the person's chosen text (`某某`).
    pub placeholder: String,
    pub patterns: Vec<String>,
    /// The remark (备注) must describe the site's main content.
    pub remark_required: bool,
    pub remark_guide_text: String,
    pub guide_text: String,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl ProvinceNamePattern {
    /// Whether `name` has the shape of one of the patterns, the placeholder standing for any
    /// non-empty text.
    pub fn matches(&self, name: &str) -> bool {
        let name = name.trim();
        self.patterns.iter().any(|pattern| match pattern.split_once(self.placeholder.as_str()) {
            Some((before, after)) => {
                name.len() > before.len() + after.len() && name.starts_with(before) && name.ends_with(after)
            }
            None => name == pattern,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteNamesFile {
    meta: Meta,
    rules: NamingRules,
    national_prefixes: WordList,
    sensitive_words: WordList,
    personal_forbidden_words: WordList,
    personal_preapproval_words: WordList,
    province_pattern: Vec<ProvinceNamePattern>,
}

/// One row of the guide's table of words a province forbids in personal website names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProvinceNameWords {
    pub province: String,
    /// As printed in the guide, repetitions included.
    pub words: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl ProvinceNameWords {
    /// The words, each once, in the guide's order.
    pub fn unique_words(&self) -> impl Iterator<Item = &str> {
        unique(&self.words)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceWordsFile {
    meta: Meta,
    province: Vec<ProvinceNameWords>,
}

// ---------------------------------------------------------------------------------------------
// site_limits.toml

/// How many websites and domains one order may file (§3 表 3-1 and later provincial rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SiteLimit {
    /// `None`: every province without a row of its own.
    #[serde(default)]
    pub province: Option<String>,
    pub subject: SubjectKind,
    pub filing_types: Vec<FilingType>,
    /// 是否支持备案多个网站.
    pub multiple_websites: bool,
    /// `None`: several (多个), no fixed number.
    #[serde(default)]
    pub max_websites: Option<u32>,
    #[serde(default)]
    pub max_domains_per_website: Option<u32>,
    /// Cap on the new domains of one application.
    #[serde(default)]
    pub max_new_domains: Option<u32>,
    #[serde(default)]
    pub guide_province: Option<String>,
    #[serde(default)]
    pub guide_subject: Option<String>,
    #[serde(default)]
    pub guide_filing_types: Option<String>,
    /// The guide's 备案网站数目要求 cell.
    #[serde(default)]
    pub guide_text: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteLimitsFile {
    meta: Meta,
    limit: Vec<SiteLimit>,
}

// ---------------------------------------------------------------------------------------------
// sms.toml

/// A batch of provinces where SMS verification became required on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsPilot {
    #[specta(type = String)]
    pub from: Date,
    pub provinces: Vec<String>,
    pub guide_text: String,
    pub source: String,
}

/// The day from which SMS verification is required in every province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsNationwide {
    #[specta(type = String)]
    pub from: Date,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Whose phone receives a verification code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VerifierRole {
    SubjectPrincipal,
    WebsitePrincipal,
}

/// Who verifies for some filing types (§8 附录二 and later rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsVerifierRule {
    pub filing_types: Vec<FilingType>,
    /// Empty: nobody verifies.
    pub verifiers: Vec<VerifierRole>,
    /// Verifiers sharing a phone number (联系方式1) get one code between them.
    #[serde(default)]
    pub one_code_per_phone: bool,
    /// The guide's 备案类型 cell.
    #[serde(default)]
    pub guide_label: Option<String>,
    /// The guide's 验证对象 cell.
    #[serde(default)]
    pub guide_text: Option<String>,
    /// The guide's 备注 cell, line by line.
    #[serde(default)]
    pub guide_remarks: Vec<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    Telecom,
    Unicom,
    Mobile,
    Virtual,
    /// Every carrier.
    Any,
}

/// The number that sends verification codes to a carrier's users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsSender {
    pub carrier: Carrier,
    pub carrier_zh: String,
    /// `None`: no fixed number (虚拟运营商).
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub guide_text: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The verification code's rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SmsCode {
    pub digits: u32,
    /// The code must be entered within this many hours.
    pub valid_hours: u32,
    /// The code arrives about this many minutes after the order reaches the 管局.
    pub arrives_after_minutes: u32,
    /// A resent code arrives after about this many minutes.
    pub resend_arrives_after_minutes: u32,
    /// Wrong entries after which the order is returned [later].
    pub max_wrong_entries: u32,
    /// Resends allowed [later].
    pub max_resends: u32,
    pub guide_texts: Vec<String>,
    pub source: String,
}

/// Which number's last six characters are typed in the verification form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Last6From {
    /// The certificate number (`cert_number`).
    CertNumber,
    /// The Hong Kong / Macau identity card number on the back of the pass (`hk_macau_id`).
    HkMacauId,
}

/// How the "last six characters of the certificate" are taken for a certificate type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Last6Rule {
    /// `None`: every province without a rule of its own.
    #[serde(default)]
    pub province: Option<String>,
    pub cert_type: CertType,
    pub digits_from: Last6From,
    /// Parentheses must be typed full-width: `567（8）`.
    pub full_width_parentheses: bool,
    pub example: String,
    pub guide_text: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SmsFile {
    meta: Meta,
    pilot: Vec<SmsPilot>,
    nationwide: SmsNationwide,
    verifier: Vec<SmsVerifierRule>,
    sender: Vec<SmsSender>,
    code: SmsCode,
    last6_rule: Vec<Last6Rule>,
}

// ---------------------------------------------------------------------------------------------
// products.toml

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum QuotaUnit {
    PerInstance,
    PerAccount,
    /// Filed through the product's own flow, without service numbers (旺铺).
    OwnFlow,
    Unknown,
}

/// A product type and its quota of 备案服务号.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProductQuota {
    pub code: ProductType,
    pub label_zh: String,
    /// The product's name as the guide writes it, where it does.
    #[serde(default)]
    pub guide_label: Option<String>,
    /// Service numbers per `quota_unit`; `None` when there is no quota.
    #[serde(default)]
    pub quota: Option<u32>,
    pub quota_unit: QuotaUnit,
    /// What a purchase must be to yield service numbers.
    #[serde(default)]
    pub conditions: Option<String>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The shape of a 备案服务号: hexadecimal groups joined by a separator (8-4-4-4-12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ServiceNumberFormat {
    pub groups: Vec<u32>,
    pub separator: String,
    pub digits: String,
    pub example: String,
    pub guide_text: String,
    pub source: String,
}

impl ServiceNumberFormat {
    /// Whether `s` has the format exactly (no surrounding spaces; either letter case).
    pub fn matches(&self, s: &str) -> bool {
        let parts: Vec<&str> = s.split(self.separator.as_str()).collect();
        parts.len() == self.groups.len()
            && parts
                .iter()
                .zip(&self.groups)
                .all(|(part, &len)| part.len() == len as usize && part.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductsFile {
    meta: Meta,
    product: Vec<ProductQuota>,
    service_number: ServiceNumberFormat,
}

// ---------------------------------------------------------------------------------------------
// preapprovals.toml, content.toml

/// A 前置审批 type (`websites[].preapprovals[].type`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct PreapprovalType {
    pub code: String,
    pub label_zh: String,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreapprovalsFile {
    meta: Meta,
    preapproval: Vec<PreapprovalType>,
}

/// A 网站内容 category (`websites[].content`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ContentType {
    pub code: String,
    pub label_zh: String,
    /// Who may choose it.
    pub subject: SubjectKind,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentFile {
    meta: Meta,
    content: Vec<ContentType>,
}

// ---------------------------------------------------------------------------------------------
// domains.toml

/// The domain suffixes a subject nature must use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct DomainRule {
    pub nature: Nature,
    pub subject_label: String,
    pub suffixes: Vec<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl DomainRule {
    /// Whether `domain` ends with one of the suffixes (case-insensitive; a trailing dot ignored).
    pub fn allows(&self, domain: &str) -> bool {
        let domain = domain.trim().trim_end_matches('.').to_lowercase();
        self.suffixes.iter().any(|suffix| domain.ends_with(&suffix.to_lowercase()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainsFile {
    meta: Meta,
    rule: Vec<DomainRule>,
}

// ---------------------------------------------------------------------------------------------
// subject_certificates.toml

/// The certificate types that go with a subject nature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct NatureCertificates {
    pub nature: Nature,
    /// What to pre-select.
    #[serde(default)]
    pub recommended: Option<CertType>,
    /// What validation accepts without a warning.
    pub allowed: Vec<CertType>,
    #[serde(default)]
    pub guide_text: Option<String>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

impl NatureCertificates {
    pub fn allows(&self, cert_type: CertType) -> bool {
        self.allowed.contains(&cert_type)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificatesFile {
    meta: Meta,
    nature: Vec<NatureCertificates>,
}

// ---------------------------------------------------------------------------------------------
// materials.toml

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MaterialKind {
    /// 基本资料: photographed live in the provider's app.
    Basic,
    /// 辅助资料.
    Auxiliary,
}

/// When a material is needed, beyond filing type, subject kind, province and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MaterialCondition {
    Always,
    /// A website names a principal other than the subject principal.
    WebsitePrincipalDiffers,
    /// A website has a 前置审批.
    HasPreapproval,
    /// Only when the reviewer or the 管局 asks for it.
    OnRequest,
}

/// A material (备案资料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub code: String,
    pub name_zh: String,
    pub kind: MaterialKind,
    pub filing_types: Vec<FilingType>,
    pub subject: SubjectKind,
    /// Empty: every province.
    #[serde(default)]
    pub provinces: Vec<String>,
    pub condition: MaterialCondition,
    #[serde(default)]
    pub guide_text: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MaterialsFile {
    meta: Meta,
    material: Vec<Material>,
}

// ---------------------------------------------------------------------------------------------
// Loading

struct Tables {
    provinces: ProvincesFile,
    site_names: SiteNamesFile,
    province_words: ProvinceWordsFile,
    site_limits: SiteLimitsFile,
    sms: SmsFile,
    products: ProductsFile,
    preapprovals: PreapprovalsFile,
    content: ContentFile,
    domains: DomainsFile,
    certificates: CertificatesFile,
    materials: MaterialsFile,
}

fn parse<T: DeserializeOwned>(file: &'static str) -> Result<T, TableError> {
    let text = FILES.iter().find(|(name, _)| *name == file).map(|(_, text)| *text).unwrap_or_default();
    toml::from_str(text).map_err(|source| TableError { file, source })
}

impl Tables {
    fn load() -> Result<Tables, TableError> {
        Ok(Tables {
            provinces: parse("provinces.toml")?,
            site_names: parse("site_names.toml")?,
            province_words: parse("personal_name_province_words.toml")?,
            site_limits: parse("site_limits.toml")?,
            sms: parse("sms.toml")?,
            products: parse("products.toml")?,
            preapprovals: parse("preapprovals.toml")?,
            content: parse("content.toml")?,
            domains: parse("domains.toml")?,
            certificates: parse("subject_certificates.toml")?,
            materials: parse("materials.toml")?,
        })
    }
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| match Tables::load() {
    Ok(tables) => tables,
    // The files are compiled in and every one is parsed by this module's tests.
    Err(e) => panic!("{e}"),
});

/// Parses every table without panicking: for a self-check at start-up or in `beian doctor`.
pub fn check_tables() -> Result<(), TableError> {
    Tables::load().map(|_| ())
}

/// Every table's file name and provenance, in [`FILES`] order.
pub fn table_sources() -> Vec<(&'static str, &'static Meta)> {
    let t = &*TABLES;
    let metas = [
        &t.provinces.meta,
        &t.site_names.meta,
        &t.province_words.meta,
        &t.site_limits.meta,
        &t.sms.meta,
        &t.products.meta,
        &t.preapprovals.meta,
        &t.content.meta,
        &t.domains.meta,
        &t.certificates.meta,
        &t.materials.meta,
    ];
    FILES.iter().map(|(name, _)| *name).zip(metas).collect()
}

// ---------------------------------------------------------------------------------------------
// Accessors and queries

/// The 34 provincial-level divisions.
pub fn provinces() -> &'static [Province] {
    &TABLES.provinces.province
}

/// A province by its full name (`浙江省`).
pub fn province(name: &str) -> Option<&'static Province> {
    provinces().iter().find(|p| p.name == name)
}

/// Whether `name` is one of the 34 full names.
pub fn is_province(name: &str) -> bool {
    province(name).is_some()
}

/// A province by the short name the guide uses in running text (`浙江`, `内蒙古`).
pub fn province_by_short(short: &str) -> Option<&'static Province> {
    provinces().iter().find(|p| p.short == short)
}

/// The naming requirements of §3 附录一 and 附录二, line by line.
pub fn naming_rules() -> &'static NamingRules {
    &TABLES.site_names.rules
}

/// Prefixes a non-national unit's site name must not start with (中国、中华 …).
pub fn national_prefixes() -> &'static WordList {
    &TABLES.site_names.national_prefixes
}

/// Sensitive words forbidden in every site name (反腐、赌博 …).
pub fn sensitive_words() -> &'static WordList {
    &TABLES.site_names.sensitive_words
}

/// Words forbidden in every personal site name (资讯、网站 …).
pub fn personal_forbidden_words() -> &'static WordList {
    &TABLES.site_names.personal_forbidden_words
}

/// Words a personal site name may contain only with a 前置审批 (博客、论坛 …).
pub fn personal_preapproval_words() -> &'static WordList {
    &TABLES.site_names.personal_preapproval_words
}

/// Provinces that accept only names of a given shape (江苏).
pub fn personal_name_patterns() -> &'static [ProvinceNamePattern] {
    &TABLES.site_names.province_pattern
}

/// The name shape a province requires of personal sites, if any.
pub fn personal_name_pattern(province: &str) -> Option<&'static ProvinceNamePattern> {
    personal_name_patterns().iter().find(|p| p.province == province)
}

/// The guide's table of words some provinces forbid in personal site names, row by row.
pub fn personal_name_province_words() -> &'static [ProvinceNameWords] {
    &TABLES.province_words.province
}

/// The row of that table for a province, if it has one.
pub fn personal_name_province_row(province: &str) -> Option<&'static ProvinceNameWords> {
    personal_name_province_words().iter().find(|r| r.province == province)
}

/// The words `province` forbids in personal site names on top of the general lists, each once, in
/// the guide's order; nothing for a province without a row.
pub fn personal_name_forbidden_words(province: &str) -> impl Iterator<Item = &'static str> {
    personal_name_province_row(province).into_iter().flat_map(ProvinceNameWords::unique_words)
}

/// Websites-per-order limits, every row.
pub fn site_limits() -> &'static [SiteLimit] {
    &TABLES.site_limits.limit
}

/// The limit for an order: the province's own row if one applies, else the row for every other
/// province. `None` when no row covers the filing type (e.g. access or change filings).
pub fn site_limit_for(
    province: &str,
    nature: Nature,
    filing_type: FilingType,
    date: Date,
) -> Option<&'static SiteLimit> {
    let applies =
        |l: &&SiteLimit| l.subject.matches(nature) && l.filing_types.contains(&filing_type) && l.in_force(date);
    let rows = site_limits().iter().filter(applies);
    rows.clone()
        .find(|l| l.province.as_deref() == Some(province))
        .or_else(|| rows.clone().find(|l| l.province.is_none()))
}

/// The SMS-verification pilot batches, in date order.
pub fn sms_pilots() -> &'static [SmsPilot] {
    &TABLES.sms.pilot
}

/// When SMS verification became required everywhere.
pub fn sms_nationwide() -> &'static SmsNationwide {
    &TABLES.sms.nationwide
}

/// Whether a filing of a subject in `province` needs SMS verification on `date`.
pub fn sms_required(province: &str, date: Date) -> bool {
    sms_nationwide().from <= date
        || sms_pilots().iter().any(|p| p.from <= date && p.provinces.iter().any(|q| q == province))
}

/// Who verifies, every rule.
pub fn sms_verifier_rules() -> &'static [SmsVerifierRule] {
    &TABLES.sms.verifier
}

/// The rule saying who verifies a filing of `filing_type` on `date`.
pub fn sms_verifiers_for(filing_type: FilingType, date: Date) -> Option<&'static SmsVerifierRule> {
    sms_verifier_rules().iter().find(|r| r.filing_types.contains(&filing_type) && r.in_force(date))
}

/// The numbers that send verification codes.
pub fn sms_senders() -> &'static [SmsSender] {
    &TABLES.sms.sender
}

/// The verification code's rules (digits, validity, resends).
pub fn sms_code() -> &'static SmsCode {
    &TABLES.sms.code
}

/// How the last six characters are taken, every rule.
pub fn last6_rules() -> &'static [Last6Rule] {
    &TABLES.sms.last6_rule
}

/// How the last six characters of a `cert_type` are taken in `province`; `None` for certificate
/// types without a rule (the certificate number's last six).
pub fn last6_rule_for(province: &str, cert_type: CertType) -> Option<&'static Last6Rule> {
    let rules = last6_rules().iter().filter(|r| r.cert_type == cert_type);
    rules
        .clone()
        .find(|r| r.province.as_deref() == Some(province))
        .or_else(|| rules.clone().find(|r| r.province.is_none()))
}

/// Product types and their service-number quotas.
pub fn products() -> &'static [ProductQuota] {
    &TABLES.products.product
}

/// The quota row of a product type.
pub fn quota_for(product: ProductType) -> Option<&'static ProductQuota> {
    products().iter().find(|p| p.code == product)
}

/// The 备案服务号 format.
pub fn service_number_format() -> &'static ServiceNumberFormat {
    &TABLES.products.service_number
}

/// Whether `s` has the 备案服务号 format.
pub fn is_service_number(s: &str) -> bool {
    service_number_format().matches(s)
}

/// 前置审批 types.
pub fn preapproval_types() -> &'static [PreapprovalType] {
    &TABLES.preapprovals.preapproval
}

pub fn preapproval_type(code: &str) -> Option<&'static PreapprovalType> {
    preapproval_types().iter().find(|p| p.code == code)
}

/// 网站内容 categories.
pub fn content_types() -> &'static [ContentType] {
    &TABLES.content.content
}

pub fn content_type(code: &str) -> Option<&'static ContentType> {
    content_types().iter().find(|c| c.code == code)
}

/// Domain-suffix rules by subject nature.
pub fn domain_rules() -> &'static [DomainRule] {
    &TABLES.domains.rule
}

/// The domain-suffix rule for `nature` on `date`, if any.
pub fn domain_rule_for(nature: Nature, date: Date) -> Option<&'static DomainRule> {
    domain_rules().iter().find(|r| r.nature == nature && r.in_force(date))
}

/// Certificate types by subject nature.
pub fn subject_certificates() -> &'static [NatureCertificates] {
    &TABLES.certificates.nature
}

pub fn certificates_for(nature: Nature) -> Option<&'static NatureCertificates> {
    subject_certificates().iter().find(|c| c.nature == nature)
}

/// Every material.
pub fn materials() -> &'static [Material] {
    &TABLES.materials.material
}

/// The materials that may be needed for a filing: those of its type, subject kind and province in
/// force on `date`. Each one's [`Material::condition`] says whether it is needed for this filing.
pub fn materials_for(
    filing_type: FilingType,
    nature: Nature,
    province: &str,
    date: Date,
) -> impl Iterator<Item = &'static Material> {
    let province = province.to_owned();
    materials().iter().filter(move |m| {
        m.filing_types.contains(&filing_type)
            && m.subject.matches(nature)
            && (m.provinces.is_empty() || m.provinces.contains(&province))
            && m.in_force(date)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FilingType as F;
    use jiff::civil::date;
    use std::collections::HashSet;

    const NATURES: [Nature; 10] = [
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

    const PRODUCTS: [ProductType; 10] = [
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

    /// Days around every date any table mentions, to probe the date-dependent rules.
    fn probe_dates() -> Vec<Date> {
        let mut dates = vec![date(2017, 1, 1), date(2019, 8, 16), date(2026, 11, 28)];
        let mut add = |d: Option<Date>| {
            if let Some(d) = d {
                dates.extend([d.yesterday().unwrap(), d, d.tomorrow().unwrap()]);
            }
        };
        for r in sms_verifier_rules() {
            add(r.effective_from);
            add(r.effective_until);
        }
        for r in site_limits() {
            add(r.effective_from);
            add(r.effective_until);
        }
        for m in materials() {
            add(m.effective_from);
            add(m.effective_until);
        }
        for p in sms_pilots() {
            add(Some(p.from));
        }
        add(Some(sms_nationwide().from));
        dates
    }

    fn assert_unique<T: std::hash::Hash + Eq + std::fmt::Debug>(what: &str, items: impl IntoIterator<Item = T>) {
        let mut seen = HashSet::new();
        for item in items {
            assert!(seen.insert(format!("{item:?}")), "{what}: {item:?} appears twice");
        }
    }

    #[test]
    fn every_file_parses() {
        if let Err(e) = check_tables() {
            panic!("{e}");
        }
        // Forcing the lazy tables must not panic either.
        assert_eq!(table_sources().len(), FILES.len());
    }

    #[test]
    fn every_table_names_its_source() {
        for (file, meta) in table_sources() {
            assert!(!meta.title.trim().is_empty(), "{file}: meta.title");
            assert!(!meta.source.trim().is_empty(), "{file}: meta.source");
            assert!(!meta.section.trim().is_empty(), "{file}: meta.section");
            assert!(meta.copied >= date(2026, 1, 1), "{file}: meta.copied {}", meta.copied);
        }
        let row_sources = site_limits()
            .iter()
            .map(|r| &r.source)
            .chain(sms_pilots().iter().map(|r| &r.source))
            .chain(sms_verifier_rules().iter().map(|r| &r.source))
            .chain(sms_senders().iter().map(|r| &r.source))
            .chain(last6_rules().iter().map(|r| &r.source))
            .chain(products().iter().map(|r| &r.source))
            .chain(preapproval_types().iter().map(|r| &r.source))
            .chain(content_types().iter().map(|r| &r.source))
            .chain(domain_rules().iter().map(|r| &r.source))
            .chain(subject_certificates().iter().map(|r| &r.source))
            .chain(materials().iter().map(|r| &r.source))
            .chain(personal_name_province_words().iter().map(|r| &r.source))
            .chain(personal_name_patterns().iter().map(|r| &r.source));
        for source in row_sources {
            assert!(
                source.starts_with("guide §")
                    || source.starts_with("rules-digest.md §")
                    || source.starts_with("this product")
                    || source.starts_with("exchange format spec"),
                "a row's source must say where it comes from: {source:?}"
            );
        }
        // Rules from after the guide say so.
        for r in site_limits().iter().filter(|r| r.guide_text.is_none()) {
            assert!(r.source.contains("[later"), "{:?} has no guide text, so it is [later]", r.province);
        }
    }

    #[test]
    fn provinces_are_the_34_full_names() {
        assert_eq!(provinces().len(), 34);
        assert_unique("province code", provinces().iter().map(|p| &p.code));
        assert_unique("province name", provinces().iter().map(|p| &p.name));
        assert_unique("province short name", provinces().iter().map(|p| &p.short));
        assert_unique("ICP prefix", provinces().iter().filter_map(|p| p.icp_prefix.as_ref()));
        assert_eq!(provinces().iter().filter(|p| p.icp_prefix.is_some()).count(), 31);
        for p in provinces() {
            assert!(
                ["省", "市", "自治区", "特别行政区"].iter().any(|s| p.name.ends_with(s)),
                "{} is not a full name",
                p.name
            );
            assert!(p.name.starts_with(&p.short), "{} / {}", p.name, p.short);
            assert_eq!(p.code.len(), 2);
        }
        assert!(is_province("内蒙古自治区"));
        assert!(is_province("广西壮族自治区"));
        assert!(!is_province("内蒙古"));
        assert!(!is_province("浙江"));
        assert_eq!(province_by_short("宁夏").unwrap().name, "宁夏回族自治区");
        assert_eq!(province("四川省").unwrap().icp_prefix.as_deref(), Some("蜀"));
    }

    #[test]
    fn every_province_key_is_a_full_name() {
        let keys = personal_name_province_words()
            .iter()
            .map(|r| r.province.as_str())
            .chain(personal_name_patterns().iter().map(|r| r.province.as_str()))
            .chain(site_limits().iter().filter_map(|r| r.province.as_deref()))
            .chain(sms_pilots().iter().flat_map(|p| p.provinces.iter().map(String::as_str)))
            .chain(last6_rules().iter().filter_map(|r| r.province.as_deref()))
            .chain(materials().iter().flat_map(|m| m.provinces.iter().map(String::as_str)));
        let mut n = 0;
        for key in keys {
            assert!(is_province(key), "{key:?} is not a GB/T 2260 full name");
            n += 1;
        }
        assert!(n > 40);
    }

    #[test]
    fn no_duplicate_entries() {
        assert_unique(
            "province in the personal-name table",
            personal_name_province_words().iter().map(|r| &r.province),
        );
        assert_unique("province pattern", personal_name_patterns().iter().map(|r| &r.province));
        assert_unique("SMS pilot province", sms_pilots().iter().flat_map(|p| p.provinces.iter()));
        assert_unique("pilot date", sms_pilots().iter().map(|p| p.from));
        assert_unique("product", products().iter().map(|p| p.code));
        assert_unique("preapproval code", preapproval_types().iter().map(|p| &p.code));
        assert_unique("preapproval label", preapproval_types().iter().map(|p| &p.label_zh));
        assert_unique("content code", content_types().iter().map(|c| &c.code));
        assert_unique("content label", content_types().iter().map(|c| &c.label_zh));
        assert_unique("domain rule nature", domain_rules().iter().map(|r| r.nature));
        assert_unique("certificate nature", subject_certificates().iter().map(|r| r.nature));
        assert_unique("material code", materials().iter().map(|m| &m.code));
        assert_unique("sender carrier", sms_senders().iter().map(|s| s.carrier));
        assert_unique("last6 rule", last6_rules().iter().map(|r| (r.province.clone(), r.cert_type)));
        for list in [national_prefixes(), sensitive_words(), personal_forbidden_words(), personal_preapproval_words()] {
            assert_unique(&list.guide_text, list.words.iter());
        }
        for rule in naming_rules().unit.iter().chain(&naming_rules().personal) {
            assert!(!rule.trim().is_empty());
        }
        assert_unique("unit naming rule", naming_rules().unit.iter());
        assert_unique("personal naming rule", naming_rules().personal.iter());
        for c in subject_certificates() {
            assert_unique("allowed certificate", c.allowed.iter());
        }
        for r in site_limits() {
            assert_unique("site-limit filing type", r.filing_types.iter());
        }
        for m in materials() {
            assert_unique("material filing type", m.filing_types.iter());
            assert_unique("material province", m.provinces.iter());
        }
    }

    /// The guide itself repeats some words within a province's row; those repetitions are kept
    /// so that rows compare with the guide word for word. Nothing else may repeat.
    #[test]
    fn only_the_guides_own_repetitions_repeat() {
        let guide_repeats: [(&str, &[&str]); 4] = [
            ("河南省", &["交流", "工作室", "管理", "贸易"]),
            ("辽宁省", &["咨询"]),
            ("宁夏回族自治区", &["工作室", "网站"]),
            ("河北省", &["工作室"]),
        ];
        for row in personal_name_province_words() {
            let mut repeated: Vec<&str> = row
                .words
                .iter()
                .filter(|w| row.words.iter().filter(|x| x == w).count() > 1)
                .map(String::as_str)
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            repeated.sort();
            let mut expected: Vec<&str> =
                guide_repeats.iter().find(|(p, _)| *p == row.province).map(|(_, w)| w.to_vec()).unwrap_or_default();
            expected.sort();
            assert_eq!(repeated, expected, "{}", row.province);
            let unique: Vec<&str> = row.unique_words().collect();
            assert_unique(&row.province, unique.iter());
            assert_eq!(unique.len(), row.words.len() - expected.len());
        }
    }

    #[test]
    fn every_enum_value_has_its_row() {
        for p in PRODUCTS {
            assert!(quota_for(p).is_some(), "no quota row for {p:?}");
        }
        for n in NATURES {
            let c = certificates_for(n).unwrap_or_else(|| panic!("no certificate row for {n:?}"));
            assert!(!c.allowed.is_empty(), "{n:?}");
            if let Some(r) = c.recommended {
                assert!(c.allows(r), "{n:?}: recommended {r:?} not allowed");
            }
        }
        for t in FilingType::ALL {
            for d in probe_dates() {
                let n = sms_verifier_rules().iter().filter(|r| r.filing_types.contains(&t) && r.in_force(d)).count();
                assert_eq!(n, 1, "{t:?} on {d}: {n} verifier rules in force");
            }
        }
    }

    #[test]
    fn dates_are_ordered() {
        let ranges = site_limits()
            .iter()
            .map(|r| (r.effective_from, r.effective_until))
            .chain(sms_verifier_rules().iter().map(|r| (r.effective_from, r.effective_until)))
            .chain(sms_senders().iter().map(|r| (r.effective_from, r.effective_until)))
            .chain(domain_rules().iter().map(|r| (r.effective_from, r.effective_until)))
            .chain(materials().iter().map(|r| (r.effective_from, r.effective_until)));
        for (from, until) in ranges {
            if let (Some(from), Some(until)) = (from, until) {
                assert!(from <= until, "{from} after {until}");
            }
        }
        let pilots = sms_pilots();
        assert!(pilots.windows(2).all(|w| w[0].from < w[1].from), "pilots out of order");
        assert!(pilots.last().unwrap().from < sms_nationwide().from);
        // A rule that ends is followed, the next day, by the rule that replaces it.
        for ended in sms_verifier_rules().iter().filter(|r| r.effective_until.is_some()) {
            let next = ended.effective_until.unwrap().tomorrow().unwrap();
            for t in &ended.filing_types {
                assert!(
                    sms_verifier_rules().iter().any(|r| r.filing_types.contains(t) && r.effective_from == Some(next)),
                    "{t:?}: nothing takes over on {next}"
                );
            }
        }
    }

    /// Provinces in a pilot's guide text, e.g. "2018年9月10日起:浙江、四川…被列为试点省份。"
    fn pilot_text_parts(text: &str) -> (Date, Vec<&str>) {
        let (day, rest) = text.split_once("起:").unwrap();
        let names = rest.split_once("被列为").unwrap().0;
        let (y, rest) = day.split_once('年').unwrap();
        let (m, rest) = rest.split_once('月').unwrap();
        let d = rest.trim_end_matches('日');
        let date = date(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
        (date, names.split('、').collect())
    }

    #[test]
    fn pilots_say_what_their_guide_text_says() {
        for pilot in sms_pilots() {
            let (day, shorts) = pilot_text_parts(&pilot.guide_text);
            assert_eq!(day, pilot.from, "{}", pilot.guide_text);
            let full: Vec<&str> =
                shorts.iter().map(|s| province_by_short(s).map(|p| p.name.as_str()).unwrap_or(s)).collect();
            assert_eq!(full, pilot.provinces, "{}", pilot.guide_text);
        }
        assert_eq!(sms_pilots().iter().map(|p| p.provinces.len()).sum::<usize>(), 22);
    }

    /// 表 3-1's numbers are words: "一个", "三个", "五个", "多个".
    #[test]
    fn site_limits_say_what_their_guide_text_says() {
        let number = |word: &str| match word {
            "一" => Some(1),
            "三" => Some(3),
            "五" => Some(5),
            "多" => None,
            other => panic!("unexpected count {other:?}"),
        };
        for row in site_limits() {
            let Some(text) = &row.guide_text else {
                continue;
            };
            let websites = text
                .split_once("备案")
                .and_then(|(_, rest)| rest.split_once("备案"))
                .map(|(_, rest)| rest.split_once("个网站").unwrap().0)
                .unwrap();
            assert_eq!(row.max_websites, number(websites), "{text}");
            assert_eq!(row.multiple_websites, !text.contains("只能"), "{text}");
            let per_site = if text.contains("对应一个域名") { Some(1) } else { None };
            assert_eq!(row.max_domains_per_website, per_site, "{text}");
            let label = row.guide_filing_types.as_deref().unwrap();
            assert_eq!(row.filing_types.contains(&F::FirstFiling), label.contains("首次备案"));
            assert_eq!(
                row.filing_types.contains(&F::NewSiteSubjectElsewhere)
                    && row.filing_types.contains(&F::NewSiteSubjectHere),
                label.contains("新增网站")
            );
            let subject = match row.guide_subject.as_deref().unwrap() {
                "个人或单位" => SubjectKind::Any,
                "个人" => SubjectKind::Personal,
                "单位" => SubjectKind::Unit,
                other => panic!("{other}"),
            };
            assert_eq!(row.subject, subject);
            match &row.province {
                Some(p) => assert_eq!(province(p).unwrap().short, row.guide_province.as_deref().unwrap()),
                None => assert!(row.guide_province.as_deref().unwrap().starts_with('非')),
            }
        }
    }

    #[test]
    fn word_lists_are_their_guide_text() {
        for list in [national_prefixes(), sensitive_words(), personal_forbidden_words(), personal_preapproval_words()] {
            let joined = list.words.join("、");
            assert!(list.guide_text.contains(&joined), "{joined} not in {}", list.guide_text);
            assert_eq!(list.open_list, list.guide_text.contains(&format!("{joined}等")));
            assert!(
                naming_rules().unit.contains(&list.guide_text) || naming_rules().personal.contains(&list.guide_text),
                "{} is not one of the naming rules",
                list.guide_text
            );
        }
        assert_eq!(national_prefixes().words, ["中国", "中华", "中央", "人民", "人大", "国家"]);
        for p in personal_name_patterns() {
            for pattern in &p.patterns {
                assert!(p.guide_text.contains(pattern.as_str()), "{pattern}");
                assert!(pattern.contains(&p.placeholder));
            }
            assert!(naming_rules().personal.iter().any(|r| r.contains(&p.guide_text)));
            assert!(naming_rules().personal.iter().any(|r| r.contains(&p.remark_guide_text)));
        }
    }

    #[test]
    fn site_limits_by_province() {
        let d = date(2019, 8, 16);
        let limit = |p, n, t| site_limit_for(p, n, t, d).unwrap();
        let hubei = limit("湖北省", Nature::Enterprise, F::FirstFiling);
        assert_eq!((hubei.max_websites, hubei.max_domains_per_website), (Some(1), Some(1)));
        assert!(!hubei.multiple_websites);
        assert_eq!(limit("陕西省", Nature::Personal, F::FirstFiling).max_websites, Some(5));
        assert_eq!(limit("陕西省", Nature::Personal, F::NewSiteSubjectHere).max_websites, None);
        assert_eq!(limit("河南省", Nature::Personal, F::FirstFiling).max_websites, Some(3));
        assert_eq!(limit("河南省", Nature::Enterprise, F::NewSiteSubjectElsewhere).max_websites, Some(5));
        assert_eq!(limit("河南省", Nature::Government, F::FirstFiling).max_websites, Some(5));
        let beijing = limit("北京市", Nature::Personal, F::FirstFiling);
        assert_eq!(beijing.province, None);
        assert_eq!((beijing.max_websites, beijing.max_domains_per_website), (None, Some(1)));
        assert_eq!(limit("湖南省", Nature::Personal, F::FirstFiling).max_websites, Some(1));
        assert_eq!(limit("山西省", Nature::Enterprise, F::FirstFiling).max_new_domains, Some(3));
        assert_eq!(
            limit("新疆维吾尔自治区", Nature::Enterprise, F::FirstFiling).province.as_deref(),
            Some("新疆维吾尔自治区")
        );
        assert!(site_limit_for("北京市", Nature::Personal, F::NewAccess, d).is_none());
        assert!(site_limit_for("湖北省", Nature::Personal, F::ChangeSite, d).is_none());
    }

    #[test]
    fn one_site_limit_row_per_case() {
        for p in provinces() {
            for n in NATURES {
                for t in FilingType::ALL {
                    for d in probe_dates() {
                        let own = site_limits()
                            .iter()
                            .filter(|l| l.province.as_deref() == Some(p.name.as_str()))
                            .filter(|l| l.subject.matches(n) && l.filing_types.contains(&t) && l.in_force(d))
                            .count();
                        assert!(own <= 1, "{} {n:?} {t:?} {d}: {own} rows", p.name);
                    }
                }
            }
        }
        assert_eq!(site_limits().iter().filter(|l| l.province.is_none()).count(), 1);
    }

    #[test]
    fn sms_required_by_province_and_date() {
        assert!(!sms_required("天津市", date(2017, 12, 17)));
        assert!(sms_required("天津市", date(2017, 12, 18)));
        assert!(!sms_required("浙江省", date(2018, 9, 9)));
        assert!(sms_required("浙江省", date(2018, 9, 10)));
        assert!(!sms_required("湖北省", date(2018, 9, 23)));
        assert!(sms_required("湖北省", date(2018, 9, 24)));
        assert!(sms_required("内蒙古自治区", date(2019, 1, 1)));
        assert!(!sms_required("北京市", date(2020, 8, 16)));
        assert!(sms_required("北京市", date(2020, 8, 17)));
        assert!(sms_required("广东省", date(2026, 11, 28)));
        // Short names are not keys.
        assert!(!sms_required("浙江", date(2019, 1, 1)));
    }

    #[test]
    fn verifiers_by_filing_type_and_date() {
        use VerifierRole::*;
        let before = date(2019, 8, 16);
        let after = date(2021, 1, 1);
        let who = |t, d| sms_verifiers_for(t, d).unwrap().verifiers.clone();
        assert_eq!(who(F::FirstFiling, before), [SubjectPrincipal, WebsitePrincipal]);
        assert!(sms_verifiers_for(F::FirstFiling, before).unwrap().one_code_per_phone);
        assert_eq!(who(F::NewSiteSubjectElsewhere, before), [WebsitePrincipal]);
        assert_eq!(who(F::ContinueAccess, before), [WebsitePrincipal]);
        assert_eq!(who(F::ChangeSubject, before), [SubjectPrincipal]);
        assert_eq!(who(F::ChangeSite, before), [WebsitePrincipal]);
        assert!(who(F::CancelAccess, after).is_empty());
        assert!(who(F::DeregisterSubject, before).is_empty());
        assert_eq!(who(F::DeregisterSubject, after), [SubjectPrincipal]);
        assert_eq!(who(F::DeregisterSite, after), [WebsitePrincipal]);
    }

    #[test]
    fn senders_and_code() {
        let number = |c| sms_senders().iter().find(|s| s.carrier == c).and_then(|s| s.number.as_deref());
        assert_eq!(number(Carrier::Telecom), Some("106598051001"));
        assert_eq!(number(Carrier::Unicom), Some("10655113"));
        assert_eq!(number(Carrier::Mobile), Some("106575000130"));
        assert_eq!(number(Carrier::Virtual), None);
        assert_eq!(number(Carrier::Any), Some("12381"));
        for s in sms_senders() {
            if let Some(n) = &s.number {
                assert!(n.bytes().all(|b| b.is_ascii_digit()), "{n}");
            }
        }
        let code = sms_code();
        assert_eq!((code.digits, code.valid_hours), (6, 24));
        let zj = last6_rule_for("浙江省", CertType::HkMacauPass).unwrap();
        assert_eq!(zj.digits_from, Last6From::HkMacauId);
        assert!(zj.full_width_parentheses && zj.example.contains('（'));
        let bj = last6_rule_for("北京市", CertType::HkMacauPass).unwrap();
        assert_eq!(bj.digits_from, Last6From::CertNumber);
        assert!(last6_rule_for("浙江省", CertType::ResidentId).is_none());
    }

    #[test]
    fn personal_name_words() {
        let henan: Vec<&str> = personal_name_forbidden_words("河南省").collect();
        assert_eq!(henan.first(), Some(&"合伙"));
        assert_eq!(henan.last(), Some(&"商务"));
        assert!(henan.contains(&"淘宝"));
        assert_eq!(personal_name_forbidden_words("北京市").count(), 11);
        assert_eq!(personal_name_forbidden_words("上海市").count(), 0);
        assert_eq!(personal_name_forbidden_words("宁夏回族自治区").next(), Some("网"));
        assert_eq!(personal_name_province_words().len(), 11);
        let js = personal_name_pattern("江苏省").unwrap();
        assert!(js.remark_required);
        assert!(js.matches("张三的个人博客"));
        assert!(js.matches("李四的个人主页"));
        assert!(!js.matches("的个人博客"));
        assert!(!js.matches("张三的博客"));
        assert!(!js.matches("张三的个人博客网"));
        assert!(personal_name_pattern("浙江省").is_none());
    }

    #[test]
    fn products_and_service_numbers() {
        let ecs = quota_for(ProductType::Ecs).unwrap();
        assert_eq!((ecs.quota, ecs.quota_unit), (Some(5), QuotaUnit::PerInstance));
        let web = quota_for(ProductType::WebHosting).unwrap();
        assert_eq!((web.quota, web.quota_unit), (Some(5), QuotaUnit::PerAccount));
        assert_eq!(quota_for(ProductType::Marketplace).unwrap().quota, Some(1));
        assert_eq!(quota_for(ProductType::NatGateway).unwrap().quota, Some(2));
        assert_eq!(quota_for(ProductType::Ipv6Translation).unwrap().quota, Some(2));
        assert_eq!(quota_for(ProductType::Wangpu).unwrap().quota_unit, QuotaUnit::OwnFlow);
        for p in products() {
            assert_eq!(
                p.quota.is_some(),
                matches!(p.quota_unit, QuotaUnit::PerInstance | QuotaUnit::PerAccount),
                "{:?}",
                p.code
            );
        }
        assert!(is_service_number("32a43232-a888-88e8-b9ec-00888be8abcd"));
        assert!(is_service_number("32A43232-A888-88E8-B9EC-00888BE8ABCD"));
        // The guide's example is masked.
        assert!(!is_service_number(&service_number_format().example));
        assert!(!is_service_number("32a43232a88888e8b9ec00888be8abcd"));
        assert!(!is_service_number("32a43232-a888-88e8-b9ec-00888be8abc"));
        assert!(!is_service_number("32a43232-a888-88e8-b9ec-00888be8abcg"));
        assert!(!is_service_number(" 32a43232-a888-88e8-b9ec-00888be8abcd"));
    }

    #[test]
    fn codes_labels_and_domains() {
        assert_eq!(content_type("other").unwrap().label_zh, "其他");
        assert_eq!(content_type("unit_portal").unwrap().label_zh, "单位门户网站");
        assert_eq!(content_type("general_portal").unwrap().subject, SubjectKind::Unit);
        assert_eq!(preapproval_type("news").unwrap().label_zh, "新闻");
        assert_eq!(preapproval_type("drugs_medical_devices").unwrap().label_zh, "药品和医疗器械");
        assert!(preapproval_type("gambling").is_none());
        for p in preapproval_types() {
            assert!(p.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", p.code);
        }
        let d = date(2026, 1, 1);
        let gov = domain_rule_for(Nature::Government, d).unwrap();
        assert!(gov.allows("www.beijing.gov.cn"));
        assert!(gov.allows("WWW.BEIJING.GOV.CN."));
        assert!(gov.allows("北京市人民政府.政务"));
        assert!(!gov.allows("beijing.com.cn"));
        assert!(!gov.allows("gov.cn.example.com"));
        let inst = domain_rule_for(Nature::Institution, d).unwrap();
        assert!(inst.allows("example.cn") && inst.allows("中华慈善.公益") && !inst.allows("example.com"));
        assert!(domain_rule_for(Nature::Enterprise, d).is_none());
        let personal = certificates_for(Nature::Personal).unwrap();
        assert_eq!(personal.recommended, Some(CertType::ResidentId));
        assert!(!personal.allows(CertType::BusinessLicense));
        assert_eq!(certificates_for(Nature::PrivateNonEnterprise).unwrap().recommended, Some(CertType::OrgCode));
    }

    #[test]
    fn materials_by_case() {
        let codes = |t, n, p, d| -> Vec<&str> { materials_for(t, n, p, d).map(|m| m.code.as_str()).collect() };
        let personal = codes(F::FirstFiling, Nature::Personal, "浙江省", date(2022, 1, 1));
        assert!(personal.contains(&"subject_certificate"));
        assert!(!personal.contains(&"subject_principal_certificate"));
        assert!(!personal.contains(&"guangdong_commitment"));
        let unit = codes(F::FirstFiling, Nature::Enterprise, "浙江省", date(2022, 1, 1));
        assert!(unit.contains(&"subject_principal_certificate"));
        assert!(unit.contains(&"website_principal_certificate"));
        assert!(
            !codes(F::FirstFiling, Nature::Personal, "广东省", date(2021, 6, 20)).contains(&"guangdong_commitment")
        );
        assert!(codes(F::FirstFiling, Nature::Personal, "广东省", date(2021, 6, 21)).contains(&"guangdong_commitment"));
        assert!(codes(F::CancelAccess, Nature::Enterprise, "广东省", date(2022, 1, 1)).is_empty());
        assert!(codes(F::DeregisterSite, Nature::Enterprise, "广东省", date(2022, 1, 1)).is_empty());
        for m in materials() {
            assert!(!m.filing_types.is_empty(), "{}", m.code);
            if m.kind == MaterialKind::Basic {
                assert!(m.guide_text.is_some(), "{}: basic materials are the guide's", m.code);
            }
        }
    }
}
