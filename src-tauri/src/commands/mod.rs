//! IPC commands, one module per area. Each command is a few lines: take the input, call the core
//! or the store, map the error.

pub mod app;
pub mod attachments;
pub mod filings;
pub mod handoff;
pub mod ocr;
pub mod printing;
pub mod regions;
pub mod team;
pub mod workflow;
