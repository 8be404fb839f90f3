import { describe, expect, test } from "bun:test";
import type { Bar } from "../../core/bar.ts";
import type { OrderRequest } from "../../core/order.ts";
import type { PortfolioView } from "../../core/portfolio.ts";
import { configureStrategy } from "../registry.ts";
import type { MarketView } from "../api/public-types.ts";
import type { Direction, StrategyContext } from "../types.ts";
import { mlRefusals, type ProbabilitySource } from "./ml.ts";

/** A source whose probability at bar time i is PROBS[i] (NaN: features still warming up). */
const PROBS = [NaN, NaN, 0.5, 0.56, 0.6, 0.52, 0.49, 0.3, 0.44, 0.46, 0.7];
const source: ProbabilitySource = {
  modelId: "m1",
  scorer: (symbol) => (symbol === "BAD" ? "its features need a market index" : { score: (bar: Bar) => PROBS[bar.time]! }),
};

/** Drives the strategy by hand; fills are instant (not the engine's rule). */
function drive(direction: Direction, params: Record<string, unknown> = {}, predictions?: string[]) {
  const configured = configureStrategy("ml", { model: source, ...params });
  const unwatch = predictions ? configured.predictions!.watch((symbol, time, close, p) => predictions.push(`${symbol}@${time}:${close}:${p}`)) : undefined;
  const strategy = configured.create({ symbol: "X", direction, universe: ["X"], indicator: () => { throw new Error("no indicators"); } });
  let position = 0;
  const orders: string[] = [];
  PROBS.forEach((_, i) => {
    const bar: Bar = { time: i, open: 1, high: 1, low: 1, close: 1, volume: 1 };
    const ctx: StrategyContext = {
      symbol: "X", bar, direction, portfolio: {} as PortfolioView, market: {} as MarketView,
      position: () => position,
      entryQty: () => 10,
      submit: (o: OrderRequest) => {
        orders.push(`${i}:${o.side}:${o.qty}`);
        position += o.side === "buy" ? o.qty : -o.qty;
        return { kind: "accepted", key: `k${i}` };
      },
      cancel: () => {},
      openOrders: () => [],
    };
    strategy.onBar(ctx);
  });
  unwatch?.();
  return orders;
}

describe("ml strategy", () => {
  test("long at the entry probability, out below the exit one, nothing while warming up", () => {
    expect(drive("long-only")).toEqual(["3:buy:10", "6:sell:10", "10:buy:10"]);
    expect(drive("long-only", { entry: "0.65", exit: "0.45" })).toEqual(["10:buy:10"]);
  });

  test("each prediction (not the warming-up ones) is told to the watchers, with the model id; unwatch stops it", () => {
    const seen: string[] = [];
    drive("long-only", {}, seen);
    expect(seen).toEqual(PROBS.flatMap((p, i) => (Number.isNaN(p) ? [] : [`X@${i}:1:${p}`])));
    expect(configureStrategy("ml", { model: source }).predictions?.modelId).toBe("m1");
  });

  test("long-short goes short at 1 - entry and covers above 1 - exit", () => {
    // 0.3 <= 0.45 opens a short at bar 7; 0.7 > 0.5 covers it at bar 10 (a cover only, no new long on the same bar).
    expect(drive("long-short")).toEqual(["3:buy:10", "6:sell:10", "7:sell:10", "10:buy:10"]);
  });

  test("needs a model; thresholds are checked; refusals name the symbol and the reason", () => {
    expect(() => configureStrategy("ml", {})).toThrow("strategy ml needs a trained model: --model ID");
    expect(() => configureStrategy("ml", { model: source, entry: "1.2" })).toThrow("--entry must be a probability between 0 and 1");
    expect(() => configureStrategy("ml", { model: source, entry: "0.5", exit: "0.6" })).toThrow("--exit (0.6) must not be above --entry (0.5)");
    expect(mlRefusals(source, ["X", "BAD"])).toEqual(["model m1 cannot trade BAD: its features need a market index"]);
    const crossAsset = configureStrategy("ml", { model: { ...source, marketSymbol: "IDX" } });
    expect(() => crossAsset.create({ symbol: "X", direction: "long-only", universe: ["X"], indicator: () => { throw new Error("unused"); } })).toThrow("add IDX to the symbols traded");
  });
});
