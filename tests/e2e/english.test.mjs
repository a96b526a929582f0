// The window in English: switched by the staff member, complete — the steps, the form's labels,
// every diagnostic (the case's own message, its field and its citation), the type step's reason and
// blockers. Chinese remains only in what was typed (names, addresses) and in quoted Chinese words.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, textsOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

before(startDriver);
after(stopAll);

/** The text with quoted parts (“…”, 《…》 citations' titles stay as the guide names them) removed. */
function unquoted(text) {
  return text.replace(/“[^”]*”/g, "").replace(/"[^"]*"/g, "");
}

const HAN = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

test("switched to English, the window and every diagnostic speak English", async () => {
  const dataDir = newDataDir();
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, "two-websites.json")]);
  const app = await launch(dataDir);
  try {
    const item = await byTestId(app, "filing-item", 15000);
    await (await byTestId(app, "lang-en")).click();
    await item.click();
    await byTestId(app, "filing-title");
    // Typed values (the subject's name) are the user's own: everything else is checked below.
    const typed = await app.execute(() => {
      const values = [...document.querySelectorAll("input:not([type=checkbox]):not([type=radio]), textarea")]
        .map((e) => e.value)
        .filter((v) => /[\u3400-\u9fff]/.test(v));
      values.push(document.querySelector('[data-testid="filing-title"]')?.textContent ?? "");
      return values;
    });
    const strip = (text) => typed.reduce((t, v) => t.split(v).join(""), unquoted(text));

    await (await byTestId(app, "step-subject")).click();
    await until(app, "diagnostics in English", async () => /error/i.test(await textOf(app, '[data-testid="error-count"]')));
    // Make a mistake the rules report with the case's value: a phone that is too short.
    const phone = await app.$('[data-field="subject.principal.phone"] input');
    await phone.setValue("1380000");
    await until(app, "the phone's finding", async () => /1380000/.test(await textOf(app, '[data-testid="diagnostics-panel"]')));
    const panel = await textsOf(app, '[data-testid="diagnostics-panel"] button.item');
    assert.ok(panel.length > 0);
    for (const line of panel) assert.doesNotMatch(strip(line), HAN, `a diagnostic in Chinese: ${line}`);
    const labels = await textsOf(app, '[data-testid="subject-step"] label');
    for (const l of labels) assert.doesNotMatch(l, HAN, `a label in Chinese: ${l}`);
    const steps = await textsOf(app, '[role="tab"]');
    assert.equal(steps.length, 7);
    for (const s of steps) assert.doesNotMatch(s, HAN, s);
    const messages = await textsOf(app, '[data-testid="field-diagnostic"]');
    for (const m of messages) assert.doesNotMatch(strip(m), HAN, `a field message in Chinese: ${m}`);
    await screenshot(app, "english-subject");

    await (await byTestId(app, "step-type")).click();
    const typeStep = await textOf(app, '[data-testid="type-step"]');
    assert.match(typeStep, /First filing/);
    assert.doesNotMatch(strip(typeStep), HAN, typeStep);
    await screenshot(app, "english-type");

    // And back: the same screen in Chinese at once.
    await (await byTestId(app, "lang-zh")).click();
    await until(app, "Chinese again", async () => /首次备案/.test(await textOf(app, '[data-testid="type-step"]')));
  } finally {
    await app.deleteSession();
  }
});
