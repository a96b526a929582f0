//! Certificate numbers (证件号码): normalisation and format/check-digit validation per type
//! (`rules-digest.md` §3).
//!
//! Standards: GB 11643-1999 公民身份号码 (ISO 7064 MOD 11-2), GB 32100-2015 法人和其他组织统一社会
//! 信用代码 (mod 31), GB 11714-1997 全国组织机构代码 (mod 11).
//!
//! Every number is normalised first ([`normalize`]); the normalised value is what gets stored.
//! Decisions, per type:
//!
//! - **org_code**: the canonical form is `XXXXXXXX-Y`, as printed on 组织机构代码证; input with or
//!   without the hyphen is accepted and [`CertCheck::normalized`] always has the hyphen.
//! - **institution / social group / private non-enterprise certificates**: since 国发〔2015〕33号 these
//!   certificates carry the unified social credit code, and all old certificates had to be replaced by
//!   the end of 2017; the number is validated as a USCC, and a registration department or category
//!   that does not fit the certificate (事业单位 `12`/`A1`, 社会团体 `51`, 民办非企业单位 `52`) is a
//!   warning. A valid 9-character organisation code is still accepted, with a warning, because the
//!   2019 filing guide (§1.1) recommends 组织机构代码证 for 民办非企业单位 and old filings carry it.
//! - **hk_macau_pass**: `H`/`M` + 8 digits (card issued since 2013-01) or `H`/`M` + 10 digits (the
//!   8-digit number followed by the two-digit 换证次数, as older cards and some systems write it; the
//!   filing guide's sample shows "H12345678 XX").
//! - **taiwan_pass**: 8 digits (card issued since 2015-07); the old booklet forms (10 digits, possibly
//!   followed by a letter in parentheses) are accepted with a warning, since the last of them expired
//!   around 2020.
//! - **passport**: Chinese passports (E + 8 digits, E + letter + 7 digits, G + 8 digits, D/S/P(+E) +
//!   7 digits, 14/15 + 7 digits) and foreign passports (5–17 letters or digits) are accepted; input
//!   that looks like a Chinese passport but does not fit, or looks made up, gets a warning.
//! - **foreign_permanent_id**: from 2023-12-01, 18 characters `9` + 受理地 province (2) + nationality
//!   (3 digits) + birth date (8) + sequence (3) + MOD 11-2 check character; before that, 15
//!   characters: ISO 3166-1 alpha-3 nationality (3 letters) + 受理地 code (4 digits) + birth date
//!   YYMMDD + sequence (1) + check digit. The old check digit (ICAO 9303 7-3-1 weights, as used by
//!   third-party readers) is not published by the issuing authority, so a mismatch there is only a
//!   warning. Both forms are accepted: old cards stay valid until they expire.
//! - **officer_id**: 军官证 numbers have no public structure or check algorithm (the common form is
//!   `X字第1234567号`, but units differ), so anything non-empty is accepted and unusual input only
//!   gets a warning.
//! - **other**: anything non-empty.
//!
//! One module per certificate family — `resident_id` (居民身份证 and the GB 11643 shape), `permits`
//! (港澳台居民居住证, 外国人永久居留身份证), `unit` (统一社会信用代码, 组织机构代码), `passes`
//! (港澳/台湾通行证), `passport`, `officer` (军官证) — and `check_chars` for the check-character
//! algorithms they share. This module normalises ([`normalize`]) and dispatches ([`check`]); the
//! public API is re-exported here, so callers write `cert::check`, `cert::gb11643_check_char` ….

use jiff::civil::Date;
use serde::Serialize;
use specta::Type;

use crate::{CertType, Severity, Text, text};

mod check_chars;
mod officer;
mod passes;
mod passport;
mod permits;
mod resident_id;
mod unit;

pub use check_chars::{USCC_ALPHABET, gb11643_check_char, org_code_check_char, uscc_check_char};
pub use resident_id::{Sex, resident_id_parts};
pub use unit::uscc_department_pairs;

use officer::check_officer_id;
use passes::{check_hk_macau_pass, check_taiwan_pass};
use passport::check_passport;
use permits::{check_foreign_permanent_id, check_hmt_permit};
use resident_id::check_resident_id;
use unit::{check_business_license, check_org_code_input, check_unit_certificate};

