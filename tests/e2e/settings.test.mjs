// 设置: staff change the language, the backups' folder and pace and the team server in the window;
// a bad value is refused at its field with nothing saved; what was saved works at once (the window
// speaks the language, a backup appears in the new folder, 团队模式 offers the server) and is still
// there after a restart, in the settings file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { startDriver, stopAll, newDataDir, launch, byTestId, configDirOf, screenshot, textOf, until } from "./lib/app.mjs";

before(startDriver);
after(stopAll);

async function openSettings(app) {
  await (await byTestId(app, "settings-open", 15000)).click();
  return byTestId(app, "settings-dialog");
}

const backupsIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((n) => /^beian-backup-.*\.tar\.gz$/.test(n)) : []);

test("settings: a bad folder is refused at its field; language, backups and team server apply at once and after a restart", async () => {
  const dataDir = newDataDir();
  const settingsFile = path.join(configDirOf(dataDir), "settings.toml");
  const backupDir = path.join(`${dataDir}.config`, "backups-elsewhere");
  let app = await launch(dataDir);
  try {
    await openSettings(app);
    // The data directory is given by --data-dir for this start: the window says the setting waits.
    assert.match(await textOf(app, '[data-testid="settings-data-dir-override"]'), /--data-dir/);

    // A relative folder: refused at the backup folder's field, nothing written.
    await (await byTestId(app, "settings-backup-dir")).setValue("backups/here");
    await (await byTestId(app, "settings-save")).click();
    const fieldError = '#settings-backup-dir-messages [role="alert"]';
    await until(app, "the refusal at the backup folder", async () => /完整路径/.test(await textOf(app, fieldError)));
    assert.equal(existsSync(settingsFile), false, "nothing saved");

    // Right values: another folder, every six hours, three kept, English, a team server.
    const dir = await byTestId(app, "settings-backup-dir");
    await dir.clearValue();
    await dir.setValue(backupDir);
    await (await byTestId(app, "settings-backup-pace")).selectByAttribute("value", "6");
    const keep = await byTestId(app, "settings-backup-keep");
    await keep.clearValue();
    await keep.setValue("3");
    await (await byTestId(app, "settings-team-server")).setValue("db.agency.example:5432/beian");
    await (await byTestId(app, "settings-team-login")).setValue("wang.li");
    await (await byTestId(app, "settings-lang-en")).click();
    await (await byTestId(app, "settings-save")).click();
    await byTestId(app, "settings-saved");
    // The window speaks English at once.
    assert.equal(await textOf(app, '[data-testid="settings-saved"]'), "Settings saved and in effect.");
    assert.equal(await textOf(app, "aside h1"), "Beian Desk");
    await screenshot(app, "settings");
    // The backup schedule looked again at once: the new folder has its first backup.
    await until(app, "a backup in the new folder", async () => backupsIn(backupDir).length === 1, 20000);
    assert.match(await textOf(app, '[data-testid="settings-dialog"]'), new RegExp(backupDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await (await byTestId(app, "settings-close")).click();

    // 团队模式 offers the server and the login.
    await (await byTestId(app, "team-open")).click();
    await until(app, "the team server filled in", async () => (await (await byTestId(app, "team-server")).getValue()) === "db.agency.example:5432/beian");
    assert.equal(await (await byTestId(app, "team-login")).getValue(), "wang.li");
  } finally {
    await app.deleteSession();
  }

  // In the file, as TOML; no password anywhere.
  const text = readFileSync(settingsFile, "utf8");
  assert.match(text, /language = "en"/);
  assert.match(text, /every_hours = 6/);
  assert.match(text, /keep = 3/);
  assert.doesNotMatch(text, /password/i);

  // After a restart: English from the start, the values in the dialog.
  app = await launch(dataDir);
  try {
    await until(app, "the window in English", async () => (await textOf(app, "aside h1")) === "Beian Desk", 15000);
    await openSettings(app);
    assert.equal(await (await byTestId(app, "settings-backup-dir")).getValue(), backupDir);
    assert.equal(await (await byTestId(app, "settings-backup-pace")).getValue(), "6");
    assert.equal(await (await byTestId(app, "settings-lang-en")).isSelected(), true);
    // The switch in the sidebar is remembered too.
    await (await byTestId(app, "settings-close")).click();
    await (await byTestId(app, "lang-zh")).click();
    await until(app, "the switch remembered", async () => /language = "zh"/.test(readFileSync(settingsFile, "utf8")));
    assert.equal(backupsIn(backupDir).length, 1, "younger than six hours: no second backup at the restart");
  } finally {
    await app.deleteSession();
  }
});
