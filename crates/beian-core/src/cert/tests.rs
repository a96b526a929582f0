//! Helpers for every family's tests, the tests of normalisation and dispatch, and the property
//! tests (generated valid numbers pass; a single substitution breaks them).

use super::*;
use proptest::prelude::*;

pub(super) fn as_of() -> Date {
    jiff::civil::date(2025, 6, 1)
}

pub(super) fn chk(t: CertType, s: &str) -> CertCheck {
    check(t, s, as_of())
}

pub(super) fn codes(c: &CertCheck) -> Vec<&'static str> {
    c.issues.iter().map(|i| i.code).collect()
}

pub(super) fn errors(c: &CertCheck) -> Vec<&'static str> {
    c.issues.iter().filter(|i| i.severity == Severity::Error).map(|i| i.code).collect()
}

pub(super) fn rid(body17: &str) -> String {
    format!("{body17}{}", gb11643_check_char(body17).unwrap())
}

pub(super) fn uscc(head2: &str, region: &str, org8: &str) -> String {
    let org = format!("{org8}{}", org_code_check_char(org8).unwrap());
    let body = format!("{head2}{region}{org}");
    format!("{body}{}", uscc_check_char(&body).unwrap())
}

// ---- normalisation ------------------------------------------------------------------------

#[test]
fn normalize_cleans_what_people_paste() {
    let clean = "33010619900101123X";
    for dirty in [
        "33010619900101123x",
        "３３０１０６１９９００１０１１２３Ｘ",
        "３３０１０６１９９００１０１１２３ｘ",
        " 330106 19900101 123X ",
        "330106\u{3000}19900101\u{3000}123X",
        "\u{200B}330106\u{200C}1990\u{200D}0101\u{2060}123X\u{FEFF}",
        "\u{202E}33010619900101123X\u{202C}",
        "\u{2067}330106\u{2069}19900101\u{200F}123\u{200E}X",
        "330106\u{00AD}19900101\t123X\r\n",
        "3301061990\u{E0041}0101123X",
    ] {
        assert_eq!(normalize(dirty), clean, "{dirty:?}");
        assert_eq!(chk(CertType::ResidentId, dirty).normalized, clean);
        assert!(chk(CertType::ResidentId, dirty).is_valid(), "{dirty:?}");
    }
    assert_eq!(normalize("A123456（7）"), "A123456(7)");
    assert_eq!(normalize("h12345678"), "H12345678");
    assert_eq!(normalize("D2143569–X"), "D2143569-X");
    assert_eq!(normalize("南字第１２３４５６７号"), "南字第1234567号");
    assert_eq!(normalize(" \u{3000}\u{200B} "), "");
}

#[test]
fn empty_input_is_required_for_every_type() {
    for t in CertType::ALL {
        for input in ["", "   ", "\u{3000}\u{200B}\u{FEFF}"] {
            let c = chk(t, input);
            assert_eq!(codes(&c), vec!["required"], "{t:?}");
            assert!(!c.is_valid());
            assert!(c.issues[0].message.contains(t.label_zh()));
        }
    }
    assert!(chk(CertType::Other, "随便什么").is_valid());
}

#[test]
fn serializes_with_string_codes() {
    let c = chk(CertType::ResidentId, "330106199001011238");
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["normalized"], "330106199001011238");
    assert_eq!(v["issues"][0]["code"], "check_digit");
    assert_eq!(v["issues"][0]["severity"], "error");
}

// ---- property tests ------------------------------------------------------------------------------

const MAINLAND: [&str; 31] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
];
const DIGITS: &str = "0123456789";
const DIGITS_X: &str = "0123456789X";
const ORG_BODY: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn date8() -> impl Strategy<Value = String> {
    (1900i16..=2025, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| {
        let d = d.min(jiff::civil::date(y, m, 1).days_in_month());
        let date = jiff::civil::date(y, m, d).min(jiff::civil::date(2025, 6, 1));
        date.strftime("%Y%m%d").to_string()
    })
}

