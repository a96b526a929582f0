// The workflow in the real app: a first filing with two websites from the type check to approval,
// and a rejected filing that is fixed in the window and submitted again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT, act, status, startDriver, stopAll, newDataDir, launch, byTestId, screenshot, textOf, textsOf, until } from "./lib/app.mjs";

const BEIAN = path.join(ROOT, "target/debug/beian");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

before(startDriver);
after(stopAll);

/** Seeds a data directory with a filing document, as `beian import` does. */
function seed(dataDir, fixture) {
  execFileSync(BEIAN, ["--data-dir", dataDir, "import", path.join(FIXTURES, fixture)]);
}

async function openFirst(app) {
  const item = await byTestId(app, "filing-item", 15000);
  await item.click();
  await byTestId(app, "filing-title");
}

test("a first filing with two websites goes from the type check to approval", async () => {
  const dataDir = newDataDir();
  seed(dataDir, "two-websites.json");
  const app = await launch(dataDir);
  try {
    await openFirst(app);
    // 验证备案类型: Rust determined the type.
    await (await byTestId(app, "step-type")).click();
    await until(app, "the determined type", async () => (await textOf(app, '[data-testid="determined-type"]')).includes("首次备案"));
    // Both websites are there; no error anywhere.
    await (await byTestId(app, "step-website")).click();
    await byTestId(app, "website-1");
    await until(app, "the check to finish", async () => (await textOf(app, '[data-testid="error-count"]')) === "0 错误");

    await (await byTestId(app, "step-progress")).click();
    await act(app, "data_complete", "待上传资料");
    await act(app, "materials_done", "待确认");

    // 信息确认: personal data masked; submitting needs the confirmation.
    await (await byTestId(app, "step-confirm")).click();
    await byTestId(app, "confirm-step");
    const page = await textOf(app, '[data-testid="confirm-step"]');
    assert.match(page, /913301\*{8}/, "the credit code is masked");
    assert.match(page, /138\*{4}5678/, "the phone is masked");
    assert.doesNotMatch(page, /13812345678/, "no full phone number on the review page");
    const submit = await byTestId(app, "action-submit");
    assert.equal(await submit.isEnabled(), false, "submit waits for the confirmation");
    await (await byTestId(app, "confirm-checkbox")).click();
    await act(app, "submit", "等待初审");

    // 审核进度: deadlines and the SMS plan (浙江, after 2020-08-17: required).
    await (await byTestId(app, "step-progress")).click();
    await byTestId(app, "deadline");
    assert.match(await textOf(app, '[data-testid="sms-panel"]'), /需要短信核验/);
    await act(app, "sms_sent", "待短信核验");
    await until(app, "the 24-hour countdown", async () => /剩余 2[0-3] 小时/.test(await textOf(app, '[data-testid="sms-countdown"]')));
    await screenshot(app, "sms-verification");
    await act(app, "sms_verified", "待提交管局");
    await act(app, "submit_to_bureau", "管局审核中");
    await act(app, "approve", "已通过");
    // The history loads apart from the status: wait for the approval's entry.
    await until(app, "the approval in the history", async () => /管局审核通过/.test(await textOf(app, '[data-testid="history"]')));
    const history = await textOf(app, '[data-testid="history"]');
    for (const step of ["提交", "短信", "管局", "通过"]) assert.match(history, new RegExp(step));
    const item = (await textsOf(app, '[data-testid="filing-item"]'))[0];
    assert.match(item, /已通过/, "the list shows the new status");
    await screenshot(app, "approved");

    // From the approved filing, a change filing: a copy that may only keep or remove domains.
    const approvedOrder = await textOf(app, '[data-testid="order-no"]');
    await (await byTestId(app, "follow-change_site")).click();
    await until(app, "the change filing to open", async () => (await textOf(app, '[data-testid="order-no"]')) !== approvedOrder);
    assert.equal(await status(app), "草稿");
    assert.equal((await textsOf(app, '[data-testid="filing-item"]')).length, 2);
    await (await byTestId(app, "step-website")).click();
    const domains = await byTestId(app, "website-0-domains");
    await domains.clearValue();
    await domains.setValue("yunfan-new.cn");
    await (await byTestId(app, "website-0-name")).click(); // leave the field: the change is taken
    // Other notes may sit at the domains already: wait for an error there, the check's answer.
    await until(app, "the change rule at the domains", async () =>
      (await textsOf(app, '[data-field="websites[0].domains"] [data-testid="field-diagnostic"].error')).length > 0);
    assert.notEqual(await textOf(app, '[data-testid="error-count"]'), "0 错误");
  } finally {
    await app.deleteSession();
  }
});

test("a rejected filing is fixed in the window and submitted again", async () => {
  const dataDir = newDataDir();
  seed(dataDir, "personal.json");
  const app = await launch(dataDir);
  try {
    await openFirst(app);
    await (await byTestId(app, "step-progress")).click();
    await act(app, "data_complete", "待上传资料");
    await act(app, "materials_done", "待确认");
    await (await byTestId(app, "step-confirm")).click();
    await (await byTestId(app, "confirm-checkbox")).click();
    await act(app, "submit", "等待初审");

    // The reviewer rejects: the reason is required and kept in the history.
    await (await byTestId(app, "step-progress")).click();
    const reject = await byTestId(app, "action-reject");
    assert.equal(await reject.isEnabled(), false, "no rejection without a reason");
    await (await byTestId(app, "reject-reason")).setValue("网站名称与主体关联性不足");
    await act(app, "reject", "已驳回");
    // the status and the history are loaded apart: wait for the history to show the rejection
    await until(app, "the reason in the history", async () =>
      /网站名称与主体关联性不足/.test(await textOf(app, '[data-testid="history"]')));

    // Back to editing: a bad name is flagged at the field as it is typed, then fixed and saved.
    await act(app, "reopen", "草稿");
    await (await byTestId(app, "step-website")).click();
    const name = await byTestId(app, "website-0-name");
    await name.clearValue();
    await name.setValue("李娜的个人论坛");
    await until(app, "the field to show the rule", async () =>
      (await textsOf(app, '[data-field="websites[0].name"] [data-testid="field-diagnostic"]')).some((t) => /论坛/.test(t)));
    await screenshot(app, "field-diagnostics");
    await name.clearValue();
    await name.setValue("湖光山色摄影分享");
    await until(app, "no error left", async () => (await textOf(app, '[data-testid="error-count"]')) === "0 错误");
    await app.keys(["Control", "s"]);
    await until(app, "the save", async () => (await textOf(app, '[data-testid="save-state"]')) === "已保存");

    await (await byTestId(app, "step-progress")).click();
    await act(app, "data_complete", "待上传资料");
    await act(app, "materials_done", "待确认");
    await (await byTestId(app, "step-confirm")).click();
    await (await byTestId(app, "confirm-checkbox")).click();
    await act(app, "submit", "等待初审");
    await (await byTestId(app, "step-progress")).click();
    const history = await textOf(app, '[data-testid="history"]');
    assert.equal((history.match(/提交备案|提交/g) ?? []).length >= 2, true, "submitted twice");
  } finally {
    await app.deleteSession();
  }
});
