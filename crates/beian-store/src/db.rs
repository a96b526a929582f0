//! Opening the database: pragmas, migrations, backups.
//!
//! Pragmas, chosen deliberately:
//! - `journal_mode = WAL`: readers never block the writer; the dashboard stays responsive while a
//!   filing is saved.
//! - `synchronous = FULL`: every commit is fsynced to the WAL before it is acknowledged. NORMAL would
//!   survive a crashed process but may lose the last commits on power loss or an OS crash; filings are
//!   few and small, so the cost of FULL (one fsync per save) buys that no acknowledged save is lost.
//! - `foreign_keys = ON`: events and domains never outlive their filing.
//! - `busy_timeout = 5000`: the CLI and the app may briefly write the same file.
//!
//! Migrations are embedded SQL files, applied in order, all pending ones in one transaction
//! (rusqlite_migration, `PRAGMA user_version`). Before migrating an existing database the file is
//! copied with SQLite's online backup API to `backups/`. A database newer than this binary is refused
//! untouched.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::engine::Engine;
use crate::error::StoreError;
use crate::paths::DB_FILE;

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../migrations/0001_init.sql")),
        // Filings that exist already are indexed for search inside the same transaction.
        M::up_with_hook(include_str!("../migrations/0002_dashboard.sql"), |tx: &rusqlite::Transaction<'_>| {
            crate::search::reindex_all(tx).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
        }),
        M::up(include_str!("../migrations/0003_workflow.sql")),
        M::up(include_str!("../migrations/0004_follow_up.sql")),
        M::up(include_str!("../migrations/0005_attachments.sql")),
        M::up(include_str!("../migrations/0006_audit.sql")),
        // Rewrites stored times and domains into their one normalised form (see the SQL file).
        M::up_with_hook(include_str!("../migrations/0007_one_format.sql"), |tx: &rusqlite::Transaction<'_>| {
            crate::time::rewrite_all(tx)
                .and_then(|()| crate::search::reindex_all(tx))
                .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
        }),
        // The missing-materials count beside the other dashboard columns (computed on open).
        M::up(include_str!("../migrations/0008_missing_materials.sql")),
        // The kinds of service of each filing, for the list (filled from the documents in SQL).
        M::up(include_str!("../migrations/0009_services.sql")),
        // The provider and provider account of each filing, for the list (filled in SQL).
        M::up(include_str!("../migrations/0010_providers.sql")),
    ])
});

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = 10;

/// The SQLite engine: one file, one connection. Its operations are the [`Engine`] trait's; what is
/// particular to SQLite (the file's path, its pragmas, `beian doctor`'s checks of the file, the
/// backup's online snapshot) is its own. Callers hold a [`Store`], which derefs to `dyn Engine`.
pub struct SqliteStore {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    /// Business days: the built-in years plus the data directory's `calendar/*.toml`.
    pub(crate) calendar: beian_core::calendar::Calendar,
    /// The data directory's shared lock, held while the store is open (a restore needs it exclusive).
    _lock: Option<crate::lock::DirLock>,
    /// The scans' file store beside the database file (`attachments/`); none for an in-memory store.
    pub(crate) files: Option<beian_scan::FileStore>,
}

/// A write transaction of the store, taken IMMEDIATE: the write lock is held from the first
/// statement, so what it reads (the newest audit hash, the next order number, a revision) cannot
/// change before it writes. Everything that must commit together goes through one — the audit
/// trail's [`crate::audit::append`] takes nothing else.
pub struct WriteTx<'c>(rusqlite::Transaction<'c>);

impl<'c> WriteTx<'c> {
    /// Begins one on the store's connection (`WriteTx::begin(&mut self.conn)`).
    pub(crate) fn begin(conn: &'c mut Connection) -> Result<WriteTx<'c>, StoreError> {
        still_there(conn)?;
        Ok(WriteTx(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?))
    }

    /// Commits, once more making sure the file is still there (else it rolls back).
    pub fn commit(self) -> Result<(), StoreError> {
        still_there(&self.0)?;
        Ok(self.0.commit()?)
    }
}

/// Refuses a write when the database file is no longer where it was opened: a network share or a
/// removable disk that went away, a deleted data directory. SQLite in WAL mode would go on writing
/// into the open, unlinked file and every later save would vanish with the process; this way the
/// save fails, says why, and what staff typed stays in the window. (A stat per write transaction.)
fn still_there(conn: &Connection) -> Result<(), StoreError> {
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    match std::fs::metadata(path) {
        Ok(_) => Ok(()),
        Err(e) => {
            let dir = Path::new(path).parent().unwrap_or(Path::new(path));
            let fault = crate::error::DiskFault::of_io(&e).unwrap_or(crate::error::DiskFault::Gone);
            Err(StoreError::Disk { fault, path: dir.display().to_string() })
        }
    }
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.0
    }
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish()
    }
}

