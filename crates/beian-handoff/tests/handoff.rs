//! The hand-off server over real sockets on loopback: what lands in the filing, and each refusal
//! with its status and nothing stored (no file in the file store, no row).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use beian_core::FilingDocument;
use beian_core::model::{FilingType, Nature};
use beian_handoff::{Config, EndReason, Handoff, HandoffEvent, OwnedStore, Review, SessionInfo};
use beian_store::Store;
use image::{Rgb, RgbImage};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

struct Env {
    dir: tempfile::TempDir,
    filing: i64,
    handoff: Handoff,
    events: Arc<Mutex<Vec<HandoffEvent>>>,
}

fn env_with(config: Config) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut doc = FilingDocument::draft("杭州云帆信息技术有限公司", "yunfan.cn");
    doc.filing_type = Some(FilingType::FirstFiling);
    doc.subject.nature = Nature::Enterprise;
    doc.subject.region.province = "浙江省".into();
    let filing = store.create_filing(&doc, jiff::Timestamp::now()).unwrap().id;
    drop(store);
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let handoff = Handoff::new(config, Arc::new(OwnedStore::open(dir.path()).unwrap()), move |e| {
        sink.lock().unwrap().push(e);
    });
    Env { dir, filing, handoff, events }
}

fn env() -> Env {
    env_with(Config::default())
}

impl Env {
    async fn start(&self) -> SessionInfo {
        self.handoff.start(self.filing, LOCALHOST, None).await.unwrap()
    }

    /// Rows of the filing, removed ones included.
    fn rows(&self) -> Vec<beian_store::attachments::Attachment> {
        Store::open(self.dir.path()).unwrap().attachments(self.filing, true).unwrap()
    }

    /// Files in the content-addressed store.
    fn files(&self) -> Vec<PathBuf> {
        files_under(&self.dir.path().join("attachments"))
    }

    fn assert_nothing_stored(&self, what: &str) {
        assert!(self.rows().is_empty(), "{what}: rows {:?}", self.rows());
        assert!(self.files().is_empty(), "{what}: files {:?}", self.files());
    }

    fn events(&self) -> Vec<HandoffEvent> {
        self.events.lock().unwrap().clone()
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() { out.extend(files_under(&p)) } else { out.push(p) }
        }
    }
    out
}

fn jpeg(seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(900, 600, |x, y| {
        Rgb([(x * 255 / 900) as u8, (y * 255 / 600) as u8, ((x ^ y ^ seed) & 0xFF) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).unwrap();
    out
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// One HTTP/1.1 request over a fresh connection from `from` (a loopback address: 127.0.0.2 is
/// another peer); the body is written while the reply is read, so that a server refusing early is
/// heard.
async fn send(addr: SocketAddr, from: Ipv4Addr, head: String, body: Vec<u8>) -> Reply {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(IpAddr::V4(from), 0)).unwrap();
    let stream = socket.connect(addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    // The write half stays open until the reply is read: a client that half-closes is taken as
    // gone by the server.
    let writer = tokio::spawn(async move {
        let mut written = wr.write_all(head.as_bytes()).await;
        for chunk in body.chunks(64 * 1024) {
            if written.is_err() {
                break;
            }
            written = wr.write_all(chunk).await;
        }
        wr
    });
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), rd.read_to_end(&mut raw)).await.expect("reply in time");
    if let Err(e) = read {
        assert!(!raw.is_empty(), "no reply: {e}");
    }
    drop(writer.await);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, head: head.to_owned(), body: body.to_owned() }
}

fn path_of(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap();
    rest[rest.find('/').unwrap()..].to_owned()
}

async fn get(addr: SocketAddr, host: &str, path: &str) -> Reply {
    send(addr, Ipv4Addr::LOCALHOST, format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), vec![])
        .await
}

const BOUNDARY: &str = "----handoff-test-boundary";

fn form(material: &str, file_name: &str, content_type: &str, data: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\n{material}\r\n").as_bytes(),
    );
    b.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    b.extend_from_slice(data);
    b.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    b
}

struct Post<'a> {
    host: Option<&'a str>,
    from: Ipv4Addr,
    js: bool,
    chunked: bool,
}

impl Default for Post<'_> {
    fn default() -> Self {
        Post { host: None, from: Ipv4Addr::LOCALHOST, js: true, chunked: false }
    }
}

