//! GB/T 2260 administrative divisions: the 所属区域 cascade (province → city → district), the
//! province of an address, and the region codes inside certificate numbers.
//!
//! The data is vendored under `data/regions/` (see `SOURCE.md` there for sources and versions) and
//! compiled in with `include_str!`; it is parsed once, on first use.
//!
//! - `gb2260.tsv`: the divisions in force, with full names (`浙江省`, `杭州市`, `西湖区`).
//!   Municipalities (北京市, 天津市, 上海市, 重庆市) have one synthetic city row named like the
//!   municipality; county-level cities directly under a province (仙桃市, 济源市, 五指山市, 石河子市 …)
//!   are cities of their province without districts.
//! - `gb2260-historic.tsv`: every retired 6-digit code that could be found (1980 on). A resident ID
//!   keeps the address code of the place and year it was first issued, so a number whose code was
//!   retired since is still a real number.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Serialize;
use specta::Type;

const CURRENT_TSV: &str = include_str!("../data/regions/gb2260.tsv");
const HISTORIC_TSV: &str = include_str!("../data/regions/gb2260-historic.tsv");

/// Provincial-level codes of the four municipalities.
const MUNICIPALITIES: [&str; 4] = ["11", "12", "31", "50"];

/// One problem with a 所属区域 selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegionIssue {
    /// `"province"`, `"city"` or `"district"`.
    pub field: &'static str,
    /// What is wrong and what is expected, in Simplified Chinese.
    pub message: String,
    /// The same, in English.
    pub message_en: String,
}

#[derive(Debug)]
struct District {
    code: &'static str,
    name: &'static str,
}

#[derive(Debug)]
struct City {
    name: &'static str,
    districts: Vec<District>,
}

#[derive(Debug)]
struct Province {
    code2: &'static str,
    name: &'static str,
    cities: Vec<City>,
}

impl Province {
    fn is_municipality(&self) -> bool {
        MUNICIPALITIES.contains(&self.code2)
    }
    fn city(&self, name: &str) -> Option<&City> {
        self.cities.iter().find(|c| c.name == name)
    }
}

#[derive(Debug)]
struct Data {
    provinces: Vec<Province>,
    /// Every code in force, any level.
    current: HashMap<&'static str, &'static str>,
    /// Retired codes and their last known names.
    historic: HashMap<&'static str, &'static str>,
    /// Two-digit provincial codes that ever existed.
    province_codes: HashSet<&'static str>,
}

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

static DATA: LazyLock<Data> = LazyLock::new(|| {
    let mut provinces: Vec<Province> = Vec::new();
    let mut current = HashMap::new();
    // code of a city row → (province index, city index)
    let mut city_at: HashMap<&'static str, (usize, usize)> = HashMap::new();
    for row in rows(CURRENT_TSV) {
        let (code, name, parent) = (row[0], row[1], row.get(2).copied().unwrap_or(""));
        current.insert(code, name);
        if parent.is_empty() {
            provinces.push(Province { code2: &code[..2], name, cities: Vec::new() });
        } else if let Some(pi) = provinces.iter().position(|p| p.code2 == &parent[..2] && parent.ends_with("0000")) {
            let p = &mut provinces[pi];
            city_at.insert(code, (pi, p.cities.len()));
            p.cities.push(City { name, districts: Vec::new() });
        } else if let Some(&(pi, ci)) = city_at.get(parent) {
            provinces[pi].cities[ci].districts.push(District { code, name });
        }
    }
    let historic: HashMap<_, _> = rows(HISTORIC_TSV).map(|r| (r[0], r[1])).collect();
    let province_codes =
        current.keys().chain(historic.keys()).filter(|c| c.ends_with("0000")).map(|c| &c[..2]).collect();
    Data { provinces, current, historic, province_codes }
});

fn province(name: &str) -> Option<&'static Province> {
    DATA.provinces.iter().find(|p| p.name == name)
}

/// Whether a two-digit provincial code exists (in force or retired), e.g. `"33"`.
/// Includes 71 (台湾), 81 (香港) and 82 (澳门).
pub fn province_code_exists(code2: &str) -> bool {
    code2.len() == 2 && DATA.province_codes.contains(code2)
}

/// Whether a six-digit division code exists now or existed in any GB/T 2260 revision since 1980.
pub fn division_code_known(code6: &str) -> bool {
    DATA.current.contains_key(code6) || DATA.historic.contains_key(code6)
}

