import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy } from "../registry.ts";

describe("bollinger", () => {
  test("reversion buys a close below the lower band and sells the close back above the middle", () => {
    // Bands(3, 1 population sd); each bar opens at its close + 0.5.
    // b3: 10,10,7 mean 9 sd 1.414, lower 7.59; close 7 below: buy -> b4 open 9.5.
    // b4: 10,7,9 mean 8.667; close 9 above the middle: sell -> b5 open 10.5.
    const closes = [10, 10, 10, 7, 9, 10, 11];
    expect(tradesOf(configureStrategy("bollinger-reversion", { period: 3, stddev: 1 }), closes)).toEqual(["long 10 b4@9.5 -> b5@10.5"]);
  });

  test("reversion with exit=upper holds until a close above the upper band", () => {
    // b4 close 9 < upper 9.91 (8.667 + 1.247): hold; b5: 7,9,10 mean 8.667 sd 1.247 upper 9.91, close 10 above: sell -> b6 open 11.5.
    const closes = [10, 10, 10, 7, 9, 10, 11];
    expect(tradesOf(configureStrategy("bollinger-reversion", { period: 3, stddev: 1, exit: "upper" }), closes)).toEqual(["long 10 b4@9.5 -> b6@11.5"]);
    expect(() => configureStrategy("bollinger-reversion", { exit: "lower" })).toThrow(/parameter 'exit': Invalid type: Expected \("middle" \| "upper"\)/);
  });

  test("breakout buys a close above the upper band and sells a close below the middle", () => {
    // b3: 10,10,13 mean 11 sd 1.414 upper 12.41; close 13 above: buy -> b4 open 12.5.
    // b4: 10,13,12 mean 11.67, close 12 above the middle: hold. b5: 13,12,9 mean 11.33, close 9 below: sell -> b6 open 9.5.
    const closes = [10, 10, 10, 13, 12, 9, 9];
    expect(tradesOf(configureStrategy("bollinger-breakout", { period: 3, stddev: 1 }), closes)).toEqual(["long 10 b4@12.5 -> b6@9.5"]);
  });
});
