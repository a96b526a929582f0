// One agency, many clouds, in the real window: a filing moves from Alibaba Cloud to Huawei Cloud.
// Choosing the new provider first shows what would no longer fit there (a product Huawei does not
// offer), changing nothing until confirmed; the provider's facts then come from its profile (read
// here from the profile file itself with Python's tomllib); the account is saved; the list filters
// by provider with its count.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, textsOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

before(startDriver);
after(stopAll);

/** A value of a provider's profile, read by Python's own TOML reader. */
function profile(code, section, key) {
  const file = path.join(ROOT, "crates/beian-core/data/providers", `${code}.toml`);
  const py = "import sys,tomllib,json; d=tomllib.load(open(sys.argv[1],'rb')); print(json.dumps(d[sys.argv[2]].get(sys.argv[3])))";
  return JSON.parse(execFileSync("python3", ["-c", py, file, section, key]).toString());
}

test("switching a draft's provider says what no longer fits, then the list filters by provider", async () => {
  const dataDir = newDataDir();
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, "website-and-app.json"), "utf8"));
  // Alibaba's own 旺铺 product: no other provider offers it.
  doc.websites[0].product = { type: "wangpu", instance_id: null, service_number: null };
  const file = path.join(dataDir, "import.json");
  fs.writeFileSync(file, JSON.stringify(doc));
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", file]);
  const huawei = profile("huawei", "meta", "name_zh");
  const huaweiCheck = profile("huawei", "authenticity", "where_zh");
  const app = await launch(dataDir);
  try {
    await (await byTestId(app, "filing-item", 15000)).click();
    await (await byTestId(app, "step-type")).click();
    const select = () => byTestId(app, "provider-select");
    assert.equal(await (await select()).getValue(), "aliyun", "a document without a provider is Alibaba's");
    assert.match(await textOf(app, '[data-testid="provider-facts"]'), /阿里云APP/);

    // Asked first; cancelling changes nothing.
    await (await select()).selectByAttribute("value", "huawei");
    await byTestId(app, "provider-switch");
    const findings = await textsOf(app, '[data-testid="provider-switch-finding"]');
    assert.ok(findings.some((f) => f.includes(`${huawei}没有可备案的`)), findings.join("\n"));
    // Huawei names its code 备案授权码: the instance-or-code finding says so.
    assert.ok(findings.some((f) => f.includes(profile("huawei", "code", "label_zh"))), findings.join("\n"));
    await screenshot(app, "provider-switch");
    await app.keys(["Escape"]);
    await until(app, "the dialog closed", async () => (await app.$$('[data-testid="provider-switch"]')).length === 0);
    assert.equal(await (await select()).getValue(), "aliyun");
    assert.match(await textOf(app, '[data-testid="save-state"]'), /已保存/, "nothing changed");

    // Confirmed: only the provider changes; its facts are its profile's.
    await (await select()).selectByAttribute("value", "huawei");
    await (await byTestId(app, "provider-switch-confirm")).click();
    await until(app, "the new provider", async () => (await textOf(app, '[data-testid="provider-facts"]')).includes(huaweiCheck));
    await (await byTestId(app, "provider-account")).setValue("hw-agency-01");
    // The product Huawei does not offer is an error at its field.
    await until(app, "the product error", async () => (await textOf(app, '[data-testid="diagnostics-panel"]')).includes(`${huawei}没有可备案的`), 10000);
    await app.keys(["Control", "s"]);
    await until(app, "saved", async () => (await textOf(app, '[data-testid="save-state"]')) === "已保存", 10000);
    assert.equal(await textOf(app, '[data-testid="filing-provider-name"]'), `${huawei} · hw-agency-01`);

    // The list: filter by provider, with its count.
    const filter = await byTestId(app, "filter-provider");
    const options = await textOf(app, '[data-testid="filter-provider"]');
    assert.ok(options.includes(`${huawei} (1)`) && options.includes(`${huawei} · hw-agency-01 (1)`), options);
    assert.ok(!options.includes("阿里云 ("), `no Alibaba filing is left: ${options}`);
    await filter.selectByAttribute("value", "huawei\u001fhw-agency-01");
    await until(app, "the Huawei account's filing", async () => (await app.$$('[data-testid="filing-item"]')).length === 1);
    assert.equal(await (await byTestId(app, "filter-provider")).getValue(), "huawei\u001fhw-agency-01");
    await screenshot(app, "provider-list");
  } finally {
    await app.deleteSession();
  }
  const out = JSON.parse(execFileSync(BEIAN, ["--data-dir", dataDir, "export", "--json", "1"]).toString());
  const stored = (Array.isArray(out) ? out[0] : out).document ?? out;
  assert.deepEqual([stored.provider, stored.provider_account], ["huawei", "hw-agency-01"]);
});
