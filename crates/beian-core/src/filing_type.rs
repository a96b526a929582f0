//! Which kind of filing an order is (`rules-digest.md` §1; guide §1.1–§1.5), what blocks it, and
//! the rules of the filings that start from an approved one (change, cancel access, deregister).
//!
//! The type is decided from the subject's identity (certificate type and number) and the domains,
//! with two sources of what was filed before:
//! - the local [`Registry`] of filings made through this agency, which the store fills (the filings of
//!   the same subject certificate or of any of the domains; more rows are harmless);
//! - what staff declare in the document about filings elsewhere (`subject.filed`,
//!   `websites[i].filed`: `with` and the ICP number).
//!
//! A successful (approved) filing here beats a declaration; a declaration of a filing here that the
//! registry does not know is believed (the registry only knows what was filed with this app) with a
//! warning.
//!
//! | subject \ domain            | never filed                 | filed elsewhere   | filed here          |
//! |-----------------------------|-----------------------------|-------------------|---------------------|
//! | never filed                 | `first_filing`              | `new_access` (+ warning) | blocker      |
//! | filed elsewhere only        | `new_site_subject_elsewhere`| `new_access`      | blocker             |
//! | approved here               | `new_site_subject_here`     | `continue_access` | blocker             |
//!
//! Blockers (guide §1.1, §1.4, §1.5): a domain with an order in progress; a domain already filed here
//! (that is a change filing); another open order of the same subject (one open order per subject —
//! "增加网站" and "继续接入" are not offered while one is open); websites of one order needing
//! different types.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::cert;
use crate::diag::{Diagnostic, FieldPath, Severity};
use crate::model::{CertType, FiledWith, FilingDocument, FilingType, Subject};
use crate::status::FilingStatus;

const SOURCE_TYPES: &str = "rules-digest.md §1; guide §1.1";

/// A website's index as the serialised types carry it (`u32`: no BigInt in the app's bindings).
fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// The local registry

/// A website of a known filing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KnownWebsite {
    pub domains: Vec<String>,
    /// 网站备案号 once approved (`浙ICP备12345678号-1`).
    #[serde(default)]
    pub icp_number: Option<String>,
}

/// A filing made through this agency, as the store knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KnownFiling {
    pub order_no: String,
    pub status: FilingStatus,
    #[serde(default)]
    pub filing_type: Option<FilingType>,
    #[serde(default)]
    pub province: String,
    pub subject_cert_type: CertType,
    pub subject_cert_number: String,
    /// 主体备案号 once approved (`浙ICP备12345678号`).
    #[serde(default)]
    pub subject_icp_number: Option<String>,
    #[serde(default)]
    pub websites: Vec<KnownWebsite>,
}

impl KnownFiling {
    /// The registry row of a stored filing (ICP numbers from the document's `filed` fields).
    pub fn from_document(order_no: &str, status: FilingStatus, doc: &FilingDocument) -> Self {
        KnownFiling {
            order_no: order_no.to_owned(),
            status,
            filing_type: doc.filing_type,
            province: doc.subject.region.province.clone(),
            subject_cert_type: doc.subject.cert_type,
            subject_cert_number: doc.subject.cert_number.clone(),
            subject_icp_number: doc.subject.filed.icp_number.clone(),
            websites: doc
                .websites
                .iter()
                .map(|w| KnownWebsite { domains: w.domains.clone(), icp_number: w.filed.icp_number.clone() })
                .collect(),
        }
    }

    fn is_subject(&self, subject: &Subject) -> bool {
        let number = cert::normalize(&subject.cert_number);
        !number.is_empty()
            && self.subject_cert_type == subject.cert_type
            && cert::normalize(&self.subject_cert_number) == number
    }

    fn has_domain(&self, normalized: &str) -> bool {
        self.websites.iter().flat_map(|w| &w.domains).any(|d| crate::domain::key(d) == normalized)
    }

    /// A filing that is not a follow-up of another (those name the original's sites again).
    fn adds_sites(&self) -> bool {
        !matches!(
            self.filing_type,
            Some(
                FilingType::ChangeSubject
                    | FilingType::ChangeSite
                    | FilingType::CancelAccess
                    | FilingType::DeregisterSubject
                    | FilingType::DeregisterSite
            )
        )
    }
}

/// What this agency filed before: filled by the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Registry {
    /// The order being checked, if it is stored: left out of every comparison.
    #[serde(default)]
    pub current_order_no: Option<String>,
    pub filings: Vec<KnownFiling>,
}

impl Registry {
    /// No filings known (the CLI's `plan`).
    pub fn empty() -> Registry {
        Registry::default()
    }

