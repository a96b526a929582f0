//! The HTTP side (axum on tokio): three routes under the token, every check in the order of the
//! crate documentation, and the same refusals as HTML (for forms) or JSON (for the page's script).

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use beian_scan::{ScanError, SourceFormat};
use beian_store::StoreError;
use beian_store::attachments::AttachError;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::page::{self, Banner};
use crate::session::{HandoffEvent, Inner, Received, Review};
use crate::sink;
use crate::token;

/// Seconds a stopping server gives the requests in flight.
const STOP_GRACE: Duration = Duration::from_secs(5);
/// Most parts in one upload form (material, two file inputs, and some slack).
const MAX_PARTS: usize = 8;
/// Longest text part (the material code).
const MAX_TEXT: usize = 256;

#[derive(Clone)]
struct Ctx {
    inner: Weak<Inner>,
    /// The only `Host` accepted: the bound `address:port`.
    host: String,
}

/// Serves until `stopped` turns true; then stops accepting and gives requests in flight
/// [`STOP_GRACE`] before dropping them.
pub(crate) async fn serve(listener: TcpListener, inner: Weak<Inner>, addr: SocketAddr, stopped: watch::Receiver<bool>) {
    let body_limit = inner.upgrade().map(|i| i.config.max_file_bytes).unwrap_or(0) as usize + 64 * 1024;
    let ctx = Ctx { inner, host: addr.to_string() };
    let app = Router::new()
        .route("/h/{token}", get(page))
        .route("/h/{token}/upload", post(upload))
        .route("/h/{token}/done", get(done))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(ctx.clone(), check_host))
        .with_state(ctx);
    let mut signal = stopped.clone();
    let mut grace = stopped;
    let server = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(
        async move {
            let _ = signal.wait_for(|s| *s).await;
        },
    );
    tokio::select! {
        _ = server => {}
        _ = async move {
            let _ = grace.wait_for(|s| *s).await;
            tokio::time::sleep(STOP_GRACE).await;
        } => {}
    }
}

/// A refusal: status and a message for the client.
struct Refusal {
    status: StatusCode,
    message: String,
    /// The material the upload was for, when known (the page shows the message there).
    material: Option<String>,
    retry_after: Option<u64>,
}

impl Refusal {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Refusal { status, message: message.into(), material: None, retry_after: None }
    }
}

fn secure_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Ok(v) = HeaderValue::from_str(&page::CSP) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    r
}

fn html(status: StatusCode, body: String) -> Response {
    secure_headers((status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response())
}

fn json(status: StatusCode, value: serde_json::Value) -> Response {
    secure_headers(
        (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], value.to_string()).into_response(),
    )
}

/// The page's script sends `X-Handoff: js` and reads JSON; a plain form gets HTML.
fn wants_json(headers: &HeaderMap) -> bool {
    headers.get("x-handoff").is_some_and(|v| v.as_bytes() == b"js")
}

fn title_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::GONE => "链接已失效",
        StatusCode::NOT_FOUND => "链接无效",
        StatusCode::MISDIRECTED_REQUEST => "地址不正确",
        StatusCode::TOO_MANY_REQUESTS => "请稍后再试",
        _ => "无法上传",
    }
}

