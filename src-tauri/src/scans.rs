//! The `scan:` URI scheme: attachments' thumbnails and previews as images the window loads by URL
//! (`<img src="scan://localhost/thumbnail/12">`; on Windows `http://scan.localhost/thumbnail/12`),
//! instead of base64 strings through IPC. Each request is answered on the blocking pool: reading a
//! file and rendering a PDF page never run on the main thread or the async workers.
//!
//! Paths: `/thumbnail/{id}` (JPEG, 256 px; a placeholder for a PDF without one) and
//! `/preview/{id}` (the normalised image, or a PDF's first page; 404 when the PDF could not be
//! rendered — [`beian_store::attachments::Attachment::has_preview`] says so beforehand).

use beian_scan::Kind;
use beian_store::BlobPart;
use tauri::http::{Response, StatusCode, header};

use crate::state::AppState;

/// The scheme's name, as the window writes it.
pub const SCHEME: &str = "scan";

/// Which image of an attachment a path asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Thumbnail,
    Preview,
}

/// Reads `/thumbnail/12` or `/preview/12`; anything else is `None`.
/// (Tauri's `convertFileSrc` encodes the slash: `/thumbnail%2F12` is read the same.)
pub fn parse(path: &str) -> Option<(Image, i64)> {
    let path = path.replace("%2F", "/").replace("%2f", "/");
    let mut parts = path.trim_start_matches('/').split('/');
    let image = match parts.next()? {
        "thumbnail" => Image::Thumbnail,
        "preview" => Image::Preview,
        _ => return None,
    };
    let id = parts.next()?;
    if parts.next().is_some() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((image, id.parse().ok()?))
}

fn plain(status: StatusCode, text: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(text.as_bytes().to_vec())
        .unwrap_or_default()
}

/// Answers one request for `path` from the app's store and files.
pub fn respond(state: &AppState, path: &str) -> Response<Vec<u8>> {
    let Some((image, id)) = parse(path) else {
        return plain(StatusCode::BAD_REQUEST, "地址无效");
    };
    let found = state.store().map_err(|e| e.message).and_then(|store| store.attachment(id).map_err(|e| e.to_string()));
    let attachment = match found {
        Ok(a) => a,
        Err(message) => return plain(StatusCode::NOT_FOUND, &message),
    };
    let bytes = match state.store() {
        Err(e) => Err(e.message),
        Ok(store) => match image {
            Image::Thumbnail => match store.file(&attachment.sha256, BlobPart::Thumbnail) {
                Ok(Some(b)) => Ok(Some(b)),
                Ok(None) | Err(_) if attachment.kind == Kind::Pdf => {
                    beian_scan::pdf::placeholder_thumbnail().map(Some).map_err(|e| e.to_string())
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e.to_string()),
            },
            Image::Preview => beian_usecases::ocr::page_bytes(&store, &attachment).map_err(|e| e.to_string()),
        },
    };
    let mime = match image {
        Image::Preview if attachment.kind == Kind::Image => attachment.mime.as_str(),
        _ => "image/jpeg",
    };
    match bytes {
        Ok(Some(bytes)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, mime)
            // An attachment's files never change under its id (a replacement is a new attachment),
            // but they go when it is purged: the window asks again rather than keeping copies.
            .header(header::CACHE_CONTROL, "no-store")
            .header("X-Content-Type-Options", "nosniff")
            .body(bytes)
            .unwrap_or_default(),
        Ok(None) => plain(StatusCode::NOT_FOUND, "该文件没有预览"),
        Err(message) => plain(StatusCode::NOT_FOUND, &message),
    }
}

/// Registers the scheme on a builder: each request is answered on the blocking pool.
pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.register_asynchronous_uri_scheme_protocol(SCHEME, |ctx, request, responder| {
        use tauri::Manager;
        let app = ctx.app_handle().clone();
        let path = request.uri().path().to_owned();
        tauri::async_runtime::spawn_blocking(move || {
            responder.respond(respond(&app.state::<AppState>(), &path));
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_an_image_and_an_id() {
        assert_eq!(parse("/thumbnail/12"), Some((Image::Thumbnail, 12)));
        assert_eq!(parse("/preview/7"), Some((Image::Preview, 7)));
        assert_eq!(parse("/thumbnail%2F12"), Some((Image::Thumbnail, 12)));
        for bad in ["/", "/thumbnail", "/thumbnail/", "/thumbnail/-1", "/thumbnail/1/2", "/x/1", "/preview/1e3"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse("/preview/99999999999999999999"), None);
    }
}
