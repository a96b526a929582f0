//! The rulebook as data: every rule's id, severity, fields, message, source and dates.
//!
//! Sources are written the way the data tables write them (`guide §3 …` for the 2019 guide,
//! `rules-digest.md §N [later]` for later rules); where a rule rests on a table, its source is the
//! table's own `source` string, read from the table. Rules that rest on table rows with sources of
//! their own (websites per order, domain suffixes) cite the row in each diagnostic.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Serialize;
use specta::Type;

use crate::Severity;
use crate::tables;

/// One rule of the rulebook, for the app's "this rule and where it comes from".
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RuleInfo {
    /// Stable id, e.g. `SUBJ-CERT-CHECK`; diagnostics carry it in `rule`.
    pub id: String,
    /// The severity of the rule's findings. `SUBJ-CERT-CHECK` and `PRINCIPAL-CERT-CHECK` also report
    /// warnings (as the certificate check grades them); `reminder` marks rules a machine cannot check.
    pub severity: Severity,
    /// Field paths the rule concerns; `[]` stands for every index (`websites[].name`).
    pub fields: Vec<String>,
    /// What the rule requires, in Simplified Chinese: the template of its messages.
    pub message_zh: String,
    pub message_en: Option<String>,
    /// Where the rule comes from: a section of the guide, or the digest's entry for a later rule.
    pub source: String,
    /// First day the rule is in force (inclusive); `None`: no known start.
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    /// Last day the rule is in force (inclusive); `None`: still in force.
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    /// `false` for rules a machine cannot check (their diagnostics are reminders).
    pub machine_checkable: bool,
    pub notes: Option<String>,
}

impl RuleInfo {
    /// Whether the rule is in force on `date`.
    pub fn in_force(&self, date: Date) -> bool {
        self.effective_from.is_none_or(|d| d <= date) && self.effective_until.is_none_or(|d| date <= d)
    }
}