async fn post(addr: SocketAddr, path: &str, body: Vec<u8>, o: Post<'_>) -> Reply {
    let host = o.host.map_or_else(|| addr.to_string(), str::to_owned);
    let js = if o.js { "X-Handoff: js\r\n" } else { "" };
    let (length, body) = if o.chunked {
        let mut chunked = Vec::new();
        for c in body.chunks(256 * 1024) {
            chunked.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
            chunked.extend_from_slice(c);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        ("Transfer-Encoding: chunked".to_owned(), chunked)
    } else {
        (format!("Content-Length: {}", body.len()), body)
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\n{js}Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{length}\r\nConnection: close\r\n\r\n"
    );
    send(addr, o.from, head, body).await
}

async fn upload(info: &SessionInfo, material: &str, name: &str, data: &[u8]) -> Reply {
    let addr: SocketAddr = info.address.parse().unwrap();
    post(addr, &format!("{}/upload", path_of(&info.url)), form(material, name, "image/jpeg", data), Post::default())
        .await
}

#[tokio::test]
async fn handoff_photos_land_in_the_filing_and_staff_review_them() {
    let e = env();
    let info = e.start().await;
    assert!(info.url.starts_with(&format!("http://{}/h/", info.address)), "{}", info.url);
    assert_eq!(info.url.rsplit('/').next().unwrap().len(), 32, "128-bit token in hex");
    assert!(info.qr_svg.starts_with("<svg"));
    let codes: Vec<&str> = info.slots.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["subject_certificate", "subject_principal_certificate"], "the missing materials");
    let addr: SocketAddr = info.address.parse().unwrap();

    let page = get(addr, &info.address, &path_of(&info.url)).await;
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("主体证件") && page.body.contains("capture=\"environment\""), "{}", page.body);
    assert!(page.header("content-security-policy").unwrap().contains("default-src 'none'"));
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));

    // With the page's script: JSON.
    let r = upload(&info, "subject_certificate", "营业执照.jpg", &jpeg(1)).await;
    assert_eq!(r.status, 200, "{r:?}");
    assert!(r.body.contains("\"ok\":true"), "{}", r.body);
    // A plain form: redirected back to the page, which shows the photo.
    let addr_path = format!("{}/upload", path_of(&info.url));
    let r = post(
        addr,
        &addr_path,
        form("subject_principal_certificate", "IMG_0001.JPG", "image/jpeg", &jpeg(2)),
        Post { js: false, ..Post::default() },
    )
    .await;
    assert_eq!(r.status, 303, "{r:?}");
    let to = r.header("location").unwrap();
    assert!(to.starts_with(&path_of(&info.url)) && to.contains("ok=subject_principal_certificate"), "{to}");
    let page = get(addr, &info.address, to.split('#').next().unwrap()).await;
    assert!(page.body.contains("IMG_0001.JPG") && page.body.contains("等待工作人员确认"), "{}", page.body);

    let rows = e.rows();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].material_code, "subject_certificate");
    assert_eq!(rows[0].original_name, "营业执照.jpg");
    assert_eq!(rows[0].mime, "image/jpeg");
    assert_eq!(e.files().len(), 4, "two normalised files and their thumbnails");
    let c = Store::open(e.dir.path()).unwrap().material_completeness(e.filing, jiff::Timestamp::now()).unwrap();
    assert!(c.complete, "{c:?}");

    let received: Vec<_> = e
        .events()
        .into_iter()
        .filter_map(|ev| match ev {
            HandoffEvent::Received { photo, .. } => Some(photo),
            _ => None,
        })
        .collect();
    assert_eq!(received.len(), 2);
    assert!(e.events().iter().any(|ev| matches!(ev, HandoffEvent::Opened { .. })));

    // Sent back: the attachment is removed (softly); accepted again: restored.
    let id = received[0].attachment.id;
    let r = e.handoff.review(id, false).await.unwrap();
    assert_eq!(r.review, Review::Rejected);
    assert!(r.attachment.deleted_at.is_some());
    assert!(Store::open(e.dir.path()).unwrap().attachment(id).unwrap().deleted_at.is_some());
    let page = get(addr, &info.address, &path_of(&info.url)).await;
    assert!(page.body.contains("已退回，请重新拍摄"), "the phone is told");
    let r = e.handoff.review(id, true).await.unwrap();
    assert_eq!(r.review, Review::Accepted);
    assert!(Store::open(e.dir.path()).unwrap().attachment(id).unwrap().deleted_at.is_none());
    assert!(e.handoff.review(9999, false).await.is_err(), "only photos of this hand-off");

    let done = get(addr, &info.address, &format!("{}/done", path_of(&info.url))).await;
    assert_eq!(done.status, 200);
    assert!(done.body.contains("已完成") && done.body.contains("2 张"), "{}", done.body);
    assert!(e.events().iter().any(|ev| matches!(ev, HandoffEvent::Done { photos: 2, .. })));

    // The same photo again: refused, nothing new.
    let r = upload(&info, "subject_certificate", "again.jpg", &jpeg(1)).await;
    assert_eq!(r.status, 409, "{r:?}");
    assert_eq!(e.rows().len(), 2);
    e.handoff.stop().await;
}