/// The open store, whichever engine holds it. It derefs to [`Engine`], the one store interface, so
/// callers write `store.create_filing(…)` on a `Store` or `&mut Store` whatever the engine. Callers
/// that share it across threads wrap it in a `Mutex`.
///
/// Two engines: the single desk's SQLite file ([`Store::Local`]) and the agency's shared
/// PostgreSQL store ([`Store::Team`]).
#[derive(Debug)]
pub enum Store {
    /// The single desk's SQLite file.
    Local(SqliteStore),
    /// The team store on PostgreSQL, logged in as one staff member (boxed: its connection is large).
    Team(Box<crate::team::pg::PgStore>),
}

impl Store {
    /// Opens (creating if needed) the SQLite store in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Ok(Store::Local(SqliteStore::open(data_dir)?))
    }

    /// Opens (creating if needed) the SQLite database file at `path`; backups go beside it in
    /// `backups/`.
    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        Ok(Store::Local(SqliteStore::open_file(path)?))
    }

    /// A private in-memory SQLite store, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Ok(Store::Local(SqliteStore::open_in_memory()?))
    }

    /// The SQLite store, when that is the engine: for what only SQLite has (its file, its pragmas,
    /// its checks and snapshots). Engine-specific: code that needs it says what it does otherwise.
    pub fn sqlite(&self) -> Option<&SqliteStore> {
        match self {
            Store::Local(s) => Some(s),
            Store::Team(_) => None,
        }
    }

    /// The team store, when that is the engine: for what only it has (who is logged in, the
    /// scans' bytes, the change notifications).
    pub fn team(&self) -> Option<&crate::team::pg::PgStore> {
        match self {
            Store::Team(s) => Some(s.as_ref()),
            Store::Local(_) => None,
        }
    }

    /// The SQLite store, when that is the engine (see [`Store::sqlite`]).
    pub fn sqlite_mut(&mut self) -> Option<&mut SqliteStore> {
        match self {
            Store::Local(s) => Some(s),
            Store::Team(_) => None,
        }
    }

    /// The database file, if the store is a SQLite file on disk (engine-specific: `None` for an
    /// in-memory store, and for an engine that is not a file).
    pub fn path(&self) -> Option<&Path> {
        self.sqlite().and_then(SqliteStore::path)
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Engine;
    fn deref(&self) -> &(dyn Engine + 'static) {
        match self {
            Store::Local(s) => s,
            Store::Team(s) => s.as_ref(),
        }
    }
}

impl std::ops::DerefMut for Store {
    fn deref_mut(&mut self) -> &mut (dyn Engine + 'static) {
        match self {
            Store::Local(s) => s,
            Store::Team(s) => s.as_mut(),
        }
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::io(data_dir, e))?;
        owner_only(data_dir);
        let lock = crate::lock::lock_data_dir(data_dir, false)?;
        let calendar = crate::calendar::load(data_dir)?;
        let mut store = Self::open_file(&data_dir.join(DB_FILE))?;
        store.calendar = calendar;
        store._lock = lock;
        Ok(store)
    }

    /// Opens (creating if needed) the database file at `path`; backups go beside it in `backups/`.
    pub fn open_file(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        let backup_dir = path.parent().map(|p| p.join("backups")).unwrap_or_else(|| PathBuf::from("backups"));
        migrate(&mut conn, &MIGRATIONS, SCHEMA_VERSION, Some(&backup_dir))?;
        let store = SqliteStore {
            conn,
            path: Some(path.to_path_buf()),
            calendar: beian_core::calendar::Calendar::builtin(),
            _lock: None,
            files: path.parent().map(beian_scan::FileStore::in_data_dir),
        };
        store.refresh_unknown_missing(jiff::Timestamp::now())?;
        Ok(store)
    }

    /// A private in-memory store, for tests.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&mut conn, &MIGRATIONS, SCHEMA_VERSION, None)?;
        Ok(SqliteStore {
            conn,
            path: None,
            calendar: beian_core::calendar::Calendar::builtin(),
            _lock: None,
            files: None,
        })
    }

    /// The database file, if the store is on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The pragma values in force (journal mode, synchronous, foreign keys), for the tests.
    pub fn pragmas(&self) -> Result<(String, i64, i64), StoreError> {
        let journal: String = self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let sync: i64 = self.conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        let fk: i64 = self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        Ok((journal, sync, fk))
    }
}

