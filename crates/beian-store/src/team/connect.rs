//! A desk's connection to the team's PostgreSQL server.
//!
//! The server is named by a [`TeamUrl`], libpq's URL form without a password:
//! `postgres://[user@]host[:port]/dbname?sslmode=verify-full&sslrootcert=/path/ca.crt`. A
//! password is typed at each start and kept in memory only, so a URL that holds one is refused,
//! and no message or `Display` ever shows one.
//!
//! Over TCP the connection is always TLS (rustls with the *ring* provider), verified against the
//! team's CA (`sslrootcert`): `verify-full` (the default) also checks the server's name,
//! `verify-ca` only the chain, `require` encrypts and checks the chain only when a CA is given
//! (as libpq does). `sslmode=disable` is taken for a Unix socket only (`host=/dir`, or the folder
//! percent-encoded as the host), which never uses TLS. Passwords go as SCRAM, channel-bound to the
//! TLS connection where the server offers it.
//!
//! Every session gets `lock_timeout=5s`, `statement_timeout=30s` and
//! `idle_in_transaction_session_timeout=60s` in its startup packet, plus the caller's
//! `application_name`; connecting gives up after 5 s. A URL or setting that cannot work is
//! `StoreError::Invalid { field: "team", .. }`, refused before anything is sent; a connection that
//! failed is `StoreError::Team` (with the server's SQLSTATE when it answered, e.g. `28P01` for a
//! wrong password; none when it could not be reached). Every message is in Chinese and says what
//! to do.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use postgres::error::SqlState;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::StoreError;

/// The PostgreSQL port when the URL names none.
pub const DEFAULT_PORT: u16 = 5432;

/// How long connecting (TCP, TLS and authentication) may take before it is given up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The session settings sent with every connection (PostgreSQL's `options` startup parameter).
pub const SESSION_OPTIONS: &str =
    "-c lock_timeout=5s -c statement_timeout=30s -c idle_in_transaction_session_timeout=60s";

/// A team URL or setting that cannot work: refused before anything is sent.
fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid { field: "team".to_owned(), message: message.into() }
}

/// A connection that failed: the server's refusal (with its SQLSTATE), or no server to talk to.
fn team_failure(code: Option<&SqlState>, message: impl Into<String>) -> StoreError {
    StoreError::Team { code: code.map(|c| c.code().to_owned()), message: message.into() }
}

/// How the server is authenticated (libpq's `sslmode`, less the modes that may fall back to an
/// unencrypted connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    /// No TLS: a Unix socket on this machine only.
    Disable,
    /// TLS; the certificate is checked against `sslrootcert` when one is given, else not at all.
    Require,
    /// TLS; the certificate must chain to `sslrootcert`, whatever name it is for.
    VerifyCa,
    /// TLS; the certificate must chain to `sslrootcert` and be for the host connected to.
    #[default]
    VerifyFull,
}

impl SslMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn parse(value: &str) -> Result<SslMode, StoreError> {
        match value {
            "disable" => Ok(SslMode::Disable),
            "require" => Ok(SslMode::Require),
            "verify-ca" => Ok(SslMode::VerifyCa),
            "verify-full" => Ok(SslMode::VerifyFull),
            "allow" | "prefer" => Err(invalid(format!(
                "不支持 sslmode={value}：它在服务器不支持加密时会改用明文连接。团队连接必须加密，请用 sslmode=verify-full"
            ))),
            other => Err(invalid(format!(
                "sslmode“{other}”无效：可用 verify-full（推荐）、verify-ca、require，或 disable（仅限本机套接字）"
            ))),
        }
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the team's server is and how to reach it: everything but the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamUrl {
    /// The role to log in as (the OS user when the URL names none, as with libpq).
    pub user: String,
    /// A host name, an IP address, or the absolute folder of a Unix socket.
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub sslmode: SslMode,
    /// The team's CA certificate (PEM), which the server's certificate must chain to.
    pub sslrootcert: Option<PathBuf>,
}