#[tokio::test]
async fn handoff_wrong_token_is_404_and_stores_nothing() {
    let e = env();
    let info = e.start().await;
    let addr: SocketAddr = info.address.parse().unwrap();
    let token = info.url.rsplit('/').next().unwrap();
    let mut wrong = token.to_owned();
    let last = if wrong.ends_with('0') { "1" } else { "0" };
    wrong.replace_range(31.., last);
    for path in [format!("/h/{wrong}"), "/h/not-a-token".into(), format!("/h/{}", token.to_uppercase()), "/".into()] {
        assert_eq!(get(addr, &info.address, &path).await.status, 404, "{path}");
    }
    let r = post(
        addr,
        &format!("/h/{wrong}/upload"),
        form("subject_certificate", "a.jpg", "image/jpeg", &jpeg(1)),
        Post::default(),
    )
    .await;
    assert_eq!(r.status, 404, "{r:?}");
    e.assert_nothing_stored("wrong token");
}

#[tokio::test]
async fn handoff_expired_token_is_410_then_the_server_stops() {
    let e =
        env_with(Config { ttl: Duration::from_millis(1500), linger: Duration::from_millis(1500), ..Config::default() });
    let info = e.start().await;
    let addr: SocketAddr = info.address.parse().unwrap();
    assert_eq!(get(addr, &info.address, &path_of(&info.url)).await.status, 200);
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let page = get(addr, &info.address, &path_of(&info.url)).await;
    assert_eq!(page.status, 410, "{page:?}");
    assert!(page.body.contains("链接已失效"), "{}", page.body);
    let r = upload(&info, "subject_certificate", "a.jpg", &jpeg(1)).await;
    assert_eq!(r.status, 410, "{r:?}");
    e.assert_nothing_stored("expired token");
    assert!(e.events().iter().any(|ev| matches!(ev, HandoffEvent::Ended { reason: EndReason::Expired, .. })));
    assert_eq!(e.handoff.current_url(), None);
    // After the linger the server is gone.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(e.handoff.listening(), None);
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "nothing listens after expiry");
}

