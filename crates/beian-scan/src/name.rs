//! The original file name: kept as text for staff to recognise a file, never used as a path.
//!
//! Stored files are named by the SHA-256 of their content (see [`crate::store`]); the name a file
//! came with is only displayed. Still, a name that pretends to be a path, hides characters or
//! reverses its own display (`U+202E`, which makes `gpj.exe` look like `exe.jpg`) is refused
//! rather than shown: staff would be misled by it.

use std::path::{Component, Path};

use crate::MAX_NAME_CHARS;
use crate::error::ScanError;

/// Characters that change the direction or visibility of text: bidi embeddings, overrides and
/// isolates, direction marks, and zero-width characters.
fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Checks a bare file name (no directory part) and returns it trimmed.
pub fn check_name(raw: &str) -> Result<String, ScanError> {
    if raw.contains('\0') {
        return Err(ScanError::name("包含空字符（NUL）"));
    }
    if let Some(c) = raw.chars().find(|c| is_invisible_control(*c)) {
        return Err(ScanError::name(format!(
            "包含改变文字方向或不可见的控制字符（U+{:04X}），可能伪装扩展名：请重命名后再试",
            c as u32
        )));
    }
    if raw.chars().any(char::is_control) {
        return Err(ScanError::name("包含控制字符：请重命名后再试"));
    }
    if raw.contains('/') || raw.contains('\\') {
        return Err(ScanError::name(format!("“{}”含有路径分隔符，只接受文件名本身", shorten(raw))));
    }
    let name = raw.trim();
    if name.is_empty() {
        return Err(ScanError::name("文件名为空"));
    }
    if name == "." || name == ".." {
        return Err(ScanError::name("“.” 和 “..” 不是文件名"));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(ScanError::name(format!("过长（{chars} 个字符，上限 {MAX_NAME_CHARS}）：请重命名后再试")));
    }
    Ok(name.to_owned())
}

/// The name of the file at `path` (its last component), checked by [`check_name`]. A name that
/// is not valid UTF-8 is refused.
pub fn name_of(path: &Path) -> Result<String, ScanError> {
    match path.components().next_back() {
        Some(Component::Normal(os)) => {
            let s = os.to_str().ok_or_else(|| ScanError::name("不是有效的 UTF-8 文字：请重命名后再试"))?;
            check_name(s)
        }
        _ => Err(ScanError::name(format!("“{}”不指向一个文件", shorten(&path.to_string_lossy())))),
    }
}

/// Checks a path handed over by the window (the native file dialog or a drop): absolute, with no
/// `.`/`..` components and no NUL. Those always come absolute and clean; anything else did not
/// come from them. Returns the checked file name.
pub fn check_source_path(path: &str) -> Result<String, ScanError> {
    if path.contains('\0') {
        return Err(ScanError::BadPath { reason: "包含空字符（NUL）".into() });
    }
    let p = Path::new(path);
    if !p.is_absolute() {
        return Err(ScanError::BadPath { reason: format!("“{}”不是绝对路径", shorten(path)) });
    }
    // `Path::components` folds `a/./b` into `a/b`: look at the text itself.
    if path.split(['/', '\\']).any(|part| part == "." || part == "..") {
        return Err(ScanError::BadPath { reason: format!("“{}”含有 . 或 .. ", shorten(path)) });
    }
    name_of(p)
}

/// `s` without control, direction-changing or invisible characters: safe to print in a message.
pub fn for_display(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || is_invisible_control(c) { '�' } else { c }).collect()
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control() && !is_invisible_control(*c)).take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_pass() {
        assert_eq!(check_name(" 营业执照 正本.JPG ").unwrap(), "营业执照 正本.JPG");
        assert_eq!(check_name("id-front (1).jpeg").unwrap(), "id-front (1).jpeg");
        assert_eq!(name_of(Path::new("/home/a/扫描件.pdf")).unwrap(), "扫描件.pdf");
    }

    #[test]
    fn tricks_are_refused_with_a_reason() {
        for bad in [
            "../../etc/passwd.jpg",
            "/etc/passwd.jpg",
            "C:\\Windows\\a.jpg",
            "a\0.jpg",
            "invoice\u{202E}gpj.exe",
            "a\u{200B}.jpg",
            "line\nbreak.jpg",
            "..",
            "   ",
            &"长".repeat(MAX_NAME_CHARS + 1),
        ] {
            let err = check_name(bad).unwrap_err();
            assert!(matches!(err, ScanError::BadName { .. }), "{bad:?}: {err}");
            assert!(err.to_string().starts_with("文件名无效"), "{err}");
        }
        assert!(check_name(&"长".repeat(MAX_NAME_CHARS)).is_ok());
    }

    #[test]
    fn source_paths_must_be_absolute_and_clean() {
        assert_eq!(check_source_path("/home/a/b.jpg").unwrap(), "b.jpg");
        for bad in ["../../etc/passwd.jpg", "b.jpg", "/home/a/../../etc/passwd.jpg", "/home/./a.jpg", "/a\0b.jpg"] {
            assert!(check_source_path(bad).is_err(), "{bad:?}");
        }
        assert!(matches!(check_source_path("/home/a/x\u{202E}gpj.exe"), Err(ScanError::BadName { .. })));
        assert!(check_source_path("/").is_err());
    }
}
