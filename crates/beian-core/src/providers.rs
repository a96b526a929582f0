//! Access providers (接入商) as data: one profile per provider in `data/providers/<code>.toml`
//! (see `data/providers/README.md`), compiled in and checked by the tests. A filing belongs to a
//! provider (`provider` in the exchange format, default `aliyun`); its products and quotas, what
//! its code is called and looks like, where the authenticity check is done, its review times and
//! how the 45 days are counted are its profile's. Every section names its source and the date it
//! was checked; a value no source states is left out (the product then checks nothing about it)
//! or marked `confirmed = false` (shown as 未经证实).

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::ProductType;

/// What a product's quota of codes is counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum QuotaUnit {
    PerInstance,
    PerAccount,
    /// Filed through the product's own flow, without codes (旺铺).
    OwnFlow,
    Unknown,
}

/// The provider of a document without a `provider` field: the 2019 guide's.
pub const DEFAULT_PROVIDER: &str = "aliyun";

/// The profiles, in the order the window lists them (`other` last).
const FILES: &[(&str, &str)] = &[
    ("aliyun", include_str!("../data/providers/aliyun.toml")),
    ("tencent", include_str!("../data/providers/tencent.toml")),
    ("huawei", include_str!("../data/providers/huawei.toml")),
    ("baidu", include_str!("../data/providers/baidu.toml")),
    ("volcengine", include_str!("../data/providers/volcengine.toml")),
    ("jdcloud", include_str!("../data/providers/jdcloud.toml")),
    ("ucloud", include_str!("../data/providers/ucloud.toml")),
    ("qingcloud", include_str!("../data/providers/qingcloud.toml")),
    ("other", include_str!("../data/providers/other.toml")),
];

/// Where a section's values come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Provenance {
    pub source: String,
    /// ISO date the values were last compared with the source.
    pub checked: String,
    /// `false`: inferred, secondary or not found (shown as 未经证实).
    pub confirmed: bool,
    pub notes: Option<String>,
}

macro_rules! section {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $vis:vis $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$fm])* $vis $field: $ty,)*
            pub source: String,
            pub checked: String,
            pub confirmed: bool,
            #[serde(default)]
            pub notes: Option<String>,
        }

        impl $name {
            pub fn provenance(&self) -> Provenance {
                Provenance {
                    source: self.source.clone(),
                    checked: self.checked.clone(),
                    confirmed: self.confirmed,
                    notes: self.notes.clone(),
                }
            }
        }
    };
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProviderMeta {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    #[serde(default)]
    pub console_zh: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub checked: String,
    #[serde(default)]
    pub notes: Option<String>,
}

section!(
    /// What one provider account may file.
    AccountRules {
        /// One account binds one subject (主体).
        #[serde(default)]
        pub one_subject_per_account: Option<bool>,
        /// What the account is called (阿里云账号).
        #[serde(default)]
        pub label_zh: Option<String>,
    }
);

section!(
    /// The authorisation code a product yields (备案服务号, 备案授权码, 操作码 …).
    CodeRules {
        pub label_zh: String,
        pub label_en: String,
        /// Its format as a regular expression, when a source shows it.
        #[serde(default)]
        pub pattern: Option<String>,
        #[serde(default)]
        pub example: Option<String>,
        /// The format in words, for a message (36 位十六进制数字，按 8-4-4-4-12 以 - 分隔).
        #[serde(default)]
        pub format_zh: Option<String>,
        #[serde(default)]
        pub format_en: Option<String>,
        /// Whether a used code stays used after 注销 or 取消接入.
        #[serde(default)]
        pub used_stays_used: Option<bool>,
        /// Where staff get one.
        #[serde(default)]
        pub how_zh: Option<String>,
        /// The 2019 guide's sentence about the code, where it has one (checked against it).
        #[serde(default)]
        pub guide_text: Option<String>,
    }
);

section!(
    /// A product that can carry a filing at this provider.
    ProviderProduct {
        #[serde(rename = "type")]
        pub kind: ProductType,
        /// The provider's own name of the product.
        pub label_zh: String,
        /// The product's name as the 2019 guide writes it, where it does (checked against it).
        #[serde(default)]
        pub guide_label: Option<String>,
        #[serde(default)]
        pub quota: Option<u32>,
        pub quota_unit: QuotaUnit,
        /// The shortest purchase that yields codes, in months.
        #[serde(default)]
        pub min_term_months: Option<u32>,
        #[serde(default)]
        pub conditions: Option<String>,
        /// How the console's instance IDs start (`i-` for Alibaba's ECS), for a warning.
        #[serde(default)]
        pub instance_prefix: Option<String>,
    }
);

