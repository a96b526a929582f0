//! A bare Tauri 2 window with Beian Desk's plugins: the peer `scripts/bench-start.sh` measures the
//! app against (first painted frame, memory of the process tree, package size). It paints one
//! heading and reports the time of its first frame exactly as the app does (`startup_painted`).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The page's first frame was painted at `at_ms` (milliseconds since the epoch): printed for the
/// benchmark when `BEIAN_STARTUP_REPORT` is set, as the app prints it.
#[tauri::command]
fn startup_painted(at_ms: f64) {
    if std::env::var_os("BEIAN_STARTUP_REPORT").is_some() {
        println!("startup painted_at_ms={at_ms:.1}");
    }
}

fn main() {
    let built = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(tauri::generate_handler![startup_painted])
        .run(tauri::generate_context!());
    if let Err(e) = built {
        eprintln!("beian-probe: {e}");
        std::process::exit(1);
    }
}
