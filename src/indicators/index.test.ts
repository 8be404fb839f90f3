import { describe, expect, test } from "bun:test";
import { UserError } from "../core/errors.ts";
import { batch, createIndicator, ema, resolveIndicator, sma } from "./index.ts";

const bar = (close: number) => ({ open: close, high: close, low: close, close, volume: 0 });

describe("createIndicator", () => {
  test("sma_3 over 1..5 is NaN, NaN, 2, 3, 4", () => {
    const ind = createIndicator("sma_3");
    expect([1, 2, 3, 4, 5].map((c) => ind.update(bar(c)))).toEqual([NaN, NaN, 2, 3, 4]);
    expect(ind.id).toBe("sma_3");
    expect(ind.lookback).toBe(2);
  });

  test("ema_3 is seeded by the mean of the first 3 closes, then k = 0.5", () => {
    const ind = ema(3);
    const out = [2, 4, 6, 10, 2].map((c) => ind.update(bar(c)));
    expect(out).toEqual([NaN, NaN, 4, 7, 4.5]);
  });

  test("omitted parameters take TA-Lib's defaults; names are case-insensitive", () => {
    expect(createIndicator("SMA").id).toBe("sma_30");
    expect(sma(10).id).toBe("sma_10");
  });

  test("bad names and parameters are clear errors", () => {
    expect(() => createIndicator("smaa_10")).toThrow(UserError);
    expect(() => createIndicator("smaa_10")).toThrow(/unknown indicator 'smaa_10'; valid names: .*sma/);
    const r = resolveIndicator("sma_1");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("parameter 'period' must be within 2..100000, got 1");
    expect(resolveIndicator("sma_10_3").ok).toBe(false);
    expect(resolveIndicator("sma_2.5").ok).toBe(false);
  });

  test("batch gives NaN before the first value and the streaming values after", () => {
    const close = Float64Array.from([1, 2, 3, 4, 5]);
    const cols = { open: close, high: close, low: close, close, volume: new Float64Array(5) };
    expect([...batch("sma_2", cols).value!]).toEqual([NaN, 1.5, 2.5, 3.5, 4.5]);
  });
});
