//! The log file the app and the `beian` command line write, in the data directory's `logs/`: one
//! file per program (`app.log`, `cli.log`), rotated at 1 MiB, the last five kept, through
//! flexi_logger. What is logged is what happened — a program started, a store opened, a command
//! failed with which kind of error at which field — never a value a user typed or a client's data:
//! no names, certificate numbers, phones, file names or error messages that may quote them. A test
//! scans the logs of end-to-end runs for the tests' personal data.
//!
//! `BEIAN_LOG` sets the level (`debug`, `warn`, … or a flexi_logger spec); the default is `info` for
//! Beian Desk's own crates and `warn` for libraries.

use std::path::{Path, PathBuf};

use flexi_logger::{Cleanup, Criterion, FileSpec, Logger, LoggerHandle, Naming, WriteMode};

/// The folder in the data directory.
pub const LOG_DIR: &str = "logs";
/// Size at which a log file is rotated.
pub const ROTATE_BYTES: u64 = 1024 * 1024;
/// Rotated files kept beside the current one.
pub const KEEP_FILES: usize = 5;

const DEFAULT_SPEC: &str =
    "warn, beian=info, beian_desk=info, beian_desk_lib=info, beian_usecases=info, beian_store=info, beian_core=info";

/// Keeps the log file open; logging stops when it is dropped.
pub struct Logging {
    _handle: LoggerHandle,
    pub file: PathBuf,
}

/// The log folder of a data directory.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_DIR)
}

/// Starts logging `program` (`app`, `cli`) into `<data_dir>/logs/<program>_current.log`. A data directory
/// that cannot take a log (read-only, full) is said on stderr and the program goes on without one.
pub fn start(data_dir: &Path, program: &str) -> Option<Logging> {
    let dir = log_dir(data_dir);
    let spec = std::env::var("BEIAN_LOG").ok().filter(|s| !s.trim().is_empty());
    let started = std::fs::create_dir_all(&dir).map_err(|e| e.to_string()).and_then(|()| {
        Logger::try_with_str(spec.as_deref().unwrap_or(DEFAULT_SPEC))
            .or_else(|_| Logger::try_with_str(DEFAULT_SPEC))
            .map_err(|e| e.to_string())?
            .log_to_file(FileSpec::default().directory(&dir).basename(program).suppress_timestamp())
            .rotate(
                Criterion::Size(ROTATE_BYTES),
                Naming::TimestampsCustomFormat { current_infix: Some("current"), format: "%Y-%m-%d_%H-%M-%S" },
                Cleanup::KeepLogFiles(KEEP_FILES),
            )
            .append()
            .format_for_files(flexi_logger::detailed_format)
            .write_mode(WriteMode::Direct)
            // A log write that fails later (the disk filled up) must not print on the CLI's
            // stderr at every line: the program goes on, the log misses those lines.
            .error_channel(flexi_logger::ErrorChannel::DevNull)
            .start()
            .map_err(|e| e.to_string())
    });
    match started {
        Ok(handle) => {
            let file = dir.join(format!("{program}_current.log"));
            log::info!("{program} {} started (pid {})", env!("CARGO_PKG_VERSION"), std::process::id());
            Some(Logging { _handle: handle, file })
        }
        Err(e) => {
            eprintln!("beian: 无法写日志到 {}：{e}（程序照常运行，只是没有日志）", dir.display());
            None
        }
    }
}
