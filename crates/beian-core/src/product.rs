//! Product verification (产品验证, guide §2; `rules-digest.md` §2): the instance ID or the 备案服务号
//! of each website, their format, and the service-number quota of each instance across all filings.
//!
//! Products, quotas and the code's format are the filing's provider's ([`crate::providers`]). The app counts the service numbers used per instance
//! across every filing ([`product_uses`] of each stored filing) and refuses to go over the quota,
//! saying which filings use them ([`check_quota`], [`check_products`]).
//!
//! What holds a service number ([`holds_service_number`]): every filing that files websites (first
//! filing, new site, access) in any status but 已撤销 / 已过期 — drafts included, so two drafts cannot
//! both count on the last number. An approved filing keeps its numbers for good: a used number stays
//! used after 注销 or 取消接入 (digest §2) — those follow-up filings leave the original approved
//! filing in the store, and name no new uses of their own. That withdrawn and expired orders give
//! their numbers back is this product's assumption (neither source says).

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::diag::{Diagnostic, FieldPath, Severity, Text};
use crate::filing_type::is_follow_up;
use crate::model::{FilingDocument, ProductType};
use crate::providers::{self, ProviderProfile};
use crate::rules::ids;
use crate::rules::text::{count_en, quote};
use crate::status::FilingStatus;
use crate::tables::QuotaUnit;
use crate::text;

const SOURCE: &str = "guide §2; rules-digest.md §2";

/// One website that uses a service number of an instance.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct QuotaUse {
    pub order_no: String,
    /// Index into the filing's `websites`.
    pub website: u32,
}

impl std::fmt::Display for QuotaUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 网站 {}", self.order_no, self.website + 1)
    }
}

impl QuotaUse {
    /// In English: `BA1 website 2` (`to_string()` is the Chinese form).
    pub fn to_string_en(&self) -> String {
        format!("{} website {}", self.order_no, self.website + 1)
    }
}

/// Where an instance's quota stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QuotaUsage {
    pub product: ProductType,
    pub instance_id: String,
    pub unit: QuotaUnit,
    /// `None`: the product has no quota (旺铺, unknown products).
    pub quota: Option<u32>,
    /// Service numbers used by other websites.
    pub used: u32,
    /// Left after the website being checked takes one.
    pub remaining: Option<u32>,
}

/// An instance whose service numbers are all used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[error(
    "{product_label}实例 {instance_id} 的{code_label}已用完：每{}可用 {quota} 个，已被 {} 使用",
    unit_zh(*.unit),
    uses_text(.used_by)
)]
pub struct QuotaError {
    pub product: ProductType,
    /// The provider's name of the product (云服务器ECS, 云服务器CVM).
    pub product_label: String,
    /// What the provider calls its code (备案服务号, 备案授权码).
    pub code_label: String,
    pub code_label_en: String,
    pub instance_id: String,
    pub unit: QuotaUnit,
    pub quota: u32,
    /// The websites that use them (each once).
    pub used_by: Vec<QuotaUse>,
}

impl QuotaError {
    /// The message in English (`to_string()` is the Chinese one).
    pub fn message_en(&self) -> String {
        let product = self.product.label_en();
        let id = quote(&self.instance_id);
        let unit = match self.unit {
            QuotaUnit::PerAccount => "account",
            _ => "instance",
        };
        let code = &self.code_label_en;
        let quota = count_en(self.quota as usize, code, &format!("{code}s"));
        let uses = uses_text_en(&self.used_by);
        format!("The {code}s of the {product} {unit} “{id}” are used up: each {unit} has {quota}, used by {uses}.")
    }
}

fn unit_zh(unit: QuotaUnit) -> &'static str {
    match unit {
        QuotaUnit::PerAccount => "个账号",
        _ => "个实例",
    }
}

fn uses_text(uses: &[QuotaUse]) -> String {
    uses.iter().map(ToString::to_string).collect::<Vec<_>>().join("、")
}

