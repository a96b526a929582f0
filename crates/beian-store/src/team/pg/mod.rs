//! The team engine: the store on a shared PostgreSQL server, one login per staff member
//! (`../shared/design/team-mode.md`). Its operations are the [`Engine`] trait's, each room in its
//! own file here as for SQLite; the pure parts (derived columns, the search plan, deadlines,
//! completeness, the audit hash) are shared with SQLite and live once, in the crate's modules.
//!
//! What differs from SQLite, and why:
//! - **No lost work.** SQLite serialises writers; PostgreSQL at READ COMMITTED does not. Every
//!   write that touches a filing locks its row first (`SELECT … FOR UPDATE`) and compares the
//!   revision inside the lock, so of two desks saving from one revision exactly one wins. Order
//!   numbers are counted in a row that the create locks (gapless: a rollback gives the number
//!   back), and the audit chain's head is read under an advisory lock.
//! - **Who.** The history, the filing's last writer and every audit row name the database login;
//!   the server sets or checks it (triggers), so a desk cannot act in someone else's name.
//! - **Retries.** A deadlock or serialisation failure (40P01, 40001) is retried, at most three
//!   times; a conflict never is.
//! - **Scans** are stored in the database (`blobs`), in the attachment row's transaction.
//!
//! One connection per store, behind a `RefCell` (reads take `&self`; the store is `Send`, not
//! `Sync`, and sits behind the caller's `Mutex` like the SQLite store). Statements are prepared
//! once per connection and cached.

// Crate-visible for the moves in and out of the team store (`team/backup.rs`, `team/import_desk.rs`).
pub(crate) mod attachments;
pub(crate) mod audit;
mod demo;
mod doctor;
pub(crate) mod filings;
mod workflow;

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use postgres::types::ToSql;
use postgres::{Client, GenericClient, Row, Statement, Transaction};

use crate::db::SCHEMA_VERSION;
use crate::engine::Engine;
use crate::error::StoreError;

/// The migrations of the team store: (version, SQL). Numbered with SQLite's (`migrations/`): the
/// team store starts at 8, SQLite's version when it was made, and both go on together.
const MIGRATIONS: &[(i64, &str)] = &[
    (8, include_str!("../../../migrations-pg/0008_baseline.sql")),
    (9, include_str!("../../../migrations-pg/0009_services.sql")),
    (10, include_str!("../../../migrations-pg/0010_providers.sql")),
];

/// The advisory lock keys of the team store.
pub(crate) mod locks {
    /// Held while migrating.
    pub const MIGRATE: i64 = 0x6265_6961_6e00_0001;
    /// Held while appending to the audit chain.
    pub const AUDIT: i64 = 0x6265_6961_6e00_0002;
}

/// The team engine: one PostgreSQL connection, logged in as one staff member.
pub struct PgStore {
    conn: RefCell<Session>,
    calendar: beian_core::calendar::Calendar,
    /// The database login (`session_user`): who this desk is.
    user: String,
    /// The connection's server process id, which the change notifications name (a desk ignores its
    /// own); shared with the desk's listener, and new after a reconnection.
    pid: Arc<AtomicI32>,
    /// How to connect again when the connection broke (the server restarted, the network came
    /// back): set by [`PgStore::connect_with`]; the next call reconnects, nothing else is lost.
    reconnect: Option<Reconnect>,
    /// The login's group: a viewer reads masked documents only.
    role: super::roles::Role,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("user", &self.user)
            .field("role", &self.role)
            .field("pid", &self.backend_pid())
            .finish()
    }
}

/// A connection and its prepared statements.
pub(crate) struct Session {
    client: Client,
    cache: HashMap<String, Statement>,
}

/// Queries on a client or a transaction, with the session's statement cache.
pub(crate) struct Q<'a, C: GenericClient> {
    c: &'a mut C,
    cache: &'a mut HashMap<String, Statement>,
}

/// Makes a new connection to the same server as the same login.
pub type Reconnect = Box<dyn Fn() -> Result<Client, StoreError> + Send>;

pub(crate) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl<C: GenericClient> Q<'_, C> {
    fn stmt(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let s = self.c.prepare(sql)?;
        self.cache.insert(sql.to_owned(), s.clone());
        Ok(s)
    }

    pub(crate) fn exec(&mut self, sql: &str, params: Params<'_>) -> Result<u64, StoreError> {
        let s = self.stmt(sql)?;
        Ok(self.c.execute(&s, params)?)
    }

    pub(crate) fn rows(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        let s = self.stmt(sql)?;
        Ok(self.c.query(&s, params)?)
    }

    pub(crate) fn one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, StoreError> {
        let s = self.stmt(sql)?;
        Ok(self.c.query_one(&s, params)?)
    }

    pub(crate) fn opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>, StoreError> {
        let s = self.stmt(sql)?;
        Ok(self.c.query_opt(&s, params)?)
    }
}

/// A write transaction of the team store (READ COMMITTED; rows are locked as they are touched).
pub(crate) type Tx<'a, 't> = Q<'a, Transaction<'t>>;

/// Whether an error is one PostgreSQL asks to retry (deadlock, serialisation failure).
fn retryable(e: &StoreError) -> bool {
    matches!(e, StoreError::Team { code: Some(c), .. } if c == "40P01" || c == "40001")
}

