//! Errors as they cross IPC: `{code, message, field?}` with a closed set of codes.
//!
//! The code set grows only when the front end needs to tell a new case apart.

use beian_store::StoreError;
use serde::Serialize;
use specta::Type;

/// The closed set of error codes the front end can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The thing asked for does not exist (unknown id).
    NotFound,
    /// The input is wrong; `field` names the field when there is one.
    Invalid,
    /// Someone else changed the filing since it was loaded.
    Conflict,
    /// The filing's status does not allow this change.
    NotAllowed,
    /// The database was written by a newer version of the app.
    DatabaseTooNew,
    /// The disk or the database failed.
    Storage,
    /// 识别证件 is not installed on this machine, or its runtime could not be loaded.
    OcrUnavailable,
}

#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    /// For staff, in Chinese.
    pub message: String,
    /// The field path the error concerns (exchange-format paths such as `subject.name`).
    pub field: Option<String>,
}

/// Longest message sent to the window, in characters. Messages quote what staff entered; a
/// hostile or pasted 10 MB value must not come back whole.
pub const MAX_MESSAGE_CHARS: usize = 500;

/// `message`, cut to [`MAX_MESSAGE_CHARS`] characters (with `…`).
pub fn clip(message: String) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message,
    }
}

impl IpcError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        IpcError { code: ErrorCode::Invalid, message: clip(message.into()), field: Some(field.into()) }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> Self {
        let (code, field) = match &e {
            StoreError::NotFound { .. } => (ErrorCode::NotFound, None),
            StoreError::DatabaseTooNew { .. } => (ErrorCode::DatabaseTooNew, None),
            StoreError::Conflict { .. } => (ErrorCode::Conflict, None),
            StoreError::NotEditable { .. } => (ErrorCode::NotAllowed, None),
            StoreError::Invalid { field, .. } => (ErrorCode::Invalid, Some(field.clone())),
            StoreError::Transition(t) => (ErrorCode::NotAllowed, t.field().map(str::to_owned)),
            StoreError::Sqlite(_)
            | StoreError::Migration(_)
            | StoreError::Io { .. }
            | StoreError::CorruptDocument(_) => (ErrorCode::Storage, None),
        };
        IpcError { code, message: clip(e.to_string()), field }
    }
}

impl From<beian_usecases::UseCaseError> for IpcError {
    fn from(e: beian_usecases::UseCaseError) -> Self {
        match e {
            beian_usecases::UseCaseError::Store(e) => e.into(),
            // The window shows the diagnostics from its own check (the same function); the
            // message says how many there are.
            e @ beian_usecases::UseCaseError::HasErrors { .. } => {
                IpcError { code: ErrorCode::NotAllowed, message: clip(e.to_string()), field: None }
            }
        }
    }
}

impl From<beian_core::ParseError> for IpcError {
    fn from(e: beian_core::ParseError) -> Self {
        IpcError { code: ErrorCode::Invalid, field: e.field().map(str::to_owned), message: clip(e.to_string()) }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
