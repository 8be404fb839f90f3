import type { BarColumns, BarInput, StreamingIndicator } from "./types.ts";

/** Bars as the columns runBatch reads. */
export function barColumns(bars: readonly BarInput[]): BarColumns {
  return {
    open: Float64Array.from(bars, (b) => b.open),
    high: Float64Array.from(bars, (b) => b.high),
    low: Float64Array.from(bars, (b) => b.low),
    close: Float64Array.from(bars, (b) => b.close),
    volume: Float64Array.from(bars, (b) => b.volume),
  };
}

/**
 * Runs a streaming indicator over columns: the batch form is the streaming form, so both give
 * identical values by construction. Returns one Float64Array per output, NaN while warming up.
 */
export function runBatch(indicator: StreamingIndicator, columns: BarColumns): Record<string, Float64Array> {
  const n = columns.close.length;
  const outputs = indicator.outputs.map(() => new Float64Array(n));
  const first = outputs[0]!;
  const bar = { open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const { open, high, low, close, volume } = columns;
  indicator.reset();
  for (let i = 0; i < n; i++) {
    bar.open = open[i]!;
    bar.high = high[i]!;
    bar.low = low[i]!;
    bar.close = close[i]!;
    bar.volume = volume[i]!;
    first[i] = indicator.update(bar);
    for (let k = 1; k < outputs.length; k++) outputs[k]![i] = indicator.value(k);
  }
  const result: Record<string, Float64Array> = {};
  indicator.outputs.forEach((name, k) => (result[name] = outputs[k]!));
  return result;
}