fn refuse(r: Refusal, as_json: bool) -> Response {
    let mut resp = if as_json {
        json(r.status, serde_json::json!({"ok": false, "message": r.message}))
    } else {
        html(r.status, page::message_page(title_of(r.status), &r.message))
    };
    if let Some(s) = r.retry_after
        && let Ok(v) = HeaderValue::from_str(&s.to_string())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// 421 for any `Host` (or absolute request URI) other than the bound `address:port`: a page
/// reached through another name (DNS rebinding) or through a proxy is not served.
async fn check_host(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let host_ok = req.headers().get(header::HOST).is_some_and(|h| h.as_bytes() == ctx.host.as_bytes());
    let authority_ok = req.uri().authority().is_none_or(|a| a.as_str() == ctx.host);
    if host_ok && authority_ok {
        next.run(req).await
    } else {
        refuse(
            Refusal::new(StatusCode::MISDIRECTED_REQUEST, "请直接扫描电脑上显示的二维码打开此页面"),
            wants_json(req.headers()),
        )
    }
}

async fn not_found(headers: HeaderMap) -> Response {
    refuse(Refusal::new(StatusCode::NOT_FOUND, "请扫描电脑上显示的二维码"), wants_json(&headers))
}

const GONE: &str = "此链接已过期或已停止使用：请让工作人员在电脑上重新生成二维码";

/// Checks the peer's limit and the token: the session's id, or a refusal (404 for a token that
/// never was one — counted against the peer —, 410 for an expired, stopped or replaced one, 429
/// for a peer over its limit).
fn authorize(inner: &Inner, peer: IpAddr, candidate: &str) -> Result<u32, Refusal> {
    let now = Instant::now();
    let mut st = inner.state();
    if let Some(secs) = st.limiter.blocked(peer, now) {
        let mut r = Refusal::new(StatusCode::TOO_MANY_REQUESTS, format!("尝试次数过多：请 {secs} 秒后再试"));
        r.retry_after = Some(secs);
        return Err(r);
    }
    if token::well_formed(candidate) {
        if let Some(s) = st.session.as_ref().filter(|s| s.token.matches(candidate)) {
            return if s.active(now) { Ok(s.id) } else { Err(Refusal::new(StatusCode::GONE, GONE)) };
        }
        if st.is_revoked(candidate) {
            return Err(Refusal::new(StatusCode::GONE, GONE));
        }
    }
    st.limiter.miss(peer, now);
    Err(Refusal::new(StatusCode::NOT_FOUND, "链接无效：请扫描电脑上显示的二维码"))
}

fn gone_manager() -> Refusal {
    Refusal::new(StatusCode::GONE, GONE)
}

#[derive(Deserialize)]
struct PageQuery {
    ok: Option<String>,
}

async fn page(
    State(ctx): State<Ctx>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let Some(inner) = ctx.inner.upgrade() else { return refuse(gone_manager(), false) };
    let id = match authorize(&inner, peer.ip(), &token) {
        Ok(id) => id,
        Err(r) => return refuse(r, false),
    };
    let first = {
        let mut st = inner.state();
        match st.session.as_mut() {
            Some(s) if s.id == id => !std::mem::replace(&mut s.opened, true),
            _ => false,
        }
    };
    if first {
        inner.emit(HandoffEvent::Opened { session: id });
    }
    let Some(view) = inner.view(id) else { return refuse(gone_manager(), false) };
    let ok_name = q.ok.as_deref().and_then(|code| view.slots.iter().find(|s| s.code == code)).map(|s| s.name.clone());
    let message = ok_name.map(|n| format!("已上传“{n}”的照片，等待工作人员确认。可以继续拍摄。"));
    let banner = message.as_deref().map_or(Banner::None, Banner::Ok);
    html(StatusCode::OK, page::upload_page(&view, banner))
}

async fn done(
    State(ctx): State<Ctx>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
) -> Response {
    let Some(inner) = ctx.inner.upgrade() else { return refuse(gone_manager(), false) };
    let id = match authorize(&inner, peer.ip(), &token) {
        Ok(id) => id,
        Err(r) => return refuse(r, false),
    };
    let photos = {
        let mut st = inner.state();
        match st.session.as_mut() {
            Some(s) if s.id == id => {
                s.done = true;
                s.kept()
            }
            _ => 0,
        }
    };
    inner.emit(HandoffEvent::Done { session: id, photos });
    let Some(view) = inner.view(id) else { return refuse(gone_manager(), false) };
    html(StatusCode::OK, page::done_page(&view))
}

/// One upload as it came.
struct Upload {
    material: Option<String>,
    name: String,
    bytes: Vec<u8>,
}

fn too_large(max: u64) -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("照片过大（上限 {} MB）：请调低相机分辨率后重拍", max / (1024 * 1024)),
    )
}

fn multipart_refusal(e: &axum::extract::multipart::MultipartError, max: u64) -> Refusal {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(max)
    } else {
        Refusal::new(StatusCode::BAD_REQUEST, "上传中断或格式不对：请重试")
    }
}

/// Reads the form: the material code and exactly one file, at most `max` bytes (refused as soon
/// as it grows past that, without reading the rest).
async fn read_upload(mp: &mut Multipart, max: u64) -> Result<Upload, Refusal> {
    let mut material = None;
    read_form(mp, max, &mut material).await.map_err(|mut r| {
        // The page shows the message at the slot the form came from.
        r.material = material;
        r
    })
}

