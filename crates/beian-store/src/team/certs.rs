//! Certificates for a trial server: its own certificate authority (CA) and the server certificate
//! the CA signs, made with rcgen.
//!
//! Both keys are ECDSA P-256 and both signatures ECDSA with SHA-256: rustls verifies them, and
//! SCRAM channel binding (`tls-server-end-point`, RFC 5929) can hash a certificate only when its
//! signature names one hash (an Ed25519 certificate fails channel binding on PostgreSQL).
//!
//! The CA's name is derived from its key (`Beian Desk team CA 1a2b3c4d`), so the CA can be
//! rebuilt from its key file alone and sign a new server certificate (another host name, another
//! address) that the desks' copy of `ca.crt` still trusts.

use std::net::{IpAddr, Ipv4Addr, UdpSocket};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, date_time_ymd,
};
use sha2::{Digest, Sha256};

use crate::error::StoreError;

fn failed(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid { field: "team".to_owned(), message: format!("{what}：{e}") }
}

/// The current year (UTC), for validity periods.
fn this_year() -> i32 {
    i32::from(jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).year())
}

/// A certificate authority: the trial server's own, whose certificate (`ca.crt`) every desk gets.
pub struct Authority {
    name: String,
    params: CertificateParams,
    key: KeyPair,
    cert_pem: String,
}

impl std::fmt::Debug for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authority").field("name", &self.name).finish_non_exhaustive()
    }
}

/// A server certificate and its private key, both PEM.
#[derive(Clone)]
pub struct ServerCertificate {
    pub cert_pem: String,
    pub key_pem: String,
}

impl std::fmt::Debug for ServerCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerCertificate").finish_non_exhaustive()
    }
}

/// The CA's name, from its public key.
fn ca_name(key: &KeyPair) -> String {
    format!("Beian Desk team CA {}", hex::encode(&Sha256::digest(key.public_key_raw())[..4]))
}

/// The CA's parameters for a key: its name comes from the key, its validity from `year`.
fn ca_params(key: &KeyPair, year: i32) -> CertificateParams {
    let mut name = DistinguishedName::new();
    name.push(DnType::OrganizationName, "Beian Desk");
    name.push(DnType::CommonName, ca_name(key));
    let mut params = CertificateParams::default();
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = date_time_ymd(year - 1, 1, 1);
    params.not_after = date_time_ymd(year + 20, 1, 1);
    params
}

impl Authority {
    /// A new CA with a new key.
    pub fn generate() -> Result<Authority, StoreError> {
        let key = KeyPair::generate().map_err(|e| failed("无法生成 CA 密钥", e))?;
        let params = ca_params(&key, this_year());
        let cert_pem = params.self_signed(&key).map_err(|e| failed("无法生成 CA 证书", e))?.pem();
        Ok(Authority { name: ca_name(&key), params, key, cert_pem })
    }

    /// The CA of an existing trial server, from its certificate and its key (PEM).
    pub fn load(cert_pem: String, key_pem: &str) -> Result<Authority, StoreError> {
        let key = KeyPair::from_pem(key_pem).map_err(|e| failed("CA 密钥无法读取", e))?;
        // Only the name and the key identifier, both from the key, go into what it signs.
        let params = ca_params(&key, this_year());
        Ok(Authority { name: ca_name(&key), params, key, cert_pem })
    }

    /// The CA's common name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The CA's certificate (PEM): what desks are given as `ca.crt`.
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The CA's private key (PEM): kept on the server only, readable by its owner only.
    pub fn key_pem(&self) -> String {
        self.key.serialize_pem()
    }

    /// A server certificate for `names` (DNS names or IP addresses, every one checked), valid for
    /// ten years.
    pub fn issue_server(&self, names: &[String]) -> Result<ServerCertificate, StoreError> {
        for name in names {
            check_name(name)?;
        }
        let key = KeyPair::generate().map_err(|e| failed("无法生成服务器密钥", e))?;
        let mut params = CertificateParams::new(names.to_vec()).map_err(|e| failed("证书名称无效", e))?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, names.first().cloned().unwrap_or_else(|| "beian".to_owned()));
        params.distinguished_name = dn;
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let year = this_year();
        params.not_before = date_time_ymd(year - 1, 1, 1);
        params.not_after = date_time_ymd(year + 10, 1, 1);
        let issuer = Issuer::from_params(&self.params, &self.key);
        let cert = params.signed_by(&key, &issuer).map_err(|e| failed("无法签发服务器证书", e))?;
        Ok(ServerCertificate { cert_pem: cert.pem(), key_pem: key.serialize_pem() })
    }
}

/// Whether `name` can go into a certificate: an IP address, or an ASCII host name.
pub fn check_name(name: &str) -> Result<(), StoreError> {
    if name.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    let labels_ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if labels_ok {
        Ok(())
    } else {
        Err(StoreError::Invalid {
            field: "team".to_owned(),
            message: format!(
                "“{name}”不能作为证书上的服务器名称：应是 IP 地址或主机名（字母、数字、连字符，用点分隔；中文域名请写成 xn-- 形式）"
            ),
        })
    }
}

/// This machine's host name, when it is one a certificate can carry.
pub fn host_name() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| {
            let out = std::process::Command::new("hostname").output().ok()?;
            out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
        })?;
    let name = name.trim().to_ascii_lowercase();
    check_name(&name).is_ok().then_some(name)
}

/// The address this machine reaches the network from (the default route's interface), found
/// without sending anything: a UDP socket is only "connected", never written to.
pub fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// The names a trial server's certificate carries: `localhost`, `127.0.0.1`, `::1`, this
/// machine's host name and network address, then `extra` (each once, in that order).
pub fn standard_names(extra: &[String]) -> Vec<String> {
    let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    names.extend(host_name());
    names.extend(lan_address().map(|ip| ip.to_string()));
    names.extend(extra.iter().map(|n| n.trim().to_ascii_lowercase()));
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_ip_addresses_or_ascii_host_names() {
        for ok in ["localhost", "db.office.example", "10.0.0.5", "::1", "fe80::1", "xn--fiq228c.example", "pc-07"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a..b", "-x.example", "中文.example", "a b", "x_y", "host:5432", &"a".repeat(64)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_loaded_authority_keeps_its_name() {
        let ca = Authority::generate().unwrap();
        let again = Authority::load(ca.cert_pem().to_owned(), &ca.key_pem()).unwrap();
        assert_eq!(ca.name(), again.name());
        assert_ne!(Authority::generate().unwrap().name(), ca.name());
    }

    #[test]
    fn standard_names_come_first_and_once() {
        let names = standard_names(&["LOCALHOST".into(), "beian.office.example".into()]);
        assert_eq!(&names[..3], ["localhost", "127.0.0.1", "::1"]);
        assert_eq!(names.iter().filter(|n| *n == "localhost").count(), 1);
        assert_eq!(names.last().map(String::as_str), Some("beian.office.example"));
    }
}
