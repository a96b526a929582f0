// Edits of the filing draft that do not come from a form field (识别证件's “采用”): one generic
// setter by exchange-format path, the same paths Rust uses in diagnostics and proposals.

/** `websites[1].principal.name` → ["websites", "1", "principal", "name"]. */
function keys(path: string): string[] {
  return path.replace(/\[(\d+)\]/g, ".$1").split(".").filter((k) => k.length > 0);
}

/**
 * Sets the field at `path` of `draft` (a Svelte state proxy: the change is tracked like typing).
 * Returns false, changing nothing, when the path does not lead to an existing field.
 */
export function setByPath(draft: object, path: string, value: unknown): boolean {
  const parts = keys(path);
  const last = parts.pop();
  if (last === undefined) return false;
  let node: unknown = draft;
  for (const k of parts) {
    if (node === null || typeof node !== "object" || !(k in node)) return false;
    node = (node as Record<string, unknown>)[k];
  }
  if (node === null || typeof node !== "object" || !(last in node)) return false;
  (node as Record<string, unknown>)[last] = value;
  return true;
}

/**
 * The draft as compared for “unsaved changes”: JSON in which a field that is `null` and a field
 * that is absent are the same (Rust reads both as “none”; a `<select>` bound to an absent
 * `filing_type` writes `null` into it on mount, which is not an edit).
 */
export function canonical(doc: unknown): string {
  return JSON.stringify(doc, (_key, value) => (value === null ? undefined : value));
}
