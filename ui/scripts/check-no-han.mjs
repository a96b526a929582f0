#!/usr/bin/env node
// Fails when a .svelte file holds Chinese: every text of the window lives in src/lib/i18n.ts, so
// that the English window is complete. Flags Han characters and Chinese punctuation (、。，：；（）！？
// and the CJK brackets) anywhere in the file — markup, script, style and comments alike.
// Usage: node scripts/check-no-han.mjs [dir …]   (default: src). Prints file:line:column of each
// offender and exits 1 when there is one.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CHINESE = /[\p{Script=Han}\u3000-\u303F\uFF01\uFF08\uFF09\uFF0C\uFF1A\uFF1B\uFF1F]+/gu;

/** Each run of Chinese in `source`: its 1-based line and column and the text. */
export function offenders(source) {
  const found = [];
  source.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(CHINESE)) found.push({ line: i + 1, column: m.index + 1, text: m[0] });
  });
  return found;
}

/** The .svelte files under `dir`, sorted. */
export function svelteFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".svelte"))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

function main(dirs) {
  let count = 0;
  let files = 0;
  for (const dir of dirs) {
    for (const file of svelteFiles(dir)) {
      files += 1;
      for (const o of offenders(readFileSync(file, "utf8"))) {
        count += 1;
        console.log(`${path.relative(process.cwd(), file)}:${o.line}:${o.column}: ${o.text}`);
      }
    }
  }
  if (count > 0) {
    console.error(`${count} Chinese text(s) in .svelte files: move them into src/lib/i18n.ts (zh and en).`);
    process.exit(1);
  }
  if (files === 0) {
    console.error(`no .svelte file found under ${dirs.join(", ")}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const args = process.argv.slice(2);
  main(args.length > 0 ? args : [path.join(here, "..", "src")]);
}
