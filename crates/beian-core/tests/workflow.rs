//! The filing workflow through the public API, as the store and the app will drive it: a first
//! filing with two websites from the type check to approval, a rejected filing fixed and
//! resubmitted, follow-up filings, product quotas across filings, and the state machine under
//! arbitrary action sequences.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::calendar::Calendar;
use beian_core::cert::{self, gb11643_check_char, org_code_check_char, uscc_check_char};
use beian_core::filing_type::{self, BlockerKind, KnownFiling, Registry};
use beian_core::model::{CertType, FilingDocument, FilingType, Person, Product, ProductType, Website};
use beian_core::plan;
use beian_core::product::{self, ProductUse};
use beian_core::schedule::{self, DeadlineKind, StatusChange};
use beian_core::status::FilingStatus as S;
use beian_core::tables::VerifierRole;
use beian_core::workflow::{self, Action, ActionKind, ActionRequest, Step, TransitionError};
use jiff::Timestamp;
use jiff::civil::date;
use proptest::prelude::*;

fn resident_id(body: &str) -> String {
    format!("{body}{}", gb11643_check_char(body).unwrap())
}

/// A valid unified social credit code (GB 32100) with a valid embedded organisation code.
fn uscc() -> String {
    let org8 = "MA27QX5L";
    let body = format!("91330106{org8}{}", org_code_check_char(org8).unwrap());
    format!("{body}{}", uscc_check_char(&body).unwrap())
}

fn person(name: &str, body: &str, phone: &str) -> Person {
    Person {
        name: name.into(),
        cert_type: CertType::ResidentId,
        cert_number: resident_id(body),
        phone: phone.into(),
        ..Person::default()
    }
}

fn site(domain: &str, instance: &str, principal: Option<Person>) -> Website {
    Website {
        name: format!("{domain} 网站"),
        domains: vec![domain.into()],
        product: Product { kind: ProductType::Ecs, instance_id: Some(instance.into()), service_number: None },
        principal,
        ..Website::default()
    }
}

