//! Team connections over TLS: throwaway PostgreSQL clusters on 127.0.0.1 with their own CA and
//! SCRAM passwords (as a trial server has), reached through `team::connect` the way a desk does.
//! Never skipped: without PostgreSQL this fails and says to run `scripts/setup.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use beian_store::StoreError;
use beian_store::team::certs::Authority;
use beian_store::team::cluster::{self, Cluster, OWNER, Options};
use beian_store::team::connect::{SslMode, TeamUrl, connect};

/// A TLS cluster for tests, and its options (the owner's password is in them).
fn tls_cluster(dir: &Path, names: Option<Vec<String>>) -> (Cluster, Options) {
    let mut options = Options::tls_for_tests().unwrap();
    if names.is_some() {
        options.tls = names;
    }
    let cluster = Cluster::create(dir, &options).unwrap_or_else(|e| {
        panic!("{e}\nPostgreSQL is needed: run scripts/setup.sh (it installs Debian's postgresql)")
    });
    (cluster, options)
}

fn url(host: &str, cluster: &Cluster, query: &str) -> TeamUrl {
    let host = if host.contains(':') { format!("[{host}]") } else { host.to_owned() };
    TeamUrl::parse(&format!("postgres://{OWNER}@{host}:{}/postgres?{query}", cluster.port())).unwrap()
}

fn with_ca(cluster: &Cluster) -> String {
    format!("sslrootcert={}", cluster.ca_cert().display())
}

/// A connection that failed (`StoreError::Team`): its SQLSTATE and message.
fn failed(result: Result<postgres::Client, StoreError>) -> (Option<String>, String) {
    match result {
        Ok(_) => panic!("the connection was made"),
        Err(StoreError::Team { code, message }) => (code, message),
        Err(other) => panic!("not a failed connection: {other:?}"),
    }
}

/// The message of a failed connection.
fn refused(result: Result<postgres::Client, StoreError>) -> String {
    failed(result).1
}

/// The message of a URL or setting refused before anything was sent.
fn invalid(result: Result<postgres::Client, StoreError>) -> String {
    match result {
        Ok(_) => panic!("the connection was made"),
        Err(StoreError::Invalid { field, message }) => {
            assert_eq!(field, "team");
            message
        }
        Err(other) => panic!("not refused before connecting: {other:?}"),
    }
}

#[test]
fn scram_over_tls_with_verify_full_and_the_session_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, options) = tls_cluster(dir.path(), None);
    let password = options.owner_password.as_deref().unwrap();

    for host in ["127.0.0.1", "localhost"] {
        let mut client =
            connect(&url(host, &cluster, &with_ca(&cluster)), Some(password), "beian-desk/TEST-01").unwrap();
        let ssl: String = client.query_one("SHOW ssl", &[]).unwrap().get(0);
        assert_eq!(ssl, "on");
        let row = client.query_one("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap();
        assert!(row.get::<_, bool>(0), "this connection is TLS");
        assert!(row.get::<_, String>(1).starts_with("TLSv1."), "{:?}", row.get::<_, String>(1));
        let auth: String =
            client.query_one("SELECT rolpassword FROM pg_authid WHERE rolname = $1", &[&OWNER]).unwrap().get(0);
        assert!(auth.starts_with("SCRAM-SHA-256$"), "the owner's password is stored as SCRAM");
        for (setting, value) in [
            ("lock_timeout", "5s"),
            ("statement_timeout", "30s"),
            ("idle_in_transaction_session_timeout", "1min"),
            ("application_name", "beian-desk/TEST-01"),
        ] {
            let got: String = client.query_one(&format!("SHOW {setting}"), &[]).unwrap().get(0);
            assert_eq!(got, value, "{setting}");
        }
    }
    // pg_hba: TLS with SCRAM over the network, nothing in plain text.
    let hba = std::fs::read_to_string(dir.path().join("data/pg_hba.conf")).unwrap();
    let rules: Vec<&str> = hba.lines().filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty()).collect();
    assert_eq!(
        rules,
        ["local all all trust", "hostssl all all 0.0.0.0/0 scram-sha-256", "hostssl all all ::/0 scram-sha-256"]
    );
    // The socket serves the owner on this machine, without TLS or a password.
    let socket = TeamUrl::parse(&format!(
        "postgres://{OWNER}@/postgres?host={}&port={}",
        cluster.socket_dir().display(),
        cluster.port()
    ))
    .unwrap();
    let mut client = connect(&socket, None, "test").unwrap();
    let ssl: bool = client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0);
    assert!(!ssl);
}