section!(
    /// 真实性核验: the photo and face check.
    Authenticity {
        /// The app or mini-program where it is done (阿里云APP, 腾讯云助手小程序 …).
        #[serde(default)]
        pub where_zh: Option<String>,
        /// How long its QR code lives, in minutes.
        #[serde(default)]
        pub qr_minutes: Option<u32>,
        #[serde(default)]
        pub who_zh: Option<String>,
        #[serde(default)]
        pub how_zh: Option<String>,
    }
);

section!(
    /// The provider's own review times, in working days.
    ProviderReview {
        #[serde(default)]
        pub first_review_workdays: Option<u32>,
        #[serde(default)]
        pub to_bureau_workdays: Option<u32>,
        #[serde(default)]
        pub papers_entry_workdays: Option<u32>,
    }
);

/// From when an order's validity runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ValidityStart {
    /// The order's first submission, the day counted as day 1 (the guide's provider).
    FirstSubmission,
    /// Each submission again (a resubmitted order starts anew).
    Submission,
    /// Each step again: the days run from the day the order entered the step it waits in
    /// (Tencent's 单个步骤停留时间).
    PerStep,
    Unknown,
}

section!(
    /// How long an order lives.
    Validity {
        #[serde(default)]
        pub days: Option<u32>,
        pub counted_from: ValidityStart,
        #[serde(default)]
        pub description_zh: Option<String>,
    }
);

section!(
    /// The console's own step names, in order.
    Console {
        pub steps: Vec<String>,
    }
);

/// One provider's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProviderProfile {
    pub meta: ProviderMeta,
    pub account: AccountRules,
    pub code: CodeRules,
    pub product: Vec<ProviderProduct>,
    pub authenticity: Authenticity,
    pub review: ProviderReview,
    pub validity: Validity,
    pub console: Console,
}

impl ProviderProfile {
    pub fn code(&self) -> &str {
        &self.meta.code
    }

    /// The provider's row of a product type, if it offers it.
    pub fn product(&self, kind: ProductType) -> Option<&ProviderProduct> {
        self.product.iter().find(|p| p.kind == kind)
    }

    /// Whether the profile lists its products (`other` does not: any product is possible).
    pub fn lists_products(&self) -> bool {
        self.product.iter().any(|p| p.kind != ProductType::Other || p.quota_unit != QuotaUnit::Unknown)
    }

    /// Whether `code` has the provider's code format: `None` when no source shows the format.
    pub fn code_matches(&self, code: &str) -> Option<bool> {
        let pattern = self.code.pattern.as_deref()?;
        let re = regex::Regex::new(pattern).ok()?;
        Some(re.is_match(code))
    }

    /// Days an order stays valid (45 unless the profile says otherwise).
    pub fn validity_days(&self) -> u32 {
        self.validity.days.unwrap_or(45)
    }
}

/// Why a profile file is not usable (the tests run this on every file).
pub fn parse(file_code: &str, text: &str) -> Result<ProviderProfile, String> {
    let p: ProviderProfile = toml::from_str(text).map_err(|e| format!("{file_code}.toml: {e}"))?;
    let mut problems = Vec::new();
    if p.meta.code != file_code {
        problems.push(format!("meta.code is “{}”, not the file's name", p.meta.code));
    }
    let dated = |what: &str, date: &str, problems: &mut Vec<String>| {
        if date.parse::<jiff::civil::Date>().is_err() {
            problems.push(format!("{what}.checked “{date}” is not an ISO date"));
        }
    };
    dated("meta", &p.meta.checked, &mut problems);
    let mut sections: Vec<(String, Provenance)> = vec![
        ("account".into(), p.account.provenance()),
        ("code".into(), p.code.provenance()),
        ("authenticity".into(), p.authenticity.provenance()),
        ("review".into(), p.review.provenance()),
        ("validity".into(), p.validity.provenance()),
        ("console".into(), p.console.provenance()),
    ];
    sections.extend(p.product.iter().map(|r| (format!("product {}", r.kind.code()), r.provenance())));
    for (what, prov) in &sections {
        if prov.source.trim().is_empty() {
            problems.push(format!("{what} has no source"));
        }
        dated(what, &prov.checked, &mut problems);
    }
    if p.product.is_empty() {
        problems.push("no [[product]]".into());
    }
    for (i, r) in p.product.iter().enumerate() {
        if p.product[..i].iter().any(|o| o.kind == r.kind) {
            problems.push(format!("product {} listed twice", r.kind.code()));
        }
    }
    if let Some(pattern) = &p.code.pattern {
        match regex::Regex::new(pattern) {
            Err(e) => problems.push(format!("code.pattern does not compile: {e}")),
            Ok(re) => {
                if !(pattern.starts_with('^') && pattern.ends_with('$')) {
                    problems.push("code.pattern is not anchored with ^…$".into());
                }
                // An example without masking must match its own pattern.
                if let Some(ex) = p.code.example.as_deref().filter(|e| !e.contains('*'))
                    && !re.is_match(ex)
                {
                    problems.push(format!("code.example “{ex}” does not match code.pattern"));
                }
            }
        }
    }
    if problems.is_empty() { Ok(p) } else { Err(format!("{file_code}.toml: {}", problems.join("; "))) }
}

