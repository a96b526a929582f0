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
//! to survive a power cut); a TLS cluster ([`Options::trial`], [`Options::tls_for_tests`]) also
//! listens on TCP, where `pg_hba.conf` takes only `hostssl` with SCRAM passwords, and its
//! certificates are in `tls/`: `ca.crt` (what the desks are given), `ca.key` (kept to sign a new
//! server certificate), `server.crt` and `server.key` (readable by the server's user only). The
//! socket's folder is closed to everyone but the server's user (and root), so `trust` on the
//! socket admits only them.
//!
//! [`start_trial`] makes or starts `beian team trial`'s server and says what colleagues need.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::certs::{self, Authority};
use super::connect::{SslMode, TeamUrl};
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
    /// TLS on TCP, with a server certificate for these names (DNS names or IP addresses) signed by
    /// the cluster's own CA; TCP then takes `hostssl` with SCRAM passwords only. `None`: no TLS.
    pub tls: Option<Vec<String>>,
}

impl Options {
    /// A throwaway cluster for tests: Unix socket only, no fsync, no passwords.
    pub fn for_tests() -> Options {
        Options { listen: String::new(), port: 5432, durable: false, auth: "trust", owner_password: None, tls: None }
    }

    /// A trial server: TCP on `listen` (`*` for every address) with TLS and SCRAM, the Unix
    /// socket for the server's own user, durable. The certificate is for [`certs::standard_names`].
    pub fn trial(listen: &str, port: u16, owner_password: &str) -> Options {
        Options {
            listen: listen.to_owned(),
            port,
            durable: true,
            auth: "trust",
            owner_password: Some(owner_password.to_owned()),
            tls: Some(certs::standard_names(&[])),
        }
    }

    /// A throwaway TLS cluster for tests: 127.0.0.1 on a free port, TLS and SCRAM as on a trial
    /// server, a random owner password (in `owner_password`), no fsync.
    pub fn tls_for_tests() -> Result<Options, StoreError> {
        let mut options = Options::trial("127.0.0.1", free_port()?, &generate_password()?);
        options.durable = false;
        Ok(options)
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
pub fn free_port() -> Result<u16, StoreError> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).map_err(|e| failure("找不到空闲端口", e))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| failure("找不到空闲端口", e))
}

