// Diagnostics of the open filing, shared by the form fields through Svelte context. The rules
// themselves run in Rust (`check_document`); this only files their results by field path and
// orders them by severity (the pure functions below are tested in diagnostics.test.ts).
import { getContext, setContext } from "svelte";
import type { Diagnostic, RuleInfo_Serialize as RuleInfo, Severity, Shown_Serialize as Shown } from "./bindings";

const KEY = Symbol("diagnostics");

/** Severities, most serious first. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "reminder"];

/** Whether the field path `field` is `path` (or, with `under`, anything inside it). */
function within(field: string, path: string, under: boolean): boolean {
  if (field === path) return true;
  return under && (field.startsWith(path + ".") || field.startsWith(path + "["));
}

/** Whether a diagnostic is about the field at `path` (or, with `under`, anything inside it). */
export function concerns(d: Diagnostic, path: string, under = false): boolean {
  return within(d.field, path, under);
}

/** The diagnostics about one field (see `concerns`), most serious first, in their order otherwise. */
export function diagnosticsAt<D extends Diagnostic>(list: readonly D[], path: string, under = false): D[] {
  return bySeverity(list.filter((d) => concerns(d, path, under)));
}

/** A copy of `list` sorted most serious first; equal severities keep their order. */
export function bySeverity<D extends Diagnostic>(list: readonly D[]): D[] {
  return [...list].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

/** The most serious severity in `list`, or null when it is empty. */
export function worstSeverity(list: readonly Diagnostic[]): Severity | null {
  return SEVERITIES.find((s) => list.some((d) => d.severity === s)) ?? null;
}

/** How many diagnostics of each severity. */
export function countBySeverity(list: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, reminder: 0 };
  for (const d of list) counts[d.severity] += 1;
  return counts;
}

/** The diagnostics filed by field path ("" for the filing as a whole), in their order. */
export function groupByField<D extends Diagnostic>(list: readonly D[]): Map<string, D[]> {
  const groups = new Map<string, D[]>();
  for (const d of list) {
    const group = groups.get(d.field);
    if (group) group.push(d);
    else groups.set(d.field, [d]);
  }
  return groups;
}

/** The diagnostics of the open filing as Rust presents them (field labels, English, citations). */
export class DiagnosticsStore {
  list: Shown[] = $state([]);
  rules: Map<string, RuleInfo> = new Map();
  /** What the store refused at its last save, at the field it named (until the document changes). */
  refused: { field: string; message: string } | null = $state(null);

  /** The store's refusal of this field (or, with `under`, of anything inside it), if any. */
  refusalAt(path: string, under = false): string | null {
    const r = this.refused;
    return r && within(r.field, path, under) ? r.message : null;
  }

  /** Diagnostics of exactly this field, or of anything under it when `under` is set. */
  at(path: string, under = false): Shown[] {
    return diagnosticsAt(this.list, path, under);
  }
  get errors() {
    return countBySeverity(this.list).error;
  }
  get warnings() {
    return countBySeverity(this.list).warning;
  }
}

export function provideDiagnostics(store: DiagnosticsStore) {
  setContext(KEY, store);
}

export function useDiagnostics(): DiagnosticsStore | undefined {
  return getContext<DiagnosticsStore | undefined>(KEY);
}

/** Which step of the stepper shows a field path. */
export function stepOf(path: string): string {
  if (path === "filing_type" || path.startsWith("subject.filed")) return "type";
  if (path.startsWith("subject")) return "subject";
  if (/^websites\[\d+\]\.product/.test(path)) return "product";
  if (path.startsWith("websites")) return "website";
  if (path.startsWith("materials")) return "upload";
  return "confirm";
}
