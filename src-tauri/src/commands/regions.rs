use beian_core::regions;
use serde::Serialize;
use specta::Type;

/// The choices of the cascading province → city → district selects (GB/T 2260).
#[derive(Debug, Serialize, Type)]
pub struct RegionOptions {
    pub provinces: Vec<String>,
    pub cities: Vec<String>,
    pub districts: Vec<String>,
}

#[tauri::command]
#[specta::specta]
pub fn region_options(province: Option<String>, city: Option<String>) -> RegionOptions {
    let owned = |v: Vec<&'static str>| v.into_iter().map(str::to_owned).collect();
    let province = province.unwrap_or_default();
    let city = city.unwrap_or_default();
    RegionOptions {
        provinces: owned(regions::provinces()),
        cities: owned(regions::cities(&province)),
        districts: owned(regions::districts(&province, &city)),
    }
}
