//! Check characters: GB 11643 / ISO 7064 MOD 11-2 (公民身份号码 and the numbers shaped like it),
//! GB 32100 mod 31 (统一社会信用代码), GB 11714 mod 11 (组织机构代码), and the ICAO 9303 7-3-1
//! digit that third-party readers use for the old 15-character foreign permanent ID.

const MOD11_2_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const MOD11_2_CHARS: &[u8; 11] = b"10X98765432";

/// GB 11643 / ISO 7064 MOD 11-2 check character of a 17-digit body; `None` if it is not 17 digits.
pub fn gb11643_check_char(body: &str) -> Option<char> {
    let b = body.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b.iter().zip(MOD11_2_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(MOD11_2_CHARS[(sum % 11) as usize] as char)
}

/// The GB 32100 character set: digits and upper-case letters without I, O, Z, S, V.
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

pub(super) fn uscc_value(c: char) -> Option<u32> {
    USCC_ALPHABET.find(c).map(|i| i as u32)
}

/// GB 32100 check character of a 17-character body; `None` if a character is outside the set.
pub fn uscc_check_char(body: &str) -> Option<char> {
    if body.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(USCC_WEIGHTS) {
        sum += uscc_value(c)? * w;
    }
    USCC_ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize)
}

const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11714 check character (`0`–`9` or `X`) of an 8-character body of digits and upper-case
/// letters; `None` otherwise.
pub fn org_code_check_char(body: &str) -> Option<char> {
    if body.chars().count() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(ORG_WEIGHTS) {
        let v = match c {
            '0'..='9' | 'A'..='Z' => c.to_digit(36)?,
            _ => return None,
        };
        sum += v * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        n => char::from_digit(n, 10),
    }
}

/// ICAO 9303 check digit (weights 7, 3, 1; A = 10 … Z = 35) as an ASCII digit.
pub(super) fn icao_check_digit(s: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in s.chars().enumerate() {
        let v = c.to_digit(36)?;
        sum += v * [7, 3, 1][i % 3];
    }
    Some(b'0' + (sum % 10) as u8)
}
