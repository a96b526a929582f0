//! 设置: what staff choose for this desk, kept in `settings.toml` in the platform's configuration
//! folder (`~/.config/cn.beiandesk.app/` on Linux; `BEIAN_CONFIG_DIR` overrides it), outside the
//! data directory so that the data directory itself can be one of the settings.
//!
//! - **language** of the window (`zh`, `en`);
//! - **data directory**: where the store lives (`--data-dir` and `BEIAN_DATA_DIR` still win; a
//!   change applies at the next start, the open store is not moved);
//! - **backups**: their folder (default `<data>/backups`), how often (hours; 0 = never), how many kept;
//! - **team server** and login offered by 团队模式 (never a password);
//! - **hand-off address**: the network address the phone hand-off offers first.
//!
//! [`validate`] checks every value and says what is wrong at its field, in Chinese; [`save`]
//! writes only a valid whole, atomically (a temporary file renamed over the old one), so a crash
//! or a full disk leaves the previous settings, never half of new ones.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;

use beian_core::rules::text::quote;
use beian_store::StoreError;
use beian_store::error::DiskFault;

/// The environment variable naming the folder of `settings.toml` (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "BEIAN_CONFIG_DIR";
/// The settings file's name.
pub const FILE: &str = "settings.toml";
/// The largest settings file read (a few hundred bytes are normal).
const MAX_BYTES: u64 = 64 * 1024;
/// Longest backup interval offered: 30 days.
pub const MAX_BACKUP_HOURS: u32 = 720;
/// Most backups kept.
pub const MAX_BACKUP_KEEP: u32 = 100;

/// The window's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Zh,
    En,
}

/// Scheduled backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default, deny_unknown_fields)]
pub struct BackupSettings {
    /// The folder; `None` is `<data directory>/backups`.
    pub dir: Option<String>,
    /// Hours between backups; 0 turns scheduled backups off.
    pub every_hours: u32,
    /// How many scheduled backups are kept (the oldest go first).
    pub keep: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings { dir: None, every_hours: 24, keep: beian_store::backup::KEEP as u32 }
    }
}

/// What staff chose. Every field has a default: a missing file is the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub language: Language,
    /// The data directory; `None` is the platform's (`~/.local/share/cn.beiandesk.app`).
    pub data_dir: Option<String>,
    pub backup: BackupSettings,
    /// The team server offered by 团队模式 (`host[:port]/db?sslrootcert=…`).
    pub team_server: Option<String>,
    /// The login offered with it.
    pub team_login: Option<String>,
    /// The IPv4 address the phone hand-off offers first; `None` picks the first private one.
    pub handoff_address: Option<String>,
}

/// The settings as loaded: the values, the file they came from, and what was wrong with the file
/// if it could not be used (the defaults are used then, and the 设置 window says why).
#[derive(Debug, Clone, Serialize, Type)]
pub struct Loaded {
    pub settings: Settings,
    pub file: String,
    pub problem: Option<String>,
}

static CONFIG_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Makes `dir` the folder of `settings.toml` for this process (the app's `--config-dir DIR`:
/// each end-to-end test its own). The first call wins.
pub fn use_config_dir(dir: PathBuf) {
    let _ = CONFIG_DIR.set(dir);
}

/// The folder of `settings.toml`: `--config-dir`, else `BEIAN_CONFIG_DIR`, else the platform's
/// configuration folder.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = CONFIG_DIR.get() {
        return Some(dir.clone());
    }
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::BaseDirs::new().map(|b| b.config_dir().join(beian_store::paths::APP_IDENTIFIER))
}

/// The settings file.
pub fn file() -> Option<PathBuf> {
    config_dir().map(|d| d.join(FILE))
}

/// Reads the settings (the defaults when there is no file, or a broken one: then `problem` says why).
pub fn load() -> Loaded {
    let Some(path) = file() else {
        return Loaded {
            settings: Settings::default(), file: String::new(), problem: Some("找不到配置文件夹".into())
        };
    };
    let (settings, problem) = match read(&path) {
        Ok(s) => (s, None),
        Err(e) => (Settings::default(), Some(e)),
    };
    Loaded { settings, file: path.display().to_string(), problem }
}

fn read(path: &Path) -> Result<Settings, String> {
    use std::io::Read;
    let f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => return Err(format!("无法读取设置文件 {}：{e}", path.display())),
    };
    let mut text = String::new();
    f.take(MAX_BYTES + 1).read_to_string(&mut text).map_err(|e| format!("无法读取设置文件 {}：{e}", path.display()))?;
    if text.len() as u64 > MAX_BYTES {
        return Err(format!("设置文件 {} 过大，已改用默认设置", path.display()));
    }
    let settings: Settings = toml::from_str(&text)
        .map_err(|e| format!("设置文件 {} 无法识别，已改用默认设置：{}", path.display(), e.message()))?;
    validate(&settings).map_err(|e| format!("设置文件 {} 中有错误，已改用默认设置：{e}", path.display()))?;
    Ok(settings)
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid { field: field.to_owned(), message: message.into() }
}

