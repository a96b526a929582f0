//! IPC commands, one module per area. Each command is a few lines: take the input, call the core
//! or the store, map the error.
//!
//! Every command that touches the store is `async` and runs it on the blocking pool
//! (`state::blocking`): never on the main thread, which draws the window (a team server that is
//! slow to answer must not freeze it), nor on an async worker (where the team store's synchronous
//! client cannot run).

pub mod about;
pub mod app;
pub mod attachments;
pub mod filings;
pub mod handoff;
pub mod ocr;
pub mod package;
pub mod printing;
pub mod regions;
pub mod reminders;
pub mod settings;
pub mod sheets;
pub mod start;
pub mod team;
pub mod workflow;

/// A file staff chose to write in a save dialog: an absolute path ending in `.{ext}` whose folder
/// exists and which is not a folder itself. Anything else is refused at the `path` field.
pub fn output_path(path: &str, ext: &str) -> Result<std::path::PathBuf, crate::error::IpcError> {
    use crate::error::IpcError;
    let bad = |m: String| Err(IpcError::invalid("path", m));
    if path.is_empty() || path.len() > 4096 || path.contains('\0') {
        return bad("请选择要保存的文件".into());
    }
    let p = std::path::PathBuf::from(path);
    if !p.is_absolute() {
        return bad("保存位置须是完整路径".into());
    }
    let matches = p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if !matches {
        return bad(format!("文件名须以 .{ext} 结尾"));
    }
    if p.is_dir() {
        return bad("这是一个文件夹，请选择文件名".into());
    }
    if !p.parent().is_some_and(std::path::Path::is_dir) {
        return bad("保存的文件夹不存在".into());
    }
    Ok(p)
}

/// A file staff chose in an open dialog, read whole: an absolute path (else `choose`, at `field`) to
/// a file (not a folder) of at most `max` bytes (else `too_large`).
pub fn read_input(
    path: &str,
    field: &str,
    max: u64,
    choose: &str,
    too_large: &str,
) -> Result<Vec<u8>, crate::error::IpcError> {
    use crate::error::{ErrorCode, IpcError};
    let p = std::path::Path::new(path);
    if path.is_empty() || path.len() > 4096 || !p.is_absolute() {
        return Err(IpcError::invalid(field, choose));
    }
    let meta = std::fs::metadata(p).map_err(|_| IpcError::invalid(field, "找不到这个文件"))?;
    if !meta.is_file() {
        return Err(IpcError::invalid(field, "这不是一个文件"));
    }
    if meta.len() > max {
        return Err(IpcError::invalid(field, too_large));
    }
    std::fs::read(p).map_err(|e| IpcError::new(ErrorCode::Storage, format!("无法读取文件：{e}"), Some(field.into())))
}

/// Writes `bytes` to `path` beside it first and renames, so a failure leaves no half-written file.
pub fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), crate::error::IpcError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let failed = |e: std::io::Error| {
        crate::error::IpcError::new(crate::error::ErrorCode::Storage, format!("无法写入 {}：{e}", path.display()), None)
    };
    std::fs::write(&tmp, bytes).map_err(failed)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed(e)
    })
}