#[tokio::test]
async fn handoff_reused_token_after_stop_or_a_new_session_is_410() {
    let e = env();
    let first = e.start().await;
    let addr: SocketAddr = first.address.parse().unwrap();

    // A new session replaces the first on the same server: the old link is gone.
    let second = e.start().await;
    assert_eq!(second.address, first.address, "same server, same port");
    assert_ne!(second.url, first.url);
    assert_eq!(get(addr, &first.address, &path_of(&first.url)).await.status, 410);
    assert_eq!(upload(&first, "subject_certificate", "a.jpg", &jpeg(1)).await.status, 410);
    assert_eq!(get(addr, &second.address, &path_of(&second.url)).await.status, 200);
    e.assert_nothing_stored("token of a replaced session");

    // Stopped: nothing listens any more …
    assert_eq!(e.handoff.stop().await, Some(second.session));
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "the server stopped");
    assert_eq!(e.handoff.current_url(), None);
    // … and when a later session takes the same port, both old links are answered 410.
    let third = e.handoff.start(e.filing, LOCALHOST, Some(addr.port())).await.unwrap();
    assert_eq!(third.address, first.address);
    for old in [&first, &second] {
        assert_eq!(get(addr, &old.address, &path_of(&old.url)).await.status, 410, "{}", old.url);
        assert_eq!(upload(old, "subject_certificate", "a.jpg", &jpeg(1)).await.status, 410);
    }
    e.assert_nothing_stored("reused tokens");
    let ended: Vec<EndReason> = e
        .events()
        .into_iter()
        .filter_map(|ev| match ev {
            HandoffEvent::Ended { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(ended, [EndReason::Replaced, EndReason::Stopped]);
    e.handoff.stop().await;
}

#[tokio::test]
async fn handoff_wrong_host_is_421_and_stores_nothing() {
    let e = env();
    let info = e.start().await;
    let addr: SocketAddr = info.address.parse().unwrap();
    let port = addr.port();
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("localhost:{port}"),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let r = get(addr, &host, &path_of(&info.url)).await;
        assert_eq!(r.status, 421, "{host}: {r:?}");
        let r = post(
            addr,
            &format!("{}/upload", path_of(&info.url)),
            form("subject_certificate", "a.jpg", "image/jpeg", &jpeg(1)),
            Post { host: Some(&host), ..Post::default() },
        )
        .await;
        assert_eq!(r.status, 421, "{host}: {r:?}");
    }
    // An absolute URI naming another host is refused too.
    let r = send(
        addr,
        Ipv4Addr::LOCALHOST,
        format!(
            "GET http://evil.example{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            path_of(&info.url),
            info.address
        ),
        vec![],
    )
    .await;
    assert_eq!(r.status, 421, "{r:?}");
    e.assert_nothing_stored("wrong host");
}

#[tokio::test]
async fn handoff_oversize_upload_is_413_and_stores_nothing() {
    let e = env_with(Config { max_file_bytes: 1024 * 1024, ..Config::default() });
    let info = e.start().await;
    let addr: SocketAddr = info.address.parse().unwrap();
    let path = format!("{}/upload", path_of(&info.url));
    // A JPEG header followed by 2 MiB: declared up front, and streamed without a length.
    let mut big = jpeg(3);
    big.resize(2 * 1024 * 1024, 0xAB);
    let r = post(addr, &path, form("subject_certificate", "big.jpg", "image/jpeg", &big), Post::default()).await;
    assert_eq!(r.status, 413, "declared: {r:?}");
    assert!(r.body.contains("照片过大"), "{}", r.body);
    let r = post(
        addr,
        &path,
        form("subject_certificate", "big.jpg", "image/jpeg", &big),
        Post { chunked: true, ..Post::default() },
    )
    .await;
    assert_eq!(r.status, 413, "streamed: {r:?}");
    // A plain form gets the page back with the message.
    let r = post(
        addr,
        &path,
        form("subject_certificate", "big.jpg", "image/jpeg", &big),
        Post { js: false, ..Post::default() },
    )
    .await;
    assert_eq!(r.status, 413);
    e.assert_nothing_stored("oversize");
    // Just under the limit is fine.
    assert_eq!(upload(&info, "subject_certificate", "ok.jpg", &jpeg(4)).await.status, 200);
    e.handoff.stop().await;
}

#[tokio::test]
async fn handoff_non_image_is_415_whatever_its_name_and_type() {
    let e = env();
    let info = e.start().await;
    for (name, data) in [
        ("certificate.jpg", b"this is text, not a photo".to_vec()),
        ("scan.png", b"<html><script>alert(1)</script></html>".to_vec()),
        ("licence.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec()),
        ("a.jpg", vec![0u8; 4096]),
    ] {
        let r = upload(&info, "subject_certificate", name, &data).await;
        assert_eq!(r.status, 415, "{name}: {r:?}");
        assert!(r.body.contains("这不是照片"), "{}", r.body);
    }
    // A truncated JPEG is an image the pipeline refuses: 422.
    let mut cut = jpeg(5);
    cut.truncate(cut.len() / 2);
    let r = upload(&info, "subject_certificate", "cut.jpg", &cut).await;
    assert_eq!(r.status, 422, "{r:?}");
    e.assert_nothing_stored("non-image");
    assert!(e.events().iter().any(|ev| matches!(ev, HandoffEvent::Refused { status: 415, .. })));
    e.handoff.stop().await;
}

#[tokio::test]
async fn handoff_path_traversal_name_is_400_and_stores_nothing() {
    let e = env();
    let info = e.start().await;
    for name in
        ["../../etc/passwd.jpg", "/etc/cron.d/x.jpg", "..\\\\..\\\\windows\\\\a.jpg", "..", "invoice\u{202E}gpj.exe"]
    {
        let r = upload(&info, "subject_certificate", name, &jpeg(6)).await;
        assert_eq!(r.status, 400, "{name:?}: {r:?}");
        assert!(r.body.contains("文件名无效"), "{}", r.body);
    }
    // Bad form content: an unknown material, a material not asked for, no photo at all.
    assert_eq!(upload(&info, "../../etc", "a.jpg", &jpeg(6)).await.status, 400);
    assert_eq!(upload(&info, "icp_commitment", "a.jpg", &jpeg(6)).await.status, 400);
    let addr: SocketAddr = info.address.parse().unwrap();
    let r = post(
        addr,
        &format!("{}/upload", path_of(&info.url)),
        form("subject_certificate", "", "application/octet-stream", b""),
        Post::default(),
    )
    .await;
    assert_eq!(r.status, 400, "{r:?}");
    e.assert_nothing_stored("path traversal");
    e.handoff.stop().await;
}

#[tokio::test]
async fn handoff_bad_tokens_are_rate_limited_per_peer() {
    let e = env_with(Config { bad_token_window: Duration::from_secs(4), ..Config::default() });
    let info = e.start().await;
    let addr: SocketAddr = info.address.parse().unwrap();
    for i in 0..10 {
        let r = get(addr, &info.address, &format!("/h/{:032x}", i + 1)).await;
        assert_eq!(r.status, 404, "guess {i}");
    }
    let r = get(addr, &info.address, &format!("/h/{:032x}", 99)).await;
    assert_eq!(r.status, 429, "{r:?}");
    assert!(r.header("retry-after").is_some(), "{r:?}");
    // The right token does not get through from that peer either (no telling a hit from a miss) …
    assert_eq!(get(addr, &info.address, &path_of(&info.url)).await.status, 429);
    let r = upload(&info, "subject_certificate", "a.jpg", &jpeg(7)).await;
    assert_eq!(r.status, 429);
    e.assert_nothing_stored("limited peer");
    // … while another peer is not affected.
    let other = Ipv4Addr::new(127, 0, 0, 2);
    let r = send(
        addr,
        other,
        format!("GET {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", path_of(&info.url), info.address),
        vec![],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    // Paths outside /h/ (a browser's favicon) are not counted; after the window the peer may try again.
    tokio::time::sleep(Duration::from_millis(4100)).await;
    assert_eq!(get(addr, &info.address, &path_of(&info.url)).await.status, 200);
    e.handoff.stop().await;
}

#[tokio::test]
async fn handoff_upload_count_is_limited() {
    let e = env_with(Config { max_files: 2, ..Config::default() });
    let info = e.start().await;
    assert_eq!(upload(&info, "subject_certificate", "1.jpg", &jpeg(11)).await.status, 200);
    assert_eq!(upload(&info, "subject_certificate", "2.jpg", &jpeg(12)).await.status, 200);
    let r = upload(&info, "subject_certificate", "3.jpg", &jpeg(13)).await;
    assert_eq!(r.status, 429, "{r:?}");
    assert_eq!(e.rows().len(), 2);
    e.handoff.stop().await;
}

#[tokio::test]
async fn handoff_refuses_addresses_that_are_not_this_machines() {
    let e = env();
    for ip in ["0.0.0.0", "203.0.113.9", "::1"] {
        let err = e.handoff.start(e.filing, ip.parse().unwrap(), None).await.unwrap_err();
        assert!(err.to_string().contains("不是本机地址"), "{ip}: {err}");
    }
    assert_eq!(e.handoff.listening(), None);
    // A filing whose type is unknown has no materials to ask for.
    let mut store = Store::open(e.dir.path()).unwrap();
    let draft = store.create_filing(&FilingDocument::draft("", ""), jiff::Timestamp::now()).unwrap().id;
    assert!(e.handoff.start(draft, LOCALHOST, None).await.is_err());
    assert!(e.handoff.start(424242, LOCALHOST, None).await.is_err(), "unknown filing");
}