static PROFILES: LazyLock<Vec<ProviderProfile>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(code, text)| match parse(code, text) {
            Ok(p) => p,
            // The tests parse every file; a broken one never reaches a build that is shipped.
            #[allow(clippy::panic)]
            Err(e) => panic!("provider profile: {e}"),
        })
        .collect()
});

/// Every provider's profile, `other` last.
pub fn profiles() -> &'static [ProviderProfile] {
    &PROFILES
}

/// Every provider code, in the profiles' order.
pub fn codes() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(c, _)| *c)
}

/// The profile of a provider code; `None` for an unknown one.
pub fn profile(code: &str) -> Option<&'static ProviderProfile> {
    profiles().iter().find(|p| p.meta.code == code)
}

/// The profile a document's provider code gets: its own, or `other`'s (nothing
/// provider-specific checked) for an unknown code, which the rulebook reports at `provider`.
pub fn profile_or_other(code: &str) -> &'static ProviderProfile {
    profile(code).or_else(|| profile("other")).unwrap_or(&profiles()[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_parses_with_its_sources_and_dates() {
        for (code, text) in FILES {
            if let Err(e) = parse(code, text) {
                panic!("{e}");
            }
        }
        assert_eq!(codes().next(), Some(DEFAULT_PROVIDER));
        assert_eq!(codes().last(), Some("other"));
    }

    #[test]
    fn a_profile_without_a_source_or_with_a_wrong_code_is_refused() {
        let good = FILES[0].1;
        let line = good.lines().find(|l| l.starts_with("source = \"guide §1.5")).unwrap();
        let missing = good.replacen(line, "source = \" \"", 1);
        let e = parse("aliyun", &missing).unwrap_err();
        assert!(e.contains("account has no source"), "{e}");
        let e = parse("tencent", good).unwrap_err();
        assert!(e.contains("meta.code"), "{e}");
        let e = parse("aliyun", "[meta]\ncode = 1").unwrap_err();
        assert!(e.starts_with("aliyun.toml:"), "{e}");
        let bad_pattern = good.replacen("pattern = \"^", "pattern = \"(^", 1);
        assert!(parse("aliyun", &bad_pattern).unwrap_err().contains("code.pattern"));
    }

    #[test]
    fn alibaba_keeps_the_guides_products_code_and_45_days() {
        let p = profile("aliyun").unwrap();
        assert_eq!(p.code.label_zh, "备案服务号");
        assert_eq!(p.code_matches("32a43232-a888-88e8-b9ec-00888be81234"), Some(true));
        assert_eq!(p.code_matches("32a43232a88888e8b9ec00888be81234"), Some(false));
        let ecs = p.product(ProductType::Ecs).unwrap();
        assert_eq!((ecs.quota, ecs.quota_unit, ecs.min_term_months), (Some(5), QuotaUnit::PerInstance, Some(3)));
        assert_eq!(p.validity_days(), 45);
        assert_eq!(p.validity.counted_from, ValidityStart::FirstSubmission);
        assert_eq!(p.review.first_review_workdays, Some(1));
        assert_eq!(p.authenticity.where_zh.as_deref(), Some("阿里云APP"));
        // `other` keeps everything open.
        let o = profile("other").unwrap();
        assert!(!o.lists_products());
        assert_eq!(o.code_matches("anything"), None);
        assert_eq!(profile_or_other("nosuch").meta.code, "other");
    }
}