/// An enterprise in 浙江 with two websites, the second with its own principal.
fn two_site_filing() -> FilingDocument {
    let mut d = FilingDocument::draft("杭州示例科技有限公司", "example.com");
    d.subject.region.province = "浙江省".into();
    d.subject.region.city = "杭州市".into();
    d.subject.nature = beian_core::model::Nature::Enterprise;
    d.subject.cert_type = CertType::BusinessLicense;
    d.subject.cert_number = uscc();
    d.subject.principal = person("张三", "33010619900101123", "13800000000");
    d.websites = vec![
        site("example.com", "i-bp1first", None),
        site("example.net", "i-bp1first", Some(person("李四", "11010119900307451", "13900000000"))),
    ];
    d
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Applies an action as the app would, recording the history entry.
fn step(status: &mut S, history: &mut Vec<StatusChange>, at: &str, action: Action) -> Step {
    let step = workflow::apply(*status, &action, None).unwrap_or_else(|e| panic!("{status:?} {action:?}: {e}"));
    history.push(StatusChange { at: ts(at), from: Some(step.from), to: step.to });
    *status = step.to;
    step
}

fn submit() -> Action {
    Action::Submit { validation_errors: 0, confirmed: true }
}

#[test]
fn first_filing_with_two_websites_from_type_check_to_approval() {
    let doc = two_site_filing();
    let cal = Calendar::builtin_ref();
    for (t, n) in [
        (CertType::BusinessLicense, &doc.subject.cert_number),
        (CertType::ResidentId, &doc.subject.principal.cert_number),
    ] {
        assert!(cert::check(t, n, date(2024, 9, 27)).is_valid(), "{n}");
    }

    // Type check with an empty registry: first filing, nothing blocks.
    let check = filing_type::determine(&doc, &Registry::empty());
    assert_eq!(check.filing_type, Some(FilingType::FirstFiling));
    assert!(!check.is_blocked(), "{:?}", check.blockers);
    assert_eq!(check.sites.len(), 2);

    // Products: both sites on one ECS instance; 3 numbers already used elsewhere.
    let mut other = two_site_filing();
    other.websites =
        vec![site("a.cn", "i-bp1first", None), site("b.cn", "i-bp1first", None), site("c.cn", "i-bp1first", None)];
    let others: Vec<ProductUse> = product::product_uses("BA-OLD", S::Approved, &other);
    assert!(product::check_products("BA-NEW", &doc, &others).is_empty());
    other.websites.push(site("d.cn", "i-bp1first", None));
    let others = product::product_uses("BA-OLD", S::Approved, &other);
    let diags = product::check_products("BA-NEW", &doc, &others);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].field, "websites[1].product.instance_id");
    assert!(diags[0].message.contains("BA-OLD 网站 4"), "{}", diags[0].message);
    assert!(diags[0].message.contains("BA-NEW 网站 1"), "{}", diags[0].message);

    // The plan: two phones, two codes; the unit's principal certificates.
    let p = plan::plan(&doc, &Registry::empty(), cal, date(2024, 9, 27));
    assert_eq!(p.sms.verifiers.len(), 2);
    assert_eq!(p.sms.verifiers[0].roles, [VerifierRole::SubjectPrincipal, VerifierRole::WebsitePrincipal]);
    assert_eq!(p.sms.verifiers[0].websites, [0]);
    assert_eq!(p.sms.verifiers[1].roles, [VerifierRole::WebsitePrincipal]);
    assert!(p.materials.iter().any(|m| m.code == "website_principal_certificate" && m.required));

    // Through the states, with the history the store keeps.
    let mut status = S::Draft;
    let mut history = vec![StatusChange { at: ts("2024-09-26T01:00:00Z"), from: None, to: S::Draft }];
    step(&mut status, &mut history, "2024-09-26T02:00:00Z", Action::DataComplete);
    step(&mut status, &mut history, "2024-09-26T03:00:00Z", Action::MaterialsDone);
    // Submitting with errors or without the confirmation is refused.
    assert_eq!(
        workflow::transition(
            status,
            &ActionRequest { kind: ActionKind::Submit, reason: None, confirmed: true, note: None }.into_action(2)
        ),
        Err(TransitionError::HasErrors { count: 2 })
    );
    // Friday 2024-09-27, 10:00 CST.
    step(&mut status, &mut history, "2024-09-27T02:00:00Z", submit());
    let now = ts("2024-09-28T02:00:00Z");
    let next = schedule::next_deadline(status, &history, "浙江省", cal, now).unwrap();
    assert_eq!((next.kind, next.due_date, next.overdue), (DeadlineKind::FirstReview, date(2024, 9, 29), false));

    // 初审 done Sunday 09-29 (a make-up working day), SMS sent.
    step(&mut status, &mut history, "2024-09-29T03:00:00Z", Action::SmsSent);
    let next = schedule::next_deadline(status, &history, "浙江省", cal, ts("2024-09-30T04:00:00Z")).unwrap();
    assert_eq!(next.kind, DeadlineKind::SmsVerification);
    assert!(next.overdue, "24 hours passed at 09-30 03:00Z");
    // A resend opens a new window.
    step(&mut status, &mut history, "2024-09-30T03:30:00Z", Action::SmsResent);
    let next = schedule::next_deadline(status, &history, "浙江省", cal, ts("2024-09-30T04:00:00Z")).unwrap();
    assert!(!next.overdue);
    assert_eq!(schedule::format_cst(next.due), "2024-10-01T11:30:00+08:00");

    step(&mut status, &mut history, "2024-09-30T05:00:00Z", Action::SmsVerified);
    let s = schedule::Schedule::compute(&schedule::Milestones::from_events(&history), "浙江省", cal).unwrap();
    assert_eq!(s.to_bureau_by, date(2024, 10, 8));
    step(&mut status, &mut history, "2024-10-08T02:00:00Z", Action::SubmitToBureau);
    let next = schedule::next_deadline(status, &history, "浙江省", cal, ts("2024-10-09T02:00:00Z")).unwrap();
    // The order lapses 2024-11-10; the 管局 is expected by 20 working days after 10-08 (11-04).
    assert_eq!((next.kind, next.due_date), (DeadlineKind::BureauReview, date(2024, 11, 4)));
    step(&mut status, &mut history, "2024-10-15T02:00:00Z", Action::Approve);
    assert_eq!(status, S::Approved);
    assert!(workflow::available_actions(status).is_empty());
    assert!(schedule::next_deadline(status, &history, "浙江省", cal, now).is_none());

    // Approved: the next filing for the same subject is a new site here; the domains are filed here.
    let registry =
        Registry { current_order_no: None, filings: vec![KnownFiling::from_document("BA-NEW", S::Approved, &doc)] };
    let mut next_doc = two_site_filing();
    next_doc.websites = vec![site("example.org", "i-bp1second", None)];
    assert_eq!(filing_type::determine(&next_doc, &registry).filing_type, Some(FilingType::NewSiteSubjectHere));
    let again = filing_type::determine(&doc, &registry);
    assert!(again.blockers.iter().all(|b| b.kind == BlockerKind::DomainFiledHere));
    assert_eq!(again.blockers.len(), 2);
}

