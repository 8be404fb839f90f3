import { describe, expect, test } from "bun:test";
import type { Bar } from "../../core/bar.ts";
import type { OrderRequest } from "../../core/order.ts";
import type { PortfolioView } from "../../core/portfolio.ts";
import { createIndicator } from "../../indicators/index.ts";
import type { StreamingIndicator } from "../../indicators/types.ts";
import { configureStrategy } from "../registry.ts";
import type { Direction, StrategyContext } from "../types.ts";

// SMA(2) and SMA(3) of these closes cross up on bar 5 (9 > 8.33 after 7.5 <= 7.67) and down on bar 8 (10 < 10.67).
const CLOSES = [10, 9, 8, 7, 8, 10, 12, 11, 9, 7, 6];

/** Drives the strategy by hand: indicators first, then onBar; fills are instant at the close (not the engine's rule). */
function drive(direction: Direction, closes = CLOSES) {
  const indicators: StreamingIndicator[] = [];
  const strategy = configureStrategy("sma-cross", { fast: 2, slow: 3 }).create({
    symbol: "X",
    direction,
    indicator: (id) => {
      const ind = createIndicator(id);
      indicators.push(ind);
      return ind;
    },
  });
  let position = 0;
  const orders: (OrderRequest & { bar: number })[] = [];
  closes.forEach((close, i) => {
    const bar: Bar = { time: i, open: close, high: close, low: close, close, volume: 1 };
    for (const ind of indicators) ind.update(bar);
    const ctx: StrategyContext = {
      symbol: "X", bar, direction, portfolio: {} as PortfolioView,
      position: () => position,
      entryQty: () => 10,
      submit: (o) => {
        orders.push({ ...o, bar: i });
        position += o.side === "buy" ? o.qty : -o.qty;
        return { kind: "accepted", key: `k${i}` };
      },
      cancel: () => {},
      openOrders: () => [],
    };
    strategy.onBar(ctx);
  });
  return orders.map((o) => `${o.bar}:${o.side}:${o.qty}:${o.type}`);
}

describe("sma-cross", () => {
  test("long-only: buys on the up-cross bar and sells everything on the down-cross bar", () => {
    expect(drive("long-only")).toEqual(["5:buy:10:market", "8:sell:10:market"]);
  });

  test("long-short: the down-cross reverses to short (sell held + entry size)", () => {
    expect(drive("long-short")).toEqual(["5:buy:10:market", "8:sell:20:market"]);
  });

  test("no signal while either average is warming up", () => {
    expect(drive("long-only", [5, 6, 7])).toEqual([]);
  });

  test("parameters: defaults 10/30, fast must be below slow, whole numbers > 0", () => {
    expect(configureStrategy("sma-cross").params).toEqual({ fast: 10, slow: 30 });
    expect(configureStrategy("sma-cross", { fast: "5", slow: "20" }).params).toEqual({ fast: 5, slow: 20 });
    expect(() => configureStrategy("sma-cross", { fast: 30, slow: 10 })).toThrow("strategy sma-cross: --fast must be less than --slow, got fast=30 slow=10");
    expect(() => configureStrategy("sma-cross", { fast: 10, slow: 10 })).toThrow(/less than --slow/);
    expect(() => configureStrategy("sma-cross", { fast: "ten" })).toThrow("strategy sma-cross: --fast must be a whole number > 0, got 'ten'");
    expect(() => configureStrategy("sma-cross", { slow: 2.5 })).toThrow(/--slow must be a whole number > 0, got '2.5'/);
    expect(() => configureStrategy("sma-cross", { fast: -3 })).toThrow(/--fast must be a whole number > 0/);
  });

  test("an unknown strategy name lists the registered ones", () => {
    expect(() => configureStrategy("moon")).toThrow("unknown strategy 'moon': expected one of sma-cross, buy-and-hold");
  });
});
