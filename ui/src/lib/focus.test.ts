import { describe, expect, it } from "vitest";
import { rovingIndex, wrapTarget } from "./focus";

describe("wrapTarget", () => {
  const items = ["close", "name", "domain", "create"];

  it("wraps Tab from the last to the first and Shift+Tab from the first to the last", () => {
    expect(wrapTarget(items, "create", false)).toBe("close");
    expect(wrapTarget(items, "close", true)).toBe("create");
  });

  it("leaves moves inside the dialog to the browser", () => {
    expect(wrapTarget(items, "name", false)).toBeNull();
    expect(wrapTarget(items, "domain", true)).toBeNull();
    expect(wrapTarget(items, "create", true)).toBeNull();
  });

  it("brings a focus from outside back in at the near end", () => {
    expect(wrapTarget(items, null, false)).toBe("close");
    expect(wrapTarget(items, null, true)).toBe("create");
    expect(wrapTarget(items, "elsewhere", false)).toBe("close");
  });

  it("keeps a single element and knows no target among none", () => {
    expect(wrapTarget(["only"], "only", false)).toBe("only");
    expect(wrapTarget(["only"], "only", true)).toBe("only");
    expect(wrapTarget([], null, false)).toBeNull();
  });
});

describe("rovingIndex", () => {
  it("moves by one with the arrows and wraps around", () => {
    expect(rovingIndex("ArrowRight", 0, 7)).toBe(1);
    expect(rovingIndex("ArrowDown", 6, 7)).toBe(0);
    expect(rovingIndex("ArrowLeft", 0, 7)).toBe(6);
    expect(rovingIndex("ArrowUp", 3, 7)).toBe(2);
  });

  it("goes to the ends with Home and End", () => {
    expect(rovingIndex("Home", 4, 7)).toBe(0);
    expect(rovingIndex("End", 1, 7)).toBe(6);
  });

  it("ignores other keys and empty groups", () => {
    expect(rovingIndex("Enter", 2, 7)).toBeNull();
    expect(rovingIndex(" ", 2, 7)).toBeNull();
    expect(rovingIndex("a", 2, 7)).toBeNull();
    expect(rovingIndex("ArrowRight", 0, 0)).toBeNull();
  });
});
