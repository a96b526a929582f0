//! Writing a workbook so that a failure leaves nothing half-written: the bytes go to a new file in
//! the target's own folder, are flushed to disk, and the file is then renamed over the target (a
//! rename within one folder is atomic). The temporary file is made first, so a caller can find out
//! that the target cannot be written before it does anything that counts (a full export is
//! recorded in the audit trail only after the place to write it exists).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::SheetError;

/// A file being written; dropped without [`AtomicFile::commit`], it leaves nothing behind.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<File>,
}

fn shown(path: &Path) -> String {
    path.display().to_string().chars().take(200).collect()
}

fn io_error(path: &Path, e: &std::io::Error) -> SheetError {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound => "文件夹不存在".to_owned(),
        K::PermissionDenied | K::ReadOnlyFilesystem => "没有写入权限".to_owned(),
        K::StorageFull => "磁盘空间不足".to_owned(),
        K::IsADirectory => "这是一个文件夹".to_owned(),
        _ => format!("系统错误（{e}）"),
    };
    SheetError::Io { path: shown(path), message: why }
}

impl AtomicFile {
    /// Makes the temporary file beside `target`. Refuses a target that is a folder, and one whose
    /// folder does not exist or cannot be written.
    pub fn create(target: &Path) -> Result<AtomicFile, SheetError> {
        let name = target.file_name().filter(|_| !target.as_os_str().to_string_lossy().ends_with('/'));
        let Some(name) = name.filter(|_| !target.is_dir()) else {
            return Err(SheetError::Io {
                path: shown(target),
                message: "这是一个文件夹：请给出要写入的文件名，如 备案.xlsx".to_owned(),
            });
        };
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let stamp = jiff::Timestamp::now().as_nanosecond();
        let mut last = None;
        for attempt in 0..16u32 {
            let mut temp_name = std::ffi::OsString::from(".");
            temp_name.push(name);
            temp_name.push(format!(".{}-{stamp}-{attempt}.tmp", std::process::id()));
            let temp = dir.join(&temp_name);
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => return Ok(AtomicFile { target: target.to_path_buf(), temp, file: Some(file) }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(io_error(target, &e)),
            }
        }
        let e = last.unwrap_or_else(|| std::io::Error::other("temporary file"));
        Err(io_error(target, &e))
    }

    /// Writes `bytes`, flushes them to disk and puts the file in the target's place.
    pub fn commit(mut self, bytes: &[u8]) -> Result<(), SheetError> {
        let mut file = self.file.take().ok_or_else(|| SheetError::Write("文件已写入".to_owned()))?;
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io_error(&self.target, &e))?;
        drop(file);
        std::fs::rename(&self.temp, &self.target).map_err(|e| io_error(&self.target, &e))?;
        self.temp = PathBuf::new();
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        self.file.take();
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
