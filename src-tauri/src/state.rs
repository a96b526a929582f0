//! What the app holds while it runs, managed through `tauri::State`.
//!
//! The store is the desk's own SQLite file, or — after staff log in through 团队模式 — the team
//! store on the agency's server; logging in or out swaps it under the same lock, so every command
//! sees one or the other, never half of each.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use beian_store::{Store, StoreError};

use crate::error::{ErrorCode, IpcError};

/// Who is logged in to the team store, and how to stop the desk's listener.
pub struct TeamSession {
    pub info: TeamInfo,
    pub stop_listener: Arc<AtomicBool>,
}

/// What the window shows of a team session (no password: that is held by the connection's
/// reconnect closure only, in memory).
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct TeamInfo {
    /// The server as staff entered it, without the login (`host:port/db`).
    pub server: String,
    /// The database login.
    pub login: String,
    pub role: beian_store::team::roles::Role,
    /// The role as staff read it, in both languages.
    pub role_label: beian_core::labels::Label,
    /// Whether this login may create and change filings (a viewer may not): the window hides what
    /// the server would refuse.
    pub writes: bool,
}

pub struct AppState {
    /// The store, or why it could not be opened (a database from a newer version, a broken
    /// file): the window still opens and tells staff, instead of the app vanishing.
    store: Mutex<Result<Store, IpcError>>,
    pub data_dir: PathBuf,
    /// What chose the data directory instead of 设置 for this run (`--data-dir`, `BEIAN_DATA_DIR`).
    pub data_dir_override: Option<String>,
    team: Mutex<Option<TeamSession>>,
}

/// The store, locked for one command (it derefs to [`Store`]).
pub struct StoreGuard<'a>(MutexGuard<'a, Result<Store, IpcError>>);

impl std::ops::Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        match &*self.0 {
            Ok(s) => s,
            // A guard is made only over an open store (`AppState::store`).
            Err(_) => unreachable!("a StoreGuard holds an open store"),
        }
    }
}

impl std::ops::DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        match &mut *self.0 {
            Ok(s) => s,
            Err(_) => unreachable!("a StoreGuard holds an open store"),
        }
    }
}

impl AppState {
    pub fn new(store: Result<Store, StoreError>, data_dir: PathBuf) -> Self {
        AppState {
            store: Mutex::new(store.map_err(IpcError::from)),
            data_dir,
            data_dir_override: None,
            team: Mutex::new(None),
        }
    }

    /// A storage failure on this desk's own store, said as the disk fault the data directory
    /// shows, if it shows one (full, read-only, gone: `beian_store::error::probe`).
    pub fn diagnosed(&self, e: IpcError) -> IpcError {
        if e.code != ErrorCode::Storage || self.team().is_some() || self.data_dir.as_os_str().is_empty() {
            return e;
        }
        StoreError::disk_fault_at(&self.data_dir).map_or(e, IpcError::from)
    }

    /// The store, locked for one command. A poisoned lock (a panic in an earlier command) is
    /// recovered: the store's transactions keep the data consistent either way.
    pub fn store(&self) -> Result<StoreGuard<'_>, IpcError> {
        let guard = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*guard {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }

    /// Puts `store` in place of the current one (logging in to the team store, or back to the
    /// desk's own), with the team session that goes with it; the previous session's listener is
    /// stopped.
    pub fn swap(&self, store: Result<Store, StoreError>, team: Option<TeamSession>) {
        let mut slot = self.store.lock().unwrap_or_else(|p| p.into_inner());
        *slot = store.map_err(IpcError::from);
        let mut current = self.team.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(old) = current.take() {
            old.stop_listener.store(true, Ordering::Relaxed);
        }
        *current = team;
    }

    /// Who is logged in to the team store (`None` on the desk's own store).
    pub fn team(&self) -> Option<TeamInfo> {
        self.team.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|s| s.info.clone())
    }
}

/// Runs blocking work (a store query over many rows, rendering, decoding an image) on the blocking
/// pool, never on the main thread (which draws the window) or the async workers (which the phone
/// hand-off server shares).
pub async fn blocking<R, T, F>(app: tauri::AppHandle<R>, f: F) -> Result<T, IpcError>
where
    R: tauri::Runtime,
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, IpcError> + Send + 'static,
{
    use tauri::Manager;
    let result = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        f(&state).map_err(|e| state.diagnosed(e))
    })
    .await
    .map_err(|e| IpcError::new(ErrorCode::Storage, format!("后台任务中断：{e}"), None))?;
    if let Err(e) = &result {
        // The kind and the field only: the message may quote what staff typed.
        log::warn!(
            "command refused: {:?}{}",
            e.code,
            e.field.as_deref().map(|f| format!(" at {f}")).unwrap_or_default()
        );
    }
    result
}
