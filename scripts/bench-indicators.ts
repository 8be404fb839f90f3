// Indicator throughput: updates/second per indicator, streaming (update per bar) and batch
// (typed-array columns), over a generated random walk. `bun run scripts/bench-indicators.ts [bars]`
// (default 1,000,000). Exported `benchIndicators` is what scripts/bench.ts can call.
import { xorshift32 } from "../src/core/seeded-random.ts";
import { runBatch } from "../src/indicators/batch.ts";
import { createIndicator, INDICATORS, type BarColumns, type BarInput } from "../src/indicators/index.ts";

export interface IndicatorBenchRow {
  readonly id: string;
  readonly streamingPerSecond: number;
  readonly batchPerSecond: number;
}

/** A deterministic OHLCV random walk (xorshift32), prices staying positive. */
export function randomWalk(n: number, seed = 42): { columns: BarColumns; bars: BarInput[] } {
  const rnd = xorshift32(seed);
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n);
  const close = new Float64Array(n), volume = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const o = price * (1 + (rnd() - 0.5) * 0.004);
    const c = o * Math.exp((rnd() - 0.5) * 0.02);
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + rnd() * 0.005);
    low[i] = Math.min(o, c) * (1 - rnd() * 0.005);
    volume[i] = Math.round(1e6 * (0.5 + rnd()));
    price = c;
  }
  const bars = Array.from({ length: n }, (_, i) => ({ open: open[i]!, high: high[i]!, low: low[i]!, close: close[i]!, volume: volume[i]! }));
  return { columns: { open, high, low, close, volume }, bars };
}

export function benchIndicators(n = 1_000_000, specs: readonly string[] = INDICATORS.map((d) => d.name)): IndicatorBenchRow[] {
  const { columns, bars } = randomWalk(n);
  const rows: IndicatorBenchRow[] = [];
  let sink = 0;
  for (const spec of specs) {
    const ind = createIndicator(spec);
    // Warm the JIT on a slice, then time a full pass of each form.
    for (let i = 0; i < 20_000; i++) sink += ind.update(bars[i]!) || 0;
    ind.reset();
    let t0 = performance.now();
    for (let i = 0; i < n; i++) sink += ind.update(bars[i]!) || 0;
    const streamMs = performance.now() - t0;
    t0 = performance.now();
    const out = runBatch(ind, columns);
    const batchMs = performance.now() - t0;
    sink += out[ind.outputs[0]!]![n - 1] || 0;
    rows.push({ id: ind.id, streamingPerSecond: (n / streamMs) * 1000, batchPerSecond: (n / batchMs) * 1000 });
  }
  if (sink === 42) console.log(""); // keeps the work observable
  return rows;
}

if (import.meta.main) {
  const n = Number(process.argv[2] ?? 1_000_000);
  console.log(`Indicator throughput over ${n.toLocaleString("en-US")} random-walk bars (Bun ${Bun.version}, single thread)`);
  const rows = benchIndicators(n);
  const m = (v: number) => `${(v / 1e6).toFixed(1)}M/s`;
  const w = Math.max(...rows.map((r) => r.id.length));
  console.log(`${"indicator".padEnd(w)}  ${"streaming".padStart(10)}  ${"batch".padStart(10)}`);
  for (const r of rows) console.log(`${r.id.padEnd(w)}  ${m(r.streamingPerSecond).padStart(10)}  ${m(r.batchPerSecond).padStart(10)}`);
  const sorted = rows.map((r) => r.streamingPerSecond).sort((a, b) => a - b);
  console.log(`median streaming ${m(sorted[sorted.length >> 1]!)}, slowest ${rows.reduce((a, b) => (a.streamingPerSecond < b.streamingPerSecond ? a : b)).id}`);
}
