import type { RunBacktest, RunJob } from "./walk-forward.ts";

/**
 * A stand-in strategy for walk-forward tests: param x earns 0.2% a bar in its regime and loses
 * 0.1% outside it (plus a +-0.05% wiggle so volatility is never zero). Regime 1 covers the first
 * half of the bars, regime 2 the second, so the right choice per window is known in advance.
 * It is in the market on every bar (exposure 1), as a strategy whose equity moves must be.
 */
export function toyReturn(index: number, bars: number, x: number): number {
  const regime = index < bars / 2 ? 1 : 2;
  return (x === regime ? 0.002 : -0.001) + (index % 2 === 0 ? 0.0005 : -0.0005);
}

export function toyRunner(times: ArrayLike<number>, calls?: RunJob[]): RunBacktest {
  return (job) => {
    calls?.push(job);
    const { from, to } = job.range;
    const time = new Float64Array(to - from);
    const equity = new Float64Array(to - from);
    let value = job.initialCash;
    let params = job.params;
    let k = 0;
    const switches = job.switches ?? [];
    for (let i = from; i < to; i++) {
      while (k < switches.length && switches[k]!.from <= i) params = switches[k++]!.params;
      value *= 1 + toyReturn(i, times.length, params["x"] ?? 0);
      time[i - from] = times[i]!;
      equity[i - from] = value;
    }
    return { equity: { time, equity }, trades: [], exposure: new Float64Array(to - from).fill(1) };
  };
}