#[test]
fn the_keys_are_private_and_belong_to_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, _) = tls_cluster(dir.path(), None);
    let tls = cluster.tls_dir();
    let server_uid = std::fs::metadata(dir.path().join("data")).unwrap().uid();
    for (file, mode) in [("server.key", 0o600), ("ca.key", 0o600), ("server.crt", 0o644), ("ca.crt", 0o644)] {
        let meta = std::fs::metadata(tls.join(file)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, mode, "{file}");
        assert_eq!(meta.uid(), server_uid, "{file} belongs to the server's user");
    }
    let socket = std::fs::metadata(cluster.socket_dir()).unwrap();
    assert_eq!(socket.permissions().mode() & 0o777, 0o700, "the socket's folder is the server user's only");
    assert!(!dir.path().join("owner.pw").exists(), "the password file is gone after initdb");
}

#[test]
fn a_wrong_password_says_so_and_never_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, _) = tls_cluster(dir.path(), None);
    let wrong = "Wrong-Pa55word-zq";
    let (code, message) = failed(connect(&url("127.0.0.1", &cluster, &with_ca(&cluster)), Some(wrong), "test"));
    assert_eq!(code.as_deref(), Some("28P01"));
    assert!(message.contains("用户名或密码错误"), "{message}");
    assert!(!message.contains(wrong), "{message}");
    // An unknown role reads the same (the server does not say which one was wrong).
    let mut nobody = url("127.0.0.1", &cluster, &with_ca(&cluster));
    nobody.user = "nobody".into();
    let message = refused(connect(&nobody, Some(wrong), "test"));
    assert!(message.contains("用户名或密码错误"), "{message}");
    assert!(!message.contains(wrong), "{message}");
    // No password at all.
    let message = refused(connect(&url("127.0.0.1", &cluster, &with_ca(&cluster)), None, "test"));
    assert!(message.contains("要求用户“beian_owner”输入密码"), "{message}");
}

#[test]
fn a_database_that_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, options) = tls_cluster(dir.path(), None);
    let mut target = url("127.0.0.1", &cluster, &with_ca(&cluster));
    target.dbname = "beian_missing".into();
    let (code, message) = failed(connect(&target, options.owner_password.as_deref(), "test"));
    assert_eq!(code.as_deref(), Some("3D000"));
    assert!(message.contains("没有数据库“beian_missing”"), "{message}");
}

#[test]
fn a_certificate_from_another_ca_is_refused_in_every_verifying_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, options) = tls_cluster(dir.path(), None);
    let other = Authority::generate().unwrap();
    let other_ca = dir.path().join("other-ca.crt");
    std::fs::write(&other_ca, other.cert_pem()).unwrap();
    for mode in ["verify-full", "verify-ca", "require"] {
        let target = url("127.0.0.1", &cluster, &format!("sslmode={mode}&sslrootcert={}", other_ca.display()));
        let message = refused(connect(&target, options.owner_password.as_deref(), "test"));
        assert!(message.contains("服务器证书无法验证"), "{mode}: {message}");
        assert!(message.contains("不是由所给的 CA 证书"), "{mode}: {message}");
    }
    // A file that holds no certificate.
    let junk = dir.path().join("junk.crt");
    std::fs::write(&junk, "not a certificate").unwrap();
    let target = url("127.0.0.1", &cluster, &format!("sslrootcert={}", junk.display()));
    let message = invalid(connect(&target, options.owner_password.as_deref(), "test"));
    assert!(message.contains("里没有证书"), "{message}");
}

