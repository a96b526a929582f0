//! Beian Desk's local store: one SQLite file (rusqlite) in the app-data directory.
//!
//! - `db`: opening, pragmas, embedded migrations (atomic, backed up first, newer databases refused).
//! - `filings`: filings, their derived search columns, order numbers and history events.
//! - `paths`: where the data lives (`--data-dir`, `BEIAN_DATA_DIR`, or the platform's app-data dir).
//!
//! Architecture invariant: no Tauri here; the desktop shell and the `beian` CLI both stand on this crate.

pub mod attachments;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod db;
pub mod demo;
pub mod doctor;
pub mod engine;
pub mod error;
pub mod filings;
pub mod lock;
pub mod paths;
pub mod printing;
pub mod search;
pub mod team;
pub mod time;
pub mod workflow;

pub use db::{SCHEMA_VERSION, SqliteStore, Store};
pub use engine::Engine;
pub use error::StoreError;
pub use filings::{FilingEvent, FilingRecord, FilingSummary, ListQuery, ListResult};
pub use workflow::Checked;
