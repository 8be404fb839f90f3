import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AppConfigSchema } from "../../config/schema.ts";
import { buildTradingSetup } from "./trading-setup.ts";

const config = v.parse(AppConfigSchema, { risk: { stopLossPct: 4, trailingStopPct: 2, maxOpenPositions: 3 }, run: { cashPerTrade: 2500, commission: "ib-tiered", slippageBps: 3 } });

describe("TradingSetup from config + flags", () => {
  test("config gives sizing, every [risk] rule, the exits, validation and costs", () => {
    const setup = buildTradingSetup(config, { strategy: "sma-cross", params: { fast: 5, slow: 20 }, symbols: ["AAPL", "MSFT"] });
    expect(setup.strategies).toEqual([{ strategy: "sma-cross", params: { fast: 5, slow: 20 }, symbols: ["AAPL", "MSFT"] }]);
    expect(setup.sizing).toEqual({ kind: "cash", amount: 2500 });
    expect(setup.risk?.limits).toMatchObject({ maxOpenPositions: 3, maxPositionValue: 10_000, dailyLossLimit: 1_000 });
    expect(setup.risk?.sessions).toEqual(["regular"]);
    expect(setup.exits).toEqual({ stopLossPct: 4, takeProfitPct: 10, trailingStopPct: 2 });
    expect(setup.validation).toEqual({ outlierSigma: 8, outlierMinMovePct: 3, maxAgeMs: 120_000 });
    expect(setup.costs).toEqual({ commission: "ib-tiered", slippageBps: 3 });
    // Plain data: what a Worker receives and the store keeps.
    expect(JSON.parse(JSON.stringify(setup))).toEqual(setup);
    expect(structuredClone(setup)).toEqual(setup);
  });

  test("flags override their key; run.qty > 0 sizes in shares", () => {
    const setup = buildTradingSetup(v.parse(AppConfigSchema, { run: { qty: 7 } }), {
      strategy: "buy-and-hold", symbols: ["SPX"], exits: { takeProfitPct: 0 }, risk: { maxOpenPositions: 1 }, commission: "none", slippageBps: 0,
    });
    expect(setup.sizing).toEqual({ kind: "qty", qty: 7 });
    expect(setup.exits).toEqual({ stopLossPct: 5, takeProfitPct: 0, trailingStopPct: 0 });
    expect(setup.risk?.limits.maxOpenPositions).toBe(1);
    expect(setup.costs).toEqual({ commission: "none", slippageBps: 0 });
  });

  test("--no-risk drops the rules and the exits, unless an exit flag is given; --no-validate drops validation", () => {
    expect(buildTradingSetup(config, { strategy: "sma-cross", symbols: ["SPX"], noRisk: true, noValidate: true })).toMatchObject({ risk: null, validation: null, exits: { stopLossPct: 0, takeProfitPct: 0, trailingStopPct: 0 } });
    expect(buildTradingSetup(config, { strategy: "sma-cross", symbols: ["SPX"], noRisk: true, exits: { stopLossPct: 3 } }).exits).toEqual({ stopLossPct: 3, takeProfitPct: 0, trailingStopPct: 0 });
  });

  test("bad values are user errors naming the flag", () => {
    expect(() => buildTradingSetup(config, { strategy: "sma-cross", symbols: ["SPX"], exits: { trailingStopPct: 100 } })).toThrow("--trailing-stop-pct must be a percentage in [0, 100) (0 = off), got 100");
    expect(() => buildTradingSetup(config, { strategy: "sma-cross", symbols: ["SPX"], slippageBps: 10_000 })).toThrow("--slippage-bps must be below 10000");
    expect(() => buildTradingSetup(config, { strategy: "sma-cross", symbols: ["SPX"], sizing: { kind: "pct-equity", pct: 150 } })).toThrow("--pct-equity must be a percentage in (0, 100]");
  });
});
