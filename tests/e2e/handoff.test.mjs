// Mobile hand-off in a real browser: headless Chromium emulating a Pixel 7 (viewport, user agent,
// touch) opens the hand-off link served by beian-handoff's `serve` example on loopback, photographs
// (uploads JPEGs made here with ImageMagick) into the material slots, and the photos are then in the
// filing in the database, processed like desktop attachments. The same without JavaScript (plain
// forms, as a locked-down in-app browser). Screenshots land in target/e2e/handoff/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { chromium, devices } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BEIAN = path.join(ROOT, "target/debug/beian");
const EXAMPLES = path.join(ROOT, "target/debug/examples");
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const OUT = path.join(ROOT, "target/e2e/handoff");

let browser;
let work;
const servers = [];

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  execFileSync("cargo", ["build", "--quiet", "-p", "beian-cli", "-p", "beian-handoff", "--examples", "--bin", "beian"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "beian-handoff-e2e-"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", // Playwright gives each launch a fresh profile
    ],
  });
});

after(async () => {
  await browser?.close();
  for (const s of servers) if (s.exitCode === null) s.kill("SIGTERM");
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh data directory with one imported fixture; returns [dataDir, orderNo]. */
function seed(fixture) {
  const dataDir = fs.mkdtempSync(path.join(work, "data-"));
  const out = execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, fixture)], { encoding: "utf8" });
  return [dataDir, /→ (BA\d{8}-\d{4})/.exec(out)[1]];
}

/** Starts the hand-off server for a filing (loopback only); resolves with the session it prints and
 *  the events that follow. */
async function serve(dataDir, order) {
  const child = spawn(path.join(EXAMPLES, "serve"), ["--data-dir", dataDir, "--filing", order, "--bind", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  servers.push(child);
  const lines = readline.createInterface({ input: child.stdout });
  const events = [];
  const session = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    lines.on("line", (line) => {
      const v = JSON.parse(line);
      if (v.url) resolve(v);
      else events.push(v);
    });
  });
  return { child, session, events };
}

function attachments(dataDir, order) {
  const out = execFileSync(path.join(EXAMPLES, "attachments"), ["--data-dir", dataDir, "--filing", order], {
    encoding: "utf8",
  });
  return JSON.parse(out);
}

/** A JPEG made by ImageMagick (a busy colour picture, so that it is neither blank nor gray). */
function jpeg(name, size, seed) {
  const file = path.join(work, name);
  execFileSync("convert", ["-size", size, "-seed", String(seed), "plasma:", "-quality", "90", file]);
  return file;
}

/** The same JPEG with an EXIF block saying "rotate 90° clockwise to display" (orientation 6). */
function withOrientation6(src, name) {
  const jpg = fs.readFileSync(src);
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, // Orientation = 6
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "binary"), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  const file = path.join(work, name);
  fs.writeFileSync(file, Buffer.concat([jpg.subarray(0, 2), app1, jpg.subarray(2)]));
  return file;
}

async function phone(options = {}) {
  const context = await browser.newContext({ ...devices["Pixel 7"], locale: "zh-CN", ...options });
  return { context, page: await context.newPage() };
}

async function shot(page, name) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

