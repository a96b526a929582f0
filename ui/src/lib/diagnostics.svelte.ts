// Diagnostics of the open filing, shared by the form fields through Svelte context. The rules
// themselves run in Rust (`check_document`); this only files their results by field path.
import { getContext, setContext } from "svelte";
import type { Diagnostic, RuleInfo_Serialize as RuleInfo } from "./bindings";

const KEY = Symbol("diagnostics");

export class DiagnosticsStore {
  list: Diagnostic[] = $state([]);
  rules: Map<string, RuleInfo> = new Map();

  /** Diagnostics of exactly this field, or of anything under it when `under` is set. */
  at(path: string, under = false): Diagnostic[] {
    return this.list.filter((d) =>
      under ? d.field === path || d.field.startsWith(path + ".") || d.field.startsWith(path + "[") : d.field === path,
    );
  }
  get errors() {
    return this.list.filter((d) => d.severity === "error").length;
  }
  get warnings() {
    return this.list.filter((d) => d.severity === "warning").length;
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
  if (path.startsWith("subject")) return "subject";
  if (/^websites\[\d+\]\.product/.test(path)) return "product";
  if (path.startsWith("websites")) return "website";
  if (path === "filing_type") return "type";
  if (path.startsWith("materials")) return "upload";
  return "confirm";
}
