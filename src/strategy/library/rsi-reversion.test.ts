import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy, findStrategy } from "../registry.ts";

describe("rsi-reversion", () => {
  test("buys at the next open after RSI closes below lower, sells at the next open after it closes above upper", () => {
    // RSI(2), Wilder: changes +1 +1 -1 -1 -1 +1 +1 +1 from bar 1 on.
    // b2 gain 1 loss 0 -> 100; b3 .5/.5 -> 50; b4 .25/.75 -> 25 < 30: buy (flat) -> fills at b5 open 9.5;
    // b5 .125/.875 -> 12.5 (already long); b6 .5625/.4375 -> 56.25; b7 .78125/.21875 -> 78.1 > 70: sell -> b8 open 12.5.
    const closes = [10, 11, 12, 11, 10, 9, 10, 11, 12];
    expect(tradesOf(configureStrategy("rsi-reversion", { period: 2 }), closes)).toEqual(["long 10 b5@9.5 -> b8@12.5"]);
  });

  test("textbook defaults: period 14, lower 30, upper 70; lower must be below upper", () => {
    expect(configureStrategy("rsi-reversion").params).toEqual({ period: 14, lower: 30, upper: 70 });
    expect(findStrategy("rsi-reversion").params.map((p) => [p.name, p.type, p.default])).toEqual([
      ["period", "integer", 14],
      ["lower", "number", 30],
      ["upper", "number", 70],
    ]);
    expect(() => configureStrategy("rsi-reversion", { lower: 80 })).toThrow("strategy rsi-reversion: parameter 'lower': lower must be less than upper (got 80)");
    expect(() => configureStrategy("rsi-reversion", { period: "1.5" })).toThrow(/parameter 'period': Invalid integer/);
  });
});