/// A folder setting: absolute, and not a file.
fn folder(field: &str, value: &str) -> Result<(), StoreError> {
    let path = Path::new(value);
    if value.trim() != value || value.is_empty() {
        return Err(invalid(field, "文件夹路径前后不能有空格"));
    }
    if !path.is_absolute() {
        return Err(invalid(
            field,
            format!("请填写完整路径（从根目录开始），例如 /home/用户名/备案数据；“{}”不是", quote(value)),
        ));
    }
    if path.exists() && !path.is_dir() {
        return Err(invalid(field, format!("“{}”是文件，不是文件夹", quote(value))));
    }
    Ok(())
}

/// Checks every value; the first problem is said at its field (`data_dir`, `backup.dir`, …).
pub fn validate(s: &Settings) -> Result<(), StoreError> {
    if let Some(dir) = &s.data_dir {
        folder("data_dir", dir)?;
    }
    if let Some(dir) = &s.backup.dir {
        folder("backup.dir", dir)?;
        if let Some(data) = &s.data_dir
            && Path::new(dir) == Path::new(data)
        {
            return Err(invalid("backup.dir", "备份文件夹不能就是数据目录：请用其中的 backups 文件夹或另一块磁盘"));
        }
    }
    if s.backup.every_hours > MAX_BACKUP_HOURS {
        return Err(invalid("backup.every_hours", format!("备份间隔最长 {MAX_BACKUP_HOURS} 小时（30 天）")));
    }
    if !(1..=MAX_BACKUP_KEEP).contains(&s.backup.keep) {
        return Err(invalid("backup.keep", format!("保留份数应在 1 到 {MAX_BACKUP_KEEP} 之间")));
    }
    if let Some(server) = &s.team_server {
        match beian_store::team::connect::TeamUrl::entered(server) {
            Ok(Some(_)) => {}
            Ok(None) => return Err(invalid("team_server", "服务器地址为空：不用团队模式时请留空整栏")),
            Err(e) => return Err(invalid("team_server", e.to_string())),
        }
    }
    if let Some(login) = &s.team_login
        && (login.trim().is_empty() || login.chars().count() > 63 || login.chars().any(char::is_control))
    {
        return Err(invalid("team_login", "登录名应为 1–63 个字符，不含控制字符"));
    }
    if let Some(address) = &s.handoff_address
        && address.parse::<Ipv4Addr>().is_err()
    {
        return Err(invalid("handoff_address", format!("“{}”不是 IPv4 地址（例如 192.168.1.20）", quote(address))));
    }
    Ok(())
}

/// Checks and writes the settings (all or nothing: a temporary file beside the old one, renamed
/// over it). Folders named in them are created, so that a folder that cannot be made is said now.
pub fn save(s: &Settings) -> Result<PathBuf, StoreError> {
    let s = normalized(s);
    validate(&s)?;
    for (field, dir) in [("data_dir", &s.data_dir), ("backup.dir", &s.backup.dir)] {
        if let Some(dir) = dir {
            writable(Path::new(dir)).map_err(|e| invalid(field, e))?;
        }
    }
    let path = file().ok_or_else(|| invalid("settings", "找不到配置文件夹：请设置 BEIAN_CONFIG_DIR"))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let text = toml::to_string_pretty(&s).map_err(|e| invalid("settings", format!("无法写出设置：{e}")))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| StoreError::io(dir, e))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| StoreError::io(&path, e))?;
    tmp.as_file().sync_all().map_err(|e| StoreError::io(&path, e))?;
    tmp.persist(&path).map_err(|e| StoreError::io(&path, e.error))?;
    Ok(path)
}

/// Empty texts are "not set"; spaces around a server, login or address are dropped.
fn normalized(s: &Settings) -> Settings {
    let clean = |v: &Option<String>, trim: bool| {
        v.as_ref().map(|x| if trim { x.trim().to_owned() } else { x.clone() }).filter(|x| !x.trim().is_empty())
    };
    Settings {
        language: s.language,
        data_dir: clean(&s.data_dir, false),
        backup: BackupSettings { dir: clean(&s.backup.dir, false), ..s.backup.clone() },
        team_server: clean(&s.team_server, true),
        team_login: clean(&s.team_login, true),
        handoff_address: clean(&s.handoff_address, true),
    }
}