/// Decodes `%XX` escapes; every `%` must start one, and the result must be UTF-8.
fn percent_decode(text: &str, what: &str) -> Result<String, StoreError> {
    let bytes = text.as_bytes();
    let escapes_ok = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'%')
        .all(|(i, _)| bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)));
    if !escapes_ok {
        return Err(invalid(format!("地址中的{what}“{text}”有无效的 % 转义")));
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| invalid(format!("地址中的{what}“{text}”不是有效的 UTF-8 文字")))
}

/// What is escaped in a URL part: what would end the part, and control characters. Other text,
/// Chinese included, stays readable.
const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'&')
    .add(b'=')
    .add(b'?')
    .add(b'#')
    .add(b'@')
    .add(b':')
    .add(b'/')
    .add(b'[')
    .add(b']')
    .add(b'+')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Escapes [`ESCAPED`], and of the other characters those that are invisible or reorder text
/// (C1 controls, bidi marks and overrides); Chinese stays as it is.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = [0; 4];
    for c in text.chars() {
        let hidden = c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        if c.is_ascii() || hidden {
            let set = if c.is_ascii() { ESCAPED } else { percent_encoding::NON_ALPHANUMERIC };
            out.extend(percent_encoding::utf8_percent_encode(c.encode_utf8(&mut buf), set));
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`percent_encode`], but a path keeps its slashes.
fn percent_encode_path(path: &str) -> String {
    path.split('/').map(percent_encode).collect::<Vec<_>>().join("/")
}

/// The OS user's name, libpq's default role.
fn os_user() -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid())
            && let Ok(passwd) = std::fs::read_to_string("/etc/passwd")
        {
            for line in passwd.lines() {
                let fields: Vec<&str> = line.split(':').collect();
                if fields.len() > 2 && fields[2].parse() == Ok(uid) && !fields[0].is_empty() {
                    return fields[0].to_owned();
                }
            }
        }
    }
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_default()
}

fn parse_port(text: &str) -> Result<u16, StoreError> {
    match text.parse::<u16>() {
        Ok(port) if port > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(port),
        _ => Err(invalid(format!("端口“{text}”无效：应是 1 到 65535 之间的数字"))),
    }
}

fn check_host(host: &str) -> Result<(), StoreError> {
    if host.starts_with('/') || host.parse::<std::net::IpAddr>().is_ok() {
        return Ok(());
    }
    let ok = host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "服务器地址“{host}”无效：应是主机名、IP 地址（IPv6 写在方括号里，如 [fe80::1]），或本机套接字目录（以 / 开头）"
        )))
    }
}

const PASSWORD_REFUSED: &str =
    "地址里不能写密码：密码在连接时输入，不保存在地址、设置或历史记录里。请把地址中的密码去掉";

impl TeamUrl {
    /// Reads a team URL, refusing with a message in Chinese whatever would not work or would
    /// keep a password.
    pub fn parse(text: &str) -> Result<TeamUrl, StoreError> {
        let text = text.trim();
        let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
        let rest = if lower.starts_with("postgresql://") {
            &text[13..]
        } else if lower.starts_with("postgres://") {
            &text[11..]
        } else {
            return Err(invalid(format!(
                "“{}”不是 PostgreSQL 地址：应以 postgres:// 开头，例如 postgres://server.office:5432/beian?sslrootcert=ca.crt",
                text.chars().take(80).collect::<String>()
            )));
        };
        if rest.contains('#') {
            return Err(invalid("地址里不能有 #"));
        }
        let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = before_query.split_once('/').unwrap_or((before_query, ""));

        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let mut user = None;
        if let Some(userinfo) = userinfo {
            if userinfo.contains(':') {
                return Err(invalid(PASSWORD_REFUSED));
            }
            let name = percent_decode(userinfo, "用户名")?;
            if !name.is_empty() {
                user = Some(name);
            }
        }
        if hostport.contains(',') {
            return Err(invalid("地址只能有一个服务器：不支持用逗号列出多个"));
        }
        let (raw_host, raw_port) = if let Some(inner) = hostport.strip_prefix('[') {
            let Some((host, after)) = inner.split_once(']') else {
                return Err(invalid(format!("服务器地址“{hostport}”缺少右方括号 ]")));
            };
            match after {
                "" => (host, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (host, Some(port)),
                    None => return Err(invalid(format!("服务器地址“{hostport}”无效"))),
                },
            }
        } else {
            match hostport.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (hostport, None),
            }
        };
        let mut host = percent_decode(raw_host, "服务器地址")?;
        let mut port = match raw_port {
            Some(p) => parse_port(p)?,
            None => DEFAULT_PORT,
        };
        let dbname = percent_decode(path, "数据库名")?;

