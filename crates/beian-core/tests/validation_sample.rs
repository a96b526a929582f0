//! The spec's sample document (`shared/spec/filing-exchange-format.md`, copied to
//! `tests/data/sample-filing.json`) under validation.
//!
//! The sample is a personal filing in 浙江 whose website is named “张三的个人主页”. §3 附录二 forbids
//! 主页 in personal site names (“不能使用…主页…等词汇命名”); only 江苏's required pattern
//! “某某的个人主页” makes it acceptable, and only in 江苏. So the rule is right and the sample is not:
//! apart from that one finding, the sample validates without errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_core::{Diagnostic, Severity, parse_document};

mod common;

const SAMPLE: &str = include_str!("data/sample-filing.json");

/// [`beian_core::validate`], checking that every diagnostic has its English message.
fn validate(doc: &beian_core::FilingDocument, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let out = beian_core::validate(doc, today);
    common::assert_english(&out, &[]);
    out
}

fn errors(doc: &beian_core::FilingDocument) -> Vec<Diagnostic> {
    validate(doc, jiff::civil::date(2026, 11, 20)).into_iter().filter(Diagnostic::is_error).collect()
}

#[test]
fn the_sample_has_no_errors_but_the_guides_ban_on_zhuye() {
    let doc = parse_document(SAMPLE).unwrap().document;
    let errs = errors(&doc);
    let (zhuye, other): (Vec<_>, Vec<_>) =
        errs.into_iter().partition(|d| d.rule == "SITE-NAME-PERSONAL-FORBIDDEN" && d.field == "websites[0].name");
    assert!(other.is_empty(), "{other:#?}");
    if doc.websites[0].name.contains("主页") && doc.subject.region.province != "江苏省" {
        assert_eq!(zhuye.len(), 1);
        assert!(zhuye[0].message.contains("主页"), "{}", zhuye[0].message);
        assert!(zhuye[0].source.contains("附录二"), "{}", zhuye[0].source);
    }
}

#[test]
fn the_sample_with_a_guide_conforming_name_has_no_errors() {
    let mut doc = parse_document(SAMPLE).unwrap().document;
    doc.websites[0].name = "山水摄影随笔".into();
    assert_eq!(errors(&doc), vec![]);
    let all = validate(&doc, jiff::civil::date(2026, 11, 20));
    assert!(all.iter().all(|d| d.severity == Severity::Reminder), "{all:#?}");

    // in 江苏 the sample's own name is the required pattern; it then needs a remark
    let mut doc = parse_document(SAMPLE).unwrap().document;
    doc.subject.region.province = "江苏省".into();
    doc.subject.region.city = "南京市".into();
    doc.subject.region.district = Some("玄武区".into());
    doc.subject.cert_address = "江苏省南京市玄武区中山路1号".into();
    doc.subject.mailing_address = "江苏省南京市玄武区中山路1号2室".into();
    let errs = errors(&doc);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].rule, "SITE-NAME-JIANGSU-REMARK");
    doc.websites[0].remark = "个人摄影作品分享".into();
    assert_eq!(errors(&doc), vec![]);
}
