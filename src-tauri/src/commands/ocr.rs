//! 识别证件: an attachment's scan read offline (crate `beian-ocr`) and the values it proposes for
//! the filing's fields. Nothing is written here: the window applies what staff accept to its draft,
//! which is then saved and validated like any edit.
//!
//! The runtime and models are looked for in the app's resources (`ocr/`, bundled from
//! `src-tauri/resources/ocr/`), then where `beian_ocr::default_candidates` looks. The engine is
//! loaded once, on the first reading, and kept; reading runs on a blocking thread and reports its
//! progress to the window as [`OcrProgress`] events.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use beian_core::FilingDocument;
use beian_ocr::{Engine, OcrError, Progress, Reading};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_specta::Event;

use crate::error::{ErrorCode, IpcError, IpcResult};

pub use beian_usecases::ocr::{OcrProposals, OcrResult, ProposalView};

/// The materials whose scans fill fields of the form (see `beian_ocr::proposals_for`): the window
/// offers 识别证件 on their attachments.
pub use beian_ocr::MATERIALS;

/// Where OCR is looked for, and the engine once loaded.
pub struct OcrState {
    candidates: Vec<PathBuf>,
    engine: Mutex<Option<Engine>>,
}

impl OcrState {
    /// `resource_dir`: the app's resource directory (its `ocr/` is looked at first).
    pub fn new(resource_dir: Option<PathBuf>) -> Self {
        let mut candidates: Vec<PathBuf> = resource_dir.map(|d| d.join("ocr")).into_iter().collect();
        candidates.extend(beian_ocr::default_candidates());
        OcrState { candidates, engine: Mutex::new(None) }
    }

    fn dir(&self) -> Option<PathBuf> {
        beian_ocr::locate(&self.candidates)
    }

    /// Reads a stored attachment's page (see [`super::attachments::page_bytes`]) with the engine,
    /// loaded on first use and kept. Blocking: call it off the UI thread.
    fn read(&self, page: &[u8], progress: &mut dyn FnMut(Progress)) -> IpcResult<Reading> {
        let image = beian_ocr::page_image(page)?;
        let mut engine = self.engine.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let engine = match engine.as_mut() {
            Some(e) => e,
            None => {
                let dir = self.dir().ok_or_else(|| OcrError::NotInstalled("ocr/".into()))?;
                engine.insert(Engine::load(&dir)?)
            }
        };
        Ok(beian_ocr::read_fields(&engine.read(&image, progress)?))
    }
}

/// Puts [`OcrState`] into the app's state as the app is built (a plugin's setup also runs on the
/// mock runtime of the IPC tests). No commands, no permissions.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("beian-ocr")
        .setup(|app, _api| {
            app.manage(OcrState::new(app.path().resource_dir().ok()));
            Ok(())
        })
        .build()
}

/// Whether 识别证件 can be offered, and on which materials' attachments.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OcrStatus {
    pub available: bool,
    pub materials: Vec<String>,
}

/// Where a reading stands, for the window's progress bar.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OcrStage {
    /// Finding the lines of text.
    Detecting,
    /// Reading them: `done` of `total`.
    Recognizing,
    /// Read; the fields are being matched.
    Done,
}

/// Progress of one reading (event `ocr-progress`).
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct OcrProgress {
    pub attachment_id: i64,
    pub stage: OcrStage,
    pub done: u32,
    pub total: u32,
}

/// Whether 识别证件 is installed (never fails: without it the button is not offered).
#[tauri::command]
#[specta::specta]
pub fn ocr_status(ocr: State<'_, OcrState>) -> OcrStatus {
    OcrStatus { available: ocr.dir().is_some(), materials: MATERIALS.map(str::to_owned).to_vec() }
}

/// Reads an attachment's scan and proposes values for `document` (the window's draft: the
/// proposals' current values are the ones on screen). Runs on a blocking thread; progress arrives
/// as `ocr-progress` events. Writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn ocr_read_attachment<R: Runtime>(
    app: AppHandle<R>,
    attachment_id: i64,
    document: FilingDocument,
) -> IpcResult<OcrResult> {
    let started = Instant::now();
    let (material, page) = crate::state::blocking(app.clone(), move |state| {
        Ok(beian_usecases::ocr::page_to_read(&*state.store()?, attachment_id)?)
    })
    .await?;
    let events = app.clone();
    let reading = tauri::async_runtime::spawn_blocking(move || {
        let emit = |stage, done, total| {
            // A window that went away does not stop the reading.
            let _ = events.emit(OcrProgress::NAME, OcrProgress { attachment_id, stage, done, total });
        };
        let reading = events.state::<OcrState>().read(&page, &mut |p| match p {
            Progress::Detecting => emit(OcrStage::Detecting, 0, 0),
            Progress::Recognizing { done, total } => emit(OcrStage::Recognizing, done, total),
        })?;
        emit(OcrStage::Done, 1, 1);
        Ok::<_, IpcError>(reading)
    })
    .await
    .map_err(|e| IpcError::new(ErrorCode::Storage, format!("识别中断：{e}"), None))??;
    let elapsed_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    Ok(beian_usecases::ocr::present(attachment_id, &material, &document, reading, elapsed_ms))
}

/// Staff asked to see the certificate numbers of a reading in full: recorded in the audit trail
/// first (`reveal`, the attachment's filing); the window shows them only when this succeeds.
#[tauri::command]
#[specta::specta]
pub async fn ocr_reveal<R: tauri::Runtime>(app: tauri::AppHandle<R>, attachment_id: i64) -> IpcResult<()> {
    crate::state::blocking(app, move |state| {
        let via = beian_store::audit::current_via();
        Ok(beian_usecases::ocr::reveal(&mut *state.store()?, attachment_id, via, jiff::Timestamp::now())?)
    })
    .await
}
