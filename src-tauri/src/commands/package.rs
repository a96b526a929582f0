//! 读取安装包: the app step's button reads a package the native dialog picked and shows what it
//! gives — package, name, version, fingerprints, public key, icon — for staff to accept field by
//! field. The same use case as `beian app inspect`; nothing is written here.

use crate::error::{IpcError, IpcResult};

pub use beian_usecases::package::{CertificateReading, IconReading, PackageReading};

/// Reads the package at `path` on a blocking thread (a package may be hundreds of MB).
#[tauri::command]
#[specta::specta]
pub async fn inspect_package(path: String) -> IpcResult<PackageReading> {
    tauri::async_runtime::spawn_blocking(move || beian_usecases::package::inspect_package(&path))
        .await
        .map_err(|e| IpcError::invalid("file", format!("读取安装包中断：{e}")))?
        .map_err(|e| IpcError::invalid("file", e.message))
}
