import { describe, expect, test } from "bun:test";
import { tradesOf } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy } from "../registry.ts";

describe("macd-cross", () => {
  test("long on the MACD cross above its signal, out on the cross below", () => {
    // After 8 flat bars every EMA is 10 and MACD = signal = 0 (no cross: neither is above).
    // MACD(2,3,2): EMA2 alpha 2/3, EMA3 alpha 1/2, signal alpha 2/3.
    // b8 (12): f 11.333 s 11 macd .333, signal .222: cross up -> buy b9 open 12.5.
    // b9 (12): f 11.778 s 11.5 macd .278, signal .259: above. b10: f 11.926 s 11.75 macd .176, signal .204: cross down -> sell b11 open 12.5.
    const closes = [10, 10, 10, 10, 10, 10, 10, 10, 12, 12, 12, 12];
    expect(tradesOf(configureStrategy("macd-cross", { fast: 2, slow: 3, signal: 2 }), closes)).toEqual(["long 10 b9@12.5 -> b11@12.5"]);
  });

  test("long-short reverses to short on the cross below", () => {
    const closes = [10, 10, 10, 10, 10, 10, 10, 10, 12, 12, 12, 12];
    expect(tradesOf(configureStrategy("macd-cross", { fast: 2, slow: 3, signal: 2 }), closes, "long-short")).toEqual([
      "long 10 b9@12.5 -> b11@12.5",
      "short 10 b11@12.5 -> open",
    ]);
  });
});
