import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { offenders, svelteFiles } from "./check-no-han.mjs";

describe("offenders", () => {
  it("reports each run of Chinese with its line and column", () => {
    const source = "<p>{t(\"ok\")}</p>\n<p>保存</p>\n  <!-- 注释 --> <b>{a}：{b}</b>";
    expect(offenders(source)).toEqual([
      { line: 2, column: 4, text: "保存" },
      { line: 3, column: 8, text: "注释" },
      { line: 3, column: 21, text: "：" },
    ]);
  });

  it("lets English, symbols and typographic quotes through", () => {
    expect(offenders("<button>＋ {t(\"add\")}</button> “Add” — ⓘ ✕ ⚠ · …")).toEqual([]);
  });
});

describe("svelteFiles", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "no-han-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds the .svelte files in every folder, and only those", () => {
    mkdirSync(path.join(dir, "components"));
    writeFileSync(path.join(dir, "App.svelte"), "");
    writeFileSync(path.join(dir, "components", "A.svelte"), "");
    writeFileSync(path.join(dir, "components", "a.ts"), "");
    expect(svelteFiles(dir).map((f) => path.relative(dir, f))).toEqual(["App.svelte", path.join("components", "A.svelte")]);
  });
});