async fn read_form(mp: &mut Multipart, max: u64, material: &mut Option<String>) -> Result<Upload, Refusal> {
    let mut file: Option<(String, Vec<u8>)> = None;
    for _ in 0..MAX_PARTS {
        let Some(mut field) = mp.next_field().await.map_err(|e| multipart_refusal(&e, max))? else {
            break;
        };
        match field.name() {
            Some("material") => {
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_refusal(&e, max))? {
                    text.extend_from_slice(&chunk);
                    if text.len() > MAX_TEXT {
                        return Err(Refusal::new(StatusCode::BAD_REQUEST, "资料类型无效"));
                    }
                }
                *material = Some(String::from_utf8_lossy(&text).into_owned());
            }
            Some("photo") => {
                // The name the phone gave, as text only; checked later with the store's rules.
                let name = field.file_name().map(str::to_owned);
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_refusal(&e, max))? {
                    if (bytes.len() + chunk.len()) as u64 > max {
                        return Err(too_large(max));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                let empty_input = bytes.is_empty() && name.as_deref().is_none_or(str::is_empty);
                if empty_input {
                    continue; // the other file input, left empty
                }
                if file.is_some() {
                    return Err(Refusal::new(StatusCode::BAD_REQUEST, "一次只能上传一张照片"));
                }
                let name = name.filter(|n| !n.is_empty()).unwrap_or_else(|| "手机照片.jpg".to_owned());
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file else {
        return Err(Refusal::new(StatusCode::BAD_REQUEST, "请先拍摄或选择一张照片"));
    };
    Ok(Upload { material: material.clone(), name, bytes })
}

/// The HTTP status for a file the attachment pipeline refused.
fn attach_refusal(e: AttachError) -> Refusal {
    let status = match &e {
        AttachError::Scan(ScanError::BadName { .. } | ScanError::BadPath { .. }) => StatusCode::BAD_REQUEST,
        AttachError::Scan(ScanError::FileTooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
        AttachError::Scan(ScanError::UnknownFormat) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        AttachError::Scan(s) if s.is_bad_input() => StatusCode::UNPROCESSABLE_ENTITY,
        AttachError::Scan(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AttachError::Store(StoreError::Invalid { field, .. }) if field.starts_with("attachments.") => {
            StatusCode::CONFLICT
        }
        AttachError::Store(StoreError::Invalid { .. }) => StatusCode::BAD_REQUEST,
        AttachError::Store(StoreError::NotFound { .. }) => StatusCode::GONE,
        AttachError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let message = match (status, &e) {
        (StatusCode::INTERNAL_SERVER_ERROR, _) => "电脑端保存失败：请告知工作人员".to_owned(),
        (StatusCode::UNPROCESSABLE_ENTITY, _) => format!("{e}。请重新拍摄"),
        _ => e.to_string(),
    };
    Refusal::new(status, message)
}

async fn upload(
    State(ctx): State<Ctx>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let as_json = wants_json(&headers);
    let Some(inner) = ctx.inner.upgrade() else { return refuse(gone_manager(), as_json) };
    let id = match authorize(&inner, peer.ip(), &token) {
        Ok(id) => id,
        Err(r) => return refuse(r, as_json),
    };
    match receive(&inner, id, &headers, multipart).await {
        Ok(photo) => {
            let code = photo.attachment.material_code.clone();
            let attachment_id = photo.attachment.id;
            inner.emit(HandoffEvent::Received { session: id, photo });
            if as_json {
                json(
                    StatusCode::OK,
                    serde_json::json!({"ok": true, "message": "已上传，等待工作人员确认", "attachment_id": attachment_id}),
                )
            } else {
                // Post/redirect/get: reloading the page does not send the photo again.
                let to = format!("/h/{token}?ok={code}#m-{code}");
                let mut r = secure_headers(StatusCode::SEE_OTHER.into_response());
                if let Ok(v) = HeaderValue::from_str(&to) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                r
            }
        }
        Err((r, name)) => {
            inner.emit(HandoffEvent::Refused {
                session: id,
                material_code: r.material.clone(),
                name: name.map(|n| beian_scan::name::for_display(&n)),
                status: r.status.as_u16(),
                message: r.message.clone(),
            });
            if as_json || r.status == StatusCode::GONE {
                return refuse(r, as_json);
            }
            // A plain form: the page again, with the message at the slot.
            match inner.view(id) {
                Some(view) => {
                    let banner = Banner::Error { material: r.material.as_deref(), message: &r.message };
                    html(r.status, page::upload_page(&view, banner))
                }
                None => refuse(r, false),
            }
        }
    }
}

/// Everything after the token: limits, the form, the content, processing, storing.
async fn receive(
    inner: &Arc<Inner>,
    id: u32,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Received, (Refusal, Option<String>)> {
    let cfg = &inner.config;
    let max = cfg.max_file_bytes;
    // A declared body larger than one photo and its form is refused before a byte is read.
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max + 64 * 1024) {
        return Err((too_large(max), None));
    }
    {
        let mut st = inner.state();
        let Some(s) = st.session.as_mut().filter(|s| s.id == id) else { return Err((gone_manager(), None)) };
        if s.attempts >= cfg.max_attempts || s.kept() >= cfg.max_files {
            let mut r = Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("本次链接最多上传 {} 张照片：请让工作人员重新生成二维码", cfg.max_files),
            );
            r.retry_after = Some(cfg.ttl.as_secs());
            return Err((r, None));
        }
        s.attempts += 1;
    }
    let mut mp = multipart.map_err(|_| (Refusal::new(StatusCode::BAD_REQUEST, "请通过页面上的按钮上传照片"), None))?;
    let up = read_upload(&mut mp, max).await.map_err(|r| (r, None))?;
    let name = Some(up.name.clone());
    let fail = |status, message: String, material: &Option<String>| {
        let mut r = Refusal::new(status, message);
        r.material = material.clone();
        (r, name.clone())
    };
    let slot = {
        let st = inner.state();
        let s = st.session.as_ref().filter(|s| s.id == id);
        s.and_then(|s| s.info.slots.iter().find(|sl| Some(&sl.code) == up.material.as_ref()).cloned())
    };
    let Some(slot) = slot else {
        return Err(fail(StatusCode::BAD_REQUEST, "资料类型无效：请从页面上的资料项上传".into(), &None));
    };
    let material = Some(slot.code.clone());
    // The name is text only, but a name that is a path or hides characters is refused (as on the desktop).
    let original_name =
        beian_scan::name::check_name(&up.name).map_err(|e| fail(StatusCode::BAD_REQUEST, e.to_string(), &material))?;
    if up.bytes.is_empty() {
        return Err(fail(StatusCode::BAD_REQUEST, ScanError::Empty.to_string(), &material));
    }
    // The content decides, never the name or the Content-Type: photos only (a PDF is not a photo).
    match beian_scan::sniff(&up.bytes) {
        None | Some(SourceFormat::Pdf) => {
            return Err(fail(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "这不是照片：只接受 JPG、PNG、WebP、BMP、TIFF 图片（按文件内容判断）".into(),
                &material,
            ));
        }
        Some(_) => {}
    }
    let processed = {
        let _permit = inner.processing.acquire().await.map_err(|_| fail(StatusCode::GONE, GONE.into(), &material))?;
        let bytes = up.bytes;
        tokio::task::spawn_blocking(move || beian_scan::process(bytes))
            .await
            .map_err(|_| fail(StatusCode::INTERNAL_SERVER_ERROR, "处理照片时出错".into(), &material))?
            .map_err(|e| {
                let mut r = attach_refusal(AttachError::Scan(e));
                r.material = material.clone();
                (r, name.clone())
            })?
    };
    // Stored only while the session runs: ending a session waits for commits in flight.
    let _gate = inner.gate.read().await;
    let filing_id = {
        let st = inner.state();
        match st.session.as_ref().filter(|s| s.id == id && s.active(Instant::now())) {
            Some(s) => s.info.filing_id,
            None => return Err(fail(StatusCode::GONE, GONE.into(), &material)),
        }
    };
    let store = inner.store.clone();
    let code = slot.code.clone();
    let stored = tokio::task::spawn_blocking(move || {
        sink::call(store.as_ref(), |s| sink::commit(s, filing_id, &code, &original_name, &processed))
    })
    .await
    .map_err(|_| fail(StatusCode::INTERNAL_SERVER_ERROR, "保存照片时出错".into(), &material))?
    .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &material))?
    .map_err(|e| {
        let mut r = attach_refusal(e);
        r.material = material.clone();
        (r, name.clone())
    })?;
    let photo = Received { attachment: stored, material_name: slot.name.clone(), review: Review::Pending };
    let mut st = inner.state();
    if let Some(s) = st.session.as_mut().filter(|s| s.id == id) {
        s.received.push(photo.clone());
    }
    Ok(photo)
}
