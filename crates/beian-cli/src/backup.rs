//! `beian backup --out FILE` and `beian restore FILE [--replace]` (see `beian_store::backup`).

use std::path::{Path, PathBuf};

use crate::common::Failure;

fn data_dir_of(data_dir: Option<PathBuf>) -> Result<PathBuf, Failure> {
    beian_store::paths::resolve_data_dir(data_dir)
        .ok_or_else(|| Failure::failed("找不到数据目录：请用 --data-dir 指定"))
}

/// Writes one archive with the database (online snapshot) and the attachment store; exit 0, 1.
pub fn backup(data_dir: Option<PathBuf>, out: &Path) -> Result<u8, Failure> {
    let dir = data_dir_of(data_dir)?;
    let s = beian_store::backup::create_backup(&dir, out, jiff::Timestamp::now())?;
    println!(
        "已备份到 {}：{} 条备案，{} 个附件，{} 个文件，{} 字节",
        s.path.display(),
        s.manifest.filings,
        s.manifest.attachments,
        s.manifest.files.len(),
        s.bytes
    );
    Ok(0)
}

/// Verifies the archive (hashes, integrity, every doctor check) and only then restores it; exit 0,
/// 1 when it is refused (nothing replaced), 2 when the file cannot be read.
pub fn restore(data_dir: Option<PathBuf>, archive: &Path, replace: bool) -> Result<u8, Failure> {
    let dir = data_dir_of(data_dir)?;
    if !archive.is_file() {
        return Err(Failure::input(format!("无法读取备份文件 {}", archive.display())));
    }
    let s = beian_store::backup::restore(archive, &dir, replace, jiff::Timestamp::now())?;
    println!(
        "已从 {} 恢复（备份时间 {}）：{} 条备案，{} 个附件",
        archive.display(),
        s.manifest.created_at,
        s.manifest.filings,
        s.manifest.attachments
    );
    if let Some(prev) = s.previous {
        println!("原有数据已移到 {}", prev.display());
    }
    Ok(0)
}
