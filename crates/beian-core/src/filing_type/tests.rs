//! Fixtures shared by the tests of the filing-type modules.

use super::*;
use crate::model::{Filed, FiledWith, Website};

pub(super) const CERT: &str = "33010619900101123X";

pub(super) fn doc(domains: &[&[&str]]) -> FilingDocument {
    let mut d = FilingDocument::draft("张三", "x.com");
    d.subject.cert_type = CertType::ResidentId;
    d.subject.cert_number = CERT.to_lowercase();
    d.websites = domains
        .iter()
        .map(|ds| Website { domains: ds.iter().map(|s| s.to_string()).collect(), ..Website::default() })
        .collect();
    d
}

pub(super) fn known(order: &str, status: FilingStatus, domains: &[&str]) -> KnownFiling {
    KnownFiling {
        id: None,
        provider: "aliyun".into(),
        provider_account: None,
        order_no: order.into(),
        status,
        filing_type: Some(FilingType::FirstFiling),
        province: "浙江省".into(),
        subject_cert_type: CertType::ResidentId,
        subject_cert_number: CERT.into(),
        subject_icp_number: None,
        websites: vec![KnownWebsite {
            domains: domains.iter().map(|s| s.to_string()).collect(),
            icp_number: None,
            ..Default::default()
        }],
    }
}

pub(super) fn registry(filings: Vec<KnownFiling>) -> Registry {
    Registry { current_order_no: None, filings }
}

pub(super) fn elsewhere(icp: Option<&str>) -> Filed {
    Filed { icp_number: icp.map(str::to_owned), with: FiledWith::Elsewhere }
}