/// The name of a six-digit code: the current name, or the last name of a retired code.
pub fn division_name(code6: &str) -> Option<&'static str> {
    DATA.current.get(code6).or_else(|| DATA.historic.get(code6)).copied()
}

/// Full name of the province with this two-digit code, e.g. `"33"` → `浙江省`.
pub fn province_name_of_code(code2: &str) -> Option<&'static str> {
    DATA.provinces.iter().find(|p| p.code2 == code2).map(|p| p.name)
}

/// All provincial-level divisions (31 mainland ones, then 台湾省, 香港, 澳门), in code order.
pub fn provinces() -> Vec<&'static str> {
    DATA.provinces.iter().map(|p| p.name).collect()
}

/// The cities of a province, in code order; a municipality has one city named like itself.
/// Empty for an unknown province and for 台湾省/香港/澳门 (no subdivisions in the data).
pub fn cities(province_name: &str) -> Vec<&'static str> {
    province(province_name).map_or_else(Vec::new, |p| p.cities.iter().map(|c| c.name).collect())
}

/// The districts/counties of a city, in code order. Empty when the city is unknown or has no
/// county-level subdivisions (东莞市, 中山市, 仙桃市 …). For a municipality the old city spellings
/// `市辖区` (districts, code <PP>01xx) and `县` (counties, <PP>02xx) are understood too.
pub fn districts(province_name: &str, city_name: &str) -> Vec<&'static str> {
    let Some(p) = province(province_name) else {
        return Vec::new();
    };
    if p.is_municipality()
        && let Some(prefix) = municipality_alias_prefix(city_name)
    {
        return p
            .cities
            .iter()
            .flat_map(|c| &c.districts)
            .filter(|d| d.code[2..].starts_with(prefix))
            .map(|d| d.name)
            .collect();
    }
    p.city(city_name).map_or_else(Vec::new, |c| c.districts.iter().map(|d| d.name).collect())
}

/// `市辖区` → districts (<PP>01xx), `县` → counties (<PP>02xx), as GB/T 2260 wrote municipalities.
fn municipality_alias_prefix(city: &str) -> Option<&'static str> {
    match city {
        "市辖区" => Some("01"),
        "县" => Some("02"),
        _ => None,
    }
}

/// The short form of a provincial name as used in addresses: `浙江省` → `浙江`,
/// `内蒙古自治区` → `内蒙古`, `广西壮族自治区` → `广西`, `香港特别行政区` → `香港`.
fn short_name(full: &'static str) -> &'static str {
    const SHORT: [(&str, &str); 5] = [
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("西藏自治区", "西藏"),
        ("宁夏回族自治区", "宁夏"),
        ("新疆维吾尔自治区", "新疆"),
    ];
    if let Some((_, s)) = SHORT.iter().find(|(f, _)| *f == full) {
        return s;
    }
    for suffix in ["特别行政区", "省", "市"] {
        if let Some(s) = full.strip_suffix(suffix) {
            return s;
        }
    }
    full
}

/// Prefecture-level city names that belong to exactly one province, e.g. `杭州市` → `浙江省`.
static UNIQUE_CITIES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut count: HashMap<&str, Vec<&'static str>> = HashMap::new();
    for p in &DATA.provinces {
        for c in &p.cities {
            count.entry(c.name).or_default().push(p.name);
        }
    }
    let mut v: Vec<_> = count.into_iter().filter(|(_, ps)| ps.len() == 1).map(|(c, ps)| (c, ps[0])).collect();
    // longest first, so that a longer name wins over its prefix
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
    v
});

/// The province an address starts with, as its full name; `None` when none can be told.
///
/// Tried in this order, on the address with leading whitespace removed:
/// 1. a provincial full name (`浙江省…`, `北京市…`, `内蒙古自治区…`);
/// 2. a city's full name that exists in only one province (`杭州市…` → 浙江省; this also keeps
///    `海南藏族自治州…` in 青海省 instead of reading it as 海南);
/// 3. a provincial short name (`浙江…`, `北京…`, `内蒙古…`, `广西…`, `内蒙…`).
pub fn province_of_address(addr: &str) -> Option<&'static str> {
    let addr = addr.trim_start();
    if let Some(p) = DATA.provinces.iter().find(|p| addr.starts_with(p.name)) {
        return Some(p.name);
    }
    if let Some((_, p)) = UNIQUE_CITIES.iter().find(|(c, _)| addr.starts_with(c)) {
        return Some(p);
    }
    let mut best: Option<(&str, &'static str)> = None;
    for p in &DATA.provinces {
        let short = short_name(p.name);
        if addr.starts_with(short) && best.is_none_or(|(s, _)| short.len() > s.len()) {
            best = Some((short, p.name));
        }
    }
    if best.is_none() && addr.starts_with("内蒙") {
        return province_name_of_code("15");
    }
    best.map(|(_, p)| p)
}