pub const SUBJ_REQUIRED: &str = "SUBJ-REQUIRED";
pub const SUBJ_REGION: &str = "SUBJ-REGION";
pub const SUBJ_NAME_REALNAME: &str = "SUBJ-NAME-REALNAME";
pub const SUBJ_CERT_TYPE_NATURE: &str = "SUBJ-CERT-TYPE-NATURE";
pub const SUBJ_CERT_CHECK: &str = "SUBJ-CERT-CHECK";
pub const SUBJ_CERT_EXACT: &str = "SUBJ-CERT-EXACT";
pub const SUBJ_CERT_ADDRESS_EXACT: &str = "SUBJ-CERT-ADDRESS-EXACT";
pub const SUBJ_ADDRESS_DOOR: &str = "SUBJ-ADDRESS-DOOR";
pub const SUBJ_ADDRESS_SAME_PROVINCE: &str = "SUBJ-ADDRESS-SAME-PROVINCE";
pub const SUBJ_ADDRESS_SAME_CITY: &str = "SUBJ-ADDRESS-SAME-CITY";
pub const SUBJ_INVESTOR_PERSONAL: &str = "SUBJ-INVESTOR-PERSONAL";
pub const SUBJ_INVESTOR_UNIT: &str = "SUBJ-INVESTOR-UNIT";
pub const SUBJ_PRINCIPAL_PERSONAL: &str = "SUBJ-PRINCIPAL-PERSONAL";
pub const PRINCIPAL_REQUIRED: &str = "PRINCIPAL-REQUIRED";
pub const PRINCIPAL_LEGAL_REP: &str = "PRINCIPAL-LEGAL-REP";
pub const PRINCIPAL_CERT_TYPE: &str = "PRINCIPAL-CERT-TYPE";
pub const PRINCIPAL_CERT_CHECK: &str = "PRINCIPAL-CERT-CHECK";
pub const PRINCIPAL_PHONE_MOBILE: &str = "PRINCIPAL-PHONE-MOBILE";
pub const PRINCIPAL_PHONE2_MOBILE: &str = "PRINCIPAL-PHONE2-MOBILE";
pub const PRINCIPAL_EMERGENCY_MOBILE: &str = "PRINCIPAL-EMERGENCY-MOBILE";
pub const PRINCIPAL_EMERGENCY_DIFFERS: &str = "PRINCIPAL-EMERGENCY-DIFFERS";
pub const PRINCIPAL_EMAIL: &str = "PRINCIPAL-EMAIL";
pub const PRINCIPAL_CONTACT_REAL: &str = "PRINCIPAL-CONTACT-REAL";
pub const PRINCIPAL_CONTACTS_DISTINCT: &str = "PRINCIPAL-CONTACTS-DISTINCT";
pub const SITE_REQUIRED: &str = "SITE-REQUIRED";
pub const SITE_NAME_MIN_HAN: &str = "SITE-NAME-MIN-HAN";
pub const SITE_NAME_PURE_ASCII: &str = "SITE-NAME-PURE-DIGITS-ENGLISH";
pub const SITE_NAME_SYMBOLS: &str = "SITE-NAME-SYMBOLS";
pub const SITE_NAME_NOT_DOMAIN: &str = "SITE-NAME-NOT-DOMAIN";
pub const SITE_NAME_SENSITIVE: &str = "SITE-NAME-SENSITIVE";
pub const SITE_NAME_NATIONAL_PREFIX: &str = "SITE-NAME-NATIONAL-PREFIX";
pub const SITE_NAME_NATIONAL_PREFIX_UNIT: &str = "SITE-NAME-NATIONAL-PREFIX-UNIT";
pub const SITE_NAME_RELATED: &str = "SITE-NAME-RELATED";
pub const SITE_NAME_PERSONAL_CONTENT: &str = "SITE-NAME-PERSONAL-CONTENT";
pub const SITE_NAME_PERSONAL_NAME: &str = "SITE-NAME-PERSONAL-NAME";
pub const SITE_NAME_PLACE: &str = "SITE-NAME-PLACE";
pub const SITE_NAME_PERSONAL_FORBIDDEN: &str = "SITE-NAME-PERSONAL-FORBIDDEN";
pub const SITE_NAME_PERSONAL_PREAPPROVAL: &str = "SITE-NAME-PERSONAL-PREAPPROVAL";
pub const SITE_NAME_PROVINCE_WORDS: &str = "SITE-NAME-PROVINCE-WORDS";
pub const SITE_NAME_JIANGSU_PATTERN: &str = "SITE-NAME-JIANGSU-PATTERN";
pub const SITE_NAME_JIANGSU_REMARK: &str = "SITE-NAME-JIANGSU-REMARK";
pub const SITE_DOMAIN_FORMAT: &str = "SITE-DOMAIN-FORMAT";
pub const SITE_DOMAIN_REGISTRABLE: &str = "SITE-DOMAIN-REGISTRABLE";
pub const SITE_DOMAIN_DUPLICATE: &str = "SITE-DOMAIN-DUPLICATE";
pub const SITE_DOMAIN_NATURE_SUFFIX: &str = "SITE-DOMAIN-NATURE-SUFFIX";
pub const SITE_DOMAIN_CHANGE: &str = "SITE-DOMAIN-CHANGE";
pub const SITE_HOMEPAGE_URL: &str = "SITE-HOMEPAGE-URL";
pub const SITE_CONTENT_PERSONAL: &str = "SITE-CONTENT-PERSONAL";
pub const SITE_SERVICE_TYPE_APP_DATE: &str = "SITE-SERVICE-TYPE-APP-DATE";
pub const SITE_LANGUAGE_TAG: &str = "SITE-LANGUAGE-TAG";
pub const SITE_PREAPPROVAL_ENTRY: &str = "SITE-PREAPPROVAL-ENTRY";
pub const SITE_PREAPPROVAL_NEEDED: &str = "SITE-PREAPPROVAL-NEEDED";
pub const SITE_PRINCIPAL_PERSONAL: &str = "SITE-PRINCIPAL-PERSONAL";
pub const SITE_PRODUCT: &str = "SITE-PRODUCT";
pub const ORDER_SITE_LIMIT: &str = "ORDER-SITE-LIMIT";
pub const ORDER_DOMAINS_PER_SITE: &str = "ORDER-DOMAINS-PER-SITE";
pub const ORDER_NEW_DOMAINS_LIMIT: &str = "ORDER-NEW-DOMAINS-LIMIT";
pub const PRODUCT_QUOTA: &str = "PRODUCT-QUOTA";
pub const WF_TYPE: &str = "WF-TYPE";
pub const WF_CHANGE_SUBJECT_ID: &str = "WF-CHANGE-SUBJECT-ID";
pub const WF_CHANGE_DOMAINS: &str = "WF-CHANGE-DOMAINS";
pub const WF_CHANGE_SINGLE_DOMAIN: &str = "WF-CHANGE-SINGLE-DOMAIN";
pub const MATERIALS_REQUIRED: &str = "MATERIALS-REQUIRED";

const GUIDE_SUBJECT: &str = "guide §3 填写主体信息";
const GUIDE_WEBSITE: &str = "guide §3 填写网站信息";
const DIGEST_3_LATER: &str = "rules-digest.md §3 [later]";
const DIGEST_4_LATER: &str = "rules-digest.md §4 [later]";

struct B(RuleInfo);

fn rule(id: &str, severity: Severity, fields: &[&str], message_zh: &str, message_en: &str, source: &str) -> B {
    B(RuleInfo {
        id: id.to_owned(),
        severity,
        fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        message_zh: message_zh.to_owned(),
        message_en: Some(message_en.to_owned()),
        source: source.to_owned(),
        effective_from: None,
        effective_until: None,
        machine_checkable: severity != Severity::Reminder,
        notes: None,
    })
}

