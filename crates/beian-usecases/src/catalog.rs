//! The words of the domain's codes for the window, from the core's `labels.toml`: statuses, filing
//! types, natures, certificate types, products, actions and history entries, deadlines,
//! severities, material kinds, where a subject was filed, verifier roles and the form's fields —
//! each with its code and both languages, so the UI keeps no label of its own.

use beian_core::labels::{self, Group};
use serde::Serialize;
use specta::Type;

/// A code with its Chinese and English labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Labeled {
    pub code: String,
    pub label: String,
    pub label_en: String,
}

/// The labels of the domain's codes, in the core's order where it has one.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Catalog {
    pub statuses: Vec<Labeled>,
    pub filing_types: Vec<Labeled>,
    pub natures: Vec<Labeled>,
    pub cert_types: Vec<Labeled>,
    pub product_types: Vec<Labeled>,
    pub service_types: Vec<Labeled>,
    /// 运行平台 of an app.
    pub app_platforms: Vec<Labeled>,
    /// Platforms that run mini-programs.
    pub mini_program_platforms: Vec<Labeled>,
    /// 网站内容 / 服务内容 categories (`websites[].content`).
    pub contents: Vec<Labeled>,
    /// 前置审批 types (`websites[].preapprovals[].type`).
    pub preapproval_types: Vec<Labeled>,
    /// Workflow actions (also history entries of those kinds).
    pub actions: Vec<Labeled>,
    /// Every kind a history entry can have: the actions and `created`, `edited`, `imported`,
    /// `printed_full`.
    pub history_kinds: Vec<Labeled>,
    pub deadline_kinds: Vec<Labeled>,
    /// What a reminder (今日待办) is about.
    pub reminder_kinds: Vec<Labeled>,
    pub severities: Vec<Labeled>,
    pub material_kinds: Vec<Labeled>,
    pub filed_with: Vec<Labeled>,
    pub verifier_roles: Vec<Labeled>,
    /// Field paths with `[]` for any index (`websites[].name`); `materials.<code>` names a material.
    pub fields: Vec<Labeled>,
    pub provinces: Vec<String>,
    /// The access providers (接入商), `other` last, each with what the window shows of its profile.
    pub providers: Vec<ProviderChoice>,
    /// The provider of a document that names none (`aliyun`).
    pub default_provider: String,
}

/// An access provider as the window offers it: its name, its products (with its own names), what
/// it calls its code and where its authenticity check is done.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ProviderChoice {
    pub code: String,
    pub label: String,
    pub label_en: String,
    /// Its products (`product.type` codes with the provider's names); empty: any product.
    pub products: Vec<Labeled>,
    pub code_label: String,
    pub code_label_en: String,
    pub code_example: Option<String>,
    pub check_where: Option<String>,
    pub check_qr_minutes: Option<u32>,
    pub account_label: Option<String>,
}

