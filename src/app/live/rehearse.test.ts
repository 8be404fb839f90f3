import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AppConfigSchema } from "../../config/schema.ts";
import { buildTradingSetup } from "../setup/trading-setup.ts";
import { rehearseOrderPath } from "./rehearse.ts";

describe("rehearseOrderPath", () => {
  test("sends one order through the runner's checks and group commit on throwaway parts", () => {
    const setup = buildTradingSetup(v.parse(AppConfigSchema, {}), { strategy: "sma-cross", params: { fast: 5, slow: 20 }, symbols: ["AAPL"], barSize: "5m" });
    // Wednesday 2024-03-13 11:00 New York: inside the regular session the default rules allow.
    expect(rehearseOrderPath(setup, Date.UTC(2024, 2, 13, 15, 0))).toBe(1);
  });

  test("outside the session hours the checks refuse it and nothing is sent", () => {
    const setup = buildTradingSetup(v.parse(AppConfigSchema, {}), { strategy: "sma-cross", params: { fast: 5, slow: 20 }, symbols: ["AAPL"], barSize: "5m" });
    // Sunday: the market-hours rule refuses; the rehearsal still returns normally.
    expect(rehearseOrderPath(setup, Date.UTC(2024, 2, 10, 15, 0))).toBe(0);
  });
});
