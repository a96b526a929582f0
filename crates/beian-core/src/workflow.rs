//! The review-progress state machine of a filing (issue 4 §5; guide §5–§9; `rules-digest.md` §7, §10).
//!
//! ```text
//! draft ─DataComplete→ materials ─MaterialsDone→ ready_to_confirm ─Submit→ submitted (等待初审)
//!   ↑  ←──────────BackToEdit──────────┘               (zero errors + explicit confirmation)
//! submitted ─RequestPapers→ mail_papers ─PapersReceived→ submitted
//! submitted ─PassFirstReview→ to_bureau                 (no SMS verification needed)
//! submitted | to_bureau ─SmsSent→ sms_verification ─SmsResent→ sms_verification (new 24 h window)
//! sms_verification ─SmsVerified→ to_bureau ─SubmitToBureau→ bureau_review ─Approve→ approved
//! submitted … bureau_review ─Reject{reason}→ rejected ─Reopen→ draft
//! submitted … bureau_review ─Expire→ expired            (45 days after submission)
//! every open state ─Withdraw→ withdrawn                 (撤销, by the applicant)
//! ```
//!
//! The functions here are pure: the store records each [`Step`] as an event in the filing's history
//! (time, [`ActionKind::code`], from, to, [`Step::note`]); the app sends an [`ActionRequest`] and builds
//! the [`Action`] itself, filling in the validation error count from the stored document — never from
//! what the UI says.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::status::FilingStatus;

/// What can be done to a filing, without its data: the UI's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// 信息填写完成: draft → materials.
    DataComplete,
    /// 资料上传完成: materials → ready_to_confirm.
    MaterialsDone,
    /// 返回修改: materials / ready_to_confirm → draft.
    BackToEdit,
    /// 确认并提交备案: ready_to_confirm → submitted.
    Submit,
    /// 初审要求邮寄资料: submitted → mail_papers.
    RequestPapers,
    /// 邮寄资料已签收录入: mail_papers → submitted.
    PapersReceived,
    /// 初审通过（无需短信核验）: submitted → to_bureau.
    PassFirstReview,
    /// 核验短信已发送: submitted / to_bureau → sms_verification.
    SmsSent,
    /// 核验短信已重发: sms_verification → sms_verification (a new 24-hour window).
    SmsResent,
    /// 短信核验完成: sms_verification → to_bureau.
    SmsVerified,
    /// 已提交管局: to_bureau → bureau_review.
    SubmitToBureau,
    /// 管局审核通过: bureau_review → approved.
    Approve,
    /// 驳回（须填写原因）: submitted … bureau_review → rejected.
    Reject,
    /// 修改后重新提交: rejected → draft.
    Reopen,
    /// 撤销备案: any open state → withdrawn.
    Withdraw,
    /// 订单过期（提交后 45 天）: submitted … bureau_review → expired.
    Expire,
}

impl ActionKind {
    pub const ALL: [ActionKind; 16] = [
        ActionKind::DataComplete,
        ActionKind::MaterialsDone,
        ActionKind::BackToEdit,
        ActionKind::Submit,
        ActionKind::RequestPapers,
        ActionKind::PapersReceived,
        ActionKind::PassFirstReview,
        ActionKind::SmsSent,
        ActionKind::SmsResent,
        ActionKind::SmsVerified,
        ActionKind::SubmitToBureau,
        ActionKind::Approve,
        ActionKind::Reject,
        ActionKind::Reopen,
        ActionKind::Withdraw,
        ActionKind::Expire,
    ];

    /// The code recorded as the history event's kind (same as serde).
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::DataComplete => "data_complete",
            ActionKind::MaterialsDone => "materials_done",
            ActionKind::BackToEdit => "back_to_edit",
            ActionKind::Submit => "submit",
            ActionKind::RequestPapers => "request_papers",
            ActionKind::PapersReceived => "papers_received",
            ActionKind::PassFirstReview => "pass_first_review",
            ActionKind::SmsSent => "sms_sent",
            ActionKind::SmsResent => "sms_resent",
            ActionKind::SmsVerified => "sms_verified",
            ActionKind::SubmitToBureau => "submit_to_bureau",
            ActionKind::Approve => "approve",
            ActionKind::Reject => "reject",
            ActionKind::Reopen => "reopen",
            ActionKind::Withdraw => "withdraw",
            ActionKind::Expire => "expire",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The button's / the history entry's label.
    /// The label, from `data/labels/labels.toml`.
    pub fn label_zh(self) -> &'static str {
        crate::labels::zh(crate::labels::Group::Action, self.code())
    }

    pub fn label_en(self) -> &'static str {
        crate::labels::en(crate::labels::Group::Action, self.code())
    }

    /// Whether the action is recorded by the app on a clock rather than chosen by staff (the UI may
    /// hide its button).
    pub fn is_automatic(self) -> bool {
        self == ActionKind::Expire
    }

    /// Whether the action needs data beyond its kind (a reason, the confirmation).
    pub fn needs_input(self) -> bool {
        self.input() != ActionInput::None
    }
}

