/**
 * `bun run bench` sections that time one part of the pipeline in this process: the engine loop,
 * indicators and ML model fits (scripts/bench-indicators.ts, bench-ml.ts).
 */
import { HistoricalFeed } from "../src/backtest/historical-feed.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import type { BenchContext } from "./bench-context.ts";
import { benchIndicators } from "./bench-indicators.ts";
import { median } from "./bench-measure.ts";
import { benchMl } from "./bench-ml.ts";
import { ms, type Figure, type SectionResult } from "./bench-report.ts";


/** Median and best milliseconds of `runs` calls after one warm-up, the heap collected before each. */
export function timeIt(runs: number, fn: () => void): { median: number; best: number } {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    Bun.gc(true);
    const t0 = Bun.nanoseconds();
    fn();
    t.push((Bun.nanoseconds() - t0) / 1e6);
  }
  return { median: median(t), best: Math.min(...t) };
}

export async function engineLoop(ctx: BenchContext): Promise<SectionResult> {
  const runs = ctx.quick ? 2 : 5;
  const cases = ctx.quick ? [{ symbols: 1, bars: 100_000 }, { symbols: 50, bars: 5_000 }] : [{ symbols: 1, bars: 1_000_000 }, { symbols: 500, bars: 5_000 }];
  const figures: Figure[] = [];
  for (const name of ["sma-cross", "buy-and-hold"] as const) {
    for (const c of cases) {
      const feed = new HistoricalFeed(Array.from({ length: c.symbols }, (_, i) => randomWalkSeries(`S${i}`, c.bars, 1234 + i)));
      const strategy = name === "sma-cross" ? configureStrategy("sma-cross", { fast: 10, slow: 30 }) : configureStrategy("buy-and-hold");
      let fills = 0;
      const t = timeIt(runs, () => (fills = runBacktest({ feed, strategy }).fills.length));
      const rate = (x: number) => ((c.symbols * c.bars) / x) * 1000 / 1e6;
      figures.push({
        name: `${name} ${c.symbols} x ${c.bars.toLocaleString("en-US")}`,
        text: `${rate(t.median).toFixed(1)} M bars/s`,
        value: rate(t.median),
        unit: "M bars/s",
        detail: `${ms(t.median)} (best ${rate(t.best).toFixed(1)} M bars/s), ${fills.toLocaleString("en-US")} fills`,
        reference: { text: "10+ M bars/s", source: "issue 14" },
        data: { ms: t.median, bestMs: t.best, fills },
      });
    }
  }
  return { title: "Engine loop in this process (runBacktest over generated random walks, exact money)", how: `single thread, median of ${runs} after a warm-up`, figures };
}

export async function indicators(ctx: BenchContext): Promise<SectionResult> {
  const n = ctx.quick ? 50_000 : 200_000;
  const rows = benchIndicators(n);
  const streaming = rows.map((r) => r.streamingPerSecond);
  const batch = rows.map((r) => r.batchPerSecond);
  const slowest = rows.reduce((a, b) => (a.streamingPerSecond < b.streamingPerSecond ? a : b));
  const m = (v: number) => `${(v / 1e6).toFixed(1)} M/s`;
  return {
    title: `Indicators (not an issue-14 figure): ${rows.length} TA-Lib-compatible indicators over ${n.toLocaleString("en-US")} bars`,
    how: "single thread, one pass each (scripts/bench-indicators.ts for the table)",
    figures: [
      { name: "median streaming", text: m(median(streaming)), value: median(streaming) / 1e6, unit: "M updates/s", detail: `slowest ${slowest.id} ${m(slowest.streamingPerSecond)}` },
      { name: "median batch", text: m(median(batch)), value: median(batch) / 1e6, unit: "M values/s" },
    ],
  };
}

export async function ml(ctx: BenchContext): Promise<SectionResult> {
  const runs = ctx.quick ? 3 : 7;
  const figures = benchMl(runs).map((r): Figure => ({
    name: r.name,
    text: `${r.cpuS.toFixed(3)} s`,
    value: r.cpuS,
    unit: "s cpu",
    detail: `wall ${r.wallS.toFixed(3)} s (best ${r.bestWallS.toFixed(3)} s)${r.reference ? `; ${(r.reference.seconds / r.cpuS).toFixed(1)}x faster than the reference` : ""}`,
    reference: r.reference ? { text: `${r.reference.what} ${r.reference.seconds.toFixed(2)} s`, source: "stated", value: r.reference.seconds } : undefined,
    target: r.reference ? { text: `<= ${r.reference.target.toFixed(2)} s`, met: r.cpuS <= r.reference.target } : undefined,
    data: { cpuS: r.cpuS, wallS: r.wallS, bestWallS: r.bestWallS },
  }));
  return {
    title: "ML training, 3,724 rows x 20 features (scripts/bench-ml.ts)",
    how: `single thread, CPU-time median of ${runs} after a warm-up (references measured earlier on this machine with scikit-learn / xgboost)`,
    figures,
  };
}
