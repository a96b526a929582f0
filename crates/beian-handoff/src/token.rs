//! The secret in the hand-off link: 128 random bits from the operating system, as 32 lower-case
//! hex digits in the URL path (`/h/<token>`). The path, not a query string, so that nothing in
//! between is tempted to strip or log it as a parameter; the page loads nothing from elsewhere, so
//! no `Referer` carries it anywhere.

use std::fmt;

/// Hex digits in a token.
pub const TOKEN_LEN: usize = 32;

/// A hand-off token. Compared in constant time; its `Debug` form hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A fresh token from the operating system's random source.
    pub fn generate() -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(Token(hex::encode(bytes)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is this token, in time independent of where they differ.
    pub fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// Whether `s` has the shape of a token (32 lower-case hex digits).
pub fn well_formed(s: &str) -> bool {
    s.len() == TOKEN_LEN && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_tokens_are_128_random_bits_in_hex() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert!(well_formed(a.as_str()), "{}", a.as_str());
        assert_ne!(a, b);
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(b.as_str()));
        assert!(!a.matches(&a.as_str()[..31]));
        assert!(!a.matches(""));
        assert_eq!(format!("{a:?}"), "Token(…)");
        assert!(!well_formed("../../etc/passwd"));
        assert!(!well_formed(&"A".repeat(32)));
    }
}
