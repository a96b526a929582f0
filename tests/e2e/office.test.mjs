// The office around the filings, in the real window: the dashboard tiles above the list agree with
// `beian due --json` (the same use case through the CLI), overdue in red; the Today view filters by
// tile, opens a filing from its row, and exports the calendar file through the real save dialog;
// the review-time chart has a row per figure of `beian stats --json`. Excel: the intake template,
// filled by a client's other implementation (Python's openpyxl), is picked in the real open dialog,
// previewed with the rulebook's findings, imported as a draft and opened; the list exported through
// the save dialog and read back by openpyxl, masked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, answerFileDialog, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, textsOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
// Debian's Python, which has python3-openpyxl (scripts/setup.sh); a pyenv shim may shadow it.
const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

before(startDriver);
after(stopAll);

const beian = (dataDir, ...args) => execFileSync(BEIAN, ["--data-dir", dataDir, ...args]).toString();

/** Fills the template's 主体 and 服务 sheets by their headers, as a client's office suite would. */
function fillTemplate(template, out, subject, service) {
  const py = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for sheet, row in (("主体", json.loads(sys.argv[3])), ("服务", json.loads(sys.argv[4]))):
    ws = wb[sheet]
    heads = [c.value for c in ws[1]]
    for header, value in row.items():
        cell = ws.cell(row=2, column=heads.index(header) + 1)
        cell.value = value
        cell.number_format = "@"
wb.save(sys.argv[2])
`;
  execFileSync(PYTHON, ["-c", py, template, out, JSON.stringify(subject), JSON.stringify(service)]);
}

/** Every cell of a workbook's first sheet, read by openpyxl, as text rows. */
function readWorkbook(file) {
  const py = "import json,sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print(json.dumps([[('' if c is None else str(c)) for c in r] for r in ws.iter_rows(values_only=True)], ensure_ascii=False))";
  return JSON.parse(execFileSync(PYTHON, ["-c", py, file]).toString());
}

/** Clicks the Today view's "show more" until every row is drawn. */
async function showAllDue(app) {
  for (;;) {
    const more = await app.$$('[data-testid="due-more"]');
    if (more.length === 0) return;
    const before = (await app.$$('[data-testid="due-item"]')).length;
    await more[0].click();
    await until(app, "more rows", async () => (await app.$$('[data-testid="due-item"]')).length > before);
  }
}

test("the dashboard, the Today view and the review chart say what the CLI says", async () => {
  const dataDir = newDataDir();
  beian(dataDir, "demo", "--count", "600", "--seed", "9");
  const due = JSON.parse(beian(dataDir, "due", "--json"));
  const stats = JSON.parse(beian(dataDir, "stats", "--json"));
  // Demo orders came in over the last 50 days: some are overdue, some due within the week; a busy
  // office: more deadlines than the view draws at first.
  assert.ok(due.counts.overdue > 0 && due.counts.week > 0, JSON.stringify(due.counts));
  const app = await launch(dataDir);
  try {
    await byTestId(app, "today-view", 15000);
    // The list draws its first 20 rows (of the 500 it holds), and more as it scrolls down.
    await until(app, "the list's first rows", async () => (await app.$$('[data-testid="filing-item"]')).length === 20);
    assert.match(await textOf(app, '[data-testid="list-more"]'), /其余 480 条/);
    await app.execute(() => {
      const list = document.querySelector('[data-testid="filing-list"]');
      list.scrollTop = list.scrollHeight;
    });
    await until(app, "more rows drawn", async () => (await app.$$('[data-testid="filing-item"]')).length > 20);
    // The first 50 rows at first, then 50 more per click.
    await until(app, "the first rows", async () => (await app.$$('[data-testid="due-item"]')).length === Math.min(50, due.items.length));
    assert.ok(due.items.length > 50, `enough deadlines to page: ${due.items.length}`);
    assert.match(await textOf(app, '[data-testid="due-more"]'), new RegExp(`还有 ${due.items.length - 50} 条`));
    await showAllDue(app);
    assert.equal((await app.$$('[data-testid="due-item"]')).length, due.items.length);
    assert.equal(await textOf(app, '[data-testid="tile-overdue"] b'), String(due.counts.overdue));
    assert.equal(await textOf(app, '[data-testid="tile-today"] b'), String(due.counts.today));
    assert.equal(await textOf(app, '[data-testid="tile-week"] b'), String(due.counts.week));
    // Overdue is red: the tile and every overdue row's date are in the danger colour.
    const colours = await app.execute(() => {
      const danger = getComputedStyle(document.documentElement).getPropertyValue("--danger").trim();
      const probe = document.createElement("span");
      probe.style.color = danger;
      document.body.append(probe);
      const red = getComputedStyle(probe).color;
      probe.remove();
      const colour = (el) => getComputedStyle(el).color;
      return {
        red,
        tile: colour(document.querySelector('[data-testid="tile-overdue"] b')),
        overdue: [...document.querySelectorAll('tr.overdue .when')].map(colour),
        other: [...document.querySelectorAll('[data-testid="due-item"]:not(.overdue) .when')].map(colour),
      };
    });
    assert.equal(colours.tile, colours.red);
    assert.equal(colours.overdue.length, due.counts.overdue);
    assert.ok(colours.overdue.every((c) => c === colours.red), JSON.stringify(colours));
    assert.ok(colours.other.every((c) => c !== colours.red), JSON.stringify(colours));
    // The view lists what the CLI lists, nearest first.
    assert.equal((await app.$$('[data-testid="due-item"]')).length, due.items.length);
    const orders = await textsOf(app, '[data-testid="due-open"]');
    assert.deepEqual(orders, due.items.map((i) => i.order_no));
    // The chart: a row per figure.
    assert.equal((await app.$$('[data-testid="stats-row"]')).length, stats.figures.length);
    await screenshot(app, "today-view");

    // A tile filters the view; a row opens its filing; another tile comes back to the view.
    await (await byTestId(app, "tile-week")).click();
    await until(app, "the week tab", async () => (await (await byTestId(app, "due-tab-week")).getAttribute("aria-selected")) === "true");
    const week = due.items.filter((i) => !i.reminder.overdue && i.reminder.days_left < 7);
    await showAllDue(app);
    assert.equal((await app.$$('[data-testid="due-item"]')).length, week.length);
    await (await byTestId(app, "tile-overdue")).click();
    await until(app, "the overdue rows", async () => (await app.$$('[data-testid="due-item"]')).length === Math.min(50, due.counts.overdue));
    await showAllDue(app);
    assert.equal((await app.$$('[data-testid="due-item"]')).length, due.counts.overdue);
    const first = due.items.find((i) => i.reminder.overdue);
    await (await byTestId(app, "due-open")).click();
    await until(app, "the filing opened", async () => (await textOf(app, '[data-testid="order-no"]')).includes(first.order_no));
    await (await byTestId(app, "tile-all")).click();
    await byTestId(app, "today-view");

    // The calendar file, through the real save dialog: one event per deadline.
    const ics = path.join(dataDir, "deadlines.ics");
    await (await byTestId(app, "export-ics")).click();
    await answerFileDialog(ics, 10000, { save: true });
    await until(app, "the file written", async () => fs.existsSync(ics) && fs.statSync(ics).size > 0, 10000);
    const text = fs.readFileSync(ics, "utf8");
    assert.equal(text.match(/BEGIN:VEVENT/g)?.length, due.items.length);
    assert.match(text, new RegExp(first.order_no));
  } finally {
    await app.deleteSession();
  }
});

test("a client's workbook is previewed, imported as a draft, and the list exported masked", async () => {
  const dataDir = newDataDir();
  const template = path.join(dataDir, "intake-template.xlsx");
  beian(dataDir, "template", "--xlsx", template);
  const filled = path.join(dataDir, "client.xlsx");
  const id = "33010619900101123X";
  fillTemplate(template, filled, {
    "序号": "1", "主办单位性质": "个人", "主办单位名称": "张三", "主办单位证件类型": "居民身份证", "主办单位证件号码": id,
    "省份": "浙江省", "城市": "杭州市", "区县": "西湖区", "证件住所": "浙江省杭州市西湖区文三路100号",
    "通讯地址": "浙江省杭州市西湖区文三路100号3幢201室", "投资人或主管单位": "张三", "负责人姓名": "张三",
    "负责人证件类型": "居民身份证", "负责人证件号码": id, "联系方式1（手机）": "13800000000",
    "应急联系电话": "13900000000", "电子邮件": "zhangsan@example.com", "备案类型": "首次备案",
  }, {
    // A forum in a personal site's name: the rulebook finds it, per row, before anything is stored.
    "主体序号": "1", "服务类型": "网站", "服务名称": "张三的论坛", "服务域名": "example.com",
    "服务首页URL": "http://www.example.com", "产品类型": "云服务器 ECS", "实例 ID": "i-bp1abcdefghijk",
  });
  const app = await launch(dataDir);
  try {
    await (await byTestId(app, "sheet-open", 15000)).click();
    await byTestId(app, "sheet-dialog");
    await (await byTestId(app, "sheet-pick")).click();
    await answerFileDialog(filled);
    await byTestId(app, "sheet-preview-filing", 15000);
    const preview = await textOf(app, '[data-testid="sheet-preview"]');
    assert.match(preview, /张三/);
    const findings = await textsOf(app, '[data-testid="sheet-finding"]');
    assert.ok(findings.some((f) => /服务 ([A-Z]+2|第 2 行)/.test(f)), findings.join("\n"));
    assert.ok(findings.some((f) => /论坛/.test(f)), findings.join("\n"));
    assert.equal(JSON.parse(beian(dataDir, "list", "--json")).total ?? 0, 0, "a preview stores nothing");
    await screenshot(app, "sheet-preview");
    await (await byTestId(app, "sheet-import")).click();
    await until(app, "imported", async () => (await textOf(app, '[data-testid="sheet-notice"]')).includes("已导入 1 个草稿"));
    await (await byTestId(app, "sheet-close")).click();
    await until(app, "the draft opened", async () => (await textOf(app, '[data-testid="filing-title"]')).includes("张三"));

    // The list exported through the save dialog: the service's row, the ID number masked.
    await (await byTestId(app, "sheet-open")).click();
    const out = path.join(dataDir, "list.xlsx");
    await (await byTestId(app, "sheet-export")).click();
    await answerFileDialog(out, 10000, { save: true });
    await until(app, "exported", async () => (await textOf(app, '[data-testid="sheet-notice"]')).includes("已导出 1 个备案"), 10000);
    const rows = readWorkbook(out);
    const cells = rows.flat().join("\t");
    assert.equal(rows.length, 2, "a header and the one service");
    assert.ok(cells.includes("张三的论坛") && cells.includes("example.com"), cells);
    assert.ok(!cells.includes(id), `masked: ${cells}`);
    await screenshot(app, "sheet-exported");
  } finally {
    await app.deleteSession();
  }
  // The app's log says the store opened and holds nothing of the client the run typed and imported.
  const log = fs.readFileSync(path.join(dataDir, "logs/app_current.log"), "utf8");
  assert.match(log, /store opened/);
  for (const secret of [id, "13800000000", "13900000000", "张三", "zhangsan", "论坛"]) {
    assert.ok(!log.includes(secret), `the log holds ${secret}:\n${log}`);
  }
});

test("a first run is a welcome page: a JSON document imported through the open dialog", async () => {
  const dataDir = newDataDir();
  const sample = path.join(ROOT, "crates/beian-core/tests/data/sample-filing.json");
  const name = JSON.parse(fs.readFileSync(sample, "utf8")).subject.name;
  const app = await launch(dataDir);
  try {
    await byTestId(app, "welcome", 15000);
    for (const id of ["welcome-new", "welcome-json", "welcome-excel", "welcome-demo", "welcome-team"]) await byTestId(app, id);
    await screenshot(app, "welcome");
    await (await byTestId(app, "welcome-json")).click();
    await answerFileDialog(sample);
    await until(app, "the imported draft opened", async () => (await textOf(app, '[data-testid="filing-title"]')).includes(name), 15000);
    assert.equal((await app.$$('[data-testid="welcome"]')).length, 0, "no welcome once there is a filing");
    assert.equal(JSON.parse(beian(dataDir, "list", "--json")).total, 1);
  } finally {
    await app.deleteSession();
  }
});

test("the demo data loads from the welcome page into an empty store", async () => {
  const dataDir = newDataDir();
  const app = await launch(dataDir);
  try {
    await (await byTestId(app, "welcome-demo", 15000)).click();
    await until(app, "120 filings", async () => (await textOf(app, '[data-testid="list-count"]')).includes("120"), 20000);
    await byTestId(app, "today-view");
    assert.equal((await app.$$('[data-testid="welcome"]')).length, 0);
    const due = JSON.parse(beian(dataDir, "due", "--json"));
    await until(app, "the tiles", async () => (await textOf(app, '[data-testid="tile-overdue"] b')) === String(due.counts.overdue));

    // 关于 says where the data is; 导出诊断信息 writes the bundle through the save dialog.
    await (await byTestId(app, "about-open")).click();
    await until(app, "the facts", async () => (await textOf(app, '[data-testid="about-data-dir"]')) === dataDir);
    assert.match(await textOf(app, '[data-testid="about-facts"]'), /120/);
    await screenshot(app, "about");
    const zip = path.join(dataDir, "support.zip");
    await (await byTestId(app, "about-bundle")).click();
    await answerFileDialog(zip, 10000, { save: true });
    await until(app, "the bundle saved", async () => (await textOf(app, '[data-testid="about-notice"]')).includes("support.zip"), 15000);
    const names = JSON.parse(execFileSync(PYTHON, ["-c", "import json,sys,zipfile; print(json.dumps(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))", zip]).toString());
    assert.deepEqual(names.filter((n) => !n.startsWith("logs/")), ["README.txt", "about.json", "doctor.json", "settings.json"]);
    assert.ok(names.includes("logs/app_current.log"), names.join(", "));
  } finally {
    await app.deleteSession();
  }
});