        let mut sslmode = SslMode::default();
        let mut sslrootcert = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(invalid(format!("连接参数“{pair}”缺少 =值")));
            };
            let value = percent_decode(value, "参数")?;
            match key {
                "sslmode" => sslmode = SslMode::parse(&value)?,
                "sslrootcert" if !value.is_empty() => sslrootcert = Some(PathBuf::from(value)),
                "sslrootcert" => return Err(invalid("sslrootcert 为空：应是团队服务器 CA 证书文件的路径")),
                "host" => host = value,
                "port" => port = parse_port(&value)?,
                "user" => user = Some(value).filter(|u| !u.is_empty()),
                "password" | "passfile" => return Err(invalid(PASSWORD_REFUSED)),
                other => {
                    return Err(invalid(format!(
                        "不认识的连接参数“{other}”：团队地址只用 sslmode、sslrootcert、host、port、user"
                    )));
                }
            }
        }
        if dbname.is_empty() {
            return Err(invalid("地址缺少数据库名：应写在服务器后面，例如 postgres://server:5432/beian"));
        }
        if host.is_empty() {
            return Err(invalid("地址缺少服务器：例如 postgres://server.office:5432/beian"));
        }
        check_host(&host)?;
        let user = match user {
            Some(u) => u,
            None => os_user(),
        };
        if user.is_empty() {
            return Err(invalid("地址缺少用户名：例如 postgres://zhangsan@server:5432/beian"));
        }
        let url = TeamUrl { user, host, port, dbname, sslmode, sslrootcert };
        if url.sslmode == SslMode::Disable && !url.is_socket() {
            return Err(disable_refused());
        }
        Ok(url)
    }

    /// Whether this is a Unix socket on this machine (no TLS).
    pub fn is_socket(&self) -> bool {
        self.host.starts_with('/')
    }

    /// The server as people write it: `host:port`, `[v6]:port`, or the socket folder.
    pub fn server(&self) -> String {
        if self.is_socket() {
            format!("{}/.s.PGSQL.{}", self.host.trim_end_matches('/'), self.port)
        } else if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn disable_refused() -> StoreError {
    invalid("sslmode=disable 只能用于本机套接字：通过网络连接团队服务器必须加密，请用 sslmode=verify-full")
}

impl std::str::FromStr for TeamUrl {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TeamUrl::parse(s)
    }
}

impl TeamUrl {
    /// The server address as staff enter it (团队模式, 设置): `host[:port]/db?…`, with or without
    /// `postgres://`, and without a login (the login is a field of its own). `None` when nothing
    /// but the scheme was entered.
    pub fn entered(server: &str) -> Result<Option<TeamUrl>, StoreError> {
        let server = server.trim();
        let rest =
            server.strip_prefix("postgres://").or_else(|| server.strip_prefix("postgresql://")).unwrap_or(server);
        if rest.is_empty() {
            return Ok(None);
        }
        if rest.contains('@') {
            return Err(StoreError::Invalid {
                field: "server".into(),
                message: "服务器地址中不要包含登录名或密码：登录名请填在下面".into(),
            });
        }
        TeamUrl::parse(&format!("postgres://{rest}")).map(Some)
    }

