import { describe, expect, test } from "bun:test";
import { batch, createIndicator } from "../src/indicators/index.ts";
import fixture from "./fixtures/indicators/talib-reference.json" with { type: "json" };

// TA-Lib's own outputs (scripts/gen-talib-reference.mjs) for 87 parameter sets on the first 300
// embedded SPX bars and a 40-bar hand series with flat bars, ties and reversals.
interface Call {
  readonly begIdx: number;
  readonly outputs: readonly (readonly number[])[];
}
interface Series {
  readonly bars: Record<"open" | "high" | "low" | "close" | "volume", number[]>;
  readonly calls: Record<string, Call>;
}

const REL = 1e-9;

/** Relative 1e-9, with the output's own scale as the floor where a value crosses zero. */
function close(actual: number, expected: number, scale: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.max(Math.abs(expected), Math.abs(actual), scale * 1e-3);
}

for (const [seriesName, series] of Object.entries(fixture.series as Record<string, Series>)) {
  const bars = series.bars;
  const columns = {
    open: Float64Array.from(bars.open),
    high: Float64Array.from(bars.high),
    low: Float64Array.from(bars.low),
    close: Float64Array.from(bars.close),
    volume: Float64Array.from(bars.volume),
  };
  describe(`TA-Lib reference, ${seriesName} (${columns.close.length} bars)`, () => {
    for (const [spec, call] of Object.entries(series.calls)) {
      test(spec, () => {
        const ind = createIndicator(spec);
        const out = batch(spec, columns);
        const names = ind.outputs;
        expect(names.length).toBe(call.outputs.length);
        if (call.outputs[0]!.length > 0) expect(ind.lookback).toBe(call.begIdx);
        names.forEach((name, k) => {
          const got = out[name]!;
          const want = call.outputs[k]!;
          const scale = Math.max(...want.map(Math.abs), 0);
          for (let i = 0; i < call.begIdx && i < got.length; i++) {
            if (!Number.isNaN(got[i]!)) throw new Error(`${spec}.${name}[${i}] = ${got[i]} before TA-Lib's first value at ${call.begIdx}`);
          }
          want.forEach((w, j) => {
            const i = call.begIdx + j;
            if (!close(got[i]!, w, scale)) throw new Error(`${spec}.${name}[${i}]: got ${got[i]}, TA-Lib ${w}`);
          });
        });
      });
    }
  });
}