/// Checks a 所属区域 selection: the province must exist; the city must be in that province (for a
/// municipality the municipality itself, or the old `市辖区`/`县`); the district, when given and not
/// blank, must be in that city. Names must be the full official names.
///
/// Where the data has no subdivisions (台湾省, 香港, 澳门; cities without districts such as 东莞市),
/// the lower levels are not checked.
pub fn check_region(province_name: &str, city: &str, district: Option<&str>) -> Vec<RegionIssue> {
    let mut issues = Vec::new();
    let issue = |field, message: crate::Text| RegionIssue { field, message: message.zh, message_en: message.en };
    let (province_name, city) = (province_name.trim(), city.trim());
    let district = district.map(str::trim).filter(|d| !d.is_empty());

    if province_name.is_empty() {
        issues.push(issue(
            "province",
            crate::text!(zh: "请选择所属区域的省份。", en: "Select the province of the subject's location."),
        ));
        return issues;
    }
    let Some(p) = province(province_name) else {
        let msg = match DATA.provinces.iter().find(|p| short_name(p.name) == province_name) {
            Some(p) => {
                let full = p.name;
                crate::text!(
                    zh: "省份“{province_name}”应填写全称“{full}”。",
                    en: "Write the province's full name “{full}”, not “{province_name}”.",
                )
            }
            None => crate::text!(
                zh: "未知的省份“{province_name}”：请填写省级行政区的全称，例如“浙江省”“北京市”“内蒙古自治区”。",
                en: "Unknown province “{province_name}”: write the full name of a provincial-level division, e.g. “浙江省”, “北京市” or “内蒙古自治区”.",
            ),
        };
        issues.push(issue("province", msg));
        return issues;
    };
    if city.is_empty() {
        let province = p.name;
        issues
            .push(issue("city", crate::text!(zh: "请选择{province}下的城市。", en: "Select a city of “{province}”.")));
        return issues;
    }
    if p.cities.is_empty() {
        return issues;
    }

    // Resolve the city; for municipalities the alias spellings narrow the districts.
    let city_ok = p.city(city).is_some() || (p.is_municipality() && municipality_alias_prefix(city).is_some());
    if !city_ok {
        issues.push(issue("city", unknown_city_message(p, city)));
        return issues;
    }
    let Some(district) = district else {
        return issues;
    };
    let allowed = districts(p.name, city);
    let has_subdivisions =
        if p.is_municipality() { true } else { p.city(city).is_some_and(|c| !c.districts.is_empty()) };
    if has_subdivisions && !allowed.contains(&district) {
        issues.push(issue("district", unknown_district_message(p, city, district)));
    }
    issues
}

fn unknown_city_message(p: &Province, raw: &str) -> crate::Text {
    let province = p.name;
    // The value as staff can read it: a bidi override or an invisible character cannot garble the message.
    let city = &crate::rules::text::quote(raw);
    if p.is_municipality() {
        return crate::text!(
            zh: "直辖市{province}的城市应填写“{province}”，而不是“{city}”。",
            en: "“{province}” is a municipality: its city is “{province}” itself, not “{city}”.",
        );
    }
    if let Some(c) = p.cities.iter().find(|c| c.name.starts_with(raw) && raw.chars().count() >= 2) {
        let full = c.name;
        return crate::text!(
            zh: "城市应填写全称“{full}”，而不是“{city}”。",
            en: "Write the city's full name “{full}”, not “{city}”.",
        );
    }
    if let Some(other) = DATA.provinces.iter().find(|o| o.city(raw).is_some()) {
        let other = other.name;
        return crate::text!(
            zh: "“{city}”属于{other}，不在{province}；请核对省份和城市。",
            en: "“{city}” is in “{other}”, not in “{province}”: check the province and the city.",
        );
    }
    if historic_name_in(&p.code2[..2], raw, true) {
        return crate::text!(
            zh: "“{city}”是已撤销的旧行政区划名称，请按现行区划选择{province}下的城市。",
            en: "“{city}” is the name of a division that no longer exists: choose one of the current cities of “{province}”.",
        );
    }
    crate::text!(
        zh: "{province}下没有名为“{city}”的城市，请从列表中选择（填写全称，如“杭州市”）。",
        en: "“{province}” has no city named “{city}”: choose one from the list (full names, e.g. “杭州市”).",
    )
}

