//! IPC commands, one module per area. Each command is a few lines: take the input, call the core
//! or the store, map the error.
//!
//! Every command that touches the store is `async` and runs it on the blocking pool
//! (`state::blocking`): never on the main thread, which draws the window (a team server that is
//! slow to answer must not freeze it), nor on an async worker (where the team store's synchronous
//! client cannot run).

pub mod app;
pub mod attachments;
pub mod filings;
pub mod handoff;
pub mod ocr;
pub mod package;
pub mod printing;
pub mod regions;
pub mod team;
pub mod workflow;