#[test]
fn a_certificate_for_another_name_is_refused_by_verify_full_only() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, options) = tls_cluster(dir.path(), Some(vec!["other.example".into()]));
    let password = options.owner_password.as_deref();
    let message = refused(connect(&url("127.0.0.1", &cluster, &with_ca(&cluster)), password, "test"));
    assert!(message.contains("服务器证书无法验证"), "{message}");
    assert!(message.contains("主机名不符"), "{message}");
    // verify-ca checks the chain only, as libpq does; require with a CA is verify-ca.
    for mode in ["verify-ca", "require"] {
        let target = url("127.0.0.1", &cluster, &format!("sslmode={mode}&{}", with_ca(&cluster)));
        assert_eq!(target.sslmode, if mode == "require" { SslMode::Require } else { SslMode::VerifyCa });
        let mut client = connect(&target, password, "test").unwrap();
        let ssl: bool =
            client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0);
        assert!(ssl, "{mode}");
    }
    // require without a CA: encrypted, not verified.
    let mut client = connect(&url("127.0.0.1", &cluster, "sslmode=require"), password, "test").unwrap();
    let ssl: bool = client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0);
    assert!(ssl);
}

#[test]
fn plain_tcp_is_refused_before_connecting() {
    let port = cluster::free_port().unwrap();
    let err = TeamUrl::parse(&format!("postgres://u@127.0.0.1:{port}/beian?sslmode=disable")).unwrap_err();
    assert!(err.to_string().contains("只能用于本机套接字"), "{err}");
    // Built by hand, past the parser: still refused, without trying (nothing listens there, and
    // the answer is not "unreachable").
    let url = TeamUrl {
        user: "u".into(),
        host: "127.0.0.1".into(),
        port,
        dbname: "beian".into(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    };
    let message = invalid(connect(&url, Some("pw"), "test"));
    assert!(message.contains("只能用于本机套接字"), "{message}");
}

#[test]
fn a_server_without_tls_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let port = cluster::free_port().unwrap();
    let options = Options { listen: "127.0.0.1".into(), port, ..Options::for_tests() };
    let _cluster = Cluster::create(dir.path(), &options)
        .unwrap_or_else(|e| panic!("{e}\nPostgreSQL is needed: run scripts/setup.sh"));
    let target = TeamUrl::parse(&format!("postgres://{OWNER}@127.0.0.1:{port}/postgres?sslmode=require")).unwrap();
    let message = refused(connect(&target, None, "test"));
    assert!(message.contains("不支持加密连接"), "{message}");
}

