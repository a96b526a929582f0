// Drives the real Beian Desk binary: Xvfb for a display, tauri-driver + WebKitWebDriver for
// WebDriver, one data directory per test. Everything started here is stopped by process id.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { remote } from "webdriverio";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
export const APP = process.env.BEIAN_APP ?? path.join(ROOT, "target/debug/beian-desk");
export const OUT = path.join(ROOT, "target/e2e");
mkdirSync(OUT, { recursive: true });

const children = [];

function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  child.log = () => log;
  children.push(child);
  return child;
}

async function waitForPort(port, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok || r.status < 500) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`nothing answered on port ${port}`);
}

let display = process.env.BEIAN_E2E_DISPLAY;
let driverPort;

/** Starts Xvfb (unless a display is given) and tauri-driver once for the whole run. */
export async function startDriver() {
  if (!existsSync(APP)) throw new Error(`app binary missing: ${APP} (build it with the test script)`);
  if (!display) {
    display = `:${90 + Math.floor(Math.random() * 9)}`;
    start("Xvfb", [display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"]);
    await sleep(700);
  }
  driverPort = await startTauriDriver();
}

/**
 * One more tauri-driver on the same display, for a second app window at the same time (a driver
 * serves one session): returns its port, for `launch(dataDir, port)`.
 */
export async function startTauriDriver() {
  const port = 4444 + Math.floor(Math.random() * 500);
  // No WEBKIT_DISABLE_COMPOSITING_MODE: the app itself has WebKit draw without compositing
  // (src-tauri/src/lib.rs, plain_rendering), and the tests run it as staff get it.
  const env = { DISPLAY: display, NO_AT_BRIDGE: "1" };
  const driver = start("tauri-driver", ["--port", String(port), "--native-port", String(port + 1000)], env);
  try {
    await waitForPort(port);
  } catch (e) {
    throw new Error(`tauri-driver did not start: ${driver.log()}`);
  }
  return port;
}

const dataDirs = [];

/** Stops the driver and the apps, and removes the tests' data directories (BEIAN_E2E_KEEP=1 keeps them). */
export function stopAll() {
  for (const c of children.reverse()) {
    try { c.kill("SIGTERM"); } catch {}
  }
  if (process.env.BEIAN_E2E_KEEP !== "1") {
    for (const d of dataDirs.splice(0)) for (const p of [d, configDirOf(d)]) rmSync(p, { recursive: true, force: true });
  }
}

export function newDataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "beian-e2e-"));
  dataDirs.push(dir);
  return dir;
}

/** The folder of the settings file the app launched on `dataDir` uses (`settings.toml` in it). */
export function configDirOf(dataDir) {
  return `${dataDir}.config`;
}

/** Launches the app on `dataDir` and returns a WebdriverIO browser for its window. */
export async function launch(dataDir, port = driverPort) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    connectionRetryCount: 1,
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      // 设置 of its own beside the data directory: a test's settings never reach another test or
      // the machine's ~/.config.
      "tauri:options": { application: APP, args: ["--data-dir", dataDir, "--config-dir", configDirOf(dataDir)] },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}

/** The first element matching a data-testid, once it is displayed. */
export async function byTestId(browser, id, timeout = 10000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForDisplayed({ timeout });
  return el;
}

/**
 * Saves what the X display shows (the app's window) under target/e2e/. WebKitWebDriver's own
 * screenshot endpoint hangs under Xvfb here, so the display is captured with ImageMagick's import.
 */
export async function screenshot(_browser, name) {
  const file = path.join(OUT, `${name}.png`);
  await sleep(300); // let the last frame paint
  const r = spawnSync("import", ["-display", display, "-window", "root", file], { timeout: 20000 });
  if (r.status !== 0) throw new Error(`screenshot failed: ${r.stderr}`);
  return file;
}

