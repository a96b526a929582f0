//! Division names (GB/T 2260): an address begins with its province, city and district, names from
//! a closed list, so a character read unsure there can be corrected; a unit's name often begins with
//! one of them too.

use beian_core::regions;

use super::text::{Glyph, is_cjk};

/// Below this probability a character may be replaced to complete a division name.
const UNSURE: f32 = 0.9;

/// How `name` matches `chars` at `at`: `Some(None)` exactly, `Some(Some(i))` with the one character
/// at `i` differing where the recogniser was unsure of it; `None` otherwise.
fn near_match(chars: &[Glyph], at: usize, name: &str) -> Option<Option<usize>> {
    let name: Vec<char> = name.chars().collect();
    if name.len() < 2 || chars.len() < at + name.len() {
        return None;
    }
    let mut differs = None;
    for (k, &n) in name.iter().enumerate() {
        let Glyph { ch, prob, .. } = chars[at + k];
        if ch != n {
            if differs.is_some() || prob >= UNSURE || !is_cjk(ch) {
                return None;
            }
            differs = Some(at + k);
        }
    }
    Some(differs)
}

/// The one name of `names` found at `at` (an exact match first; a match with one unsure character
/// only when no other name matches so), with the character to correct.
fn division_at(chars: &[Glyph], at: usize, names: &[&'static str]) -> Option<(&'static str, Option<usize>)> {
    let matches: Vec<(&'static str, Option<usize>)> =
        names.iter().filter_map(|&n| near_match(chars, at, n).map(|d| (n, d))).collect();
    let longest = |ms: &[&(&'static str, Option<usize>)]| ms.iter().max_by_key(|m| m.0.len()).map(|m| **m);
    let exact: Vec<_> = matches.iter().filter(|m| m.1.is_none()).collect();
    if !exact.is_empty() {
        // the longest exact name (市南区 over 市…)
        return longest(&exact);
    }
    // near names must agree on the correction (厦门市 and 厦门 both make 內 a 门)
    let fixes: Vec<(usize, char)> =
        matches.iter().filter_map(|(n, d)| d.and_then(|i| n.chars().nth(i - at).map(|c| (i, c)))).collect();
    if fixes.windows(2).all(|w| w[0] == w[1]) { longest(&matches.iter().collect::<Vec<_>>()) } else { None }
}

/// An address begins with its divisions (province, city, district: `福建省厦门市思明区`), names from
/// a closed list (GB/T 2260). Where a character of one of them was read unsure and differs, and the
/// rest of the name is there, the character is corrected (`厦內市` → `厦门市`: the recogniser reads
/// 门 as 內 in some fonts). Returns the division names the address starts with.
pub(super) fn correct_divisions(chars: &mut [Glyph]) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut at = 0;
    let fix = |chars: &mut [Glyph], name: &'static str, at: usize, differs: Option<usize>| {
        if let Some(i) = differs {
            chars[i].ch = name.chars().nth(i - at).unwrap_or(chars[i].ch);
        }
        name.chars().count()
    };
    let provinces = regions::provinces();
    let province = division_at(chars, at, &provinces).map(|(p, d)| {
        at += fix(chars, p, at, d);
        found.push(p);
        p
    });
    // without the province, the city must be unambiguous across the country
    let city_pool: Vec<(&'static str, &'static str)> = match province {
        Some(p) => regions::cities(p).into_iter().map(|c| (p, c)).collect(),
        None => provinces.iter().flat_map(|&p| regions::cities(p).into_iter().map(move |c| (p, c))).collect(),
    };
    let names: Vec<&'static str> = city_pool.iter().map(|pc| pc.1).collect();
    let city = match province {
        // a municipality's one city is named like itself and not repeated in addresses
        Some(p) if names == [p] => Some((p, p)),
        _ => division_at(chars, at, &names).and_then(|(c, d)| {
            let owners: Vec<&(&str, &str)> = city_pool.iter().filter(|pc| pc.1 == c).collect();
            let [&(p, c)] = owners[..] else { return None };
            at += fix(chars, c, at, d);
            found.push(c);
            Some((p, c))
        }),
    };
    if let Some((p, c)) = city {
        let districts = regions::districts(p, c);
        if let Some((name, d)) = division_at(chars, at, &districts) {
            fix(chars, name, at, d);
            found.push(name);
        }
    }
    found
}

/// A unit's name usually begins with the place it is registered in (行政区划 + 字号 + 行业 + 组织形式),
/// one of the divisions its address names, in full or — a province or city — without 省/市
/// (`厦门市…`, `厦门星辰网络科技有限公司`): an unsure character there is corrected the same way.
pub(super) fn correct_name_place(chars: &mut [Glyph], divisions: &[&'static str]) {
    let mut names: Vec<&'static str> = Vec::new();
    for d in divisions {
        names.push(d);
        for suffix in ["省", "市"] {
            if let Some(short) = d.strip_suffix(suffix)
                && short.chars().count() >= 2
            {
                names.push(short);
            }
        }
    }
    if let Some((name, Some(i))) = division_at(chars, 0, &names) {
        chars[i].ch = name.chars().nth(i).unwrap_or(chars[i].ch);
    }
}