/// A random password of 20 letters and digits (about 115 bits) in groups of four, without the
/// look-alikes 0/O/o and 1/l/I: typed from a printout, once.
pub fn generate_password() -> Result<String, StoreError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Rejection sampling below a multiple of the alphabet's size: every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut chars = Vec::with_capacity(20);
    while chars.len() < 20 {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| failure("无法生成随机密码", e))?;
        for b in bytes.into_iter().map(usize::from).filter(|b| *b < limit) {
            if chars.len() < 20 {
                chars.push(char::from(ALPHABET[b % ALPHABET.len()]));
            }
        }
    }
    Ok(chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
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
        let socket = cluster.socket_dir();
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| StoreError::io(&socket, e))?;
        cluster.hand_over()?;
        let mut init = cluster.command("initdb");
        init.args(["-D"]).arg(cluster.data()).args(["-E", "UTF8", "--locale=C.UTF-8", "-U", OWNER]);
        init.arg(format!("--auth={}", options.auth));
        let pwfile = cluster.root.join("owner.pw");
        if let Some(pw) = &options.owner_password {
            write_private(&pwfile, pw.as_bytes())?;
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
        if let Some(names) = &options.tls {
            let tls = cluster.tls_dir();
            std::fs::create_dir_all(&tls).map_err(|e| StoreError::io(&tls, e))?;
            let ca = Authority::generate()?;
            write_file(&tls.join("ca.crt"), ca.cert_pem().as_bytes(), 0o644)?;
            write_private(&tls.join("ca.key"), ca.key_pem().as_bytes())?;
            cluster.install_server_certificate(&ca, names)?;
            conf.push_str(&format!(
                "ssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\npassword_encryption = 'scram-sha-256'\n",
                tls.join("server.crt").display(),
                tls.join("server.key").display()
            ));
            // Only TLS with SCRAM over the network; the socket for the server's own user.
            let hba = format!(
                "# Beian Desk: the socket (its folder is the server user's only), then TLS with SCRAM passwords\n\
                 local all all {}\nhostssl all all 0.0.0.0/0 scram-sha-256\nhostssl all all ::/0 scram-sha-256\n",
                options.auth
            );
            let path = cluster.data().join("pg_hba.conf");
            std::fs::write(&path, hba).map_err(|e| StoreError::io(&path, e))?;
        }
        let path = cluster.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&path).map_err(|e| StoreError::io(&path, e))?;
        text.push_str(&conf);
        std::fs::write(&path, text).map_err(|e| StoreError::io(&path, e))?;
        cluster.start()?;
        Ok(cluster)
    }

    /// The folder of the cluster's certificates.
    pub fn tls_dir(&self) -> PathBuf {
        self.root.join("tls")
    }

    /// The CA certificate desks need to trust this server (`tls/ca.crt`).
    pub fn ca_cert(&self) -> PathBuf {
        self.tls_dir().join("ca.crt")
    }

    /// Writes a new server certificate for `names`, signed by `ca`, with its key readable by the
    /// server's user only. A running server takes it at [`Cluster::reload`].
    pub fn install_server_certificate(&self, ca: &Authority, names: &[String]) -> Result<(), StoreError> {
        let tls = self.tls_dir();
        let server = ca.issue_server(names)?;
        write_file(&tls.join("server.crt"), server.cert_pem.as_bytes(), 0o644)?;
        write_private(&tls.join("server.key"), server.key_pem.as_bytes())?;
        self.hand_over()
    }

    /// The cluster's own CA, read back from `tls/`.
    pub fn authority(&self) -> Result<Authority, StoreError> {
        let tls = self.tls_dir();
        let read = |name: &str| {
            let path = tls.join(name);
            std::fs::read_to_string(&path).map_err(|e| StoreError::io(&path, e))
        };
        Authority::load(read("ca.crt")?, &read("ca.key")?)
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
        // The server's configuration names its folders, so they are absolute.
        let root = std::path::absolute(root).map_err(|e| StoreError::io(root, e))?;
        Ok(Cluster { root, bin: bin_dir()?, port, run_as, running: false, keep: false })
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

    /// Starts the server on [`Cluster::port`] and waits until it accepts connections.
    pub fn start(&mut self) -> Result<(), StoreError> {
        let mut c = self.command("pg_ctl");
        c.args(["-w", "-t", "60", "-D"]).arg(self.data()).arg("-l").arg(self.root.join("server.log"));
        c.arg("-o").arg(format!("-p {}", self.port)).arg("start");
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

    /// Whether a server runs on this folder, started by anyone (`pg_ctl status`).
    pub fn server_running(&self) -> bool {
        let mut c = self.command("pg_ctl");
        c.args(["status", "-D"]).arg(self.data());
        c.output().is_ok_and(|o| o.status.success())
    }

    /// Makes the running server read its configuration and certificates again.
    pub fn reload(&self) -> Result<(), StoreError> {
        let mut c = self.command("pg_ctl");
        c.args(["reload", "-D"]).arg(self.data());
        checked("PostgreSQL 无法重新加载配置", c.output()).map(|_| ())
    }
}

/// Writes `bytes` to `path` with `mode`, the mode set before anything is written.
fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), StoreError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| StoreError::io(path, e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| StoreError::io(path, e))?;
    // The process's umask may have taken bits off `mode`; the mode is what it says.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| StoreError::io(path, e))
}

/// Writes a secret (a key, a password) readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_file(path, bytes, 0o600)
}

/// The trial database every desk connects to.
pub const TRIAL_DATABASE: &str = "beian";

/// What `beian team trial` tells the person who started it.
#[derive(Debug, Clone)]
pub struct TrialInfo {
    /// What colleagues connect to, each with their own user name:
    /// `postgres://HOST:PORT/beian?sslrootcert=…/tls/ca.crt` (the CA's path here: on a desk it is
    /// wherever `ca.crt` was copied to).
    pub url: String,
    /// The CA certificate every desk needs (`tls/ca.crt`).
    pub ca: PathBuf,
    /// The names the server's certificate is for: the URL's host must be one of them.
    pub names: Vec<String>,
    /// The owner's (`beian_owner`) password, generated when the server was made: shown once, kept
    /// nowhere. `None` when the server existed already.
    pub owner_password: Option<String>,
    /// The owner's connection on this machine: the Unix socket, no password, no TLS.
    pub local: TeamUrl,
    /// Whether the server was made now (else it existed, and was started or was running).
    pub created: bool,
}

