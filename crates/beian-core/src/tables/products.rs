//! `products.toml`: product types with their quota of 备案服务号, and the service number's format.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Meta, TABLES};
use crate::model::ProductType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum QuotaUnit {
    PerInstance,
    PerAccount,
    /// Filed through the product's own flow, without service numbers (旺铺).
    OwnFlow,
    Unknown,
}

/// A product type and its quota of 备案服务号.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ProductQuota {
    pub code: ProductType,
    pub label_zh: String,
    /// The product's name as the guide writes it, where it does.
    #[serde(default)]
    pub guide_label: Option<String>,
    /// Service numbers per `quota_unit`; `None` when there is no quota.
    #[serde(default)]
    pub quota: Option<u32>,
    pub quota_unit: QuotaUnit,
    /// What a purchase must be to yield service numbers.
    #[serde(default)]
    pub conditions: Option<String>,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The shape of a 备案服务号: hexadecimal groups joined by a separator (8-4-4-4-12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ServiceNumberFormat {
    pub groups: Vec<u32>,
    pub separator: String,
    pub digits: String,
    pub example: String,
    pub guide_text: String,
    pub source: String,
}

impl ServiceNumberFormat {
    /// Whether `s` has the format exactly (no surrounding spaces; either letter case).
    pub fn matches(&self, s: &str) -> bool {
        let parts: Vec<&str> = s.split(self.separator.as_str()).collect();
        parts.len() == self.groups.len()
            && parts
                .iter()
                .zip(&self.groups)
                .all(|(part, &len)| part.len() == len as usize && part.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProductsFile {
    pub(super) meta: Meta,
    product: Vec<ProductQuota>,
    service_number: ServiceNumberFormat,
}

/// Product types and their service-number quotas.
pub fn products() -> &'static [ProductQuota] {
    &TABLES.products.product
}

/// The quota row of a product type.
pub fn quota_for(product: ProductType) -> Option<&'static ProductQuota> {
    products().iter().find(|p| p.code == product)
}

/// The 备案服务号 format.
pub fn service_number_format() -> &'static ServiceNumberFormat {
    &TABLES.products.service_number
}

/// Whether `s` has the 备案服务号 format.
pub fn is_service_number(s: &str) -> bool {
    service_number_format().matches(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_and_service_numbers() {
        let ecs = quota_for(ProductType::Ecs).unwrap();
        assert_eq!((ecs.quota, ecs.quota_unit), (Some(5), QuotaUnit::PerInstance));
        let web = quota_for(ProductType::WebHosting).unwrap();
        assert_eq!((web.quota, web.quota_unit), (Some(5), QuotaUnit::PerAccount));
        assert_eq!(quota_for(ProductType::Marketplace).unwrap().quota, Some(1));
        assert_eq!(quota_for(ProductType::NatGateway).unwrap().quota, Some(2));
        assert_eq!(quota_for(ProductType::Ipv6Translation).unwrap().quota, Some(2));
        assert_eq!(quota_for(ProductType::Wangpu).unwrap().quota_unit, QuotaUnit::OwnFlow);
        for p in products() {
            assert_eq!(
                p.quota.is_some(),
                matches!(p.quota_unit, QuotaUnit::PerInstance | QuotaUnit::PerAccount),
                "{:?}",
                p.code
            );
        }
        assert!(is_service_number("32a43232-a888-88e8-b9ec-00888be8abcd"));
        assert!(is_service_number("32A43232-A888-88E8-B9EC-00888BE8ABCD"));
        // The guide's example is masked.
        assert!(!is_service_number(&service_number_format().example));
        assert!(!is_service_number("32a43232a88888e8b9ec00888be8abcd"));
        assert!(!is_service_number("32a43232-a888-88e8-b9ec-00888be8abc"));
        assert!(!is_service_number("32a43232-a888-88e8-b9ec-00888be8abcg"));
        assert!(!is_service_number(" 32a43232-a888-88e8-b9ec-00888be8abcd"));
    }
}
