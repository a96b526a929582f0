//! Team mode: the store on a shared PostgreSQL server (`../shared/design/team-mode.md`).
//!
//! - `cluster.rs` — a PostgreSQL cluster in a folder: the tests' throwaway servers and the trial
//!   server of `beian team trial`.

pub mod cluster;
