import { afterEach, describe, expect, it } from "vitest";
import { bilingualIn, format, isKey, labelIn, MESSAGES, messageIn, placeholders, translate, type Key } from "./i18n";

const CHINESE = /[\p{Script=Han}\u3000-\u303F\uFF08\uFF09\uFF0C\uFF1A\uFF1B]/u;

describe("format", () => {
  it("fills each placeholder by name, wherever it stands", () => {
    expect(format("{a} 和 {b}，再来 {a}", { a: 1, b: "二" })).toBe("1 和 二，再来 1");
    expect(format("by {time}: {kind}", { kind: "初审", time: "06/12 14:00" })).toBe("by 06/12 14:00: 初审");
  });

  it("picks the singular only for exactly 1", () => {
    const t = "{n} {n|file|files}";
    expect(format(t, { n: 1 })).toBe("1 file");
    expect(format(t, { n: 0 })).toBe("0 files");
    expect(format(t, { n: 2 })).toBe("2 files");
    expect(format(t, { n: "500+" })).toBe("500+ files");
  });

  it("leaves a placeholder without a value visible", () => {
    expect(format("剩余 {left}", {})).toBe("剩余 {left}");
    expect(format("{n|one|many}")).toBe("{n|one|many}");
  });

  it("ignores parameters the message does not use and leaves other braces alone", () => {
    expect(format("plain", { n: 3 })).toBe("plain");
    expect(format("{ not a placeholder } {x}", { x: 0 })).toBe("{ not a placeholder } 0");
  });
});

describe("the tables", () => {
  const zh = MESSAGES.zh;
  const en = MESSAGES.en;
  const keys = Object.keys(zh) as Key[];

  it("have the same keys in Chinese and English", () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
  });

  it("use the same parameters in both languages", () => {
    const differ = keys.filter((k) => placeholders(zh[k]).join() !== placeholders(en[k]).join());
    expect(differ).toEqual([]);
  });

  it("hold no empty text", () => {
    expect(keys.filter((k) => !zh[k].trim() || !en[k].trim())).toEqual([]);
  });

  it("speak English in English (only the example ICP number is Chinese by nature)", () => {
    const chinese = keys.filter((k) => CHINESE.test(en[k]) && k !== "icpNumberExample");
    expect(chinese).toEqual([]);
  });

  it("keep the Chinese texts the end-to-end tests match", () => {
    expect(translate("zh", "appTitle")).toBe("备案工作台");
    expect(translate("zh", "saved")).toBe("已保存");
    expect(translate("zh", "unsaved")).toBe("有未保存的修改");
    expect(translate("zh", "errorCount", { n: 0 })).toBe("0 错误");
    expect(translate("zh", "missingMaterials", { n: 2 })).toMatch(/缺 \d+ 项资料/);
    expect(translate("zh", "timeLeft", { left: translate("zh", "duration", { h: 23, m: "59", s: "01" }) })).toMatch(/剩余 2[0-3] 小时/);
    expect(translate("zh", "smsRequired", { reason: "x" })).toMatch(/需要短信核验/);
    expect(translate("zh", "uploadMissing", { list: "主体证件" })).toMatch(/尚缺必需资料/);
  });
});

describe("translate", () => {
  const en = MESSAGES.en as Partial<Record<Key, string>>;
  const saved = en.save;
  afterEach(() => {
    if (saved !== undefined) en.save = saved;
  });

  it("fills the parameters in the language asked for", () => {
    expect(translate("zh", "listCountShowing", { total: 800, shown: 500 })).toBe("800 条 · 显示前 500 条");
    expect(translate("en", "listCountShowing", { total: 800, shown: 500 })).toBe("800 filings · showing the first 500");
    expect(translate("en", "listCount", { total: 1 })).toBe("1 filing");
    expect(translate("en", "confirmErrors", { n: 1 })).toMatch(/^1 error left/);
    expect(translate("en", "confirmErrors", { n: 3 })).toMatch(/^3 errors left/);
  });

  it("falls back to Chinese for a key the language lacks, and to the key for an unknown one", () => {
    delete en.save;
    expect(translate("en", "save")).toBe("保存");
    // (a key from data that no table has; typed as a parameterless one)
    expect(translate("en", "nonexistent" as "save")).toBe("nonexistent");
  });

  it("knows its keys", () => {
    expect(isKey("appTitle")).toBe(true);
    expect(isKey("toString")).toBe(false);
    expect(isKey("history_sms_sent")).toBe(false);
  });
});

describe("labelIn", () => {
  it("takes the English label in English when there is one", () => {
    expect(labelIn("en", { label: "草稿", label_en: "Draft" })).toBe("Draft");
    expect(labelIn("zh", { label: "草稿", label_en: "Draft" })).toBe("草稿");
    expect(labelIn("en", { label: "草稿" })).toBe("草稿");
    expect(labelIn("en", { label: "草稿", label_en: "" })).toBe("草稿");
  });
});

describe("texts Rust gives in both languages", () => {
  it("picks the language, and the Chinese when the English is missing", () => {
    expect(bilingualIn("en", { zh: "证件住所", en: "Address on the certificate" })).toBe("Address on the certificate");
    expect(bilingualIn("zh", { zh: "证件住所", en: "Address on the certificate" })).toBe("证件住所");
    expect(bilingualIn("en", { zh: "证件住所", en: "" })).toBe("证件住所");
  });

  it("shows a diagnostic in English by the rulebook's English wording when there is one", () => {
    const d = { message: "网站名称含“论坛”", message_en: "The website name must not suggest a forum" };
    expect(messageIn("en", d)).toBe("The website name must not suggest a forum");
    expect(messageIn("zh", d)).toBe("网站名称含“论坛”");
    expect(messageIn("en", { message: "网站名称含“论坛”", message_en: null })).toBe("网站名称含“论坛”");
  });
});