fn digits(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, n).prop_map(|v| v.iter().map(|d| char::from(b'0' + d)).collect())
}

fn chars_of(alphabet: &'static str, n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(alphabet.chars().collect::<Vec<_>>()), n)
        .prop_map(|v| v.into_iter().collect())
}

fn resident_id() -> impl Strategy<Value = String> {
    (proptest::sample::select(MAINLAND.to_vec()), digits(4), date8(), digits(3))
        .prop_map(|(p, county, date, seq)| rid(&format!("{p}{county}{date}{seq}")))
}

fn hmt_permit() -> impl Strategy<Value = String> {
    (proptest::sample::select(vec!["810000", "820000", "830000"]), date8(), digits(3))
        .prop_map(|(p, date, seq)| rid(&format!("{p}{date}{seq}")))
}

fn foreign_permanent_new() -> impl Strategy<Value = String> {
    (proptest::sample::select(MAINLAND.to_vec()), digits(3), date8(), digits(3))
        .prop_map(|(p, nat, date, seq)| rid(&format!("9{p}{nat}{date}{seq}")))
}

fn uscc_valid() -> impl Strategy<Value = String> {
    let pairs: Vec<(char, char)> = uscc_department_pairs().collect();
    let region = prop_oneof![
        Just("100000".to_owned()),
        (proptest::sample::select(MAINLAND.to_vec()), digits(4)).prop_map(|(p, r)| format!("{p}{r}")),
    ];
    (proptest::sample::select(pairs), region, chars_of(USCC_ALPHABET, 8))
        .prop_map(|((d, c), region, org)| uscc(&format!("{d}{c}"), &region, &org))
}

fn org_code_valid() -> impl Strategy<Value = String> {
    chars_of(ORG_BODY, 8).prop_map(|b| format!("{b}{}", org_code_check_char(&b).unwrap()))
}

/// Replaces the character at `pos` with the `pick`-th allowed character that differs from it.
fn substitute(s: &str, pos: usize, alphabet: &str, pick: usize) -> (String, char, char) {
    let mut chars: Vec<char> = s.chars().collect();
    let old = chars[pos];
    let options: Vec<char> = alphabet.chars().filter(|c| *c != old).collect();
    let new = options[pick % options.len()];
    chars[pos] = new;
    (chars.into_iter().collect(), old, new)
}

