//! Beian Desk's store: one interface ([`Engine`]) over the engines that hold the data. Today one
//! engine, one SQLite file (rusqlite) in the app-data directory ([`SqliteStore`]); the team engine
//! on a shared PostgreSQL server is to be the second (`team`).
//!
//! Callers hold a [`Store`] — an enum over the engines, opened with [`Store::open`] — which derefs
//! to `dyn Engine`: `store.create_filing(…)` reads the same whatever the engine, and nothing needs
//! importing. What only one engine has is reached through it explicitly: [`Store::sqlite`] for the
//! SQLite file (its path, pragmas, snapshots), [`Store::doctor`] for each engine's own checks.
//!
//! - `engine`: the one store interface, [`Engine`], and its rooms' traits (filings, workflow,
//!   attachments, audit, printing, demo), each implemented for SQLite in that room's module.
//! - `db`: opening, pragmas, embedded migrations (atomic, backed up first, newer databases refused);
//!   [`Store`] and [`SqliteStore`].
//! - `filings`: filings, their derived search columns, order numbers and history events.
//! - `paths`: where the data lives (`--data-dir`, `BEIAN_DATA_DIR`, or the platform's app-data dir).
//!
//! `tests/contract.rs` is the contract: one suite run against every engine.
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
pub use engine::{BlobPart, Engine};
pub use error::StoreError;
pub use filings::{FilingEvent, FilingRecord, FilingSummary, ListQuery, ListResult, ProviderCount};
pub use workflow::{Checked, Timeline, TimelineFilter};
