//! `beian`: the headless command line of Beian Desk (see `shared/spec/filing-exchange-format.md`).
//!
//! Exit codes: 0 success; 1 the input was read but fails (errors in a filing, a store failure);
//! 2 the input could not be read or is not this format.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod app;
mod backup;
mod cert;
mod common;
mod demo;
mod doctor;
mod due;
mod filings;
mod ocr;
mod plan;
mod print;
mod scan;
mod sheet;
mod team;
mod workdays;
mod workflow;

use crate::common::Failure;

#[derive(Parser)]
#[command(name = "beian", version, about = "备案工作台命令行：校验、导入、导出和查询备案")]
struct Cli {
    /// Data directory (default: $BEIAN_DATA_DIR, else the desktop app's data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The agency's team store instead of the data directory: a postgres:// URL (TLS verified;
    /// `sslrootcert=FILE` names the CA). Default: $BEIAN_TEAM_URL. The password is read from
    /// $BEIAN_TEAM_PASSWORD or asked for.
    #[arg(long, global = true, value_name = "URL")]
    team: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate one filing document (`-` reads standard input).
    Validate {
        #[arg(long)]
        json: bool,
        file: String,
    },
    /// Import filing documents into the local database as drafts (all or none).
    Import {
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Export filings (by id or order number; all when none given). ID numbers, phones and e-mails
    /// are masked unless --full.
    Export {
        /// Print records with their order number and status instead of bare documents.
        #[arg(long)]
        json: bool,
        /// Export personal data in full, to move filings to another store (recorded in the audit trail).
        #[arg(long)]
        full: bool,
        ids: Vec<String>,
        /// Write the filings the filter shows as an Excel workbook, one row per service.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// With --xlsx: only filings in this status (a status code).
        #[arg(long)]
        status: Option<String>,
        /// With --xlsx: only filings of this province (full name).
        #[arg(long)]
        province: Option<String>,
        /// With --xlsx: only filings matching this text (order number, subject, domain …).
        #[arg(long)]
        search: Option<String>,
    },
    /// Write the intake workbook a client fills in (import it with `beian import FILE.xlsx`).
    Template {
        #[arg(long, value_name = "FILE", required = true)]
        xlsx: PathBuf,
    },
    /// The filings dashboard as data.
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        province: Option<String>,
        /// An access provider's code (`aliyun`, `tencent`, …).
        #[arg(long)]
        provider: Option<String>,
        /// A provider account, exactly.
        #[arg(long)]
        account: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Check the store: integrity, foreign keys, search index, attachment files and hashes, audit
    /// chain (exit 0 healthy, 1 problems).
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// Write the diagnostic bundle for the agency's IT person (.zip): versions, OS, the store's
    /// figures and health, the logs; masked, no filing in it.
    Support {
        #[arg(long)]
        out: PathBuf,
    },
    /// Write one archive (.tar.gz) of the database and the attachments, online, with a manifest of
    /// SHA-256 hashes (recorded in the audit trail).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup archive after verifying it (hashes, integrity, every doctor check); an
    /// existing store is replaced only with --replace, and kept in backups/pre-restore-….
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        replace: bool,
    },
    /// Fill the database with N realistic synthetic filings (for demos and benchmarks).
    Demo {
        #[arg(long)]
        count: usize,
        /// Seed for a reproducible set (default: the clock).
        #[arg(long)]
        seed: Option<u64>,
        /// Also attach one synthetic certificate scan to every filing (through the attachment store).
        #[arg(long)]
        attachments: bool,
    },
    /// Filing type, materials, SMS verification and expected review dates of one filing document.
    Plan {
        #[arg(long)]
        json: bool,
        file: String,
    },
    /// Check one certificate number; TYPE is a `cert_type` code (e.g. resident_id, business_license).
    Cert {
        #[arg(long)]
        json: bool,
        #[arg(value_name = "TYPE")]
        cert_type: String,
        #[arg(allow_hyphen_values = true)]
        number: String,
    },
    /// Render a print view (checklist, summary, sms, handoff) of stored filings as one
    /// self-contained HTML file, exactly as the app prints it; personal data masked unless --full.
    Print {
        /// checklist | summary | sms | handoff
        #[arg(value_name = "KIND")]
        kind: String,
        /// Print certificate numbers, phones and e-mails in full (recorded in each filing's history).
        #[arg(long)]
        full: bool,
        /// The phone hand-off link (handoff only), printed as a QR code.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Filings by order number or id; each on its own page.
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
    },
    /// Read a certificate scan offline (识别证件) and print the fields it proposes with their
    /// confidence; numbers only when their check characters pass. Exit 1 when nothing is read,
    /// 2 when OCR is not installed (scripts/setup-ocr.sh).
    Ocr {
        #[arg(long)]
        json: bool,
        /// Directory holding libonnxruntime.so and the models (default: $BEIAN_OCR_DIR, the app's).
        #[arg(long, value_name = "DIR")]
        ocr_dir: Option<PathBuf>,
        #[arg(value_name = "IMAGE")]
        image: String,
    },
    /// Apply a workflow action (e.g. data_complete, materials_done, submit, reject, approve) through
    /// the same check as the window; submit needs --confirm and zero errors. Exit 0 applied,
    /// 1 refused, 2 unknown filing or action.
    Action {
        #[arg(long)]
        json: bool,
        /// The filing's order number or id.
        id: String,
        /// The action's code.
        action: String,
        /// The reason (驳回 needs one).
        #[arg(long)]
        reason: Option<String>,
        /// A note for the history entry.
        #[arg(long)]
        note: Option<String>,
        /// The applicant confirmed that every entry is true and accurate (needed to submit).
        #[arg(long)]
        confirm: bool,
    },
    /// Attach certificate scans to one material of a filing, exactly as the window does (each file
    /// on its own). MATERIAL: a material code as `beian plan --json` lists them. Exit 0 all
    /// attached, 1 some refused (those stored nothing), 2 unknown filing or material.
    Attach {
        #[arg(long)]
        json: bool,
        /// The filing's order number or id.
        id: String,
        material: String,
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
    /// What needs doing across all filings: SMS windows closing, orders near their end, reviews
    /// past their expected day, papers to mail; nearest first.
    Due {
        #[arg(long)]
        json: bool,
        /// Only what is overdue or due within this many days.
        #[arg(long, value_name = "DAYS")]
        within: Option<u32>,
        /// Also write the deadlines as an iCalendar file (.ics) a calendar app can subscribe to.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
    },
    /// Review times per province and provider from this store's own history (last 12 months).
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// The filing's history: time, status before and after, what was done, the note.
    History {
        #[arg(long)]
        json: bool,
        id: String,
    },
    /// App packages (.apk, .ipa, .hap/.app): what their filing needs.
    App {
        #[command(subcommand)]
        command: AppCommand,
    },
    /// Certificate scans, processed exactly as attaching them does.
    Scan {
        #[command(subcommand)]
        command: ScanCommand,
    },
    /// Chinese working days (public holidays off, make-up working days on).
    Workdays {
        #[command(subcommand)]
        command: WorkdaysCommand,
    },
    /// Team mode: the agency's shared store on PostgreSQL (see docs/team.md).
    Team {
        #[command(subcommand)]
        command: team::TeamCommand,
    },
}

#[derive(Subcommand)]
enum AppCommand {
    /// Read FILE (.apk, .ipa, .hap/.app): package, name, version, certificate subject and
    /// fingerprints, public key, launcher icon; exit 1 for a file that is not a package, is
    /// unsigned or cannot be read.
    Inspect {
        #[arg(long)]
        json: bool,
        #[arg(value_name = "FILE")]
        file: String,
    },
}

#[derive(Subcommand)]
enum ScanCommand {
    /// Decode IN under limits, apply its orientation, strip metadata and write the normalised JPEG
    /// (a PDF as-is) to OUT; exit 1 for a bad file.
    Normalize {
        #[arg(long)]
        json: bool,
        #[arg(value_name = "IN")]
        input: String,
        #[arg(value_name = "OUT")]
        output: String,
    },
}

#[derive(Subcommand)]
enum WorkdaysCommand {
    /// Print the N-th working day strictly after DATE (YYYY-MM-DD, N >= 1).
    Add {
        date: String,
        #[arg(allow_hyphen_values = true)]
        n: String,
    },
}

/// A reader that stops early (`beian due | head`) closes the pipe: the next print then fails and
/// `println!` panics. That is how a Unix tool ends quietly on SIGPIPE, so end quietly too, with the
/// shell's code for it (128 + SIGPIPE); every other panic reports as usual.
fn quiet_on_closed_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("os error 32") {
            std::process::exit(141);
        }
        report(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // The verb's name as clap knows it, a static string for the log.
    let verb: &'static str = matches.subcommand_name().map_or("", |n| n.to_owned().leak());
    let result = run(cli, verb);
    if common::logging() {
        // The exit code only: a failure's message may quote a client's data.
        match &result {
            Ok(code) => log::info!("beian {verb} ended with exit code {code}"),
            Err(f) => log::warn!("beian {verb} failed with exit code {}", f.code),
        }
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("beian: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli, verb: &'static str) -> Result<u8, Failure> {
    let team = cli.team.or_else(|| std::env::var("BEIAN_TEAM_URL").ok().filter(|u| !u.trim().is_empty()));
    let place = &common::Place { data_dir: cli.data_dir, team, verb };
    match cli.command {
        Command::Validate { json, file } => filings::validate(&file, json),
        Command::Import { files } if sheet::any_workbook(&files) => sheet::import(place, &files),
        Command::Import { files } => filings::import(place, &files),
        Command::Export { json, full, ids, xlsx: None, status: None, province: None, search: None } => {
            filings::export(place, &ids, json, full)
        }
        Command::Export { json, full, ids, xlsx, status, province, search } => {
            sheet::export(place, sheet::ExportArgs { xlsx, json, full, ids, status, province, search })
        }
        Command::Template { xlsx } => sheet::template(&xlsx),
        Command::List { json, search, status, province, provider, account, limit } => {
            filings::list(place, json, filings::ListArgs { search, status, province, provider, account }, limit)
        }
        Command::Demo { count, seed, attachments } => demo::demo(place, count, seed, attachments),
        Command::Doctor { json } => doctor::doctor(place, json),
        Command::Support { out } => doctor::support(place, &out),
        Command::Backup { out } => backup::backup(place, &out),
        Command::Restore { file, replace } => backup::restore(place, &file, replace),
        Command::Plan { json, file } => plan::plan(place, &file, json),
        Command::Cert { json, cert_type, number } => cert::cert(&cert_type, &number, json),
        Command::Print { kind, full, url, ids, out } => {
            print::print(place, print::PrintArgs { kind, full, url, ids, out })
        }
        Command::Ocr { json, ocr_dir, image } => ocr::ocr(&image, ocr_dir, json),
        Command::App { command: AppCommand::Inspect { json, file } } => app::inspect(&file, json),
        Command::Scan { command: ScanCommand::Normalize { json, input, output } } => {
            scan::normalize(&input, &output, json)
        }
        Command::Action { json, id, action, reason, note, confirm } => {
            workflow::action(place, workflow::ActionArgs { json, id, action, reason, note, confirm })
        }
        Command::History { json, id } => workflow::history(place, &id, json),
        Command::Due { json, within, ics } => due::due(place, json, within, ics),
        Command::Stats { json } => due::stats(place, json),
        Command::Attach { json, id, material, files } => workflow::attach(place, &id, &material, &files, json),
        Command::Workdays { command: WorkdaysCommand::Add { date, n } } => workdays::add(place, &date, &n),
        Command::Team { command } => team::run(place, command),
    }
}
