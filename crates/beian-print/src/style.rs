//! The pages' one stylesheet: A4 with print margins, a Chinese font stack (Noto Sans CJK SC first:
//! the font Debian and most Linux desktops ship; then the macOS and Windows system fonts), black on
//! white, everything sized in physical units so that screen preview and paper agree.

pub const CSS: &str = r#"
@page { size: A4; margin: 14mm 15mm 14mm 15mm; }
* { box-sizing: border-box; }
html {
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 10pt; line-height: 1.4; color: #000; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
body { margin: 0; }
.sheet { break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
@media screen {
  html { background: #d9d9d9; }
  .sheet { width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 14mm 15mm; background: #fff;
    box-shadow: 0 1px 4px rgba(0,0,0,.3); }
}
h1 { font-size: 18pt; margin: 0; letter-spacing: 1pt; }
h2 { font-size: 11pt; margin: 3.5mm 0 1.5mm; padding-bottom: 0.8mm; border-bottom: 0.4mm solid #000; break-after: avoid; }
p { margin: 1.5mm 0; }
.head { display: flex; justify-content: space-between; align-items: flex-end; gap: 6mm;
  border-bottom: 0.8mm solid #000; padding-bottom: 2mm; }
.head .meta { font-size: 9pt; color: #333; margin-top: 1mm; }
.head .order { text-align: right; font-size: 9pt; white-space: nowrap; }
.head .order b { display: block; font-size: 14pt; font-variant-numeric: tabular-nums; letter-spacing: 0.3pt; }
.privacy { display: inline-block; margin-top: 1mm; padding: 0 2mm; border: 0.3mm solid #000; font-size: 8.5pt; }
.privacy.full { background: #000; color: #fff; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.3mm solid #555; padding: 0.8mm 2mm; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; word-break: break-word; }
th { background: #eee; font-weight: 600; }
table.kv th { width: 34mm; white-space: nowrap; }
table.kv4 { table-layout: fixed; }
table.kv4 col.k { width: 31mm; }
table.kv4 th { white-space: nowrap; overflow: hidden; }
table.kv4 tr.sub th { background: #f6f6f6; }
.nowrap { white-space: nowrap; }
.confirm { break-inside: avoid; }
tr { break-inside: avoid; }
.num { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", "Noto Sans Mono", monospace;
  font-variant-numeric: tabular-nums; letter-spacing: 0.2pt; }
.muted { color: #444; font-size: 9pt; }
.small { font-size: 8.5pt; }
.box { display: inline-block; width: 4.2mm; height: 4.2mm; border: 0.4mm solid #000; vertical-align: -0.8mm; }
.tick { width: 12mm; text-align: center; white-space: nowrap; }
.note-col { width: 48mm; }
.line { display: inline-block; min-width: 38mm; border-bottom: 0.3mm solid #000; height: 5mm; vertical-align: bottom; }
.line.long { min-width: 70mm; }
.grid { display: flex; gap: 5mm; align-items: stretch; }
.grid > .grow { flex: 1; min-width: 0; }
.recipient { border: 0.6mm solid #000; padding: 2.5mm 3.5mm; }
.recipient p { margin: 0.8mm 0; }
.recipient .addr { display: block; font-size: 12.5pt; font-weight: 700; margin: 0.3mm 0 1mm; }
.qr { width: 36mm; text-align: center; flex: none; }
.qr svg { display: block; width: 32mm; height: 32mm; margin: 0 auto; }
.qr .cap { font-size: 8pt; margin-top: 0.5mm; overflow-wrap: anywhere; }
.qr.big { width: 62mm; margin: 0 auto; }
.qr.big svg { width: 62mm; height: 62mm; }
ol, ul { margin: 1mm 0; padding-left: 6mm; }
li { margin: 0.8mm 0; }
.rules li { margin: 0.5mm 0; }
.strong { font-weight: 700; }
.last6 { font-size: 15pt; font-weight: 700; letter-spacing: 1pt; white-space: nowrap; }
.deadline { border: 0.6mm solid #000; padding: 2mm 3mm; font-weight: 700; margin: 2mm 0; }
.warn { border-left: 1.2mm solid #000; padding: 1mm 3mm; margin: 2mm 0; background: #f2f2f2; }
.sign { display: flex; justify-content: space-between; gap: 8mm; margin-top: 5mm; }
.sign div { flex: 1; }
.sign .line { min-width: 0; width: 100%; display: block; height: 11mm; }
.url { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; word-break: break-all;
  text-align: center; margin: 2mm 0 4mm; }
.placeholder { width: 62mm; height: 62mm; margin: 0 auto; border: 0.5mm dashed #000; display: flex;
  align-items: center; justify-content: center; text-align: center; padding: 6mm; font-size: 10pt; }
.site { break-inside: avoid; }
h2 .src { font-size: 8pt; font-weight: normal; color: #444; margin-left: 2mm; }
footer.src { margin-top: 4mm; font-size: 7.5pt; color: #555; }
"#;
