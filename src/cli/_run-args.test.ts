import { describe, expect, test } from "bun:test";
import { parseForDuration, parseSymbols, parseUntil } from "./_run-args.ts";

describe("run flags", () => {
  test("--for takes 60s, 5m, 1h30m and plain seconds; anything else names the expected form", () => {
    expect(parseForDuration("60s")).toBe(60_000);
    expect(parseForDuration("1h30m")).toBe(5_400_000);
    expect(parseForDuration("90")).toBe(90_000);
    expect(() => parseForDuration("soon")).toThrow(/--for must be a duration like 60s/);
    expect(() => parseForDuration("0s")).toThrow(/> 0/);
    expect(parseForDuration("10s", "--reconcile-every")).toBe(10_000);
    expect(() => parseForDuration("often", "--reconcile-every")).toThrow(/^--reconcile-every must be a duration like 60s/);
  });

  test("--until takes HH:MM (next occurrence) or an ISO instant in the future", () => {
    const now = new Date(2025, 2, 14, 12, 0).getTime();
    expect(parseUntil("13:30", now)).toBe(new Date(2025, 2, 14, 13, 30).getTime());
    expect(parseUntil("11:00", now)).toBe(new Date(2025, 2, 15, 11, 0).getTime());
    expect(parseUntil("2030-01-01T00:00:00Z", now)).toBe(Date.UTC(2030, 0, 1));
    expect(() => parseUntil("2020-01-01T00:00:00Z", now)).toThrow(/already past/);
    expect(() => parseUntil("25:00", now)).toThrow(/hour must be/);
  });

  test("--symbols upper-cases, drops repeats and names a malformed ticker", () => {
    expect(parseSymbols("aapl, msft,AAPL")).toEqual(["AAPL", "MSFT"]);
    expect(() => parseSymbols("AAPL,$$")).toThrow(/'\$\$' is not a ticker/);
  });
});
