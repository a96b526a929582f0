//! Team mode: the store on a shared PostgreSQL server (`../shared/design/team-mode.md`).
//!
//! - `cluster.rs` — a PostgreSQL cluster in a folder: the tests' throwaway servers and the trial
//!   server of `beian team trial`.
//! - `testing.rs` — the tests' server: one throwaway cluster per test process, a database per test.
//! - `listen.rs` — live refresh: a desk's listener for colleagues' changes (LISTEN/NOTIFY).
//! - `roles.rs` — who may do what: the group roles, their grants, `team init`, `team staff add`.
//! - `pg/` — the team engine, [`pg::PgStore`]: the store's operations on PostgreSQL.
//! - `certs.rs` — a trial server's certificates: its own CA and the server certificate it signs.
//! - `connect.rs` — a desk's connection: the team URL (no password in it), TLS verified against the
//!   team's CA, session timeouts, failures explained in Chinese.
//! - `backup.rs` — the way out: the team store as a desk's backup archive (`beian backup --team`).
//! - `import_desk.rs` — the way in: a desk's store brought into the team store (`beian team import-desk`).

pub mod backup;
pub mod certs;
pub mod cluster;
pub mod connect;
pub mod import_desk;
pub mod listen;
pub mod pg;
pub mod roles;
pub mod testing;
