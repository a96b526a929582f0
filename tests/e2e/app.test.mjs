// The real app, end to end: create a draft in the window, edit it, restart, find it again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDriver, stopAll, newDataDir, launch, byTestId, screenshot, chineseRenderingProblem, textOf, textsOf, until } from "./lib/app.mjs";

before(startDriver);
after(stopAll);

test("a draft filing created in the window survives a restart", async () => {
  const dataDir = newDataDir();
  let app = await launch(dataDir);
  try {
    const heading = await app.$("h1");
    await heading.waitForDisplayed({ timeout: 15000 });
    assert.equal(await heading.getText(), "备案工作台");
    assert.equal(await chineseRenderingProblem(app), null);

    // Ctrl+N opens the new-filing dialog; an empty name is refused at the field.
    await app.keys(["Control", "n"]);
    await byTestId(app, "new-filing-dialog");
    await (await byTestId(app, "new-submit")).click();
    const fieldError = await app.$('[data-testid="new-filing-dialog"] [role="alert"]');
    await fieldError.waitForDisplayed({ timeout: 5000 });
    assert.match(await fieldError.getText(), /请填写主办单位/);

    await (await byTestId(app, "new-subject")).setValue("杭州西湖测试科技有限公司");
    await (await byTestId(app, "new-domain")).setValue("xihu-test.cn");
    await (await byTestId(app, "new-submit")).click();

    const title = '[data-testid="filing-title"]';
    await until(app, "the new filing to open", async () => (await textOf(app, title)) === "杭州西湖测试科技有限公司");
    assert.match(await textOf(app, '[data-testid="order-no"]'), /^BA\d{8}-\d{4}$/);
    const items = await textsOf(app, '[data-testid="filing-item"]');
    assert.equal(items.length, 1);
    assert.match(items[0], /xihu-test\.cn/);

    // Edit the subject name in 主体信息 and save with Ctrl+S.
    await (await byTestId(app, "step-subject")).click();
    const name = await byTestId(app, "subject-name");
    await name.clearValue();
    await name.setValue("杭州西湖改名科技有限公司");
    await app.keys(["Control", "s"]);
    await until(app, "the save", async () => (await textOf(app, '[data-testid="save-state"]')) === "已保存");
    // The list is read again after the save: it shows the new name moments later.
    await until(app, "the list to show the new name", async () =>
      /杭州西湖改名科技有限公司/.test((await textsOf(app, '[data-testid="filing-item"]'))[0] ?? ""));
    await screenshot(app, "main-window");

    // Something enormous pasted into a field (a text area: WebKit clips an input at 524,288
    // characters): the store refuses the save, and the refusal shows at that field, focused.
    await (await byTestId(app, "step-website")).click();
    const domains = '[data-testid="website-0-domains"]';
    const paste = (text) => app.execute((sel, t) => {
      const area = document.querySelector(sel);
      area.value = t === null ? "xihu-test.cn" : t.repeat(1_500_000);
      area.dispatchEvent(new Event("change", { bubbles: true }));
    }, domains, text);
    await paste("长");
    await app.keys(["Control", "s"]);
    const refused = '[data-field="websites[0].domains"] [role="alert"]';
    await until(app, "the refusal at the field", async () => /过长/.test(await textOf(app, refused)));
    assert.equal(await app.execute(() => document.activeElement?.dataset.testid), "website-0-domains", "the field has the focus");
    assert.equal(await app.execute((sel) => document.querySelector(sel).getAttribute("aria-invalid"), domains), "true");
    assert.equal(await textOf(app, '[data-testid="save-state"]'), "有未保存的修改", "nothing was saved");
    await screenshot(app, "store-refusal-at-field");
    await paste(null);
    await until(app, "the refusal to go with the change", async () => (await textOf(app, refused)) === "");
    await until(app, "back to the saved state", async () => (await textOf(app, '[data-testid="save-state"]')) === "已保存");
  } finally {
    await app.deleteSession();
  }

  // Start again on the same data directory: the edited filing is there.
  app = await launch(dataDir);
  try {
    const item = await byTestId(app, "filing-item", 15000);
    const text = await textOf(app, '[data-testid="filing-item"]');
    assert.match(text, /杭州西湖改名科技有限公司/);
    assert.match(text, /xihu-test\.cn/);
    await item.click();
    await until(app, "the filing to open", async () => (await textOf(app, '[data-testid="filing-title"]')) === "杭州西湖改名科技有限公司");
    await (await byTestId(app, "step-progress")).click();
    await byTestId(app, "history");
    assert.match(await textOf(app, '[data-testid="history"]'), /已创建[\s\S]*已修改/);
    await screenshot(app, "after-restart");
  } finally {
    await app.deleteSession();
  }
});

test("search narrows the list and an unknown term shows none", async () => {
  const dataDir = newDataDir();
  const app = await launch(dataDir);
  try {
    for (const [subject, domain] of [["张三", "zhangsan.cn"], ["李四", "lisi.com"]]) {
      await (await app.$("header button.primary")).click();
      await (await byTestId(app, "new-subject")).setValue(subject);
      await (await byTestId(app, "new-domain")).setValue(domain);
      await (await byTestId(app, "new-submit")).click();
      await until(app, `${subject} to open`, async () => (await textOf(app, '[data-testid="filing-title"]')) === subject);
    }
    assert.equal((await textsOf(app, '[data-testid="filing-item"]')).length, 2);
    const search = await byTestId(app, "search");
    await search.setValue("lisi");
    await until(app, "one result", async () => (await textsOf(app, '[data-testid="filing-item"]')).length === 1);
    assert.match(await textOf(app, '[data-testid="filing-item"]'), /李四/);
    await search.clearValue();
    await search.setValue("nobody-here");
    await until(app, "no result", async () => (await textsOf(app, '[data-testid="filing-item"]')).length === 0);
    assert.match(await textOf(app, '[data-testid="filing-list"]'), /没有符合条件的备案/);
  } finally {
    await app.deleteSession();
  }
});
