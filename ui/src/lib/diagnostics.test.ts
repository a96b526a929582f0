import { describe, expect, it } from "vitest";
import type { Severity, Shown_Serialize as Shown } from "./bindings";
import {
  bySeverity,
  concerns,
  countBySeverity,
  diagnosticsAt,
  DiagnosticsStore,
  groupByField,
  stepOf,
  worstSeverity,
} from "./diagnostics.svelte";

const d = (field: string, severity: Severity = "error", rule = "R"): Shown => ({
  code: "c",
  severity,
  field,
  message: `${field} ${severity}`,
  message_en: `${field} ${severity} (en)`,
  rule_message_en: null,
  rule,
  source: "guide",
  field_label: field ? { zh: field, en: field } : null,
  citation: { zh: "指南", en: "guide" },
});

const list = [
  d("websites[0].domains[1]", "warning"),
  d("websites[0].domains", "reminder"),
  d("websites[0].domainsX"),
  d("websites[10].name"),
  d("websites[1].name", "reminder"),
  d("websites[1].name", "error", "R2"),
  d("subject.name", "warning"),
  d(""),
];

describe("diagnostics by field", () => {
  it("files a diagnostic at its exact path", () => {
    expect(diagnosticsAt(list, "websites[0].domains").map((x) => x.field)).toEqual(["websites[0].domains"]);
    expect(diagnosticsAt(list, "websites[1].name").map((x) => x.rule)).toEqual(["R2", "R"]);
    expect(diagnosticsAt(list, "subject")).toEqual([]);
  });

  it("with `under`, also files what lies inside the path, and nothing that merely starts alike", () => {
    const fields = diagnosticsAt(list, "websites[0].domains", true).map((x) => x.field);
    expect(fields).toEqual(["websites[0].domains[1]", "websites[0].domains"]);
    expect(concerns(d("websites[0].domainsX"), "websites[0].domains", true)).toBe(false);
    expect(concerns(d("websites[10].name"), "websites[1]", true)).toBe(false);
    expect(concerns(d("websites[1].name"), "websites[1]", true)).toBe(true);
    expect(concerns(d("websites[1].name"), "websites", true)).toBe(true);
  });

  it("groups the whole list by field, in order", () => {
    const groups = groupByField(list);
    expect([...groups.keys()]).toEqual([
      "websites[0].domains[1]", "websites[0].domains", "websites[0].domainsX", "websites[10].name", "websites[1].name", "subject.name", "",
    ]);
    expect(groups.get("websites[1].name")?.map((x) => x.severity)).toEqual(["reminder", "error"]);
  });
});

describe("severities", () => {
  it("sorts the most serious first and keeps the order among equals", () => {
    const sorted = bySeverity([d("a", "reminder"), d("b", "warning"), d("c"), d("d", "warning"), d("e")]);
    expect(sorted.map((x) => x.field)).toEqual(["c", "e", "b", "d", "a"]);
  });

  it("names the worst severity and counts each", () => {
    expect(worstSeverity([d("a", "reminder"), d("b", "warning")])).toBe("warning");
    expect(worstSeverity([d("a", "reminder")])).toBe("reminder");
    expect(worstSeverity([])).toBeNull();
    expect(countBySeverity(list)).toEqual({ error: 4, warning: 2, reminder: 2 });
  });
});

describe("DiagnosticsStore", () => {
  it("answers a field from its list and counts errors and warnings", () => {
    const store = new DiagnosticsStore();
    store.list = list;
    expect(store.at("websites[1].name").map((x) => x.severity)).toEqual(["error", "reminder"]);
    expect(store.at("websites[0]", true)).toHaveLength(3);
    expect(store.errors).toBe(4);
    expect(store.warnings).toBe(2);
  });

  it("holds the store's refusal at the one field it names", () => {
    const store = new DiagnosticsStore();
    expect(store.refusalAt("subject.name")).toBeNull();
    store.refused = { field: "websites[1].name", message: "过长" };
    expect(store.refusalAt("websites[1].name")).toBe("过长");
    expect(store.refusalAt("websites[1]")).toBeNull();
    expect(store.refusalAt("websites[10].name")).toBeNull();
    expect(store.refusalAt("websites[1]", true)).toBe("过长");
    expect(store.refusalAt("websites[11]", true)).toBeNull();
  });
});

describe("stepOf", () => {
  it("names the step that shows a field", () => {
    expect(stepOf("subject.cert_address")).toBe("subject");
    expect(stepOf("subject.principal.phone")).toBe("subject");
    expect(stepOf("subject.filed.icp_number")).toBe("type");
    expect(stepOf("filing_type")).toBe("type");
    expect(stepOf("websites[2].product.instance_id")).toBe("product");
    expect(stepOf("websites[2].name")).toBe("website");
    expect(stepOf("materials.subject_certificate")).toBe("upload");
    expect(stepOf("")).toBe("confirm");
  });
});
