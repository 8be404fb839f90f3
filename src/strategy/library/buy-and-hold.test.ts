import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy } from "../registry.ts";

describe("buy-and-hold", () => {
  test("buys at the second bar's open and holds to the end", () => {
    expect(tradesOf(configureStrategy("buy-and-hold"), [10, 11, 12])).toEqual(["long 10 b1@11.5 -> open"]);
  });
});
