// The window's language, as Svelte state: every text rendered through `t` (or `label`) is read
// again when the language changes, so a switch re-renders the whole window. The choice is kept
// in localStorage; Chinese is the default. The tables themselves are in i18n.ts.
import type { Label, Labeled } from "./bindings";
import { bilingualIn, LANG_TAGS, LANGS, labelIn, messageIn, translate, type Key, type Lang, type ParamsOf } from "./i18n";

export const STORAGE_KEY = "beian-desk.lang";

function remembered(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (LANGS.includes(value as Lang)) return value as Lang;
  } catch {
    // No storage (private mode, tests): the default.
  }
  return "zh";
}

const current = $state<{ lang: Lang }>({ lang: remembered() });

/** The language the window speaks. */
export function lang(): Lang {
  return current.lang;
}

/** Switches the window's language and remembers the choice. */
export function setLang(l: Lang) {
  current.lang = l;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
  } catch {
    // Not remembered, still switched.
  }
}

/** The text of `key` in the current language, its `{…}` parameters filled in. */
export function t<K extends Key>(key: K, ...params: ParamsOf<K>): string {
  return translate(current.lang, key, ...params);
}

/** The BCP 47 tag of the current language (dates, the document's `lang`). */
export function locale(): string {
  return LANG_TAGS[current.lang];
}

/** A catalog entry's label in the current language. */
export function label(entry: { label: string; label_en?: string | null }): string {
  return labelIn(current.lang, entry);
}

/** The label of `code` in a catalog list; `fallback` (else the code itself) when it is not there. */
export function labelOf(list: readonly Labeled[], code: string | null | undefined, fallback?: string): string {
  const entry = list.find((x) => x.code === code);
  return entry ? label(entry) : (fallback ?? code ?? "");
}

/** A text Rust gives in both languages, in the current one. */
export function pick(text: Label): string {
  return bilingualIn(current.lang, text);
}

/** A text Rust gives as two fields (Chinese, and English when it has one), in the current language. */
export function inLang(zh: string, en: string | null | undefined): string {
  return pick({ zh, en: en || zh });
}

/** A diagnostic's message in the current language. */
export function message(d: { message: string; message_en?: string | null }): string {
  return messageIn(current.lang, d);
}

/**
 * A message to show later: Rust's text as it came, or a thunk over `t` so that a message of the
 * window's own follows a language switch while it is on screen.
 */
export type Text = string | (() => string);
export function text(x: Text): string {
  return typeof x === "function" ? x() : x;
}
