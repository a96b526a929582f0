import { afterEach, describe, expect, it } from "vitest";
import { CommandError, messageOf } from "./api";
import { setLang } from "./locale.svelte";

describe("messageOf", () => {
  afterEach(() => setLang("zh"));

  it("gives Rust's message in Chinese, led by its kind in English", () => {
    const e = new CommandError({ code: "not_allowed", message: "已提交的备案不能修改", field: null });
    setLang("zh");
    expect(messageOf(e)).toBe("已提交的备案不能修改");
    setLang("en");
    expect(messageOf(e)).toBe("Not allowed in this status (details in Chinese: 已提交的备案不能修改)");
    expect(messageOf(new CommandError({ code: "storage", message: "磁盘已满", field: null }))).toMatch(/^Storage failure/);
  });

  it("passes any other failure through", () => {
    expect(messageOf(new Error("boom"))).toBe("boom");
    expect(messageOf("plain")).toBe("plain");
  });
});