    /// The URL without a user: what an admin hands out, each desk logging in as its own.
    pub fn without_user(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, false).unwrap_or_default();
        out
    }

    fn write(&self, f: &mut impl fmt::Write, with_user: bool) -> fmt::Result {
        let mut query = Vec::new();
        f.write_str("postgres://")?;
        if with_user {
            write!(f, "{}@", percent_encode(&self.user))?;
        }
        if self.is_socket() {
            query.push(format!("host={}", percent_encode_path(&self.host)));
        } else if self.host.contains(':') {
            write!(f, "[{}]", self.host)?;
        } else {
            f.write_str(&self.host)?;
        }
        write!(f, ":{}/{}", self.port, percent_encode(&self.dbname))?;
        if self.sslmode != SslMode::default() {
            query.push(format!("sslmode={}", self.sslmode));
        }
        if let Some(ca) = &self.sslrootcert {
            query.push(format!("sslrootcert={}", percent_encode_path(&ca.to_string_lossy())));
        }
        if !query.is_empty() {
            write!(f, "?{}", query.join("&"))?;
        }
        Ok(())
    }
}

/// The URL form, which [`TeamUrl::parse`] reads back to the same value. It holds no password:
/// a `TeamUrl` never has one.
impl fmt::Display for TeamUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, true)
    }
}

/// Connects to the team's server as `url.user`, with `password` when the server asks for one.
/// `application_name` shows in `pg_stat_activity` (e.g. `beian-desk/DESK-07`).
pub fn connect(url: &TeamUrl, password: Option<&str>, application_name: &str) -> Result<postgres::Client, StoreError> {
    let mut config = postgres::Config::new();
    config
        .user(&url.user)
        .dbname(&url.dbname)
        .port(url.port)
        .application_name(application_name)
        .options(SESSION_OPTIONS)
        .connect_timeout(CONNECT_TIMEOUT)
        // A server that vanishes mid-query (a cable pulled, a laptop asleep) is noticed in about
        // a minute rather than at the kernel's retransmission timeout.
        .keepalives_idle(Duration::from_secs(30))
        .keepalives_interval(Duration::from_secs(10))
        .keepalives_retries(3);
    if let Some(password) = password {
        config.password(password);
    }
    if url.is_socket() {
        config.host_path(&url.host).ssl_mode(postgres::config::SslMode::Disable);
        return within_timeout(url, move || config.connect(postgres::NoTls));
    }
    if url.sslmode == SslMode::Disable {
        return Err(disable_refused());
    }
    config.host(&url.host).ssl_mode(postgres::config::SslMode::Require);
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(client_config(url)?);
    within_timeout(url, move || config.connect(tls))
}

/// Runs `connect` and gives up after [`CONNECT_TIMEOUT`]. The client's own `connect_timeout`
/// bounds only the TCP connection; a server that accepts it and then says nothing (hung, or a
/// middlebox in the way) would hold the desk for good. Given up, the attempt finishes on its own
/// thread, which the TCP keepalives end within about a minute.
fn within_timeout(
    url: &TeamUrl,
    connect: impl FnOnce() -> Result<postgres::Client, postgres::Error> + Send + 'static,
) -> Result<postgres::Client, StoreError> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("beian-team-connect".into())
        .spawn(move || {
            let _ = tx.send(connect());
        })
        .map_err(|e| team_failure(None, format!("无法连接团队服务器 {}：{e}", url.server())))?;
    match rx.recv_timeout(CONNECT_TIMEOUT) {
        Ok(result) => result.map_err(|e| explain(url, &e)),
        Err(_) => Err(unreachable(url, "连接超时：服务器没有应答")),
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The team's CA certificates from `path` (PEM).
fn load_roots(path: &Path) -> Result<RootCertStore, StoreError> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| {
        invalid(if e.kind() == std::io::ErrorKind::NotFound {
            format!("找不到团队服务器的 CA 证书文件 {shown}：请向管理员要 ca.crt，并在地址的 sslrootcert= 里写它的路径")
        } else {
            format!("无法读取团队服务器的 CA 证书文件 {shown}：{e}")
        })
    })?;
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&bytes) {
        let cert = cert.map_err(|_| {
            invalid(format!("CA 证书文件 {shown} 无法读取：应是 PEM 格式（-----BEGIN CERTIFICATE-----）"))
        })?;
        roots.add(cert).map_err(|e| invalid(format!("CA 证书文件 {shown} 里的证书无效：{e}")))?;
    }
    if roots.is_empty() {
        return Err(invalid(format!("CA 证书文件 {shown} 里没有证书：应是 PEM 格式（-----BEGIN CERTIFICATE-----）")));
    }
    Ok(roots)
}

