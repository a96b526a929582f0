//! 今日待办 and 审核用时: what is due across all filings, the agency's review times, the deadlines
//! as a calendar file; desktop notifications while the app runs, once per deadline.

use beian_core::review_stats::ReviewStats;
use beian_usecases::due::DueList;
use tauri::{Manager, Runtime};

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn due_list<R: Runtime>(app: tauri::AppHandle<R>, within: Option<u32>) -> IpcResult<DueList> {
    crate::state::blocking(app, move |s| Ok(beian_usecases::due::due(&*s.store()?, within, jiff::Timestamp::now())?))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn review_stats<R: Runtime>(app: tauri::AppHandle<R>) -> IpcResult<ReviewStats> {
    crate::state::blocking(app, move |s| Ok(beian_usecases::due::review_stats(&*s.store()?, jiff::Timestamp::now())?))
        .await
}

/// The calendar file the app keeps up to date while it runs: a calendar app subscribes to it.
#[tauri::command]
#[specta::specta]
pub fn deadline_feed(state: tauri::State<'_, AppState>) -> String {
    beian_usecases::due::feed_path(&state.data_dir).display().to_string()
}

/// Writes the deadlines as an iCalendar file where staff chose (a save dialog's absolute path
/// ending in `.ics`); returns how many entries it holds.
#[tauri::command]
#[specta::specta]
pub async fn save_deadlines_ics<R: Runtime>(app: tauri::AppHandle<R>, path: String) -> IpcResult<u32> {
    let target = crate::commands::output_path(&path, "ics")?;
    crate::state::blocking(app, move |s| {
        let now = jiff::Timestamp::now();
        let list = beian_usecases::due::due(&*s.store()?, None, now)?;
        let text = beian_usecases::due::deadlines_ics(&list, now);
        crate::commands::write_output(&target, text.as_bytes())?;
        Ok(list.items.len() as u32)
    })
    .await
}

/// How often the reminders are looked at while the app runs.
const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// How long after the start the notices first look.
const FIRST_LOOK: std::time::Duration = std::time::Duration::from_secs(10);

/// Looks at what is due every minute while the app runs (first [`FIRST_LOOK`] after the start): a
/// desktop notification for each reminder not announced before (an order's end once per stage; many
/// at once as one summary), the keys kept in `<data-dir>/reminders/` so a restart does not announce
/// them again, and the calendar feed rewritten. A failure is reported on stderr and tried again the
/// next minute.
pub fn start_notices<R: Runtime>(app: &tauri::AppHandle<R>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("reminders".into()).spawn(move || {
        let data_dir = app.state::<AppState>().data_dir.clone();
        let mut sent = beian_usecases::due::load_sent(&data_dir);
        // Not while the window starts: the first look holds the store while the window asks it
        // for its list and due list, and its notifications go out over D-Bus. The Today view shows
        // the deadlines at once either way.
        std::thread::sleep(FIRST_LOOK);
        loop {
            if let Err(e) = look(&app, &data_dir, &mut sent) {
                eprintln!("备案工作台：待办提醒失败：{}", e.message);
            }
            std::thread::sleep(EVERY);
        }
    });
    if let Err(e) = spawned {
        eprintln!("备案工作台：无法启动待办提醒：{e}");
    }
}

fn look<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: &std::path::Path,
    sent: &mut std::collections::BTreeSet<String>,
) -> Result<(), IpcError> {
    use tauri_plugin_notification::NotificationExt;
    let now = jiff::Timestamp::now();
    let list = {
        let state = app.state::<AppState>();
        let store = state.store()?;
        beian_usecases::due::due(&store, None, now)?
    };
    for notice in beian_usecases::due::notices(&list, sent) {
        // No notification service (a bare X server, a locked-down desktop): the list still shows it.
        let _ = app.notification().builder().title(notice.title).body(notice.body).show();
    }
    beian_usecases::due::save_reminders(data_dir, sent, &list, now).map_err(|e| {
        IpcError::new(crate::error::ErrorCode::Storage, format!("无法写入 {}：{e}", data_dir.display()), None)
    })
}
