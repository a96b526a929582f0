//! The data directory's lock: every open store holds it shared, a restore holds it exclusive, so a
//! store is never replaced under a running app or `beian` command. The lock is the operating
//! system's advisory file lock on [`LOCK_FILE`]; it goes when the process does, even on SIGKILL.

use std::fs::{self, File};
use std::path::Path;

use crate::error::StoreError;

/// The data directory's lock file.
pub const LOCK_FILE: &str = "beian.lock";

/// Holds the data directory's lock file.
pub struct DirLock(#[allow(dead_code)] File);

/// Takes the data directory's lock: shared by every open store, exclusive for a restore. Returns
/// `Ok(None)` where the platform cannot lock files.
pub fn lock_data_dir(data_dir: &Path, exclusive: bool) -> Result<Option<DirLock>, StoreError> {
    let path = data_dir.join(LOCK_FILE);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StoreError::io(&path, e))?;
    let res = if exclusive { file.try_lock() } else { file.try_lock_shared() };
    match res {
        Ok(()) => Ok(Some(DirLock(file))),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::Invalid {
            field: "data_dir".to_owned(),
            message: if exclusive {
                "数据目录正被备案工作台或另一个 beian 命令使用：请先关闭它们再恢复".to_owned()
            } else {
                "数据目录正在从备份恢复：请稍后再打开".to_owned()
            },
        }),
        Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
    }
}
