//! 备案工作台 Beian Desk — the Tauri shell.
//!
//! Architecture invariant: this is the only crate that knows about Tauri, windows and IPC. Commands
//! (in `commands/`, one module per area) are thin: they call `beian-core` and `beian-store` and map
//! errors to [`error::IpcError`]. State is managed through `tauri::State`; there are no globals.

pub mod commands;
pub mod error;
pub mod scans;
pub mod state;

use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, collect_events};

use crate::state::AppState;

/// The typed command set; also the source of the generated TypeScript bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(collect_commands![
            commands::app::app_info::<tauri::Wry>,
            commands::app::catalog,
            commands::filings::create_filing::<tauri::Wry>,
            commands::filings::get_filing::<tauri::Wry>,
            commands::filings::reveal_filing::<tauri::Wry>,
            commands::filings::update_filing::<tauri::Wry>,
            commands::filings::list_filings::<tauri::Wry>,
            commands::filings::filing_events::<tauri::Wry>,
            commands::regions::region_options,
            commands::printing::print_kinds,
            commands::printing::render_print::<tauri::Wry>,
            commands::attachments::attach_files::<tauri::Wry>,
            commands::attachments::replace_attachment::<tauri::Wry>,
            commands::attachments::list_attachments::<tauri::Wry>,
            commands::attachments::material_completeness::<tauri::Wry>,
            commands::attachments::remove_attachment::<tauri::Wry>,
            commands::attachments::restore_attachment::<tauri::Wry>,
            commands::handoff::handoff_addresses,
            commands::handoff::start_handoff,
            commands::handoff::stop_handoff,
            commands::handoff::handoff_status,
            commands::handoff::review_handoff_photo,
            commands::ocr::ocr_status,
            // Generic over the runtime (it emits progress events); the types do not depend on it.
            commands::ocr::ocr_read_attachment::<tauri::Wry>,
            commands::package::inspect_package,
            commands::ocr::ocr_reveal::<tauri::Wry>,
            commands::workflow::check_document::<tauri::Wry>,
            commands::workflow::provider_switch::<tauri::Wry>,
            commands::workflow::filing_overview::<tauri::Wry>,
            commands::workflow::apply_action::<tauri::Wry>,
            commands::workflow::rulebook,
            commands::workflow::start_follow_up::<tauri::Wry>,
            commands::team::team_login::<tauri::Wry>,
            commands::team::team_logout::<tauri::Wry>,
            commands::team::team_status,
            commands::reminders::due_list::<tauri::Wry>,
            commands::reminders::review_stats::<tauri::Wry>,
            commands::reminders::deadline_feed,
            commands::reminders::save_deadlines_ics::<tauri::Wry>,
            commands::sheets::export_xlsx::<tauri::Wry>,
            commands::sheets::save_intake_template,
            commands::sheets::preview_intake::<tauri::Wry>,
            commands::sheets::import_intake::<tauri::Wry>,
            commands::start::import_json::<tauri::Wry>,
            commands::start::load_demo::<tauri::Wry>,
            commands::about::about_info::<tauri::Wry>,
            commands::about::save_support_bundle::<tauri::Wry>,
            commands::app::startup_painted,
            commands::settings::settings_get::<tauri::Wry>,
            commands::settings::settings_save::<tauri::Wry>,
            commands::settings::settings_set_language::<tauri::Wry>,
        ])
        .events(collect_events![
            commands::handoff::HandoffNotice,
            commands::ocr::OcrProgress,
            commands::team::TeamChanged
        ])
        .dangerously_cast_bigints_to_number()
}

/// Where the TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// Header of the generated bindings file.
pub const BINDINGS_HEADER: &str = "// Generated from the Rust types by tauri-specta (src-tauri/src/lib.rs). Do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test -p beian-desk --lib bindings\n";

/// Opens the store in the data directory chosen by `--data-dir`, `BEIAN_DATA_DIR`, 设置, or the platform.
/// A store that cannot be opened is kept as an error the window shows.
pub fn open_state(args: impl IntoIterator<Item = String>) -> AppState {
    open_located(locate_state(args))
}

