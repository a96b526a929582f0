//! `site_limits.toml`: how many websites and domains one order may file (§3 表 3-1 and later
//! provincial rules), by province, subject kind and filing type.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Effective, Meta, SubjectKind, TABLES};
use crate::model::{FilingType, Nature};

/// How many websites and domains one order may file (§3 表 3-1 and later provincial rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct SiteLimit {
    /// `None`: every province without a row of its own.
    #[serde(default)]
    pub province: Option<String>,
    pub subject: SubjectKind,
    pub filing_types: Vec<FilingType>,
    /// 是否支持备案多个网站.
    pub multiple_websites: bool,
    /// `None`: several (多个), no fixed number.
    #[serde(default)]
    pub max_websites: Option<u32>,
    #[serde(default)]
    pub max_domains_per_website: Option<u32>,
    /// Cap on the new domains of one application.
    #[serde(default)]
    pub max_new_domains: Option<u32>,
    #[serde(default)]
    pub guide_province: Option<String>,
    #[serde(default)]
    pub guide_subject: Option<String>,
    #[serde(default)]
    pub guide_filing_types: Option<String>,
    /// The guide's 备案网站数目要求 cell.
    #[serde(default)]
    pub guide_text: Option<String>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_from: Option<Date>,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_until: Option<Date>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SiteLimitsFile {
    pub(super) meta: Meta,
    limit: Vec<SiteLimit>,
}

/// Websites-per-order limits, every row.
pub fn site_limits() -> &'static [SiteLimit] {
    &TABLES.site_limits.limit
}

/// The limit for an order: the province's own row if one applies, else the row for every other
/// province. `None` when no row covers the filing type (e.g. access or change filings).
pub fn site_limit_for(
    province: &str,
    nature: Nature,
    filing_type: FilingType,
    date: Date,
) -> Option<&'static SiteLimit> {
    let applies =
        |l: &&SiteLimit| l.subject.matches(nature) && l.filing_types.contains(&filing_type) && l.in_force(date);
    let rows = site_limits().iter().filter(applies);
    rows.clone()
        .find(|l| l.province.as_deref() == Some(province))
        .or_else(|| rows.clone().find(|l| l.province.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FilingType as F;
    use crate::tables::province;
    use crate::tables::provinces;
    use crate::tables::tests::{NATURES, probe_dates};
    use jiff::civil::date;

    /// 表 3-1's numbers are words: "一个", "三个", "五个", "多个".
    #[test]
    fn site_limits_say_what_their_guide_text_says() {
        let number = |word: &str| match word {
            "一" => Some(1),
            "三" => Some(3),
            "五" => Some(5),
            "多" => None,
            other => panic!("unexpected count {other:?}"),
        };
        for row in site_limits() {
            let Some(text) = &row.guide_text else {
                continue;
            };
            let websites = text
                .split_once("备案")
                .and_then(|(_, rest)| rest.split_once("备案"))
                .map(|(_, rest)| rest.split_once("个网站").unwrap().0)
                .unwrap();
            assert_eq!(row.max_websites, number(websites), "{text}");
            assert_eq!(row.multiple_websites, !text.contains("只能"), "{text}");
            let per_site = if text.contains("对应一个域名") { Some(1) } else { None };
            assert_eq!(row.max_domains_per_website, per_site, "{text}");
            let label = row.guide_filing_types.as_deref().unwrap();
            assert_eq!(row.filing_types.contains(&F::FirstFiling), label.contains("首次备案"));
            assert_eq!(
                row.filing_types.contains(&F::NewSiteSubjectElsewhere)
                    && row.filing_types.contains(&F::NewSiteSubjectHere),
                label.contains("新增网站")
            );
            let subject = match row.guide_subject.as_deref().unwrap() {
                "个人或单位" => SubjectKind::Any,
                "个人" => SubjectKind::Personal,
                "单位" => SubjectKind::Unit,
                other => panic!("{other}"),
            };
            assert_eq!(row.subject, subject);
            match &row.province {
                Some(p) => assert_eq!(province(p).unwrap().short, row.guide_province.as_deref().unwrap()),
                None => assert!(row.guide_province.as_deref().unwrap().starts_with('非')),
            }
        }
    }

    #[test]
    fn site_limits_by_province() {
        let d = date(2019, 8, 16);
        let limit = |p, n, t| site_limit_for(p, n, t, d).unwrap();
        let hubei = limit("湖北省", Nature::Enterprise, F::FirstFiling);
        assert_eq!((hubei.max_websites, hubei.max_domains_per_website), (Some(1), Some(1)));
        assert!(!hubei.multiple_websites);
        assert_eq!(limit("陕西省", Nature::Personal, F::FirstFiling).max_websites, Some(5));
        assert_eq!(limit("陕西省", Nature::Personal, F::NewSiteSubjectHere).max_websites, None);
        assert_eq!(limit("河南省", Nature::Personal, F::FirstFiling).max_websites, Some(3));
        assert_eq!(limit("河南省", Nature::Enterprise, F::NewSiteSubjectElsewhere).max_websites, Some(5));
        assert_eq!(limit("河南省", Nature::Government, F::FirstFiling).max_websites, Some(5));
        let beijing = limit("北京市", Nature::Personal, F::FirstFiling);
        assert_eq!(beijing.province, None);
        assert_eq!((beijing.max_websites, beijing.max_domains_per_website), (None, Some(1)));
        assert_eq!(limit("湖南省", Nature::Personal, F::FirstFiling).max_websites, Some(1));
        assert_eq!(limit("山西省", Nature::Enterprise, F::FirstFiling).max_new_domains, Some(3));
        assert_eq!(
            limit("新疆维吾尔自治区", Nature::Enterprise, F::FirstFiling).province.as_deref(),
            Some("新疆维吾尔自治区")
        );
        assert!(site_limit_for("北京市", Nature::Personal, F::NewAccess, d).is_none());
        assert!(site_limit_for("湖北省", Nature::Personal, F::ChangeSite, d).is_none());
    }

    #[test]
    fn one_site_limit_row_per_case() {
        for p in provinces() {
            for n in NATURES {
                for t in FilingType::ALL {
                    for d in probe_dates() {
                        let own = site_limits()
                            .iter()
                            .filter(|l| l.province.as_deref() == Some(p.name.as_str()))
                            .filter(|l| l.subject.matches(n) && l.filing_types.contains(&t) && l.in_force(d))
                            .count();
                        assert!(own <= 1, "{} {n:?} {t:?} {d}: {own} rows", p.name);
                    }
                }
            }
        }
        assert_eq!(site_limits().iter().filter(|l| l.province.is_none()).count(), 1);
    }
}
