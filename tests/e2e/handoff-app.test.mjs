// 手机拍照上传 through the real app: the upload step's button starts a hand-off (kept on loopback by
// BEIAN_HANDOFF_ADDRESS), the dialog shows the QR code — which decodes to the link — and the time
// left; a phone (headless Chromium as a Pixel 7) opens the link and sends a photo, which appears in
// the dialog live; staff send it back (removed from the filing, the phone is told) and close the
// dialog (the link stops working). Screenshots in target/e2e/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import os from "node:os";
import fs from "node:fs";
import { chromium, devices } from "playwright-core";
import jsQR from "jsqr";

// Before the driver starts, so that the app it launches inherits it.
process.env.BEIAN_HANDOFF_ADDRESS = "127.0.0.1";
const { ROOT, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, until } = await import("./lib/app.mjs");

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

let browser;
let work;

before(async () => {
  execFileSync("cargo", ["build", "--quiet", "-p", "beian-handoff", "--examples"], { cwd: ROOT, stdio: "inherit" });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "beian-handoff-app-"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
  await startDriver();
});

after(async () => {
  await browser?.close();
  stopAll();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function attachments(dataDir) {
  const bin = path.join(ROOT, "target/debug/examples/attachments");
  return JSON.parse(execFileSync(bin, ["--data-dir", dataDir, "--filing", "1"], { encoding: "utf8" }));
}

/** Decodes the QR code of an image URL in the browser's own rendering. */
async function decodeQr(src) {
  const page = await browser.newPage();
  try {
    const pixels = await page.evaluate(async (url) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = c.height = 400;
      const g = c.getContext("2d");
      g.fillStyle = "#fff";
      g.fillRect(0, 0, 400, 400);
      g.drawImage(img, 0, 0, 400, 400);
      return Array.from(g.getImageData(0, 0, 400, 400).data);
    }, src);
    return jsQR(Uint8ClampedArray.from(pixels), 400, 400)?.data ?? null;
  } finally {
    await page.close();
  }
}

test("the dialog shows the QR code, a phone's photo arrives live, staff send it back, closing stops the link", async () => {
  const dataDir = newDataDir();
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, "personal.json")]);
  const app = await launch(dataDir);
  (await byTestId(app, "filing-item", 15000)).click();
  await byTestId(app, "filing-title");
  await (await byTestId(app, "step-upload")).click();
  await (await byTestId(app, "handoff-open")).click();
  await byTestId(app, "handoff-dialog");
  const urlEl = await byTestId(app, "handoff-url", 15000);
  const url = (await urlEl.getText()).trim();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/h\/[0-9a-f]{32}$/);
  const qr = await (await byTestId(app, "handoff-qr")).getAttribute("src");
  assert.equal(await decodeQr(qr), url, "the QR code carries the link");
  assert.match(await (await byTestId(app, "handoff-time")).getText(), /1[45]:\d\d/);
  const dialogText = await (await byTestId(app, "handoff-dialog")).getText();
  assert.ok(dialogText.includes("主体证件"), dialogText);

  // The phone.
  const context = await browser.newContext({ ...devices["Pixel 7"], locale: "zh-CN" });
  const phone = await context.newPage();
  try {
    await phone.goto(url);
    await until(app, "phone opened", async () => (await (await byTestId(app, "handoff-phone")).getText()).includes("已打开"));
    const photo = path.join(work, "身份证正面.jpg");
    execFileSync("convert", ["-size", "1200x800", "-seed", "5", "plasma:", "-quality", "90", photo]);
    const slot = phone.locator('[data-slot="subject_certificate"]');
    await slot.locator("input[capture]").setInputFiles(photo);
    await slot.locator("li.pending", { hasText: "身份证正面.jpg" }).waitFor();

    // Live in the dialog, already in the filing.
    await byTestId(app, "handoff-photo", 15000);
    await until(app, "thumbnail", async () =>
      app.execute(() => (document.querySelector('[data-testid="handoff-photo"] img')?.naturalWidth ?? 0) > 0),
    );
    assert.equal(attachments(dataDir).length, 1);
    // Shown on purpose (thumbnails are blurred until clicked), for the screenshot.
    await app.execute(() => document.querySelector('[data-testid="handoff-photo"] .thumb').click());
    await screenshot(app, "handoff-dialog");

    // 退回: removed from the filing; the phone is told to retake.
    await (await byTestId(app, "handoff-reject")).click();
    await until(app, "sent back", async () => (await app.execute(() => document.querySelector('[data-testid="handoff-photo"]').className)).includes("rejected"));
    assert.deepEqual(attachments(dataDir), []);
    await phone.reload();
    await phone.getByText("已退回，请重新拍摄").waitFor();

    // Closing the dialog stops the hand-off: the link no longer answers.
    await (await byTestId(app, "handoff-close")).click();
    await until(app, "dialog closed", async () => (await app.$('[data-testid="handoff-dialog"]').isExisting()) === false);
    await until(app, "server stopped", async () => {
      try {
        await fetch(url);
        return false;
      } catch {
        return true;
      }
    });
  } finally {
    await context.close();
    await app.deleteSession();
  }
});