    fn others(&self) -> impl Iterator<Item = &KnownFiling> {
        self.filings.iter().filter(|f| Some(&f.order_no) != self.current_order_no.as_ref())
    }

    /// Other open orders of the subject.
    pub fn open_orders_of(&self, subject: &Subject) -> Vec<&KnownFiling> {
        self.others().filter(|f| f.status.is_open() && f.is_subject(subject)).collect()
    }

    /// Approved filings of the subject made here.
    pub fn approved_of(&self, subject: &Subject) -> Vec<&KnownFiling> {
        self.others().filter(|f| f.status == FilingStatus::Approved && f.is_subject(subject)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The answer

/// What keeps an order from going ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BlockerKind {
    /// A domain has an order in progress (该域名存在进行中的订单).
    DomainInProgress,
    /// A domain is already filed through this agency.
    DomainFiledHere,
    /// The subject has another open order.
    SubjectOrderOpen,
    /// The websites of the order need different filing types.
    MixedTypes,
    /// A follow-up filing whose original is not approved.
    OriginalNotApproved,
    /// A type that does not start from an approved filing was given as a follow-up.
    NotAFollowUp,
}

/// One blocker, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Blocker {
    pub kind: BlockerKind,
    /// In Chinese: what and what to do.
    pub message: String,
    /// Field path it concerns (`websites[0].domains[1]`, `subject.cert_number`).
    pub field: String,
    /// The other order involved.
    pub order_no: Option<String>,
    pub status: Option<FilingStatus>,
    pub source: String,
}

impl Blocker {
    pub fn to_diagnostic(&self) -> Diagnostic {
        let code = match self.kind {
            BlockerKind::DomainInProgress => "domain_in_progress",
            BlockerKind::DomainFiledHere => "domain_filed_here",
            BlockerKind::SubjectOrderOpen => "subject_order_open",
            BlockerKind::MixedTypes => "mixed_filing_types",
            BlockerKind::OriginalNotApproved => "original_not_approved",
            BlockerKind::NotAFollowUp => "not_a_follow_up",
        };
        Diagnostic {
            code: code.to_owned(),
            severity: Severity::Error,
            field: self.field.clone(),
            message: self.message.clone(),
            message_en: String::new(),
            rule: crate::rules::ids::WF_TYPE.to_owned(),
            source: self.source.clone(),
        }
    }
}

/// The type one website calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SiteType {
    pub website: u32,
    pub filing_type: Option<FilingType>,
    pub reason: String,
}

/// The filing type of an order, why, and what blocks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TypeCheck {
    /// `None` when the websites disagree, a domain is already filed here, or nothing is filled in.
    pub filing_type: Option<FilingType>,
    /// In Chinese.
    pub reason: String,
    pub sites: Vec<SiteType>,
    pub blockers: Vec<Blocker>,
    /// Doubts that do not block: a declaration the registry does not confirm, a missing ICP number.
    pub warnings: Vec<Diagnostic>,
}

impl TypeCheck {
    pub fn is_blocked(&self) -> bool {
        !self.blockers.is_empty()
    }
}

fn warning(code: &str, field: FieldPath, message: String) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity: Severity::Warning,
        field: field.into(),
        message,
        message_en: String::new(),
        rule: crate::rules::ids::WF_TYPE.to_owned(),
        source: SOURCE_TYPES.to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Nowhere,
    Elsewhere,
    Here,
}

fn orders(list: &[&KnownFiling]) -> String {
    list.iter().map(|f| format!("{}（{}）", f.order_no, f.status.label_zh())).collect::<Vec<_>>().join("、")
}

fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// Determines the filing type of a new order (first filing, new site, access) from the document
/// and the registry, with the reason and the blockers. Follow-up filings (change, cancel access,
/// deregister) are chosen by staff from an approved filing: see [`check_follow_up`].
pub fn determine(doc: &FilingDocument, registry: &Registry) -> TypeCheck {
    let subject = &doc.subject;
    let subject_path = FieldPath::root().key("subject");
    let mut warnings = Vec::new();
    let mut blockers = Vec::new();

    // Where the subject was filed.
    let approved_here = registry.approved_of(subject);
    let declared = subject.filed.with;
    let subject_where = if !approved_here.is_empty() {
        if declared != FiledWith::Here {
            warnings.push(warning(
                "subject_filed_here_known",
                subject_path.key("filed").key("with"),
                format!("本服务商已有该主体的成功备案（{}），按“原备案在本服务商”处理", orders(&approved_here)),
            ));
        }
        Where::Here
    } else {
        match declared {
            FiledWith::Here => {
                warnings.push(warning(
                    "subject_filed_here_unknown",
                    subject_path.key("filed").key("with"),
                    "本地记录中没有该主体在本服务商的成功备案，按申报的“原备案在本服务商”处理；请核对主体证件号码"
                        .to_owned(),
                ));
                Where::Here
            }
            FiledWith::Elsewhere => Where::Elsewhere,
            FiledWith::None if has_text(&subject.filed.icp_number) => {
                warnings.push(warning(
                    "subject_icp_without_where",
                    subject_path.key("filed").key("with"),
                    "填写了主体备案号但未选择原备案所在：按“原备案不在本服务商”处理".to_owned(),
                ));
                Where::Elsewhere
            }
            FiledWith::None => Where::Nowhere,
        }
    };

    // Each website.
    let mut sites = Vec::new();
    for (i, w) in doc.websites.iter().enumerate() {
        let site_path = FieldPath::root().key("websites").index(i);
        let domains: Vec<(usize, String)> = w
            .domains
            .iter()
            .enumerate()
            .map(|(j, d)| (j, crate::domain::key(d)))
            .filter(|(_, d)| !d.is_empty())
            .collect();
        if domains.is_empty() {
            sites.push(SiteType { website: index_u32(i), filing_type: None, reason: "未填写域名".to_owned() });
            continue;
        }
        let mut filed_here: Vec<&KnownFiling> = Vec::new();
        for (j, d) in &domains {
            let with_domain: Vec<&KnownFiling> = registry.others().filter(|f| f.has_domain(d)).collect();
            let open: Vec<&KnownFiling> = with_domain.iter().copied().filter(|f| f.status.is_open()).collect();
            for f in &open {
                blockers.push(Blocker {
                    kind: BlockerKind::DomainInProgress,
                    message: format!(
                        "域名 {d} 存在进行中的订单 {}（{}）：请等待该订单完成或撤销后再提交",
                        f.order_no,
                        f.status.label_zh()
                    ),
                    field: site_path.key("domains").index(*j).into(),
                    order_no: Some(f.order_no.clone()),
                    status: Some(f.status),
                    source: "guide §1.1（该域名存在进行中的订单）; rules-digest.md §1".to_owned(),
                });
            }
            for f in with_domain {
                if f.status == FilingStatus::Approved
                    && f.adds_sites()
                    && !filed_here.iter().any(|g| g.order_no == f.order_no)
                {
                    filed_here.push(f);
                }
            }
        }
        let domain_list = domains.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>().join("、");
        let site_declared = w.filed.with;
        let site_where = if !filed_here.is_empty() {
            Where::Here
        } else {
            match site_declared {
                FiledWith::Here => Where::Here,
                FiledWith::Elsewhere => Where::Elsewhere,
                FiledWith::None if has_text(&w.filed.icp_number) => Where::Elsewhere,
                FiledWith::None => Where::Nowhere,
            }
        };
        let (filing_type, reason) = match (site_where, subject_where) {
            (Where::Here, _) => {
                let which = if filed_here.is_empty() {
                    "（按申报）".to_owned()
                } else {
                    format!("（{}）", orders(&filed_here))
                };
                blockers.push(Blocker {
                    kind: BlockerKind::DomainFiledHere,
                    message: format!("域名 {domain_list} 已在本服务商备案{which}：不能再新增备案；修改请办理变更备案"),
                    field: site_path.key("domains").into(),
                    order_no: filed_here.first().map(|f| f.order_no.clone()),
                    status: filed_here.first().map(|f| f.status),
                    source: SOURCE_TYPES.to_owned(),
                });
                (None, format!("域名 {domain_list} 已在本服务商备案"))
            }
            (Where::Elsewhere, Where::Here) => (
                Some(FilingType::ContinueAccess),
                format!(
                    "域名 {domain_list} 已在其他服务商备案，主体在本服务商已有成功备案：继续接入备案（《ICP备案流程（PC端）》§1.5）"
                ),
            ),
            (Where::Elsewhere, s) => {
                if s == Where::Nowhere {
                    warnings.push(warning(
                        "site_filed_subject_not",
                        site_path.key("filed"),
                        format!(
                            "域名 {domain_list} 已有备案，但主体未申报备案：接入备案的主体须与原备案一致（《ICP备案流程（PC端）》§1.5），请核对主体信息并填写主体备案号"
                        ),
                    ));
                }
                (
                    Some(FilingType::NewAccess),
                    format!(
                        "主体和域名 {domain_list} 已在其他服务商备案，主体未在本服务商备案过：新增接入备案（《ICP备案流程（PC端）》§1.5）"
                    ),
                )
            }
            (Where::Nowhere, Where::Here) => (
                Some(FilingType::NewSiteSubjectHere),
                format!(
                    "主体已在本服务商成功备案，域名 {domain_list} 未备案过：新增网站（原备案在本服务商，《ICP备案流程（PC端）》§1.4）"
                ),
            ),
            (Where::Nowhere, Where::Elsewhere) => (
                Some(FilingType::NewSiteSubjectElsewhere),
                format!(
                    "主体已在其他服务商备案，域名 {domain_list} 未备案过：新增网站（原备案不在本服务商，《ICP备案流程（PC端）》§1.3）"
                ),
            ),
            (Where::Nowhere, Where::Nowhere) => (
                Some(FilingType::FirstFiling),
                format!("主体和域名 {domain_list} 均未备案过：首次备案（《ICP备案流程（PC端）》§1.2）"),
            ),
        };
        if matches!(filing_type, Some(FilingType::NewAccess | FilingType::ContinueAccess))
            && !has_text(&w.filed.icp_number)
        {
            warnings.push(warning(
                "access_icp_number_missing",
                site_path.key("filed").key("icp_number"),
                "接入备案须填写网站原备案号（ICP备案密码已于 2020 年取消，rules-digest.md §1）".to_owned(),
            ));
        }
        sites.push(SiteType { website: index_u32(i), filing_type, reason });
    }

    // The order's type: the websites' common type.
    let mut types: Vec<FilingType> = Vec::new();
    for s in &sites {
        if let Some(t) = s.filing_type
            && !types.contains(&t)
        {
            types.push(t);
        }
    }
    let undetermined = sites.iter().any(|s| s.filing_type.is_none());
    let (filing_type, reason) = if doc.websites.is_empty() {
        (None, "未填写网站和域名，无法确定备案类型".to_owned())
    } else if types.len() > 1 {
        let list = sites
            .iter()
            .map(|s| {
                format!("网站 {}：{}", s.website + 1, s.filing_type.map(FilingType::label_zh).unwrap_or("无法确定"))
            })
            .collect::<Vec<_>>()
            .join("，");
        blockers.push(Blocker {
            kind: BlockerKind::MixedTypes,
            message: format!("同一订单中的网站须为同一备案类型（{list}）：请分成多个订单提交"),
            field: "websites".to_owned(),
            order_no: None,
            status: None,
            source: SOURCE_TYPES.to_owned(),
        });
        (None, format!("网站的备案类型不一致：{list}"))
    } else if let (Some(&t), false) = (types.first(), undetermined) {
        let mut reasons: Vec<&str> = Vec::new();
        for s in &sites {
            if !reasons.contains(&s.reason.as_str()) {
                reasons.push(&s.reason);
            }
        }
        (Some(t), reasons.join("；"))
    } else {
        let why = sites
            .iter()
            .filter(|s| s.filing_type.is_none())
            .map(|s| format!("网站 {}：{}", s.website + 1, s.reason))
            .collect::<Vec<_>>()
            .join("；");
        (None, format!("无法确定备案类型：{why}"))
    };

    // One open order per subject.
    let open = registry.open_orders_of(subject);
    if !open.is_empty() {
        let (message, source) = match filing_type {
            Some(FilingType::NewSiteSubjectHere) => (
                format!(
                    "主体有进行中的订单 {}，“增加网站”暂不可用：请放弃该订单或等待其通过审核后再办理",
                    orders(&open)
                ),
                "guide §1.4（如果页面上没有显示增加网站）; rules-digest.md §1",
            ),
            Some(FilingType::ContinueAccess) => (
                format!(
                    "主体有进行中的订单 {}，“继续接入备案”暂不可用：请放弃该订单或等待其通过管局审核后再办理",
                    orders(&open)
                ),
                "guide §1.5（如果页面上没有显示继续接入备案）; rules-digest.md §1",
            ),
            _ => {
                (format!("每个主体同一时间只能有一个进行中的订单，该主体已有 {}", orders(&open)), "rules-digest.md §1")
            }
        };
        blockers.push(Blocker {
            kind: BlockerKind::SubjectOrderOpen,
            message,
            field: subject_path.key("cert_number").into(),
            order_no: open.first().map(|f| f.order_no.clone()),
            status: open.first().map(|f| f.status),
            source: source.to_owned(),
        });
    }

    TypeCheck { filing_type, reason, sites, blockers, warnings }
}

