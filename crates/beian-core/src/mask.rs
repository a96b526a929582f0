//! Masking personal data for screens, paper, exports and logs: `110101********1234`,
//! `138****5678`, `z***@example.com`. Full data is shown only when staff ask (and that is recorded
//! by the caller).

use crate::model::{FilingDocument, Person};

/// A certificate number with all but its first 6 and last 4 characters hidden (an 18-character
/// resident ID: `110101********1234`); shorter numbers keep their first 2 and last 2.
pub fn cert_number(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 15 {
        (6, 4)
    } else if n >= 8 {
        (2, 2)
    } else if n >= 3 {
        (1, 1)
    } else {
        return "*".repeat(n);
    };
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// A phone number with its middle hidden: `138****5678`.
pub fn phone(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    if n < 7 {
        return "*".repeat(n);
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(n - 7));
    out.extend(&chars[n - 4..]);
    out
}

/// An e-mail address with its local part hidden but for the first character.
pub fn email(s: &str) -> String {
    match s.trim().split_once('@') {
        Some((local, domain)) if !local.is_empty() => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        _ => "*".repeat(s.trim().chars().count()),
    }
}

/// Free text (a log line, a report's detail) with anything that looks like a certificate number, a
/// phone or an e-mail masked: every run of letters and digits holding at least 7 digits (an order
/// number `BA20261128-0001` excepted), and every address's local part. For what is not a field of
/// a document, where the data's kind is unknown: it masks more than it must rather than less.
pub fn free_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            // An e-mail address: the local part runs on over dots and the like up to an @.
            let mut end = i;
            while end < chars.len() && local(chars[end]) {
                end += 1;
            }
            if end < chars.len() && chars[end] == '@' {
                let mut d = end + 1;
                while d < chars.len() && domain(chars[d]) {
                    d += 1;
                }
                let host: String = chars[end + 1..d].iter().collect();
                if host.contains('.') {
                    let address: String = chars[start..d].iter().collect();
                    out.push_str(&email(&address));
                    i = d;
                    continue;
                }
            }
            let token: String = chars[start..i].iter().collect();
            let digits = token.chars().filter(char::is_ascii_digit).count();
            let order_no = token.len() == 10 && token.starts_with("BA") && digits == 8;
            if digits >= 7 && !order_no {
                let phone_like = token.len() == 11 && digits == 11;
                out.push_str(&if phone_like { phone(&token) } else { cert_number(&token) });
            } else {
                out.push_str(&token);
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn person(p: &mut Person) {
    p.cert_number = cert_number(&p.cert_number);
    p.phone = phone(&p.phone);
    p.phone2 = p.phone2.as_deref().map(phone);
    p.emergency_phone = phone(&p.emergency_phone);
    p.email = email(&p.email);
    p.hk_macau_id = p.hk_macau_id.as_deref().map(cert_number);
}

/// A copy of the document with every certificate number, phone and e-mail masked.
pub fn document(doc: &FilingDocument) -> FilingDocument {
    let mut out = doc.clone();
    out.subject.cert_number = cert_number(&out.subject.cert_number);
    person(&mut out.subject.principal);
    for w in &mut out.websites {
        if let Some(p) = &mut w.principal {
            person(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_masks_what_looks_like_personal_data_and_keeps_the_rest() {
        let line = "[2026-12-07 07:18:31.890107] 张三 33010619900101123X 13800000000 zhang.san+x@example.com pid 7915 BA20261128-0001 at subject.cert_number";
        let masked = free_text(line);
        assert_eq!(
            masked,
            "[2026-12-07 07:18:31.890107] 张三 330106********123X 138****0000 z***@example.com pid 7915 BA20261128-0001 at subject.cert_number"
        );
        // A unified social credit code; an @ that is no address is left alone.
        assert_eq!(free_text("91110108MA01ABCD2X"), "911101********CD2X");
        assert_eq!(free_text("no @ here, user@localhost"), "no @ here, user@localhost");
    }

    #[test]
    fn ids_and_phones_are_masked_as_on_paper() {
        assert_eq!(cert_number("110101199003071234"), "110101********1234");
        assert_eq!(cert_number("91330106MA27XXXX5Q"), "913301********XX5Q");
        assert_eq!(cert_number("H12345678"), "H1*****78");
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(email("zhangsan@example.com"), "z***@example.com");
        assert_eq!(cert_number(""), "");
    }

    #[test]
    fn a_masked_document_keeps_no_full_number() {
        let mut doc = FilingDocument::draft("张三", "a.cn");
        doc.subject.cert_number = "110101199003071234".into();
        doc.subject.principal.cert_number = "110101199003071234".into();
        doc.subject.principal.phone = "13812345678".into();
        let text = serde_json::to_string(&document(&doc)).unwrap();
        assert!(!text.contains("199003071234"), "{text}");
        assert!(!text.contains("12345678"), "{text}");
        assert!(text.contains("110101********1234"));
    }
}
