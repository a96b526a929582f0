import { describe, expect, it } from "vitest";
import { countdown, cst, fileSize } from "./time";

describe("countdown", () => {
  it("splits into hours and two-digit minutes and seconds", () => {
    expect(countdown(((23 * 60 + 59) * 60 + 5) * 1000 + 999)).toEqual({ h: 23, m: "59", s: "05" });
    expect(countdown(1000)).toEqual({ h: 0, m: "00", s: "01" });
    expect(countdown(50 * 3_600_000)).toEqual({ h: 50, m: "00", s: "00" });
  });

  it("is over at zero and below", () => {
    expect(countdown(0)).toBeNull();
    expect(countdown(-5)).toBeNull();
    expect(countdown(Number.NaN)).toBeNull();
  });
});

describe("cst", () => {
  it("writes the instant in China Standard Time whatever the zone of the computer", () => {
    expect(cst("2026-01-31T16:30:00Z", "en-GB", { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" })).toBe("01/02, 00:30");
    expect(cst("2026-01-31T16:30:00Z", "zh-CN")).toMatch(/^2026\/2\/1 0?0:30:00$/);
  });

  it("writes what toLocaleString writes, for each locale and options, also when asked again", () => {
    const at = "2026-07-04T23:59:30Z";
    const cases: [string, Intl.DateTimeFormatOptions][] = [
      ["zh-CN", {}],
      ["en-US", {}],
      ["zh-CN", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }],
      ["en-US", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }],
    ];
    for (const [locale, options] of cases) {
      const want = new Date(at).toLocaleString(locale, { timeZone: "Asia/Shanghai", hour12: false, ...options });
      expect(cst(at, locale, options)).toBe(want);
      expect(cst(at, locale, options)).toBe(want);
    }
  });
});

describe("fileSize", () => {
  it("rounds kilobytes up and writes megabytes with one decimal", () => {
    expect(fileSize(1)).toBe("1 KB");
    expect(fileSize(1025)).toBe("2 KB");
    expect(fileSize(1024 * 1024)).toBe("1.0 MB");
    expect(fileSize(2.5 * 1024 * 1024)).toBe("2.5 MB");
  });
});