/// Whether a filing type starts from an approved filing (change, cancel access, deregister).
pub fn is_follow_up(filing_type: FilingType) -> bool {
    matches!(
        filing_type,
        FilingType::ChangeSubject
            | FilingType::ChangeSite
            | FilingType::CancelAccess
            | FilingType::DeregisterSubject
            | FilingType::DeregisterSite
    )
}

/// The blockers of a follow-up filing of `filing_type` started from `original`: the original must
/// be approved, and the subject may have no other open order.
pub fn check_follow_up(filing_type: FilingType, original: &KnownFiling, registry: &Registry) -> Vec<Blocker> {
    let mut out = Vec::new();
    if !is_follow_up(filing_type) {
        out.push(Blocker {
            kind: BlockerKind::NotAFollowUp,
            message: format!("{}不是基于已通过备案办理的类型（变更、取消接入、注销才是）", filing_type.label_zh()),
            field: "filing_type".to_owned(),
            order_no: None,
            status: None,
            source: SOURCE_TYPES.to_owned(),
        });
    }
    if original.status != FilingStatus::Approved {
        out.push(Blocker {
            kind: BlockerKind::OriginalNotApproved,
            message: format!(
                "{}须基于已通过的备案办理：订单 {} 的状态为“{}”",
                filing_type.label_zh(),
                original.order_no,
                original.status.label_zh()
            ),
            field: String::new(),
            order_no: Some(original.order_no.clone()),
            status: Some(original.status),
            source: SOURCE_TYPES.to_owned(),
        });
    }
    let subject = Subject {
        cert_type: original.subject_cert_type,
        cert_number: original.subject_cert_number.clone(),
        ..Subject::default()
    };
    let open: Vec<&KnownFiling> =
        registry.open_orders_of(&subject).into_iter().filter(|f| f.order_no != original.order_no).collect();
    if !open.is_empty() {
        out.push(Blocker {
            kind: BlockerKind::SubjectOrderOpen,
            message: format!(
                "每个主体同一时间只能有一个进行中的订单，该主体已有 {}：请等待其完成或撤销后再办理{}",
                orders(&open),
                filing_type.label_zh()
            ),
            field: "subject.cert_number".to_owned(),
            order_no: open.first().map(|f| f.order_no.clone()),
            status: open.first().map(|f| f.status),
            source: "rules-digest.md §1; guide §1.4（修改主体信息期间无法增加新网站）".to_owned(),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Change filings

const SOURCE_CHANGE: &str = "rules-digest.md §4（变更备案）";

fn change_error(code: &str, rule: &str, field: FieldPath, message: String) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity: Severity::Error,
        field: field.into(),
        message,
        message_en: String::new(),
        rule: rule.to_owned(),
        source: SOURCE_CHANGE.to_owned(),
    }
}

/// Which original website each changed website is (by a shared domain, else by position among
/// the unmatched ones).
fn match_websites(original: &FilingDocument, changed: &FilingDocument) -> Vec<Option<usize>> {
    let domains = |d: &FilingDocument, i: usize| -> Vec<String> {
        d.websites[i].domains.iter().map(|x| crate::domain::key(x)).filter(|x| !x.is_empty()).collect()
    };
    let mut matched: Vec<Option<usize>> = (0..changed.websites.len())
        .map(|i| {
            let mine = domains(changed, i);
            (0..original.websites.len()).find(|&j| domains(original, j).iter().any(|d| mine.contains(d)))
        })
        .collect();
    for i in 0..matched.len() {
        if matched[i].is_none() && i < original.websites.len() && !matched.contains(&Some(i)) {
            matched[i] = Some(i);
        }
    }
    matched
}

/// The rules of a change filing (`rules-digest.md` §4): the subject's identity (certificate type and
/// number) cannot change; a changed website's domains may only be kept or removed, never added or
/// modified; a website with a single domain cannot change it; a change filing adds no website.
/// Other fields (names, contacts, e-mail …) may change.
pub fn check_change(original: &FilingDocument, changed: &FilingDocument) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let subject = FieldPath::root().key("subject");
    if original.subject.cert_type != changed.subject.cert_type {
        out.push(change_error(
            "change_subject_identity",
            crate::rules::ids::WF_CHANGE_SUBJECT_ID,
            subject.key("cert_type"),
            format!(
                "变更备案不能更改主体证件类型（原为{}）：证件不同即为另一主体，需另行备案",
                original.subject.cert_type.label_zh()
            ),
        ));
    }
    if cert::normalize(&original.subject.cert_number) != cert::normalize(&changed.subject.cert_number) {
        out.push(change_error(
            "change_subject_identity",
            crate::rules::ids::WF_CHANGE_SUBJECT_ID,
            subject.key("cert_number"),
            format!(
                "变更备案不能更改主体证件号码（原为 {}）：证件不同即为另一主体，需另行备案",
                original.subject.cert_number
            ),
        ));
    }

    let matched = match_websites(original, changed);
    for (i, m) in matched.iter().enumerate() {
        let site = FieldPath::root().key("websites").index(i);
        let Some(j) = *m else {
            out.push(change_error(
                "change_new_website",
                crate::rules::ids::WF_CHANGE_DOMAINS,
                site.key("domains"),
                "变更备案不能新增网站：新网站请办理新增网站备案".to_owned(),
            ));
            continue;
        };
        if let Some(k) = matched[..i].iter().position(|x| *x == Some(j)) {
            out.push(change_error(
                "change_split_website",
                crate::rules::ids::WF_CHANGE_DOMAINS,
                site.key("domains"),
                format!("网站 {} 与网站 {} 对应原备案的同一网站", i + 1, k + 1),
            ));
            continue;
        }
        let before: Vec<String> =
            original.websites[j].domains.iter().map(|d| crate::domain::key(d)).filter(|d| !d.is_empty()).collect();
        let after: Vec<(usize, String)> = changed.websites[i]
            .domains
            .iter()
            .enumerate()
            .map(|(k, d)| (k, crate::domain::key(d)))
            .filter(|(_, d)| !d.is_empty())
            .collect();
        if before.len() == 1 {
            let only = &before[0];
            if after.len() != 1 || after[0].1 != *only {
                out.push(change_error(
                    "change_single_domain",
                    crate::rules::ids::WF_CHANGE_SINGLE_DOMAIN,
                    site.key("domains"),
                    format!("原网站只有一个域名 {only}，变更备案不能更改该域名"),
                ));
            }
            continue;
        }
        if after.is_empty() {
            out.push(change_error(
                "change_domains_removed",
                crate::rules::ids::WF_CHANGE_DOMAINS,
                site.key("domains"),
                "变更备案至少保留一个域名：删除整个网站请办理注销网站或取消接入".to_owned(),
            ));
        }
        for (k, d) in after {
            if !before.contains(&d) {
                out.push(change_error(
                    "change_domain_added",
                    crate::rules::ids::WF_CHANGE_DOMAINS,
                    site.key("domains").index(k),
                    format!(
                        "变更备案只能保留或删除域名，不能新增或修改：{d} 不是原网站的域名（原为 {}）",
                        before.join("、")
                    ),
                ));
            }
        }
    }
    for j in 0..original.websites.len() {
        if !matched.contains(&Some(j)) {
            out.push(Diagnostic {
                code: "change_website_missing".to_owned(),
                severity: Severity::Warning,
                field: "websites".to_owned(),
                message: format!(
                    "原备案的网站 {}（{}）不在变更后的文档中：删除网站须办理注销网站或取消接入",
                    j + 1,
                    original.websites[j].domains.join("、")
                ),
                message_en: String::new(),
                rule: crate::rules::ids::WF_CHANGE_DOMAINS.to_owned(),
                source: SOURCE_CHANGE.to_owned(),
            });
        }
    }
    out
}

/// What a change filing changes: the subject's data and/or which websites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ChangedParts {
    pub subject: bool,
    /// Indexes into the changed document's websites.
    pub websites: Vec<u32>,
}

