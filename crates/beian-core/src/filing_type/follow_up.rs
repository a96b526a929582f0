//! Follow-up filings: the types that start from an approved filing, and what blocks them.

use super::{Blocker, BlockerKind, KnownFiling, Registry, SOURCE_TYPES, orders};
use crate::model::{FilingType, Subject};
use crate::status::FilingStatus;
use crate::text;

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
    let (type_zh, type_en) = (filing_type.label_zh(), filing_type.label_en());
    if !is_follow_up(filing_type) {
        out.push(Blocker::new(
            BlockerKind::NotAFollowUp,
            "filing_type",
            text!(
                zh: "{type_zh}不是基于已通过备案办理的类型（变更、取消接入、注销才是）",
                en: "{type_en} is not a type that starts from an approved filing (only change filings, cancelled access and deregistrations are).",
            ),
            SOURCE_TYPES,
        ));
    }
    if original.status != FilingStatus::Approved {
        let order = &original.order_no;
        let (status_zh, status_en) = (original.status.label_zh(), original.status.label_en());
        out.push(
            Blocker::new(
                BlockerKind::OriginalNotApproved,
                "",
                text!(
                    zh: "{type_zh}须基于已通过的备案办理：订单 {order} 的状态为“{status_zh}”",
                    en: "A filing of this type ({type_en}) starts from an approved filing, but order {order} is “{status_en}”.",
                ),
                SOURCE_TYPES,
            )
            .with_order(Some(original)),
        );
    }
    let subject = Subject {
        cert_type: original.subject_cert_type,
        cert_number: original.subject_cert_number.clone(),
        ..Subject::default()
    };
    let open: Vec<&KnownFiling> =
        registry.open_orders_of(&subject).into_iter().filter(|f| f.order_no != original.order_no).collect();
    if !open.is_empty() {
        let crate::Text { zh: orders_zh, en: orders_en } = orders(&open);
        out.push(
            Blocker::new(
                BlockerKind::SubjectOrderOpen,
                "subject.cert_number",
                text!(
                    zh: "每个主体同一时间只能有一个进行中的订单，该主体已有 {orders_zh}：请等待其完成或撤销后再办理{type_zh}",
                    en: "A subject can have only one order in progress at a time, and this subject already has {orders_en}: wait until it is finished or withdrawn before starting this filing ({type_en}).",
                ),
                "rules-digest.md §1; guide §1.4（修改主体信息期间无法增加新网站）",
            )
            .with_order(open.first().copied()),
        );
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