/**
 * Whether Chinese text really renders in this WebView: the page must be UTF-8, and distinct CJK
 * characters must draw distinct, non-empty glyphs (without a CJK font they come out as identical
 * boxes or nothing). Returns a description of what is wrong, or null.
 */
export async function chineseRenderingProblem(browser) {
  return browser.execute(() => {
    if (document.characterSet.toUpperCase() !== "UTF-8") return `charset is ${document.characterSet}`;
    const font = getComputedStyle(document.body).fontFamily;
    const draw = (ch) => {
      const c = document.createElement("canvas");
      c.width = 48; c.height = 48;
      const g = c.getContext("2d");
      g.fillStyle = "#fff"; g.fillRect(0, 0, 48, 48);
      g.fillStyle = "#000"; g.font = `40px ${font}`; g.textBaseline = "top";
      g.fillText(ch, 2, 2);
      const d = g.getImageData(0, 0, 48, 48).data;
      let ink = 0, sig = "";
      for (let i = 0; i < d.length; i += 4) { const dark = d[i] < 128 ? 1 : 0; ink += dark; sig += dark; }
      return { ink, sig };
    };
    const a = draw("备"), b = draw("案"), c = draw("管");
    if (a.ink < 20 || b.ink < 20 || c.ink < 20) return "CJK characters draw no ink";
    if (a.sig === b.sig || b.sig === c.sig) return "distinct CJK characters draw the same glyph (tofu boxes: no CJK font)";
    return null;
  });
}

/** The text content of the first element matching a CSS selector ("" when there is none). */
export async function textOf(browser, selector) {
  return browser.execute((sel) => document.querySelector(sel)?.textContent?.trim() ?? "", selector);
}

/** The text content of every element matching a CSS selector. */
export async function textsOf(browser, selector) {
  return browser.execute((sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent?.trim() ?? ""), selector);
}

/** Waits until `fn` returns a truthy value; fails with `what` after `timeout` ms. */
export async function until(browser, what, fn, timeout = 8000) {
  await browser.waitUntil(fn, { timeout, timeoutMsg: `timed out waiting for ${what}` });
}

/**
 * Answers the native file dialog (GTK) the window just opened, as a user would: waits for it,
 * types the path into its location bar (Ctrl+L; a save dialog's name field, emptied first) and
 * presses Enter. Needs xdotool (scripts/setup.sh).
 */
export async function answerFileDialog(file, timeout = 10000, { save = false } = {}) {
  const { execFileSync } = await import("node:child_process");
  const env = { ...process.env, DISPLAY: display };
  const started = Date.now();
  let win = "";
  while (!win && Date.now() - started < timeout) {
    await sleep(300);
    try {
      // The dialog is the visible window that is not the app's main one.
      const ids = execFileSync("xdotool", ["search", "--onlyvisible", "--name", "."], { env }).toString().trim().split("\n");
      for (const id of ids) {
        const name = execFileSync("xdotool", ["getwindowname", id], { env }).toString().trim();
        if ((save ? /保存|Save/i : /打开|Open|选择|Select|Choose/i).test(name)) win = id;
      }
    } catch {
      // none yet
    }
  }
  if (!win) throw new Error("no file dialog appeared");
  const x = (...args) => execFileSync("xdotool", args, { env });
  x("windowfocus", "--sync", win);
  x("key", "--window", win, save ? "ctrl+a" : "ctrl+l");
  await sleep(300);
  x("type", "--window", win, "--delay", "5", file);
  await sleep(300);
  x("key", "--window", win, "Return");
}

/** The filing's status badge. */
export async function status(browser) {
  return textOf(browser, '[data-testid="status-badge"]');
}

/** Clicks a workflow action once it is enabled and waits for the status it leads to. */
export async function act(browser, kind, expectStatus) {
  const button = await byTestId(browser, `action-${kind}`);
  await until(browser, `${kind} enabled`, async () => button.isEnabled());
  await button.click();
  await until(browser, `status ${expectStatus} after ${kind}`, async () => (await status(browser)) === expectStatus);
}