#[test]
fn rejected_filing_is_fixed_and_resubmitted() {
    let cal = Calendar::builtin_ref();
    let mut status = S::Draft;
    let mut history = Vec::new();
    step(&mut status, &mut history, "2024-09-02T02:00:00Z", Action::DataComplete);
    step(&mut status, &mut history, "2024-09-02T03:00:00Z", Action::MaterialsDone);
    step(&mut status, &mut history, "2024-09-02T04:00:00Z", submit());
    assert!(!status.is_editable());
    // Rejection needs a reason; the reason is the history note.
    assert_eq!(
        workflow::transition(status, &Action::Reject { reason: String::new() }),
        Err(TransitionError::ReasonRequired)
    );
    let rejected = step(
        &mut status,
        &mut history,
        "2024-09-03T02:00:00Z",
        Action::Reject { reason: "网站名称与主体无关联".into() },
    );
    assert_eq!(rejected.note, "网站名称与主体无关联");
    assert!(status.is_editable());
    // While rejected the order still runs towards its 45 days.
    let next = schedule::next_deadline(status, &history, "浙江省", cal, ts("2024-09-04T00:00:00Z")).unwrap();
    assert_eq!((next.kind, next.due_date), (DeadlineKind::OrderExpiry, date(2024, 10, 16)));
    assert_eq!(workflow::available_actions(status), [ActionKind::Reopen, ActionKind::Withdraw]);

    step(&mut status, &mut history, "2024-09-04T02:00:00Z", Action::Reopen);
    assert_eq!(status, S::Draft);
    step(&mut status, &mut history, "2024-09-05T02:00:00Z", Action::DataComplete);
    step(&mut status, &mut history, "2024-09-05T03:00:00Z", Action::MaterialsDone);
    step(&mut status, &mut history, "2024-09-05T04:00:00Z", submit());
    assert_eq!(status, S::Submitted);
    let m = schedule::Milestones::from_events(&history);
    assert_eq!(m.first_submitted, Some(date(2024, 9, 2)));
    assert_eq!(m.submitted, Some(date(2024, 9, 5)));
    let s = schedule::Schedule::compute(&m, "浙江省", cal).unwrap();
    assert_eq!(s.first_review_by, date(2024, 9, 6));
    assert_eq!(s.order_expires, date(2024, 10, 16));
    step(&mut status, &mut history, "2024-09-06T02:00:00Z", Action::PassFirstReview);
    step(&mut status, &mut history, "2024-09-09T02:00:00Z", Action::SubmitToBureau);
    // Past the 45 days the app expires it.
    assert!(schedule::order_expired(date(2024, 9, 2), ts("2024-10-16T16:00:00Z")));
    step(&mut status, &mut history, "2024-10-16T16:00:00Z", Action::Expire);
    assert_eq!(status, S::Expired);
    let e = workflow::transition(status, &Action::Withdraw).unwrap_err();
    assert_eq!(e.to_string(), "状态“已过期”不能执行“撤销备案”");
}

#[test]
fn change_filings_start_from_an_approved_filing_and_keep_their_domains() {
    let original = two_site_filing();
    let known = KnownFiling::from_document("BA-1", S::Approved, &original);
    let registry = Registry { current_order_no: Some("BA-2".into()), filings: vec![known.clone()] };
    assert!(filing_type::check_follow_up(FilingType::ChangeSite, &known, &registry).is_empty());

    let mut changed = original.clone();
    changed.filing_type = Some(FilingType::ChangeSite);
    changed.websites[1].name = "新的网站名称".into();
    assert!(filing_type::check_change(&original, &changed).is_empty());
    assert_eq!(filing_type::changed_parts(&original, &changed).filing_type(), Some(FilingType::ChangeSite));
    changed.websites[0].domains = vec!["example.cn".into()];
    let diags = filing_type::check_change(&original, &changed);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "change_single_domain");
    assert!(diags[0].is_error());

    // The change filing's plan: the website principals verify.
    let p = plan::plan(&changed, &registry, Calendar::builtin_ref(), date(2024, 1, 1));
    assert_eq!(p.filing_type, Some(FilingType::ChangeSite));
    assert!(p.sms.verifiers.iter().all(|v| v.roles == [VerifierRole::WebsitePrincipal]));
}

fn any_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::DataComplete),
        Just(Action::MaterialsDone),
        Just(Action::BackToEdit),
        (0u32..3, any::<bool>())
            .prop_map(|(validation_errors, confirmed)| Action::Submit { validation_errors, confirmed }),
        Just(Action::RequestPapers),
        Just(Action::PapersReceived),
        Just(Action::PassFirstReview),
        Just(Action::SmsSent),
        Just(Action::SmsResent),
        Just(Action::SmsVerified),
        Just(Action::SubmitToBureau),
        Just(Action::Approve),
        prop_oneof![Just(String::new()), Just(" ".to_owned()), Just("原因".to_owned())]
            .prop_map(|reason| Action::Reject { reason }),
        Just(Action::Reopen),
        Just(Action::Withdraw),
        Just(Action::Expire),
    ]
}

