//! Normalisation (what gets stored) and autofill (what the guide fills in for personal filings).
//!
//! Decisions:
//! - **certificate numbers**: [`cert::check`]'s normalised form (full-width → ASCII, whitespace and
//!   invisible characters removed, upper case; organisation codes as `XXXXXXXX-Y`).
//! - **phones**: full-width digits → ASCII; whitespace, invisible characters, hyphens and dash
//!   look-alikes and parentheses removed; a `+86` / `0086` / `86` country prefix in front of an
//!   11-digit number starting with 1 is dropped. Empty `phone2` becomes `null`.
//! - **e-mails**: full-width ASCII → ASCII (`＠`, `．`), invisible characters removed, trimmed.
//!   Inner spaces are kept so that validation reports them.
//! - **domains**: trimmed, invisible characters removed, full-width ASCII and `。` mapped, one trailing
//!   dot dropped, lower-cased; a name that is a valid IDN is **stored in its Unicode form** (UTS 46:
//!   `XN--FSQU00A.XN--FIQS8S` → `例子.中国`) for display, and validated through its punycode.
//!   Anything else (with a scheme, path, port …) is only trimmed and lower-cased: validation says
//!   what is wrong rather than normalisation silently cutting it.
//! - **names, investor, addresses, remarks, URLs and other free text**: trimmed (whitespace and
//!   invisible characters at both ends).
//!
//! Normalisation is idempotent, and validation checks normalised values, so
//! `validate(doc) == validate(normalized(doc))`.

use crate::cert;
use crate::model::{FilingDocument, Person};
use crate::rules::text::{fullwidth_to_ascii, is_invisible, trimmed};

/// Normalises the document in place: the form in which it should be stored.
pub fn normalize_document(doc: &mut FilingDocument) {
    let s = &mut doc.subject;
    trimmed(&mut s.region.province);
    trimmed(&mut s.region.city);
    normalize_opt(&mut s.region.district, trimmed);
    trimmed(&mut s.name);
    s.cert_number = normalize_cert(s.cert_type, &s.cert_number);
    trimmed(&mut s.cert_address);
    trimmed(&mut s.mailing_address);
    trimmed(&mut s.investor);
    trimmed(&mut s.remark);
    normalize_opt(&mut s.filed.icp_number, trimmed);
    normalize_person(&mut s.principal);
    for w in &mut doc.websites {
        trimmed(&mut w.name);
        for d in &mut w.domains {
            *d = crate::domain::normalize(d);
        }
        trimmed(&mut w.homepage_url);
        trimmed(&mut w.content);
        for l in &mut w.languages {
            trimmed(l);
        }
        for p in &mut w.preapprovals {
            trimmed(&mut p.kind);
            trimmed(&mut p.number);
            normalize_opt(&mut p.attachment, trimmed);
        }
        normalize_opt(&mut w.product.instance_id, trimmed);
        normalize_opt(&mut w.product.service_number, trimmed);
        if let Some(p) = &mut w.principal {
            normalize_person(p);
        }
        trimmed(&mut w.remark);
        if let Some(app) = &mut w.app {
            for p in &mut app.platforms {
                trimmed(&mut p.package);
                p.fingerprint = super::app::normalize_fingerprint(&p.fingerprint);
                trimmed(&mut p.public_key);
                for d in &mut p.domains {
                    *d = crate::domain::normalize(d);
                }
            }
            for ip in &mut app.ips {
                trimmed(ip);
            }
            for s in &mut app.sdks {
                trimmed(&mut s.vendor);
                trimmed(&mut s.name);
                trimmed(&mut s.purpose);
            }
        }
        for h in [&mut w.mini_program, &mut w.quick_app].into_iter().flatten() {
            trimmed(&mut h.platform);
            trimmed(&mut h.app_id);
        }
        normalize_opt(&mut w.filed.icp_number, trimmed);
    }
}

/// Fills in what the guide fills in: for a personal filing the investor and the subject principal's
/// name and certificate are the subject's (§3: 系统…自动填充). Nothing changes for units. Website
/// principals are left alone: a personal filing's website principal *is* the subject principal
/// (`null`), and an object that differs is reported by validation rather than overwritten.
pub fn autofill(doc: &mut FilingDocument) {
    let s = &mut doc.subject;
    if s.nature.is_personal() {
        s.investor.clone_from(&s.name);
        s.principal.name.clone_from(&s.name);
        s.principal.cert_type = s.cert_type;
        s.principal.cert_number.clone_from(&s.cert_number);
    }
}

fn normalize_opt(v: &mut Option<String>, f: impl FnOnce(&mut String)) {
    if let Some(s) = v {
        f(s);
        if s.is_empty() {
            *v = None;
        }
    }
}

fn normalize_person(p: &mut Person) {
    trimmed(&mut p.name);
    p.cert_number = normalize_cert(p.cert_type, &p.cert_number);
    p.phone = normalize_phone(&p.phone);
    normalize_opt(&mut p.phone2, |s| *s = normalize_phone(s));
    p.emergency_phone = normalize_phone(&p.emergency_phone);
    p.email = normalize_email(&p.email);
    normalize_opt(&mut p.hk_macau_id, |s| *s = cert::normalize(s));
}

/// A certificate number as stored.
pub fn normalize_cert(cert_type: crate::CertType, number: &str) -> String {
    if number.is_empty() {
        return String::new();
    }
    // The normalised form does not depend on the date.
    cert::check(cert_type, number, jiff::civil::date(2000, 1, 1)).normalized
}

/// A phone number as stored (see the module documentation).
pub fn normalize_phone(input: &str) -> String {
    let s: String = cert::normalize(input).chars().filter(|c| !matches!(c, '-' | '(' | ')')).collect();
    let eleven = |r: &str| r.len() == 11 && r.starts_with('1') && r.bytes().all(|b| b.is_ascii_digit());
    for prefix in ["+86", "0086", "86"] {
        if let Some(rest) = s.strip_prefix(prefix)
            && eleven(rest)
        {
            return rest.to_owned();
        }
    }
    s
}

/// An e-mail address as stored.
pub fn normalize_email(input: &str) -> String {
    let s: String = input.chars().filter(|c| !is_invisible(*c)).map(fullwidth_to_ascii).collect();
    s.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(normalize_phone("138 0000 0000"), "13800000000");
        assert_eq!(normalize_phone("138-0000-0000"), "13800000000");
        assert_eq!(normalize_phone("１３８００００００００"), "13800000000");
        assert_eq!(normalize_phone("+86 138 0000 0000"), "13800000000");
        assert_eq!(normalize_phone("(+86)13800000000"), "13800000000");
        assert_eq!(normalize_phone("008613800000000"), "13800000000");
        assert_eq!(normalize_phone("8613800000000"), "13800000000");
        assert_eq!(normalize_phone("0571-88158388"), "057188158388");
        assert_eq!(normalize_phone("\u{200B}13800000000\u{FEFF}"), "13800000000");
    }

    #[test]
    fn emails_and_certs() {
        assert_eq!(normalize_email(" zhangsan＠example．com\u{200B} "), "zhangsan@example.com");
        assert_eq!(normalize_cert(crate::CertType::ResidentId, "33010619900101123x"), "33010619900101123X");
        assert_eq!(normalize_cert(crate::CertType::OrgCode, "123456789"), "12345678-9");
    }
}
