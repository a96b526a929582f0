//! `provinces.toml`: the 34 provincial-level divisions (GB/T 2260), whose full names are the key of
//! every other table.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Meta, TABLES};

/// A provincial-level division (GB/T 2260).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Province {
    /// The first two digits of the division code.
    pub code: String,
    /// Full name, the key used everywhere: `浙江省`.
    pub name: String,
    /// The name in running text, as the guide writes it: `浙江`.
    pub short: String,
    /// First character of the province's ICP numbers (`浙ICP备…`); none for 台湾, 香港, 澳门.
    #[serde(default)]
    pub icp_prefix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProvincesFile {
    pub(super) meta: Meta,
    province: Vec<Province>,
}

/// The 34 provincial-level divisions.
pub fn provinces() -> &'static [Province] {
    &TABLES.provinces.province
}

/// A province by its full name (`浙江省`).
pub fn province(name: &str) -> Option<&'static Province> {
    provinces().iter().find(|p| p.name == name)
}

/// Whether `name` is one of the 34 full names.
pub fn is_province(name: &str) -> bool {
    province(name).is_some()
}

/// A province by the short name the guide uses in running text (`浙江`, `内蒙古`).
pub fn province_by_short(short: &str) -> Option<&'static Province> {
    provinces().iter().find(|p| p.short == short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::tests::assert_unique;

    #[test]
    fn provinces_are_the_34_full_names() {
        assert_eq!(provinces().len(), 34);
        assert_unique("province code", provinces().iter().map(|p| &p.code));
        assert_unique("province name", provinces().iter().map(|p| &p.name));
        assert_unique("province short name", provinces().iter().map(|p| &p.short));
        assert_unique("ICP prefix", provinces().iter().filter_map(|p| p.icp_prefix.as_ref()));
        assert_eq!(provinces().iter().filter(|p| p.icp_prefix.is_some()).count(), 31);
        for p in provinces() {
            assert!(
                ["省", "市", "自治区", "特别行政区"].iter().any(|s| p.name.ends_with(s)),
                "{} is not a full name",
                p.name
            );
            assert!(p.name.starts_with(&p.short), "{} / {}", p.name, p.short);
            assert_eq!(p.code.len(), 2);
        }
        assert!(is_province("内蒙古自治区"));
        assert!(is_province("广西壮族自治区"));
        assert!(!is_province("内蒙古"));
        assert!(!is_province("浙江"));
        assert_eq!(province_by_short("宁夏").unwrap().name, "宁夏回族自治区");
        assert_eq!(province("四川省").unwrap().icp_prefix.as_deref(), Some("蜀"));
    }
}
