//! Mobile hand-off for Beian Desk: staff show a QR code, the client photographs the certificates
//! with their own phone, and the photos land in the filing as if staff had attached them.
//!
//! A [`Handoff`] runs at most one session at a time. Starting one binds a small HTTP server
//! (axum on tokio) to **one** address of this machine that staff choose ([`net::lan_addresses`];
//! never `0.0.0.0`), and returns the link `http://<address>:<port>/h/<token>` with its QR code
//! ([`SessionInfo`]). The phone page ([`page`]) is Chinese, mobile-first and self-contained, and
//! works as plain HTML forms in the in-app browsers clients scan with. Each photo goes through
//! `beian-scan` and the store's `commit_processed` — exactly the path of a desktop attachment — into
//! the material slot it was taken for, and is reported as a [`HandoffEvent`]; staff keep or send
//! back each one ([`Handoff::review`]; sending back is the store's soft remove).
//!
//! # Security decisions
//!
//! - **The token** is 128 bits from the operating system's random source, in the URL path, bound
//!   to one filing, compared in constant time. It is the only credential: whoever has the link can
//!   upload photos to that filing (nothing else: no page shows the filing's data beyond its order
//!   number and the first character of the subject's name).
//! - **Lifetime**: a session expires after [`Config::ttl`] (default 15 minutes). Stopping it (the
//!   desktop dialog closes), starting another one, or expiry ends it; its token is then answered
//!   410. After expiry the server keeps answering for [`Config::linger`] (default one minute, so a
//!   late phone reads "链接已过期" rather than a network error) and then stops listening; stopping
//!   stops it at once. A new session reuses the port when it can, so an old link meets a 410.
//! - **One address**: the server listens only on the chosen interface address; the `Host` header
//!   (and an absolute request URI) must be exactly that `address:port`, which defeats DNS
//!   rebinding and proxies.
//! - **Guessing**: a token that is not (and never was) one counts against the peer address; after
//!   [`Config::bad_token_limit`] of them within [`Config::bad_token_window`] (10 per minute), every
//!   request from that address gets 429 until the window has passed — the right token included, so
//!   a guesser cannot tell a hit.
//! - **Uploads**: one photo per request, at most [`Config::max_file_bytes`] (20 MiB; a larger
//!   declared body is refused before it is read, a larger stream as soon as it grows past it); at
//!   most [`Config::max_files`] kept photos and [`Config::max_attempts`] tries per session; at most
//!   [`Config::max_processing`] decoded at once. The content decides what a file is (never its
//!   name or Content-Type): photos only (JPEG, PNG, WebP, BMP, TIFF; a PDF is refused). The name is
//!   kept as text and checked by the store's rules (no paths, no direction tricks).
//! - **Nothing half-stored**: every refusal happens before the file store or the database is
//!   touched; a photo is stored only while its session runs (ending a session waits for commits in
//!   flight).
//! - **The page** loads nothing from anywhere; a Content-Security-Policy allows only its own style
//!   and script (by hash) and requests to this server; `Referrer-Policy: no-referrer`,
//!   `Cache-Control: no-store`, framing denied.
//!
//! # Status codes
//!
//! | status | when |
//! |---|---|
//! | 200 | the page; an upload from the page's script (JSON `{ok, message}`) |
//! | 303 | an upload from a plain form: back to the page (`?ok=<material>`) |
//! | 400 | not a form upload, no photo, two photos, an unknown material, a file name that is a path or hides characters, an empty file |
//! | 404 | any other path; a token that never was one (counted against the peer) |
//! | 409 | the same photo is already attached to the filing |
//! | 410 | a token whose session expired, was stopped or replaced; the filing is gone |
//! | 413 | a photo (or declared body) over [`Config::max_file_bytes`] |
//! | 415 | content that is not an image (whatever its name says), or a PDF |
//! | 421 | a `Host` other than the bound `address:port` (checked before anything else) |
//! | 422 | an image that cannot be used: truncated, corrupt, over 12,000 px a side or 256 MiB to decode |
//! | 429 | a peer over its bad-token limit (with `Retry-After`); the session's upload count reached |
//! | 500 | the disk or the database failed |
//!
//! A refusal is HTML for a form (the page again, with the message at the slot) and JSON for the
//! page's script; the desktop sees it as [`HandoffEvent::Refused`].
//!
//! No Tauri here: the desktop shell wraps [`Handoff`] in commands and forwards its events.

pub mod limit;
pub mod net;
pub mod page;
pub mod qr;
mod server;
pub mod session;
pub mod sink;
pub mod token;

use std::time::Duration;

pub use net::{LanAddress, lan_addresses};
pub use session::{EndReason, Handoff, HandoffError, HandoffEvent, Received, Review, SessionInfo, SessionStatus};
pub use sink::{OwnedStore, Slot, StoreAccess, StoreUnavailable};

/// Limits of a hand-off. [`Config::default`] holds the documented values.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a link works.
    pub ttl: Duration,
    /// How long the server still answers (410) after expiry before it stops.
    pub linger: Duration,
    /// Largest photo.
    pub max_file_bytes: u64,
    /// Most photos kept per session.
    pub max_files: u32,
    /// Most uploads tried per session (refused ones included).
    pub max_attempts: u32,
    /// Bad tokens a peer may send within `bad_token_window` before it is refused (429).
    pub bad_token_limit: u32,
    pub bad_token_window: Duration,
    /// Photos decoded at once.
    pub max_processing: usize,
}

/// Default lifetime of a link: 15 minutes.
pub const DEFAULT_TTL: Duration = Duration::from_secs(15 * 60);
/// Default largest photo: 20 MiB (a 50-megapixel phone photo is 10–20 MB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            ttl: DEFAULT_TTL,
            linger: Duration::from_secs(60),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_files: 30,
            max_attempts: 100,
            bad_token_limit: 10,
            bad_token_window: Duration::from_secs(60),
            max_processing: 2,
        }
    }
}
