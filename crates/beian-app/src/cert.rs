//! Certificates: the APK Signing Block, PKCS#7/CMS scanning, fingerprints and public keys.

use crate::le::{u32_at, u64_at};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode};
use md5::Md5;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

use crate::InspectError;

/// The signing (leaf) certificate; fingerprints are lower-case hex of its DER.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    pub subject: String,
    pub issuer: String,
    pub md5: String,
    pub sha1: String,
    pub sha256: String,
    pub not_after: Option<String>,
}

/// Describes a DER certificate: (certificate, public key, public key kind).
pub(crate) fn describe(der: &[u8]) -> Result<(Certificate, String, String), InspectError> {
    let (_, c) = X509Certificate::from_der(der).map_err(|_| InspectError::BadCertificate)?;
    let spki = c.public_key();
    let (public_key, kind) = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            let m = rsa.modulus;
            let start = m.iter().position(|&b| b != 0).unwrap_or(m.len());
            (hex::encode(&m[start..]), "rsa_modulus")
        }
        _ => (hex::encode(spki.raw), "spki"),
    };
    let cert = Certificate {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        md5: hex::encode(Md5::digest(der)),
        sha1: hex::encode(Sha1::digest(der)),
        sha256: hex::encode(Sha256::digest(der)),
        not_after: c.validity().not_after.to_rfc2822().ok(),
    };
    Ok((cert, public_key, kind.to_string()))
}

/// Reads a `.cer`/`.crt`/`.pem` file (PEM or DER): (certificate, public key, public key kind).
pub fn inspect_certificate(bytes: &[u8]) -> Result<(Certificate, String, String), InspectError> {
    if let Ok((_, pem)) = x509_parser::pem::parse_x509_pem(bytes) {
        return describe(&pem.contents);
    }
    describe(bytes)
}

/// A u32-length-prefixed slice at `o`: (slice, offset after it).
fn lp(b: &[u8], o: usize) -> Option<(&[u8], usize)> {
    let n = u32_at(b, o)? as usize;
    let s = o.checked_add(4)?;
    let e = s.checked_add(n)?;
    Some((b.get(s..e)?, e))
}

/// Finds the APK Signing Block and returns the first certificate of the first signer of each
/// scheme present, with the scheme's name ("v2", "v3", "v3.1").
pub(crate) fn apk_signing_block_certs(apk: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    block_certs(apk).unwrap_or_default()
}

fn block_certs(apk: &[u8]) -> Option<Vec<(Vec<u8>, &'static str)>> {
    // End of central directory: the last "PK\5\6" within 64 KiB + 22 bytes of the end.
    let min = apk.len().saturating_sub(22 + 65535);
    let eocd = (min..apk.len().saturating_sub(21)).rev().find(|&i| apk[i..].starts_with(b"PK\x05\x06"))?;
    let cd = u32_at(apk, eocd + 16)? as usize;
    if cd < 24 || cd > apk.len() || &apk[cd - 16..cd] != b"APK Sig Block 42" {
        return None;
    }
    let size = usize::try_from(u64_at(apk, cd - 24)?).ok()?;
    let start = cd.checked_sub(size.checked_add(8)?)?;
    if u64_at(apk, start)? as usize != size {
        return None;
    }
    let pairs = apk.get(start + 8..cd - 24)?;
    let mut out = Vec::new();
    let mut o = 0usize;
    while o + 12 <= pairs.len() {
        let len = usize::try_from(u64_at(pairs, o)?).ok()?;
        let end = o.checked_add(8)?.checked_add(len)?;
        if len < 4 || end > pairs.len() {
            break;
        }
        let id = u32_at(pairs, o + 8)?;
        let value = &pairs[o + 12..end];
        let scheme = match id {
            0x7109_871a => Some("v2"),
            0xf053_68c0 => Some("v3"),
            0x1b93_ad61 => Some("v3.1"),
            _ => None,
        };
        if let Some(scheme) = scheme
            && let Some(c) = first_signer_cert(value)
        {
            out.push((c, scheme));
        }
        o = end;
    }
    Some(out)
}

fn first_signer_cert(value: &[u8]) -> Option<Vec<u8>> {
    let (signers, _) = lp(value, 0)?;
    let (signer, _) = lp(signers, 0)?;
    let (signed_data, _) = lp(signer, 0)?;
    let (_digests, o) = lp(signed_data, 0)?;
    let (certs, _) = lp(signed_data, o)?;
    let (cert, _) = lp(certs, 0)?;
    Some(cert.to_vec())
}

