//! What every command shares: failures and exit codes, the store, reading input.

use std::io::Read;
use std::path::PathBuf;

use beian_core::document::{self, ParseError};
use beian_core::{Diagnostic, Severity};
use beian_store::{Store, StoreError};

/// A command's failure, with its exit code and a message for stderr.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn input(message: impl Into<String>) -> Self {
        Failure { code: 2, message: message.into() }
    }
    pub fn failed(message: impl Into<String>) -> Self {
        Failure { code: 1, message: message.into() }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::failed(e.to_string())
    }
}

/// Where a command's store is: the local data directory (`--data-dir`, else the app's), or the
/// agency's team store (`--team URL` / `BEIAN_TEAM_URL`), which then wins.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub data_dir: Option<PathBuf>,
    pub team: Option<String>,
    /// The verb (`list`, `import` …) for the log; never its arguments, which may be a client's data.
    pub verb: &'static str,
}

/// The log, started the first time a verb reaches the data directory (verbs that never touch it,
/// such as `validate` or `cert`, leave no trace and create no folder).
static LOG: std::sync::OnceLock<Option<beian_usecases::logs::Logging>> = std::sync::OnceLock::new();

/// Whether the log was started (the exit is then logged too).
pub fn logging() -> bool {
    LOG.get().is_some_and(Option::is_some)
}

impl Place {
    /// The local data directory (for what only a desk has).
    pub fn dir(&self) -> Result<PathBuf, Failure> {
        let dir = beian_usecases::settings::data_dir(self.data_dir.clone())
            .ok_or_else(|| Failure::failed("找不到数据目录：请用 --data-dir 指定"))?;
        LOG.get_or_init(|| {
            let log = beian_usecases::logs::start(&dir, "cli");
            log::info!("beian {}{}", self.verb, if self.is_team() { " (team store)" } else { "" });
            log
        });
        Ok(dir)
    }

    pub fn is_team(&self) -> bool {
        self.team.is_some()
    }

    /// Opens the store: the team store when a URL is given, else the data directory's.
    pub fn open(&self) -> Result<Store, Failure> {
        match &self.team {
            Some(url) => {
                // The desk's own folder keeps the log of what was done on the team store too.
                let _ = self.dir();
                Ok(Store::Team(Box::new(beian_store::team::pg::PgStore::on(connect(url)?)?)))
            }
            None => {
                let dir = self.dir()?;
                Ok(Store::open(&dir).map_err(|e| e.diagnosed(&dir))?)
            }
        }
    }
}

/// Connects to the team server at `url` as its login: the password from `BEIAN_TEAM_PASSWORD`,
/// else asked for on the terminal (never on the command line, never in the URL); none over a
/// Unix socket the server trusts.
pub fn connect(url: &str) -> Result<postgres::Client, Failure> {
    let url = beian_store::team::connect::TeamUrl::parse(url).map_err(|e| Failure::input(e.to_string()))?;
    let password = match std::env::var("BEIAN_TEAM_PASSWORD") {
        Ok(p) if !p.is_empty() => Some(p),
        _ if url.is_socket() => None,
        _ => {
            use std::io::IsTerminal;
            if !std::io::stdin().is_terminal() {
                return Err(Failure::input(
                    "请在 BEIAN_TEAM_PASSWORD 中提供团队服务器的密码（或在终端中运行以输入密码）",
                ));
            }
            Some(
                rpassword::prompt_password(format!("{} 的密码：", url.user))
                    .map_err(|e| Failure::input(format!("无法读取密码：{e}")))?,
            )
        }
    };
    Ok(beian_store::team::connect::connect(&url, password.as_deref(), "beian-cli")?)
}

pub fn open_store(place: &Place) -> Result<Store, Failure> {
    place.open()
}

pub fn read_input(file: &str) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    let limit = document::MAX_DOCUMENT_BYTES as u64 + 1;
    let result = if file == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    result.map_err(|e| Failure::input(format!("无法读取 {file}：{e}")))?;
    if bytes.len() as u64 >= limit {
        return Err(Failure::input(format!("{file}：文件过大（上限 {} 字节）", document::MAX_DOCUMENT_BYTES)));
    }
    String::from_utf8(bytes)
        .map_err(|e| Failure::input(format!("{file}：不是 UTF-8 文本（第 {} 字节处）", e.utf8_error().valid_up_to())))
}

pub fn parse_file(file: &str) -> Result<document::Parsed, (Failure, Option<ParseError>)> {
    let text = read_input(file).map_err(|f| (f, None))?;
    document::parse_document(&text).map_err(|e| (Failure::input(format!("{file}：{e}")), Some(e)))
}

pub fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        let sev = match d.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Reminder => "提醒",
        };
        let field = if d.field.is_empty() { "(文档)" } else { &d.field };
        println!("{sev} {field}: {} [{}，依据：{}]", d.message, d.rule, d.source);
    }
}

/// Writes `bytes` to `out` beside it first and renames, so that a half-written file never has its
/// name (a failure leaves the old file, or none).
pub fn write_atomic(out: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = out.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Failure::failed(format!("无法写入 {}：{e}", out.display())))?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::failed(format!("无法写入 {}：{e}", out.display()))
    })
}