proptest! {
    /// Whatever staff press, the machine only moves along its graph: closed states stay closed,
    /// submission needs a clean, confirmed document, rejection a reason, and the history is a chain.
    #[test]
    fn any_sequence_of_actions_respects_the_rules(actions in prop::collection::vec(any_action(), 0..40)) {
        let mut status = S::Draft;
        for action in &actions {
            match workflow::transition(status, action) {
                Ok(to) => {
                    prop_assert!(status.is_open(), "left closed state {:?}", status);
                    prop_assert!(workflow::available_actions(status).contains(&action.kind()));
                    match action {
                        Action::Submit { validation_errors, confirmed } => {
                            prop_assert_eq!(*validation_errors, 0);
                            prop_assert!(*confirmed);
                            prop_assert_eq!(status, S::ReadyToConfirm);
                        }
                        Action::Reject { reason } => prop_assert!(!reason.trim().is_empty()),
                        _ => {}
                    }
                    if to == S::Submitted {
                        prop_assert!(matches!(status, S::ReadyToConfirm | S::MailPapers));
                    }
                    status = to;
                }
                Err(TransitionError::NotAllowed { from, action: kind }) => {
                    prop_assert_eq!(from, status);
                    prop_assert!(!workflow::available_actions(status).contains(&kind));
                }
                Err(_) => prop_assert!(workflow::available_actions(status).contains(&action.kind())),
            }
        }
    }
}

// ---- the rules across filings, one test each (named after the rule, as docs/rules.md lists) -----

fn rules_of(diags: &[beian_core::Diagnostic]) -> Vec<(&str, &str)> {
    diags.iter().map(|d| (d.rule.as_str(), d.code.as_str())).collect()
}

#[test]
fn product_quota_fails_and_passes() {
    let doc = two_site_filing();
    let mut other = two_site_filing();
    other.websites[0].product = Product {
        kind: ProductType::Ecs,
        instance_id: None,
        service_number: Some("1a2b3c4d-1234-4cde-8f90-1234567890ab".into()),
    };
    let others = product::product_uses("BA-OLD", S::Approved, &other);
    assert!(product::check_products("BA-NEW", &doc, &others).is_empty(), "different products pass");
    let mut same = doc.clone();
    same.websites[0].product = other.websites[0].product.clone();
    let diags = product::check_products("BA-NEW", &same, &others);
    assert_eq!(rules_of(&diags), [("PRODUCT-QUOTA", "service_number_used")]);
    assert!(beian_core::rules::rule_info("PRODUCT-QUOTA").is_some());
}

#[test]
fn wf_type_fails_and_passes() {
    let doc = two_site_filing();
    assert!(filing_type::determine(&doc, &Registry::empty()).blockers.is_empty());
    let elsewhere = KnownFiling::from_document("BA-OPEN", S::Submitted, &doc);
    let registry = Registry { current_order_no: Some("BA-2".into()), filings: vec![elsewhere] };
    let check = filing_type::determine(&doc, &registry);
    let diags: Vec<_> = check.blockers.iter().map(filing_type::Blocker::to_diagnostic).collect();
    assert!(!diags.is_empty() && diags.iter().all(|d| d.rule == "WF-TYPE" && d.is_error()), "{diags:?}");
    assert!(check.blockers.iter().any(|b| b.kind == BlockerKind::DomainInProgress));
}

#[test]
fn wf_change_subject_id_fails_and_passes() {
    let original = two_site_filing();
    let mut changed = original.clone();
    changed.subject.name = "杭州示例网络科技有限公司".into();
    assert!(filing_type::check_change(&original, &changed).is_empty(), "a new name is a change");
    changed.subject.cert_type = CertType::OrgCode;
    let diags = filing_type::check_change(&original, &changed);
    assert_eq!(rules_of(&diags), [("WF-CHANGE-SUBJECT-ID", "change_subject_identity")]);
}

#[test]
fn wf_change_domains_fails_and_passes() {
    let mut original = two_site_filing();
    original.websites[0].domains = vec!["example.com".into(), "example.org".into()];
    let mut changed = original.clone();
    changed.websites[0].domains = vec!["example.com".into()];
    assert!(filing_type::check_change(&original, &changed).is_empty(), "deleting one of two passes");
    changed.websites[0].domains.push("example.info".into());
    let diags = filing_type::check_change(&original, &changed);
    assert_eq!(rules_of(&diags), [("WF-CHANGE-DOMAINS", "change_domain_added")]);
}

#[test]
fn wf_change_single_domain_fails_and_passes() {
    let original = two_site_filing();
    let mut changed = original.clone();
    changed.websites[1].domains = vec!["www.example.net".into()];
    assert!(filing_type::check_change(&original, &changed).is_empty(), "www. is the same domain");
    changed.websites[1].domains = vec!["example.org".into()];
    let diags = filing_type::check_change(&original, &changed);
    assert_eq!(rules_of(&diags), [("WF-CHANGE-SINGLE-DOMAIN", "change_single_domain")]);
}