fn uses_text_en(uses: &[QuotaUse]) -> String {
    uses.iter().map(QuotaUse::to_string_en).collect::<Vec<_>>().join(", ")
}

/// Whether one more website can use a code of `instance_id` (a product of `product_type` at
/// `provider`), given the websites that already use one (`used_by`: other filings, and other
/// websites of the same filing). For a per-account product (弹性Web托管) `instance_id` names the
/// account. Products without a quota always pass.
pub fn check_quota(
    provider: &ProviderProfile,
    product_type: ProductType,
    instance_id: &str,
    used_by: &[QuotaUse],
) -> Result<QuotaUsage, Box<QuotaError>> {
    let mut uses: Vec<QuotaUse> = Vec::new();
    for u in used_by {
        if !uses.contains(u) {
            uses.push(u.clone());
        }
    }
    let row = provider.product(product_type);
    let unit = row.map(|r| r.quota_unit).unwrap_or(QuotaUnit::Unknown);
    let quota = row.and_then(|r| r.quota);
    let used = u32::try_from(uses.len()).unwrap_or(u32::MAX);
    match quota {
        Some(q) if used >= q => Err(Box::new(QuotaError {
            product: product_type,
            product_label: row.map_or_else(|| product_type.label_zh().to_owned(), |r| r.label_zh.clone()),
            code_label: provider.code.label_zh.clone(),
            code_label_en: provider.code.label_en.clone(),
            instance_id: instance_id.to_owned(),
            unit,
            quota: q,
            used_by: uses,
        })),
        _ => Ok(QuotaUsage {
            product: product_type,
            instance_id: instance_id.to_owned(),
            unit,
            quota,
            used,
            remaining: quota.map(|q| q - used - 1),
        }),
    }
}

/// Whether a filing in `status` holds the service numbers its websites use (see the module doc).
pub fn holds_service_number(status: FilingStatus) -> bool {
    !matches!(status, FilingStatus::Withdrawn | FilingStatus::Expired)
}

/// One website's product, as the quota count sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProductUse {
    /// The filing's provider: instances and codes are counted per provider.
    #[serde(default = "aliyun")]
    pub provider: String,
    pub product: ProductType,
    /// Trimmed; `None` when the website gives no instance.
    pub instance_id: Option<String>,
    /// Trimmed, lower-case; `None` when the website gives none.
    pub service_number: Option<String>,
    #[serde(flatten)]
    pub by: QuotaUse,
}

fn aliyun() -> String {
    providers::DEFAULT_PROVIDER.to_owned()
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The products a stored filing uses, for the store's count (nothing for filings that hold no
/// number, and for follow-up filings, which repeat their original's websites).
pub fn product_uses(order_no: &str, status: FilingStatus, doc: &FilingDocument) -> Vec<ProductUse> {
    if !holds_service_number(status) || doc.filing_type.is_some_and(is_follow_up) {
        return Vec::new();
    }
    doc.websites
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let instance_id = trimmed(&w.product.instance_id);
            let service_number = trimmed(&w.product.service_number).map(|s| s.to_lowercase());
            (instance_id.is_some() || service_number.is_some()).then(|| ProductUse {
                provider: doc.provider.clone(),
                product: w.product.kind,
                instance_id,
                service_number,
                by: QuotaUse { order_no: order_no.to_owned(), website: u32::try_from(i).unwrap_or(u32::MAX) },
            })
        })
        .collect()
}

/// A finding of the product's form (rule `SITE-PRODUCT`).
fn diag(code: &str, severity: Severity, field: FieldPath, message: Text) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity,
        field: field.into(),
        message: message.zh,
        message_en: message.en,
        rule: ids::SITE_PRODUCT.to_owned(),
        source: SOURCE.to_owned(),
    }
}

/// A finding of the counts across filings (rule `PRODUCT-QUOTA`).
fn quota_diag(code: &str, field: FieldPath, message: Text) -> Diagnostic {
    Diagnostic { rule: ids::PRODUCT_QUOTA.to_owned(), ..diag(code, Severity::Error, field, message) }
}