impl ChangedParts {
    /// The change type this calls for: 变更主体 when the subject changed, else 变更网站; `None`
    /// when nothing changed.
    pub fn filing_type(&self) -> Option<FilingType> {
        if self.subject {
            Some(FilingType::ChangeSubject)
        } else if !self.websites.is_empty() {
            Some(FilingType::ChangeSite)
        } else {
            None
        }
    }
}

/// Compares a changed document with the approved original (the `filed` declarations ignored).
pub fn changed_parts(original: &FilingDocument, changed: &FilingDocument) -> ChangedParts {
    let strip = |s: &Subject| Subject { filed: Default::default(), ..s.clone() };
    let matched = match_websites(original, changed);
    let websites = matched
        .iter()
        .enumerate()
        .filter(|(i, m)| match m {
            Some(j) => {
                let a = &original.websites[*j];
                let b = &changed.websites[*i];
                let mut b = b.clone();
                b.filed = a.filed.clone();
                *a != b
            }
            None => true,
        })
        .map(|(i, _)| index_u32(i))
        .collect();
    ChangedParts { subject: strip(&original.subject) != strip(&changed.subject), websites }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Filed, Website};

    const CERT: &str = "33010619900101123X";

    fn doc(domains: &[&[&str]]) -> FilingDocument {
        let mut d = FilingDocument::draft("张三", "x.com");
        d.subject.cert_type = CertType::ResidentId;
        d.subject.cert_number = CERT.to_lowercase();
        d.websites = domains
            .iter()
            .map(|ds| Website { domains: ds.iter().map(|s| s.to_string()).collect(), ..Website::default() })
            .collect();
        d
    }

    fn known(order: &str, status: FilingStatus, domains: &[&str]) -> KnownFiling {
        KnownFiling {
            order_no: order.into(),
            status,
            filing_type: Some(FilingType::FirstFiling),
            province: "浙江省".into(),
            subject_cert_type: CertType::ResidentId,
            subject_cert_number: CERT.into(),
            subject_icp_number: None,
            websites: vec![KnownWebsite { domains: domains.iter().map(|s| s.to_string()).collect(), icp_number: None }],
        }
    }

    fn registry(filings: Vec<KnownFiling>) -> Registry {
        Registry { current_order_no: None, filings }
    }

    fn elsewhere(icp: Option<&str>) -> Filed {
        Filed { icp_number: icp.map(str::to_owned), with: FiledWith::Elsewhere }
    }

    #[test]
    fn first_filing_and_new_sites() {
        let d = doc(&[&["example.com"]]);
        let t = determine(&d, &Registry::empty());
        assert_eq!(t.filing_type, Some(FilingType::FirstFiling));
        assert!(t.reason.contains("首次备案"), "{}", t.reason);
        assert!(!t.is_blocked());

        let mut d2 = d.clone();
        d2.subject.filed = elsewhere(Some("京ICP备12345678号"));
        let t = determine(&d2, &Registry::empty());
        assert_eq!(t.filing_type, Some(FilingType::NewSiteSubjectElsewhere));

        // Approved here, undeclared: the registry wins, with a warning.
        let r = registry(vec![known("BA1", FilingStatus::Approved, &["old.com"])]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, Some(FilingType::NewSiteSubjectHere));
        assert_eq!(t.warnings[0].code, "subject_filed_here_known");
        assert!(!t.is_blocked());
    }

    #[test]
    fn access_filings() {
        let mut d = doc(&[&["www.Example.com."]]);
        d.websites[0].filed = elsewhere(Some("浙ICP备12345678号-1"));
        d.subject.filed = elsewhere(Some("浙ICP备12345678号"));
        let t = determine(&d, &Registry::empty());
        assert_eq!(t.filing_type, Some(FilingType::NewAccess));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);

        let r = registry(vec![known("BA1", FilingStatus::Approved, &["old.com"])]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, Some(FilingType::ContinueAccess));

        d.websites[0].filed.icp_number = None;
        let t = determine(&d, &r);
        assert!(
            t.warnings
                .iter()
                .any(|w| w.code == "access_icp_number_missing" && w.field == "websites[0].filed.icp_number")
        );
    }

    #[test]
    fn domain_in_progress_and_filed_here() {
        let d = doc(&[&["a.com", "example.com"]]);
        let r = registry(vec![known("BA7", FilingStatus::BureauReview, &["EXAMPLE.com"])]);
        let t = determine(&d, &r);
        let b: Vec<_> = t.blockers.iter().map(|b| b.kind).collect();
        assert_eq!(b, [BlockerKind::DomainInProgress, BlockerKind::SubjectOrderOpen]);
        assert_eq!(t.blockers[0].field, "websites[0].domains[1]");
        assert_eq!(t.blockers[0].order_no.as_deref(), Some("BA7"));
        assert!(t.blockers[0].message.contains("管局审核中"));

        // The order being checked is not its own blocker.
        let mut r2 = r.clone();
        r2.current_order_no = Some("BA7".into());
        assert!(!determine(&d, &r2).is_blocked());

        let r = registry(vec![known("BA8", FilingStatus::Approved, &["example.com"])]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, None);
        assert_eq!(t.blockers[0].kind, BlockerKind::DomainFiledHere);
        assert!(t.blockers[0].message.contains("变更备案"));
        // A withdrawn order neither blocks nor counts as filed.
        let r = registry(vec![known("BA9", FilingStatus::Withdrawn, &["example.com"])]);
        assert_eq!(determine(&d, &r).filing_type, Some(FilingType::FirstFiling));
    }

    #[test]
    fn one_open_order_per_subject() {
        let d = doc(&[&["new.com"]]);
        let r = registry(vec![
            known("BA1", FilingStatus::Approved, &["old.com"]),
            known("BA2", FilingStatus::Submitted, &["other.com"]),
        ]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, Some(FilingType::NewSiteSubjectHere));
        assert_eq!(t.blockers.len(), 1);
        assert_eq!(t.blockers[0].kind, BlockerKind::SubjectOrderOpen);
        assert!(t.blockers[0].message.contains("增加网站"), "{}", t.blockers[0].message);
        assert!(t.blockers[0].message.contains("BA2（等待初审）"));
    }

    #[test]
    fn websites_of_one_order_share_a_type() {
        let mut d = doc(&[&["new.com"], &["old.com"]]);
        d.subject.filed = elsewhere(None);
        d.websites[1].filed = elsewhere(Some("浙ICP备1号-2"));
        let t = determine(&d, &Registry::empty());
        assert_eq!(t.filing_type, None);
        assert_eq!(t.blockers[0].kind, BlockerKind::MixedTypes);
        assert!(t.reason.contains("网站 2：新增接入备案"), "{}", t.reason);
        assert_eq!(determine(&doc(&[]), &Registry::empty()).filing_type, None);
        assert_eq!(determine(&doc(&[&[" "]]), &Registry::empty()).filing_type, None);
    }

    #[test]
    fn follow_ups_start_from_an_approved_filing() {
        let orig = known("BA1", FilingStatus::BureauReview, &["a.com"]);
        let b = check_follow_up(FilingType::ChangeSite, &orig, &registry(vec![orig.clone()]));
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].kind, BlockerKind::OriginalNotApproved);
        let orig = known("BA1", FilingStatus::Approved, &["a.com"]);
        let r = registry(vec![orig.clone(), known("BA2", FilingStatus::Draft, &["b.com"])]);
        let b = check_follow_up(FilingType::DeregisterSite, &orig, &r);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].kind, BlockerKind::SubjectOrderOpen);
        assert!(check_follow_up(FilingType::CancelAccess, &orig, &registry(vec![orig.clone()])).is_empty());
        assert_eq!(
            check_follow_up(FilingType::FirstFiling, &orig, &Registry::empty())[0].kind,
            BlockerKind::NotAFollowUp
        );
    }

    fn codes(diags: &[Diagnostic]) -> Vec<(&str, &str)> {
        diags.iter().map(|d| (d.code.as_str(), d.field.as_str())).collect()
    }

    #[test]
    fn change_keeps_or_removes_domains_only() {
        let orig = doc(&[&["a.com", "b.com", "c.com"], &["single.com"]]);
        // Removing a domain and editing other fields is fine.
        let mut ok = orig.clone();
        ok.websites[0].domains = vec!["www.a.com".into(), "c.com".into()];
        ok.websites[1].name = "新名称".into();
        ok.subject.principal.email = "new@example.com".into();
        assert!(check_change(&orig, &ok).is_empty(), "{:?}", check_change(&orig, &ok));
        let parts = changed_parts(&orig, &ok);
        assert_eq!(parts, ChangedParts { subject: true, websites: vec![0, 1] });
        assert_eq!(parts.filing_type(), Some(FilingType::ChangeSubject));

        let mut bad = orig.clone();
        bad.websites[0].domains = vec!["a.com".into(), "d.com".into()];
        bad.websites[1].domains = vec!["single2.com".into()];
        assert_eq!(
            codes(&check_change(&orig, &bad)),
            [("change_domain_added", "websites[0].domains[1]"), ("change_single_domain", "websites[1].domains")]
        );

        let mut added = orig.clone();
        added.websites.push(Website { domains: vec!["new.com".into()], ..Website::default() });
        assert_eq!(codes(&check_change(&orig, &added)), [("change_new_website", "websites[2].domains")]);

        let mut removed = orig.clone();
        removed.websites.remove(0);
        let diags = check_change(&orig, &removed);
        assert_eq!(codes(&diags), [("change_website_missing", "websites")]);
        assert_eq!(diags[0].severity, Severity::Warning);

        let mut emptied = orig.clone();
        emptied.websites[0].domains.clear();
        assert_eq!(codes(&check_change(&orig, &emptied)), [("change_domains_removed", "websites[0].domains")]);
    }

    #[test]
    fn change_cannot_change_the_subjects_identity() {
        let orig = doc(&[&["a.com"]]);
        let mut same = orig.clone();
        same.subject.cert_number = " 33010619900101123x ".into();
        assert!(check_change(&orig, &same).is_empty());
        let mut other = orig.clone();
        other.subject.cert_type = CertType::Passport;
        other.subject.cert_number = "E12345678".into();
        assert_eq!(
            codes(&check_change(&orig, &other)),
            [("change_subject_identity", "subject.cert_type"), ("change_subject_identity", "subject.cert_number")]
        );
        assert_eq!(changed_parts(&orig, &orig).filing_type(), None);
    }
}
