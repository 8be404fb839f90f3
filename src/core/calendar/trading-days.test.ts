import { describe, expect, test } from "bun:test";
import { nextTradingDay, previousTradingDay, tradingDaysBetween } from "./trading-days.ts";

describe("trading days", () => {
  test("NYSE had 252 trading days in 2024, 250 in 2025, 250 in 2023 and 248 in 2001", () => {
    expect(tradingDaysBetween("2024-01-01", "2024-12-31").length).toBe(252);
    expect(tradingDaysBetween("2025-01-01", "2025-12-31").length).toBe(250);
    expect(tradingDaysBetween("2023-01-01", "2023-12-31").length).toBe(250);
    expect(tradingDaysBetween("2001-01-01", "2001-12-31").length).toBe(248);
  });

  test("both ends included; empty when reversed", () => {
    expect(tradingDaysBetween("2024-03-27", "2024-04-02")).toEqual(["2024-03-27", "2024-03-28", "2024-04-01", "2024-04-02"]);
    expect(tradingDaysBetween("2024-04-02", "2024-03-27")).toEqual([]);
    expect(tradingDaysBetween("2024-03-29", "2024-03-29")).toEqual([]);
  });

  test("next and previous skip weekends, holidays and closures", () => {
    expect(nextTradingDay("2024-03-28")).toBe("2024-04-01");
    expect(previousTradingDay("2024-04-01")).toBe("2024-03-28");
    expect(nextTradingDay("2012-10-26")).toBe("2012-10-31");
    expect(previousTradingDay("2022-01-03")).toBe("2021-12-31");
  });

  test("bad dates are refused with the expected form", () => {
    expect(() => tradingDaysBetween("2024-02-30", "2024-03-01")).toThrow("expected a date as YYYY-MM-DD, got '2024-02-30'");
  });
});