/// Stops the trial server in `dir` (started by [`start_trial`], perhaps by another process).
pub fn stop_trial(dir: &Path) -> Result<(), StoreError> {
    let mut cluster = Cluster::at(dir, 0)?;
    if cluster.server_running() { cluster.stop(false) } else { Ok(()) }
}

/// Makes a trial server in `dir` (when `dir` has none) or starts the one there, listening on
/// every address on `port`, with a new server certificate for [`certs::standard_names`] and
/// `extra_names`, signed by the server's own CA (made once, so desks keep trusting it); ensures
/// the database `beian` owned by `beian_owner`. The server keeps running after this returns.
pub fn start_trial(dir: &Path, port: u16, extra_names: &[String]) -> Result<TrialInfo, StoreError> {
    for name in extra_names {
        certs::check_name(name.trim())?;
    }
    let names = certs::standard_names(extra_names);
    let existing = dir.join("data").join("PG_VERSION").exists();
    let (mut cluster, owner_password) = if existing {
        let mut cluster = Cluster::at(dir, port)?;
        let running = cluster.server_running();
        // postmaster.pid: pid, data folder, start time, port, …
        let pid = std::fs::read_to_string(cluster.data().join("postmaster.pid")).unwrap_or_default();
        if running
            && let Some(running_port) = pid.lines().nth(3).and_then(|p| p.trim().parse::<u16>().ok())
            && running_port != port
        {
            return Err(failure(
                "试用服务器已在运行",
                format!("它用的是端口 {running_port}，不是 {port}：请用端口 {running_port}，或先停止它再换端口"),
            ));
        }
        cluster.install_server_certificate(&cluster.authority()?, &names)?;
        if running {
            cluster.reload()?;
        } else {
            cluster.start()?;
        }
        (cluster, None)
    } else {
        if dir.exists() && std::fs::read_dir(dir).map_err(|e| StoreError::io(dir, e))?.next().is_some() {
            return Err(failure(
                "无法创建试用服务器",
                format!("文件夹 {} 不是空的，也不是试用服务器的文件夹：请换一个新文件夹", dir.display()),
            ));
        }
        let password = generate_password()?;
        let mut options = Options::trial("*", port, &password);
        options.tls = Some(names.clone());
        (Cluster::create(dir, &options)?, Some(password))
    };
    cluster.keep_running();

    let local = TeamUrl {
        user: OWNER.to_owned(),
        host: cluster.socket_dir().display().to_string(),
        port,
        dbname: "postgres".to_owned(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    };
    let mut client = super::connect::connect(&local, None, "beian-trial")?;
    let query = |e: postgres::Error| failure("无法创建试用数据库", e);
    let exists = client.query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&TRIAL_DATABASE]).map_err(query)?;
    if exists.is_none() {
        client
            .batch_execute(&format!(
                "CREATE DATABASE {TRIAL_DATABASE} OWNER {OWNER} TEMPLATE template0 ENCODING 'UTF8' \
                 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ))
            .map_err(query)?;
    }
    drop(client);

    let host = extra_names
        .first()
        .map(|n| n.trim().to_ascii_lowercase())
        .or_else(|| certs::lan_address().map(|ip| ip.to_string()))
        .or_else(certs::host_name)
        .unwrap_or_else(|| "localhost".to_owned());
    let ca = cluster.ca_cert();
    let colleagues = TeamUrl {
        user: String::new(),
        host,
        port,
        dbname: TRIAL_DATABASE.to_owned(),
        sslmode: SslMode::VerifyFull,
        sslrootcert: Some(ca.clone()),
    };
    let url = colleagues.without_user();
    let local = TeamUrl { dbname: TRIAL_DATABASE.to_owned(), ..local };
    Ok(TrialInfo { url, ca, names, owner_password, local, created: !existing })
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.running && !self.keep {
            let _ = self.stop(true);
        }
    }
}