/// An action with its data, as [`transition`] takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    DataComplete,
    MaterialsDone,
    BackToEdit,
    /// `validation_errors`: the number of error diagnostics of the stored document (the app computes
    /// it; submitting needs zero). `confirmed`: the applicant ticked the confirmation (guide §5).
    Submit {
        validation_errors: u32,
        confirmed: bool,
    },
    RequestPapers,
    PapersReceived,
    PassFirstReview,
    SmsSent,
    SmsResent,
    SmsVerified,
    SubmitToBureau,
    Approve,
    /// The reviewer's or the 管局's reason; must not be blank.
    Reject {
        reason: String,
    },
    Reopen,
    Withdraw,
    Expire,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::DataComplete => ActionKind::DataComplete,
            Action::MaterialsDone => ActionKind::MaterialsDone,
            Action::BackToEdit => ActionKind::BackToEdit,
            Action::Submit { .. } => ActionKind::Submit,
            Action::RequestPapers => ActionKind::RequestPapers,
            Action::PapersReceived => ActionKind::PapersReceived,
            Action::PassFirstReview => ActionKind::PassFirstReview,
            Action::SmsSent => ActionKind::SmsSent,
            Action::SmsResent => ActionKind::SmsResent,
            Action::SmsVerified => ActionKind::SmsVerified,
            Action::SubmitToBureau => ActionKind::SubmitToBureau,
            Action::Approve => ActionKind::Approve,
            Action::Reject { .. } => ActionKind::Reject,
            Action::Reopen => ActionKind::Reopen,
            Action::Withdraw => ActionKind::Withdraw,
            Action::Expire => ActionKind::Expire,
        }
    }

    pub fn label_zh(&self) -> &'static str {
        self.kind().label_zh()
    }

    /// The action of a kind that carries no data; `None` for [`ActionKind::Submit`] and
    /// [`ActionKind::Reject`].
    pub fn simple(kind: ActionKind) -> Option<Action> {
        (!kind.needs_input()).then(|| Action::build(kind, 0, false, String::new()))
    }

    fn build(kind: ActionKind, validation_errors: u32, confirmed: bool, reason: String) -> Action {
        match kind {
            ActionKind::DataComplete => Action::DataComplete,
            ActionKind::MaterialsDone => Action::MaterialsDone,
            ActionKind::BackToEdit => Action::BackToEdit,
            ActionKind::Submit => Action::Submit { validation_errors, confirmed },
            ActionKind::RequestPapers => Action::RequestPapers,
            ActionKind::PapersReceived => Action::PapersReceived,
            ActionKind::PassFirstReview => Action::PassFirstReview,
            ActionKind::SmsSent => Action::SmsSent,
            ActionKind::SmsResent => Action::SmsResent,
            ActionKind::SmsVerified => Action::SmsVerified,
            ActionKind::SubmitToBureau => Action::SubmitToBureau,
            ActionKind::Approve => Action::Approve,
            ActionKind::Reject => Action::Reject { reason },
            ActionKind::Reopen => Action::Reopen,
            ActionKind::Withdraw => Action::Withdraw,
            ActionKind::Expire => Action::Expire,
        }
    }
}

/// What the UI sends for a button: the kind, plus the reason (驳回) or the confirmation (提交).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ActionRequest {
    pub kind: ActionKind,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub confirmed: bool,
    /// A note for the history entry (optional for every action).
    #[serde(default)]
    pub note: Option<String>,
}

impl ActionRequest {
    /// The action to apply, `validation_errors` being the count the app computed itself.
    pub fn into_action(self, validation_errors: u32) -> Action {
        Action::build(self.kind, validation_errors, self.confirmed, self.reason.unwrap_or_default())
    }
}

