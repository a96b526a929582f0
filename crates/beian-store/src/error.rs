use beian_core::status::FilingStatus;

/// What can go wrong in the store. Messages are for staff, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("找不到{what}（{id}）")]
    NotFound { what: &'static str, id: String },
    #[error("数据库版本 {found} 比本程序支持的版本 {supported} 新：请升级备案工作台后再打开，数据库未作任何改动")]
    DatabaseTooNew { found: i64, supported: i64 },
    #[error("该备案已被修改（当前版本 {current}，您编辑的是版本 {expected}）：请重新打开后再保存")]
    Conflict { expected: i64, current: i64 },
    #[error("备案状态为“{}”，不能直接修改", .status.label_zh())]
    NotEditable { status: FilingStatus },
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("数据库错误：{0}")]
    Sqlite(rusqlite::Error),
    /// The data directory cannot take what was asked of it (full, read-only, not permitted, gone):
    /// nothing of the operation was written, and the message says what to do.
    #[error("{}", .fault.message(.path))]
    Disk { fault: DiskFault, path: String },
    #[error("数据库迁移失败，已回滚：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("文件读写错误（{path}）：{source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Transition(#[from] beian_core::workflow::TransitionError),
    #[error("数据库中的备案文档无法读取：{0}")]
    CorruptDocument(String),
    /// The team store (PostgreSQL): the server's refusal or a lost connection, said for staff;
    /// `code` is the server's SQLSTATE, when it gave one.
    #[error("{message}")]
    Team { code: Option<String>, message: String },
}

/// Why the disk refused: what staff can do about it differs for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskFault {
    /// No space left (or the user's quota is used up).
    Full,
    /// Mounted read-only (a write-protected disk, a share offered read-only).
    ReadOnly,
    /// The user may not write there.
    NoPermission,
    /// The folder is no longer there: a network share or a removable disk went away, or it was deleted.
    Gone,
}

impl DiskFault {
    /// The fault an I/O error stands for, if it is one of these.
    pub fn of_io(e: &std::io::Error) -> Option<DiskFault> {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::StorageFull | K::QuotaExceeded => Some(DiskFault::Full),
            K::ReadOnlyFilesystem => Some(DiskFault::ReadOnly),
            K::PermissionDenied => Some(DiskFault::NoPermission),
            K::StaleNetworkFileHandle => Some(DiskFault::Gone),
            _ => None,
        }
    }

    /// The message for staff (`path`: the file or folder concerned, may be empty).
    pub fn message(self, path: &str) -> String {
        let at = if path.is_empty() { String::new() } else { format!("（{path}）") };
        match self {
            DiskFault::Full => format!("磁盘已满{at}：本次没有保存，已保存的数据完好；请释放磁盘空间后重试"),
            DiskFault::ReadOnly => format!(
                "数据目录只能读取、不能写入{at}：磁盘或网络共享以只读方式挂载。本次没有保存，已保存的数据未作改动；请把它重新挂载为可写，或在“设置”中换一个数据目录后重新启动"
            ),
            DiskFault::NoPermission => format!(
                "没有权限写入数据目录{at}：本次没有保存；请让管理员给当前用户这个文件夹的读写权限，或在“设置”中换一个数据目录后重新启动"
            ),
            DiskFault::Gone => format!(
                "数据目录已不可用{at}：网络共享或移动磁盘可能已断开。本次没有保存，窗口中填写的内容仍在；请重新连接后重新启动备案工作台"
            ),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let fault = match e.sqlite_error_code() {
            Some(C::DiskFull) => Some(DiskFault::Full),
            Some(C::ReadOnly) => Some(DiskFault::ReadOnly),
            Some(C::PermissionDenied) => Some(DiskFault::NoPermission),
            _ => None,
        };
        match fault {
            Some(fault) => StoreError::Disk { fault, path: String::new() },
            None => StoreError::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        let code = e.code().map(|c| c.code().to_owned());
        let detail = crate::team::pg::describe(&e);
        let message = match code.as_deref() {
            _ if e.is_closed() => "与团队服务器的连接已断开：请检查网络后重试（窗口中填写的内容仍在）".to_owned(),
            Some("42501") => format!("没有权限：{detail}"),
            Some("57014") => "团队服务器处理超时：请稍后重试".to_owned(),
            Some("55P03") => "该备案正被同事修改：请稍后重试".to_owned(),
            Some("40P01" | "40001") => "多位同事同时修改，本次未能完成：请重试".to_owned(),
            Some("57P01" | "57P02" | "57P03") => "团队服务器正在关闭或重启：请稍后重试".to_owned(),
            Some(_) => format!("团队数据库错误：{detail}"),
            None => format!("与团队服务器通信出错：{detail}"),
        };
        StoreError::Team { code, message }
    }
}

impl StoreError {
    /// A team-store message of the store's own (no SQLSTATE).
    pub fn team(message: impl Into<String>) -> Self {
        StoreError::Team { code: None, message: message.into() }
    }

    /// A failed file operation on `path`: a full, read-only or forbidden disk is said as such.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        match DiskFault::of_io(&source) {
            Some(fault) => StoreError::Disk { fault, path: path.display().to_string() },
            None => StoreError::Io { path: path.display().to_string(), source },
        }
    }

    /// This error, said as a disk fault when `dir` shows one (see [`probe`]): SQLite reports a full
    /// disk met while it sets up its shared-memory file as a bare "disk I/O error".
    pub fn diagnosed(self, dir: &std::path::Path) -> StoreError {
        match &self {
            StoreError::Sqlite(_) | StoreError::Io { .. } | StoreError::Migration(_) => {
                StoreError::disk_fault_at(dir).unwrap_or(self)
            }
            _ => self,
        }
    }

    /// The disk fault `dir` shows now, as an error about `dir` (see [`probe`]), if it shows one.
    pub fn disk_fault_at(dir: &std::path::Path) -> Option<StoreError> {
        probe(dir).map(|fault| StoreError::Disk { fault, path: dir.display().to_string() })
    }
}

/// Finds out whether `dir` can take a write, after a failure that did not say why: gone (not a
/// folder any more), or what writing 64 KiB into it meets (full, read-only, not permitted). The
/// probe file is removed again.
pub fn probe(dir: &std::path::Path) -> Option<DiskFault> {
    use std::io::Write;
    if !dir.is_dir() {
        return Some(DiskFault::Gone);
    }
    let file = dir.join(format!(".beian-probe-{}", std::process::id()));
    let written = std::fs::File::create(&file).and_then(|mut f| {
        f.write_all(&[0u8; 64 * 1024])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&file);
    written.err().and_then(|e| DiskFault::of_io(&e))
}
