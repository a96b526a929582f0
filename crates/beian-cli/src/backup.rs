//! `beian backup --out FILE` and `beian restore FILE [--replace]` (see `beian_store::backup`); with
//! `--team`, the team store's backup in the same archive format (`beian_store::team::backup`).

use std::path::Path;

use crate::common::{Failure, Place};

/// Writes one archive with the database (online snapshot) and the attachment store; exit 0, 1.
pub fn backup(place: &Place, out: &Path) -> Result<u8, Failure> {
    if place.is_team() {
        return team_backup(place, out);
    }
    let dir = place.dir()?;
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
pub fn restore(place: &Place, archive: &Path, replace: bool) -> Result<u8, Failure> {
    if place.is_team() {
        return Err(Failure::failed(
            "团队模式下不在原数据库上恢复：请先恢复到一个单机数据目录（beian restore FILE --data-dir DIR），再用 beian team import-desk DIR 导入新的团队数据库",
        ));
    }
    let dir = place.dir()?;
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

/// `beian backup --team URL --out FILE` (admins only): one consistent snapshot of the team store
/// as the desk's own archive (`beian-backup/1`), which `beian restore` makes a single desk again
/// (`beian_store::team::backup`).
fn team_backup(place: &Place, out: &Path) -> Result<u8, Failure> {
    let mut store = place.open()?;
    let beian_store::Store::Team(team) = &mut store else {
        return Err(Failure::failed("团队备份需要团队数据库：请用 --team URL 指定"));
    };
    let s = team.backup_to_archive(out, jiff::Timestamp::now())?;
    println!(
        "已把团队数据库备份到 {}（单机备份格式，可用 beian restore 恢复为单机）：{} 条备案，{} 个附件，{} 个文件，{} 字节",
        s.path.display(),
        s.manifest.filings,
        s.manifest.attachments,
        s.manifest.files.len(),
        s.bytes
    );
    Ok(0)
}