/// The signer's certificate of a PKCS#7/CMS `SignedData` (RFC 5652): the certificate the first
/// `SignerInfo` names by issuer and serial number (or subject key identifier), else the first
/// certificate. A structure the `cms` crate cannot read (BER with indefinite lengths, as some old
/// signing tools write) falls back to the first complete DER certificate inside it.
pub(crate) fn pkcs7_signer_certificate(der: &[u8]) -> Option<Vec<u8>> {
    signer_by_cms(der).or_else(|| first_certificate_in(der))
}

fn signed_data(der: &[u8]) -> Option<SignedData> {
    let ci = ContentInfo::from_der(der).ok()?;
    if ci.content_type != const_oid::db::rfc5911::ID_SIGNED_DATA {
        return None;
    }
    ci.content.decode_as::<SignedData>().ok()
}

fn signer_by_cms(der: &[u8]) -> Option<Vec<u8>> {
    let sd = signed_data(der)?;
    let certs: Vec<x509_cert::Certificate> = sd
        .certificates
        .as_ref()?
        .0
        .iter()
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let named = sd.signer_infos.0.iter().next().and_then(|si| match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => certs
            .iter()
            .find(|c| c.tbs_certificate.issuer == isn.issuer && c.tbs_certificate.serial_number == isn.serial_number),
        SignerIdentifier::SubjectKeyIdentifier(ski) => certs.iter().find(|c| {
            c.tbs_certificate.extensions.iter().flatten().any(|e| {
                e.extn_id == const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER
                    && e.extn_value.as_bytes().ends_with(ski.0.as_bytes())
            })
        }),
    });
    named.or(certs.first())?.to_der().ok()
}

/// The DER `SEQUENCE` with a two-byte length (`30 82 LL LL`, 256 bytes to 64 KiB: certificates and
/// signatures) starting at `i`, when it fits in `b`.
fn der_sequence_at(b: &[u8], i: usize) -> Option<&[u8]> {
    if b.get(i..i.checked_add(2)?)? != [0x30, 0x82] {
        return None;
    }
    let len = u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]) as usize + 4;
    b.get(i..i.checked_add(len)?)
}

/// The first complete DER certificate inside a structure (the `certificates` field precedes
/// `signerInfos`, so this is the first of the set).
fn first_certificate_in(der: &[u8]) -> Option<Vec<u8>> {
    (0..der.len()).find_map(|i| {
        let slice = der_sequence_at(der, i)?;
        match X509Certificate::from_der(slice) {
            Ok(([], _)) => Some(slice.to_vec()),
            _ => None,
        }
    })
}

/// The `DeveloperCertificates` of an `embedded.mobileprovision`: a CMS `SignedData` whose content
/// is an XML plist. The content is taken from the CMS structure; when that cannot be read (Apple
/// writes BER), from the XML plist inside it.
pub(crate) fn mobileprovision_certificates(cms: &[u8]) -> Option<Vec<Vec<u8>>> {
    let from_cms = signed_data(cms).and_then(|sd| {
        let any = sd.encap_content_info.econtent?;
        let octets = any.decode_as::<der::asn1::OctetString>().ok()?;
        Some(octets.into_bytes())
    });
    let xml = match from_cms {
        Some(x) => x,
        None => {
            let start = cms.windows(5).position(|w| w == b"<?xml")?;
            let end = cms.windows(8).rposition(|w| w == b"</plist>")? + 8;
            cms.get(start..end)?.to_vec()
        }
    };
    let dict: plist::Dictionary = plist::from_bytes(&xml).ok()?;
    let certs: Vec<Vec<u8>> =
        dict.get("DeveloperCertificates")?.as_array()?.iter().filter_map(|v| v.as_data().map(<[u8]>::to_vec)).collect();
    (!certs.is_empty()).then_some(certs)
}

/// HarmonyOS: the HAP signing block (OpenHarmony `hapsigntool`, "HAP Sig Block 42" before the ZIP
/// central directory) holds a PKCS#7 `SignedData`; its signer's certificate, when it parses.
pub(crate) fn hap_signing_certificate(hap: &[u8]) -> Option<Vec<u8>> {
    let magic = b"HAP Sig Block 42";
    let at = hap.windows(magic.len()).rposition(|w| w == magic)?;
    // The block precedes its magic; look in at most the 1 MiB before it.
    let block = &hap[at.saturating_sub(1 << 20)..at];
    (0..block.len()).rev().find_map(|i| {
        let slice = der_sequence_at(block, i)?;
        signed_data(slice).and_then(|_| pkcs7_signer_certificate(slice))
    })
}
