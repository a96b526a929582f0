//! Where Beian Desk keeps its data.

use std::path::PathBuf;

/// The application identifier, shared with `src-tauri/tauri.conf.json`. Tauri's `app_data_dir` is
/// the platform data directory joined with this identifier; the CLI resolves the same folder.
pub const APP_IDENTIFIER: &str = "cn.beiandesk.app";

/// Environment variable that overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "BEIAN_DATA_DIR";

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "beian.sqlite3";

/// Resolves the data directory: an explicit `--data-dir`, else `BEIAN_DATA_DIR`, else the one
/// chosen in 设置 (`configured`), else the platform's app-data directory
/// (`~/.local/share/cn.beiandesk.app` on Linux).
pub fn resolve_data_dir(explicit: Option<PathBuf>, configured: Option<PathBuf>) -> Option<PathBuf> {
    locate_data_dir(explicit, configured).map(|(dir, _)| dir)
}

/// What chose the data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataDirSource {
    /// `--data-dir`.
    Flag,
    /// `BEIAN_DATA_DIR`.
    Env,
    /// 设置.
    Configured,
    /// The platform's app-data directory.
    Platform,
}

impl DataDirSource {
    /// How staff would name what overrides 设置 (`--data-dir`, `BEIAN_DATA_DIR`), if it does.
    pub fn override_name(self) -> Option<&'static str> {
        match self {
            DataDirSource::Flag => Some("--data-dir"),
            DataDirSource::Env => Some(DATA_DIR_ENV),
            DataDirSource::Configured | DataDirSource::Platform => None,
        }
    }
}

/// [`resolve_data_dir`], with what chose the directory.
pub fn locate_data_dir(explicit: Option<PathBuf>, configured: Option<PathBuf>) -> Option<(PathBuf, DataDirSource)> {
    if let Some(dir) = explicit {
        return Some((dir, DataDirSource::Flag));
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(dir), DataDirSource::Env));
    }
    match configured {
        Some(dir) => Some((dir, DataDirSource::Configured)),
        None => default_data_dir().map(|dir| (dir, DataDirSource::Platform)),
    }
}

/// The platform's app-data directory for Beian Desk.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.data_dir().join(APP_IDENTIFIER))
}

/// Finds `--data-dir DIR` or `--data-dir=DIR` in a process's arguments (the desktop app's way in).
pub fn data_dir_from_args<I: IntoIterator<Item = String>>(args: I) -> Option<PathBuf> {
    flag_from_args(args, "--data-dir")
}

/// Finds `FLAG VALUE` or `FLAG=VALUE` in a process's arguments.
pub fn flag_from_args<I: IntoIterator<Item = String>>(args: I, flag: &str) -> Option<PathBuf> {
    let mut args = args.into_iter();
    let prefix = format!("{flag}=");
    while let Some(arg) = args.next() {
        if arg == flag {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = arg.strip_prefix(&prefix) {
            return Some(PathBuf::from(v));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_flag_wins_and_args_are_read_in_both_forms() {
        assert_eq!(resolve_data_dir(Some("/x".into()), Some("/y".into())), Some(PathBuf::from("/x")));
        let a = |v: &[&str]| data_dir_from_args(v.iter().map(|s| s.to_string()));
        assert_eq!(a(&["app", "--data-dir", "/d"]), Some(PathBuf::from("/d")));
        assert_eq!(a(&["app", "--data-dir=/e"]), Some(PathBuf::from("/e")));
        assert_eq!(a(&["app"]), None);
    }
}
