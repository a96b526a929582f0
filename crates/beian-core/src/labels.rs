//! The words of the domain's codes in both languages, read from `data/labels/labels.toml`: the one
//! place a status, a filing type, a field or a history entry is given its name. The core's
//! `label_zh` functions, the window's catalog, the CLI and the print views all read them here.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use specta::Type;

/// A code's name in Simplified Chinese and in English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub zh: String,
    pub en: String,
}

impl Label {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Label {
        Label { zh: zh.into(), en: en.into() }
    }
}

/// The groups of codes that have labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    FilingType,
    Status,
    Nature,
    CertType,
    ProductType,
    ServiceType,
    /// 运行平台 of an app.
    AppPlatform,
    /// The platform that runs a mini-program.
    MiniProgramPlatform,
    Action,
    HistoryKind,
    DeadlineKind,
    /// What a reminder (今日待办) is about.
    ReminderKind,
    Severity,
    MaterialKind,
    FiledWith,
    VerifierRole,
    /// The 负责人 of each kind of service (网站负责人, APP负责人 …), by service type code.
    ServicePrincipal,
    AuditAction,
    /// Print views (`beian-print`'s `ViewKind`; that crate tests every view has its label).
    PrintKind,
    /// Certificates 识别证件 tells apart (`beian-ocr`'s `DocumentKind`, tested there).
    DocumentKind,
    /// Fields a certificate carries (`beian-ocr`'s `FieldName`, tested there).
    CertField,
    /// Field paths of the filing document, with `[]` for any index.
    Field,
}

impl Group {
    pub const ALL: [Group; 22] = [
        Group::FilingType,
        Group::Status,
        Group::Nature,
        Group::CertType,
        Group::ProductType,
        Group::ServiceType,
        Group::AppPlatform,
        Group::MiniProgramPlatform,
        Group::Action,
        Group::HistoryKind,
        Group::DeadlineKind,
        Group::ReminderKind,
        Group::Severity,
        Group::MaterialKind,
        Group::FiledWith,
        Group::VerifierRole,
        Group::ServicePrincipal,
        Group::AuditAction,
        Group::PrintKind,
        Group::DocumentKind,
        Group::CertField,
        Group::Field,
    ];

    /// The group's table name in `labels.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Group::FilingType => "filing_type",
            Group::Status => "status",
            Group::Nature => "nature",
            Group::CertType => "cert_type",
            Group::ProductType => "product_type",
            Group::ServiceType => "service_type",
            Group::AppPlatform => "app_platform",
            Group::MiniProgramPlatform => "mini_program_platform",
            Group::Action => "action",
            Group::HistoryKind => "history_kind",
            Group::DeadlineKind => "deadline_kind",
            Group::ReminderKind => "reminder_kind",
            Group::Severity => "severity",
            Group::MaterialKind => "material_kind",
            Group::FiledWith => "filed_with",
            Group::VerifierRole => "verifier_role",
            Group::ServicePrincipal => "service_principal",
            Group::AuditAction => "audit_action",
            Group::PrintKind => "print_kind",
            Group::DocumentKind => "document_kind",
            Group::CertField => "cert_field",
            Group::Field => "field",
        }
    }
}

/// The file's contents (parsed once; the file is part of the binary).
static LABELS: LazyLock<BTreeMap<String, BTreeMap<String, Label>>> = LazyLock::new(|| {
    toml::from_str(include_str!("../data/labels/labels.toml")).expect("data/labels/labels.toml is valid (tested)")
});

/// Other words for a code (`data/labels/aliases.toml`).
static ALIASES: LazyLock<BTreeMap<String, BTreeMap<String, Vec<String>>>> = LazyLock::new(|| {
    toml::from_str(include_str!("../data/labels/aliases.toml")).expect("data/labels/aliases.toml is valid (tested)")
});

/// Words as compared: spaces dropped, full-width brackets as ASCII, ASCII letters in lower case.
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The code a word names in `group`: the code itself, its Chinese or English label, or one of its
/// aliases (the 2019 guide's 新增网站(原备案不在阿里云) for `new_site_subject_elsewhere`, …).
pub fn code_for(group: Group, words: &str) -> Option<&'static str> {
    let w = comparable(words);
    if w.is_empty() {
        return None;
    }
    let labels = self::group(group);
    labels
        .iter()
        .find(|(code, l)| comparable(code) == w || comparable(&l.zh) == w || comparable(&l.en) == w)
        .map(|(code, _)| code.as_str())
        .or_else(|| {
            ALIASES.get(group.key())?.iter().find_map(|(code, aliases)| {
                aliases
                    .iter()
                    .any(|a| comparable(a) == w)
                    .then(|| labels.get_key_value(code).map(|(k, _)| k.as_str()))?
            })
        })
}

/// Every label of a group, by code (in code order).
pub fn group(group: Group) -> &'static BTreeMap<String, Label> {
    static EMPTY: BTreeMap<String, Label> = BTreeMap::new();
    LABELS.get(group.key()).unwrap_or(&EMPTY)
}

/// A code's label; `None` for a code the file does not name (a test keeps that from happening for
/// the core's own codes).
pub fn get(group: Group, code: &str) -> Option<&'static Label> {
    self::group(group).get(code)
}

/// A code's Chinese label, or the code itself when it has none.
pub fn zh(group: Group, code: &str) -> &str {
    get(group, code).map_or(code, |l| l.zh.as_str())
}

/// A code's English label, or the code itself when it has none.
pub fn en(group: Group, code: &str) -> &str {
    get(group, code).map_or(code, |l| l.en.as_str())
}

