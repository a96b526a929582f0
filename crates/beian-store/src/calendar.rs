//! The business-day calendar of a data directory: the built-in years plus any year files staff
//! dropped into `<data-dir>/calendar/` (a new year's 放假安排 without a new release).

use std::path::Path;

use beian_core::calendar::Calendar;

use crate::error::StoreError;

/// Loads the calendar for `data_dir`. A malformed year file is an error naming the file.
pub fn load(data_dir: &Path) -> Result<Calendar, StoreError> {
    let folder = data_dir.join("calendar");
    let mut files: Vec<(String, String)> = Vec::new();
    match std::fs::read_dir(&folder) {
        Ok(entries) => {
            for entry in entries {
                let path = entry.map_err(|e| StoreError::io(&folder, e))?.path();
                if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).map_err(|e| StoreError::io(&path, e))?;
                files.push((format!("calendar/{}", path.file_name().unwrap_or_default().to_string_lossy()), text));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(StoreError::io(&folder, e)),
    }
    files.sort();
    let texts: Vec<(&str, &str)> = files.iter().map(|(o, t)| (o.as_str(), t.as_str())).collect();
    Calendar::with_extra(&texts).map_err(|e| StoreError::Invalid { field: "calendar".into(), message: e.to_string() })
}
