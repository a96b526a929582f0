//! `scan normalize [--json] IN OUT`: processes one certificate scan exactly as attaching it does
//! (name check, limits, orientation, metadata stripped, normalised JPEG or the PDF as-is) and
//! writes the result to OUT atomically. Exit 0 (warnings are printed), 1 for a bad file.

use std::path::Path;

use beian_scan::{Kind, Processed, ScanError};
use serde::Serialize;

use crate::common::Failure;

#[derive(Serialize)]
struct Report<'a> {
    kind: Kind,
    source_format: &'static str,
    mime: &'static str,
    sha256: &'a str,
    bytes: usize,
    width: Option<u32>,
    height: Option<u32>,
    source_width: Option<u32>,
    source_height: Option<u32>,
    orientation: u8,
    pages: Option<u32>,
    warnings: &'a [beian_scan::Warning],
}

fn failed(input: &str, e: &ScanError) -> Failure {
    Failure::failed(format!("{}：{e}", beian_scan::name::for_display(input)))
}

pub fn normalize(input: &str, output: &str, json: bool) -> Result<u8, Failure> {
    let in_path = Path::new(input);
    beian_scan::name::name_of(in_path).map_err(|e| failed(input, &e))?;
    let processed: Processed = beian_scan::process_file(in_path).map_err(|e| failed(input, &e))?;
    beian_scan::store::write_atomic(Path::new(output), |f| std::io::Write::write_all(f, &processed.bytes))
        .map_err(|e| Failure::failed(format!("{}：{e}", beian_scan::name::for_display(output))))?;
    if json {
        let report = Report {
            kind: processed.kind,
            source_format: processed.source_format.label(),
            mime: processed.mime,
            sha256: &processed.sha256,
            bytes: processed.bytes.len(),
            width: processed.width,
            height: processed.height,
            source_width: processed.source_width,
            source_height: processed.source_height,
            orientation: processed.orientation,
            pages: processed.pages,
            warnings: &processed.warnings,
        };
        let text = serde_json::to_string_pretty(&report).map_err(|e| Failure::failed(e.to_string()))?;
        println!("{text}");
    } else {
        match processed.kind {
            Kind::Image => println!(
                "{output}：JPEG {}×{}，{} 字节（原图 {} {}×{}，EXIF 方向 {}）",
                processed.width.unwrap_or(0),
                processed.height.unwrap_or(0),
                processed.bytes.len(),
                processed.source_format.label(),
                processed.source_width.unwrap_or(0),
                processed.source_height.unwrap_or(0),
                processed.orientation
            ),
            Kind::Pdf => {
                println!("{output}：PDF 原样保存，{} 页，{} 字节", processed.pages.unwrap_or(0), processed.bytes.len())
            }
        }
        println!("SHA-256：{}", processed.sha256);
        for w in &processed.warnings {
            println!("警告：{}", w.message);
        }
    }
    Ok(0)
}