/// Why an action was refused. Messages are for staff, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TransitionError {
    /// The action does not apply in this status.
    #[error("状态“{}”不能执行“{}”", .from.label_zh(), .action.label_zh())]
    NotAllowed { from: FilingStatus, action: ActionKind },
    #[error("驳回须填写原因")]
    ReasonRequired,
    #[error("还有 {count} 个错误，改正后才能提交")]
    HasErrors { count: u32 },
    #[error("提交前须由申请人确认全部备案信息真实准确（《ICP备案流程（PC端）》§5 信息确认）")]
    NotConfirmed,
}

impl TransitionError {
    /// Stable machine code (same as serde's `code`).
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "not_allowed",
            TransitionError::ReasonRequired => "reason_required",
            TransitionError::HasErrors { .. } => "has_errors",
            TransitionError::NotConfirmed => "not_confirmed",
        }
    }

    /// The form field the error concerns, if any (for the app's `{code, message, field}` errors).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            TransitionError::ReasonRequired => Some("reason"),
            TransitionError::NotConfirmed => Some("confirmed"),
            _ => None,
        }
    }
}

/// The states between submission and the 管局's answer: the order is with the provider or the 管局.
pub fn is_under_review(status: FilingStatus) -> bool {
    use FilingStatus as S;
    matches!(status, S::Submitted | S::MailPapers | S::SmsVerification | S::ToBureau | S::BureauReview)
}

/// Where `kind` leads from `from`, if it applies there. The state graph, without the checks of an
/// action's data (see [`transition`]).
pub fn target(from: FilingStatus, kind: ActionKind) -> Option<FilingStatus> {
    use ActionKind as A;
    use FilingStatus as S;
    let to = match (kind, from) {
        (A::DataComplete, S::Draft) => S::Materials,
        (A::MaterialsDone, S::Materials) => S::ReadyToConfirm,
        (A::BackToEdit, S::Materials | S::ReadyToConfirm) => S::Draft,
        (A::Submit, S::ReadyToConfirm) => S::Submitted,
        (A::RequestPapers, S::Submitted) => S::MailPapers,
        (A::PapersReceived, S::MailPapers) => S::Submitted,
        (A::PassFirstReview, S::Submitted) => S::ToBureau,
        (A::SmsSent, S::Submitted | S::ToBureau) => S::SmsVerification,
        (A::SmsResent, S::SmsVerification) => S::SmsVerification,
        (A::SmsVerified, S::SmsVerification) => S::ToBureau,
        (A::SubmitToBureau, S::ToBureau) => S::BureauReview,
        (A::Approve, S::BureauReview) => S::Approved,
        (A::Reject, s) if is_under_review(s) => S::Rejected,
        (A::Reopen, S::Rejected) => S::Draft,
        (A::Withdraw, s) if s.is_open() => S::Withdrawn,
        (A::Expire, s) if is_under_review(s) => S::Expired,
        _ => return None,
    };
    Some(to)
}

/// The new status after `action`, or why it is refused: an action that does not apply in `from`
/// ("状态“X”不能执行“Y”"), a rejection without a reason, a submission with validation errors or
/// without the applicant's confirmation.
pub fn transition(from: FilingStatus, action: &Action) -> Result<FilingStatus, TransitionError> {
    let kind = action.kind();
    let to = target(from, kind).ok_or(TransitionError::NotAllowed { from, action: kind })?;
    match action {
        Action::Reject { reason } if reason.trim().is_empty() => Err(TransitionError::ReasonRequired),
        Action::Submit { validation_errors, .. } if *validation_errors > 0 => {
            Err(TransitionError::HasErrors { count: *validation_errors })
        }
        Action::Submit { confirmed: false, .. } => Err(TransitionError::NotConfirmed),
        _ => Ok(to),
    }
}

/// One accepted transition, as the filing's history records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Step {
    pub from: FilingStatus,
    pub to: FilingStatus,
    pub action: ActionKind,
    /// The rejection reason (trimmed), else the caller's note, else empty.
    pub note: String,
}

/// [`transition`], returning the history entry to record. `note` is staff's free text; for a
/// rejection the reason comes first.
pub fn apply(from: FilingStatus, action: &Action, note: Option<&str>) -> Result<Step, TransitionError> {
    let to = transition(from, action)?;
    let extra = note.map(str::trim).filter(|n| !n.is_empty());
    let note = match (action, extra) {
        (Action::Reject { reason }, Some(n)) => format!("{}；{n}", reason.trim()),
        (Action::Reject { reason }, None) => reason.trim().to_owned(),
        (_, Some(n)) => n.to_owned(),
        (_, None) => String::new(),
    };
    Ok(Step { from, to, action: action.kind(), note })
}

