//! The type of a new order (first filing, new site, access): where the subject and each website
//! were filed, the decision, and what blocks it.

use super::{
    Blocker, BlockerKind, KnownFiling, Registry, SOURCE_TYPES, SiteType, TypeCheck, has_text, index_u32, orders,
    warning,
};
use crate::diag::{FieldPath, Text};
use crate::model::{FiledWith, FilingDocument, FilingType};
use crate::rules::text::quote;
use crate::status::FilingStatus;
use crate::tables::{self, Outcome};
use crate::text;

/// Determines the filing type of a new order (first filing, new site, access) from the document
/// and the registry, with the reason and the blockers. Follow-up filings (change, cancel access,
/// deregister) are chosen by staff from an approved filing: see [`check_follow_up`].
pub fn determine(doc: &FilingDocument, registry: &Registry) -> TypeCheck {
    let subject = &doc.subject;
    let subject_path = FieldPath::root().key("subject");
    let mut warnings = Vec::new();
    let mut blockers = Vec::new();

    // Where the subject was filed.
    let approved_here = registry.approved_of(subject);
    let declared = subject.filed.with;
    let here_en = crate::labels::en(crate::labels::Group::FiledWith, "here");
    let subject_where = if !approved_here.is_empty() {
        if declared != FiledWith::Here {
            let Text { zh: orders_zh, en: orders_en } = orders(&approved_here);
            warnings.push(warning(
                "subject_filed_here_known",
                subject_path.key("filed").key("with"),
                text!(
                    zh: "本服务商已有该主体的成功备案（{orders_zh}），按“原备案在本服务商”处理",
                    en: "This provider already has an approved filing of the subject ({orders_en}): the subject is taken as “{here_en}”.",
                ),
            ));
        }
        FiledWith::Here
    } else {
        match declared {
            FiledWith::Here => {
                warnings.push(warning(
                    "subject_filed_here_unknown",
                    subject_path.key("filed").key("with"),
                    text!(
                        zh: "本地记录中没有该主体在本服务商的成功备案，按申报的“原备案在本服务商”处理；请核对主体证件号码",
                        en: "The local records have no approved filing of the subject with this provider; the subject is taken as declared, “{here_en}”. Check the subject's certificate number.",
                    ),
                ));
                FiledWith::Here
            }
            FiledWith::Elsewhere => FiledWith::Elsewhere,
            FiledWith::None if has_text(&subject.filed.icp_number) => {
                let elsewhere_en = crate::labels::en(crate::labels::Group::FiledWith, "elsewhere");
                warnings.push(warning(
                    "subject_icp_without_where",
                    subject_path.key("filed").key("with"),
                    text!(
                        zh: "填写了主体备案号但未选择原备案所在：按“原备案不在本服务商”处理",
                        en: "A subject ICP number is filled in, but not where the subject was filed: the subject is taken as “{elsewhere_en}”.",
                    ),
                ));
                FiledWith::Elsewhere
            }
            FiledWith::None => FiledWith::None,
        }
    };

    // Each website.
    let mut sites = Vec::new();
    for (i, w) in doc.websites.iter().enumerate() {
        let site_path = FieldPath::root().key("websites").index(i);
        let domains: Vec<(usize, String)> = w
            .domains
            .iter()
            .enumerate()
            .map(|(j, d)| (j, crate::domain::key(d)))
            .filter(|(_, d)| !d.is_empty())
            .collect();
        if domains.is_empty() {
            sites.push(SiteType {
                website: index_u32(i),
                filing_type: None,
                reason: "未填写域名".to_owned(),
                reason_en: "no domain filled in".to_owned(),
            });
            continue;
        }
        let mut filed_here: Vec<&KnownFiling> = Vec::new();
        for (j, d) in &domains {
            let with_domain: Vec<&KnownFiling> = registry.others().filter(|f| f.has_domain(d)).collect();
            let open: Vec<&KnownFiling> = with_domain.iter().copied().filter(|f| f.status.is_open()).collect();
            for f in &open {
                let order = &f.order_no;
                let (status_zh, status_en) = (f.status.label_zh(), f.status.label_en());
                let q = quote(d);
                blockers.push(
                    Blocker::new(
                        BlockerKind::DomainInProgress,
                        site_path.key("domains").index(*j),
                        text!(
                            zh: "域名 {d} 存在进行中的订单 {order}（{status_zh}）：请等待该订单完成或撤销后再提交",
                            en: "The domain “{q}” has an order in progress, {order} ({status_en}): wait until that order is finished or withdrawn, then submit.",
                        ),
                        "guide §1.1（该域名存在进行中的订单）; rules-digest.md §1",
                    )
                    .with_order(Some(f)),
                );
            }
            for f in with_domain {
                if f.status == FilingStatus::Approved
                    && f.adds_sites()
                    && !filed_here.iter().any(|g| g.order_no == f.order_no)
                {
                    filed_here.push(f);
                }
            }
        }
        let domain_list = domains.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>().join("、");
        let domains_en = domains.iter().map(|(_, d)| format!("“{}”", quote(d))).collect::<Vec<_>>().join(", ");
        // Where the website was filed: here when the registry has it approved, else as declared (an ICP
        // number without a declaration: elsewhere).
        let site_where = if !filed_here.is_empty() {
            FiledWith::Here
        } else if w.filed.with == FiledWith::None && has_text(&w.filed.icp_number) {
            FiledWith::Elsewhere
        } else {
            w.filed.with
        };
        // The decision: the table's row for the combination (it has one for each, tested).
        let domains_text = Text::new(domain_list.clone(), domains_en.clone());
        let Some(row) = tables::filing_type_row(subject_where, site_where) else {
            let reason = text!(zh: "备案类型表中没有此情形", en: "the filing-type table has no row for this case");
            sites.push(SiteType { website: index_u32(i), filing_type: None, reason: reason.zh, reason_en: reason.en });
            continue;
        };
        if row.filing_type == Outcome::Blocked {
            let (which_zh, which_en) = if filed_here.is_empty() {
                ("（按申报）".to_owned(), " (as declared)".to_owned())
            } else {
                let Text { zh, en } = orders(&filed_here);
                (format!("（{zh}）"), format!(" ({en})"))
            };
            blockers.push(
                Blocker::new(
                    BlockerKind::DomainFiledHere,
                    site_path.key("domains"),
                    text!(
                        zh: "域名 {domain_list} 已在本服务商备案{which_zh}：不能再新增备案；修改请办理变更备案",
                        en: "The website ({domains_en}) is already filed with this provider{which_en}: it cannot be filed again. To change it, make a change filing.",
                    ),
                    SOURCE_TYPES,
                )
                .with_order(filed_here.first().copied()),
            );
        }
        if let Some((code, message)) = row.warning(&domains_text) {
            warnings.push(warning(code, site_path.key("filed"), message));
        }
        let filing_type = row.filing_type();
        let reason = row.reason(&domains_text);
        if matches!(filing_type, Some(FilingType::NewAccess | FilingType::ContinueAccess))
            && !has_text(&w.filed.icp_number)
        {
            warnings.push(warning(
                "access_icp_number_missing",
                site_path.key("filed").key("icp_number"),
                text!(
                    zh: "接入备案须填写网站原备案号（ICP备案密码已于 2020 年取消，rules-digest.md §1）",
                    en: "An access filing needs the website's existing ICP number (the ICP filing password was abolished in 2020).",
                ),
            ));
        }
        sites.push(SiteType { website: index_u32(i), filing_type, reason: reason.zh, reason_en: reason.en });
    }

    // The order's type: the websites' common type.
    let mut types: Vec<FilingType> = Vec::new();
    for s in &sites {
        if let Some(t) = s.filing_type
            && !types.contains(&t)
        {
            types.push(t);
        }
    }
    let undetermined = sites.iter().any(|s| s.filing_type.is_none());
    let (filing_type, reason) = if doc.websites.is_empty() {
        (
            None,
            text!(
                zh: "未填写网站和域名，无法确定备案类型",
                en: "No website or domain is filled in, so the filing type cannot be determined",
            ),
        )
    } else if types.len() > 1 {
        let list_zh = sites
            .iter()
            .map(|s| {
                format!("网站 {}：{}", s.website + 1, s.filing_type.map(FilingType::label_zh).unwrap_or("无法确定"))
            })
            .collect::<Vec<_>>()
            .join("，");
        let list_en = sites
            .iter()
            .map(|s| {
                format!(
                    "website {}: {}",
                    s.website + 1,
                    s.filing_type.map(FilingType::label_en).unwrap_or("undetermined")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        blockers.push(Blocker::new(
            BlockerKind::MixedTypes,
            "websites",
            text!(
                zh: "同一订单中的网站须为同一备案类型（{list_zh}）：请分成多个订单提交",
                en: "All websites of one order need the same filing type ({list_en}): split them into several orders.",
            ),
            SOURCE_TYPES,
        ));
        (None, text!(zh: "网站的备案类型不一致：{list_zh}", en: "The websites need different filing types: {list_en}"))
    } else if let (Some(&t), false) = (types.first(), undetermined) {
        let mut reasons: Vec<(&str, &str)> = Vec::new();
        for s in &sites {
            if !reasons.iter().any(|(zh, _)| *zh == s.reason) {
                reasons.push((&s.reason, &s.reason_en));
            }
        }
        let zh = reasons.iter().map(|(zh, _)| *zh).collect::<Vec<_>>().join("；");
        let en = reasons.iter().map(|(_, en)| *en).collect::<Vec<_>>().join("; ");
        (Some(t), Text::new(zh, en))
    } else {
        let undetermined: Vec<&SiteType> = sites.iter().filter(|s| s.filing_type.is_none()).collect();
        let why_zh =
            undetermined.iter().map(|s| format!("网站 {}：{}", s.website + 1, s.reason)).collect::<Vec<_>>().join("；");
        let why_en = undetermined
            .iter()
            .map(|s| format!("website {}: {}", s.website + 1, s.reason_en))
            .collect::<Vec<_>>()
            .join("; ");
        (None, text!(zh: "无法确定备案类型：{why_zh}", en: "The filing type cannot be determined: {why_en}"))
    };

    // One open order per subject.
    let open = registry.open_orders_of(subject);
    if !open.is_empty() {
        let Text { zh: orders_zh, en: orders_en } = orders(&open);
        let (message, source) = match filing_type {
            Some(FilingType::NewSiteSubjectHere) => (
                text!(
                    zh: "主体有进行中的订单 {orders_zh}，“增加网站”暂不可用：请放弃该订单或等待其通过审核后再办理",
                    en: "The subject has an order in progress, {orders_en}, so the console does not offer “增加网站” (add website): abandon that order, or wait until it is approved.",
                ),
                "guide §1.4（如果页面上没有显示增加网站）; rules-digest.md §1",
            ),
            Some(FilingType::ContinueAccess) => (
                text!(
                    zh: "主体有进行中的订单 {orders_zh}，“继续接入备案”暂不可用：请放弃该订单或等待其通过管局审核后再办理",
                    en: "The subject has an order in progress, {orders_en}, so the console does not offer “继续接入备案” (continued access filing): abandon that order, or wait until the bureau approves it.",
                ),
                "guide §1.5（如果页面上没有显示继续接入备案）; rules-digest.md §1",
            ),
            _ => (
                text!(
                    zh: "每个主体同一时间只能有一个进行中的订单，该主体已有 {orders_zh}",
                    en: "A subject can have only one order in progress at a time, and this subject already has {orders_en}.",
                ),
                "rules-digest.md §1",
            ),
        };
        blockers.push(
            Blocker::new(BlockerKind::SubjectOrderOpen, subject_path.key("cert_number"), message, source)
                .with_order(open.first().copied()),
        );
    }

    TypeCheck { filing_type, reason: reason.zh, reason_en: reason.en, sites, blockers, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filing_type::tests::{doc, elsewhere, known, registry};

    #[test]
    fn first_filing_and_new_sites() {
        let d = doc(&[&["example.com"]]);
        let t = determine(&d, &Registry::empty());
        assert_eq!(t.filing_type, Some(FilingType::FirstFiling));
        assert!(t.reason.contains("首次备案"), "{}", t.reason);
        assert!(!t.is_blocked());

        let mut d2 = d.clone();
        d2.subject.filed = elsewhere(Some("京ICP备12345678号"));
        let t = determine(&d2, &Registry::empty());
        assert_eq!(t.filing_type, Some(FilingType::NewSiteSubjectElsewhere));

        // Approved here, undeclared: the registry wins, with a warning.
        let r = registry(vec![known("BA1", FilingStatus::Approved, &["old.com"])]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, Some(FilingType::NewSiteSubjectHere));
        assert_eq!(t.warnings[0].code, "subject_filed_here_known");
        assert!(!t.is_blocked());
    }

    #[test]
    fn access_filings() {
        let mut d = doc(&[&["www.Example.com."]]);
        d.websites[0].filed = elsewhere(Some("浙ICP备12345678号-1"));
        d.subject.filed = elsewhere(Some("浙ICP备12345678号"));
        let t = determine(&d, &Registry::empty());
        assert_eq!(t.filing_type, Some(FilingType::NewAccess));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);

        let r = registry(vec![known("BA1", FilingStatus::Approved, &["old.com"])]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, Some(FilingType::ContinueAccess));

        d.websites[0].filed.icp_number = None;
        let t = determine(&d, &r);
        assert!(
            t.warnings
                .iter()
                .any(|w| w.code == "access_icp_number_missing" && w.field == "websites[0].filed.icp_number")
        );
    }

    #[test]
    fn domain_in_progress_and_filed_here() {
        let d = doc(&[&["a.com", "example.com"]]);
        let r = registry(vec![known("BA7", FilingStatus::BureauReview, &["EXAMPLE.com"])]);
        let t = determine(&d, &r);
        let b: Vec<_> = t.blockers.iter().map(|b| b.kind).collect();
        assert_eq!(b, [BlockerKind::DomainInProgress, BlockerKind::SubjectOrderOpen]);
        assert_eq!(t.blockers[0].field, "websites[0].domains[1]");
        assert_eq!(t.blockers[0].order_no.as_deref(), Some("BA7"));
        assert!(t.blockers[0].message.contains("管局审核中"));

        // The order being checked is not its own blocker.
        let mut r2 = r.clone();
        r2.current_order_no = Some("BA7".into());
        assert!(!determine(&d, &r2).is_blocked());

        let r = registry(vec![known("BA8", FilingStatus::Approved, &["example.com"])]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, None);
        assert_eq!(t.blockers[0].kind, BlockerKind::DomainFiledHere);
        assert!(t.blockers[0].message.contains("变更备案"));
        // A withdrawn order neither blocks nor counts as filed.
        let r = registry(vec![known("BA9", FilingStatus::Withdrawn, &["example.com"])]);
        assert_eq!(determine(&d, &r).filing_type, Some(FilingType::FirstFiling));
    }

    #[test]
    fn one_open_order_per_subject() {
        let d = doc(&[&["new.com"]]);
        let r = registry(vec![
            known("BA1", FilingStatus::Approved, &["old.com"]),
            known("BA2", FilingStatus::Submitted, &["other.com"]),
        ]);
        let t = determine(&d, &r);
        assert_eq!(t.filing_type, Some(FilingType::NewSiteSubjectHere));
        assert_eq!(t.blockers.len(), 1);
        assert_eq!(t.blockers[0].kind, BlockerKind::SubjectOrderOpen);
        assert!(t.blockers[0].message.contains("增加网站"), "{}", t.blockers[0].message);
        assert!(t.blockers[0].message.contains("BA2（等待初审）"));
    }

    #[test]
    fn websites_of_one_order_share_a_type() {
        let mut d = doc(&[&["new.com"], &["old.com"]]);
        d.subject.filed = elsewhere(None);
        d.websites[1].filed = elsewhere(Some("浙ICP备1号-2"));
        let t = determine(&d, &Registry::empty());
        assert_eq!(t.filing_type, None);
        assert_eq!(t.blockers[0].kind, BlockerKind::MixedTypes);
        assert!(t.reason.contains("网站 2：新增接入备案"), "{}", t.reason);
        assert_eq!(determine(&doc(&[]), &Registry::empty()).filing_type, None);
        assert_eq!(determine(&doc(&[&[" "]]), &Registry::empty()).filing_type, None);
    }
}