/// Format checks of one website's product at the filing's provider: a product the provider offers,
/// an instance ID or a code (one of them), the code's format where the provider's profile shows
/// it (Alibaba's 备案服务号: 8-4-4-4-12), an instance ID of letters, digits, `-` and `_`.
pub fn check_product_format(website: usize, doc: &FilingDocument) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(w) = doc.websites.get(website) else {
        return out;
    };
    let provider = providers::profile_or_other(&doc.provider);
    let (name_zh, name_en) = (provider.meta.name_zh.as_str(), provider.meta.name_en.as_str());
    let (code_zh, code_en) = (provider.code.label_zh.as_str(), provider.code.label_en.as_str());
    let path = FieldPath::root().key("websites").index(website).key("product");
    let p = &w.product;
    let row = provider.product(p.kind);
    if row.is_none() && provider.lists_products() {
        let offered_zh = provider.product.iter().map(|r| r.label_zh.as_str()).collect::<Vec<_>>().join("、");
        let offered_en = provider.product.iter().map(|r| r.kind.label_en()).collect::<Vec<_>>().join(", ");
        let (product_zh, product_en) = (p.kind.label_zh(), p.kind.label_en());
        let source = format!("this product: provider profile data/providers/{}.toml", provider.code());
        out.push(Diagnostic {
            rule: ids::PROVIDER_PRODUCT.to_owned(),
            source,
            ..diag(
                "product_not_offered",
                Severity::Error,
                path.key("type"),
                text!(
                    zh: "{name_zh}没有可备案的“{product_zh}”：请选择{name_zh}可承载备案的产品（{offered_zh}）",
                    en: "{name_en} has no “{product_en}” that can carry a filing: choose one of its products ({offered_en}).",
                ),
            )
        });
    }
    let instance = trimmed(&p.instance_id);
    let number = trimmed(&p.service_number);
    if row.map(|r| r.quota_unit) == Some(QuotaUnit::OwnFlow) {
        if instance.is_some() || number.is_some() {
            let (product_zh, product_en) = (row.map_or(p.kind.label_zh(), |r| r.label_zh.as_str()), p.kind.label_en());
            out.push(diag(
                "product_own_flow",
                Severity::Warning,
                path.clone(),
                text!(
                    zh: "{product_zh}在其自己的备案系统中验证，无需实例ID或{code_zh}（《ICP备案流程（PC端）》§2）",
                    en: "{product_en} is verified in its own filing system: no instance ID or {code_en} is needed.",
                ),
            ));
        }
        return out;
    }
    match (&instance, &number) {
        (None, None) => out.push(diag(
            "product_missing",
            Severity::Error,
            path.key("instance_id"),
            text!(
                zh: "请填写实例ID（产品验证方法一）或{code_zh}（方法二）（《ICP备案流程（PC端）》§2）",
                en: "Fill in the instance ID (product verification, method 1) or the {code_en} (method 2).",
            ),
        )),
        (Some(_), Some(_)) => out.push(diag(
            "product_both",
            Severity::Warning,
            path.clone(),
            text!(
                zh: "实例ID与{code_zh}只需填写其一：按实例验证时系统会自动生成{code_zh}（《ICP备案流程（PC端）》§2 方法一）",
                en: "Fill in either the instance ID or the {code_en}, not both: verification by instance generates the code by itself.",
            ),
        )),
        _ => {}
    }
    if let Some(id) = &instance {
        let field = path.key("instance_id");
        let q = quote(id);
        let prefix = row.and_then(|r| r.instance_prefix.as_deref());
        if id.chars().count() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            out.push(diag(
                "instance_id_format",
                Severity::Error,
                field,
                text!(
                    zh: "实例ID“{q}”格式不对：应为控制台显示的实例ID，只含字母、数字、- 和 _",
                    en: "The instance ID “{q}” is not in the right form: enter the instance ID as the console shows it, with only letters, digits, - and _.",
                ),
            ));
        } else if let Some(prefix) = prefix.filter(|pre| !id.starts_with(*pre)) {
            let product = row.map_or(p.kind.label_zh(), |r| r.label_zh.as_str());
            out.push(diag(
                "instance_id_format",
                Severity::Warning,
                field,
                text!(
                    zh: "{name_zh}{product}的实例ID通常以 {prefix} 开头，“{q}”请与控制台核对",
                    en: "{name_en} instance IDs of this product usually start with {prefix}: check “{q}” against the console.",
                ),
            ));
        }
    }
    if let Some(n) = &number {
        let field = path.key("service_number");
        let q = quote(n);
        if n.contains('*') {
            out.push(diag(
                "service_number_masked",
                Severity::Error,
                field,
                text!(
                    zh: "{code_zh}含 *：请填写完整的{code_zh}，而不是遮盖后的样例",
                    en: "The {code_en} contains *: enter the full code, not a masked sample.",
                ),
            ));
        } else if provider.code_matches(n) == Some(false) {
            let example = provider.code.example.as_deref().unwrap_or("");
            let format_zh = provider.code.format_zh.clone().unwrap_or_else(|| format!("应与示例 {example} 同一格式"));
            let format_en = provider.code.format_en.clone().unwrap_or_else(|| format!("the form of {example}"));
            out.push(diag(
                "service_number_format",
                Severity::Error,
                field,
                text!(
                    zh: "{code_zh}“{q}”格式不对：{name_zh}的{code_zh}应为{format_zh}，如 {example}",
                    en: "The {code_en} “{q}” is not in the right form: {name_en}'s codes have {format_en}, e.g. {example}.",
                ),
            ));
        }
    }
    out
}

