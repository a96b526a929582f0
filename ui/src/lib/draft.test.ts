import { describe, expect, it } from "vitest";
import { canonical, setByPath } from "./draft";

function doc() {
  return {
    subject: { name: "李娜", principal: { name: "李娜", phone2: null as string | null } },
    websites: [
      { name: "a", principal: null as { name: string } | null },
      { name: "b", principal: { name: "王伟" } },
    ],
  };
}

describe("setByPath", () => {
  it("sets a nested field and an element's field by index", () => {
    const d = doc();
    expect(setByPath(d, "subject.principal.name", "王小明")).toBe(true);
    expect(setByPath(d, "websites[1].principal.name", "张三")).toBe(true);
    expect(d.subject.principal.name).toBe("王小明");
    expect(d.websites[1]?.principal?.name).toBe("张三");
    expect(d.websites[0]?.name).toBe("a");
  });

  it("sets a field that holds null", () => {
    const d = doc();
    expect(setByPath(d, "subject.principal.phone2", "13900000000")).toBe(true);
    expect(d.subject.principal.phone2).toBe("13900000000");
  });

  it("changes nothing when the path does not lead to an existing field", () => {
    const d = doc();
    const before = JSON.stringify(d);
    expect(setByPath(d, "subject.nickname", "x")).toBe(false);
    expect(setByPath(d, "websites[5].name", "x")).toBe(false);
    expect(setByPath(d, "websites[0].principal.name", "x")).toBe(false); // principal is null
    expect(setByPath(d, "", "x")).toBe(false);
    expect(JSON.stringify(d)).toBe(before);
  });
});

describe("canonical", () => {
  it("treats a null field as an absent one, so a select writing null is not an edit", () => {
    const stored = { format: "beian-filing/1", subject: { name: "张三", filed: { icp_number: null } } };
    const shown = { format: "beian-filing/1", filing_type: null, subject: { name: "张三", filed: { icp_number: null } } };
    expect(canonical(shown)).toBe(canonical(stored));
  });
  it("still sees a real edit", () => {
    const stored = { subject: { name: "张三" }, filing_type: null };
    expect(canonical({ subject: { name: "张三" }, filing_type: "first_filing" })).not.toBe(canonical(stored));
    expect(canonical({ subject: { name: "李四" } })).not.toBe(canonical(stored));
    expect(canonical({ websites: [{ domains: ["a.cn", "b.cn"] }] })).not.toBe(canonical({ websites: [{ domains: ["a.cn"] }] }));
  });
});
