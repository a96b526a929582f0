//! Where a filing stands in its life: from draft to the 管局's answer (guide §6, §9).

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FilingStatus {
    /// 草稿: being entered.
    #[default]
    Draft,
    /// 待上传资料: data entered, materials outstanding.
    Materials,
    /// 待确认: complete, waiting for the applicant's confirmation (guide §5).
    ReadyToConfirm,
    /// 等待初审: submitted to the provider's first review.
    Submitted,
    /// 待邮寄资料: the reviewer asked for papers by post (guide §7).
    MailPapers,
    /// 待短信核验: the 24-hour SMS verification (guide §8).
    SmsVerification,
    /// 待提交管局.
    ToBureau,
    /// 管局审核中.
    BureauReview,
    /// 已通过.
    Approved,
    /// 已驳回.
    Rejected,
    /// 已撤销.
    Withdrawn,
    /// 已过期 (45 days after submission).
    Expired,
}

impl FilingStatus {
    pub const ALL: [FilingStatus; 12] = [
        FilingStatus::Draft,
        FilingStatus::Materials,
        FilingStatus::ReadyToConfirm,
        FilingStatus::Submitted,
        FilingStatus::MailPapers,
        FilingStatus::SmsVerification,
        FilingStatus::ToBureau,
        FilingStatus::BureauReview,
        FilingStatus::Approved,
        FilingStatus::Rejected,
        FilingStatus::Withdrawn,
        FilingStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FilingStatus::Draft => "draft",
            FilingStatus::Materials => "materials",
            FilingStatus::ReadyToConfirm => "ready_to_confirm",
            FilingStatus::Submitted => "submitted",
            FilingStatus::MailPapers => "mail_papers",
            FilingStatus::SmsVerification => "sms_verification",
            FilingStatus::ToBureau => "to_bureau",
            FilingStatus::BureauReview => "bureau_review",
            FilingStatus::Approved => "approved",
            FilingStatus::Rejected => "rejected",
            FilingStatus::Withdrawn => "withdrawn",
            FilingStatus::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::Status, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::Status, self.code())
    }

    /// Whether staff may still edit the filing's data directly.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            FilingStatus::Draft | FilingStatus::Materials | FilingStatus::ReadyToConfirm | FilingStatus::Rejected
        )
    }

    /// An order with the provider or the 管局, whose validity runs: it lapses (已过期) when the
    /// provider's days run out.
    pub fn lapses(self) -> bool {
        matches!(
            self,
            FilingStatus::Submitted
                | FilingStatus::MailPapers
                | FilingStatus::SmsVerification
                | FilingStatus::ToBureau
                | FilingStatus::BureauReview
        )
    }

    /// An order still open with the provider or the 管局 (blocks another order for the subject/domain).
    pub fn is_open(self) -> bool {
        !matches!(self, FilingStatus::Approved | FilingStatus::Withdrawn | FilingStatus::Expired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in FilingStatus::ALL {
            assert_eq!(FilingStatus::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_string(&s).ok(), Some(format!("\"{}\"", s.code())));
        }
    }
}
