//! The hand-off manager: at most one session at a time, its server, its expiry, the photos it
//! received and what staff decided about each.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use beian_store::attachments::{AttachError, Attachment};
use beian_store::{Store, StoreError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use specta::Type;
use tokio::net::TcpListener;
use tokio::sync::{RwLock, Semaphore, watch};
use tokio::task::JoinHandle;

use crate::limit::RateLimiter;
use crate::sink::{self, FilingError, FilingInfo, Slot, StoreAccess, StoreUnavailable};
use crate::token::Token;
use crate::{Config, net, qr, server};

/// Old tokens remembered so that they are answered 410 rather than counted as guesses.
const REVOKED_KEPT: usize = 32;

/// What staff decided about a photo from the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Stored as an attachment; staff have not looked yet.
    Pending,
    /// Staff kept it.
    Accepted,
    /// Staff sent it back: the attachment is removed (softly; accepting it again restores it).
    Rejected,
}

/// A photo that arrived from the phone, already stored as an attachment of the filing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Received {
    pub attachment: Attachment,
    pub material_name: String,
    pub review: Review,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Its time ran out.
    Expired,
    /// Staff stopped it (closed the dialog).
    Stopped,
    /// A new session started.
    Replaced,
}

/// What happens during a session, for the desktop window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HandoffEvent {
    /// The phone opened the page (first time in this session).
    Opened { session: u32 },
    /// A photo arrived and is stored.
    Received { session: u32, photo: Received },
    /// An upload was refused (the phone shows the same message).
    Refused { session: u32, material_code: Option<String>, name: Option<String>, status: u16, message: String },
    /// The phone pressed 完成.
    Done { session: u32, photos: u32 },
    /// The session ended; its link no longer works.
    Ended { session: u32, reason: EndReason },
}

/// A session as the desktop sees it when it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SessionInfo {
    pub session: u32,
    pub filing_id: i64,
    pub order_no: String,
    /// The hand-off link (`http://<address>:<port>/h/<token>`). Anyone holding it can upload to
    /// this filing until it expires: show it to the client only (QR code, printed sheet).
    pub url: String,
    /// The link as a QR code, an inline `<svg>`.
    pub qr_svg: String,
    /// `address:port` the server listens on.
    pub address: String,
    pub expires_at: Timestamp,
    pub ttl_seconds: u32,
    /// The materials the phone is asked for.
    pub slots: Vec<Slot>,
    pub max_file_bytes: u32,
    pub max_files: u32,
}

/// Where the current (or last) session stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SessionStatus {
    pub info: SessionInfo,
    /// `None` while the link works.
    pub ended: Option<EndReason>,
    pub phone_opened: bool,
    pub phone_done: bool,
    pub received: Vec<Received>,
}

