//! 导出诊断信息: one zip for the agency's IT person (or us) when something goes wrong — what the
//! program and the machine are, the store's health (`doctor`), its figures, the backups and the
//! logs — with anything that looks like personal data masked once more ([`mask::free_text`]),
//! though the logs never hold any. No filing, scan or audit row goes in.

use std::io::Write;
use std::path::Path;

use beian_core::mask;
use beian_store::{ListQuery, Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;

/// What the bundle says about the program, the machine and the store (`about.json`).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct About {
    pub version: &'static str,
    pub os: String,
    pub arch: &'static str,
    pub data_dir: String,
    /// Where the logs are.
    pub log_dir: String,
    /// `sqlite` (this desk) or `team` (the team server).
    pub engine: &'static str,
    pub schema_version: u32,
    pub filings: u32,
    pub status_counts: Vec<(String, u32)>,
    /// The newest scheduled backup (UTC), if any, and how many are kept.
    pub last_backup: Option<String>,
    pub backups: u32,
    /// Where scheduled backups go (设置).
    pub backup_dir: String,
    /// The settings file (设置).
    pub settings_file: String,
    pub rules: u32,
    /// The years the holiday calendar covers.
    pub calendar_years: Vec<i16>,
    pub made_at: String,
}

fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_owned())))
        .unwrap_or_else(|| std::env::consts::OS.to_owned())
}

/// The program, the machine and the store at `now`.
pub fn about(store: &Store, data_dir: &Path, now: Timestamp) -> Result<About, StoreError> {
    let list = store.list_filings(&ListQuery { limit: Some(1), ..ListQuery::default() })?;
    let settings = crate::settings::load();
    let backup_dir = crate::settings::backup_dir(&settings.settings, data_dir);
    let backups = beian_store::backup::scheduled_backups(&backup_dir).unwrap_or_default();
    Ok(About {
        version: env!("CARGO_PKG_VERSION"),
        os: os_name(),
        arch: std::env::consts::ARCH,
        data_dir: data_dir.display().to_string(),
        log_dir: crate::logs::log_dir(data_dir).display().to_string(),
        engine: if matches!(store, Store::Team(_)) { "team" } else { "sqlite" },
        schema_version: beian_store::SCHEMA_VERSION as u32,
        filings: list.status_counts.iter().map(|c| c.count).sum(),
        status_counts: list.status_counts.iter().map(|c| (c.status.code().to_owned(), c.count)).collect(),
        last_backup: backups.last().map(|(t, _)| t.to_string()),
        backup_dir: backup_dir.display().to_string(),
        settings_file: settings.file,
        backups: backups.len() as u32,
        rules: beian_core::rules::rulebook().len() as u32,
        calendar_years: store.calendar().years().collect(),
        made_at: now.to_string(),
    })
}

const README: &str = "备案工作台诊断信息\n\n\
about.json   程序版本、操作系统、数据目录、数据库版本、各状态的备案数、最近一次自动备份\n\
doctor.json  数据库与附件的健康检查（beian doctor）\n\
settings.json 本机的设置（语言、数据目录、备份、团队服务器地址，不含密码）\n\
logs/        程序日志（不含客户资料）\n\n\
不含任何备案内容、证件扫描件或审计记录；看起来像证件号码、手机号码、电子邮箱的内容已再次遮盖。\n";

/// The bundle as zip bytes.
pub fn bundle(store: &Store, data_dir: &Path, now: Timestamp) -> Result<Vec<u8>, StoreError> {
    let io = |e: std::io::Error| StoreError::io(data_dir, e);
    let zip_err = |e: zip::result::ZipError| StoreError::io(data_dir, std::io::Error::other(e));
    let about = about(store, data_dir, now)?;
    let doctor = match store.doctor(if matches!(store, Store::Team(_)) { Path::new("") } else { data_dir }) {
        Ok(report) => serde_json::to_string_pretty(&report).unwrap_or_default(),
        Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, text: &str| -> Result<(), StoreError> {
        zip.start_file(name, options).map_err(zip_err)?;
        zip.write_all(text.as_bytes()).map_err(io)
    };
    put("README.txt", README)?;
    put("about.json", &mask::free_text(&serde_json::to_string_pretty(&about).unwrap_or_default()))?;
    put("doctor.json", &mask::free_text(&doctor))?;
    let settings = crate::settings::load();
    put("settings.json", &mask::free_text(&serde_json::to_string_pretty(&settings).unwrap_or_default()))?;
    let logs = crate::logs::log_dir(data_dir);
    let mut names: Vec<_> = match std::fs::read_dir(&logs) {
        Ok(entries) => {
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "log")).collect()
        }
        Err(_) => Vec::new(),
    };
    names.sort();
    for path in names {
        // A log is small (rotated at 1 MiB); one that cannot be read is said, not fatal.
        let text = std::fs::read(&path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_else(|e| format!("（无法读取：{e}）"));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        put(&format!("logs/{name}"), &mask::free_text(&text))?;
    }
    let cursor = zip.finish().map_err(zip_err)?;
    Ok(cursor.into_inner())
}
