// Team mode with two real app windows on one team server: a trial server started by the test
// itself (`beian team trial`: Debian's PostgreSQL in a folder, TLS with its own CA, SCRAM), two
// colleagues with their own logins, each desk logging in through the 团队模式 dialog. A colleague's
// save appears in the other window's list and its open editor says who changed it; a wrong password
// is said at the password field; logging out goes back to the desk's own (empty) store.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import {
  ROOT, startDriver, startTauriDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, textsOf, until,
} from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

let serverDir;
let port;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
}

function beian(args, input) {
  return execFileSync(BEIAN, args, { input, env: { ...process.env, BEIAN_TEAM_PASSWORD: "" } }).toString();
}

before(async () => {
  await startDriver();
  serverDir = mkdtempSync(path.join(tmpdir(), "beian-team-e2e-"));
  port = await freePort();
  const out = beian(["team", "trial", serverDir, "--port", String(port)]);
  assert.match(out, /postgres:\/\//, out);
});

after(() => {
  try {
    beian(["team", "trial", serverDir, "--stop"]);
  } catch {}
  stopAll();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

/** The owner's URL on this machine: the trial server's Unix socket, trusted for its own user. */
function ownerUrl() {
  return `postgres://beian_owner@localhost:${port}/beian?host=${serverDir}/socket&sslmode=disable`;
}

async function logIn(app, login, password) {
  await (await byTestId(app, "team-open")).click();
  await byTestId(app, "team-dialog");
  await (await byTestId(app, "team-server")).setValue(`127.0.0.1:${port}/beian?sslrootcert=${serverDir}/tls/ca.crt`);
  await (await byTestId(app, "team-login")).setValue(login);
  await (await byTestId(app, "team-password")).setValue(password);
  await (await byTestId(app, "team-connect")).click();
}

test("two desks on one team server: a colleague's save shows in the other window within moments", async () => {
  for (const [name, pw] of [["zhangsan", "zhangsan-pass-1"], ["lisi", "lisi-pass-12"]]) {
    beian(["team", "staff", "add", name, "--role", "staff", "--team", ownerUrl()], `${pw}\n`);
  }
  const fixture = readFileSync(path.join(FIXTURES, "personal.json"), "utf8");
  const seed = path.join(serverDir, "seed.json");
  writeFileSync(seed, fixture);
  beian(["--team", ownerUrl(), "import", seed]);

  const a = await launch(newDataDir());
  let b = await launch(newDataDir(), await startTauriDriver());
  try {
    // A wrong password is said at its field; nothing else changes.
    await logIn(a, "zhangsan", "wrong-password");
    await until(a, "the password refused", async () => /错误/.test(await textOf(a, '[data-testid="team-dialog"]')), 10000);
    assert.match(await textOf(a, '[data-testid="team-dialog"]'), /用户名或密码错误|密码错误/);
    await (await byTestId(a, "team-password")).setValue("zhangsan-pass-1");
    await (await byTestId(a, "team-connect")).click();
    await until(a, "logged in", async () => /zhangsan/.test(await textOf(a, '[data-testid="team-open"]')), 15000);
    await logIn(b, "lisi", "lisi-pass-12");
    await until(b, "logged in", async () => /lisi/.test(await textOf(b, '[data-testid="team-open"]')), 15000);

    // Both desks see the team's filing, and open it.
    for (const app of [a, b]) {
      await until(app, "the team's filing listed", async () => (await textsOf(app, '[data-testid="filing-item"]')).length === 1, 10000);
      await (await byTestId(app, "filing-item")).click();
      await byTestId(app, "filing-title");
    }
    // Desk B renames the subject and saves.
    await (await byTestId(b, "step-subject")).click();
    const name = await byTestId(b, "subject-name");
    await name.setValue("李四改过的名字");
    await (await byTestId(b, "save")).click();
    await until(b, "saved", async () => /已保存/.test(await textOf(b, '[data-testid="save-state"]')), 10000);
    const savedAt = Date.now();

    // Desk A's list shows the new name, and its open editor says who changed it, offering reload.
    await until(a, "the colleague's name in the list", async () => /李四改过的名字/.test((await textsOf(a, '[data-testid="filing-item"]')).join(" ")), 5000);
    const banner = await byTestId(a, "remote-change", 5000);
    assert.match(await banner.getText(), /lisi 已修改此备案（版本 2）/);
    assert.ok(Date.now() - savedAt < 5000, "within moments");
    // Desk B's window goes, so that the display shows desk A's.
    await b.deleteSession();
    b = null;
    await screenshot(a, "team-colleague-changed");
    await (await byTestId(a, "remote-reload")).click();
    await until(a, "the colleague's version loaded", async () => /李四改过的名字/.test(await textOf(a, '[data-testid="filing-title"]')));

    // Who is logged in, and leaving team mode: the desk's own store (empty here) is back.
    await (await byTestId(a, "team-open")).click();
    assert.match(await textOf(a, '[data-testid="team-who"]'), /zhangsan（员工）/);
    await (await byTestId(a, "team-leave")).click();
    await until(a, "back on this desk", async () => !/zhangsan/.test(await textOf(a, '[data-testid="team-open"]')));
    await until(a, "the desk's own list", async () => (await textsOf(a, '[data-testid="filing-item"]')).length === 0);

    // The history names who did what, as the server recorded it.
    const history = JSON.parse(beian(["--team", ownerUrl(), "history", "--json", "1"]));
    assert.deepEqual(history.map((e) => [e.kind, e.actor]), [["imported", "beian_owner"], ["edited", "lisi"]]);
  } finally {
    await a.deleteSession();
    if (b) await b.deleteSession();
  }
});

test("a viewer reads masked data and reveals it through the audited path", async () => {
  beian(["team", "staff", "add", "wangwu", "--role", "viewer", "--team", ownerUrl()], "wangwu-pass-12\n");
  const v = await launch(newDataDir());
  try {
    await logIn(v, "wangwu", "wangwu-pass-12");
    await until(v, "logged in", async () => /wangwu/.test(await textOf(v, '[data-testid="team-open"]')), 15000);
    await until(v, "the team's filing listed", async () => (await textsOf(v, '[data-testid="filing-item"]')).length === 1, 10000);
    await (await byTestId(v, "filing-item")).click();
    await byTestId(v, "filing-title");
    assert.match(await textOf(v, '[data-testid="viewer-note"]'), /查看者/);
    // A viewer cannot create: no 新建备案 button, and Ctrl+N opens nothing.
    assert.equal((await v.$$('[data-testid="new-filing"]')).length, 0, "no 新建备案 for a viewer");
    await v.keys(["Control", "n"]);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await v.$$('[data-testid="new-filing-dialog"]')).length, 0, "Ctrl+N opens nothing");
    await (await byTestId(v, "step-subject")).click();
    const cert = async () => (await v.$("#s-cert-number")).getValue();
    assert.equal(await cert(), "110105********1239", "a viewer reads the masked number");
    await (await byTestId(v, "viewer-reveal")).click();
    await until(v, "the full number shown", async () => (await cert()) === "110105199003071239", 10000);
    assert.match(await textOf(v, '[data-testid="viewer-note"]'), /审计日志/);
    await screenshot(v, "team-viewer-revealed");
  } finally {
    await v.deleteSession();
  }
});