/// The pattern of a field path: indices replaced by `[]` (`websites[1].domains[0]` →
/// `websites[].domains[]`).
pub fn field_pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The label of a field path, by its pattern; a path the file does not name takes its nearest
/// named parent (`subject.principal.foo` → 主体负责人). `materials.<code>` is a material of the
/// materials table and is named by the caller, which has the table.
pub fn field(path: &str) -> Option<&'static Label> {
    let mut pattern = field_pattern(path);
    loop {
        if let Some(l) = get(Group::Field, &pattern) {
            return Some(l);
        }
        let cut = pattern.rfind(['.', '['])?;
        pattern.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_2019_words_name_the_consoles_filing_types() {
        use super::{Group, code_for};
        assert_eq!(code_for(Group::FilingType, "新增网站(原备案不在阿里云)"), Some("new_site_subject_elsewhere"));
        assert_eq!(code_for(Group::FilingType, "新增网站（原备案在本服务商）"), Some("new_site_subject_here"));
        assert_eq!(
            code_for(Group::FilingType, "新增互联网信息服务（原备案在本服务商）"),
            Some("new_site_subject_here")
        );
        assert_eq!(code_for(Group::FilingType, " 首次备案 "), Some("first_filing"));
        assert_eq!(code_for(Group::FilingType, "First filing"), Some("first_filing"));
        assert_eq!(code_for(Group::FilingType, "change_site"), Some("change_site"));
        assert_eq!(code_for(Group::FilingType, "新增网站"), None, "ambiguous without the bracket");
        assert_eq!(code_for(Group::FilingType, ""), None);
        // Every alias names a code of its group, and no alias names two codes.
        let mut seen = std::collections::BTreeMap::new();
        for (group, codes) in super::ALIASES.iter() {
            let g = super::Group::ALL.iter().find(|g| g.key() == group).expect("a known group");
            for (code, aliases) in codes {
                assert!(super::get(*g, code).is_some(), "{group}.{code}");
                for a in aliases {
                    assert_eq!(seen.insert((group.clone(), super::comparable(a)), code.clone()), None, "{a}");
                }
            }
        }
    }

    use super::*;

    #[test]
    fn the_file_parses_and_every_group_has_labels() {
        for g in Group::ALL {
            assert!(!group(g).is_empty(), "labels.toml has no [{}]", g.key());
            for (code, l) in group(g) {
                assert!(!l.zh.trim().is_empty() && !l.en.trim().is_empty(), "[{}] {code}: both languages", g.key());
            }
        }
        let names: Vec<&str> = Group::ALL.iter().map(|g| g.key()).collect();
        for table in LABELS.keys() {
            assert!(names.contains(&table.as_str()), "labels.toml has a table no group reads: [{table}]");
        }
    }

    #[test]
    fn field_paths_are_named_by_pattern_or_their_parent() {
        assert_eq!(field_pattern("websites[12].domains[0]"), "websites[].domains[]");
        assert_eq!(field("subject.cert_address").unwrap().zh, "证件住所");
        assert_eq!(field("websites[3].product.instance_id").unwrap().zh, "实例 ID");
        assert_eq!(field("subject.principal.nonsense").unwrap().zh, "主体负责人");
        assert_eq!(field("websites[2]").unwrap().en, "Website");
        assert!(field("nothing.here").is_none());
    }

    /// Every code of the core's enums has a label, and the file names no code that does not exist.
    #[test]
    fn every_code_has_a_label_and_no_label_lacks_a_code() {
        use crate::schedule::DeadlineKind;
        use crate::status::FilingStatus;
        use crate::tables::{MaterialKind, VerifierRole};
        use crate::workflow::ActionKind;
        use crate::{AppPlatformKind, CertType, FiledWith, FilingType, Nature, ProductType, ServiceType, Severity};

        fn codes<T: Serialize>(all: &[T]) -> Vec<String> {
            all.iter().map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_owned()).collect()
        }
        let expect: Vec<(Group, Vec<String>)> = vec![
            (Group::FilingType, codes(&FilingType::ALL)),
            (Group::Status, codes(&FilingStatus::ALL)),
            (Group::Nature, codes(&Nature::ALL)),
            (Group::CertType, codes(&CertType::ALL)),
            (Group::ProductType, codes(&ProductType::ALL)),
            (Group::ServiceType, codes(&ServiceType::ALL)),
            (Group::AppPlatform, codes(&AppPlatformKind::ALL)),
            (
                Group::MiniProgramPlatform,
                crate::rules::MINI_PROGRAM_PLATFORMS.iter().map(|c| (*c).to_owned()).collect(),
            ),
            (Group::Action, codes(&ActionKind::ALL)),
            (Group::DeadlineKind, codes(&DeadlineKind::ALL)),
            (Group::ReminderKind, codes(&crate::reminders::ReminderKind::ALL)),
            (Group::Severity, codes(&[Severity::Error, Severity::Warning, Severity::Reminder])),
            (Group::MaterialKind, codes(&[MaterialKind::Basic, MaterialKind::Auxiliary])),
            (Group::FiledWith, codes(&[FiledWith::None, FiledWith::Here, FiledWith::Elsewhere])),
            (Group::VerifierRole, codes(&[VerifierRole::SubjectPrincipal, VerifierRole::WebsitePrincipal])),
            (Group::ServicePrincipal, codes(&ServiceType::ALL)),
        ];
        for (g, mut want) in expect {
            want.sort();
            let have: Vec<String> = group(g).keys().cloned().collect();
            assert_eq!(have, want, "[{}] names exactly the codes", g.key());
        }
    }
}