impl Engine for SqliteStore {
    fn calendar(&self) -> &beian_core::calendar::Calendar {
        &self.calendar
    }

    // `PRAGMA user_version`, which the migrations keep.
    fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(user_version(&self.conn)?)
    }
}

/// The data directory holds clients' personal data: on Unix it is made readable by its owner only
/// (best effort: a directory owned by someone else is left as it is).
fn owner_only(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(dir)
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Brings `conn` to `latest`: refuses a newer database, backs an existing one up, then applies every
/// pending migration in one transaction.
pub(crate) fn migrate(
    conn: &mut Connection,
    migrations: &Migrations<'_>,
    latest: i64,
    backup_dir: Option<&Path>,
) -> Result<(), StoreError> {
    let current = user_version(conn)?;
    if current > latest {
        return Err(StoreError::DatabaseTooNew { found: current, supported: latest });
    }
    if current == latest {
        return Ok(());
    }
    if current > 0
        && let Some(dir) = backup_dir
    {
        backup_before_migration(conn, dir, current)?;
    }
    migrations.to_latest(conn)?;
    Ok(())
}

fn backup_before_migration(conn: &Connection, dir: &Path, version: i64) -> Result<PathBuf, StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let target = dir.join(format!("beian-v{version}-{stamp}.sqlite3"));
    conn.backup(rusqlite::MAIN_DB, &target, None)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_migrations(extra: &[&'static str]) -> Migrations<'static> {
        let mut ms = vec![M::up(include_str!("../migrations/0001_init.sql"))];
        ms.extend(extra.iter().map(|sql| M::up(sql)));
        Migrations::new(ms)
    }

    #[test]
    fn embedded_migrations_are_valid() {
        MIGRATIONS.validate().expect("migrations validate");
    }

    #[test]
    fn a_new_store_is_at_the_latest_version_with_the_chosen_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let (journal, sync, fk) = store.sqlite().expect("a SQLite store").pragmas().unwrap();
        assert_eq!(journal, "wal");
        assert_eq!(sync, 2, "synchronous = FULL");
        assert_eq!(fk, 1);
        assert!(dir.path().join(DB_FILE).exists());
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
        }
        let err = Store::open_file(&path).unwrap_err();
        assert!(matches!(err, StoreError::DatabaseTooNew { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("升级"), "{err}");
        let conn = Connection::open(&path).unwrap();
        assert_eq!(user_version(&conn).unwrap(), 99);
        let filings: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'filings'", [], |r| r.get(0)).unwrap();
        assert_eq!(filings, 0, "nothing was migrated");
    }

    #[test]
    fn pending_migrations_are_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &test_migrations(&[]), 1, None).unwrap();
        // v2 is fine, v3 fails: neither may stick.
        let ms = test_migrations(&["CREATE TABLE v2 (x);", "CREATE TABLE broken (;"]);
        let err = migrate(&mut conn, &ms, 3, Some(&dir.path().join("backups")));
        assert!(err.is_err());
        assert_eq!(user_version(&conn).unwrap(), 1);
        let v2: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'v2'", [], |r| r.get(0)).unwrap();
        assert_eq!(v2, 0, "the v2 table was rolled back with the failing v3");
    }

    #[test]
    fn an_existing_database_is_backed_up_before_migrating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let backups = dir.path().join("backups");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &test_migrations(&[]), 1, Some(&backups)).unwrap();
        assert!(!backups.exists(), "a brand-new database needs no backup");
        conn.execute(
            "INSERT INTO filings (order_no, document, created_at, updated_at) VALUES ('BA1', '{}', 'a', 'a')",
            [],
        )
        .unwrap();
        migrate(&mut conn, &test_migrations(&["CREATE TABLE v2 (x);"]), 2, Some(&backups)).unwrap();
        assert_eq!(user_version(&conn).unwrap(), 2);
        let files: Vec<_> = std::fs::read_dir(&backups).unwrap().collect();
        assert_eq!(files.len(), 1);
        let backup = Connection::open(files[0].as_ref().unwrap().path()).unwrap();
        assert_eq!(user_version(&backup).unwrap(), 1, "the backup is the pre-migration database");
        let n: i64 = backup.query_row("SELECT count(*) FROM filings", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
    }
}
