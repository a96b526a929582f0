// 识别证件 in the real app: an ID-card scan drawn with ImageMagick is attached to the subject's
// certificate of a personal filing; its card in the upload step offers 识别证件 (the OCR runtime and
// models are the app's resources, copied next to the binary by tauri-build); the dialog reads it
// offline, shows the name and the number (masked until revealed) beside the current values; staff
// accept the two, and the subject step's fields hold them, unsaved until Ctrl+S like any edit.
// Screenshot: target/e2e/ocr-dialog.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, until, textOf } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

before(startDriver);
after(stopAll);

/** A GB 11643 resident ID number from its 17-digit body. */
function residentId(body) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + "10X98765432"[sum % 11];
}

/** The front of a resident ID card, 1012×638, labels in blue and values in black. */
function idCard(out, name, number) {
  const text = [
    ["#3a6ea5", 28, 60, 110, "姓 名"], ["#3a6ea5", 28, 60, 190, "性 别"], ["#3a6ea5", 28, 300, 190, "民 族"],
    ["#3a6ea5", 28, 60, 270, "出 生"], ["#3a6ea5", 28, 60, 350, "住 址"], ["#3a6ea5", 28, 60, 540, "公民身份号码"],
    ["black", 34, 180, 112, name], ["black", 34, 180, 192, "男"], ["black", 34, 420, 192, "汉"],
    ["black", 34, 180, 272, "1988 年 5 月 12 日"], ["black", 34, 180, 352, "浙江省杭州市西湖区文三路100号"],
    ["black", 38, 300, 542, number],
  ];
  const args = ["-size", "1012x638", "xc:#eef3f7", "-font", FONT];
  for (const [fill, size, x, y, t] of text) args.push("-fill", fill, "-pointsize", String(size), "-annotate", `+${x}+${y}`, t);
  execFileSync("convert", [...args, out]);
  return out;
}

const row = (app, p, part) => textOf(app, `[data-testid="ocr-row"][data-path="${p}"] [data-testid="${part}"]`);

test("a scanned ID card fills the subject's name and number after 采用", async () => {
  const dataDir = newDataDir();
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, "personal.json")]);
  const number = residentId("33010619880512001");
  const scan = idCard(path.join(dataDir, "身份证正面.jpg"), "王小明", number);

  const app = await launch(dataDir);
  (await byTestId(app, "filing-item", 15000)).click();
  await byTestId(app, "filing-title");
  await (await byTestId(app, "step-upload")).click();
  await byTestId(app, "slot-subject_certificate");
  const report = await app.execute((file) => {
    const internals = window.__TAURI_INTERNALS__;
    const channel = `__CHANNEL__:${internals.transformCallback(() => {})}`;
    return internals.invoke("attach_files", { filingId: 1, materialCode: "subject_certificate", paths: [file], onProgress: channel });
  }, scan);
  assert.equal(report.attached.length, 1, JSON.stringify(report));
  // Come back to the step: the card shows the scan, and 识别证件 beside it (OCR is installed).
  await (await byTestId(app, "step-type")).click();
  await (await byTestId(app, "step-upload")).click();
  await until(app, "识别证件 on the subject's certificate", async () =>
    app.execute(() => !!document.querySelector('[data-testid="slot-subject_certificate"] [data-testid="ocr-open"]')), 15000);
  const buttons = await app.execute(() => document.querySelectorAll('[data-testid="ocr-open"]').length);
  assert.equal(buttons, 1, "识别证件 only beside the certificate scan");

  await app.execute(() => document.querySelector('[data-testid="slot-subject_certificate"] [data-testid="ocr-open"]').click());
  await byTestId(app, "ocr-dialog");
  await byTestId(app, "ocr-table", 30000);
  assert.equal(await textOf(app, '[data-testid="ocr-kind"]'), "居民身份证");
  const paths = await app.execute(() => [...document.querySelectorAll('[data-testid="ocr-row"]')].map((r) => r.dataset.path));
  assert.deepEqual(paths, ["subject.name", "subject.cert_type", "subject.cert_number", "subject.cert_address"]);
  assert.equal(await row(app, "subject.name", "ocr-current"), "李娜");
  assert.equal(await row(app, "subject.name", "ocr-proposed"), "王小明");
  // Numbers masked by default (beian_core::mask), current and proposed.
  assert.equal(await row(app, "subject.cert_number", "ocr-current"), "110105********1239");
  assert.equal(await row(app, "subject.cert_number", "ocr-proposed"), "330106********0015");
  assert.match(await row(app, "subject.cert_number", "ocr-confidence"), /^\d+%$/);
  assert.match(await textOf(app, '[data-testid="ocr-row"][data-path="subject.cert_type"] td:last-child'), /已一致/);
  // Nothing is in the draft yet.
  assert.equal(await textOf(app, '[data-testid="save-state"]'), "已保存");
  await screenshot(app, "ocr-dialog");

  // The first 采用 has the focus: Enter accepts the name.
  const focused = await app.execute(() => document.activeElement?.closest('[data-testid="ocr-row"]')?.dataset.path ?? null);
  assert.equal(focused, "subject.name");
  await app.keys("Enter");
  await until(app, "name accepted", async () => (await textOf(app, '[data-testid="ocr-row"][data-path="subject.name"] td:last-child')).includes("已采用"));
  await app.execute(() => document.querySelector('[data-testid="ocr-row"][data-path="subject.cert_number"] [data-testid="ocr-accept"]').click());
  await until(app, "number accepted", async () => (await textOf(app, '[data-testid="ocr-row"][data-path="subject.cert_number"] td:last-child')).includes("已采用"));
  assert.equal(await textOf(app, '[data-testid="save-state"]'), "有未保存的修改");

  // Shown in full on request (recorded in the audit trail first).
  await app.execute(() => document.querySelector('[data-testid="ocr-reveal"]').click());
  await until(app, "full number", async () => (await row(app, "subject.cert_number", "ocr-proposed")) === number);
  await screenshot(app, "ocr-dialog-accepted");

  // Esc closes; the subject step's fields hold what was accepted; the address was not taken.
  await app.keys("Escape");
  await until(app, "dialog closed", async () => app.execute(() => !document.querySelector('[data-testid="ocr-dialog"]')));
  await (await byTestId(app, "step-subject")).click();
  await byTestId(app, "subject-step");
  assert.equal(await app.execute(() => document.querySelector("#s-name").value), "王小明");
  assert.equal(await app.execute(() => document.querySelector("#s-cert-number").value), number);
  assert.equal(await app.execute(() => document.querySelector("#s-cert-address").value), "北京市朝阳区建国路88号");
  await app.deleteSession();
});
