//! 手机拍照上传: the mobile hand-off (crate `beian-handoff`). Starting one for a filing serves a
//! phone page on one LAN address of this machine and returns its link and QR code; each photo the
//! phone sends is stored like a desktop attachment and announced to the window as a
//! [`HandoffNotice`] event; staff accept or send back each one. Closing the dialog stops it; it
//! stops by itself when it expires. The link is what a printed hand-off sheet carries
//! (`handoff_status`).

use std::net::IpAddr;
use std::sync::Arc;

use beian_handoff::{
    Config, Handoff, HandoffEvent, LanAddress, Received, SessionInfo, SessionStatus, StoreAccess, StoreUnavailable,
};
use beian_store::Store;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_specta::Event;

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// What happens during a hand-off (the phone opened the page, a photo arrived, an upload was
/// refused, the phone pressed 完成, the session ended).
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct HandoffNotice(pub HandoffEvent);

/// The hand-off manager (made when the app starts: it needs the app handle for the store and
/// the events).
pub struct HandoffState(Handoff);

/// The app's one store, lent to the hand-off for each photo.
struct AppStore<R: Runtime>(AppHandle<R>);

impl<R: Runtime> StoreAccess for AppStore<R> {
    fn with_store(&self, f: &mut dyn FnMut(&mut Store)) -> Result<(), StoreUnavailable> {
        let state = self.0.state::<AppState>();
        let mut store = state.store().map_err(|e| StoreUnavailable(e.message))?;
        f(&mut store);
        Ok(())
    }
}

impl HandoffState {
    pub fn new<R: Runtime>(app: &AppHandle<R>) -> Self {
        let events = app.clone();
        HandoffState(Handoff::new(Config::default(), Arc::new(AppStore(app.clone())), move |e| {
            // Emitted by the name the bindings listen to (tauri-specta's, without needing its
            // registry); a window that went away does not stop the hand-off.
            let _ = events.emit(HandoffNotice::NAME, HandoffNotice(e));
        }))
    }
}

/// Puts the hand-off manager into the app's state as the app is built (a plugin's setup runs in
/// `Builder::build`, also on the mock runtime of the IPC tests). No commands, no permissions.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("beian-handoff")
        .setup(|app, _api| {
            app.manage(HandoffState::new(app));
            Ok(())
        })
        .build()
}

/// Set to one address (e.g. `127.0.0.1`) to offer only that one: the end-to-end tests keep the
/// hand-off on loopback this way, and a phone emulator on the same machine can use it too.
pub const ADDRESS_ENV: &str = "BEIAN_HANDOFF_ADDRESS";

/// This machine's addresses a phone on the same network can reach: the one chosen in 设置 first
/// (when this machine has it now), then the private ranges. The window offers the first.
#[tauri::command]
#[specta::specta]
pub fn handoff_addresses() -> IpcResult<Vec<LanAddress>> {
    if let Ok(only) = std::env::var(ADDRESS_ENV) {
        return Ok(vec![LanAddress { interface: ADDRESS_ENV.into(), address: only, private: true }]);
    }
    let mut all = beian_handoff::lan_addresses()?;
    if let Some(preferred) = beian_usecases::settings::load().settings.handoff_address {
        // A stable sort: the chosen address first, the others in their order.
        all.sort_by_key(|a| a.address != preferred);
    }
    Ok(all)
}

/// Starts a hand-off for a filing on `address` (one of [`handoff_addresses`]; when none is given,
/// the one chosen in 设置, else the first private one). A running hand-off ends: its link stops working.
#[tauri::command]
#[specta::specta]
pub async fn start_handoff(
    state: State<'_, HandoffState>,
    filing_id: i64,
    address: Option<String>,
) -> IpcResult<SessionInfo> {
    let ip: IpAddr = match address {
        Some(a) => a.parse().map_err(|_| IpcError::invalid("address", format!("“{a}”不是 IPv4 地址")))?,
        None => {
            // handoff_addresses puts the chosen one first: it, or else the first private one.
            let preferred = beian_usecases::settings::load().settings.handoff_address;
            handoff_addresses()?
                .into_iter()
                .find(|a| a.private || preferred.as_deref() == Some(a.address.as_str()))
                .and_then(|a| a.address.parse().ok())
                .ok_or_else(|| {
                    IpcError::invalid("address", "找不到局域网地址：请把电脑连接到与手机相同的 Wi-Fi 或网络")
                })?
        }
    };
    Ok(state.0.start(filing_id, ip, None).await?)
}

/// Stops the hand-off (the dialog closed): its link answers 410 and the server stops listening.
#[tauri::command]
#[specta::specta]
pub async fn stop_handoff(state: State<'_, HandoffState>) -> IpcResult<()> {
    state.0.stop().await;
    Ok(())
}

/// The current or last hand-off: its link (for a printed hand-off sheet while it works), whether
/// it ended, and the photos received.
#[tauri::command]
#[specta::specta]
pub fn handoff_status(state: State<'_, HandoffState>) -> Option<SessionStatus> {
    state.0.status()
}

/// Staff keep (`accept`) or send back a photo from the phone. Sending back removes the attachment
/// (undo: accept it again); the phone page shows "已退回，请重新拍摄".
#[tauri::command]
#[specta::specta]
pub async fn review_handoff_photo(
    state: State<'_, HandoffState>,
    attachment_id: i64,
    accept: bool,
) -> IpcResult<Received> {
    Ok(state.0.review(attachment_id, accept).await?)
}