/// Why a folder cannot be used, in a few words for staff.
fn io_reason(e: &std::io::Error) -> String {
    match DiskFault::of_io(e) {
        Some(DiskFault::Full) => "磁盘已满".into(),
        Some(DiskFault::ReadOnly) => "磁盘只读".into(),
        Some(DiskFault::NoPermission) => "没有权限".into(),
        Some(DiskFault::Gone) => "网络共享已断开".into(),
        None => e.to_string(),
    }
}

/// Creates `dir` if needed and proves it takes a file (written, then removed).
fn writable(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建文件夹 {}：{}", dir.display(), io_reason(&e)))?;
    tempfile::NamedTempFile::new_in(dir)
        .map(drop)
        .map_err(|e| format!("文件夹 {} 不能写入：{}", dir.display(), io_reason(&e)))
}

/// The data directory: `--data-dir`, else `BEIAN_DATA_DIR`, else the one in the settings, else the
/// platform's. The window and the CLI both resolve it here.
pub fn data_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    locate_data_dir(explicit).map(|(dir, _)| dir)
}

/// [`data_dir`], with what chose it.
pub fn locate_data_dir(explicit: Option<PathBuf>) -> Option<(PathBuf, beian_store::paths::DataDirSource)> {
    beian_store::paths::locate_data_dir(explicit, load().settings.data_dir.map(PathBuf::from))
}

/// Where scheduled backups go for a data directory under these settings.
pub fn backup_dir(s: &Settings, data_dir: &Path) -> PathBuf {
    s.backup.dir.as_ref().map(PathBuf::from).unwrap_or_else(|| data_dir.join(beian_store::backup::BACKUPS_DIR))
}

/// The backup schedule these settings ask for (`None`: scheduled backups are off).
pub fn schedule(s: &Settings, data_dir: &Path) -> Option<beian_store::backup::Schedule> {
    (s.backup.every_hours > 0).then(|| beian_store::backup::Schedule {
        dir: backup_dir(s, data_dir),
        every: jiff::SignedDuration::from_hours(i64::from(s.backup.every_hours)),
        keep: s.backup.keep as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: StoreError) -> String {
        match e {
            StoreError::Invalid { field, .. } => field,
            other => panic!("not an input error: {other}"),
        }
    }

    #[test]
    fn every_bad_value_is_refused_at_its_field() {
        let ok = Settings::default();
        assert!(validate(&ok).is_ok());
        type Change = Box<dyn Fn(&mut Settings)>;
        let cases: Vec<(&str, Change)> = vec![
            ("data_dir", Box::new(|s| s.data_dir = Some("relative/dir".into()))),
            ("data_dir", Box::new(|s| s.data_dir = Some("/etc/hostname".into()))),
            ("backup.dir", Box::new(|s| s.backup.dir = Some(" /tmp/x".into()))),
            (
                "backup.dir",
                Box::new(|s| {
                    s.data_dir = Some("/srv/beian".into());
                    s.backup.dir = Some("/srv/beian".into());
                }),
            ),
            ("backup.every_hours", Box::new(|s| s.backup.every_hours = MAX_BACKUP_HOURS + 1)),
            ("backup.keep", Box::new(|s| s.backup.keep = 0)),
            ("backup.keep", Box::new(|s| s.backup.keep = MAX_BACKUP_KEEP + 1)),
            ("team_server", Box::new(|s| s.team_server = Some("alice:pw@db.example/beian".into()))),
            ("team_server", Box::new(|s| s.team_server = Some("postgres://".into()))),
            ("team_login", Box::new(|s| s.team_login = Some("a\u{7}b".into()))),
            ("handoff_address", Box::new(|s| s.handoff_address = Some("192.168.1".into()))),
            ("handoff_address", Box::new(|s| s.handoff_address = Some("fe80::1".into()))),
        ];
        for (field, change) in cases {
            let mut s = ok.clone();
            change(&mut s);
            assert_eq!(field_of(validate(&s).unwrap_err()), field, "{s:?}");
        }
    }

    #[test]
    fn an_unknown_or_broken_file_gives_the_defaults_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        assert_eq!(read(&path).unwrap(), Settings::default(), "no file: the defaults");
        std::fs::write(&path, "language = \"fr\"\n").unwrap();
        assert!(read(&path).unwrap_err().contains("无法识别"));
        std::fs::write(&path, "colour = \"blue\"\n").unwrap();
        assert!(read(&path).unwrap_err().contains("无法识别"), "unknown keys are not silently dropped");
        std::fs::write(&path, "[backup]\nkeep = 0\n").unwrap();
        assert!(read(&path).unwrap_err().contains("保留份数"));
        std::fs::write(&path, "language = \"en\"\n[backup]\nevery_hours = 0\n").unwrap();
        let s = read(&path).unwrap();
        assert_eq!((s.language, s.backup.every_hours, s.backup.keep), (Language::En, 0, 7), "the rest defaulted");
    }
}
