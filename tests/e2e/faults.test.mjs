// A data directory that fails under the window, on a real file system (a small tmpfs the test
// mounts — the tests run as root): a full disk refuses the save with 磁盘已满 and what staff typed
// stays, then saves once there is room; a read-only data directory at start is a screen that says
// so and opens 设置; a data directory that goes away (a network share unmounted) refuses the save
// instead of writing into a file nobody will see again. Nothing saved before is lost.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT, startDriver, stopAll, launch, byTestId, screenshot, textOf, textsOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

let mnt;
const mounted = () => spawnSync("mountpoint", ["-q", mnt]).status === 0;

before(async () => {
  mnt = mkdtempSync(path.join(tmpdir(), "beian-fault-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m,mode=0755", "tmpfs", mnt]);
  await startDriver();
});
after(() => {
  stopAll();
  if (mounted()) spawnSync("umount", ["-l", mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

/** Fills the tmpfs to the last byte (dd stops at ENOSPC). */
function fill() {
  spawnSync("dd", ["if=/dev/zero", `of=${path.join(mnt, "filler")}`, "bs=64k"], { stdio: "ignore" });
}

async function editName(app, name) {
  await (await byTestId(app, "step-subject")).click();
  const field = await byTestId(app, "subject-name");
  await field.clearValue();
  await field.setValue(name);
  await until(app, "the edit noticed", async () => /有未保存的修改/.test(await textOf(app, '[data-testid="save-state"]')));
}

const stored = (dataDir) => JSON.parse(execFileSync(BEIAN, ["--data-dir", dataDir, "export", "--json", "1"]).toString())[0];

test("a full disk refuses the save and keeps what was typed; a read-only data directory stops at a screen that says so", async () => {
  const dataDir = path.join(mnt, "data");
  mkdirSync(dataDir);
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, "personal.json")]);
  const before = stored(dataDir).document.subject.name;

  let app = await launch(dataDir);
  try {
    await (await byTestId(app, "filing-item", 15000)).click();
    await byTestId(app, "filing-title");
    fill();
    await editName(app, "磁盘满时的修改");
    await app.keys(["Control", "s"]);
    await until(app, "the refusal", async () => /磁盘已满/.test(await textOf(app, '[data-testid="filing-error"]')), 15000);
    assert.equal(await (await byTestId(app, "subject-name")).getValue(), "磁盘满时的修改", "what was typed stays");
    assert.match(await textOf(app, '[data-testid="save-state"]'), /有未保存的修改/);
    await screenshot(app, "fault-disk-full");
    // Room again: the same save goes through.
    rmSync(path.join(mnt, "filler"));
    await app.keys(["Control", "s"]);
    await until(app, "the save", async () => (await textOf(app, '[data-testid="save-state"]')) === "已保存", 15000);
    await until(app, "the list", async () => /磁盘满时的修改/.test((await textsOf(app, '[data-testid="filing-item"]'))[0] ?? ""));
  } finally {
    await app.deleteSession();
  }
  assert.notEqual(before, "磁盘满时的修改");
  assert.equal(stored(dataDir).document.subject.name, "磁盘满时的修改");
  assert.equal(spawnSync(BEIAN, ["--data-dir", dataDir, "doctor"]).status, 0, "the store is healthy after the full disk");

  // Read-only (a share offered read-only): the window says which and what to do, and changes nothing.
  execFileSync("mount", ["-o", "remount,ro", mnt]);
  try {
    app = await launch(dataDir);
    try {
      const screen = await byTestId(app, "fatal-screen", 15000);
      const text = await screen.getText();
      assert.match(text, /只能读取、不能写入/);
      assert.match(text, /设置/);
      await screenshot(app, "fault-read-only");
      await (await byTestId(app, "fatal-settings")).click();
      await byTestId(app, "settings-dialog");
    } finally {
      await app.deleteSession();
    }
  } finally {
    execFileSync("mount", ["-o", "remount,rw", mnt]);
  }
  assert.equal(stored(dataDir).document.subject.name, "磁盘满时的修改", "nothing lost");
});

test("a data directory that goes away (a share unmounted) refuses the save; the typed text stays", async () => {
  const dataDir = path.join(mnt, "gone");
  mkdirSync(dataDir);
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, "personal.json")]);
  const app = await launch(dataDir);
  try {
    await (await byTestId(app, "filing-item", 15000)).click();
    await byTestId(app, "filing-title");
    await editName(app, "断开后的修改");
    // The share goes away under the running window (its open files still answer).
    execFileSync("umount", ["-l", mnt]);
    await app.keys(["Control", "s"]);
    await until(app, "the refusal", async () => /数据目录已不可用/.test(await textOf(app, '[data-testid="filing-error"]')), 15000);
    assert.equal(await (await byTestId(app, "subject-name")).getValue(), "断开后的修改");
    assert.match(await textOf(app, '[data-testid="save-state"]'), /有未保存的修改/);
    await screenshot(app, "fault-gone");
  } finally {
    await app.deleteSession();
  }
});
