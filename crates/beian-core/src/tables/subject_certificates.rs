//! `subject_certificates.toml`: the certificate types that go with each subject nature (recommended
//! and allowed).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Meta, TABLES};
use crate::model::{CertType, Nature};

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
pub(super) struct CertificatesFile {
    pub(super) meta: Meta,
    nature: Vec<NatureCertificates>,
}

/// Certificate types by subject nature.
pub fn subject_certificates() -> &'static [NatureCertificates] {
    &TABLES.certificates.nature
}

pub fn certificates_for(nature: Nature) -> Option<&'static NatureCertificates> {
    subject_certificates().iter().find(|c| c.nature == nature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_by_nature() {
        let personal = certificates_for(Nature::Personal).unwrap();
        assert_eq!(personal.recommended, Some(CertType::ResidentId));
        assert!(!personal.allows(CertType::BusinessLicense));
        assert_eq!(certificates_for(Nature::PrivateNonEnterprise).unwrap().recommended, Some(CertType::OrgCode));
    }
}