/// The product checks across filings: service numbers used twice and quotas, counting `others`
/// (the [`product_uses`] of every other stored filing) and the document's own earlier websites.
/// The form of each website's product is [`check_product_format`], which `validate` runs.
pub fn check_products(order_no: &str, doc: &FilingDocument, others: &[ProductUse]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mine = product_uses(order_no, FilingStatus::Draft, doc);
    let provider = providers::profile_or_other(&doc.provider);
    // Instance IDs and codes are the provider's own: another provider's filings are not counted.
    let others: Vec<&ProductUse> =
        others.iter().filter(|u| u.by.order_no != order_no && u.provider == doc.provider).collect();
    for (k, u) in mine.iter().enumerate() {
        let path = FieldPath::root().key("websites").index(u.by.website as usize).key("product");
        let earlier = &mine[..k];
        if let Some(n) = &u.service_number {
            let holders: Vec<&QuotaUse> = others
                .iter()
                .copied()
                .chain(earlier.iter())
                .filter(|o| o.service_number.as_ref() == Some(n))
                .map(|o| &o.by)
                .collect();
            if !holders.is_empty() {
                let holders_zh = holders.iter().map(ToString::to_string).collect::<Vec<_>>().join("、");
                let holders_en = holders.iter().map(|h| h.to_string_en()).collect::<Vec<_>>().join(", ");
                let q = quote(n);
                let (code_zh, code_en) = (provider.code.label_zh.as_str(), provider.code.label_en.as_str());
                let (stays_zh, stays_en) = if provider.code.used_stays_used == Some(true) {
                    ("，注销或取消接入后也不能再用", ", and stays used even after deregistration or cancelled access")
                } else {
                    ("", "")
                };
                out.push(quota_diag(
                    "service_number_used",
                    path.key("service_number"),
                    text!(
                        zh: "{code_zh} {q} 已被 {holders_zh} 使用：一个{code_zh}只能用于一个网站{stays_zh}（《备案规则摘要》§2）",
                        en: "The {code_en} “{q}” is already used by {holders_en}: a code serves a single website{stays_en}.",
                    ),
                ));
            }
        }
        if let Some(id) = &u.instance_id {
            let used_by: Vec<QuotaUse> = others
                .iter()
                .copied()
                .chain(earlier.iter())
                .filter(|o| o.product == u.product && o.instance_id.as_ref() == Some(id))
                .map(|o| o.by.clone())
                .collect();
            if let Err(e) = check_quota(provider, u.product, id, &used_by) {
                let e_en = e.message_en();
                let (code_zh, code_en) = (provider.code.label_zh.as_str(), provider.code.label_en.as_str());
                out.push(quota_diag(
                    "quota_exceeded",
                    path.key("instance_id"),
                    text!(
                        zh: "{e}；请换用还有{code_zh}的实例（《ICP备案流程（PC端）》§2）",
                        en: "{e_en} Use an instance that still has {code_en}s left.",
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FilingType, Product, Website};

    fn doc(products: &[(ProductType, Option<&str>, Option<&str>)]) -> FilingDocument {
        let mut d = FilingDocument::draft("张三", "a.com");
        d.websites = products
            .iter()
            .enumerate()
            .map(|(i, (kind, inst, num))| Website {
                domains: vec![format!("site{i}.com")],
                product: Product {
                    kind: *kind,
                    instance_id: inst.map(str::to_owned),
                    service_number: num.map(str::to_owned),
                },
                ..Website::default()
            })
            .collect();
        d
    }

    fn uses(order: &str, n: u32) -> Vec<QuotaUse> {
        (0..n).map(|website| QuotaUse { order_no: order.into(), website }).collect()
    }

    #[test]
    fn quota_per_instance() {
        let ok = check_quota(crate::providers::profile("aliyun").unwrap(), ProductType::Ecs, "i-1", &uses("BA1", 4))
            .unwrap();
        assert_eq!((ok.quota, ok.used, ok.remaining), (Some(5), 4, Some(0)));
        let e = check_quota(crate::providers::profile("aliyun").unwrap(), ProductType::Ecs, "i-1", &uses("BA1", 5))
            .unwrap_err();
        assert_eq!(e.quota, 5);
        assert_eq!(e.used_by.len(), 5);
        assert_eq!(
            e.to_string(),
            "云服务器ECS实例 i-1 的备案服务号已用完：每个实例可用 5 个，已被 BA1 网站 1、BA1 网站 2、BA1 网站 3、BA1 网站 4、BA1 网站 5 使用"
        );
        // The same use twice counts once.
        let twice = [uses("BA1", 1), uses("BA1", 1)].concat();
        assert!(
            check_quota(crate::providers::profile("aliyun").unwrap(), ProductType::Marketplace, "m-1", &uses("BA1", 0))
                .is_ok()
        );
        assert!(
            check_quota(crate::providers::profile("aliyun").unwrap(), ProductType::Marketplace, "m-1", &twice).is_err()
        );
        assert_eq!(
            check_quota(crate::providers::profile("aliyun").unwrap(), ProductType::NatGateway, "n", &twice)
                .unwrap()
                .remaining,
            Some(0)
        );
        // No quota: always fine.
        assert_eq!(
            check_quota(crate::providers::profile("aliyun").unwrap(), ProductType::Wangpu, "w", &uses("BA1", 50))
                .unwrap()
                .quota,
            None
        );
    }

    #[test]
    fn used_numbers_stay_used() {
        let d = doc(&[(ProductType::Ecs, Some("i-1"), None)]);
        assert_eq!(product_uses("BA1", FilingStatus::Approved, &d).len(), 1);
        assert_eq!(product_uses("BA1", FilingStatus::Draft, &d).len(), 1);
        assert!(product_uses("BA1", FilingStatus::Withdrawn, &d).is_empty());
        // A deregistration names the original's sites again: no new use.
        let mut dereg = d.clone();
        dereg.filing_type = Some(FilingType::DeregisterSite);
        assert!(product_uses("BA2", FilingStatus::Approved, &dereg).is_empty());
    }

    /// A pasted page instead of an ID is shown clipped in both languages (the property tests found
    /// a 3,000-character instance ID quoted whole in the Chinese message).
    #[test]
    fn long_values_are_clipped_in_both_languages() {
        let long_id = "字".repeat(3000);
        let long_code = "9".repeat(3000);
        let d = doc(&[(ProductType::Ecs, Some(&long_id), None), (ProductType::Ecs, None, Some(&long_code))]);
        let found: Vec<Diagnostic> = (0..d.websites.len()).flat_map(|i| check_product_format(i, &d)).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        for x in &found {
            for m in [&x.message, &x.message_en] {
                assert!(m.chars().count() < 400 && m.contains('…'), "{}: {m}", x.code);
            }
        }
    }

    #[test]
    fn formats() {
        let d = doc(&[
            (ProductType::Ecs, None, None),
            (ProductType::Ecs, Some("i-bp1abc"), Some("32a43232-a888-88e8-b9ec-00888be8abcd")),
            (ProductType::Ecs, None, Some("32a43232-a888-88e8-b9ec-00888be8****")),
            (ProductType::Ecs, None, Some("32a43232a88888e8b9ec00888be8abcd")),
            (ProductType::Ecs, Some("bp1 abc"), None),
            (ProductType::Ecs, Some("bp1abc"), None),
            (ProductType::Wangpu, Some("x"), None),
            (ProductType::VirtualHost, Some("vh-123"), None),
        ]);
        let got: Vec<(String, Severity, String)> = (0..d.websites.len())
            .flat_map(|i| check_product_format(i, &d))
            .map(|x| (x.code, x.severity, x.field))
            .collect();
        let e = Severity::Error;
        let w = Severity::Warning;
        let want: Vec<(String, Severity, String)> = [
            ("product_missing", e, "websites[0].product.instance_id"),
            ("product_both", w, "websites[1].product"),
            ("service_number_masked", e, "websites[2].product.service_number"),
            ("service_number_format", e, "websites[3].product.service_number"),
            ("instance_id_format", e, "websites[4].product.instance_id"),
            ("instance_id_format", w, "websites[5].product.instance_id"),
            ("product_own_flow", w, "websites[6].product"),
        ]
        .into_iter()
        .map(|(c, s, f)| (c.to_owned(), s, f.to_owned()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn whole_document_counts_its_own_websites_and_other_filings() {
        let approved = doc(&[
            (ProductType::Marketplace, Some("m-1"), None),
            (ProductType::Ecs, None, Some("32a43232-a888-88e8-b9ec-00888be8abcd")),
        ]);
        let others = product_uses("BA1", FilingStatus::Approved, &approved);
        let new = doc(&[
            (ProductType::NatGateway, Some("nat-1"), None),
            (ProductType::NatGateway, Some("nat-1"), None),
            (ProductType::NatGateway, Some("nat-1"), None),
            (ProductType::Marketplace, Some("m-1"), None),
            (ProductType::Ecs, None, Some("32A43232-A888-88E8-B9EC-00888BE8ABCD")),
        ]);
        let diags = check_products("BA2", &new, &others);
        let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code.as_str(), d.field.as_str())).collect();
        assert_eq!(
            got,
            [
                ("quota_exceeded", "websites[2].product.instance_id"),
                ("quota_exceeded", "websites[3].product.instance_id"),
                ("service_number_used", "websites[4].product.service_number"),
            ]
        );
        assert!(diags[0].message.contains("BA2 网站 1、BA2 网站 2"), "{}", diags[0].message);
        assert!(diags[1].message.contains("BA1 网站 1"), "{}", diags[1].message);
        // Re-checking a stored filing ignores its own stored uses.
        let mine = product_uses("BA2", FilingStatus::Draft, &new);
        assert_eq!(check_products("BA2", &new, &mine).len(), 1);
    }
}
