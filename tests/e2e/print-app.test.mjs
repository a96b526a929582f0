// Printing in the real window: 打印 from a filing shows the page rendered in Rust in a print
// preview (a same-origin iframe under the app's strict CSP), masked by default; full data only on
// an explicit click, and then in the history; the dashboard's batch print puts several filings'
// checklists into one job, one sheet each. (The system print dialog itself is not opened here:
// it is modal and would stop the WebDriver session.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

before(startDriver);
after(stopAll);

function seed(dataDir, fixture) {
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, fixture)]);
}

/** The text of the print preview's page, or "" while there is none. */
async function previewText(app) {
  return app.execute(() => document.querySelector('[data-testid="print-preview"]')?.contentDocument?.body?.innerText ?? "");
}

async function previewSheets(app) {
  return app.execute(() => document.querySelector('[data-testid="print-preview"]')?.contentDocument?.querySelectorAll("section.sheet").length ?? 0);
}

async function chooseKind(app, kind) {
  await app.execute((k) => document.querySelector(`[data-testid="print-kind-${k}"]`).closest("label").click(), kind);
}

test("print from a filing: masked preview, full data on request and in the history", async () => {
  const dataDir = newDataDir();
  seed(dataDir, "two-websites.json");
  const app = await launch(dataDir);
  try {
    await (await byTestId(app, "filing-item", 15000)).click();
    await byTestId(app, "filing-title");
    await (await byTestId(app, "print")).click();
    await byTestId(app, "print-dialog");
    await until(app, "the checklist preview", async () => (await previewText(app)).includes("摩根中心A栋20层"), 15000);
    let text = await previewText(app);
    for (const s of ["邮寄资料清单", "阿里云信息认证部", "18586949808", "550081", "不支持到付", "主体证件", "138****5678"]) {
      assert.ok(text.includes(s), `preview lacks ${s}`);
    }
    assert.ok(!text.includes("13812345678"), "masked by default");
    await screenshot(app, "print-preview");

    await chooseKind(app, "sms");
    await until(app, "the SMS sheet", async () => (await previewText(app)).includes("证件号码后六位"));
    assert.ok((await previewText(app)).includes("124571"));

    await chooseKind(app, "summary");
    await until(app, "the summary", async () => (await previewText(app)).includes("负责人签字"));
    // Full data: nothing is rendered (or recorded) until staff click.
    await (await byTestId(app, "print-full")).click();
    await until(app, "the masked preview to go", async () => (await previewText(app)) === "");
    await (await byTestId(app, "print-preview-full")).click();
    await until(app, "the full summary", async () => (await previewText(app)).includes("13812345678"));
    assert.ok((await previewText(app)).includes("330106198503124571"));
    await screenshot(app, "print-preview-full");
    await app.keys("Escape");
    await until(app, "the dialog to close", async () => !(await app.$('[data-testid="print-dialog"]').isExisting()));

    await (await byTestId(app, "step-progress")).click();
    await until(app, "the history entry", async () => (await textOf(app, '[data-testid="history"]')).includes("打印（含完整个人信息）"));
    assert.ok((await textOf(app, '[data-testid="history"]')).includes("打印备案信息确认单（含完整个人信息）"));
  } finally {
    await app.deleteSession();
  }
});

test("batch print: three filings' checklists in one job, one sheet each", async () => {
  const dataDir = newDataDir();
  for (const f of ["two-websites.json", "personal.json", "two-websites.json"]) seed(dataDir, f);
  const app = await launch(dataDir);
  try {
    await byTestId(app, "filing-item", 15000);
    await (await byTestId(app, "batch-start")).click();
    const picks = await app.$$('[data-testid="batch-pick"]');
    assert.equal(picks.length, 3);
    for (const p of picks) await p.click();
    await (await byTestId(app, "batch-print")).click();
    await byTestId(app, "print-dialog");
    await until(app, "three sheets", async () => (await previewSheets(app)) === 3, 15000);
    const text = await previewText(app);
    assert.equal(text.split("阿里云信息认证部").length - 1, 3, "one recipient block per sheet");
    assert.ok(text.includes("李娜"));
    await screenshot(app, "print-batch");
  } finally {
    await app.deleteSession();
  }
});
