// Print views on paper: `beian print` renders each view to self-contained HTML, headless Chromium
// prints it to PDF, and poppler reads the PDF back (pdftotext, pdfinfo) and turns its pages into
// pictures (pdftoppm, in target/e2e/print/) for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import jsQR from "jsqr";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const OUT = path.join(ROOT, "target/e2e/print");

// The fixtures' personal data, as stored and as masked on paper.
const CREDIT_CODE = "91330106MA2H3K7L3H";
const PRINCIPAL_ID = "330106198503124571";
const PHONE = "13812345678";
const FULL = [CREDIT_CODE, PRINCIPAL_ID, PHONE, "13912345678", "13712345678", "wangwei@yunfan-it.cn"];
const MASKED = ["913301********7L3H", "330106********4571", "138****5678"];

let browser;
let work;
let dataDir;
let orders = [];

function beian(...args) {
  return spawnSync(BEIAN, ["--data-dir", dataDir, ...args], { encoding: "utf8" });
}

function importFixture(file) {
  const out = execFileSync(BEIAN, ["--data-dir", dataDir, "import", file], { encoding: "utf8" });
  return /→ (BA\d{8}-\d{4})/.exec(out)[1];
}

/** `beian print …` to an HTML file; returns its path. */
function printHtml(name, ...args) {
  const file = path.join(work, `${name}.html`);
  const r = beian("print", ...args, "--out", file);
  assert.equal(r.status, 0, `beian print ${args.join(" ")}: ${r.stderr}`);
  return file;
}

/** Prints an HTML file to PDF in Chromium; returns the PDF's text, page count and page size, and
 *  leaves PNGs of its pages in target/e2e/print/. */
async function pdfOf(htmlFile, name) {
  const page = await browser.newPage();
  try {
    await page.goto(`file://${htmlFile}`);
    await page.evaluate(() => document.fonts.ready);
    const pdf = path.join(OUT, `${name}.pdf`);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
    for (const old of fs.readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"))) {
      fs.rmSync(path.join(OUT, old));
    }
    execFileSync("pdftoppm", ["-png", "-r", "60", pdf, path.join(OUT, name)]);
    const pageText = (n) => execFileSync("pdftotext", ["-layout", "-f", String(n), "-l", String(n), pdf, "-"], { encoding: "utf8" });
    return { text, pages, width: Number(size[1]), height: Number(size[2]), pageText, fonts: await fontsOf(page, "h1") };
  } finally {
    await page.close();
  }
}

/** The fonts the browser really drew an element's text with (Chromium embeds CJK fonts in PDFs as
 *  nameless Type 3 fonts, so the PDF cannot tell). */
async function fontsOf(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts.map((f) => f.familyName);
}

/** pdftotext puts spaces between some CJK runs in -layout mode; compare without whitespace. */
const flat = (s) => s.replace(/\s+/g, "");

function assertA4(pdf) {
  assert.ok(Math.abs(pdf.width - 595.3) < 1 && Math.abs(pdf.height - 841.9) < 1, `A4 expected, got ${pdf.width} x ${pdf.height}`);
}

function assertMasked(pdf, what) {
  const text = flat(pdf.text);
  for (const n of FULL) assert.ok(!text.includes(n), `${what} shows ${n} unmasked`);
  assert.ok(text.includes("个人信息已脱敏"), `${what} says it is masked`);
}

/** Decodes every QR code (inline SVG) on the page, in the browser's own rendering. */
async function qrCodesOf(htmlFile) {
  const page = await browser.newPage();
  try {
    await page.goto(`file://${htmlFile}`);
    const images = await page.evaluate(async () => {
      const out = [];
      for (const svg of document.querySelectorAll("svg")) {
        const img = new Image();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = 400;
        canvas.height = 400;
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, 400, 400);
        ctx.drawImage(img, 0, 0, 400, 400);
        out.push(Array.from(ctx.getImageData(0, 0, 400, 400).data));
      }
      return out;
    });
    return images.map((px) => jsQR(Uint8ClampedArray.from(px), 400, 400)?.data ?? null);
  } finally {
    await page.close();
  }
}