impl B {
    fn until(mut self, d: Date) -> B {
        self.0.effective_until = Some(d);
        self
    }
    fn notes(mut self, n: &str) -> B {
        self.0.notes = Some(n.to_owned());
        self
    }
}

use Severity::{Error, Reminder, Warning};

fn build() -> Vec<RuleInfo> {
    let naming_unit = &tables::sensitive_words().source;
    let naming_personal = &tables::personal_forbidden_words().source;
    let preapproval_words = &tables::personal_preapproval_words().source;
    let national = &tables::national_prefixes().source;
    let province_words =
        tables::personal_name_province_words().first().map_or("guide §3 附录二", |r| r.source.as_str());
    let jiangsu = tables::personal_name_pattern("江苏省").map_or("guide §3 附录二", |p| p.source.as_str());
    let p = "subject.principal";
    let w = "websites[].principal";
    let rules = vec![
        // ---- §3 subject ------------------------------------------------------------------------
        rule(
            SUBJ_REQUIRED,
            Error,
            &[
                "subject.name",
                "subject.cert_number",
                "subject.cert_address",
                "subject.mailing_address",
                "subject.investor",
            ],
            "请填写{字段}。",
            "Fill in {field}.",
            GUIDE_SUBJECT,
        )
        .notes("For personal filings 投资人 is autofilled and checked by SUBJ-INVESTOR-PERSONAL instead."),
        rule(
            SUBJ_REGION,
            Error,
            &["subject.region.province", "subject.region.city", "subject.region.district"],
            "主办单位所属区域须为现行行政区划（GB/T 2260）的全称，省、市、区县逐级对应。",
            "The region must be a current GB/T 2260 province → city → district, by full names.",
            "guide §1.1 主办单位所属区域; GB/T 2260 (data/regions/SOURCE.md)",
        ),
        rule(
            SUBJ_NAME_REALNAME,
            Reminder,
            &["subject.name"],
            "主办单位名称须与域名持有者的实名认证信息一致（姓名/名称、证件类型、证件号码均需一致）。",
            "The subject's name must match the domain holder's real-name data (name, certificate type and number).",
            "guide §3 填写主体信息（主办单位或主办人名称）; guide §1.1 主办单位证件类型",
        )
        .notes("The domain registrar's real-name data is not available offline."),
        rule(
            SUBJ_CERT_TYPE_NATURE,
            Error,
            &["subject.cert_type"],
            "证件类型须与主办单位性质相符（如个人—居民身份证，企业—营业执照）：备案系统只提供该性质可选的证件类型。",
            "The certificate type must be one the subject's nature can hold (the consoles offer no other).",
            "guide §1.1 主办单位证件类型; data/tables/subject_certificates.toml",
        )
        .notes("The guide recommends one type (建议); the table's `allowed` lists what the consoles offer for each nature, so any other type is a rejection. The rows carry their own sources, cited in each diagnostic."),
        rule(
            SUBJ_CERT_CHECK,
            Error,
            &["subject.cert_number"],
            "证件号码须符合证件类型的格式和校验规则（GB 11643、GB 32100、GB 11714 等）。",
            "The certificate number must pass its type's format and check-digit rules.",
            "guide §3 填写主体信息（主办单位证件号码）; rules-digest.md §3; GB 11643-1999, GB 32100-2015, GB 11714-1997",
        )
        .notes("Findings the certificate check grades as warnings (e.g. a retired county code) stay warnings."),
        rule(
            SUBJ_CERT_EXACT,
            Reminder,
            &["subject.cert_number"],
            "证件号码须与主办单位证件上的号码完全一致。",
            "The number must be exactly the one on the certificate.",
            "guide §1.1 主办单位证件号码",
        )
        .notes("A number can pass its check digit and still be someone else's."),
        rule(
            SUBJ_CERT_ADDRESS_EXACT,
            Reminder,
            &["subject.cert_address"],
            "证件住所须填写与主办单位证件上一致的地址。",
            "The certificate address must be the one printed on the certificate.",
            GUIDE_SUBJECT,
        ),
        rule(
            SUBJ_ADDRESS_DOOR,
            Error,
            &["subject.mailing_address", "subject.remark"],
            "通讯地址须详细到门牌号；如无具体门牌号，须在备注中说明“此地址已是最详细地址”。",
            "The mailing address must go down to the door number, or the remark must say 此地址已是最详细地址.",
            "guide §3 填写主体信息（主办单位通讯地址）; guide §1.5 填写接入信息",
        )
        .notes("A door number is taken to be present when the address has 号 or a digit."),
        rule(
            SUBJ_ADDRESS_SAME_PROVINCE,
            Error,
            &["subject.cert_address", "subject.mailing_address"],
            "主办单位证件住所与通讯地址须在同一省份。",
            "Certificate address and mailing address must be in the same province.",
            "guide §1.5 填写接入信息",
        )
        .notes("The province is read from the start of each address (regions::province_of_address); when it cannot be read, a warning asks to write the province."),
        rule(
            SUBJ_ADDRESS_SAME_CITY,
            Error,
            &["subject.cert_address", "subject.mailing_address"],
            "河北、河南、贵州：主办单位证件住所与通讯地址须在同一城市。",
            "Hebei, Henan, Guizhou: certificate and mailing address in the same city.",
            DIGEST_3_LATER,
        )
        .notes("Applies when subject.region.province is 河北省, 河南省 or 贵州省. The digest gives no date: in force at every date, as the tables treat undated rows."),
        rule(
            SUBJ_INVESTOR_PERSONAL,
            Error,
            &["subject.investor"],
            "个人备案的投资人或主管单位即主办人本人（自动填充为主办人名称）。",
            "For a personal filing the investor is the subject (autofilled).",
            "guide §3 填写主体信息（投资人或主管单位）",
        ),
        rule(
            SUBJ_INVESTOR_UNIT,
            Reminder,
            &["subject.investor"],
            "单位备案的投资人或主管单位填写法定代表人姓名或主办单位全称。",
            "For a unit: the legal representative's name or the unit's full name.",
            "guide §3 填写主体信息（投资人或主管单位）",
        )
        .notes("Who the legal representative is cannot be known offline."),
        rule(
            SUBJ_PRINCIPAL_PERSONAL,
            Error,
            &["subject.principal.name", "subject.principal.cert_type", "subject.principal.cert_number"],
            "个人备案的负责人即主办人：负责人姓名、证件类型、证件号码与主办人一致（自动填充）。",
            "For a personal filing the principal is the subject: same name, certificate type and number (autofilled).",
            "guide §3 填写主体信息（负责人姓名、负责人证件类型、负责人证件号码）",
        ),
        rule(
            PRINCIPAL_REQUIRED,
            Error,
            &[
                "subject.principal.name",
                "subject.principal.cert_number",
                "subject.principal.phone",
                "subject.principal.phone2",
                "subject.principal.emergency_phone",
                "subject.principal.email",
                "websites[].principal.name",
                "websites[].principal.cert_number",
                "websites[].principal.phone",
                "websites[].principal.phone2",
                "websites[].principal.emergency_phone",
                "websites[].principal.email",
            ],
            "请填写负责人的{字段}（联系方式2：单位备案必填，个人备案无需填写）。",
            "Fill in the principal's {field} (contact 2: required for units, not for personal filings).",
            "guide §3 填写主体信息、填写网站信息（负责人信息）",
        ),
        rule(
            PRINCIPAL_LEGAL_REP,
            Reminder,
            &[&format!("{p}.name"), &format!("{w}.name")],
            "部分管局要求单位备案的主体负责人、网站负责人必须为法定代表人，请查看当地管局规则。",
            "Some bureaus require the unit's principals to be its legal representative.",
            "guide §3 填写主体信息（负责人姓名）、填写网站信息（填写新负责人信息）",
        )
        .notes("Per-bureau rules are not in the sources."),
        rule(
            PRINCIPAL_CERT_TYPE,
            Error,
            &[&format!("{p}.cert_type"), &format!("{w}.cert_type")],
            "负责人是自然人：证件类型应为居民身份证、台胞证、护照、军官证等个人证件。",
            "A principal is a person: a personal certificate type.",
            "guide §3 填写主体信息（负责人证件类型）",
        ),
        rule(
            PRINCIPAL_CERT_CHECK,
            Error,
            &[&format!("{p}.cert_number"), &format!("{w}.cert_number")],
            "负责人证件号码须符合证件类型的格式和校验规则。",
            "The principal's certificate number must pass its type's rules.",
            "guide §3 填写主体信息（负责人证件号码）; rules-digest.md §3",
        )
        .notes("For personal filings the subject principal's number is the subject's and is reported under SUBJ-CERT-CHECK only."),
        rule(
            PRINCIPAL_PHONE_MOBILE,
            Error,
            &[&format!("{p}.phone"), &format!("{w}.phone")],
            "联系方式1须为中国大陆手机号码（11位，1开头，第二位为3–9）。",
            "Contact 1 must be a mainland mobile number (11 digits, 1[3-9]…).",
            "guide §3 填写主体信息（联系方式1）",
        ),
        rule(
            PRINCIPAL_PHONE2_MOBILE,
            Error,
            &[&format!("{p}.phone2"), &format!("{w}.phone2")],
            "联系方式2须为中国大陆手机号码。",
            "Contact 2 must be a mainland mobile number.",
            "guide §3 填写主体信息（联系方式2）",
        ),
        rule(
            PRINCIPAL_EMERGENCY_MOBILE,
            Error,
            &[&format!("{p}.emergency_phone"), &format!("{w}.emergency_phone")],
            "应急联系电话须为手机号码（最常用的手机号码）。",
            "The emergency number must be a mobile number.",
            "guide §3 填写主体信息（应急联系人电话）",
        ),
        rule(
            PRINCIPAL_EMERGENCY_DIFFERS,
            Error,
            &[&format!("{p}.emergency_phone"), &format!("{w}.emergency_phone")],
            "应急联系电话不能与联系方式1相同。",
            "The emergency number must differ from contact 1.",
            DIGEST_3_LATER,
        )
        .notes("The digest gives no date: in force at every date."),
        rule(
            PRINCIPAL_EMAIL,
            Error,
            &[&format!("{p}.email"), &format!("{w}.email")],
            "电子邮件地址须为有效的邮箱地址（用于接收备案通知）。",
            "The e-mail address must be valid (it receives the filing's notices).",
            "guide §3 填写主体信息（电子邮件地址）",
        ),
        rule(
            PRINCIPAL_CONTACT_REAL,
            Reminder,
            &[&format!("{p}.phone"), &format!("{w}.phone")],
            "联系方式须真实有效、能联系到负责人（初审会电话核实），邮箱须能正常接收邮件。",
            "Contacts must be real and reachable; the reviewer calls; the mailbox must receive mail.",
            "guide §3 填写主体信息（联系方式1、电子邮件地址）; guide §5 信息确认",
        )
        .notes("Whether a number or mailbox is real cannot be checked offline."),
        rule(
            PRINCIPAL_CONTACTS_DISTINCT,
            Error,
            &[&format!("{w}.phone"), &format!("{w}.email")],
            "不同的负责人须使用不同的手机号码和电子邮件地址。",
            "Different principals need different phone numbers and e-mail addresses.",
            DIGEST_4_LATER,
        )
        .notes("Two principals are different people when their certificate numbers (else names) differ. The digest gives no date."),
        // ---- §4 websites -----------------------------------------------------------------------
        rule(
            SITE_REQUIRED,
            Error,
            &[
                "websites",
                "websites[].name",
                "websites[].domains",
                "websites[].homepage_url",
                "websites[].content",
                "websites[].languages",
            ],
            "请填写{字段}。",
            "Fill in {field}.",
            GUIDE_WEBSITE,
        )
        .notes("Domains and the homepage URL are required for service_type website; apps and mini programs may have none."),
        rule(
            SITE_NAME_MIN_HAN,
            Error,
            &["websites[].name"],
            "网站名称须使用3个或3个以上汉字。",
            "At least three Chinese characters.",
            naming_unit,
        ),
        rule(
            SITE_NAME_PURE_ASCII,
            Error,
            &["websites[].name"],
            "网站名称不能使用纯数字、纯英文命名。",
            "Not only digits, not only English.",
            naming_unit,
        ),
        rule(
            SITE_NAME_SYMBOLS,
            Error,
            &["websites[].name"],
            "网站名称不能包含特殊符号（只用汉字、字母和数字）。",
            "No special symbols (Chinese characters, letters and digits only).",
            naming_unit,
        )
        .notes("Spaces, punctuation, emoji and invisible characters count as special symbols."),
        rule(
            SITE_NAME_NOT_DOMAIN,
            Error,
            &["websites[].name"],
            "网站名称不能直接以网站域名命名。",
            "The name must not be the domain itself.",
            "guide §3 附录一（单位网站命名要求）; rules-digest.md §4 (every site name)",
        )
        .notes("Compared with each of the site's domains, with www., and with the registrable label (例子 for 例子.中国)."),
        rule(
            SITE_NAME_SENSITIVE,
            Error,
            &["websites[].name"],
            "网站名称不能使用敏感词语（如反腐、赌博、廉政、色情等）。",
            "No sensitive words.",
            naming_unit,
        )
        .notes("The guide's list ends with 等: only the listed words are checked."),
        rule(
            SITE_NAME_NATIONAL_PREFIX,
            Error,
            &["websites[].name"],
            "非国家级单位不得以中国、中华、中央、人民、人大、国家等字头命名（个人网站）。",
            "Personal sites must not begin with 中国、中华、中央、人民、人大、国家.",
            national,
        ),
        rule(
            SITE_NAME_NATIONAL_PREFIX_UNIT,
            Error,
            &["websites[].name"],
            "非国家级单位不得以中国、中华、中央、人民、人大、国家等字头命名；企业、事业单位、社会团体等只有其登记名称本身以这些字头开头时才是国家级单位。",
            "Non-national units must not begin with those prefixes; an enterprise or association is national-level only if its registered name begins so.",
            national,
        )
        .notes("Decided from the subject's own name for enterprises, institutions, associations and the like (error when it lacks the prefix, nothing when it has it); for government bodies and the military the filing cannot tell: a warning."),
        rule(
            SITE_NAME_RELATED,
            Reminder,
            &["websites[].name"],
            "网站名称需与主办单位名称有关联性。",
            "The site name must relate to the subject's name.",
            "guide §3 填写网站信息（网站名称）",
        )
        .notes("Relatedness is a reviewer's judgement."),
        rule(
            SITE_NAME_PERSONAL_CONTENT,
            Reminder,
            &["websites[].name"],
            "个人网站名称要尽量体现网站的主要内容；不能涉及行业、企业、产品等信息；不能使用个人姓名、地名、成语。",
            "A personal site's name reflects its content; no industry, enterprise or product; no personal name, place name or idiom.",
            naming_personal,
        )
        .notes("Content, industry words and idioms cannot be recognised by a machine; the subject's own name and place names are checked by SITE-NAME-PERSONAL-NAME and SITE-NAME-PLACE as warnings."),
        rule(
            SITE_NAME_PERSONAL_NAME,
            Warning,
            &["websites[].name"],
            "个人网站名称不能使用个人姓名（名称中含主办人姓名）。",
            "A personal site's name must not be a personal name (it contains the subject's name).",
            naming_personal,
        )
        .notes("Only the subject's own name can be recognised. Not applied to a 江苏 name that matches 某某的个人博客/主页, whose 某某 the 管局 leaves to the person."),
        rule(
            SITE_NAME_PLACE,
            Warning,
            &["websites[].name"],
            "个人网站名称不能使用地名（名称中含省、市名称）。",
            "A personal site's name must not use a place name (province or city names are recognised).",
            naming_personal,
        )
        .notes("Provinces and prefecture-level cities of GB/T 2260, full and short names: a hint, hence a warning."),
        rule(
            SITE_NAME_PERSONAL_FORBIDDEN,
            Error,
            &["websites[].name"],
            "个人网站名称不能使用资讯、网站、网络、网址、爱好者、作品展示、论坛、社区、工作室、平台、主页、热线、社团、导航等词汇。",
            "Personal site names must not use these words.",
            naming_personal,
        )
        .notes("论坛 and 社区 are also in the 前置审批 list: they are reported once, by SITE-NAME-PERSONAL-PREAPPROVAL, and allowed with a 前置审批 (the specific line wins). In 江苏 the fixed part of 某某的个人主页 is exempt (the province's rule wins)."),
        rule(
            SITE_NAME_PERSONAL_PREAPPROVAL,
            Error,
            &["websites[].name", "websites[].preapprovals"],
            "个人网站名称不能带有博客、论坛、在线、社区、交流等字样；若要带有此类信息，须办理前置审批。",
            "Personal site names may contain 博客、论坛、在线、社区、交流 only with a 前置审批.",
            preapproval_words,
        )
        .notes("A 前置审批 counts when the website lists one with a type and a number. In 江苏 the fixed part of 某某的个人博客 is exempt."),
        rule(
            SITE_NAME_PROVINCE_WORDS,
            Error,
            &["websites[].name"],
            "{省份}个人备案网站名称不能使用以下行业类及经营性词汇：…",
            "The province forbids these industry and commercial words in personal site names.",
            province_words,
        )
        .notes("The province is subject.region.province. A province's list applies even with a 前置审批 (it has no exception)."),
        rule(
            SITE_NAME_JIANGSU_PATTERN,
            Error,
            &["websites[].name"],
            "江苏管局要求个人备案网站名称只能填写“某某的个人博客”或者“某某的个人主页”。",
            "Jiangsu: personal site names must be 某某的个人博客 or 某某的个人主页.",
            jiangsu,
        )
        .notes("Specific beats general: a matching name is not checked against the general bans on 博客/主页 for its fixed part."),
        rule(
            SITE_NAME_JIANGSU_REMARK,
            Error,
            &["websites[].remark"],
            "江苏个人网站须在备注中说明网站开通后的主要内容。",
            "Jiangsu personal sites: the remark must state the site's main content.",
            jiangsu,
        )
        .notes("An empty remark is an error; whether it describes the content is for the reviewer."),
        rule(
            SITE_DOMAIN_FORMAT,
            Error,
            &["websites[].domains[]"],
            "域名只填写域名本身（如 example.com）：不带 http:// 等协议头、路径、端口或通配符，格式有效。",
            "Only the domain (example.com): no scheme, path, port or wildcard; valid labels (IDN checked through punycode).",
            "guide §1.1 域名（格式如hichina.com）",
        ),
        rule(
            SITE_DOMAIN_REGISTRABLE,
            Error,
            &["websites[].domains[]"],
            "域名须是在公共后缀下注册的主域名（如 example.com、例子.中国），不能是后缀本身或子域名。",
            "A registrable name under a public suffix: never a bare suffix, a subdomain or an unknown suffix.",
            "guide §1.1 域名; rules-digest.md §4; Public Suffix List (psl crate, compiled in)",
        )
        .notes("Names under a private suffix of the list (e.g. github.io) are refused too: they are the platform's, not the subject's."),
        rule(
            SITE_DOMAIN_DUPLICATE,
            Error,
            &["websites[].domains[]"],
            "同一备案订单中同一域名只能出现一次。",
            "A domain appears once per filing.",
            "guide §3 表 3-1（每个网站对应一个域名）",
        )
        .notes("Compared by punycode: 例子.中国 and xn--fsqu00a.xn--fiqs8s are the same domain."),
        rule(
            SITE_DOMAIN_NATURE_SUFFIX,
            Error,
            &["websites[].domains[]"],
            "党政机关网站域名须以 .gov.cn 或 .政务 结尾；事业单位须以 .cn 或 .公益 结尾。",
            "Government: .gov.cn or .政务; institutions: .cn or .公益.",
            "rules-digest.md §4 [later]; data/tables/domains.toml",
        )
        .notes("Dates per row of domains.toml (none known yet: in force at every date)."),
        rule(
            SITE_DOMAIN_CHANGE,
            Reminder,
            &["websites[].domains"],
            "变更备案时：网站只有一个域名的，不能变更域名本身；有多个域名的，只能保持或删除域名，不能修改或新增。",
            "Change filings: one domain — no change; several — keep or delete only.",
            "guide §3 填写网站信息（已验证域名）",
        )
        .notes("Needs the approved filing's domains, which the document does not carry."),
        rule(
            SITE_HOMEPAGE_URL,
            Error,
            &["websites[].homepage_url"],
            "网站首页URL须是本网站域名（或其子域名）下的 http/https 地址。",
            "The homepage URL must be http(s) on one of the site's domains or their subdomains.",
            "guide §3 填写网站信息（网站首页URL）",
        )
        .notes("A URL without a scheme (www.example.com) is read as http; ports are accepted."),
        rule(
            SITE_CONTENT_PERSONAL,
            Error,
            &["websites[].content"],
            "个人网站的网站内容选择“其他”；单位门户网站、综合门户只供单位选择。",
            "Personal sites choose 其他 (other).",
            "guide §3 填写网站信息 — 网站内容",
        ),
        rule(
            SITE_SERVICE_TYPE_APP_DATE,
            Error,
            &["websites[].service_type"],
            "APP、小程序、快应用备案自2023年9月起办理；此前只能备案网站。",
            "App, mini-program and quick-app filings exist from 2023-09.",
            DIGEST_4_LATER,
        )
        .until(jiff::civil::date(2023, 8, 31))
        .notes("The digest gives the month (2023-09); the day is taken as the 1st. The rule is in force until 2023-08-31: before that, only websites."),
        rule(
            SITE_LANGUAGE_TAG,
            Warning,
            &["websites[].languages[]"],
            "网站语言应为语言代码（BCP 47，如 zh-Hans、zh-Hant、en），不重复。",
            "Languages are BCP 47 tags, each once.",
            "shared/spec/filing-exchange-format.md (languages); guide §3 网站语言",
        ),
        rule(
            SITE_PREAPPROVAL_ENTRY,
            Error,
            &["websites[].preapprovals[]"],
            "前置审批须填写审批类型和审批文号，并上传前置审批文件。",
            "A 前置审批 needs its type, number and document.",
            "guide §3 填写网站信息（前置审批类型）; rules-digest.md §4",
        )
        .notes("A missing number is an error; an unknown type or a missing attachment a warning (the type list is open)."),
        rule(
            SITE_PREAPPROVAL_NEEDED,
            Reminder,
            &["websites[].preapprovals"],
            "网站涉及新闻、出版、教育、医疗保健、药品和医疗器械、文化、广播电影电视节目等内容的，须办理前置审批，否则备案会被驳回。",
            "Sites on news, publishing, education, health, drugs, culture, radio/film/TV need a 前置审批.",
            "guide §3 填写网站信息（前置审批类型）; rules-digest.md §4",
        )
        .notes("What a site is about cannot be known from the form."),
        rule(
            SITE_PRINCIPAL_PERSONAL,
            Error,
            &["websites[].principal"],
            "个人备案不支持填写新负责人：网站负责人必须与主体负责人为同一人。",
            "Personal filings: the website principal must be the subject principal.",
            "guide §3 填写网站信息（填写新负责人信息）",
        ),
        rule(
            SITE_PRODUCT,
            Error,
            &["websites[].product.instance_id", "websites[].product.service_number"],
            "产品验证：填写云服务器实例ID或备案服务号（格式如 32a43232-a888-88e8-b9ec-00888be8abcd）。",
            "Product verification: an instance ID or a service number (UUID form).",
            "guide §2 产品验证; rules-digest.md §2",
        )
        .notes("阿里巴巴旺铺/企业官网 (wangpu) has its own flow and needs neither. One check (beian_core::product::check_product_format) for the form of the ID and number; the counts across filings are PRODUCT-QUOTA."),
        // ---- §5 websites per order -------------------------------------------------------------
        rule(
            ORDER_SITE_LIMIT,
            Error,
            &["websites"],
            "同一个备案订单可备案的网站数目因省份、主体、备案类型而异（如湖北一次只能备案一个网站）。",
            "The number of websites per order depends on province, subject and filing type.",
            "guide §3 表 3-1; rules-digest.md §5 [later]",
        )
        .notes("Rows of site_limits.toml, each with its source and dates; the filing type, when absent, is taken as first_filing (subject never filed) or new_site (subject filed here/elsewhere)."),
        rule(
            ORDER_DOMAINS_PER_SITE,
            Error,
            &["websites[].domains"],
            "每个网站对应一个域名（表 3-1）。",
            "One domain per website.",
            "guide §3 表 3-1; rules-digest.md §5 [later]",
        ),
        rule(
            ORDER_NEW_DOMAINS_LIMIT,
            Error,
            &["websites"],
            "山西：一次申请新增域名不超过3个。",
            "Shanxi: at most 3 new domains per application.",
            "rules-digest.md §5 [later]",
        ),
        // ---- across filings: products, the filing type, change filings, materials ------------
        rule(
            PRODUCT_QUOTA,
            Error,
            &["websites[].product.instance_id", "websites[].product.service_number"],
            "一个备案服务号只能用于一个网站（注销或取消接入后也不能再用）；每个云产品实例可生成的备案服务号有限额（如 ECS 每个实例 5 个）。",
            "A service number serves one website, ever; each cloud instance has a quota of service numbers.",
            "guide §2 产品验证; rules-digest.md §2 [later, provider docs, 2019 archive]",
        )
        .notes("Counted across the store's filings (beian_core::product::check_products over the store's product uses)."),
        rule(
            WF_TYPE,
            Error,
            &["filing_type", "websites[].domains[]", "subject.cert_number", "subject.filed.with", "websites[].filed.with"],
            "备案类型由主体和域名的备案情况决定；域名或主体存在进行中的订单、域名已在本服务商备案、网站所需类型不同的，不能提交。",
            "The filing type follows from where the subject and domains are filed; an open order, a domain filed here or mixed types block.",
            "guide §1.1 验证备案类型; rules-digest.md §1",
        )
        .notes("Blockers are errors; doubts about the declarations (a type the registry does not confirm, a missing ICP number) are warnings."),
        rule(
            WF_CHANGE_SUBJECT_ID,
            Error,
            &["subject.cert_type", "subject.cert_number"],
            "变更备案不能更改主体证件类型和证件号码：证件不同即为另一主体，需另行备案。",
            "A change filing keeps the subject's certificate type and number.",
            "guide §1.3; rules-digest.md §4（变更备案）",
        ),
        rule(
            WF_CHANGE_DOMAINS,
            Error,
            &["websites[].domains", "websites[].domains[]", "websites"],
            "变更备案只能保留或删除域名，不能新增或修改；不能新增网站，至少保留一个域名。",
            "Change filings keep or delete domains only, add no website and keep at least one domain.",
            "guide §3 填写网站信息（已验证域名）; rules-digest.md §4（变更备案）",
        )
        .notes("Compared with the approved original the change filing started from. A website of the original left out is a warning: deleting it is a deregistration."),
        rule(
            WF_CHANGE_SINGLE_DOMAIN,
            Error,
            &["websites[].domains"],
            "原网站只有一个域名的，变更备案不能更改该域名。",
            "A website with one domain cannot change it in a change filing.",
            "guide §3 填写网站信息（已验证域名）; rules-digest.md §4（变更备案）",
        ),
        rule(
            MATERIALS_REQUIRED,
            Warning,
            &["materials"],
            "须上传所有必需的备案资料（按备案类型、主体性质、省份和日期）；基本资料也可由客户在手机上拍照上传。",
            "Every required material is uploaded (by filing type, subject, province and date); basic materials may also come from the client's phone.",
            "guide §4 上传资料; rules-digest.md §6",
        )
        .notes("Checked by the store, which holds the attachments; the list of materials is materials.toml."),
    ];
    rules.into_iter().map(|b| b.0).collect()
}

static BOOK: LazyLock<Vec<RuleInfo>> = LazyLock::new(build);

/// Every rule, in the rulebook's order (subject, principals, websites, order).
pub fn rulebook() -> &'static [RuleInfo] {
    &BOOK
}

/// A rule by id.
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    BOOK.iter().find(|r| r.id == id)
}
