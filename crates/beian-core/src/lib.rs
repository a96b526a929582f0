//! Beian Desk's domain: the filing model and exchange format, diagnostics, certificate numbers, the
//! rulebook and its data tables, and the business-day calendar.
//!
//! Architecture invariant: this crate does no I/O and knows nothing of Tauri, SQLite or the UI. Every
//! filing rule lives here, once.

pub mod calendar;
pub mod cert;
pub mod diag;
pub mod document;
pub mod domain;
pub mod filing_type;
pub mod labels;
pub mod mask;
pub mod model;
pub mod plan;
pub mod product;
pub mod providers;
pub mod regions;
pub mod reminders;
pub mod review_stats;
pub mod rules;
pub mod schedule;
pub mod sms;
pub mod status;
pub mod tables;
pub mod workflow;

pub use diag::{Diagnostic, FieldPath, Severity, Text};
pub use document::{ParseError, Parsed, parse_document, parse_value};
pub use model::*;
pub use rules::validate;
