//! The team store's tests' server: one throwaway cluster per test process, started on first use
//! (Debian's PostgreSQL, in a temporary folder, as the `postgres` user when run as root), with a
//! template database migrated once; every test gets a database of its own cloned from it (tens of
//! milliseconds), so tests run in parallel and never see each other's rows.
//!
//! Never skipped: without PostgreSQL the first test fails and says what to install.
//!
//! The cluster outlives no test process: a sentinel (`sh`) holds a pipe from this process and,
//! when the pipe closes — the process ended, however it ended — stops the server at once and
//! removes its folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use super::cluster::{Cluster, OWNER, Options};
use super::pg::PgStore;
use crate::Store;
use crate::error::StoreError;

/// The template every test database is cloned from.
const TEMPLATE: &str = "beian_tpl";

/// The test process's server.
pub struct TestServer {
    cluster: Cluster,
    next: AtomicU32,
    /// `CREATE DATABASE … TEMPLATE` refuses while another clone of the template runs: one at a time.
    cloning: Mutex<()>,
    _sentinel: Mutex<Child>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer").field("cluster", &self.cluster).finish()
    }
}

static SERVER: OnceLock<Result<TestServer, String>> = OnceLock::new();

/// The test process's server, started on first use.
pub fn server() -> Result<&'static TestServer, StoreError> {
    SERVER
        .get_or_init(|| start().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| StoreError::team(format!("测试用 PostgreSQL 无法启动（请先运行 setup.sh 安装 postgresql）：{e}")))
}

fn start() -> Result<TestServer, StoreError> {
    let root: PathBuf = std::env::temp_dir().join(format!(
        "beian-pg-{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    ));
    let mut cluster = Cluster::create(&root, &Options::for_tests())?;
    // From here the sentinel owns the folder: it stops the server and removes it when we end.
    cluster.keep_running();
    let sentinel = sentinel(&root)?;
    let mut admin = postgres::Client::connect(&cluster.conninfo(OWNER, "postgres"), postgres::NoTls)?;
    admin.batch_execute(&format!("CREATE DATABASE {TEMPLATE}"))?;
    let mut tpl = postgres::Client::connect(&cluster.conninfo(OWNER, TEMPLATE), postgres::NoTls)?;
    super::roles::init(&mut tpl)?;
    drop(tpl);
    Ok(TestServer { cluster, next: AtomicU32::new(1), cloning: Mutex::new(()), _sentinel: Mutex::new(sentinel) })
}

fn sentinel(root: &std::path::Path) -> Result<Child, StoreError> {
    let bin = super::cluster::bin_dir()?;
    let as_postgres = if std::fs::metadata("/proc/self").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    }) {
        "runuser -u postgres -- "
    } else {
        ""
    };
    let script = format!(
        "cat >/dev/null; {as_postgres}'{}' -D '{}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{}'",
        bin.join("pg_ctl").display(),
        root.join("data").display(),
        root.display()
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| StoreError::io(root, e))?;
    // Nothing is ever written; the pipe only has to stay open while we live.
    if let Some(stdin) = child.stdin.as_mut() {
        let _ = stdin.flush();
    }
    Ok(child)
}

impl TestServer {
    /// A fresh database holding an empty team store, and its name.
    pub fn fresh_database(&self) -> Result<String, StoreError> {
        let name = format!("t_{}", self.next.fetch_add(1, Ordering::Relaxed));
        let _one = self.cloning.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut admin = postgres::Client::connect(&self.cluster.conninfo(OWNER, "postgres"), postgres::NoTls)?;
        admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))?;
        Ok(name)
    }

    /// A connection string for `user` on database `db` (over the Unix socket).
    pub fn conninfo(&self, user: &str, db: &str) -> String {
        self.cluster.conninfo(user, db)
    }

    /// The team URL of database `db` as `user` (the Unix socket: no TLS, trusted).
    pub fn url(&self, user: &str, db: &str) -> String {
        format!("postgres://{user}@localhost:{}/{db}?host={}", self.cluster.port(), self.cluster.socket_dir().display())
    }

    /// A client of database `db` as `user`.
    pub fn client(&self, user: &str, db: &str) -> Result<postgres::Client, StoreError> {
        Ok(postgres::Client::connect(&self.conninfo(user, db), postgres::NoTls)?)
    }

    /// A store on database `db` as `user`.
    pub fn store_on(&self, user: &str, db: &str) -> Result<Store, StoreError> {
        Ok(Store::Team(Box::new(PgStore::on(self.client(user, db)?)?)))
    }

    /// A store on a fresh database, as the cluster's owner.
    pub fn fresh_store(&self) -> Result<Store, StoreError> {
        let db = self.fresh_database()?;
        self.store_on(OWNER, &db)
    }

    /// The cluster (to stop and start it in crash tests: a stop ends every test's connections).
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }
}