#[test]
fn a_server_that_is_down_or_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let (mut cluster, options) = tls_cluster(dir.path(), None);
    let target = url("127.0.0.1", &cluster, &with_ca(&cluster));
    cluster.stop(false).unwrap();
    let (code, message) = failed(connect(&target, options.owner_password.as_deref(), "test"));
    assert_eq!(code, None, "no server answered");
    assert!(message.starts_with(&format!("无法连接团队服务器 127.0.0.1:{}", cluster.port())), "{message}");
    assert!(message.contains("请检查地址和网络"), "{message}");
    assert!(message.contains("连接被拒绝"), "{message}");
    assert!(!message.contains(options.owner_password.as_deref().unwrap()));

    // An address where nothing answers (TEST-NET-1): given up within the connect timeout, or
    // refused at once where there is no route.
    let started = Instant::now();
    let target = url("192.0.2.1", &cluster, &with_ca(&cluster));
    let message = refused(connect(&target, Some("pw"), "test"));
    assert!(message.starts_with("无法连接团队服务器 192.0.2.1:"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());

    // A server that takes the TCP connection and then says nothing: given up all the same.
    let silent = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let started = Instant::now();
    let target = url("127.0.0.1", &cluster, &with_ca(&cluster));
    let target = TeamUrl { port: silent.local_addr().unwrap().port(), ..target };
    let message = refused(connect(&target, Some("pw"), "test"));
    assert!(message.contains("连接超时"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());

    // A name that does not resolve.
    let target = url("nonexistent.invalid", &cluster, &with_ca(&cluster));
    let message = refused(connect(&target, Some("pw"), "test"));
    assert!(message.starts_with("无法连接团队服务器 nonexistent.invalid:"), "{message}");

    // The socket of a stopped server.
    let socket = TeamUrl::parse(&format!(
        "postgres://{OWNER}@/postgres?host={}&port={}",
        cluster.socket_dir().display(),
        cluster.port()
    ))
    .unwrap();
    let message = refused(connect(&socket, None, "test"));
    assert!(message.starts_with("无法连接团队服务器"), "{message}");
}

#[test]
fn a_trial_server_is_made_once_then_started_with_the_same_ca() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("trial");
    let port = cluster::free_port().unwrap();
    let info = cluster::start_trial(&root, port, &["beian.office.example".into()])
        .unwrap_or_else(|e| panic!("{e}\nPostgreSQL is needed: run scripts/setup.sh"));
    // A trial server outlives whoever started it: stopped here however the test ends.
    struct Stop<'a>(&'a Path);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            let _ = cluster::stop_trial(self.0);
        }
    }
    let _stop = Stop(&root);
    assert!(info.created);
    let password = info.owner_password.clone().expect("a new server's password is shown once");
    assert_eq!(password.len(), 24, "{password}");
    assert!(
        info.url.starts_with(&format!("postgres://beian.office.example:{port}/beian?sslrootcert=")),
        "{}",
        info.url
    );
    assert!(info.names.contains(&"localhost".to_owned()) && info.names.contains(&"beian.office.example".to_owned()));
    assert_eq!(info.ca, root.join("tls/ca.crt"));

    // A colleague's URL is a team URL once the desk's user is added; over 127.0.0.1 as the owner.
    let colleague = TeamUrl::parse(&info.url).unwrap();
    assert_eq!((colleague.dbname.as_str(), colleague.sslmode), ("beian", SslMode::VerifyFull));
    let owner = TeamUrl::parse(&format!("postgres://{OWNER}@127.0.0.1:{port}/beian?sslrootcert={}", info.ca.display()))
        .unwrap();
    let mut client = connect(&owner, Some(&password), "test").unwrap();
    let row = client
        .query_one(
            "SELECT pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datctype FROM pg_database WHERE datname = 'beian'",
            &[],
        )
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, String>(1), row.get::<_, String>(2)),
        (OWNER.to_owned(), "UTF8".to_owned(), "C.UTF-8".to_owned())
    );
    let fsync: String = client.query_one("SHOW fsync", &[]).unwrap().get(0);
    assert_eq!(fsync, "on", "a trial server is durable");
    drop(client);
    let mut local = connect(&info.local, None, "test").unwrap();
    let db: String = local.query_one("SELECT current_database()", &[]).unwrap().get(0);
    assert_eq!(db, "beian");
    drop(local);
    let ca_before = std::fs::read(&info.ca).unwrap();

    // Started again while it runs: the same server, no new password, the same CA.
    let again = cluster::start_trial(&root, port, &[]).unwrap();
    assert!(!again.created && again.owner_password.is_none());
    assert_eq!(std::fs::read(&again.ca).unwrap(), ca_before);
    // Another port while it runs is refused.
    let err = cluster::start_trial(&root, cluster::free_port().unwrap(), &[]).unwrap_err().to_string();
    assert!(err.contains(&format!("端口 {port}")), "{err}");

    // Stopped, then started again: the data, the password and the CA are kept, and the new server
    // certificate still chains to the CA the desks have.
    cluster::stop_trial(&root).unwrap();
    let again = cluster::start_trial(&root, port, &[]).unwrap();
    assert!(!again.created);
    assert_eq!(std::fs::read(&again.ca).unwrap(), ca_before);
    let mut client = connect(&owner, Some(&password), "test").unwrap();
    let n: i64 = client.query_one("SELECT count(*) FROM pg_database WHERE datname = 'beian'", &[]).unwrap().get(0);
    assert_eq!(n, 1);
    drop(client);
    cluster::stop_trial(&root).unwrap();

    // A folder with other things in it is not taken.
    let busy = dir.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("notes.txt"), "x").unwrap();
    let err = cluster::start_trial(&busy, port, &[]).unwrap_err().to_string();
    assert!(err.contains("不是空的"), "{err}");
}
