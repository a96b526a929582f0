//! The mock-runtime harness the IPC tests share: the app's real commands behind Tauri's IPC
//! dispatch, on a real store in a temporary data directory.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use beian_desk_lib::{open_state, setup_builder};
use serde_json::Value;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub struct Harness {
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    /// A scratch folder for the test's own files; the data directory is inside it.
    pub dir: tempfile::TempDir,
    /// The app's data directory (`--data-dir`).
    pub data: PathBuf,
    /// The team database the app is logged in to, when it runs on the team store.
    pub team_db: Option<String>,
}

/// 设置 of this test process's own (a folder in the temp directory), never the machine's ~/.config.
pub fn private_settings() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("beian-ipc-settings-{}", std::process::id()));
    beian_usecases::settings::use_config_dir(dir.clone());
    dir
}

/// The app on a new, empty data directory.
pub fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    harness_at(dir, data)
}

/// The app on `data` (which the test may have prepared), `dir` kept alive with it.
pub fn harness_at(dir: tempfile::TempDir, data: PathBuf) -> Harness {
    private_settings();
    let args = ["app".to_owned(), "--data-dir".to_owned(), data.display().to_string()];
    let app = setup_builder(mock_builder(), open_state(args)).build(mock_context(noop_assets())).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { app, window, dir, data, team_db: None }
}

/// The app logged in to a fresh team store (the test process's PostgreSQL server, as its owner).
pub fn harness_team() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = beian_store::team::testing::server().expect("the test PostgreSQL server");
    let db = server.fresh_database().unwrap();
    let store = server.store_on(beian_store::team::cluster::OWNER, &db);
    let state = beian_desk_lib::state::AppState::new(store, data.clone());
    private_settings();
    let app = setup_builder(mock_builder(), state).build(mock_context(noop_assets())).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { app, window, dir, data, team_db: Some(db) }
}

/// Sends a raw IPC body to a command.
pub fn invoke_body(h: &Harness, cmd: &str, body: tauri::ipc::InvokeBody) -> Result<Value, Value> {
    get_ipc_response(
        &h.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

/// Calls a command with JSON arguments: its result, or its `{code, message, field}` error.
pub fn invoke(h: &Harness, cmd: &str, body: Value) -> Result<Value, Value> {
    invoke_body(h, cmd, tauri::ipc::InvokeBody::Json(body))
}

/// The app logged in to a fresh team store as `viewer_ipc`, a viewer; beside it the owner's own
/// store on the same database, to write what the viewer reads.
pub fn harness_team_viewer() -> (Harness, beian_store::Store) {
    use beian_store::team::{cluster::OWNER, roles};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = beian_store::team::testing::server().expect("the test PostgreSQL server");
    let db = server.fresh_database().unwrap();
    let mut admin = server.client(OWNER, &db).unwrap();
    roles::add_staff(&mut admin, "viewer_ipc", roles::Role::Viewer, "initial-pass-1").unwrap();
    let owner = server.store_on(OWNER, &db).unwrap();
    let store = server.store_on("viewer_ipc", &db);
    let state = beian_desk_lib::state::AppState::new(store, data.clone());
    private_settings();
    let app = setup_builder(mock_builder(), state).build(mock_context(noop_assets())).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (Harness { app, window, dir, data, team_db: Some(db) }, owner)
}
