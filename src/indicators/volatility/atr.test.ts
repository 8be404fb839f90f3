import { describe, expect, test } from "bun:test";
import fixture from "../../../test/fixtures/indicators/talib-reference.json" with { type: "json" };
import { batch, createIndicator } from "../index.ts";

// TA-Lib (ta_ATR.c, ta_NATR.c) allows period 1 and then returns TRANGE unsmoothed, for NATR
// too: not normalized by the close. TA-Lib 0.4 via the harness of scripts/gen-talib-reference.mjs
// on these 6 bars: ATR:1 = NATR:1 = TRANGE = [2, 0, 2, 1, 2] from index 1.
const six = {
  open: Float64Array.from([10, 10.5, 11.5, 11.5, 12.5, 12]),
  high: Float64Array.from([11, 12, 11.5, 13, 13, 12.5]),
  low: Float64Array.from([9, 10, 11.5, 11, 12, 10.5]),
  close: Float64Array.from([10.5, 11.5, 11.5, 12.5, 12, 11]),
  volume: Float64Array.from([100, 120, 80, 150, 90, 200]),
};

describe("atr and natr with period 1 (TA-Lib's minimum)", () => {
  test("atr_1 and natr_1 are TA-Lib's: the true range itself from bar 1, lookback 1", () => {
    for (const spec of ["atr_1", "natr_1"]) {
      expect(createIndicator(spec).lookback).toBe(1);
      expect([...batch(spec, six).value!]).toEqual([NaN, 2, 0, 2, 1, 2]);
    }
  });

  test("on the reference series they equal TA-Lib's TRANGE exactly", () => {
    for (const series of Object.values(fixture.series)) {
      const cols = {
        open: Float64Array.from(series.bars.open), high: Float64Array.from(series.bars.high), low: Float64Array.from(series.bars.low),
        close: Float64Array.from(series.bars.close), volume: Float64Array.from(series.bars.volume),
      };
      const trange = series.calls.trange;
      for (const spec of ["atr_1", "natr_1"]) {
        expect([...batch(spec, cols).value!].slice(trange.begIdx)).toEqual(trange.outputs[0]!);
      }
    }
  });

  test("period 0 is still refused, naming the minimum", () => {
    expect(() => createIndicator("atr_0")).toThrow("within 1..100000, got 0");
    expect(() => createIndicator("natr_0")).toThrow("within 1..100000, got 0");
  });
});
