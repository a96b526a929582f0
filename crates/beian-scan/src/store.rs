//! The content-addressed file store: `<data dir>/attachments/ab/cdef…`, named by the SHA-256 of
//! the stored bytes (the first two hex digits are the folder, the other 62 the file name).
//! Derived files (thumbnails, PDF previews) live beside it under `attachments/derived/ab/cdef….thumb.jpg`
//! and `….preview.jpg`, named after the file they derive from.
//!
//! Writes are atomic: the bytes go to a temporary file in the target folder, which is fsynced,
//! renamed over the final name, and the folder fsynced. A reader therefore sees a complete file or
//! none, and a crash leaves at most a `.tmp-*` file (never a partial file under a final name).
//! The same content is stored once: writing bytes whose hash exists already is a no-op.
//!
//! The original file name is never part of any path here.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::ScanError;
use crate::process::sha256_hex;

/// The store's folder name inside the data directory.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// Files derived from a stored file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    Thumbnail,
    Preview,
}

impl Derived {
    fn suffix(self) -> &'static str {
        match self {
            Derived::Thumbnail => "thumb.jpg",
            Derived::Preview => "preview.jpg",
        }
    }
}

/// The result of [`FileStore::put`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Put {
    pub sha256: String,
    pub path: PathBuf,
    /// The same content was in the store already (nothing was written).
    pub existed: bool,
}

#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

/// Whether `s` is a lower-case hex SHA-256.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl FileStore {
    /// The store of a data directory: `<data_dir>/attachments`.
    pub fn in_data_dir(data_dir: &Path) -> FileStore {
        FileStore { root: data_dir.join(ATTACHMENTS_DIR) }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the file with this hash lives; `None` for anything that is not a SHA-256 in hex.
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256(sha256).then(|| self.root.join(&sha256[..2]).join(&sha256[2..]))
    }

    pub fn derived_path(&self, sha256: &str, kind: Derived) -> Option<PathBuf> {
        is_sha256(sha256)
            .then(|| self.root.join("derived").join(&sha256[..2]).join(format!("{}.{}", &sha256[2..], kind.suffix())))
    }

    pub fn contains(&self, sha256: &str) -> bool {
        self.path_of(sha256).is_some_and(|p| p.is_file())
    }

    /// Stores `bytes` under their hash.
    pub fn put(&self, bytes: &[u8]) -> Result<Put, ScanError> {
        let sha256 = sha256_hex(bytes);
        let path = self.path_of(&sha256).ok_or_else(|| ScanError::Encode("hash".into()))?;
        let existed = write_once(&path, |f| f.write_all(bytes))?;
        Ok(Put { sha256, path, existed })
    }

    /// Stores a file derived from the one with hash `sha256`.
    pub fn put_derived(&self, sha256: &str, kind: Derived, bytes: &[u8]) -> Result<PathBuf, ScanError> {
        let path = self.derived_path(sha256, kind).ok_or_else(|| ScanError::Encode("hash".into()))?;
        write_once(&path, |f| f.write_all(bytes))?;
        Ok(path)
    }

    /// Reads the stored file with hash `sha256`.
    pub fn read(&self, sha256: &str) -> Result<Vec<u8>, ScanError> {
        let path =
            self.path_of(sha256).ok_or_else(|| ScanError::BadPath { reason: "不是有效的文件摘要".into() })?;
        fs::read(&path).map_err(|e| ScanError::read(&path, e))
    }

    pub fn read_derived(&self, sha256: &str, kind: Derived) -> Result<Vec<u8>, ScanError> {
        let path = self
            .derived_path(sha256, kind)
            .ok_or_else(|| ScanError::BadPath { reason: "不是有效的文件摘要".into() })?;
        fs::read(&path).map_err(|e| ScanError::read(&path, e))
    }
}

/// Writes `path` atomically unless it exists; returns whether it existed.
fn write_once(path: &Path, fill: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<bool, ScanError> {
    if path.is_file() {
        return Ok(true);
    }
    write_atomic(path, fill)?;
    Ok(false)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    // Directories cannot be opened for syncing on Windows; there the rename is what we have.
    if cfg!(unix) { File::open(dir)?.sync_all() } else { Ok(()) }
}

/// Creates `dir` and any missing parents, fsyncing each parent whose entries changed.
fn create_dirs(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(e),
    }
    if let Some(parent) = dir.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Temp file in the same folder, `fill`, fsync, rename, fsync the folder. On any failure the temp
/// file is removed and nothing appears under `path`.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<(), ScanError> {
    let dir = match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return Err(ScanError::write(path, std::io::Error::other("没有上级目录"))),
    };
    if path.file_name().is_none() {
        return Err(ScanError::write(path, std::io::Error::other("不是文件路径")));
    }
    create_dirs(dir).map_err(|e| ScanError::write(dir, e))?;
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let stem = path.file_name().and_then(|s| s.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".tmp-{}-{}-{stem}", std::process::id(), n));
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(ScanError::write(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_under(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() { out.extend(files_under(&p)) } else { out.push(p) }
            }
        }
        out
    }

    #[test]
    fn content_addressed_paths_and_dedup() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::in_data_dir(dir.path());
        let a = store.put(b"hello").unwrap();
        assert_eq!(a.sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assert_eq!(
            a.path,
            dir.path().join("attachments/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        );
        assert!(!a.existed);
        let b = store.put(b"hello").unwrap();
        assert!(b.existed, "the same content is stored once");
        assert_eq!(store.read(&a.sha256).unwrap(), b"hello");
        assert_eq!(files_under(store.root()).len(), 1);
        assert!(store.path_of("../../etc/passwd").is_none());
        assert!(store.path_of(&"A".repeat(64)).is_none(), "upper case is not a stored name");
    }

    #[test]
    fn a_failure_mid_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("attachments/ab/cdef");
        let err = write_atomic(&target, |f| {
            f.write_all(b"half of the")?;
            Err(std::io::Error::other("disk full (injected)"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("injected"), "{err}");
        assert!(!target.exists());
        assert!(files_under(dir.path()).is_empty(), "no temp file left: {:?}", files_under(dir.path()));
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_store_fails_cleanly() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::in_data_dir(dir.path());
        fs::create_dir_all(store.root().join("2c")).unwrap();
        fs::set_permissions(store.root().join("2c"), fs::Permissions::from_mode(0o500)).unwrap();
        let result = store.put(b"hello");
        fs::set_permissions(store.root().join("2c"), fs::Permissions::from_mode(0o700)).unwrap();
        // Root ignores permissions; then the write simply succeeds.
        if let Err(e) = result {
            assert!(matches!(e, ScanError::Write { .. }));
            assert!(files_under(store.root()).is_empty());
        }
    }
}
