//! `ocr [--json] IMAGE`: reads a certificate scan offline and prints the fields it proposes, each
//! with its confidence; numbers only when their check characters pass (otherwise the field says it
//! must be typed). Exit 0 when something was read, 1 for a file that cannot be read or a page on
//! which no certificate is recognised (nothing to propose), 2 when OCR is not installed
//! (scripts/setup-ocr.sh) or the arguments are wrong.

use std::path::{Path, PathBuf};
use std::time::Instant;

use beian_ocr::{Engine, FieldName, OcrError, Reading};
use serde::Serialize;

use crate::common::Failure;

#[derive(Serialize)]
struct Report<'a> {
    kind: &'static str,
    kind_label: &'static str,
    fields: &'a std::collections::BTreeMap<String, beian_ocr::FieldReading>,
    /// Lines of text found on the page.
    lines: usize,
    elapsed_ms: u128,
}

pub fn ocr(image: &str, ocr_dir: Option<PathBuf>, json: bool) -> Result<u8, Failure> {
    let shown = beian_scan::name::for_display(image);
    let candidates = match ocr_dir {
        Some(dir) => vec![dir],
        None => beian_ocr::default_candidates(),
    };
    let Some(dir) = beian_ocr::locate(&candidates) else {
        return Err(Failure::input(
            "未安装证件识别组件（ONNX Runtime 与 PP-OCRv4 模型）：请运行 scripts/setup-ocr.sh，或用 --ocr-dir / BEIAN_OCR_DIR 指定其目录",
        ));
    };
    let bytes = beian_scan::read_limited(Path::new(image)).map_err(|e| Failure::failed(format!("{shown}：{e}")))?;
    let page = beian_ocr::scan_image(bytes).map_err(|e| Failure::failed(format!("{shown}：{e}")))?;
    let started = Instant::now();
    // A runtime or model that is there but cannot be loaded is as good as not installed.
    let mut engine = Engine::load(&dir).map_err(|e: OcrError| Failure::input(e.to_string()))?;
    let lines = engine.read(&page, &mut |_| {}).map_err(|e| Failure::failed(format!("{shown}：{e}")))?;
    let reading: Reading = beian_ocr::read_fields(&lines);
    let elapsed_ms = started.elapsed().as_millis();
    if json {
        let report = Report {
            kind: reading.kind.code(),
            kind_label: reading.kind.label_zh(),
            fields: &reading.fields,
            lines: lines.len(),
            elapsed_ms,
        };
        let text = serde_json::to_string_pretty(&report).map_err(|e| Failure::failed(e.to_string()))?;
        println!("{text}");
    } else {
        println!("{shown}：{}（{} 行文字，{elapsed_ms} 毫秒）", reading.kind.label_zh(), lines.len());
        for field in FieldName::ALL {
            let Some(r) = reading.get(field) else { continue };
            let label = field_label(reading.kind, field);
            match (&r.value, &r.needs_typing) {
                (Some(v), _) => println!("{label}：{v}（置信度 {:.0}%）", r.confidence * 100.0),
                (None, Some(why)) => println!("{label}：需手工输入 —— {why}"),
                (None, None) => {}
            }
        }
    }
    if reading.is_empty() {
        if !json {
            eprintln!("beian: {shown}：没有识别出证件内容");
        }
        return Ok(1);
    }
    Ok(0)
}

/// The label the certificate itself prints for a field.
fn field_label(kind: beian_ocr::DocumentKind, field: FieldName) -> &'static str {
    use beian_ocr::DocumentKind::{HkMacauPass, ResidentId, TaiwanPass};
    match (kind, field) {
        (ResidentId, FieldName::Name) => "姓名",
        (ResidentId, FieldName::CertNumber) => "公民身份号码",
        (ResidentId, FieldName::Address) => "住址",
        (HkMacauPass | TaiwanPass, FieldName::Name) => "姓名",
        (HkMacauPass | TaiwanPass, FieldName::CertNumber) => "证件号码",
        (HkMacauPass | TaiwanPass, FieldName::BirthDate) => "出生日期",
        (_, FieldName::CertNumber) => "统一社会信用代码",
        (_, f) => f.label_zh(),
    }
}
