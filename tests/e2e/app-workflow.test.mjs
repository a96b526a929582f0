// An enterprise filing with a website and an Android+iOS app, from the type check to approval in
// the real window; the Android platform's package, fingerprint and key are read from a real signed
// APK (scripts/make-test-apk.sh: Debian's aapt, zipalign, apksigner, keytool) by the 读取安装包
// button and accepted field by field. The native file dialog is answered with xdotool.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, act, answerFileDialog, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

before(startDriver);
after(stopAll);

/** apksigner's own reading of the APK's certificate (the independent oracle). */
function apksigner(apk, key) {
  const out = execFileSync("apksigner", ["verify", "--min-sdk-version", "24", "--print-certs", "-v", apk]).toString();
  const line = out.split("\n").find((l) => l.startsWith(`Signer #1 certificate ${key}: `));
  assert.ok(line, out);
  return line.split(": ")[1].trim();
}

test("a website and an Android+iOS app go from the type check to approval, the APK read by the button", async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "beian-apk-"));
  const apk = path.join(work, "yunfan-ledger.apk");
  execFileSync("bash", [path.join(ROOT, "scripts/make-test-apk.sh"), apk, "com.yunfan.ledger", "云帆记账", "v2"]);
  const dataDir = newDataDir();
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, "website-and-app.json")]);
  const app = await launch(dataDir);
  try {
    await byTestId(app, "filing-item", 15000);
    // The list says what the filing holds besides websites.
    assert.equal(await textOf(app, '[data-testid="filing-services"]'), "网站 · APP");
    await (await byTestId(app, "filing-item")).click();
    await byTestId(app, "filing-title");
    await (await byTestId(app, "step-type")).click();
    await until(app, "the determined type", async () => (await textOf(app, '[data-testid="determined-type"]')).includes("首次备案"));

    await (await byTestId(app, "step-website")).click();
    assert.match(await textOf(app, '[data-testid="step-website"]'), /互联网信息服务/);
    // The Android platform is empty: the rule says so at the field.
    await until(app, "the Android errors", async () => (await textOf(app, '[data-testid="error-count"]')) !== "0 错误");
    assert.match(await textOf(app, '[data-field="websites[1].app.platforms[0].fingerprint"]'), /读取安装包/);
    // The panel names the field by the service's kind, not as a website's.
    assert.match(await textOf(app, '[data-testid="diagnostics-panel"]'), /签名证书指纹（服务 2 · APP）/);

    // The native file dialog opens; the path is typed into it as a user would.
    const reader = "website-1-platform-0-reader";
    await (await byTestId(app, `${reader}-read`)).click();
    await answerFileDialog(apk);
    await byTestId(app, `${reader}-result`, 20000);
    const md5 = apksigner(apk, "MD5 digest");
    assert.match(await textOf(app, `[data-testid="${reader}-row-fingerprint"]`), new RegExp(md5));
    assert.match(await textOf(app, `[data-testid="${reader}-row-fingerprint"]`), /MD5/);
    // The name is already right: nothing to accept there.
    assert.equal((await app.$$(`[data-testid="${reader}-accept-name"]`)).length, 0);
    await screenshot(app, "app-package-read");
    await (await byTestId(app, `${reader}-accept-package`)).click();
    assert.equal(await (await byTestId(app, "website-1-platform-0-package")).getValue(), "com.yunfan.ledger");
    await (await byTestId(app, `${reader}-accept-all`)).click();
    assert.equal(await (await byTestId(app, "website-1-platform-0-fingerprint")).getValue(), md5);
    const key = await (await byTestId(app, "website-1-platform-0-key")).getValue();
    assert.equal(key.length, 512, "the 2048-bit modulus");
    // The package's launcher icon becomes the app icon material.
    await (await byTestId(app, `${reader}-accept-icon`)).click();
    await byTestId(app, `${reader}-icon-saved`, 15000);
    // SDKs and the domains the Android app uses, keyboard-first like every field.
    await (await byTestId(app, "website-1-sdks-add")).click();
    await (await byTestId(app, "website-1-sdk-0-vendor")).setValue("个推");
    await app.keys(["Tab"]);
    await app.keys([..."推送SDK"]);
    await app.keys(["Tab"]);
    await app.keys([..."消息推送"]);
    // A subdomain is refused at the field (the website domain rules); the registered domain is not.
    const domains = await byTestId(app, "website-1-platform-0-domains");
    await domains.setValue("api.yunfan-service.com");
    await app.keys(["Tab"]);
    const at = '[data-field="websites[1].app.platforms[0].domains"]';
    await until(app, "the subdomain refused", async () => (await app.$$(`${at} .error`)).length > 0, 10000);
    assert.match(await textOf(app, at), /子域名/);
    await domains.setValue("yunfan-service.com");
    await app.keys(["Tab"]);
    await until(app, "the registered domain accepted", async () => (await app.$$(`${at} .error`)).length === 0, 10000);
    await until(app, "no error left", async () => (await textOf(app, '[data-testid="error-count"]')) === "0 错误", 10000);
    await app.keys(["Control", "s"]);
    await until(app, "saved", async () => (await textOf(app, '[data-testid="save-state"]')) === "已保存", 10000);

    await (await byTestId(app, "website-1-sdks")).scrollIntoView();
    await screenshot(app, "app-service-form");
    // The icon is in its slot of the upload step.
    await (await byTestId(app, "step-upload")).click();
    await until(app, "the icon in its slot", async () => /1 个文件/.test(await textOf(app, '[data-testid="slot-app_icon"]')), 10000);

    await (await byTestId(app, "step-progress")).click();
    await act(app, "data_complete", "待上传资料");
    await act(app, "materials_done", "待确认");
    await (await byTestId(app, "step-confirm")).click();
    await (await byTestId(app, "confirm-checkbox")).click();
    await act(app, "submit", "等待初审");
    await (await byTestId(app, "step-progress")).click();
    if (/需要短信核验/.test(await textOf(app, '[data-testid="sms-panel"]'))) {
      await act(app, "sms_sent", "待短信核验");
      await act(app, "sms_verified", "待提交管局");
    }
    await act(app, "submit_to_bureau", "管局审核中");
    await act(app, "approve", "已通过");
    await screenshot(app, "app-approved");
  } finally {
    await app.deleteSession();
  }
  // The store holds what apksigner reads from the APK, normalised.
  const out = JSON.parse(execFileSync(BEIAN, ["--data-dir", dataDir, "export", "--json", "1"]).toString());
  const doc = (Array.isArray(out) ? out[0] : out).document ?? out;
  const android = doc.websites[1].app.platforms[0];
  assert.deepEqual([android.platform, android.package, android.fingerprint], ["android", "com.yunfan.ledger", apksigner(apk, "MD5 digest")]);
  assert.deepEqual(android.domains, ["yunfan-service.com"]);
  assert.deepEqual(doc.websites[1].app.sdks, [{ vendor: "个推", name: "推送SDK", purpose: "消息推送" }]);
  fs.rmSync(work, { recursive: true, force: true });
});
