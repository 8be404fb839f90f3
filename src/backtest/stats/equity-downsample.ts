import type { EquityColumns } from "../types.ts";
import { extremaMask } from "./extrema-mask.ts";

/**
 * At most about `maxPoints` points of an equity curve for charts and the saved run: the first and
 * last point, and in each of maxPoints/2 equal buckets of bars its lowest and its highest point
 * (in time order), so peaks and troughs (the drawdowns) survive. Short curves come back whole.
 */
export function downsampleEquity(series: EquityColumns, maxPoints = 4000): EquityColumns {
  const n = series.time.length;
  if (n <= maxPoints) return series;
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const { equity } = series;
  const keep = extremaMask(equity, buckets);
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i]!;
  const time = new Float64Array(count);
  const value = new Float64Array(count);
  for (let i = 0, k = 0; i < n; i++) {
    if (keep[i] === 0) continue;
    time[k] = series.time[i]!;
    value[k++] = equity[i]!;
  }
  return { time, equity: value };
}
