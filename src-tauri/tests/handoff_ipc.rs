//! The hand-off commands through Tauri's mock runtime, on loopback: start for a filing (link, QR,
//! missing materials), a photo from the "phone" announced as an event and stored in the app's
//! store, sent back (removed) and accepted again (restored), stop (the link is gone).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{harness, harness_team, invoke};
use image::{Rgb, RgbImage};
use serde_json::{Value, json};
use tauri::Listener;

fn jpeg() -> Vec<u8> {
    let img =
        RgbImage::from_fn(900, 600, |x, y| Rgb([(x * 255 / 900) as u8, (y * 255 / 600) as u8, ((x ^ y) & 0xFF) as u8]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).unwrap();
    out
}

/// Posts one photo as the phone page's script does; returns the status line and body.
fn upload(url: &str, material: &str, name: &str, data: &[u8]) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let boundary = "----ipc-test";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\n{material}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"photo\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut s = TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "POST {path}/upload HTTP/1.1\r\nHost: {host}\r\nX-Handoff: js\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(&body).unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    let status = reply.split(' ').nth(1).unwrap().parse().unwrap();
    (status, reply.split_once("\r\n\r\n").unwrap().1.to_owned())
}

#[test]
fn handoff_through_ipc_photo_event_review_and_stop() {
    handoff_through_ipc_photo_event_review_and_stop_on(harness());
}

/// The same on the team store: scans' bytes in the database, the same commands and URLs.
#[test]
fn handoff_through_ipc_photo_event_review_and_stop_in_team_mode() {
    handoff_through_ipc_photo_event_review_and_stop_on(harness_team());
}

fn handoff_through_ipc_photo_event_review_and_stop_on(h: common::Harness) {
    let events: Arc<Mutex<Vec<Value>>> = Arc::default();
    let sink = events.clone();
    h.app.listen_any("handoff-notice", move |e| sink.lock().unwrap().push(serde_json::from_str(e.payload()).unwrap()));

    let filing = invoke(&h, "create_filing", json!({"subjectName": "张三", "domain": "zhangsan.cn"})).unwrap();
    let fid = filing["id"].as_i64().unwrap();
    // Only this machine's addresses; never every interface.
    let err = invoke(&h, "start_handoff", json!({"filingId": fid, "address": "0.0.0.0"})).unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert_eq!(err["field"], "address");

    let info = invoke(&h, "start_handoff", json!({"filingId": fid, "address": "127.0.0.1"})).unwrap();
    let url = info["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{info}");
    assert!(info["qr_svg"].as_str().unwrap().starts_with("<svg"));
    assert!(info["expires_at"].is_string());
    let slots: Vec<&str> = info["slots"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert!(slots.contains(&"subject_certificate"), "{info}");
    let status = invoke(&h, "handoff_status", json!({})).unwrap();
    assert_eq!(status["info"]["url"], url.as_str(), "the link, for a printed hand-off sheet");
    assert!(status["ended"].is_null());

    let (code, body) = upload(&url, "subject_certificate", "身份证.jpg", &jpeg());
    assert_eq!(code, 200, "{body}");

    // The window hears of it …
    let until = Instant::now() + Duration::from_secs(10);
    let received = loop {
        let found = events.lock().unwrap().iter().find(|e| e["kind"] == "received").cloned();
        if let Some(e) = found {
            break e;
        }
        assert!(Instant::now() < until, "no event: {:?}", events.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    };
    let id = received["photo"]["attachment"]["id"].as_i64().unwrap();
    assert_eq!(received["photo"]["review"], "pending");
    // … and it is an attachment of the filing, like one attached on the desktop.
    let list = invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["original_name"], "身份证.jpg");
    {
        use tauri::Manager;
        let thumb = beian_desk_lib::scans::respond(
            &h.app.state::<beian_desk_lib::state::AppState>(),
            &format!("/thumbnail/{id}"),
        );
        assert_eq!((thumb.status().as_u16(), &thumb.body()[..2]), (200, &b"\xFF\xD8"[..]), "the photo's thumbnail");
    }

    // 退回: removed; 接受 again: restored.
    let r = invoke(&h, "review_handoff_photo", json!({"attachmentId": id, "accept": false})).unwrap();
    assert_eq!(r["review"], "rejected");
    assert_eq!(invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap(), json!([]));
    let r = invoke(&h, "review_handoff_photo", json!({"attachmentId": id, "accept": true})).unwrap();
    assert_eq!(r["review"], "accepted");
    assert_eq!(invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap()[0]["id"], id);
    let err = invoke(&h, "review_handoff_photo", json!({"attachmentId": 4242, "accept": false})).unwrap_err();
    assert_eq!(err["code"], "not_found");

    // Closing the dialog stops it: nothing listens any more.
    invoke(&h, "stop_handoff", json!({})).unwrap();
    let host = url.strip_prefix("http://").unwrap().split('/').next().unwrap().to_owned();
    assert!(TcpStream::connect(&host).is_err(), "server stopped");
    let status = invoke(&h, "handoff_status", json!({})).unwrap();
    assert_eq!(status["ended"], "stopped");
    assert!(events.lock().unwrap().iter().any(|e| e["kind"] == "ended" && e["reason"] == "stopped"));
}