/// The TLS configuration `url.sslmode` asks for.
fn client_config(url: &TeamUrl) -> Result<rustls::ClientConfig, StoreError> {
    let provider = provider();
    let roots = match &url.sslrootcert {
        Some(path) => Some(Arc::new(load_roots(path)?)),
        None => None,
    };
    let verifier: Arc<dyn ServerCertVerifier> = match (url.sslmode, roots) {
        (SslMode::VerifyFull, Some(roots)) => WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(|e| invalid(e.to_string()))?,
        (SslMode::VerifyCa | SslMode::Require, Some(roots)) => {
            let inner = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|e| invalid(e.to_string()))?;
            Arc::new(ChainOnly(inner))
        }
        (SslMode::Require, None) => Arc::new(Unverified(provider.clone())),
        (mode, None) => {
            return Err(invalid(format!(
                "sslmode={mode} 需要团队服务器的 CA 证书：在地址后加 ?sslrootcert=证书文件路径（试用服务器的证书在它文件夹里的 tls/ca.crt）"
            )));
        }
        (SslMode::Disable, Some(_)) => return Err(disable_refused()),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// `verify-ca`: the chain must lead to the team's CA; the name is not checked. webpki checks the
/// name only after the chain, so a name error means the chain was good.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `require` without a CA: encrypted, the certificate taken as it comes (libpq's behaviour). The
/// handshake's signatures are still checked, and SCRAM's channel binding still ties the password
/// exchange to this very connection.
#[derive(Debug)]
struct Unverified(Arc<CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The errors a failed connection is made of, outermost first.
fn chain(e: &postgres::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut out: Vec<&(dyn std::error::Error + 'static)> = vec![e];
    while let Some(next) = out.last().and_then(|e| e.source()) {
        out.push(next);
    }
    out
}

/// The rustls error somewhere in a failed connection, if TLS failed.
fn tls_error<'a>(errors: &[&'a (dyn std::error::Error + 'static)]) -> Option<&'a rustls::Error> {
    errors.iter().find_map(|e| {
        e.downcast_ref::<rustls::Error>().or_else(|| {
            e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()).and_then(|inner| inner.downcast_ref())
        })
    })
}

fn unreachable(url: &TeamUrl, why: &str) -> StoreError {
    team_failure(None, format!("无法连接团队服务器 {}（{why}），请检查地址和网络；服务器恢复后再试", url.server()))
}

/// What a failed connection means, in Chinese, for the person at the desk. Nothing here can
/// hold the password: neither the client's errors nor the server's messages contain it.
fn explain(url: &TeamUrl, e: &postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        return team_failure(
            Some(code),
            if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
                if db.message().contains("pg_hba.conf") {
                    format!(
                        "团队服务器不接受从本机以“{}”连接（pg_hba.conf 没有相应的规则）：请管理员允许本机的网络地址",
                        url.user
                    )
                } else {
                    format!("用户名或密码错误（用户“{}”）：请检查后重新输入", url.user)
                }
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                format!("团队服务器 {} 上没有数据库“{}”：请检查地址里的数据库名", url.server(), url.dbname)
            } else if *code == SqlState::TOO_MANY_CONNECTIONS {
                format!("团队服务器 {} 的连接数已满：请稍后再试，或请管理员调大 max_connections", url.server())
            } else if *code == SqlState::CANNOT_CONNECT_NOW {
                format!("团队服务器 {} 正在启动或关闭：请稍后再试", url.server())
            } else {
                format!("团队服务器 {} 拒绝了连接：{}（{}）", url.server(), db.message(), code.code())
            },
        );
    }
    let errors = chain(e);
    if let Some(tls) = tls_error(&errors) {
        let ca = url.sslrootcert.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
        return team_failure(
            None,
            match tls {
                rustls::Error::InvalidCertificate(
                    CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
                ) => format!(
                    "服务器证书无法验证：{} 的证书不是为“{}”签发的（主机名不符）。请用证书上的名称连接，或请管理员重新签发包含这个名称的证书",
                    url.server(),
                    url.host
                ),
                rustls::Error::InvalidCertificate(
                    CertificateError::Expired | CertificateError::ExpiredContext { .. },
                ) => {
                    format!("服务器证书无法验证：{} 的证书已过期，请管理员更换证书", url.server())
                }
                rustls::Error::InvalidCertificate(
                    CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. },
                ) => format!("服务器证书无法验证：{} 的证书尚未生效，请检查本机的日期和时间", url.server()),
                rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer | CertificateError::BadSignature) => {
                    format!(
                        "服务器证书无法验证：{} 的证书不是由所给的 CA 证书（{ca}）签发的。请向管理员确认 CA 证书；若服务器刚换过证书，也请核实不是他人冒充",
                        url.server()
                    )
                }
                rustls::Error::InvalidCertificate(other) => {
                    format!("服务器证书无法验证：{} 的证书被拒绝（{other:?}）", url.server())
                }
                other => format!("无法与团队服务器 {} 建立加密连接：{other}", url.server()),
            },
        );
    }
    let text = errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(": ");
    if text.contains("server does not support TLS") {
        return team_failure(
            None,
            format!(
                "团队服务器 {} 不支持加密连接（ssl = off）：请管理员为服务器开启 TLS，团队连接不使用明文",
                url.server()
            ),
        );
    }
    if text.contains("password missing") {
        return team_failure(None, format!("团队服务器要求用户“{}”输入密码", url.user));
    }
    if let Some(io) = errors.iter().find_map(|e| e.downcast_ref::<std::io::Error>()) {
        use std::io::ErrorKind as K;
        let why = match io.kind() {
            K::ConnectionRefused => "连接被拒绝：服务器没有运行，或端口不对",
            K::TimedOut => "连接超时",
            K::HostUnreachable | K::NetworkUnreachable | K::AddrNotAvailable => "网络不可达",
            K::NotFound if url.is_socket() => "本机套接字不存在：服务器没有运行，或端口不对",
            K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => "连接被中断",
            _ if text.contains("lookup address") || text.contains("resolve") => "找不到这个服务器名称",
            _ => "",
        };
        if !why.is_empty() {
            return unreachable(url, why);
        }
    }
    if text.contains("timeout") || text.contains("timed out") {
        return unreachable(url, "连接超时");
    }
    if text.starts_with("error connecting to server") {
        return unreachable(url, &text);
    }
    team_failure(None, format!("连接团队服务器 {} 失败：{text}", url.server()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> String {
        match TeamUrl::parse(text) {
            Ok(url) => panic!("{text} was taken: {url:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_full_url_is_read() {
        let url = TeamUrl::parse(
            "postgres://zhangsan@db.office.example:6432/beian?sslmode=verify-ca&sslrootcert=/etc/beian/ca.crt",
        )
        .unwrap();
        assert_eq!(url.user, "zhangsan");
        assert_eq!(url.host, "db.office.example");
        assert_eq!(url.port, 6432);
        assert_eq!(url.dbname, "beian");
        assert_eq!(url.sslmode, SslMode::VerifyCa);
        assert_eq!(url.sslrootcert.as_deref(), Some(Path::new("/etc/beian/ca.crt")));
        assert!(!url.is_socket());
        assert_eq!(url.server(), "db.office.example:6432");
        let socket = TeamUrl::parse("postgres://u@/beian?host=/run/postgresql").unwrap();
        assert_eq!(socket.server(), "/run/postgresql/.s.PGSQL.5432");
    }

    #[test]
    fn defaults_are_libpqs_but_verify_full() {
        let url = TeamUrl::parse("postgresql://db/beian").unwrap();
        assert_eq!(url.port, 5432);
        assert_eq!(url.sslmode, SslMode::VerifyFull);
        assert_eq!(url.sslrootcert, None);
        assert_eq!(url.user, os_user());
        assert!(!url.user.is_empty());
        assert!(TeamUrl::parse("POSTGRES://db/beian").is_ok());
        assert!(TeamUrl::parse("  postgres://db/beian \n").is_ok());
    }

    #[test]
    fn ipv6_and_addresses() {
        let url = TeamUrl::parse("postgres://u@[fe80::1]:5433/beian").unwrap();
        assert_eq!((url.host.as_str(), url.port), ("fe80::1", 5433));
        assert_eq!(url.server(), "[fe80::1]:5433");
        assert_eq!(TeamUrl::parse("postgres://u@[::1]/beian").unwrap().port, 5432);
        assert_eq!(TeamUrl::parse("postgres://u@10.0.0.5/beian").unwrap().host, "10.0.0.5");
    }

    #[test]
    fn unix_sockets_by_query_or_encoded_host() {
        let url = TeamUrl::parse("postgres://beian_owner@/beian?host=/tmp/x/socket&port=5544&sslmode=disable").unwrap();
        assert!(url.is_socket());
        assert_eq!((url.host.as_str(), url.port, url.sslmode), ("/tmp/x/socket", 5544, SslMode::Disable));
        let encoded = TeamUrl::parse("postgres://beian_owner@%2Ftmp%2Fx%2Fsocket:5544/beian?sslmode=disable").unwrap();
        assert_eq!(encoded, url);
        // A socket needs no sslmode: it never uses TLS.
        assert!(TeamUrl::parse("postgres://u@/beian?host=/run/postgresql").unwrap().is_socket());
    }

    #[test]
    fn display_reads_back_and_shows_no_password() {
        for text in [
            "postgres://zhangsan@db.office.example:6432/beian?sslmode=verify-ca&sslrootcert=/etc/beian/ca.crt",
            "postgres://u@[fe80::1]:5433/beian",
            "postgres://beian_owner@/beian?host=/tmp/x/socket&port=5544&sslmode=disable",
            "postgres://%E5%BC%A0%E4%B8%89@db/%E5%A4%87%E6%A1%88?sslrootcert=/home/%E5%BC%A0/a%26b%20c.crt",
            "postgres://u@db/beian?sslmode=require",
        ] {
            let url = TeamUrl::parse(text).unwrap();
            let shown = url.to_string();
            assert_eq!(TeamUrl::parse(&shown).unwrap(), url, "{text} → {shown}");
        }
        let url =
            TeamUrl::parse("postgres://%E5%BC%A0%E4%B8%89@db/beian?sslrootcert=/home/%E5%BC%A0/a%26b.crt").unwrap();
        assert_eq!(url.user, "张三");
        assert_eq!(url.sslrootcert.as_deref(), Some(Path::new("/home/张/a&b.crt")));
        assert_eq!(url.to_string(), "postgres://张三@db:5432/beian?sslrootcert=/home/张/a%26b.crt");
        assert_eq!(url.without_user(), "postgres://db:5432/beian?sslrootcert=/home/张/a%26b.crt");
        // What would hide or reorder text is shown escaped.
        let tricky = TeamUrl { dbname: "be\u{202E}ian\u{85}".into(), ..url };
        assert!(tricky.to_string().contains("/be%E2%80%AEian%C2%85"), "{tricky}");
        assert_eq!(TeamUrl::parse(&tricky.to_string()).unwrap(), tricky);
    }

    #[test]
    fn what_is_not_a_postgres_url() {
        for text in ["", "db.office:5432/beian", "mysql://db/beian", "http://db/beian", "postgres:/db/beian"] {
            assert!(refused(text).contains("不是 PostgreSQL 地址"), "{text}");
        }
        assert!(refused("postgres://db/beian#x").contains('#'));
    }

    #[test]
    fn a_database_is_needed() {
        for text in ["postgres://db", "postgres://db/", "postgres://db:5432/?sslmode=verify-full"] {
            assert!(refused(text).contains("缺少数据库名"), "{text}");
        }
    }

    #[test]
    fn a_server_is_needed_and_must_be_one() {
        assert!(refused("postgres:///beian").contains("缺少服务器"));
        assert!(refused("postgres://u@:5432/beian").contains("缺少服务器"));
        assert!(refused("postgres://a,b/beian").contains("一个服务器"));
        for host in [
            "postgres://db%20x/beian",
            "postgres://数据库/beian",
            "postgres://[fe80::1/beian",
            "postgres://[::1]x/beian",
            "postgres://u@db/beian?host=relative/dir",
        ] {
            assert!(refused(host).contains("服务器地址"), "{host}");
        }
    }

    #[test]
    fn bad_ports() {
        for text in [
            "postgres://db:0/beian",
            "postgres://db:65536/beian",
            "postgres://db:54x/beian",
            "postgres://db:/beian",
            "postgres://db:+54/beian",
            "postgres://db/beian?port=-1",
        ] {
            assert!(refused(text).contains("端口"), "{text}");
        }
    }

    #[test]
    fn sslmodes() {
        assert!(refused("postgres://db/beian?sslmode=verify").contains("sslmode“verify”无效"));
        assert!(refused("postgres://db/beian?sslmode=prefer").contains("不支持 sslmode=prefer"));
        assert!(refused("postgres://db/beian?sslmode=allow").contains("不支持 sslmode=allow"));
        assert!(refused("postgres://db/beian?sslmode=disable").contains("只能用于本机套接字"));
        assert_eq!(TeamUrl::parse("postgres://db/beian?sslmode=require").unwrap().sslmode, SslMode::Require);
    }

    #[test]
    fn passwords_are_refused_wherever_they_are() {
        for text in [
            "postgres://zhangsan:s3cret-pw@db/beian",
            "postgres://zhangsan:@db/beian",
            "postgres://db/beian?password=s3cret-pw",
            "postgres://db/beian?passfile=/x",
        ] {
            let message = refused(text);
            assert!(message.contains("不能写密码"), "{text}: {message}");
            assert!(!message.contains("s3cret"), "{message}");
        }
    }

    #[test]
    fn other_bad_input() {
        assert!(refused("postgres://db/beian?sslrootcert=").contains("sslrootcert 为空"));
        assert!(refused("postgres://db/beian?application_name=x").contains("不认识的连接参数"));
        assert!(refused("postgres://db/beian?sslmode").contains("缺少 =值"));
        assert!(refused("postgres://db/be%ZZian").contains("% 转义"));
        assert!(refused("postgres://db/be%FFian").contains("UTF-8"));
        assert!(refused("postgres://%FF@db/beian").contains("用户名"));
    }

    #[test]
    fn verify_modes_need_a_ca_before_anything_is_sent() {
        let url = TeamUrl::parse("postgres://u@127.0.0.1:1/beian").unwrap();
        let err = connect(&url, Some("pw"), "test").err().expect("refused").to_string();
        assert!(err.contains("需要团队服务器的 CA 证书"), "{err}");
        let url = TeamUrl::parse("postgres://u@127.0.0.1:1/beian?sslrootcert=/nonexistent/ca.crt").unwrap();
        let err = connect(&url, None, "test").err().expect("refused").to_string();
        assert!(err.contains("找不到团队服务器的 CA 证书文件 /nonexistent/ca.crt"), "{err}");
    }
}
