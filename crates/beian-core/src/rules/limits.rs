//! §5 (guide §3 表 3-1 and later provincial rules): websites per order, domains per website, new
//! domains per application — from `site_limits.toml`, by province, subject kind, filing type and date.

use super::Ctx;
use super::book::*;
use super::text::{count_en, quote};
use crate::model::{FiledWith, FilingType};
use crate::{tables, text};

/// The filing type used for the limits: the document's, or — when it has none (the type check of
/// issue 4 decides it) — first filing for a subject never filed, new site otherwise.
fn filing_type(ctx: &Ctx) -> FilingType {
    ctx.doc.filing_type.unwrap_or(match ctx.doc.subject.filed.with {
        FiledWith::None => FilingType::FirstFiling,
        FiledWith::Here => FilingType::NewSiteSubjectHere,
        FiledWith::Elsewhere => FilingType::NewSiteSubjectElsewhere,
    })
}

pub fn check(ctx: &mut Ctx) {
    if ctx.withdrawal {
        return;
    }
    let doc = ctx.doc;
    let ft = filing_type(ctx);
    let province = doc.subject.region.province.as_str();
    let Some(limit) = tables::site_limit_for(province, doc.subject.nature, ft, ctx.as_of) else {
        return;
    };
    let place = limit.province.as_deref().unwrap_or("本省");
    let place_en = limit.province.as_deref().map_or_else(|| "this province".to_owned(), |p| format!("“{}”", quote(p)));
    let rule_text = limit.guide_text.clone().unwrap_or_else(|| describe(limit));
    let rule_en = describe_en(limit);
    let sites = doc.websites.len();
    let max_sites = limit.max_websites.or((!limit.multiple_websites).then_some(1));
    if let Some(max) = max_sites
        && sites > max as usize
    {
        let (ft_zh, ft_en) = (ft.label_zh(), ft.label_en());
        ctx.emit_full(
            ORDER_SITE_LIMIT,
            None,
            "too_many_websites",
            "websites".into(),
            text!(
                zh: "{place}{ft_zh}：{rule_text}本订单有{sites}个网站，最多{max}个：请拆分为多个订单。",
                en: "The rule of {place_en} for this filing type ({ft_en}): {rule_en} This order has {sites} websites, but at most {max} are allowed: split it into several orders.",
            ),
            Some(&limit.source),
        );
    }
    if let Some(max) = limit.max_domains_per_website {
        for (i, w) in doc.websites.iter().enumerate() {
            let n = w.domains.iter().filter(|d| !d.is_empty()).count();
            if n > max as usize {
                let max_en = count_en(max as usize, "domain", "domains");
                ctx.emit_full(
                    ORDER_DOMAINS_PER_SITE,
                    None,
                    "too_many_domains",
                    format!("websites[{i}].domains"),
                    text!(
                        zh: "{place}：{rule_text}此网站有{n}个域名：每个网站最多{max}个域名，其余域名请作为另外的网站备案。",
                        en: "The rule of {place_en}: {rule_en} This website has {n} domains, but a website may have at most {max_en}: file the other domains as further websites.",
                    ),
                    Some(&limit.source),
                );
            }
        }
    }
    if let Some(max) = limit.max_new_domains {
        let n: usize = doc.websites.iter().map(|w| w.domains.iter().filter(|d| !d.is_empty()).count()).sum();
        if n > max as usize {
            let max_en = count_en(max as usize, "new domain", "new domains");
            ctx.emit_full(
                ORDER_NEW_DOMAINS_LIMIT,
                None,
                "too_many_new_domains",
                "websites".into(),
                text!(
                    zh: "{place}一次申请新增域名不超过{max}个：本订单共有{n}个域名。",
                    en: "In {place_en} one application may add at most {max_en}; this order has {n} domains.",
                ),
                Some(&limit.source),
            );
        }
    }
}

fn describe(limit: &tables::SiteLimit) -> String {
    let sites = match (limit.multiple_websites, limit.max_websites) {
        (false, _) => "一次只能备案一个网站".to_owned(),
        (true, Some(n)) => format!("一次最多备案{n}个网站"),
        (true, None) => "一次可以备案多个网站".to_owned(),
    };
    match limit.max_domains_per_website {
        Some(1) => format!("同一个备案订单下，{sites}，每个网站对应一个域名。"),
        Some(n) => format!("同一个备案订单下，{sites}，每个网站最多{n}个域名。"),
        None => format!("同一个备案订单下，{sites}。"),
    }
}

/// [`describe`] in English (also for the rows that quote the guide: those words are Chinese).
fn describe_en(limit: &tables::SiteLimit) -> String {
    let (sites, each) = match (limit.multiple_websites, limit.max_websites) {
        (false, _) | (true, Some(1)) => ("one order files a single website".to_owned(), "with"),
        (true, Some(n)) => (format!("one order files at most {n} websites"), "each with"),
        (true, None) => ("one order may file several websites".to_owned(), "each with"),
    };
    match limit.max_domains_per_website {
        Some(n) => format!(
            "{sites}, {each} {}.",
            if n == 1 { "one domain".to_owned() } else { format!("at most {n} domains") }
        ),
        None => format!("{sites}."),
    }
}
