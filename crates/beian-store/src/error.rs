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
    /// The team store (PostgreSQL): the server's refusal or a lost connection, said for staff;
    /// `code` is the server's SQLSTATE, when it gave one.
    #[error("{message}")]
    Team { code: Option<String>, message: String },
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

    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        StoreError::Io { path: path.display().to_string(), source }
    }
}
