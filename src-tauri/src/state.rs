//! What the app holds while it runs, managed through `tauri::State`.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use beian_store::{Store, StoreError};

use crate::error::{ErrorCode, IpcError};

pub struct AppState {
    /// The store, or why it could not be opened (a database from a newer version, a broken
    /// file): the window still opens and tells staff, instead of the app vanishing.
    store: Result<Mutex<Store>, IpcError>,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new(store: Result<Store, StoreError>, data_dir: PathBuf) -> Self {
        AppState { store: store.map(Mutex::new).map_err(IpcError::from), data_dir }
    }

    /// The store, locked for one command. A poisoned lock (a panic in an earlier command) is
    /// recovered: SQLite transactions keep the data consistent either way.
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, IpcError> {
        match &self.store {
            Ok(m) => Ok(m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(e) => Err(e.clone()),
        }
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
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| IpcError::new(ErrorCode::Storage, format!("后台任务中断：{e}"), None))?
}
