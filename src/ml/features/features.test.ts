import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../../adapters/embedded/sp500.ts";
import { barArrays } from "../../core/bar.ts";
import { computeFeatures } from "./batch.ts";
import { DEFAULT_FEATURE_SPEC, featureSpecHash, parseFeatureSpec, withMarket } from "./spec.ts";
import { FeatureStream } from "./stream.ts";

const spx = embeddedBars();

describe("features", () => {
  test("streaming gives the batch values row by row on the embedded S&P 500", () => {
    const table = computeFeatures(barArrays(spx), DEFAULT_FEATURE_SPEC);
    const stream = new FeatureStream(DEFAULT_FEATURE_SPEC);
    let row = 0;
    for (let i = 0; i < spx.length; i++) {
      const v = stream.update(spx[i]!);
      if (table.barIndex[row] !== i) {
        expect([...v].some((x) => !Number.isFinite(x))).toBe(true); // dropped rows are incomplete ones
        continue;
      }
      expect([...v]).toEqual([...table.x.data.subarray(row * table.x.cols, (row + 1) * table.x.cols)]);
      row++;
    }
    expect(row).toBe(table.x.rows);
    expect(table.x.rows).toBeGreaterThan(spx.length - 60);
    expect(table.names).toContain("ret_5");
    expect(table.names).toContain("bbands_20_2_2.upper");
  });

  test("warm-up rows are dropped, not filled", () => {
    const table = computeFeatures(barArrays(spx.slice(0, 100)), { ...DEFAULT_FEATURE_SPEC, indicators: [], returns: [20], volatility: [], volumeZ: [] });
    expect(table.barIndex[0]).toBe(20);
    expect(table.x.rows).toBe(80);
    expect(table.x.data[0]).toBeCloseTo(Math.log(spx[20]!.close / spx[0]!.close), 12);
  });

  test("cross-asset features need the market's bar at the same time", () => {
    const spec = withMarket({ ...DEFAULT_FEATURE_SPEC, indicators: [] }, "SPX");
    const bars = barArrays(spx.slice(0, 200));
    const withIndex = computeFeatures(bars, spec, bars);
    expect(withIndex.names).toContain("rel_strength_20");
    const rel = withIndex.names.indexOf("rel_strength_20");
    expect(withIndex.x.data[rel]).toBe(0); // a symbol against itself
    expect(computeFeatures(bars, spec).x.rows).toBe(0); // no market bars: unknown, so no rows
  });

  test("the spec hash changes with the spec", () => {
    const h = featureSpecHash(DEFAULT_FEATURE_SPEC);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(featureSpecHash({ ...DEFAULT_FEATURE_SPEC })).toBe(h);
    expect(featureSpecHash({ ...DEFAULT_FEATURE_SPEC, returns: [1, 2] })).not.toBe(h);
    expect(featureSpecHash({ ...DEFAULT_FEATURE_SPEC, version: 2 })).not.toBe(h);
  });

  test("a spec from JSON is checked field by field", () => {
    expect(parseFeatureSpec({ name: "x", version: 1, indicators: ["rsi"], returns: [1] })).toMatchObject({ ok: true, spec: { indicators: ["rsi_14"] } });
    expect(parseFeatureSpec({ name: "x", version: 1, indicators: ["nope_3"] })).toMatchObject({ ok: false, error: expect.stringContaining("unknown indicator 'nope_3'") });
    expect(parseFeatureSpec({ name: "x", version: 1, returns: [0] })).toMatchObject({ ok: false, error: expect.stringContaining("'returns'") });
  });
});