fn unknown_district_message(p: &Province, city: &str, raw: &str) -> crate::Text {
    let allowed = districts(p.name, city);
    let district = &crate::rules::text::quote(raw);
    if let Some(d) = allowed.iter().find(|d| d.starts_with(raw) && raw.chars().count() >= 2) {
        return crate::text!(
            zh: "区县应填写全称“{d}”，而不是“{district}”。",
            en: "Write the district's full name “{d}”, not “{district}”.",
        );
    }
    if let Some(c) = p.cities.iter().find(|c| c.districts.iter().any(|d| d.name == raw)) {
        let (province, other) = (p.name, c.name);
        return crate::text!(
            zh: "“{district}”属于{province}{other}，不在{city}；请核对城市和区县。",
            en: "“{district}” is in “{province}{other}”, not in “{city}”: check the city and the district.",
        );
    }
    if historic_name_in(p.code2, raw, false) {
        return crate::text!(
            zh: "“{district}”是已撤销的旧区县名称，请按现行区划选择{city}下的区县。",
            en: "“{district}” is the name of a district that no longer exists: choose one of the current districts of “{city}”.",
        );
    }
    crate::text!(
        zh: "{city}下没有名为“{district}”的区县，请从列表中选择（填写全称，如“西湖区”）。",
        en: "“{city}” has no district named “{district}”: choose one from the list (full names, e.g. “西湖区”).",
    )
}

