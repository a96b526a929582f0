//! `beian team …`: setting the team store up (docs/team.md).
//!
//! - `team trial DIR [--port P] [--name HOST]…` — a PostgreSQL server with TLS in DIR on this
//!   machine, for an agency that has none yet: made (or started again), prepared, and the URL
//!   colleagues enter printed with the owner's password (once, when it is made).
//! - `team init --team URL` — prepares an empty database (schema, groups, grants) and makes the
//!   login of the URL its first admin; idempotent.
//! - `team migrate --team URL` — brings the team store to this binary's schema (an admin, after a
//!   backup with the server's own tools).
//! - `team staff add NAME --role staff|viewer|admin --team URL` — a colleague's login, its initial
//!   password read from standard input (admins only).
//! - `team whoami --team URL` — who the URL logs in as, and their role.
//! - `team import-desk DIR [--desk NAME] --team URL` — a single desk's data directory brought into
//!   the team store in one transaction (admins only; `beian_store::team::import_desk`).

use std::io::Read;
use std::path::PathBuf;

use beian_store::team::roles::{self, Role};
use clap::Subcommand;

use crate::common::{Failure, Place, connect};

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Start a trial team server (PostgreSQL with TLS) in DIR on this machine and print the URL
    /// colleagues enter.
    Trial {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[arg(long, default_value_t = 5433)]
        port: u16,
        /// More names or addresses of this machine for the server certificate.
        #[arg(long = "name", value_name = "HOST")]
        names: Vec<String>,
        /// Stop the trial server in DIR instead.
        #[arg(long)]
        stop: bool,
    },
    /// Prepare an empty database as the team store (the URL's login becomes its first admin).
    Init,
    /// Bring the team store to this version's schema (admins, after a backup).
    Migrate,
    /// Colleagues' logins.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Who the team URL logs in as.
    Whoami {
        #[arg(long)]
        json: bool,
    },
    /// Bring a single desk's data directory into the team store, all of it or nothing (admins).
    /// Order numbers the team has already get new ones (the old one stays searchable); the desk's
    /// audit trail is kept as a verified archive.
    ImportDesk {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The desk's name in the team store (default: the folder's name).
        #[arg(long, value_name = "NAME")]
        desk: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum StaffCommand {
    /// Add a colleague's login; the initial password is read from standard input.
    Add {
        #[arg(value_name = "NAME")]
        name: String,
        /// staff | viewer | admin
        #[arg(long)]
        role: String,
    },
}

fn team_url(place: &Place) -> Result<&str, Failure> {
    place.team.as_deref().ok_or_else(|| Failure::input("请用 --team URL（或 BEIAN_TEAM_URL）指定团队数据库"))
}

pub fn run(place: &Place, command: TeamCommand) -> Result<u8, Failure> {
    match command {
        TeamCommand::Trial { dir, port, names, stop } => trial(&dir, port, &names, stop),
        TeamCommand::Init => {
            let mut client = connect(team_url(place)?)?;
            let (version, me) = roles::init(&mut client)?;
            println!("团队数据库已就绪（结构版本 {version}），{me} 是管理员");
            Ok(0)
        }
        TeamCommand::Migrate => {
            let mut client = connect(team_url(place)?)?;
            let version = beian_store::team::pg::migrate(&mut client)?;
            println!("团队数据库结构版本 {version}");
            Ok(0)
        }
        TeamCommand::Staff { command: StaffCommand::Add { name, role } } => {
            let role = Role::from_code(&role)
                .ok_or_else(|| Failure::input(format!("未知角色 {role}：可选 staff、viewer、admin")))?;
            roles::check_login_name(&name).map_err(|e| Failure::input(e.to_string()))?;
            let mut password = String::new();
            std::io::stdin()
                .take(1025)
                .read_to_string(&mut password)
                .map_err(|e| Failure::input(format!("无法从标准输入读取初始密码：{e}")))?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.len() > 1024 {
                return Err(Failure::input("初始密码过长（上限 1024 字节）"));
            }
            let mut client = connect(team_url(place)?)?;
            roles::add_staff(&mut client, &name, role, password)?;
            println!("已添加 {name}（{}）：请把初始密码当面告诉对方", role.label_zh());
            Ok(0)
        }
        TeamCommand::ImportDesk { dir, desk, json } => import_desk(place, &dir, desk.as_deref(), json),
        TeamCommand::Whoami { json } => {
            let store = place.open()?;
            let team = store.team().ok_or_else(|| Failure::input("请用 --team URL 指定团队数据库"))?;
            if json {
                println!("{}", serde_json::json!({ "login": team.user(), "role": team.role() }));
            } else {
                println!("{}（{}）", team.user(), team.role().label_zh());
            }
            Ok(0)
        }
    }
}

fn import_desk(place: &Place, dir: &std::path::Path, desk: Option<&str>, json: bool) -> Result<u8, Failure> {
    team_url(place)?;
    let name = beian_store::team::import_desk::desk_name(dir, desk)?;
    let store = place.open()?;
    let team = store.team().ok_or_else(|| Failure::input("请用 --team URL 指定团队数据库"))?;
    let s = team.import_desk(dir, &name, jiff::Timestamp::now())?;
    if json {
        let renumbered: Vec<_> =
            s.renumbered.iter().map(|(old, new)| serde_json::json!({ "old": old, "new": new })).collect();
        println!(
            "{}",
            serde_json::json!({
                "desk": s.desk,
                "filings": s.filings,
                "renumbered": renumbered,
                "events": s.events,
                "attachments": s.attachments,
                "audit_archived": s.audit_archived,
                "audit_head": s.audit_head,
            })
        );
        return Ok(0);
    }
    println!(
        "已导入单机“{}”：{} 条备案，{} 条历史记录，{} 个附件，{} 条审计记录已存档",
        s.desk, s.filings, s.events, s.attachments, s.audit_archived
    );
    if s.renumbered.is_empty() {
        println!("订单号均已保留");
    } else {
        println!("{} 条备案的订单号在团队中已被占用，已改号（原订单号仍可搜索，并记在历史中）：", s.renumbered.len());
        for (old, new) in &s.renumbered {
            println!("  {old} → {new}");
        }
    }
    if let Some(head) = &s.audit_head {
        println!("单机审计链链头 {head}");
    }
    Ok(0)
}

fn trial(dir: &std::path::Path, port: u16, names: &[String], stop: bool) -> Result<u8, Failure> {
    use beian_store::team::cluster;
    if stop {
        cluster::stop_trial(dir)?;
        println!("试用服务器已停止（{}）", dir.display());
        return Ok(0);
    }
    let info = cluster::start_trial(dir, port, names)?;
    // Prepared as its owner over the local socket, then every desk connects over TLS.
    let mut client = beian_store::team::connect::connect(&info.local, None, "beian-cli")?;
    roles::init(&mut client)?;
    println!("试用团队服务器已{}：{}", if info.created { "建立" } else { "启动" }, dir.display());
    println!("同事在“团队模式”中填写的服务器地址：");
    println!("  {}", info.url);
    println!("服务器证书（CA，发给每台电脑）：{}", info.ca.display());
    if let Some(pw) = &info.owner_password {
        println!("管理员登录名 {}，初始密码（只显示这一次，请妥善保存）：{pw}", beian_store::team::cluster::OWNER);
    }
    println!("添加同事：beian team staff add 登录名 --role staff --team 'postgres://{}@…'", cluster::OWNER);
    Ok(0)
}
