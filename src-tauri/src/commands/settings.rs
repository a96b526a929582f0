//! 设置: reading and saving this desk's settings (beian_usecases::settings), applied at once where
//! they can be — the language, the backup schedule (woken to look again), the team server offered
//! by 团队模式, the hand-off's address — and the data directory at the next start.

use beian_usecases::settings::{self, Language, Settings};
use serde::Serialize;
use specta::Type;
use tauri::Runtime;

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// What the 设置 window shows: the settings, and what is in effect now.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SettingsView {
    pub settings: Settings,
    /// The settings file.
    pub file: String,
    /// Why the file could not be used (the defaults are shown then), if so.
    pub problem: Option<String>,
    /// The data directory in use now.
    pub data_dir: String,
    /// The data directory when none is set (the platform's).
    pub default_data_dir: String,
    /// What chooses the data directory for this run instead of the setting (`--data-dir`,
    /// `BEIAN_DATA_DIR`), if anything.
    pub data_dir_override: Option<String>,
    /// The setting names another data directory than the one in use: it applies at the next start.
    pub restart_needed: bool,
    /// Where scheduled backups go now.
    pub backup_dir: String,
}

fn view(state: &AppState) -> SettingsView {
    let loaded = settings::load();
    let default = beian_store::paths::default_data_dir().unwrap_or_default();
    let data_dir_override = state.data_dir_override.clone();
    let wanted = loaded.settings.data_dir.as_ref().map(std::path::PathBuf::from).unwrap_or_else(|| default.clone());
    SettingsView {
        restart_needed: data_dir_override.is_none() && wanted != state.data_dir,
        backup_dir: settings::backup_dir(&loaded.settings, &state.data_dir).display().to_string(),
        settings: loaded.settings,
        file: loaded.file,
        problem: loaded.problem,
        data_dir: state.data_dir.display().to_string(),
        default_data_dir: default.display().to_string(),
        data_dir_override,
    }
}

/// The settings and what is in effect.
#[tauri::command]
#[specta::specta]
pub async fn settings_get<R: Runtime>(app: tauri::AppHandle<R>) -> IpcResult<SettingsView> {
    crate::state::blocking(app, |state| Ok(view(state))).await
}

/// Checks and saves the settings (every value, or nothing: a bad one is refused at its field),
/// then applies what applies at once.
#[tauri::command]
#[specta::specta]
pub async fn settings_save<R: Runtime>(app: tauri::AppHandle<R>, settings: Settings) -> IpcResult<SettingsView> {
    crate::state::blocking(app, move |state| {
        settings::save(&settings).map_err(IpcError::from)?;
        log::info!("settings saved");
        crate::wake_backup_schedule();
        Ok(view(state))
    })
    .await
}

/// Remembers the window's language (the language switch): the rest of the settings unchanged. A
/// settings file that cannot be read is not overwritten: the language then holds for this run.
#[tauri::command]
#[specta::specta]
pub async fn settings_set_language<R: Runtime>(app: tauri::AppHandle<R>, language: Language) -> IpcResult<()> {
    crate::state::blocking(app, move |_| {
        let loaded = settings::load();
        if let Some(problem) = loaded.problem {
            return Err(IpcError::invalid("settings", problem));
        }
        if loaded.settings.language != language {
            settings::save(&Settings { language, ..loaded.settings }).map_err(IpcError::from)?;
        }
        Ok(())
    })
    .await
}
