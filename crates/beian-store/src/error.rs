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
    Sqlite(#[from] rusqlite::Error),
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
}

impl StoreError {
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        StoreError::Io { path: path.display().to_string(), source }
    }
}
