import type { Bar } from "../../core/bar.ts";
import { buyAndHoldEquity } from "../stats/benchmark.ts";
import { columns, type ValueSeries } from "../stats/stats.ts";
import type { EquityPoint } from "../types.ts";

type Columns = { readonly time: ArrayLike<number>; readonly value: ArrayLike<number> };

/**
 * What the charts draw, over the run's own period: a walk-forward run starts at its first
 * out-of-sample bar, later than the data. Price bars are cut to that period, and buy-and-hold is
 * bought at its first bar with the run's starting capital (recomputed from the bars when they are
 * given, so several symbols get an equal split then; otherwise the given curve is cut there and
 * the charts re-base it).
 */
export function chartPeriod(input: {
  readonly equity: Columns;
  readonly startValue: number;
  readonly benchmark?: ValueSeries | undefined;
  readonly bars?: Readonly<Record<string, readonly Bar[]>> | undefined;
}): { benchmark: Columns | undefined; bars: Readonly<Record<string, readonly Bar[]>> } {
  const { time } = input.equity;
  const bars = input.bars ?? {};
  if (time.length === 0) {
    return { benchmark: input.benchmark ? columns(input.benchmark) : undefined, bars };
  }
  const [from, to] = [time[0]!, time[time.length - 1]!];
  const within = (t: number) => t >= from && t <= to;
  const cut = Object.fromEntries(Object.entries(bars).map(([symbol, list]) => [symbol, list.filter((b) => within(b.time))]));
  if (!input.benchmark) return { benchmark: undefined, bars: cut };
  const source: ValueSeries = input.bars ? buyAndHoldEquity(input.bars, input.startValue, from) : input.benchmark;
  const all = columns(source);
  const points: EquityPoint[] = [];
  for (let i = 0; i < all.time.length; i++) if (within(all.time[i]!)) points.push({ time: all.time[i]!, equity: all.value[i]! });
  return { benchmark: columns(points), bars: cut };
}
