import type { Bar, BarArrays } from "../../core/bar.ts";
import { matrix, type Matrix } from "../models/matrix.ts";
import type { FeatureSpec } from "./spec.ts";
import { FeatureStream } from "./stream.ts";

/** Feature rows of one symbol: only bars where every feature is known (warm-up rows dropped). */
export interface FeatureTable {
  readonly names: readonly string[];
  /** Bar time of each row. */
  readonly time: Float64Array;
  /** Index of each row's bar in the input series. */
  readonly barIndex: Int32Array;
  readonly x: Matrix;
}

function barAt(a: BarArrays, i: number): Bar {
  return { time: a.time[i]!, open: a.open[i]!, high: a.high[i]!, low: a.low[i]!, close: a.close[i]!, volume: a.volume[i]! };
}

/**
 * Runs the streaming features over a whole series (the market index's bars matched by time
 * when the spec has cross-asset features). Same code as live, so the same values.
 */
export function computeFeatures(bars: BarArrays, spec: FeatureSpec, market?: BarArrays): FeatureTable {
  const stream = new FeatureStream(spec);
  const cols = stream.names.length;
  const n = bars.time.length;
  const marketAt = new Map<number, number>();
  if (market) for (let i = 0; i < market.time.length; i++) marketAt.set(market.time[i]!, i);
  const data = new Float64Array(n * cols);
  const time = new Float64Array(n);
  const barIndex = new Int32Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const t = bars.time[i]!;
    const mi = marketAt.get(t);
    const row = stream.update(barAt(bars, i), market && mi !== undefined ? barAt(market, mi) : undefined);
    let complete = true;
    for (let k = 0; k < cols; k++) if (!Number.isFinite(row[k]!)) complete = false;
    if (!complete) continue;
    data.set(row, rows * cols);
    time[rows] = t;
    barIndex[rows] = i;
    rows++;
  }
  return { names: stream.names, time: time.slice(0, rows), barIndex: barIndex.slice(0, rows), x: matrix(rows, cols, data.slice(0, rows * cols)) };
}