test("a phone (Pixel 7, JavaScript on) photographs the certificates into the filing", async () => {
  const [dataDir, order] = seed("personal.json");
  const { child, session, events } = await serve(dataDir, order);
  assert.match(session.url, /^http:\/\/127\.0\.0\.1:\d+\/h\/[0-9a-f]{32}$/);
  assert.deepEqual(session.slots.map((s) => s.code), ["subject_certificate"]);

  const { context, page } = await phone();
  try {
    const response = await page.goto(session.url);
    assert.ok((await page.evaluate(() => navigator.userAgent)).includes("Pixel 7"));
    assert.ok((await page.evaluate(() => navigator.maxTouchPoints)) > 0, "touch is emulated");
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-security-policy"], /default-src 'none'/);
    await page.getByText("拍照上传备案资料").waitFor();
    const slot = page.locator('[data-slot="subject_certificate"]');
    await slot.getByText("主体证件").waitFor();
    assert.equal(await slot.locator('input[capture="environment"][accept="image/*"]').count(), 1);
    // Mobile-first: nothing wider than the phone's screen.
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await shot(page, "phone-page");

    // Front, with an EXIF orientation (as phones write it), then back.
    const front = withOrientation6(jpeg("plasma-front.jpg", "1200x800", 1), "身份证正面.jpg");
    await slot.locator("input[capture]").setInputFiles(front);
    await slot.locator("li.pending", { hasText: "身份证正面.jpg" }).waitFor();
    const back = jpeg("IMG_20261128_0002.jpg", "1000x700", 2);
    await slot.locator("input:not([capture])[type=file]").setInputFiles(back);
    await slot.locator("li.pending", { hasText: "IMG_20261128_0002.jpg" }).waitFor();
    // Not a photo, whatever the name says: refused on the page, nothing stored.
    const fake = path.join(work, "营业执照.jpg");
    fs.writeFileSync(fake, "这不是图片\n".repeat(50));
    await slot.locator("input[capture]").setInputFiles(fake);
    const refused = slot.locator("li.bad", { hasText: "营业执照.jpg" });
    await refused.waitFor();
    assert.match(await refused.textContent(), /这不是照片/);
    await shot(page, "phone-uploaded");

    await page.getByRole("button", { name: "全部拍完，完成" }).click();
    await page.getByText("已完成").waitFor();
    assert.match(await page.textContent("body"), /本次共上传 2 张照片/);
    await shot(page, "phone-done");
  } finally {
    await context.close();
  }

  // In the filing, in the database: processed exactly like a desktop attachment.
  const list = attachments(dataDir, order);
  assert.equal(list.length, 2, JSON.stringify(list));
  const front = list.find((a) => a.original_name === "身份证正面.jpg");
  assert.ok(front, JSON.stringify(list));
  assert.equal(front.material_code, "subject_certificate");
  assert.equal(front.mime, "image/jpeg");
  assert.deepEqual([front.width, front.height], [800, 1200], "EXIF orientation applied");
  assert.equal(front.file_exists, true);
  const stored = fs.readFileSync(path.join(dataDir, "attachments", front.sha256.slice(0, 2), front.sha256.slice(2)));
  assert.equal(stored.includes(Buffer.from("Exif")), false, "metadata stripped");
  assert.ok(list.some((a) => a.original_name === "IMG_20261128_0002.jpg"));

  // The desktop heard every step.
  const kinds = events.map((e) => e.kind);
  for (const k of ["opened", "received", "refused", "done"]) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  assert.equal(events.filter((e) => e.kind === "received").length, 2);
  child.kill("SIGTERM");
});

test("without JavaScript (a locked-down in-app browser) plain forms upload, with errors at the slot", async () => {
  const [dataDir, order] = seed("two-websites.json");
  const { child, session } = await serve(dataDir, order);
  const { context, page } = await phone({ javaScriptEnabled: false });
  try {
    await page.goto(session.url);
    const codes = await page.locator("[data-slot]").evaluateAll((els) => els.map((e) => e.dataset.slot));
    assert.ok(codes.length >= 2, `one slot per missing material: ${codes}`);
    assert.deepEqual(codes, session.slots.map((s) => s.code));
    const first = page.locator(`[data-slot="${codes[0]}"]`);
    await first.locator("input[capture]").setInputFiles(jpeg("licence.jpg", "1600x1100", 3));
    await first.getByRole("button", { name: "上传" }).click();
    await page.waitForURL(/\?ok=/);
    await page.getByText("等待工作人员确认").first().waitFor();
    await first.locator("li.pending", { hasText: "licence.jpg" }).waitFor();

    // Submitting with no photo chosen: the page again, the message at the slot.
    const second = page.locator(`[data-slot="${codes[1]}"]`);
    await second.getByRole("button", { name: "上传" }).click();
    assert.equal(await page.evaluate(() => document.title), "拍照上传备案资料");
    await second.locator(".err", { hasText: "请先拍摄或选择一张照片" }).waitFor();
    await shot(page, "phone-nojs");
  } finally {
    await context.close();
  }
  const list = attachments(dataDir, order);
  assert.equal(list.length, 1, JSON.stringify(list));
  assert.equal(list[0].material_code, session.slots[0].code);
  assert.equal(list[0].original_name, "licence.jpg");
  child.kill("SIGTERM");
});

test("a wrong or foreign link shows a clear page and stores nothing", async () => {
  const [dataDir, order] = seed("personal.json");
  const { child, session } = await serve(dataDir, order);
  const { context, page } = await phone();
  try {
    const wrong = session.url.replace(/[0-9a-f]$/, (c) => (c === "0" ? "1" : "0"));
    const r = await page.goto(wrong);
    assert.equal(r.status(), 404);
    await page.getByText("链接无效").first().waitFor();
    // Reached through another name than the bound address: 421.
    const port = new URL(session.url).port;
    const other = await page.goto(session.url.replace("127.0.0.1", "localhost"));
    assert.equal(other.status(), 421, `via localhost:${port}`);
  } finally {
    await context.close();
  }
  assert.deepEqual(attachments(dataDir, order), []);
  child.kill("SIGTERM");
});
