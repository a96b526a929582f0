use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[derive(Debug, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub schema_version: i64,
}

/// Version, data directory and schema version, for the status bar and support.
#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.display().to_string(),
        schema_version: state.store()?.schema_version()?,
    })
}

/// A code and its Chinese label.
#[derive(Debug, Serialize, Type)]
pub struct Labeled {
    pub code: String,
    pub label: String,
}

/// The labels of the domain's codes, from the core, so the UI never keeps its own copy.
#[derive(Debug, Serialize, Type)]
pub struct Catalog {
    pub statuses: Vec<Labeled>,
    pub filing_types: Vec<Labeled>,
    pub natures: Vec<Labeled>,
    pub cert_types: Vec<Labeled>,
    pub product_types: Vec<Labeled>,
    /// Workflow actions (also the kinds of history entries).
    pub actions: Vec<Labeled>,
    pub deadline_kinds: Vec<Labeled>,
    pub provinces: Vec<String>,
}

fn labeled<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Labeled> {
    all.iter().map(|v| Labeled { code: code(*v).to_owned(), label: label(*v).to_owned() }).collect()
}

#[tauri::command]
#[specta::specta]
pub fn catalog() -> Catalog {
    use beian_core::schedule::DeadlineKind;
    use beian_core::status::FilingStatus;
    use beian_core::workflow::ActionKind;
    use beian_core::{CertType, FilingType, Nature, ProductType};
    Catalog {
        statuses: labeled(&FilingStatus::ALL, FilingStatus::code, FilingStatus::label_zh),
        filing_types: labeled(&FilingType::ALL, FilingType::code, FilingType::label_zh),
        natures: labeled(&Nature::ALL, Nature::code, Nature::label_zh),
        cert_types: labeled(&CertType::ALL, CertType::code, CertType::label_zh),
        product_types: labeled(&ProductType::ALL, ProductType::code, ProductType::label_zh),
        actions: labeled(&ActionKind::ALL, ActionKind::code, ActionKind::label_zh),
        deadline_kinds: labeled(&DeadlineKind::ALL, DeadlineKind::code, DeadlineKind::label_zh),
        provinces: beian_core::regions::provinces().into_iter().map(str::to_owned).collect(),
    }
}
