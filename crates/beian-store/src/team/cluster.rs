//! A PostgreSQL cluster in a folder, run with the machine's own PostgreSQL binaries (Debian's
//! `postgresql` package): the tests' throwaway servers, and `beian team trial`'s server for an
//! agency that has none yet.
//!
//! `initdb` and `postgres` refuse to run as root; when this process is root (CI runs as root) they
//! run as the `postgres` user through `runuser`, and the folder is handed to that user. The
//! binaries are found with `pg_config --bindir` (Debian keeps them off `PATH`), else in the newest
//! `/usr/lib/postgresql/*/bin`.
//!
//! A test cluster listens on a Unix socket in its folder only, with fsync off (nothing there needs
//! to survive a power cut); a trial cluster listens on TCP with TLS and SCRAM passwords.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::error::StoreError;

/// The cluster's superuser, who owns the schema (`beian_owner` in the design).
pub const OWNER: &str = "beian_owner";

/// How a cluster is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// TCP addresses to listen on (`''` for none: the Unix socket only).
    pub listen: String,
    pub port: u16,
    /// Durable settings (fsync, synchronous commit) — off for throwaway test clusters.
    pub durable: bool,
    /// Authentication for local connections (`trust` for tests; `scram-sha-256` for a trial).
    pub auth: &'static str,
    /// The superuser's password (SCRAM), when `auth` needs one.
    pub owner_password: Option<String>,
}

impl Options {
    /// A throwaway cluster for tests: Unix socket only, no fsync, no passwords.
    pub fn for_tests() -> Options {
        Options { listen: String::new(), port: 5432, durable: false, auth: "trust", owner_password: None }
    }
}

/// A cluster in a folder (`data/`, `socket/`, `server.log`), stopped when dropped unless kept.
#[derive(Debug)]
pub struct Cluster {
    root: PathBuf,
    bin: PathBuf,
    port: u16,
    run_as: Option<&'static str>,
    running: bool,
    keep: bool,
}

fn failure(what: &str, detail: impl std::fmt::Display) -> StoreError {
    let mut detail = detail.to_string();
    if detail.chars().count() > 800 {
        detail = detail.chars().take(800).collect::<String>() + "…";
    }
    StoreError::Invalid { field: "team".to_owned(), message: format!("{what}：{}", detail.trim()) }
}

fn checked(what: &str, out: std::io::Result<Output>) -> Result<Output, StoreError> {
    let out = out.map_err(|e| failure(what, e))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(failure(what, format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout))))
    }
}

/// Whether this process runs as root.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Where the PostgreSQL server binaries are.
pub fn bin_dir() -> Result<PathBuf, StoreError> {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Ok(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).ok_or_else(|| {
        failure("找不到 PostgreSQL", "本机没有安装 PostgreSQL 服务器（Debian/Ubuntu：apt-get install postgresql）")
    })
}

impl Cluster {
    /// Creates a cluster in `root` (which must be empty or absent) and starts it.
    pub fn create(root: &Path, options: &Options) -> Result<Cluster, StoreError> {
        let mut cluster = Cluster::at(root, options.port)?;
        std::fs::create_dir_all(cluster.socket_dir()).map_err(|e| StoreError::io(root, e))?;
        cluster.hand_over()?;
        let mut init = cluster.command("initdb");
        init.args(["-D"]).arg(cluster.data()).args(["-E", "UTF8", "--locale=C.UTF-8", "-U", OWNER]);
        init.arg(format!("--auth={}", options.auth));
        let pwfile = cluster.root.join("owner.pw");
        if let Some(pw) = &options.owner_password {
            std::fs::write(&pwfile, pw).map_err(|e| StoreError::io(&pwfile, e))?;
            cluster.hand_over()?;
            init.arg(format!("--pwfile={}", pwfile.display()));
        }
        let made = checked("无法创建 PostgreSQL 数据目录（initdb）", init.output());
        let _ = std::fs::remove_file(&pwfile);
        made?;
        let mut conf = format!(
            "\n# Beian Desk\nlisten_addresses = '{}'\nport = {}\nunix_socket_directories = '{}'\nmax_connections = 200\n",
            options.listen,
            options.port,
            cluster.socket_dir().display()
        );
        if !options.durable {
            conf.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        let path = cluster.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&path).map_err(|e| StoreError::io(&path, e))?;
        text.push_str(&conf);
        std::fs::write(&path, text).map_err(|e| StoreError::io(&path, e))?;
        cluster.start()?;
        Ok(cluster)
    }

    /// Opens a cluster made before in `root` (a trial server's folder) and starts it.
    pub fn open(root: &Path, port: u16) -> Result<Cluster, StoreError> {
        let mut cluster = Cluster::at(root, port)?;
        cluster.start()?;
        Ok(cluster)
    }

    /// The cluster in `root`, not started: the binaries found, and who runs them.
    fn at(root: &Path, port: u16) -> Result<Cluster, StoreError> {
        let run_as = is_root().then_some("postgres");
        Ok(Cluster { root: root.to_path_buf(), bin: bin_dir()?, port, run_as, running: false, keep: false })
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// The folder of the cluster's Unix socket (a libpq/`postgres` crate `host`).
    pub fn socket_dir(&self) -> PathBuf {
        self.root.join("socket")
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection string for `user` on `dbname` over the Unix socket.
    pub fn conninfo(&self, user: &str, dbname: &str) -> String {
        format!("host={} port={} user={user} dbname={dbname}", self.socket_dir().display(), self.port)
    }

    /// Leaves the server running when this value is dropped (a trial server).
    pub fn keep_running(&mut self) {
        self.keep = true;
    }

    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(exe);
                c
            }
            None => Command::new(exe),
        }
    }

    /// Gives the folder to the user the server runs as.
    fn hand_over(&self) -> Result<(), StoreError> {
        if let Some(user) = self.run_as {
            let out = Command::new("chown").args(["-R", &format!("{user}:")]).arg(&self.root).output();
            checked("无法把数据目录交给 postgres 用户", out)?;
        }
        Ok(())
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start(&mut self) -> Result<(), StoreError> {
        let mut c = self.command("pg_ctl");
        c.args(["-w", "-t", "60", "-D"]).arg(self.data()).arg("-l").arg(self.root.join("server.log")).arg("start");
        checked("PostgreSQL 无法启动（详见 server.log）", c.output())?;
        self.running = true;
        Ok(())
    }

    /// Stops the server; `immediate` as after a power cut (no checkpoint: recovery on next start).
    pub fn stop(&mut self, immediate: bool) -> Result<(), StoreError> {
        let mut c = self.command("pg_ctl");
        c.args(["-w", "-D"]).arg(self.data()).args(["-m", if immediate { "immediate" } else { "fast" }, "stop"]);
        let out = checked("PostgreSQL 无法停止", c.output());
        self.running = false;
        out.map(|_| ())
    }

    pub fn is_running(&self) -> bool {
        self.running
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.running && !self.keep {
            let _ = self.stop(true);
        }
    }
}
