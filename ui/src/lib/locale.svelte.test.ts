import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// Loaded once with this file, so that it shares Svelte's runtime with the effects below (the
// other tests load the module afresh).
import * as shared from "./locale.svelte";

// The language module reads localStorage when it loads: each test loads it afresh over a
// storage of its own.
function storage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

async function load() {
  vi.resetModules();
  return import("./locale.svelte");
}

describe("the window's language", () => {
  let store: ReturnType<typeof storage>;
  beforeEach(() => {
    store = storage();
    vi.stubGlobal("localStorage", store);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is Chinese by default", async () => {
    const l = await load();
    expect(l.lang()).toBe("zh");
    expect(l.t("appTitle")).toBe("备案工作台");
    expect(l.locale()).toBe("zh-CN");
  });

  it("switches every text and is remembered", async () => {
    const l = await load();
    l.setLang("en");
    expect(l.t("appTitle")).toBe("Beian Desk");
    expect(l.t("fileCount", { n: 1 })).toBe("1 file");
    const draft = { code: "draft", label: "草稿", label_en: "Draft" };
    expect(l.label(draft)).toBe("Draft");
    expect(store.data.get(l.STORAGE_KEY)).toBe("en");
    const again = await load();
    expect(again.lang()).toBe("en");
  });

  it("re-renders: what reads a text is run again when the language changes", () => {
    const l = shared;
    const seen: string[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(l.t("listCount", { total: 1 }));
      });
    });
    flushSync();
    l.setLang("en");
    flushSync();
    l.setLang("zh");
    flushSync();
    stop();
    expect(seen).toEqual(["1 条", "1 filing", "1 条"]);
  });

  it("ignores a stored value that is no language", async () => {
    store.data.set("beian-desk.lang", "fr");
    expect((await load()).lang()).toBe("zh");
  });

  it("works without storage", async () => {
    vi.stubGlobal("localStorage", undefined);
    const l = await load();
    l.setLang("en");
    expect(l.t("save")).toBe("Save");
  });

  it("labels catalog codes and falls back to the code", async () => {
    const l = await load();
    const list = [{ code: "draft", label: "草稿", label_en: "Draft" }];
    expect(l.labelOf(list, "draft")).toBe("草稿");
    l.setLang("en");
    expect(l.labelOf(list, "draft")).toBe("Draft");
    l.setLang("zh");
    expect(l.labelOf(list, "gone")).toBe("gone");
    expect(l.labelOf(list, null, "—")).toBe("—");
    expect(l.text(() => l.t("save"))).toBe("保存");
    expect(l.text("来自 Rust")).toBe("来自 Rust");
  });
});