before(async () => {
  assert.ok(fs.existsSync(BEIAN), `build the CLI first: cargo build -p beian-cli (${BEIAN})`);
  fs.mkdirSync(OUT, { recursive: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "beian-print-"));
  dataDir = path.join(work, "data");
  orders = [
    importFixture(path.join(FIXTURES, "two-websites.json")),
    importFixture(path.join(FIXTURES, "personal.json")),
    importFixture(path.join(FIXTURES, "two-websites.json")),
  ];
  // Playwright gives the browser a fresh profile of its own (no --user-data-dir allowed here).
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("mailing checklist: the recipient block of guide §7, the items, the order number, masked", async () => {
  const html = printHtml("checklist", "checklist", orders[0]);
  const pdf = await pdfOf(html, "checklist");
  assertA4(pdf);
  assert.equal(pdf.pages, 1, "a checklist fits one page");
  const text = flat(pdf.text);
  for (const s of [
    "贵州省贵阳市观山湖区林城西路8号摩根中心A栋20层", "阿里云信息认证部", "18586949808", "法定工作日9:00-18:00",
    "550081", "不支持到付", "到付快递不签收", "再次邮寄", "主体证件", "主体负责人证件", "网站备案信息真实性核验单",
    "域名证书", orders[0], "138****5678",
  ]) {
    assert.ok(text.includes(flat(s)), `checklist lacks ${s}`);
  }
  assertMasked(pdf, "checklist");
  assert.deepEqual(pdf.fonts, ["Noto Sans CJK SC"], "Chinese set in Noto Sans CJK SC, not a fallback");
  // The QR code carries the order number.
  assert.deepEqual(await qrCodesOf(html), [orders[0]]);
});

test("filing summary for signing: masked by default, full with --full and recorded", async () => {
  const masked = await pdfOf(printHtml("summary", "summary", orders[0]), "summary");
  assertA4(masked);
  const text = flat(masked.text);
  for (const s of [...MASKED, "w***@yunfan-it.cn", "杭州云帆信息技术有限公司", "云帆信息技术官网", "yunfan-service.com", "负责人签字", "盖章"]) {
    assert.ok(text.includes(s), `summary lacks ${s}`);
  }
  assertMasked(masked, "summary");

  const full = await pdfOf(printHtml("summary-full", "summary", "--full", orders[0]), "summary-full");
  const fullText = flat(full.text);
  for (const n of FULL) assert.ok(fullText.includes(n), `full summary lacks ${n}`);
  assert.ok(fullText.includes("含完整个人信息"));
  // The choice is in the filing's history (and only that filing's).
  const events = execFileSync("python3", ["-c", `
import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT f.order_no, e.kind, e.note FROM filing_events e JOIN filings f ON f.id = e.filing_id WHERE e.kind = 'printed_full'").fetchall()
print(json.dumps(rows, ensure_ascii=False))
`, path.join(dataDir, "beian.sqlite3")], { encoding: "utf8" });
  assert.deepEqual(JSON.parse(events), [[orders[0], "printed_full", "打印备案信息确认单（含完整个人信息）"]]);
});

test("SMS sheet: who, which phone (masked), which six characters, 24 hours, the senders", async () => {
  const pdf = await pdfOf(printHtml("sms", "sms", orders[0]), "sms");
  assertA4(pdf);
  assert.equal(pdf.pages, 1);
  const text = flat(pdf.text);
  for (const s of ["王伟", "主体负责人", "网站负责人", "138****5678", "124571", "24小时", "106598051001", "10655113", "106575000130", "备案短信核验"]) {
    assert.ok(text.includes(s), `sms sheet lacks ${s}`);
  }
  assertMasked(pdf, "sms sheet");
});

test("hand-off sheet: the link as a QR code and the photo rules", async () => {
  const url = "https://beian.example.cn/handoff/Zx81?t=abc&n=1";
  const html = printHtml("handoff", "handoff", "--url", url, orders[1]);
  const pdf = await pdfOf(html, "handoff");
  assertA4(pdf);
  assert.equal(pdf.pages, 1);
  const text = flat(pdf.text);
  for (const s of [url, "主体证件", "不可翻拍", "136****1111"]) assert.ok(text.includes(s), `handoff lacks ${s}`);
  assert.ok(!text.includes("13600001111") && !text.includes("110105199003071239"));
  assert.deepEqual(await qrCodesOf(html), [url]);

  const none = await pdfOf(printHtml("handoff-nolink", "handoff", orders[1]), "handoff-nolink");
  assert.ok(flat(none.text).includes("手机上传链接尚未生成"));
  assert.equal(beian("print", "handoff", "--url", "javascript:alert(1)", orders[1], "--out", path.join(work, "x.html")).status, 1);
  assert.ok(!fs.existsSync(path.join(work, "x.html")));
});

test("a batch of three checklists prints three pages, one filing each", async () => {
  const pdf = await pdfOf(printHtml("batch", "checklist", ...orders), "batch");
  assertA4(pdf);
  assert.equal(pdf.pages, 3);
  for (let i = 0; i < 3; i++) {
    const text = flat(pdf.pageText(i + 1));
    assert.ok(text.includes(orders[i]), `page ${i + 1} is ${orders[i]}`);
    for (const j of [0, 1, 2].filter((j) => j !== i)) assert.ok(!text.includes(orders[j]), `page ${i + 1} holds only its filing`);
    assert.ok(text.includes("摩根中心A栋20层"));
  }
  assertMasked(pdf, "batch");
});

test("a hostile subject name is printed as text, never run", async () => {
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, "personal.json"), "utf8"));
  doc.subject.name = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
  const file = path.join(work, "hostile.json");
  fs.writeFileSync(file, JSON.stringify(doc));
  const order = importFixture(file);
  for (const kind of ["checklist", "summary", "sms", "handoff"]) {
    const html = printHtml(`hostile-${kind}`, kind, order);
    const page = await browser.newPage();
    try {
      await page.goto(`file://${html}`);
      assert.equal(await page.evaluate(() => window.__pwned), undefined, kind);
      assert.equal(await page.locator("script, img").count(), 0, kind);
      assert.ok((await page.textContent("body")).includes("<script>window.__pwned=1</script>"), kind);
    } finally {
      await page.close();
    }
  }
});