/// The result of checking one certificate number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CertCheck {
    /// The number as it should be stored: [`normalize`]d, and for organisation codes in the
    /// canonical `XXXXXXXX-Y` form.
    pub normalized: String,
    pub issues: Vec<CertIssue>,
}

impl CertCheck {
    /// Valid when no issue is an error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    /// Whether an issue with this code was reported.
    pub fn has(&self, code: &str) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }
}

/// One finding about a certificate number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CertIssue {
    /// Stable machine code: `required`, `length`, `charset`, `check_digit`, `birth_date`,
    /// `region_prefix`, `region_unknown`, `embedded_org_code`, `department`, `department_mismatch`,
    /// `format`, `legacy_format`, `suspicious`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong and what is expected, in Simplified Chinese.
    pub message: String,
    /// The same, in English.
    pub message_en: String,
}

impl CertIssue {
    /// The message in both languages.
    pub fn text(&self) -> Text {
        Text::new(self.message.clone(), self.message_en.clone())
    }
}

fn error(code: &'static str, message: Text) -> CertIssue {
    CertIssue { code, severity: Severity::Error, message: message.zh, message_en: message.en }
}

fn warning(code: &'static str, message: Text) -> CertIssue {
    CertIssue { code, severity: Severity::Warning, message: message.zh, message_en: message.en }
}

/// Characters that are invisible: Unicode `Cc` and `Cf` (soft hyphen, zero-width space/joiners,
/// word joiner, BOM, bidi embeddings/overrides/isolates, tags …) plus a few invisible fillers and
/// variation selectors.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
            | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0
            | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Normalises a certificate number as typed or pasted:
/// full-width ASCII (U+FF01–FF5E) becomes ASCII; every whitespace character (ideographic space
/// included) and every invisible character (zero-width, bidi controls, soft hyphen, other `Cc`/`Cf`)
/// is removed; dash look-alikes (U+2010–2015, U+2212, U+FE58, U+FE63) become `-`; ASCII letters are
/// upper-cased (`x` → `X`). Parentheses are kept (Hong Kong identity card numbers have them); other
/// characters (e.g. `字第…号` of an officer's ID) are kept as they are.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter_map(|c| {
            let c = match c as u32 {
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                0x2010..=0x2015 | 0x2212 | 0xFE58 | 0xFE63 => '-',
                _ => c,
            };
            if c.is_whitespace() || is_invisible(c) { None } else { Some(c.to_ascii_uppercase()) }
        })
        .collect()
}

/// Checks a certificate number of the given type, as of a date (birth dates may not lie after it).
pub fn check(cert_type: CertType, input: &str, as_of: Date) -> CertCheck {
    let normalized = normalize(input);
    if normalized.is_empty() {
        let (label_zh, label_en) = (cert_type.label_zh(), cert_type.label_en());
        return CertCheck {
            normalized,
            issues: vec![error(
                "required",
                text!(zh: "请填写{label_zh}号码。", en: "Fill in the certificate number ({label_en})."),
            )],
        };
    }
    let s = normalized.as_str();
    let (normalized, issues) = match cert_type {
        CertType::ResidentId => (normalized.clone(), check_resident_id(s, as_of)),
        CertType::BusinessLicense => (normalized.clone(), check_business_license(s)),
        CertType::OrgCode => check_org_code_input(s),
        CertType::InstitutionCertificate
        | CertType::SocialGroupCertificate
        | CertType::PrivateNonEnterpriseCertificate => check_unit_certificate(cert_type, s),
        CertType::Passport => (normalized.clone(), check_passport(s)),
        CertType::TaiwanPass => (normalized.clone(), check_taiwan_pass(s, as_of)),
        CertType::HkMacauPass => (normalized.clone(), check_hk_macau_pass(s)),
        CertType::HmtResidencePermit => (normalized.clone(), check_hmt_permit(s, as_of)),
        CertType::ForeignPermanentId => (normalized.clone(), check_foreign_permanent_id(s, as_of)),
        CertType::OfficerId => (normalized.clone(), check_officer_id(s)),
        CertType::Other => (normalized.clone(), Vec::new()),
    };
    CertCheck { normalized, issues }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests;
