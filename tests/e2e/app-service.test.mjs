// An app filed in the window: the 网站信息 step takes a service of another kind (APP), its
// platforms and their identifiers; the rules show at the fields; the saved document carries it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, until } from "./lib/app.mjs";

const BEIAN = path.resolve(import.meta.dirname, "../../target/debug/beian");

before(startDriver);
after(stopAll);

test("an enterprise adds an Android+iOS app to its filing; the fingerprint rules show at the fields", async () => {
  const dataDir = newDataDir();
  const app = await launch(dataDir);
  try {
    await (await app.$("h1")).waitForDisplayed({ timeout: 15000 });
    await app.keys(["Control", "n"]);
    await byTestId(app, "new-filing-dialog");
    await (await byTestId(app, "new-subject")).setValue("杭州云帆网络科技有限公司");
    await (await byTestId(app, "new-domain")).setValue("yunfan.com.cn");
    await (await byTestId(app, "new-submit")).click();
    await until(app, "the new filing", async () => (await textOf(app, '[data-testid="filing-title"]')) === "杭州云帆网络科技有限公司");

    await (await byTestId(app, "step-website")).click();
    await (await byTestId(app, "add-website")).click();
    await (await byTestId(app, "website-1-kind")).selectByAttribute("value", "app");
    await (await byTestId(app, "website-1-name")).setValue("云帆记账");
    const domains = await byTestId(app, "website-1-domains");
    await domains.setValue("yunfan.com.cn");
    await (await byTestId(app, "step-website")).click(); // leave the text area: its change is taken
    await (await byTestId(app, "website-1-platform-0-package")).setValue("com.yunfan.ledger");
    await (await byTestId(app, "website-1-platform-0-fingerprint")).setValue("6F:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8");
    await (await byTestId(app, "website-1-platform-0-key")).setValue("00c0ffee".repeat(32));
    await (await byTestId(app, "website-1-add-platform")).click();
    await (await byTestId(app, "website-1-platform-1-kind")).selectByAttribute("value", "ios");
    await (await byTestId(app, "website-1-platform-1-package")).setValue("com.yunfan.ledger");
    // An MD5 in the iOS slot: the error at that field, with its rule.
    await (await byTestId(app, "website-1-platform-1-fingerprint")).setValue("6F:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8");
    const iosFp = '[data-field="websites[1].app.platforms[1].fingerprint"]';
    await until(app, "the iOS fingerprint refused", async () => /iOS 填成 MD5 会被驳回/.test(await textOf(app, iosFp)), 10000);
    const androidDiags = await app.$$('[data-field="websites[1].app.platforms[0].fingerprint"] [data-testid="field-diagnostic"]');
    assert.equal(androidDiags.length, 0, "Android's MD5 is right");
    await screenshot(app, "app-service-ios-md5");
    const fp = await byTestId(app, "website-1-platform-1-fingerprint");
    await fp.clearValue();
    await fp.setValue("0123456789ABCDEF0123456789ABCDEF01234567");
    await until(app, "the error gone", async () => (await app.$$(`${iosFp} [data-testid="field-diagnostic"]`)).length === 0, 10000);
    await app.keys(["Control", "s"]);
    await until(app, "saved", async () => (await textOf(app, '[data-testid="save-state"]')) === "已保存", 10000);
  } finally {
    await app.deleteSession();
  }
  // The stored document carries the app, its fingerprints normalised.
  const out = JSON.parse(execFileSync(BEIAN, ["--data-dir", dataDir, "export", "--json", "1"]).toString());
  const doc = Array.isArray(out) ? out[0] : out;
  const svc = (doc.document ?? doc).websites[1];
  assert.equal(svc.service_type, "app");
  assert.deepEqual(svc.app.platforms.map((p) => [p.platform, p.package, p.fingerprint]), [
    ["android", "com.yunfan.ledger", "6f1a2b3c4d5e6f708192a3b4c5d6e7f8"],
    ["ios", "com.yunfan.ledger", "0123456789abcdef0123456789abcdef01234567"],
  ]);
  // …and search finds the filing by the app's package.
  const list = JSON.parse(execFileSync(BEIAN, ["--data-dir", dataDir, "list", "--json", "--search", "com.yunfan.ledger"]).toString());
  assert.equal((list.items ?? list).length, 1);
});
