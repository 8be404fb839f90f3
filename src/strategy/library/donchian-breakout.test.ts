import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy } from "../registry.ts";

describe("donchian-breakout", () => {
  test("enters on a buy stop at the entry channel's high and leaves on a sell stop at the exit channel's low", () => {
    const bars = [
      [10, 10.5, 9.5, 10],
      [10, 11, 9.8, 10.5],
      [10.5, 10.8, 10, 10.2], // highest high of b0..b2 = 11: buy stop 11 for b3
      [10.4, 11.5, 10.3, 11.2], // trades through 11 (opened below): bought at 11; sell stop = low of b2..b3 = 10
      [11.3, 11.6, 10.9, 11.4], // low 10.9 keeps above 10; the stop is replaced by min(10.3, 10.9) = 10.3
      [10.2, 10.4, 9.9, 10.0], // gapped below 10.3: sold at the open 10.2; flat again, buy stop = max(11.5, 11.6, 10.4) = 11.6
      [10, 10.5, 9.8, 10.1], // never reaches 11.6
    ] as const;
    expect(tradesOf(configureStrategy("donchian-breakout", { entry: 3, exit: 2 }), bars)).toEqual(["long 10 b3@11 -> b5@10.2"]);
  });
});