/// The data directory `open_state` opens, with what chose it (none found: `None`).
pub fn locate_state(
    args: impl IntoIterator<Item = String>,
) -> Option<(std::path::PathBuf, beian_store::paths::DataDirSource)> {
    beian_usecases::settings::locate_data_dir(beian_store::paths::data_dir_from_args(args))
}

/// Opens the store in a located data directory (see [`open_state`]).
pub fn open_located(located: Option<(std::path::PathBuf, beian_store::paths::DataDirSource)>) -> AppState {
    let data_dir_override = located.as_ref().and_then(|(_, source)| source.override_name()).map(str::to_owned);
    let mut state = match located.map(|(dir, _)| dir) {
        Some(dir) => {
            // Orders whose 45 days ran out while the app was closed are marked 已过期 first.
            let store = beian_store::Store::open(&dir)
                .and_then(|mut s| {
                    s.expire_lapsed(jiff::Timestamp::now())?;
                    Ok(s)
                })
                .map_err(|e| e.diagnosed(&dir));
            AppState::new(store, dir)
        }
        None => AppState::new(
            Err(beian_store::StoreError::Invalid {
                field: "data_dir".into(),
                message: "找不到数据目录：请用 --data-dir 或 BEIAN_DATA_DIR 指定".into(),
            }),
            std::path::PathBuf::new(),
        ),
    };
    state.data_dir_override = data_dir_override;
    state
}

/// Applies the app's plugins, state and commands to a builder (the real one or the mock runtime's).
pub fn setup_builder<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    setup_builder_with(builder.manage(state), None)
}

/// The state, when it is only ready later: called in the app's setup.
pub type LaterState = Box<dyn FnOnce() -> AppState + Send>;

/// [`setup_builder`]; with `later`, the state comes from it in the app's setup: after the
/// plugins and the window were made, before any command or `scan:` request can run (they wait
/// for the main loop, which runs the setup first). `run` opens the store on a thread meanwhile.
pub fn setup_builder_with<R: Runtime>(builder: tauri::Builder<R>, later: Option<LaterState>) -> tauri::Builder<R> {
    let specta = specta_builder::<R>();
    let builder = scans::register(builder)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(commands::handoff::plugin())
        .plugin(commands::ocr::plugin());
    builder.invoke_handler(specta.invoke_handler()).setup(move |app| {
        if let Some(state) = later {
            app.manage(state());
        }
        specta.mount_events(app);
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.set_title("备案工作台");
            plain_rendering(&window);
        }
        if app.state::<AppState>().store().is_ok() {
            commands::reminders::start_notices(app.handle());
        }
        Ok(())
    })
}

