//! Character classes and small text helpers shared by the rules.

/// A Han (Chinese) character: CJK Unified Ideographs and their extensions, compatibility
/// ideographs, and 〇. This is what the guide's “汉字” counts.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EE5F
        | 0x2F800..=0x2FA1F
        | 0x30000..=0x323AF)
}

/// How many Han characters `s` has.
pub fn han_count(s: &str) -> usize {
    s.chars().filter(|c| is_han(*c)).count()
}

/// Characters that are invisible: `Cc`, `Cf` (zero-width, bidi controls, BOM, soft hyphen, tags …)
/// and a few invisible fillers and variation selectors. The same set `cert::normalize` removes.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
            | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0
            | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Full-width ASCII (U+FF01–FF5E) to ASCII; the ideographic space to a space; other characters kept.
pub fn fullwidth_to_ascii(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Trims whitespace (Unicode, the ideographic space included) and invisible characters at both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// `trim`, as an owned string, only allocating when something changes.
pub fn trimmed(s: &mut String) {
    let t = trim(s);
    if t.len() != s.len() {
        *s = t.to_owned();
    }
}

/// A character as staff can read it in a message: invisible characters and whitespace by code point.
pub fn show_char(c: char) -> String {
    if is_invisible(c) || c.is_whitespace() { format!("U+{:04X}", c as u32) } else { c.to_string() }
}

/// A user's value quoted in a message: at most `max` characters, invisible characters shown by code
/// point so that a bidi override cannot garble the message.
pub fn quote(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if is_invisible(c) || (c.is_whitespace() && c != ' ') {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `items` joined with 、 each in “”, for messages.
pub fn list_quoted<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|w| format!("“{}”", quote(w))).collect::<Vec<_>>().join("、")
}

/// `items` each in “”, joined with commas, for English messages.
pub fn list_quoted_en<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|w| format!("“{}”", quote(w))).collect::<Vec<_>>().join(", ")
}

/// `items` each in “”, as alternatives in English (`“a”, “b” or “c”`).
pub fn or_quoted_en<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = items.into_iter().map(|i| format!("“{}”", quote(i))).collect();
    or_list_en(quoted.iter().map(String::as_str))
}

/// A count with its noun in English: `1 domain`, `3 domains`.
pub fn count_en(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 { format!("1 {singular}") } else { format!("{n} {plural}") }
}

/// Alternatives in English: `A`, `A or B`, `A, B or C`; with `; ` between them when one of them
/// has a comma of its own.
pub fn or_list_en<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    let sep = if items.iter().any(|i| i.contains(',')) { "; " } else { ", " };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(sep)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_counts() {
        assert_eq!(han_count("张三的个人主页"), 7);
        assert_eq!(han_count("abc"), 0);
        assert_eq!(han_count("〇一二"), 3);
        assert_eq!(han_count("𠀀"), 1); // extension B
        assert_eq!(han_count("ひらがな"), 0);
    }

    #[test]
    fn quoting_defuses_invisible_characters() {
        assert_eq!(quote("a\u{202E}b"), "a<U+202E>b");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 41);
        assert_eq!(trim("\u{200B} 张三\u{3000}\u{FEFF}"), "张三");
        assert_eq!(fullwidth_to_ascii('１'), '1');
        assert_eq!(show_char('\u{200B}'), "U+200B");
    }

    #[test]
    fn english_lists() {
        assert_eq!(list_quoted_en(["论坛", "社区"]), "“论坛”, “社区”");
        assert_eq!(or_quoted_en(["a.cn", "b.cn", "c.cn"]), "“a.cn”, “b.cn” or “c.cn”");
        assert_eq!(count_en(1, "domain", "domains"), "1 domain");
        assert_eq!(count_en(0, "domain", "domains"), "0 domains");
        assert_eq!(or_list_en(["A"]), "A");
        assert_eq!(or_list_en(["A", "B", "C"]), "A, B or C");
        assert_eq!(or_list_en(["A, x", "B"]), "A, x or B");
        assert_eq!(or_list_en(["A, x", "B", "C"]), "A, x; B or C");
    }
}
