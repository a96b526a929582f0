//! Follow-up filings: the types that start from an approved filing, and what blocks them.

use super::{Blocker, BlockerKind, KnownFiling, Registry, SOURCE_TYPES, orders};
use crate::model::{FilingType, Subject};
use crate::status::FilingStatus;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filing_type::tests::{known, registry};

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
}
