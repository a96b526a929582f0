//! Errors as they cross IPC: `{code, message, field?}` with a closed set of codes — every
//! conversion into them is in this file, and every one goes through [`IpcError::new`], which clips
//! the message (a hostile 10 MB value quoted in a message never comes back whole).
//!
//! The code set grows only when the front end needs to tell a new case apart.

use beian_handoff::HandoffError;
use beian_ocr::OcrError;
use beian_print::PrintError;
use beian_store::StoreError;
use beian_store::attachments::AttachError;
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
    /// The disk of the data directory is full: nothing was written.
    DiskFull,
    /// The data directory is read-only, or this user may not write there: nothing was written.
    NotWritable,
    /// The data directory went away (a network share or a removable disk): nothing was written.
    DataDirGone,
    /// 识别证件 is not installed on this machine, or its runtime could not be loaded.
    OcrUnavailable,
    /// The team server cannot be reached (team mode): nothing was written, what was typed is kept,
    /// and the window tries again.
    ServerUnavailable,
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
    /// The one way an error is made: the message clipped to [`MAX_MESSAGE_CHARS`].
    pub fn new(code: ErrorCode, message: impl Into<String>, field: Option<String>) -> Self {
        IpcError { code, message: clip(message.into()), field }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message, Some(field.into()))
    }
}

use beian_store::error::DiskFault;

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
            StoreError::Disk { fault, .. } => (
                match fault {
                    DiskFault::Full => ErrorCode::DiskFull,
                    DiskFault::ReadOnly | DiskFault::NoPermission => ErrorCode::NotWritable,
                    DiskFault::Gone => ErrorCode::DataDirGone,
                },
                None,
            ),
            StoreError::Team { code: Some(c), .. } if c == "42501" => (ErrorCode::NotAllowed, None),
            // No SQLSTATE: the server was not reached, or the connection broke; 57P0x: it is
            // shutting down; 08xxx: connection failures.
            StoreError::Team { code: None, .. } => (ErrorCode::ServerUnavailable, None),
            StoreError::Team { code: Some(c), .. } if c.starts_with("57P0") || c.starts_with("08") => {
                (ErrorCode::ServerUnavailable, None)
            }
            StoreError::Team { .. } => (ErrorCode::Storage, None),
        };
        IpcError::new(code, e.to_string(), field)
    }
}

impl From<beian_usecases::UseCaseError> for IpcError {
    fn from(e: beian_usecases::UseCaseError) -> Self {
        match e {
            beian_usecases::UseCaseError::Store(e) => e.into(),
            // The window shows the diagnostics from its own check (the same function); the
            // message says how many there are.
            e @ beian_usecases::UseCaseError::HasErrors { .. } => {
                IpcError::new(ErrorCode::NotAllowed, e.to_string(), None)
            }
            beian_usecases::UseCaseError::Print(e) => e.into(),
        }
    }
}

impl From<beian_core::ParseError> for IpcError {
    fn from(e: beian_core::ParseError) -> Self {
        IpcError::new(ErrorCode::Invalid, e.to_string(), e.field().map(str::to_owned))
    }
}

impl From<AttachError> for IpcError {
    fn from(e: AttachError) -> Self {
        match e {
            AttachError::Store(e) => e.into(),
            AttachError::Scan(e) if e.is_bad_input() => IpcError::invalid("file", e.to_string()),
            AttachError::Scan(e) => IpcError::new(ErrorCode::Storage, e.to_string(), None),
        }
    }
}

impl From<beian_scan::ScanError> for IpcError {
    fn from(e: beian_scan::ScanError) -> Self {
        AttachError::Scan(e).into()
    }
}

impl From<HandoffError> for IpcError {
    fn from(e: HandoffError) -> Self {
        let message = e.to_string();
        match e {
            HandoffError::BadAddress(_) | HandoffError::Bind { .. } => IpcError::invalid("address", message),
            HandoffError::Filing(beian_handoff::sink::FilingError::NoMaterials) => {
                IpcError::invalid("filing_type", message)
            }
            HandoffError::Filing(beian_handoff::sink::FilingError::Store(s)) | HandoffError::Store(s) => s.into(),
            HandoffError::Attach(a) => a.into(),
            HandoffError::NotReceived(_) => IpcError::new(ErrorCode::NotFound, message, None),
            HandoffError::Unavailable(_) | HandoffError::Random(_) | HandoffError::Internal(_) => {
                IpcError::new(ErrorCode::Storage, message, None)
            }
        }
    }
}

impl From<OcrError> for IpcError {
    fn from(e: OcrError) -> Self {
        let code = match e {
            OcrError::NotInstalled(_) | OcrError::Load(_) => ErrorCode::OcrUnavailable,
            OcrError::Inference(_) => ErrorCode::Invalid,
        };
        let field = matches!(e, OcrError::Inference(_)).then(|| "file".to_owned());
        IpcError::new(code, e.to_string(), field)
    }
}

impl From<PrintError> for IpcError {
    fn from(e: PrintError) -> Self {
        let field = match e {
            PrintError::BadUrl(_) | PrintError::UrlTooLong(_) => "handoff_url",
            PrintError::Empty | PrintError::UrlForSeveral => "ids",
        };
        IpcError::invalid(field, e.to_string())
    }
}

impl From<std::io::Error> for IpcError {
    fn from(e: std::io::Error) -> Self {
        IpcError::new(ErrorCode::Storage, format!("文件读写错误：{e}"), None)
    }
}

impl From<beian_usecases::ocr::PageError> for IpcError {
    fn from(e: beian_usecases::ocr::PageError) -> Self {
        use beian_usecases::ocr::PageError;
        match e {
            PageError::Store(s) => s.into(),
            PageError::Scan(s) => s.into(),
            e @ PageError::Deleted => IpcError::new(ErrorCode::NotFound, e.to_string(), None),
            e @ PageError::NoPage => IpcError::invalid("file", e.to_string()),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
