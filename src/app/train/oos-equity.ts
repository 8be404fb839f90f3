import type { Dataset } from "../../ml/pipeline/dataset.ts";

const COST = 0.0005;

/**
 * A simple out-of-sample equity curve for the report: at each out-of-sample time, each
 * symbol is held long for the next bar when its probability is above 0.5 (equal weight over
 * symbols), 5 bps charged on every change of position; buy-and-hold of the same symbols beside it.
 * The decision uses the bar's close and earns the next bar's close-to-close return.
 */
export function oosEquity(d: Dataset, rows: Int32Array, prob: Float64Array, nextReturn: ReadonlyMap<string, ReadonlyMap<number, number>>): { time: number[]; model: number[]; hold: number[] } {
  const byTime = new Map<number, { m: number; h: number; n: number; turnover: number }>();
  const held = new Map<string, number>();
  rows.forEach((row, k) => {
    const sym = d.symbol[row]!, t = d.time[row]!;
    const r = nextReturn.get(sym)?.get(t);
    if (r === undefined) return;
    const pos = prob[k]! > 0.5 ? 1 : 0;
    const e = byTime.get(t) ?? { m: 0, h: 0, n: 0, turnover: 0 };
    e.m += pos * (Math.exp(r) - 1);
    e.h += Math.exp(r) - 1;
    e.turnover += Math.abs(pos - (held.get(sym) ?? 0));
    e.n++;
    held.set(sym, pos);
    byTime.set(t, e);
  });
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let m = 1, h = 1;
  const model: number[] = [], hold: number[] = [];
  for (const t of times) {
    const e = byTime.get(t)!;
    m *= 1 + e.m / e.n - (COST * e.turnover) / e.n;
    h *= 1 + e.h / e.n;
    model.push(m);
    hold.push(h);
  }
  return { time: times, model, hold };
}