/// The actions that apply in `status`, in the order of the flow: the UI's buttons (hide
/// [`ActionKind::is_automatic`] ones if staff should not press them).
pub fn available_actions(status: FilingStatus) -> Vec<ActionKind> {
    ActionKind::ALL.into_iter().filter(|&k| target(status, k).is_some()).collect()
}

/// What an action needs from staff beyond pressing its button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ActionInput {
    None,
    /// A reason, written into the history (a rejection's).
    Reason,
    /// The explicit confirmation that the data is true and complete (a submission's).
    Confirmation,
}

impl ActionKind {
    /// What the action needs from staff.
    pub fn input(self) -> ActionInput {
        match self {
            ActionKind::Reject => ActionInput::Reason,
            ActionKind::Submit => ActionInput::Confirmation,
            _ => ActionInput::None,
        }
    }
}

/// A button for the UI: kind, labels, where it leads, what it needs, and why it cannot be pressed
/// now — the UI decides none of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AvailableAction {
    pub kind: ActionKind,
    pub label: String,
    pub label_en: String,
    pub to: FilingStatus,
    /// `input != none`.
    pub needs_input: bool,
    pub input: ActionInput,
    /// Done by the app itself (an order's expiry): no button.
    pub automatic: bool,
    /// Why the action is refused as things stand (a submission with errors), in both languages;
    /// `None`: it can be pressed. Set by the caller that knows the filing's check.
    pub blocked: Option<crate::labels::Label>,
}

/// [`available_actions`] with labels and targets, ready to serialise.
pub fn available_action_buttons(status: FilingStatus) -> Vec<AvailableAction> {
    ActionKind::ALL
        .into_iter()
        .filter_map(|k| {
            target(status, k).map(|to| AvailableAction {
                kind: k,
                label: k.label_zh().to_owned(),
                label_en: k.label_en().to_owned(),
                to,
                needs_input: k.input() != ActionInput::None,
                input: k.input(),
                automatic: k.is_automatic(),
                blocked: None,
            })
        })
        .collect()
}

