//! Addresses: door numbers, and the province and city an address is in.

use crate::regions;
use crate::tables;

/// The remark that stands in for a door number (guide §3: 如无具体门牌号，请在备案信息备注中说明).
pub const MOST_DETAILED: &str = "此地址已是最详细地址";

/// Whether an address names a door number: it has 号, or a digit (ASCII or full-width): `文三路100号`,
/// `3幢201室`, `文三路100`. Rural addresses without any (`某某村`) need the remark.
pub fn has_door_number(addr: &str) -> bool {
    addr.chars().any(|c| c == '号' || c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// Whether the remark says the address is already the most detailed one (punctuation and spaces
/// ignored).
pub fn remark_says_most_detailed(remark: &str) -> bool {
    let squeezed: String = remark.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation()).collect();
    squeezed.contains(MOST_DETAILED)
}

/// The prefecture-level city an address is in, within `province` (a full name), as the city's full
/// name. The address may start with the province (full or short name) or directly with the city;
/// the city may be written in full (`郑州市`) or without its 市 (`郑州`). For a municipality the
/// city is the municipality itself.
pub fn city_of_address(addr: &str, province: &str) -> Option<&'static str> {
    let addr = addr.trim_start();
    let cities = regions::cities(province);
    if cities.len() == 1 {
        return regions::province_of_address(addr).filter(|p| *p == province).and(cities.first().copied());
    }
    let short = tables::province(province).map(|p| p.short.as_str());
    let rest = addr.strip_prefix(province).or_else(|| short.and_then(|s| addr.strip_prefix(s))).unwrap_or(addr);
    // the longest full name first, then names without 市
    let mut best: Option<(&'static str, usize)> = None;
    for c in &cities {
        let short = c.strip_suffix('市').filter(|s| s.chars().count() >= 2);
        let len = if rest.starts_with(c) {
            c.len()
        } else if let Some(s) = short
            && rest.starts_with(s)
        {
            s.len()
        } else {
            continue;
        };
        if best.is_none_or(|(_, l)| len > l) {
            best = Some((c, len));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn door_numbers() {
        assert!(has_door_number("浙江省杭州市西湖区文三路100号"));
        assert!(has_door_number("某某路十八号"));
        assert!(has_door_number("3幢201室"));
        assert!(has_door_number("文三路１００"));
        assert!(!has_door_number("河南省某某县某某乡某某村"));
        assert!(remark_says_most_detailed("此地址已是最详细地址。"));
        assert!(remark_says_most_detailed("通讯地址：此地址 已是最详细地址"));
        assert!(!remark_says_most_detailed("地址很详细"));
    }

    #[test]
    fn cities() {
        assert_eq!(city_of_address("河南省郑州市金水区", "河南省"), Some("郑州市"));
        assert_eq!(city_of_address("河南郑州金水区", "河南省"), Some("郑州市"));
        assert_eq!(city_of_address("郑州市金水区", "河南省"), Some("郑州市"));
        assert_eq!(city_of_address("河南省某某县", "河南省"), None);
        assert_eq!(city_of_address("北京市海淀区", "北京市"), Some("北京市"));
        assert_eq!(city_of_address("上海市浦东新区", "北京市"), None);
        assert_eq!(city_of_address("贵州省黔东南苗族侗族自治州凯里市", "贵州省"), Some("黔东南苗族侗族自治州"));
        assert_eq!(city_of_address("河北省石家庄市长安区", "河北省"), Some("石家庄市"));
    }
}