fn provider_choices() -> Vec<ProviderChoice> {
    beian_core::providers::profiles()
        .iter()
        .map(|p| ProviderChoice {
            code: p.meta.code.clone(),
            label: p.meta.name_zh.clone(),
            label_en: p.meta.name_en.clone(),
            products: if p.lists_products() {
                p.product
                    .iter()
                    .map(|r| Labeled {
                        code: r.kind.code().to_owned(),
                        label: r.label_zh.clone(),
                        label_en: r.kind.label_en().to_owned(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            code_label: p.code.label_zh.clone(),
            code_label_en: p.code.label_en.clone(),
            code_example: p.code.example.clone(),
            check_where: p.authenticity.where_zh.clone(),
            check_qr_minutes: p.authenticity.qr_minutes,
            account_label: p.account.label_zh.clone(),
        })
        .collect()
}

fn labeled(group: Group, codes: impl IntoIterator<Item = &'static str>) -> Vec<Labeled> {
    codes
        .into_iter()
        .map(|code| Labeled {
            code: code.to_owned(),
            label: labels::zh(group, code).to_owned(),
            label_en: labels::en(group, code).to_owned(),
        })
        .collect()
}

fn all(group: Group) -> Vec<Labeled> {
    labels::group(group)
        .iter()
        .map(|(code, l)| Labeled { code: code.clone(), label: l.zh.clone(), label_en: l.en.clone() })
        .collect()
}

/// The catalog (built from the core's tables; the same for every filing).
pub fn catalog() -> Catalog {
    use beian_core::schedule::DeadlineKind;
    use beian_core::status::FilingStatus;
    use beian_core::workflow::ActionKind;
    use beian_core::{AppPlatformKind, CertType, FilingType, Nature, ProductType, ServiceType};

    let actions = labeled(Group::Action, ActionKind::ALL.map(ActionKind::code));
    let mut history_kinds = actions.clone();
    history_kinds.extend(all(Group::HistoryKind));
    let mut fields = all(Group::Field);
    fields.extend(beian_core::tables::materials().iter().map(|m| Labeled {
        code: format!("materials.{}", m.code),
        label: m.name_zh.clone(),
        label_en: m.name_en.clone(),
    }));
    Catalog {
        statuses: labeled(Group::Status, FilingStatus::ALL.map(FilingStatus::code)),
        filing_types: labeled(Group::FilingType, FilingType::ALL.map(FilingType::code)),
        natures: labeled(Group::Nature, Nature::ALL.map(Nature::code)),
        cert_types: labeled(Group::CertType, CertType::ALL.map(CertType::code)),
        product_types: labeled(Group::ProductType, ProductType::ALL.map(ProductType::code)),
        service_types: labeled(Group::ServiceType, ServiceType::ALL.map(ServiceType::code)),
        app_platforms: labeled(Group::AppPlatform, AppPlatformKind::ALL.map(AppPlatformKind::code)),
        mini_program_platforms: labeled(Group::MiniProgramPlatform, beian_core::rules::MINI_PROGRAM_PLATFORMS),
        contents: beian_core::tables::content_types()
            .iter()
            .map(|c| Labeled { code: c.code.clone(), label: c.label_zh.clone(), label_en: c.label_en.clone() })
            .collect(),
        preapproval_types: beian_core::tables::preapproval_types()
            .iter()
            .map(|c| Labeled { code: c.code.clone(), label: c.label_zh.clone(), label_en: c.label_en.clone() })
            .collect(),
        actions,
        history_kinds,
        deadline_kinds: labeled(Group::DeadlineKind, DeadlineKind::ALL.map(DeadlineKind::code)),
        reminder_kinds: labeled(
            Group::ReminderKind,
            beian_core::reminders::ReminderKind::ALL.map(beian_core::reminders::ReminderKind::code),
        ),
        severities: labeled(Group::Severity, ["error", "warning", "reminder"]),
        material_kinds: labeled(Group::MaterialKind, ["basic", "auxiliary"]),
        filed_with: labeled(Group::FiledWith, ["none", "here", "elsewhere"]),
        verifier_roles: labeled(Group::VerifierRole, ["subject_principal", "website_principal"]),
        fields,
        provinces: beian_core::regions::provinces().into_iter().map(str::to_owned).collect(),
        providers: provider_choices(),
        default_provider: beian_core::providers::DEFAULT_PROVIDER.to_owned(),
    }
}

/// The label of a field path for a person: 证件住所, 网站名称（网站 2）. With the document, a
/// service that is not a website is named by its kind: `websites[1].name` of an app is
/// APP名称（服务 2 · APP）, its principal's phone APP负责人手机.
pub fn field_label(path: &str, doc: Option<&beian_core::FilingDocument>) -> Option<labels::Label> {
    if let Some(code) = path.strip_prefix("materials.") {
        let m = beian_core::tables::materials().iter().find(|m| m.code == code)?;
        return Some(labels::Label { zh: m.name_zh.clone(), en: m.name_en.clone() });
    }
    let base = labels::field(path)?;
    // The service a field belongs to, counted from 1 as staff count them.
    let index =
        path.strip_prefix("websites[").and_then(|rest| rest.split_once(']')).and_then(|(n, _)| n.parse::<usize>().ok());
    let Some(i) = index.filter(|_| path.len() > "websites[]".len() + 1) else {
        return Some(base.clone());
    };
    let n = i + 1;
    let kind = doc.and_then(|d| d.websites.get(i)).map_or(beian_core::ServiceType::Website, |w| w.service_type);
    if kind == beian_core::ServiceType::Website {
        return Some(labels::Label {
            zh: format!("{}（网站 {n}）", base.zh),
            en: format!("{} (website {n})", base.en),
        });
    }
    // 网站名称 → APP名称, Website principal's name → App principal's name.
    let (kind_zh, kind_en) = (kind.label_zh(), kind.label_en());
    let zh = base.zh.strip_prefix("网站").map_or_else(|| base.zh.clone(), |rest| format!("{kind_zh}{rest}"));
    let en = base.en.strip_prefix("Website").map_or_else(|| base.en.clone(), |rest| format!("{kind_en}{rest}"));
    Some(labels::Label {
        zh: format!("{zh}（服务 {n} · {kind_zh}）"), en: format!("{en} (service {n}, {kind_en})")
    })
}
