import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy } from "../registry.ts";

// SMA(2) and SMA(3) of these closes cross up on bar 5 (9 > 8.33 after 7.5 <= 7.67) and down on bar 8 (10 < 10.67).
const CLOSES = [10, 9, 8, 7, 8, 10, 12, 11, 9, 7, 6];

describe("sma-cross", () => {
  test("long-only: buys at the open after the up-cross and sells at the open after the down-cross", () => {
    expect(tradesOf(configureStrategy("sma-cross", { fast: 2, slow: 3 }), CLOSES)).toEqual(["long 10 b6@12.5 -> b9@7.5"]);
  });

  test("long-short: the down-cross reverses to short (sell held + entry size)", () => {
    expect(tradesOf(configureStrategy("sma-cross", { fast: 2, slow: 3 }), CLOSES, "long-short")).toEqual([
      "long 10 b6@12.5 -> b9@7.5",
      "short 10 b9@7.5 -> open",
    ]);
  });

  test("no signal while either average is warming up", () => {
    expect(tradesOf(configureStrategy("sma-cross", { fast: 2, slow: 3 }), [5, 6, 7])).toEqual([]);
  });

  test("parameters: defaults 10/30, fast must be below slow, whole numbers >= 2", () => {
    expect(configureStrategy("sma-cross").params).toEqual({ fast: 10, slow: 30 });
    expect(configureStrategy("sma-cross", { fast: "5", slow: "20" }).params).toEqual({ fast: 5, slow: 20 });
    expect(() => configureStrategy("sma-cross", { fast: 30, slow: 10 })).toThrow("strategy sma-cross: parameter 'fast': fast must be less than slow (got 30)");
    expect(() => configureStrategy("sma-cross", { fast: "ten" })).toThrow("strategy sma-cross: parameter 'fast': Invalid type: Expected number but received \"ten\" (got 'ten')");
    expect(() => configureStrategy("sma-cross", { slow: 2.5 })).toThrow(/parameter 'slow': Invalid integer/);
    expect(() => configureStrategy("sma-cross", { fast: 1 })).toThrow(/parameter 'fast': Invalid value: Expected >=2/);
    expect(() => configureStrategy("sma-cross", { fats: 3 })).toThrow("strategy sma-cross: unknown parameter 'fats' (its parameters: fast, slow)");
  });

  test("an unknown strategy name lists the built-in ones", () => {
    expect(() => configureStrategy("moon")).toThrow(/unknown strategy 'moon': expected one of sma-cross, buy-and-hold, rsi-reversion/);
  });
});