/// Why the manager refused.
#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    #[error("只能在本机的网络地址上启动手机上传（{0} 不是本机地址）")]
    BadAddress(String),
    #[error("{0}")]
    Filing(#[from] FilingError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Unavailable(#[from] StoreUnavailable),
    #[error("无法在 {addr} 上启动手机上传服务：{source}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("无法生成随机令牌：{0}")]
    Random(String),
    #[error("这张照片不是本次手机上传的（附件 {0}）")]
    NotReceived(i64),
    #[error("{0}")]
    Attach(#[from] AttachError),
    #[error("内部错误：{0}")]
    Internal(String),
}

/// One session (the current one, or the last one after it ended).
pub(crate) struct Session {
    pub id: u32,
    pub token: Token,
    pub info: FilingInfo,
    pub expires: Instant,
    pub expires_at: Timestamp,
    pub url: String,
    pub address: SocketAddr,
    pub ended: Option<EndReason>,
    pub received: Vec<Received>,
    /// Uploads tried (refused ones included).
    pub attempts: u32,
    pub opened: bool,
    pub done: bool,
}

impl Session {
    pub fn active(&self, now: Instant) -> bool {
        self.ended.is_none() && now < self.expires
    }

    /// Photos stored and not sent back.
    pub fn kept(&self) -> u32 {
        self.received.iter().filter(|r| r.review != Review::Rejected).count() as u32
    }
}

/// What the page shows of a session.
pub struct SessionView {
    pub token: String,
    pub order_no: String,
    pub subject_hint: String,
    pub expires_clock: String,
    pub slots: Vec<Slot>,
    pub received: Vec<ReceivedView>,
    pub max_file_bytes: u64,
}

pub struct ReceivedView {
    pub material_code: String,
    pub original_name: String,
    pub review: Review,
}

struct Running {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

pub(crate) struct State {
    next_id: u32,
    pub session: Option<Session>,
    server: Option<Running>,
    revoked: VecDeque<Token>,
    pub limiter: RateLimiter,
    last_port: HashMap<IpAddr, u16>,
}

impl State {
    pub fn is_revoked(&self, candidate: &str) -> bool {
        self.revoked.iter().any(|t| t.matches(candidate))
    }
}

pub(crate) type EventFn = dyn Fn(HandoffEvent) + Send + Sync;

pub(crate) struct Inner {
    pub config: Config,
    pub store: Arc<dyn StoreAccess>,
    events: Arc<EventFn>,
    state: Mutex<State>,
    /// Serialises start, stop and expiry.
    ops: tokio::sync::Mutex<()>,
    /// Uploads commit under the read side; ending a session takes the write side, so no photo is
    /// stored after its session ended.
    pub gate: RwLock<()>,
    /// Images decoded at once (each may take up to 256 MiB).
    pub processing: Semaphore,
}

impl Inner {
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn emit(&self, e: HandoffEvent) {
        (self.events)(e);
    }
}

/// The hand-off manager. Cheap to clone; all clones share one session.
#[derive(Clone)]
pub struct Handoff {
    inner: Arc<Inner>,
}

fn cst_clock(ts: Timestamp) -> String {
    let dt = beian_core::calendar::to_cst(ts);
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

impl Handoff {
    /// A manager over `store`; `events` receives everything that happens (called outside any lock).
    pub fn new(
        config: Config,
        store: Arc<dyn StoreAccess>,
        events: impl Fn(HandoffEvent) + Send + Sync + 'static,
    ) -> Self {
        let limiter = RateLimiter::new(config.bad_token_limit, config.bad_token_window);
        let processing = Semaphore::new(config.max_processing.max(1));
        Handoff {
            inner: Arc::new(Inner {
                config,
                store,
                events: Arc::new(events),
                state: Mutex::new(State {
                    next_id: 1,
                    session: None,
                    server: None,
                    revoked: VecDeque::new(),
                    limiter,
                    last_port: HashMap::new(),
                }),
                ops: tokio::sync::Mutex::new(()),
                gate: RwLock::new(()),
                processing,
            }),
        }
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Starts a session for `filing_id` on `ip` (one of this machine's addresses; see
    /// [`net::lan_addresses`]). A session already running ends (its link stops working). The
    /// server keeps its port when it can, so that an old link reaches it and is told 410.
    pub async fn start(&self, filing_id: i64, ip: IpAddr, port: Option<u16>) -> Result<SessionInfo, HandoffError> {
        if !net::bindable(ip) {
            return Err(HandoffError::BadAddress(ip.to_string()));
        }
        let store = self.inner.store.clone();
        let info = tokio::task::spawn_blocking(move || {
            sink::call(store.as_ref(), |s: &mut Store| sink::filing_info(s, filing_id, Timestamp::now()))
        })
        .await
        .map_err(|e| HandoffError::Internal(e.to_string()))???;
        let token = Token::generate().map_err(|e| HandoffError::Random(e.to_string()))?;

        let _ops = self.inner.ops.lock().await;
        self.end_current(EndReason::Replaced).await;
        let reuse = {
            let st = self.inner.state();
            st.server.as_ref().is_some_and(|r| r.addr.ip() == ip && port.is_none_or(|p| p == r.addr.port()))
        };
        if !reuse {
            self.shutdown_server().await;
            let remembered = self.inner.state().last_port.get(&ip).copied();
            let listener = match (port, remembered) {
                (Some(p), _) => bind(ip, p).await?,
                (None, Some(p)) => match bind(ip, p).await {
                    Ok(l) => l,
                    Err(_) => bind(ip, 0).await?,
                },
                (None, None) => bind(ip, 0).await?,
            };
            let addr = listener.local_addr().map_err(|e| HandoffError::Bind { addr: ip.to_string(), source: e })?;
            let (stop, stopped) = watch::channel(false);
            let task = tokio::spawn(server::serve(listener, Arc::downgrade(&self.inner), addr, stopped));
            let mut st = self.inner.state();
            st.last_port.insert(ip, addr.port());
            st.server = Some(Running { addr, stop, task });
        }

        let now = Instant::now();
        let created = Timestamp::now();
        let ttl = self.inner.config.ttl;
        let expires_at = created.checked_add(ttl).map_err(|e| HandoffError::Internal(e.to_string()))?;
        let (id, info) = {
            let mut st = self.inner.state();
            let addr = st.server.as_ref().map(|r| r.addr).ok_or_else(|| HandoffError::Internal("server".into()))?;
            let id = st.next_id;
            st.next_id += 1;
            let url = format!("http://{addr}/h/{}", token.as_str());
            let session = Session {
                id,
                token,
                info,
                expires: now + ttl,
                expires_at,
                url,
                address: addr,
                ended: None,
                received: Vec::new(),
                attempts: 0,
                opened: false,
                done: false,
            };
            let info = self.info_of(&session);
            st.session = Some(session);
            (id, info)
        };
        let weak = Arc::downgrade(&self.inner);
        let linger = self.inner.config.linger;
        tokio::spawn(async move {
            tokio::time::sleep(ttl).await;
            let Some(inner) = weak.upgrade() else { return };
            Handoff { inner }.expire(id).await;
            tokio::time::sleep(linger).await;
            let Some(inner) = weak.upgrade() else { return };
            Handoff { inner }.shutdown_after_expiry(id).await;
        });
        Ok(info)
    }

    fn info_of(&self, s: &Session) -> SessionInfo {
        let c = &self.inner.config;
        SessionInfo {
            session: s.id,
            filing_id: s.info.filing_id,
            order_no: s.info.order_no.clone(),
            qr_svg: qr::svg(&s.url).unwrap_or_default(),
            url: s.url.clone(),
            address: s.address.to_string(),
            expires_at: s.expires_at,
            ttl_seconds: c.ttl.as_secs() as u32,
            slots: s.info.slots.clone(),
            max_file_bytes: c.max_file_bytes.min(u64::from(u32::MAX)) as u32,
            max_files: c.max_files,
        }
    }

    /// Ends the session (its link answers 410 from now on) and stops the server. Returns the
    /// session that was stopped, if one was running.
    pub async fn stop(&self) -> Option<u32> {
        let _ops = self.inner.ops.lock().await;
        let id = self.end_current(EndReason::Stopped).await;
        self.shutdown_server().await;
        id
    }

    /// Ends the current session if it is still running; emits [`HandoffEvent::Ended`].
    async fn end_current(&self, reason: EndReason) -> Option<u32> {
        let _gate = self.inner.gate.write().await;
        let ended = {
            let mut st = self.inner.state();
            let st = &mut *st;
            let s = st.session.as_mut()?;
            if st.revoked.iter().all(|t| t != &s.token) {
                st.revoked.push_back(s.token.clone());
                while st.revoked.len() > REVOKED_KEPT {
                    st.revoked.pop_front();
                }
            }
            if s.ended.is_some() {
                return None;
            }
            s.ended = Some(reason);
            s.id
        };
        self.inner.emit(HandoffEvent::Ended { session: ended, reason });
        Some(ended)
    }

    async fn expire(&self, id: u32) {
        let _ops = self.inner.ops.lock().await;
        let current = self.inner.state().session.as_ref().map(|s| s.id);
        if current == Some(id) {
            self.end_current(EndReason::Expired).await;
        }
    }

    /// A while after expiry (so that a late phone is told the link expired), the server stops —
    /// unless a newer session uses it.
    async fn shutdown_after_expiry(&self, id: u32) {
        let _ops = self.inner.ops.lock().await;
        let current = self.inner.state().session.as_ref().map(|s| s.id);
        if current == Some(id) {
            self.shutdown_server().await;
        }
    }

    async fn shutdown_server(&self) {
        let running = self.inner.state().server.take();
        if let Some(r) = running {
            let _ = r.stop.send(true);
            // The server stops accepting at once and gives requests in flight a few seconds.
            let _ = r.task.await;
        }
    }

    /// Whether the server is listening (for tests and the window).
    pub fn listening(&self) -> Option<SocketAddr> {
        self.inner.state().server.as_ref().map(|r| r.addr)
    }

    /// The current or last session.
    pub fn status(&self) -> Option<SessionStatus> {
        let st = self.inner.state();
        let s = st.session.as_ref()?;
        let now = Instant::now();
        Some(SessionStatus {
            info: self.info_of(s),
            ended: if s.active(now) { None } else { Some(s.ended.unwrap_or(EndReason::Expired)) },
            phone_opened: s.opened,
            phone_done: s.done,
            received: s.received.clone(),
        })
    }

    /// The link of the session while it works (for a printed hand-off sheet).
    pub fn current_url(&self) -> Option<String> {
        let st = self.inner.state();
        st.session.as_ref().filter(|s| s.active(Instant::now())).map(|s| s.url.clone())
    }

    /// Staff keep (`accept`) or send back a photo of the current or last session. Sending back
    /// removes the attachment (softly); accepting one sent back restores it.
    pub async fn review(&self, attachment_id: i64, accept: bool) -> Result<Received, HandoffError> {
        let previous = {
            let st = self.inner.state();
            st.session
                .as_ref()
                .and_then(|s| s.received.iter().find(|r| r.attachment.id == attachment_id))
                .map(|r| r.review)
                .ok_or(HandoffError::NotReceived(attachment_id))?
        };
        let store = self.inner.store.clone();
        let attachment = match (previous, accept) {
            (Review::Rejected, true) => Some(
                tokio::task::spawn_blocking(move || {
                    sink::call(store.as_ref(), |s: &mut Store| s.restore_attachment(attachment_id))
                })
                .await
                .map_err(|e| HandoffError::Internal(e.to_string()))???,
            ),
            (Review::Pending | Review::Accepted, false) => Some(
                tokio::task::spawn_blocking(move || {
                    sink::call(store.as_ref(), |s: &mut Store| s.remove_attachment(attachment_id, Timestamp::now()))
                })
                .await
                .map_err(|e| HandoffError::Internal(e.to_string()))???,
            ),
            _ => None,
        };
        let mut st = self.inner.state();
        let r = st
            .session
            .as_mut()
            .and_then(|s| s.received.iter_mut().find(|r| r.attachment.id == attachment_id))
            .ok_or(HandoffError::NotReceived(attachment_id))?;
        r.review = if accept { Review::Accepted } else { Review::Rejected };
        if let Some(a) = attachment {
            r.attachment = a;
        }
        Ok(r.clone())
    }
}

impl Inner {
    /// What the page shows of the session `id`, if it is the current one.
    pub fn view(&self, id: u32) -> Option<SessionView> {
        let st = self.state();
        let s = st.session.as_ref().filter(|s| s.id == id)?;
        Some(SessionView {
            token: s.token.as_str().to_owned(),
            order_no: s.info.order_no.clone(),
            subject_hint: s.info.subject_hint.clone(),
            expires_clock: cst_clock(s.expires_at),
            slots: s.info.slots.clone(),
            received: s
                .received
                .iter()
                .map(|r| ReceivedView {
                    material_code: r.attachment.material_code.clone(),
                    original_name: r.attachment.original_name.clone(),
                    review: r.review,
                })
                .collect(),
            max_file_bytes: self.config.max_file_bytes,
        })
    }
}

async fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, HandoffError> {
    TcpListener::bind((ip, port)).await.map_err(|e| HandoffError::Bind { addr: format!("{ip}:{port}"), source: e })
}

#[cfg(test)]
mod tests {
    #[test]
    fn handoff_expiry_clock_is_china_time() {
        let ts: jiff::Timestamp = "2026-03-01T06:35:00Z".parse().unwrap();
        assert_eq!(super::cst_clock(ts), "14:35");
    }
}
