//! Attachment commands through Tauri's mock runtime: attach (with a progress channel), list,
//! thumbnail and preview, remove, restore, replace, completeness; bad files and paths refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Harness, harness, harness_team, invoke};
use image::{Rgb, RgbImage};
use serde_json::{Value, json};

fn scan(h: &Harness, name: &str, seed: u32) -> String {
    let img = RgbImage::from_fn(900, 600, |x, y| {
        Rgb([(x * 255 / 900) as u8, (y * 255 / 600) as u8, ((x ^ y ^ seed) & 0xFF) as u8])
    });
    let path = h.dir.path().join(name);
    img.save_with_format(&path, image::ImageFormat::Jpeg).unwrap();
    path.display().to_string()
}

fn scan_get(h: &Harness, path: &str) -> tauri::http::Response<Vec<u8>> {
    use tauri::Manager;
    beian_desk_lib::scans::respond(&h.app.state::<beian_desk_lib::state::AppState>(), path)
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

#[test]
fn attach_list_remove_restore_through_ipc() {
    attach_list_remove_restore_through_ipc_on(harness());
}

/// The same on the team store: scans' bytes in the database, the same commands and URLs.
#[test]
fn attach_list_remove_restore_through_ipc_in_team_mode() {
    attach_list_remove_restore_through_ipc_on(harness_team());
}

fn attach_list_remove_restore_through_ipc_on(h: common::Harness) {
    let filing = invoke(&h, "create_filing", json!({"subjectName": "张三", "domain": "zhangsan.cn"})).unwrap();
    let fid = filing["id"].as_i64().unwrap();
    let good = scan(&h, "身份证正面.jpg", 1);
    let text = h.dir.path().join("note.jpg");
    std::fs::write(&text, "not an image").unwrap();

    let report = invoke(
        &h,
        "attach_files",
        json!({"filingId": fid, "materialCode": "subject_certificate",
               "paths": [good, text.display().to_string(), "../../etc/passwd.jpg", "/tmp/a\u{0}b.jpg"],
               "onProgress": "__CHANNEL__:7"}),
    )
    .unwrap();
    let attached = report["attached"].as_array().unwrap();
    assert_eq!(attached.len(), 1, "{report}");
    assert_eq!(attached[0]["original_name"], "身份证正面.jpg");
    assert_eq!(attached[0]["kind"], "image");
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 3, "{report}");
    assert!(failed[0]["message"].as_str().unwrap().contains("不是可识别的图片"), "{report}");
    assert!(failed[1]["message"].as_str().unwrap().contains("文件路径无效"), "{report}");
    assert!(failed[2]["message"].as_str().unwrap().contains("空字符"), "{report}");
    let id = attached[0]["id"].as_i64().unwrap();

    let list = invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap();
    assert_eq!(ids(&list), [id]);
    // The images come by URL, through the `scan:` scheme, not through IPC.
    let thumb = scan_get(&h, &format!("/thumbnail/{id}"));
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    assert_eq!(&thumb.body()[..3], b"\xFF\xD8\xFF", "a JPEG");
    let small = image::load_from_memory(thumb.body()).unwrap();
    assert!(small.width().max(small.height()) <= 256, "{}x{}", small.width(), small.height());
    let preview = scan_get(&h, &format!("/preview/{id}%2F"));
    assert_eq!(preview.status(), 400, "a path with more than an id");
    let preview = scan_get(&h, &format!("/preview%2F{id}"));
    assert_eq!(preview.status(), 200);
    assert_eq!(image::load_from_memory(preview.body()).unwrap().width(), 900, "the scan at its size");
    for bad in ["/thumbnail/999999", "/preview/0"] {
        let r = scan_get(&h, bad);
        assert_eq!(r.status(), 404, "{bad}");
        assert!(std::str::from_utf8(r.body()).unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    }
    for bad in ["/", "/thumbnail/abc", "/../../etc/passwd", "/thumbnail/1/../2", "/preview/-1"] {
        assert_eq!(scan_get(&h, bad).status(), 400, "{bad}");
    }

    // The same file again: a duplicate.
    let again = invoke(
        &h,
        "attach_files",
        json!({"filingId": fid, "materialCode": "subject_certificate", "paths": [good], "onProgress": "__CHANNEL__:8"}),
    )
    .unwrap();
    assert!(again["failed"][0]["message"].as_str().unwrap().contains("相同的文件已上传"), "{again}");

    let c = invoke(&h, "material_completeness", json!({"filingId": fid})).unwrap();
    let slot = c["materials"].as_array().unwrap().iter().find(|m| m["code"] == "subject_certificate").unwrap().clone();
    assert_eq!(slot["attached"], 1);

    let removed = invoke(&h, "remove_attachment", json!({"id": id})).unwrap();
    assert!(removed["deleted_at"].is_string());
    assert!(ids(&invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap()).is_empty());
    invoke(&h, "restore_attachment", json!({"id": id})).unwrap();
    assert_eq!(ids(&invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap()), [id]);

    // Replace, then undo by restoring the old one.
    let newer = scan(&h, "重拍.jpg", 2);
    let replaced = invoke(&h, "replace_attachment", json!({"id": id, "path": newer})).unwrap();
    let new_id = replaced["id"].as_i64().unwrap();
    assert_eq!(ids(&invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap()), [new_id]);
    invoke(&h, "restore_attachment", json!({"id": id})).unwrap();
    assert_eq!(ids(&invoke(&h, "list_attachments", json!({"filingId": fid})).unwrap()), [id]);

    let err = invoke(&h, "remove_attachment", json!({"id": 4242})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = invoke(
        &h,
        "attach_files",
        json!({"filingId": 4242, "materialCode": "subject_certificate", "paths": [good], "onProgress": "__CHANNEL__:9"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found");
}