/// The filing types that may be started from a filing in `status`: change, cancel access and
/// deregister, from an approved filing only (guide §1.3–§1.5).
pub fn follow_ups(status: FilingStatus) -> Vec<crate::FilingType> {
    if status != FilingStatus::Approved {
        return Vec::new();
    }
    crate::FilingType::ALL.into_iter().filter(|&t| crate::filing_type::is_follow_up(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use FilingStatus as S;

    fn submit(errors: u32, confirmed: bool) -> Action {
        Action::Submit { validation_errors: errors, confirmed }
    }

    fn run(actions: &[Action]) -> FilingStatus {
        actions.iter().fold(S::Draft, |s, a| transition(s, a).unwrap_or_else(|e| panic!("{s:?} {a:?}: {e}")))
    }

    #[test]
    fn happy_path_with_papers_and_sms() {
        let end = run(&[
            Action::DataComplete,
            Action::MaterialsDone,
            submit(0, true),
            Action::RequestPapers,
            Action::PapersReceived,
            Action::SmsSent,
            Action::SmsResent,
            Action::SmsVerified,
            Action::SubmitToBureau,
            Action::Approve,
        ]);
        assert_eq!(end, S::Approved);
    }

    #[test]
    fn path_without_sms() {
        let end = run(&[
            Action::DataComplete,
            Action::MaterialsDone,
            submit(0, true),
            Action::PassFirstReview,
            Action::SubmitToBureau,
        ]);
        assert_eq!(end, S::BureauReview);
    }

    #[test]
    fn rejection_needs_a_reason_and_goes_back_to_editing() {
        let s = run(&[Action::DataComplete, Action::MaterialsDone, submit(0, true)]);
        assert_eq!(transition(s, &Action::Reject { reason: "  ".into() }), Err(TransitionError::ReasonRequired));
        let s = transition(s, &Action::Reject { reason: "网站名称不符合要求".into() }).unwrap();
        assert_eq!(s, S::Rejected);
        assert!(s.is_editable());
        assert_eq!(transition(s, &Action::Reopen), Ok(S::Draft));
    }

    #[test]
    fn submit_needs_zero_errors_and_confirmation() {
        assert_eq!(transition(S::ReadyToConfirm, &submit(2, true)), Err(TransitionError::HasErrors { count: 2 }));
        assert_eq!(transition(S::ReadyToConfirm, &submit(0, false)), Err(TransitionError::NotConfirmed));
        assert_eq!(transition(S::ReadyToConfirm, &submit(0, true)), Ok(S::Submitted));
        // Wrong state wins over the data checks.
        assert!(matches!(transition(S::Draft, &submit(0, true)), Err(TransitionError::NotAllowed { .. })));
    }

    #[test]
    fn illegal_transitions_say_which_in_chinese() {
        let e = transition(S::Approved, &Action::Approve).unwrap_err();
        assert_eq!(e.to_string(), "状态“已通过”不能执行“管局审核通过”");
        assert_eq!(e.code(), "not_allowed");
        let e = transition(S::Draft, &Action::Expire).unwrap_err();
        assert_eq!(e.to_string(), "状态“草稿”不能执行“订单过期”");
    }

    #[test]
    fn withdraw_from_every_open_state_only() {
        for s in S::ALL {
            let got = transition(s, &Action::Withdraw);
            if s.is_open() {
                assert_eq!(got, Ok(S::Withdrawn), "{s:?}");
            } else {
                assert!(got.is_err(), "{s:?}");
            }
        }
    }

    #[test]
    fn expire_only_between_submitted_and_bureau_review() {
        let expirable: Vec<_> = S::ALL.into_iter().filter(|&s| transition(s, &Action::Expire).is_ok()).collect();
        assert_eq!(expirable, [S::Submitted, S::MailPapers, S::SmsVerification, S::ToBureau, S::BureauReview]);
    }

    #[test]
    fn terminal_states_have_no_actions() {
        for s in [S::Approved, S::Withdrawn, S::Expired] {
            assert!(available_actions(s).is_empty(), "{s:?}");
        }
        assert_eq!(available_actions(S::Rejected), [ActionKind::Reopen, ActionKind::Withdraw]);
        assert_eq!(available_actions(S::Draft), [ActionKind::DataComplete, ActionKind::Withdraw]);
    }

    #[test]
    fn available_actions_are_exactly_the_accepted_ones() {
        for s in S::ALL {
            for k in ActionKind::ALL {
                let action = match k {
                    ActionKind::Submit => submit(0, true),
                    ActionKind::Reject => Action::Reject { reason: "x".into() },
                    other => Action::simple(other).unwrap(),
                };
                assert_eq!(available_actions(s).contains(&k), transition(s, &action).is_ok(), "{s:?} {k:?}");
            }
        }
    }

    #[test]
    fn every_state_is_reachable_from_draft() {
        let mut seen = vec![S::Draft];
        let mut i = 0;
        while i < seen.len() {
            for k in available_actions(seen[i]) {
                let to = target(seen[i], k).unwrap();
                if !seen.contains(&to) {
                    seen.push(to);
                }
            }
            i += 1;
        }
        for s in S::ALL {
            assert!(seen.contains(&s), "{s:?} unreachable");
        }
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::from_code(k.code()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.code()));
        }
        let a: Action = serde_json::from_str(r#"{"kind":"reject","reason":"资料不清晰"}"#).unwrap();
        assert_eq!(a.kind(), ActionKind::Reject);
        let e = serde_json::to_value(TransitionError::HasErrors { count: 1 }).unwrap();
        assert_eq!(e["code"], "has_errors");
    }

    #[test]
    fn requests_become_actions_with_the_apps_error_count() {
        let req: ActionRequest = serde_json::from_str(r#"{"kind":"submit","confirmed":true}"#).unwrap();
        assert_eq!(req.clone().into_action(3), submit(3, true));
        assert!(transition(S::ReadyToConfirm, &req.into_action(3)).is_err());
        let req = ActionRequest {
            kind: ActionKind::Reject,
            reason: Some(" 域名未实名 ".into()),
            confirmed: false,
            note: None,
        };
        let step = apply(S::BureauReview, &req.into_action(0), Some("管局电话告知")).unwrap();
        assert_eq!(step.to, S::Rejected);
        assert_eq!(step.note, "域名未实名；管局电话告知");
        assert_eq!(step.action.code(), "reject");
    }

    #[test]
    fn buttons_carry_labels_and_targets() {
        let b = available_action_buttons(S::SmsVerification);
        let kinds: Vec<_> = b.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            [
                ActionKind::SmsResent,
                ActionKind::SmsVerified,
                ActionKind::Reject,
                ActionKind::Withdraw,
                ActionKind::Expire
            ]
        );
        assert!(b.iter().any(|a| a.kind == ActionKind::Expire && a.automatic));
        assert!(b.iter().any(|a| a.kind == ActionKind::Reject && a.needs_input));
    }
}