/// Whether a retired division of this province had this name (at city level when `city_level`).
fn historic_name_in(code2: &str, name: &str, city_level: bool) -> bool {
    DATA.historic.iter().any(|(code, n)| {
        *n == name && code.starts_with(code2) && (code.ends_with("00") == city_level) && !code.ends_with("0000")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_loads_with_expected_shape() {
        let ps = provinces();
        assert_eq!(ps.len(), 34, "{ps:?}");
        assert_eq!(ps[0], "北京市");
        assert!(ps.contains(&"内蒙古自治区"));
        assert!(ps.contains(&"香港特别行政区"));
        assert!(cities("浙江省").contains(&"杭州市"));
        assert_eq!(cities("北京市"), vec!["北京市"]);
        assert!(districts("浙江省", "杭州市").contains(&"西湖区"));
        assert!(districts("北京市", "北京市").contains(&"海淀区"));
        assert!(districts("湖北省", "仙桃市").is_empty());
        assert!(cities("湖北省").contains(&"仙桃市"));
        // about 3,000 county-level divisions in force
        let n: usize = DATA.provinces.iter().flat_map(|p| &p.cities).map(|c| c.districts.len()).sum();
        assert!((2800..3100).contains(&n), "{n}");
        assert!(DATA.historic.len() > 3000, "{}", DATA.historic.len());
    }

    #[test]
    fn codes_current_and_historic() {
        assert!(province_code_exists("33"));
        assert!(province_code_exists("81"));
        assert!(!province_code_exists("19"));
        assert!(!province_code_exists("3"));
        assert!(!province_code_exists("330"));
        assert_eq!(province_name_of_code("33"), Some("浙江省"));
        assert_eq!(province_name_of_code("15"), Some("内蒙古自治区"));
        assert_eq!(province_name_of_code("99"), None);
        assert!(division_code_known("330106")); // 西湖区, in force
        assert!(division_code_known("110103")); // 崇文区, merged into 东城区 in 2010
        assert!(division_code_known("330103")); // 下城区, merged in 2021
        assert!(division_code_known("500105")); // 江北区, abolished 2025
        assert!(division_code_known("500157")); // 两江新区, new 2025
        assert!(!division_code_known("330199"));
        assert!(!division_code_known("999999"));
        assert_eq!(division_name("110103"), Some("崇文区"));
    }

    #[test]
    fn check_region_accepts_valid_selections() {
        assert!(check_region("浙江省", "杭州市", Some("西湖区")).is_empty());
        assert!(check_region("浙江省", "杭州市", None).is_empty());
        assert!(check_region("浙江省", "杭州市", Some("  ")).is_empty());
        assert!(check_region("北京市", "北京市", Some("海淀区")).is_empty());
        assert!(check_region("北京市", "市辖区", Some("海淀区")).is_empty());
        assert!(check_region("重庆市", "重庆市", Some("城口县")).is_empty());
        assert!(check_region("重庆市", "县", Some("城口县")).is_empty());
        assert!(check_region("内蒙古自治区", "呼和浩特市", Some("新城区")).is_empty());
        assert!(check_region("广东省", "东莞市", Some("松山湖街道")).is_empty()); // no districts in data
        assert!(check_region("湖北省", "仙桃市", None).is_empty());
        assert!(check_region("香港特别行政区", "香港", None).is_empty());
    }

    #[test]
    fn check_region_reports_each_level() {
        let i = check_region("", "杭州市", None);
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].field, "province");

        let i = check_region("浙江", "杭州市", None);
        assert_eq!(i[0].field, "province");
        assert!(i[0].message.contains("浙江省"), "{}", i[0].message);

        let i = check_region("火星省", "杭州市", None);
        assert_eq!(i[0].field, "province");

        let i = check_region("浙江省", "", None);
        assert_eq!(i[0].field, "city");

        let i = check_region("江苏省", "杭州市", None);
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].field, "city");
        assert!(i[0].message.contains("浙江省"), "{}", i[0].message);

        let i = check_region("浙江省", "杭州", None);
        assert!(i[0].message.contains("杭州市"), "{}", i[0].message);

        let i = check_region("北京市", "海淀区", None);
        assert_eq!(i[0].field, "city");

        let i = check_region("浙江省", "杭州市", Some("鼓楼区"));
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].field, "district");

        let i = check_region("浙江省", "杭州市", Some("鄞州区"));
        assert!(i[0].message.contains("宁波市"), "{}", i[0].message);

        let i = check_region("浙江省", "杭州市", Some("下城区"));
        assert!(i[0].message.contains("已撤销"), "{}", i[0].message);

        let i = check_region("重庆市", "市辖区", Some("城口县"));
        assert_eq!(i[0].field, "district");

        let i = check_region("重庆市", "重庆市", Some("江北区"));
        assert!(i[0].message.contains("已撤销"), "{}", i[0].message);
    }

    #[test]
    fn province_of_addresses() {
        assert_eq!(province_of_address("浙江省杭州市西湖区文三路1号"), Some("浙江省"));
        assert_eq!(province_of_address("浙江杭州西湖区"), Some("浙江省"));
        assert_eq!(province_of_address(" 北京市海淀区"), Some("北京市"));
        assert_eq!(province_of_address("北京海淀区"), Some("北京市"));
        assert_eq!(province_of_address("内蒙古呼和浩特市"), Some("内蒙古自治区"));
        assert_eq!(province_of_address("内蒙古自治区呼和浩特市"), Some("内蒙古自治区"));
        assert_eq!(province_of_address("内蒙呼和浩特"), Some("内蒙古自治区"));
        assert_eq!(province_of_address("广西南宁市"), Some("广西壮族自治区"));
        assert_eq!(province_of_address("广西壮族自治区南宁市"), Some("广西壮族自治区"));
        assert_eq!(province_of_address("黑龙江哈尔滨"), Some("黑龙江省"));
        assert_eq!(province_of_address("杭州市西湖区"), Some("浙江省"));
        assert_eq!(province_of_address("海南藏族自治州共和县"), Some("青海省"));
        assert_eq!(province_of_address("海南省海口市"), Some("海南省"));
        assert_eq!(province_of_address("香港九龙"), Some("香港特别行政区"));
        assert_eq!(province_of_address("西湖区文三路"), None);
        assert_eq!(province_of_address(""), None);
    }
}

/// The six-digit GB/T 2260 code of a district (as `districts` names it), for building realistic
/// certificate numbers in demos and tests.
pub fn district_code(province_name: &str, city_name: &str, district_name: &str) -> Option<&'static str> {
    let p = province(province_name)?;
    p.city(city_name)?.districts.iter().find(|d| d.name == district_name).map(|d| d.code)
}

#[cfg(test)]
mod district_code_tests {
    use super::*;

    #[test]
    fn district_codes_are_found_by_name() {
        assert_eq!(district_code("浙江省", "杭州市", "西湖区"), Some("330106"));
        assert_eq!(district_code("浙江省", "杭州市", "不存在区"), None);
    }
}
