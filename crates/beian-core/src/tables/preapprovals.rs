//! `preapprovals.toml`: the 前置审批 types (`websites[].preapprovals[].type`).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Meta, TABLES};

/// A 前置审批 type (`websites[].preapprovals[].type`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct PreapprovalType {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PreapprovalsFile {
    pub(super) meta: Meta,
    preapproval: Vec<PreapprovalType>,
}

/// 前置审批 types.
pub fn preapproval_types() -> &'static [PreapprovalType] {
    &TABLES.preapprovals.preapproval
}

pub fn preapproval_type(code: &str) -> Option<&'static PreapprovalType> {
    preapproval_types().iter().find(|p| p.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preapproval_codes_and_labels() {
        assert_eq!(preapproval_type("news").unwrap().label_zh, "新闻");
        assert_eq!(preapproval_type("drugs_medical_devices").unwrap().label_zh, "药品和医疗器械");
        assert!(preapproval_type("gambling").is_none());
        for p in preapproval_types() {
            assert!(p.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", p.code);
        }
    }
}
