//! The welcome page of an empty store: 导入 JSON (filing documents a colleague or another store
//! exported, all or none) and 加载示例数据 (synthetic filings, into an empty store only).

use beian_usecases::start;
use tauri::Runtime;

use crate::error::{IpcError, IpcResult};

/// At most this many documents in one import (a dialog's multiple choice).
const MAX_FILES: usize = 500;
const MAX_BYTES: u64 = beian_core::document::MAX_DOCUMENT_BYTES as u64;
const CHOOSE: &str = "请选择要导入的备案文件（.json）";

fn read_documents(paths: &[String]) -> Result<Vec<(String, String)>, IpcError> {
    if paths.len() > MAX_FILES {
        return Err(IpcError::invalid("paths", format!("一次最多导入 {MAX_FILES} 个文件")));
    }
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let name =
            std::path::Path::new(path).file_name().map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
        // Every problem but the choice itself is named with its file.
        let named = |mut e: IpcError| {
            if e.message != CHOOSE {
                e.message = format!("{name}：{}", e.message);
            }
            e
        };
        let too_large = "文件过大，不像是一个备案文件";
        let bytes = crate::commands::read_input(path, "paths", MAX_BYTES, CHOOSE, too_large).map_err(named)?;
        let text = String::from_utf8(bytes).map_err(|_| named(IpcError::invalid("paths", "不是 UTF-8 文本")))?;
        out.push((name, text));
    }
    Ok(out)
}

/// Stores the documents at `paths` (an open dialog's `.json` files) as drafts, all or none.
#[tauri::command]
#[specta::specta]
pub async fn import_json<R: Runtime>(app: tauri::AppHandle<R>, paths: Vec<String>) -> IpcResult<Vec<i64>> {
    let files = read_documents(&paths)?;
    crate::state::blocking(app, move |s| Ok(start::import_documents(&mut *s.store()?, &files, jiff::Timestamp::now())?))
        .await
}

/// Loads the demo filings into an empty store (refused when it holds any filing).
#[tauri::command]
#[specta::specta]
pub async fn load_demo<R: Runtime>(app: tauri::AppHandle<R>) -> IpcResult<u32> {
    crate::state::blocking(app, move |s| {
        let now = jiff::Timestamp::now();
        let ids = start::load_demo(&mut *s.store()?, now.as_second() as u64, now)?;
        Ok(ids.len() as u32)
    })
    .await
}
