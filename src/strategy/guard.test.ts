import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../test/helpers/strategy-trades.ts";
import { guardStrategy, locateError, type StrategyFailure } from "./guard.ts";
import type { ConfiguredStrategy } from "./types.ts";

/** Buys on bar 1, then throws from bar 3 on. */
const flaky: ConfiguredStrategy = {
  name: "flaky",
  params: {},
  create: () => {
    let n = 0;
    return {
      onBar(ctx) {
        n++;
        if (n === 2) ctx.submit({ symbol: ctx.symbol, side: "buy", qty: ctx.entryQty(), type: "market", tif: "day" });
        if (n >= 4) throw new Error(`bad bar ${n}`);
      },
    };
  },
};

describe("guardStrategy", () => {
  test("a throw is reported once with the bar time, and that instance decides nothing more (the position stays)", () => {
    const failures: StrategyFailure[] = [];
    const trades = tradesOf(guardStrategy(flaky, (f) => failures.push(f)), [10, 11, 12, 13, 14, 15]);
    expect(trades).toEqual(["long 10 b2@12.5 -> open"]);
    expect(failures.map((f) => [f.strategy, f.symbol, f.time / 86_400_000, f.phase, f.message])).toEqual([["flaky", "X", 3, "bar", "bad bar 4"]]);
    expect(failures[0]!.where).toMatch(/guard\.test\.ts:\d+:\d+$/);
  });

  test("a reporter that throws stops the run with the strategy's error (backtest)", () => {
    const stop = guardStrategy(flaky, (f) => {
      throw new Error(`stopped: ${f.message}`);
    });
    expect(() => tradesOf(stop, [10, 11, 12, 13, 14])).toThrow("stopped: bad bar 4");
  });

  test("locateError prefers the first frame in the strategy's own file", () => {
    const error = new Error("x");
    error.stack = "Error: x\n    at helper (/lib/engine.js:10:2)\n    at onBar (/home/me/my.ts:12:5)\n    at /home/me/my.ts:30:1";
    expect(locateError(error, "/home/me/my.ts")).toBe("/home/me/my.ts:12:5");
    expect(locateError(error)).toBe("/lib/engine.js:10:2");
    expect(locateError("not an error")).toBeUndefined();
  });
});
