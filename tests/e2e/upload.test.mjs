// The 上传资料 step in the real app: files attached (as the native dialog hands them over: absolute
// paths, through the same command), thumbnails per material slot, quality warnings, a PDF with its
// first-page preview, the large preview, remove with undo.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

before(startDriver);
after(stopAll);

/** A one-page PDF holding a JPEG (what a scanner's "scan to PDF" writes). */
function scannedPdf(jpegPath, out) {
  const jpeg = readFileSync(jpegPath);
  const w = jpeg.readUInt16BE(jpeg.indexOf(Buffer.from([0xff, 0xc0])) + 7);
  const h = jpeg.readUInt16BE(jpeg.indexOf(Buffer.from([0xff, 0xc0])) + 5);
  const content = `q 595 0 0 ${Math.round((595 * h) / w)} 0 ${842 - Math.round((595 * h) / w)} cm /Im0 Do Q`;
  const parts = [Buffer.from("%PDF-1.4\n")];
  const offsets = [];
  let length = parts[0].length;
  const add = (chunks) => {
    offsets.push(length);
    for (const c of chunks) {
      const b = Buffer.isBuffer(c) ? c : Buffer.from(c);
      parts.push(b);
      length += b.length;
    }
  };
  add(["1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"]);
  add(["2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"]);
  add(["3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>\nendobj\n"]);
  add([`4 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`]);
  add([`5 0 obj\n<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, jpeg, "\nendstream\nendobj\n"]);
  const xref = length;
  let table = `xref\n0 6\n0000000000 65535 f \n`;
  for (const o of offsets) table += `${String(o).padStart(10, "0")} 00000 n \n`;
  parts.push(Buffer.from(`${table}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  writeFileSync(out, Buffer.concat(parts));
}

/** Calls attach_files from the page, as UploadStep does with the paths the dialog returns. */
async function attach(app, filingId, materialCode, paths) {
  return app.execute(
    (id, code, files) => {
      const internals = window.__TAURI_INTERNALS__;
      const channel = `__CHANNEL__:${internals.transformCallback(() => {})}`;
      return internals.invoke("attach_files", { filingId: id, materialCode: code, paths: files, onProgress: channel });
    },
    filingId,
    materialCode,
    paths,
  );
}

const count = (app) => app.execute(() => document.querySelectorAll('[data-testid="attachment"]').length);

test("attached scans show per material with warnings, preview, and remove with undo", async () => {
  const dataDir = newDataDir();
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, "personal.json")]);
  const pdf = path.join(dataDir, "域名证书.pdf");
  scannedPdf(path.join(FIXTURES, "scan-id-colour.jpg"), pdf);

  const app = await launch(dataDir);
  (await byTestId(app, "filing-item", 15000)).click();
  await byTestId(app, "filing-title");
  await (await byTestId(app, "step-upload")).click();
  await byTestId(app, "slot-subject_certificate");
  const filingId = 1; // the only filing of a fresh data directory

  const panel = () => app.execute(() => document.querySelector('[data-testid="diagnostics-panel"]').textContent);
  await until(app, "the missing 主体证件 reported", async () => /还缺少资料：主体证件/.test(await panel()));
  const r1 = await attach(app, filingId, "subject_certificate", [path.join(FIXTURES, "scan-id-colour.jpg")]);
  assert.equal(r1.attached.length, 1, JSON.stringify(r1));
  const r2 = await attach(app, filingId, "verification_form", [path.join(FIXTURES, "scan-form-gray.jpg"), "../../etc/passwd.jpg"]);
  assert.equal(r2.attached.length, 1, JSON.stringify(r2));
  assert.match(r2.failed[0].message, /文件路径无效/);
  const r3 = await attach(app, filingId, "domain_certificate", [pdf]);
  assert.equal(r3.attached[0].kind, "pdf", JSON.stringify(r3));
  assert.equal(r3.attached[0].has_preview, true);

  // Leave the step and come back: the slots load what the store has.
  await (await byTestId(app, "step-type")).click();
  await (await byTestId(app, "step-upload")).click();
  await until(app, "three attachments", async () => (await count(app)) === 3, 15000);
  // The findings follow the attachments without an edit to the document, and so does the list.
  await until(app, "no 主体证件 missing any more", async () => !/还缺少资料：主体证件/.test(await panel()));
  await until(app, "the list without 缺 N 项资料", async () =>
    !/缺 \d+ 项资料/.test(await app.execute(() => document.querySelector('[data-testid="filing-list"]').textContent)));
  await until(app, "thumbnails", async () =>
    app.execute(() => [...document.querySelectorAll('[data-testid="attachment"] img')].every((i) => i.complete && i.naturalWidth > 0) && document.querySelectorAll('[data-testid="attachment"] img').length === 3),
  );
  const warnings = await app.execute(() => [...document.querySelectorAll('[data-testid="quality-warning"]')].map((e) => e.textContent));
  assert.ok(warnings.some((w) => w.includes("黑白或灰度")), JSON.stringify(warnings));
  const summary = await app.execute(() => document.querySelector('[data-testid="materials-summary"]').textContent);
  assert.match(summary, /必需资料已齐全|尚缺必需资料/);
  await screenshot(app, "upload-step");

  // Large preview of the PDF's first page.
  await app.execute(() => document.querySelector('[data-testid="slot-domain_certificate"] .thumb').click());
  await byTestId(app, "preview");
  await until(app, "preview image", async () => app.execute(() => (document.querySelector('[data-testid="preview"] img')?.naturalWidth ?? 0) > 1000));
  await screenshot(app, "upload-preview");
  await app.execute(() => document.querySelector('[data-testid="preview"] header button').click());

  // Remove, then undo.
  await app.execute(() => document.querySelector('[data-testid="slot-verification_form"] [data-testid="remove-attachment"]').click());
  await byTestId(app, "undo-bar");
  await until(app, "two attachments", async () => (await count(app)) === 2);
  await (await byTestId(app, "undo")).click();
  await until(app, "three attachments again", async () => (await count(app)) === 3);
  await app.deleteSession();
});