impl PgStore {
    /// A store on a connected client: checks that the database holds the team store at this
    /// binary's schema (a newer one is refused untouched; an older one, or none, says what the
    /// admin must run). Desks never migrate.
    pub fn on(mut client: Client) -> Result<PgStore, StoreError> {
        client.batch_execute("SET search_path = beian, public")?;
        let row = client.query_one(
            "SELECT session_user::text, pg_backend_pid(), to_regclass('beian.schema_meta') IS NOT NULL",
            &[],
        )?;
        let (user, pid, has_meta): (String, i32, bool) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        let pid = Arc::new(AtomicI32::new(pid));
        if !has_meta {
            return Err(StoreError::team("团队数据库尚未初始化：请管理员先运行 beian team init"));
        }
        let version: i64 = client.query_one("SELECT version FROM beian.schema_meta", &[])?.try_get(0)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::DatabaseTooNew { found: version, supported: SCHEMA_VERSION });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::team(format!(
                "团队数据库的版本（{version}）比本程序（{SCHEMA_VERSION}）旧：请管理员运行 beian team migrate 后再打开"
            )));
        }
        let role = super::roles::role_of(&mut client)?.ok_or_else(|| {
            StoreError::team(format!("登录名“{user}”不是团队成员：请管理员用 beian team staff add 添加"))
        })?;
        Ok(PgStore {
            conn: RefCell::new(Session { client, cache: HashMap::new() }),
            calendar: beian_core::calendar::Calendar::builtin(),
            user,
            pid,
            role,
            reconnect: None,
        })
    }

    /// A store on a connection made by `connect`, which is kept to connect again whenever the
    /// connection breaks (checked before each call: a call on a broken connection fails once,
    /// with the connection's message, and the next one reconnects).
    pub fn connect_with(connect: Reconnect) -> Result<PgStore, StoreError> {
        let mut store = PgStore::on(connect()?)?;
        store.reconnect = Some(connect);
        Ok(store)
    }

    /// The connection's server process id, as the desk's listener reads it.
    pub fn pid_handle(&self) -> Arc<AtomicI32> {
        self.pid.clone()
    }

    /// The database login this desk works as.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The login's group.
    pub fn role(&self) -> super::roles::Role {
        self.role
    }

    /// Whether this login reads masked documents only.
    pub(crate) fn viewer(&self) -> bool {
        !self.role.writes()
    }

    /// The connection's server process id (what this desk's own change notifications carry).
    pub fn backend_pid(&self) -> i32 {
        self.pid.load(Ordering::Relaxed)
    }

    /// The session, connected again first if the connection broke and the store knows how.
    fn session(&self) -> Result<RefMut<'_, Session>, StoreError> {
        let mut s = self.conn.borrow_mut();
        if s.client.is_closed()
            && let Some(connect) = &self.reconnect
        {
            let mut client = connect()?;
            client.batch_execute("SET search_path = beian, public")?;
            let pid: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.try_get(0)?;
            self.pid.store(pid, Ordering::Relaxed);
            s.client = client;
            s.cache.clear();
        }
        Ok(s)
    }

    /// Runs `f` on the connection (reads).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut Q<'_, Client>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut s = self.session()?;
        let Session { client, cache } = &mut *s;
        f(&mut Q { c: client, cache })
    }

    /// Runs `f` in one transaction, committed when it returns `Ok`; retried (at most three times)
    /// when the server reports a deadlock or a serialisation failure.
    pub(crate) fn write<T>(
        &self,
        mut f: impl FnMut(&mut Tx<'_, '_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = {
                let mut s = self.session()?;
                let Session { client, cache } = &mut *s;
                let mut tx = client.transaction()?;
                let out = f(&mut Q { c: &mut tx, cache });
                match out {
                    Ok(v) => tx.commit().map(|()| v).map_err(StoreError::from),
                    Err(e) => Err(e), // dropped: rolled back
                }
            };
            match result {
                Err(e) if attempt < 3 && retryable(&e) => {
                    std::thread::sleep(std::time::Duration::from_millis(5 + 10 * attempt));
                }
                other => return other,
            }
        }
    }
}

/// Prepares an empty database for the team store, or brings an older team store to this binary's
/// schema: all pending migrations in one transaction, under an advisory lock (two admins at once
/// wait for each other), a newer schema refused untouched. Run by `beian team init` and `beian
/// team migrate` (a login that owns the database); returns the version reached.
pub fn migrate(client: &mut Client) -> Result<i64, StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&locks::MIGRATE])?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS beian;
         CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
         SET LOCAL search_path = beian, public;",
    )?;
    let has_meta: bool = tx.query_one("SELECT to_regclass('beian.schema_meta') IS NOT NULL", &[])?.try_get(0)?;
    let current: i64 =
        if has_meta { tx.query_one("SELECT version FROM beian.schema_meta", &[])?.try_get(0)? } else { 0 };
    if current > SCHEMA_VERSION {
        return Err(StoreError::DatabaseTooNew { found: current, supported: SCHEMA_VERSION });
    }
    for &(version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.batch_execute(sql)
            .map_err(|e| StoreError::team(format!("团队数据库迁移到版本 {version} 失败，已回滚：{}", describe(&e))))?;
        tx.execute("UPDATE beian.schema_meta SET version = $1", &[&version])?;
    }
    tx.commit()?;
    Ok(SCHEMA_VERSION.max(current))
}

/// The migrations' versions, newest last (for the schema test).
pub fn migration_versions() -> Vec<i64> {
    MIGRATIONS.iter().map(|(v, _)| *v).collect()
}

impl Engine for PgStore {
    fn calendar(&self) -> &beian_core::calendar::Calendar {
        &self.calendar
    }

    fn schema_version(&self) -> Result<i64, StoreError> {
        self.read(|q| Ok(q.one("SELECT version FROM schema_meta", &[])?.try_get(0)?))
    }
}

/// A PostgreSQL error as staff read it: the server's message (with its detail), or what the
/// client found.
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{}（{d}）", db.message()),
            None => db.message().to_owned(),
        },
        None if e.is_closed() => "与团队服务器的连接已断开".to_owned(),
        None => e.to_string(),
    }
}

/// A count as the store's types hold it.
pub(crate) fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}
