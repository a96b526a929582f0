//! What a file must be before calamine sees it: an `.xlsx` (a zip holding `xl/workbook.xml`) of a
//! bounded size, whose entries really inflate to no more than they declare and to no more than
//! [`MAX_INFLATED_BYTES`] together. Files that are something else (an encrypted workbook or an old
//! `.xls` — both OLE containers —, a CSV, an OpenDocument sheet, a zip of something else) are named
//! for what they are, with what to do.

use std::io::{Cursor, Read};

use super::{At, MAX_ENTRIES, MAX_INFLATED_BYTES, MAX_WORKBOOK_BYTES, Problem};

/// The first bytes of an OLE compound file (CFB): Excel's encrypted workbooks and `.xls`.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// A zip's first local header, and an empty zip's end record.
const ZIP_LOCAL: [u8; 4] = [b'P', b'K', 3, 4];
const ZIP_EMPTY: [u8; 4] = [b'P', b'K', 5, 6];

/// Whether the bytes start as a zip or an OLE container does (what the CLI sends to the
/// spreadsheet reader whatever the file is called).
pub fn looks_like_workbook(head: &[u8]) -> bool {
    head.starts_with(&ZIP_LOCAL) || head.starts_with(&ZIP_EMPTY) || head.starts_with(&CFB_MAGIC)
}

fn file(message: impl Into<String>) -> Problem {
    Problem::new(At::file(), message)
}

/// Text (a CSV, a JSON document): valid UTF-8 (or UTF-16 with its mark) without NUL bytes in
/// its first 4 KiB.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // Cut in the middle of a character at the end of the window.
        Err(e) => e.error_len().is_none(),
    }
}

const USE_TEMPLATE: &str = "请在导入模板（beian template --xlsx 生成）中填写，保存为 Excel 工作簿（.xlsx）后再导入";

/// Checks the file before it is parsed (see the module documentation).
pub(crate) fn check(bytes: &[u8]) -> Result<(), Problem> {
    if bytes.is_empty() {
        return Err(file("文件是空的"));
    }
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return Err(file(format!(
            "文件过大（{} 字节），上限为 {MAX_WORKBOOK_BYTES} 字节：请分成几个工作簿导入",
            bytes.len()
        )));
    }
    if bytes.starts_with(&CFB_MAGIC[..4]) {
        return Err(file(
            "这是加密（设置了打开密码）的 Excel 工作簿，或旧版 Excel 97-2003 工作簿（.xls），无法读取：\
             加密的请在 Excel 中打开，在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清空密码后保存；\
             .xls 请另存为“Excel 工作簿（*.xlsx）”，然后再导入",
        ));
    }
    if bytes.starts_with(&ZIP_EMPTY) {
        return Err(file(format!("这是一个空的 zip 压缩包，不是 Excel 工作簿：{USE_TEMPLATE}")));
    }
    if !bytes.starts_with(&ZIP_LOCAL) {
        return Err(file(if looks_like_text(bytes) {
            format!("这是文本文件（例如 CSV），不是 Excel 工作簿：CSV 无法保留文本格式和下拉列表，{USE_TEMPLATE}")
        } else {
            format!("不是 Excel 工作簿（.xlsx）：{USE_TEMPLATE}")
        }));
    }
    let damaged = || file("文件已损坏，不是完整的 Excel 工作簿（.xlsx）：请在 Excel 中重新保存后再导入");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    if zip.len() > MAX_ENTRIES {
        return Err(file(format!("工作簿内部的文件过多（{} 个，上限 {MAX_ENTRIES} 个）：不像是导入模板", zip.len())));
    }
    let mut declared: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| damaged())?;
        if entry.encrypted() {
            return Err(file("工作簿被加密压缩，无法读取：请取消密码后另存为 .xlsx 再导入"));
        }
        declared = declared.saturating_add(entry.size());
        names.push(entry.name().map_err(|_| damaged())?.into_owned());
    }
    if declared > MAX_INFLATED_BYTES {
        return Err(file(format!(
            "工作簿解压后有 {declared} 字节，超过上限 {MAX_INFLATED_BYTES} 字节：请只保留模板的工作表，数据分几次导入"
        )));
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if !has("xl/workbook.xml") {
        let what = if has("mimetype") && has("content.xml") {
            "这是 OpenDocument 表格（.ods）或其他 OpenDocument 文件，不是 Excel 工作簿：请另存为“Excel 2007-365（.xlsx）”后再导入"
                .to_owned()
        } else if has("xl/workbook.bin") {
            "这是 Excel 二进制工作簿（.xlsb）：请另存为“Excel 工作簿（*.xlsx）”后再导入".to_owned()
        } else if has("word/document.xml") {
            format!("这是 Word 文档，不是 Excel 工作簿：{USE_TEMPLATE}")
        } else {
            format!("这是 zip 压缩包，但不是 Excel 工作簿：{USE_TEMPLATE}")
        };
        return Err(file(what));
    }
    // Inflate every entry once, into nothing, bounded by what it declares: what calamine then
    // reads is no larger than what was counted above.
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| damaged())?;
        let size = entry.size();
        let budget = size.min(MAX_INFLATED_BYTES - total.min(MAX_INFLATED_BYTES));
        let n = std::io::copy(&mut (&mut entry).take(budget.saturating_add(1)), &mut std::io::sink())
            .map_err(|_| damaged())?;
        if n > size {
            return Err(file("工作簿内部的数据解压后比它声明的大，可能是恶意构造的文件（压缩炸弹），已拒绝读取"));
        }
        total = total.saturating_add(n);
        if total > MAX_INFLATED_BYTES {
            return Err(file(format!("工作簿解压后超过上限 {MAX_INFLATED_BYTES} 字节，已拒绝读取")));
        }
    }
    Ok(())
}
