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

impl From<std::io::Error> for IpcError {
    fn from(e: std::io::Error) -> Self {
        IpcError { code: ErrorCode::Storage, message: format!("文件读写错误：{e}"), field: None }
    }
}