/// WebKitGTK draws the page without accelerated compositing (its hardware acceleration policy
/// `never`), as every window test runs it (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, the usual cure for
/// blank or flickering WebKitGTK windows on some GPUs and remote displays). The app is forms and
/// lists: nothing in it animates, and composited layers on a machine without a GPU are rendered by
/// Mesa's software rasteriser — with 120 filings the web process held about 100 MiB more for them
/// (`scripts/bench-start.sh` prints both). `BEIAN_COMPOSITING=1` leaves WebKit's own policy.
fn plain_rendering<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        if std::env::var_os("BEIAN_COMPOSITING").is_some_and(|v| v == "1") {
            return;
        }
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = applied {
            log::warn!("rendering policy not set: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// How long after the start the backup schedule first looks.
const BACKUP_FIRST_LOOK: std::time::Duration = std::time::Duration::from_secs(15);

/// Wakes the backup schedule at once (its settings changed).
static BACKUP_WAKE: std::sync::OnceLock<std::sync::mpsc::Sender<()>> = std::sync::OnceLock::new();

/// Tells the backup schedule to look again now (设置 changed its folder or its pace).
pub fn wake_backup_schedule() {
    if let Some(wake) = BACKUP_WAKE.get() {
        let _ = wake.send(());
    }
}

/// Backups while the app runs, as 设置 says (beian_usecases::settings::schedule; by default daily
/// into `<data-dir>/backups/`, seven kept): looked at [`BACKUP_FIRST_LOOK`] after the app
/// starts, every hour, and at once when the settings change (a new folder gets its first backup
/// then). A failure is reported on stderr and in the log and tried again the next time; the app
/// goes on either way.
pub fn start_backup_schedule(data_dir: std::path::PathBuf) {
    let (wake, woken) = std::sync::mpsc::channel();
    let _ = BACKUP_WAKE.set(wake);
    let spawned = std::thread::Builder::new().name("scheduled-backup".into()).spawn(move || {
        // Not while the window starts: a day's first backup (the whole store and its scans,
        // compressed) would share the disk and the CPU with it. A settings change looks at once.
        if let Err(std::sync::mpsc::RecvTimeoutError::Disconnected) = woken.recv_timeout(BACKUP_FIRST_LOOK) {
            return;
        }
        loop {
            let settings = beian_usecases::settings::load().settings;
            if let Some(schedule) = beian_usecases::settings::schedule(&settings, &data_dir) {
                match beian_store::backup::scheduled_backup(&data_dir, &schedule, jiff::Timestamp::now()) {
                    Ok(Some(b)) => {
                        log::info!("scheduled backup written");
                        eprintln!("备案工作台：已自动备份到 {}", b.path.display());
                    }
                    Ok(None) => {}
                    Err(e) => {
                        log::warn!("scheduled backup failed");
                        eprintln!("备案工作台：自动备份失败：{e}");
                    }
                }
            }
            match woken.recv_timeout(std::time::Duration::from_secs(3600)) {
                Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("备案工作台：无法启动自动备份：{e}");
    }
}

/// Starts the desktop app.
pub fn run() {
    let _ = commands::app::STARTED.set(std::time::Instant::now());
    if let Some(dir) = beian_store::paths::flag_from_args(std::env::args(), "--config-dir") {
        beian_usecases::settings::use_config_dir(dir);
    }
    let located = locate_state(std::env::args());
    // The log in <data-dir>/logs/ (beian_usecases::logs): what happened, never a client's data.
    let _log = located.as_ref().map(|(dir, _)| beian_usecases::logs::start(dir, "app"));
    // The store opens (and marks the orders that lapsed while the app was closed) on a thread of
    // its own while GTK, the plugins and the window start: tens of milliseconds off the first
    // frame here, more on a slow disk. The app's setup waits for it.
    let opening = std::thread::Builder::new().name("open-store".into()).spawn(move || {
        let state = open_located(located);
        match state.store() {
            Ok(_) => {
                log::info!("store opened in {}", state.data_dir.display());
                start_backup_schedule(state.data_dir.clone());
            }
            Err(e) => log::warn!("store not opened: {:?}", e.code),
        }
        state
    });
    let state: LaterState = Box::new(move || {
        let failed = match opening.map(|thread| thread.join()) {
            Ok(Ok(state)) => return state,
            Ok(Err(_)) => "打开数据时程序出错".to_owned(),
            Err(e) => format!("无法启动打开数据的线程：{e}"),
        };
        log::error!("the store was not opened: {failed}");
        AppState::new(
            Err(beian_store::StoreError::Invalid { field: "data_dir".into(), message: failed }),
            std::path::PathBuf::new(),
        )
    });
    if let Err(e) = setup_builder_with(tauri::Builder::default(), Some(state)).run(tauri::generate_context!()) {
        eprintln!("备案工作台无法启动：{e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed TypeScript bindings must match what the Rust types generate now.
    #[test]
    fn bindings_are_fresh() {
        let committed_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let dir = tempfile::tempdir().unwrap();
        let fresh_path = dir.path().join("bindings.ts");
        specta_builder::<tauri::Wry>()
            .export(specta_typescript::Typescript::default().header(BINDINGS_HEADER), &fresh_path)
            .unwrap();
        let fresh = std::fs::read_to_string(&fresh_path).unwrap();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p beian-desk --lib bindings` and commit it"
        );
    }
}
