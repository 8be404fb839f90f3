import { describe, expect, test } from "bun:test";
import { UserError } from "../core/errors.ts";
import { parseAtFlag } from "./_at-flag.ts";

describe("parseAtFlag", () => {
  test("zoned ISO times are exact", () => {
    expect(parseAtFlag("2026-11-27T15:00Z")).toBe(Date.parse("2026-11-27T15:00:00Z"));
    expect(parseAtFlag("2026-11-27T10:00-05:00")).toBe(Date.parse("2026-11-27T15:00:00Z"));
  });

  test("unzoned times are New York wall time, in either DST state", () => {
    expect(parseAtFlag("2026-11-27T10:00")).toBe(Date.parse("2026-11-27T15:00:00Z"));
    expect(parseAtFlag("2026-07-01 09:30:15")).toBe(Date.parse("2026-07-01T13:30:15Z"));
    expect(parseAtFlag("2026-07-01")).toBe(Date.parse("2026-07-01T16:00:00Z"));
  });

  test("bad input names the flag and the expected forms", () => {
    for (const bad of ["garbage", "2026-02-30", "2026-07-01T25:00", "2026-07-01T10:00+99:99x"]) {
      expect(() => parseAtFlag(bad)).toThrow(UserError);
      expect(() => parseAtFlag(bad)).toThrow(`--at: expected an ISO time`);
    }
  });
});