fn is_valid_as(t: CertType, s: &str) -> bool {
    chk(t, s).is_valid()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_resident_ids_pass(n in resident_id()) {
        prop_assert!(is_valid_as(CertType::ResidentId, &n), "{n}: {:?}", chk(CertType::ResidentId, &n));
    }

    #[test]
    fn any_substitution_breaks_a_resident_id(n in resident_id(), pos in 0usize..18, pick in 0usize..16) {
        let (m, _, _) = substitute(&n, pos, if pos == 17 { DIGITS_X } else { DIGITS }, pick);
        let c = chk(CertType::ResidentId, &m);
        prop_assert!(!c.is_valid(), "{n} → {m}");
        prop_assert!(c.has("check_digit"), "{n} → {m}: {c:?}");
    }

    #[test]
    fn generated_hmt_permits_pass(n in hmt_permit()) {
        prop_assert!(is_valid_as(CertType::HmtResidencePermit, &n), "{n}");
    }

    #[test]
    fn any_substitution_breaks_an_hmt_permit(n in hmt_permit(), pos in 0usize..18, pick in 0usize..16) {
        let (m, _, _) = substitute(&n, pos, if pos == 17 { DIGITS_X } else { DIGITS }, pick);
        let c = chk(CertType::HmtResidencePermit, &m);
        prop_assert!(!c.is_valid() && c.has("check_digit"), "{n} → {m}: {c:?}");
    }

    #[test]
    fn generated_foreign_permanent_ids_pass(n in foreign_permanent_new()) {
        prop_assert!(is_valid_as(CertType::ForeignPermanentId, &n), "{n}: {:?}", chk(CertType::ForeignPermanentId, &n));
    }

    #[test]
    fn any_substitution_breaks_a_foreign_permanent_id(n in foreign_permanent_new(), pos in 0usize..18, pick in 0usize..16) {
        let (m, _, _) = substitute(&n, pos, if pos == 17 { DIGITS_X } else { DIGITS }, pick);
        let c = chk(CertType::ForeignPermanentId, &m);
        prop_assert!(!c.is_valid(), "{n} → {m}");
        // a changed leading 9 is reported as another kind of number, before the check digit
        prop_assert!(pos == 0 || c.has("check_digit"), "{n} → {m}: {c:?}");
    }

    #[test]
    fn generated_usccs_pass(n in uscc_valid()) {
        for t in [CertType::BusinessLicense, CertType::InstitutionCertificate, CertType::SocialGroupCertificate, CertType::PrivateNonEnterpriseCertificate] {
            prop_assert!(is_valid_as(t, &n), "{t:?} {n}: {:?}", chk(t, &n));
        }
    }

    #[test]
    fn any_substitution_breaks_a_uscc(n in uscc_valid(), pos in 0usize..18, pick in 0usize..40) {
        // mod 31 with weights that are all units mod 31 detects every single substitution
        let (m, _, _) = substitute(&n, pos, USCC_ALPHABET, pick);
        let c = chk(CertType::BusinessLicense, &m);
        prop_assert!(!c.is_valid() && c.has("check_digit"), "{n} → {m}: {c:?}");
    }

    #[test]
    fn generated_org_codes_pass_in_both_spellings(n in org_code_valid()) {
        let canonical = format!("{}-{}", &n[..8], &n[8..]);
        for input in [n.clone(), canonical.clone(), n.to_lowercase()] {
            let c = chk(CertType::OrgCode, &input);
            prop_assert!(c.issues.is_empty(), "{input}: {c:?}");
            prop_assert_eq!(&c.normalized, &canonical);
        }
    }

    #[test]
    fn org_code_substitutions_fail_exactly_when_mod_11_sees_them(n in org_code_valid(), pos in 0usize..9, pick in 0usize..40) {
        // GB 11714 sums value × weight mod 11 with values 0–35: a body substitution whose value
        // difference is a multiple of 11 (e.g. 0 ↔ B) keeps the check character; every other one,
        // and any change of the check character, is detected.
        let (m, old, new) = substitute(&n, pos, if pos == 8 { DIGITS_X } else { ORG_BODY }, pick);
        let c = chk(CertType::OrgCode, &m);
        let undetectable = pos < 8 && (new.to_digit(36).unwrap() as i32 - old.to_digit(36).unwrap() as i32) % 11 == 0;
        if undetectable {
            prop_assert!(c.is_valid(), "{n} → {m}: {c:?}");
        } else {
            prop_assert!(!c.is_valid() && c.has("check_digit"), "{n} → {m}: {c:?}");
        }
    }

    #[test]
    fn normalisation_is_transparent(n in resident_id(), noise in proptest::collection::vec((0usize..19, 0usize..12), 0..8), wide in proptest::collection::vec(any::<bool>(), 18)) {
        const JUNK: [&str; 12] = [" ", "\u{3000}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{200F}", "\u{202E}", "\u{2066}", "\u{00AD}", "\t"];
        let mut chars: Vec<String> = n
            .chars()
            .zip(&wide)
            .map(|(c, w)| match (c, w) {
                ('X', true) => "x".to_owned(),
                (c, true) => char::from_u32(c as u32 + 0xFEE0).unwrap().to_string(),
                (c, false) => c.to_string(),
            })
            .collect();
        chars.push(String::new());
        for (pos, j) in noise {
            chars[pos].insert_str(0, JUNK[j]);
        }
        let dirty: String = chars.concat();
        prop_assert_eq!(normalize(&dirty), n.clone());
        let c = chk(CertType::ResidentId, &dirty);
        prop_assert_eq!(&c, &chk(CertType::ResidentId, &n));
    }
}
