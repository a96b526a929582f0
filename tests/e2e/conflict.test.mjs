// Two desks, one filing: a save that a colleague's change overtook is refused, and the window offers
// the colleague's version; a database from a newer version stops the window with a clear screen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { writeFileSync, readFileSync } from "node:fs";
import { ROOT, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

before(startDriver);
after(stopAll);

test("a save overtaken by a colleague's change offers their version", async () => {
  const dataDir = newDataDir();
  const fixture = readFileSync(path.join(FIXTURES, "personal.json"), "utf8");
  const file = path.join(dataDir, "seed.json");
  writeFileSync(file, fixture);
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", file]);
  const app = await launch(dataDir);
  try {
    await (await byTestId(app, "filing-item", 15000)).click();
    await byTestId(app, "filing-title");
    // This desk edits the subject's name …
    await (await byTestId(app, "step-subject")).click();
    const name = await byTestId(app, "subject-name");
    await name.setValue("我的修改");
    await until(app, "the edit noticed", async () => /有未保存的修改/.test(await textOf(app, '[data-testid="save-state"]')));
    // … while a colleague moves the same filing on from the command line.
    execFileSync(BEIAN, ["--data-dir", dataDir, "action", "1", "data_complete"]);
    await (await byTestId(app, "save")).click();
    const banner = await byTestId(app, "conflict");
    assert.match(await banner.getText(), /同事/);
    await screenshot(app, "save-conflict");
    // Nothing of this desk's edit was written over the colleague's.
    const stored = JSON.parse(execFileSync(BEIAN, ["--data-dir", dataDir, "export", "--json", "1"]).toString())[0];
    assert.notEqual(stored.document.subject.name, "我的修改");
    assert.equal(stored.status, "materials");
    // Loading their version shows their status and drops the edit.
    await (await byTestId(app, "conflict-reload")).click();
    await until(app, "the colleague's status", async () => (await textOf(app, '[data-testid="status-badge"]')) === "待上传资料");
    await until(app, "no unsaved edit", async () => /已保存/.test(await textOf(app, '[data-testid="save-state"]')));
  } finally {
    await app.deleteSession();
  }
});

test("a database written by a newer version stops the window with a clear screen, untouched", async () => {
  const dataDir = newDataDir();
  const db = path.join(dataDir, "beian.sqlite3");
  execFileSync("python3", ["-c", `import sqlite3; c = sqlite3.connect(${JSON.stringify(db)}); c.execute("PRAGMA user_version = 999"); c.commit()`]);
  const app = await launch(dataDir);
  try {
    const screen = await byTestId(app, "fatal-screen", 15000);
    const text = await screen.getText();
    assert.match(text, /无法打开备案数据/);
    assert.match(text, /升级/);
    assert.equal(await (await app.$$('[data-testid="filing-list"]')).length, 0, "no list to work in");
    await screenshot(app, "database-too-new");
  } finally {
    await app.deleteSession();
  }
  const version = execFileSync("python3", ["-c", `import sqlite3; print(sqlite3.connect(${JSON.stringify(db)}).execute("PRAGMA user_version").fetchone()[0])`]).toString().trim();
  assert.equal(version, "999", "the newer database was not migrated or changed");
});
