//! 团队模式: logging this desk in to the agency's team store and out again, and the live refresh.
//!
//! Logging in connects as the staff member's own database login over TLS (verified against the
//! team's CA, `sslrootcert` in the server address); the password is kept in memory only, by the
//! connection that may need it again. The desk then works on the team store — every command, the
//! scans and the phone hand-off — and one listener reports colleagues' changes to the window as
//! [`TeamChanged`] events (a resync after every reconnection). Logging out goes back to the desk's
//! own store.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use beian_store::team::connect::{TeamUrl, connect};
use beian_store::team::listen::{self, Change, Event};
use beian_store::team::pg::PgStore;
use beian_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{Emitter, Runtime};
use tauri_specta::Event as _;

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::state::{AppState, TeamInfo, TeamSession};

/// Colleagues changed filings (or, with `resync`, the connection came back and anything shown may
/// be stale; with `down`, the server cannot be reached and the desk keeps trying).
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct TeamChanged {
    pub changes: Vec<Change>,
    pub resync: bool,
    pub down: Option<String>,
}

/// The team URL for `server` (as staff entered it: `host[:port]/db?sslrootcert=…`, with or
/// without `postgres://`) and `login`.
fn url_of(server: &str, login: &str) -> Result<TeamUrl, IpcError> {
    let login = login.trim();
    if login.is_empty() {
        return Err(IpcError::invalid("login", "请填写登录名"));
    }
    let mut url = TeamUrl::entered(server)
        .map_err(|e| IpcError::invalid("server", e.to_string()))?
        .ok_or_else(|| IpcError::invalid("server", "请填写服务器地址"))?;
    url.user = login.to_owned();
    Ok(url)
}

/// A failed login said at the field it concerns.
fn login_error(e: StoreError) -> IpcError {
    match &e {
        StoreError::Team { code: Some(c), .. } if c == "28P01" || c == "28000" => {
            IpcError::invalid("password", e.to_string())
        }
        StoreError::Invalid { field, .. } if field == "team" => IpcError::invalid("server", e.to_string()),
        _ => IpcError::from(e),
    }
}

/// Logs this desk in to the team store as `login`; returns who is logged in.
#[tauri::command]
#[specta::specta]
pub async fn team_login<R: Runtime>(
    app: tauri::AppHandle<R>,
    server: String,
    login: String,
    password: String,
) -> IpcResult<TeamInfo> {
    let url = url_of(&server, &login)?;
    let events = app.clone();
    crate::state::blocking(app, move |state| {
        let password = Arc::new(password);
        let connector = {
            let (url, password) = (url.clone(), password.clone());
            move || connect(&url, Some(password.as_str()), "beian-desk")
        };
        let mut store = PgStore::connect_with(Box::new(connector.clone())).map_err(login_error)?;
        // Orders whose 45 days ran out are marked 已过期, as a desk does when it opens its store
        // (a colleague's desk may be doing the same: a filing it moved first is left alone).
        if store.role().writes() {
            use beian_store::engine::WorkflowOps;
            store.expire_lapsed(jiff::Timestamp::now()).map_err(login_error)?;
        }
        let role = store.role();
        let info = TeamInfo {
            server: url.without_user(),
            login: store.user().to_owned(),
            role,
            role_label: beian_core::labels::Label::new(role.label_zh(), role.label_en()),
            writes: role.writes(),
        };
        let stop = Arc::new(AtomicBool::new(false));
        let pid = store.pid_handle();
        let listener_stop = stop.clone();
        std::thread::Builder::new()
            .name("team-listener".into())
            .spawn(move || {
                listen::run(connector, pid, listener_stop, move |e| {
                    let notice = match e {
                        Event::Changed(changes) => TeamChanged { changes, resync: false, down: None },
                        Event::Resync => TeamChanged { changes: Vec::new(), resync: true, down: None },
                        Event::Down(message) => TeamChanged { changes: Vec::new(), resync: false, down: Some(message) },
                    };
                    let _ = events.emit(TeamChanged::NAME, notice);
                })
            })
            .map_err(|e| IpcError::new(ErrorCode::Storage, format!("无法启动团队同步：{e}"), None))?;
        state.swap(Ok(Store::Team(Box::new(store))), Some(TeamSession { info: info.clone(), stop_listener: stop }));
        Ok(info)
    })
    .await
}

/// Goes back to this desk's own store.
#[tauri::command]
#[specta::specta]
pub async fn team_logout<R: Runtime>(app: tauri::AppHandle<R>) -> IpcResult<()> {
    crate::state::blocking(app, move |state| {
        state.swap(Store::open(&state.data_dir), None);
        state.store().map(|_| ())
    })
    .await
}

/// Who is logged in to the team store, if anyone.
#[tauri::command]
#[specta::specta]
pub fn team_status(state: tauri::State<'_, AppState>) -> Option<TeamInfo> {
    state.team()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_address_takes_no_login_and_the_login_is_its_own_field() {
        let u = url_of("db.office.lan:5433/beian?sslrootcert=/tmp/ca.crt", "zhangsan").unwrap();
        assert_eq!(
            (u.user.as_str(), u.host.as_str(), u.port, u.dbname.as_str()),
            ("zhangsan", "db.office.lan", 5433, "beian")
        );
        assert_eq!(url_of("postgres://db/beian", " lisi ").unwrap().user, "lisi");
        assert_eq!(url_of("postgres://x@db/beian", "lisi").unwrap_err().field.as_deref(), Some("server"));
        assert_eq!(url_of("db/beian", "").unwrap_err().field.as_deref(), Some("login"));
        assert_eq!(url_of("", "lisi").unwrap_err().field.as_deref(), Some("server"));
        assert_eq!(url_of("db:notaport/beian", "lisi").unwrap_err().field.as_deref(), Some("server"));
    }
}
