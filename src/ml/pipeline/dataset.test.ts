import { describe, expect, test } from "bun:test";
import { randomWalkSeries } from "../../backtest/random-walk.ts";
import { DEFAULT_FEATURE_SPEC } from "../features/spec.ts";
import { barDataset } from "./dataset.ts";

describe("datasets", () => {
  test("several symbols share one time line; uniqueness weights are counted within each symbol", () => {
    const a = randomWalkSeries("A", 400, 1);
    const label = { kind: "fwd-ret", horizon: 5, threshold: 0 } as const;
    const one = barDataset([{ symbol: "A", bars: a }], DEFAULT_FEATURE_SPEC, label, { weights: true });
    const two = barDataset([{ symbol: "A", bars: a }, { symbol: "B", bars: a }], DEFAULT_FEATURE_SPEC, label, { weights: true });
    expect(two.x.rows).toBe(2 * one.x.rows);
    expect(two.spans.timeline).toEqual(one.spans.timeline);
    expect(two.symbol.slice(0, 4)).toEqual(["A", "B", "A", "B"]);
    for (let i = 0; i < one.x.rows; i++) {
      expect(two.time[2 * i]).toBe(one.time[i]!);
      expect(two.w![2 * i]).toBe(one.w![i]!);
      expect(two.w![2 * i + 1]).toBe(one.w![i]!);
      expect(two.spans.end[2 * i]).toBe(one.spans.end[i]!);
    }
    // A 5-bar label overlaps its neighbours: weights below 1 in the middle of the series.
    expect(one.w![100]!).toBeCloseTo(0.2, 10);
  });
});
