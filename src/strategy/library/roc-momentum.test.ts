import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy } from "../registry.ts";

describe("roc-momentum", () => {
  test("buys when ROC closes above the threshold and sells when it turns negative", () => {
    // ROC(2) in %: b2 10.4/10 = 4 (not above 5); b3 11/10 = 10: buy -> b4 open 11.7;
    // b4 11.2/10.4 = 7.7 hold; b5 10.9/11 = -0.9: sell -> b6 open 11.1.
    const closes = [10, 10, 10.4, 11, 11.2, 10.9, 10.6, 10];
    expect(tradesOf(configureStrategy("roc-momentum", { period: 2, threshold: 5 }), closes)).toEqual(["long 10 b4@11.7 -> b6@11.1"]);
  });
});
