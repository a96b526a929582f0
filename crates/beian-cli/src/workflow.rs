//! `action` and `history`: a filing's workflow from the command line, over the same use cases as
//! the window (`beian_usecases`), so that a whole filing can be driven from a script.

use beian_core::workflow::{ActionKind, ActionRequest};
use beian_store::StoreError;
use beian_usecases::UseCaseError;

use crate::common::{Failure, Place, open_store, print_diagnostics};

/// An unknown filing is unreadable input (exit 2); other store failures fail (exit 1).
fn lookup(e: StoreError) -> Failure {
    match e {
        StoreError::NotFound { .. } => Failure::input(e.to_string()),
        e => e.into(),
    }
}

pub struct ActionArgs {
    pub json: bool,
    pub id: String,
    pub action: String,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub confirm: bool,
}

/// `beian action [--json] ID ACTION [--reason T] [--note T] [--confirm]`: exit 0 applied, 1
/// refused (the state machine's reason, or every error of the window's check for a submission),
/// 2 unknown filing or action.
pub fn action(place: &Place, a: ActionArgs) -> Result<u8, Failure> {
    let kind = ActionKind::from_code(a.action.trim()).ok_or_else(|| {
        let codes: Vec<&str> = ActionKind::ALL.iter().filter(|k| !k.is_automatic()).map(|k| k.code()).collect();
        let shown: String = a.action.chars().take(64).collect();
        Failure::input(format!("未知的操作 {shown}，可选：{}", codes.join("、")))
    })?;
    if kind.is_automatic() {
        return Err(Failure::input(format!("“{}”由程序按时间自动记录，不能手动执行", kind.label_zh())));
    }
    let mut store = open_store(place)?;
    let id = beian_usecases::resolve(&store, &a.id).map_err(lookup)?;
    let request = ActionRequest { kind, reason: a.reason, confirmed: a.confirm, note: a.note };
    match beian_usecases::apply_action(&mut store, id, request, jiff::Timestamp::now()) {
        Ok(rec) => {
            if a.json {
                let out = serde_json::json!({ "applied": kind.code(), "order_no": rec.order_no, "status": rec.status });
                println!("{out}");
            } else {
                println!("{}：{} → {}", rec.order_no, kind.label_zh(), rec.status.label_zh());
            }
            Ok(0)
        }
        Err(e) => {
            if a.json {
                let out = serde_json::json!({ "refused": kind.code(), "message": e.to_string(), "diagnostics": e.diagnostics() });
                println!("{out}");
            } else {
                print_diagnostics(e.diagnostics());
            }
            match e {
                UseCaseError::Store(e) => Err(lookup(e)),
                e @ (UseCaseError::HasErrors { .. } | UseCaseError::Print(_)) => Err(Failure::failed(e.to_string())),
            }
        }
    }
}

/// `beian history [--json] ID`: time, status before and after, what was done and the note.
pub fn history(place: &Place, key: &str, json: bool) -> Result<u8, Failure> {
    let store = open_store(place)?;
    let id = beian_usecases::resolve(&store, key).map_err(lookup)?;
    let events = beian_usecases::history(&store, id).map_err(lookup)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&events).map_err(|e| Failure::failed(e.to_string()))?);
        return Ok(0);
    }
    for e in &events {
        let what: &str = match ActionKind::from_code(&e.kind) {
            Some(k) => k.label_zh(),
            None => beian_core::labels::zh(beian_core::labels::Group::HistoryKind, &e.kind),
        };
        let status = match (e.from_status, e.to_status) {
            (Some(f), Some(t)) => format!("{} → {}", f.label_zh(), t.label_zh()),
            (None, Some(t)) => t.label_zh().to_owned(),
            _ => String::new(),
        };
        let time =
            e.at.parse::<jiff::Timestamp>().map(beian_core::schedule::format_cst).unwrap_or_else(|_| e.at.clone());
        let who = e.actor.as_deref().map(|a| format!("  [{a}]")).unwrap_or_default();
        println!("{time}  {what}  {status}  {}{who}", e.note);
    }
    Ok(0)
}

/// `beian attach [--json] ID MATERIAL FILE…`: the window's attach use case, file by file.
pub fn attach(place: &Place, key: &str, material: &str, paths: &[String], json: bool) -> Result<u8, Failure> {
    let store = place.open()?;
    let id = beian_usecases::resolve(&store, key).map_err(lookup)?;
    let store = std::sync::Mutex::new(store);
    let report = beian_usecases::attach::attach_files(
        || Ok::<_, StoreError>(store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)),
        id,
        material.trim(),
        paths,
        |p| {
            if !json && p.stage == beian_usecases::attach::ProgressStage::Processing {
                eprintln!("beian: [{}/{}] {}", p.index + 1, p.total, p.name);
            }
        },
    )
    .map_err(|e| match e {
        StoreError::Invalid { .. } | StoreError::NotFound { .. } => Failure::input(e.to_string()),
        e => e.into(),
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| Failure::failed(e.to_string()))?);
    } else {
        let slot =
            beian_core::tables::materials().iter().find(|m| m.code == material.trim()).map(|m| m.name_zh.as_str());
        for a in &report.attached {
            println!("已添加：{} → {}", beian_scan::name::for_display(&a.original_name), slot.unwrap_or(material));
        }
        for f in &report.failed {
            eprintln!("beian: 未添加 {}：{}", f.name, f.message);
        }
    }
    Ok(if report.failed.is_empty() { 0 } else { 1 })
}
