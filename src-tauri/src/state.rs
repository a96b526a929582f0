//! What the app holds while it runs, managed through `tauri::State`.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use beian_store::Store;

use crate::error::{ErrorCode, IpcError};

pub struct AppState {
    store: Mutex<Store>,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new(store: Store, data_dir: PathBuf) -> Self {
        AppState { store: Mutex::new(store), data_dir }
    }

    /// The store, locked for one command. A poisoned lock (a panic in an earlier command) is
    /// recovered: SQLite transactions keep the data consistent either way.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl From<std::io::Error> for IpcError {
    fn from(e: std::io::Error) -> Self {
        IpcError { code: ErrorCode::Storage, message: format!("文件读写错误：{e}"), field: None }
    }
}
