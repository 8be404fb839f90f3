/**
 * `bun run bench` sections that time one part of the pipeline: CSV ingest and the engine loop in
 * this process, indicators and ML model fits (scripts/bench-indicators.ts, bench-ml.ts), and the
 * live runner on the simulator in a process of its own (scripts/bench-run.ts).
 */
import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { readBarsCsvFile } from "../src/adapters/csv/bars-csv-file.ts";
import { HistoricalFeed } from "../src/backtest/historical-feed.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import type { BenchContext } from "./bench-context.ts";
import { benchIndicators } from "./bench-indicators.ts";
import { median } from "./bench-measure.ts";
import { benchMl } from "./bench-ml.ts";
import { ms, type Figure, type SectionResult } from "./bench-report.ts";

const INGEST_TARGET_MBS = 150;
const LIVE_TARGET_P99_MS = 5;

/** Median and best milliseconds of `runs` calls after one warm-up, the heap collected before each. */
function timeIt(runs: number, fn: () => void): { median: number; best: number } {
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

export async function csvIngest(ctx: BenchContext): Promise<SectionResult> {
  const { csv, bars } = await ctx.barFiles();
  const bytes = Bun.file(csv).size;
  const runs = ctx.quick ? 3 : 7;
  const parse = timeIt(runs, () => {
    const r = readBarsCsvFile(csv, { barSize: "1m" });
    if (!r.ok || r.bars.time.length !== bars) throw new Error(`ingest read ${r.ok ? r.bars.time.length : "no"} bars of ${bars}`);
  });
  // The same bytes read in the same 1 MB chunks and not parsed: what the disk and the page cache allow.
  const buf = new Uint8Array(1 << 20);
  const io = timeIt(runs, () => {
    const fd = openSync(csv, "r");
    try {
      while (readSync(fd, buf, 0, buf.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  });
  const rate = (t: number) => bytes / 1e6 / (t / 1000);
  return {
    title: "CSV ingest: file -> typed-array columns (readBarsCsvFile, every check)",
    how: `${(bytes / 1e6).toFixed(0)} MB, ${bars.toLocaleString("en-US")} bars, in this process, median of ${runs} after a warm-up${ctx.quick ? "; the target is judged without --quick" : ""}`,
    figures: [{
      name: "CSV parse",
      text: `${rate(parse.median).toFixed(0)} MB/s`,
      value: rate(parse.median),
      unit: "MB/s",
      detail: `${ms(parse.median)} (best ${ms(parse.best)}); ${((bars / parse.median) * 1000 / 1e6).toFixed(1)} M rows/s`,
      reference: { text: `reading the bytes alone ${rate(io.median).toFixed(0)} MB/s`, source: "measured", value: rate(io.median) },
      // A --quick file is parsed before the JIT has warmed up: judged only at full size.
      target: ctx.quick ? undefined : { text: `>= ${INGEST_TARGET_MBS} MB/s`, met: rate(parse.median) >= INGEST_TARGET_MBS },
      data: { ms: parse.median, bestMs: parse.best, bytes, bars, readOnlyMBs: rate(io.median) },
    }],
  };
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
  const n = ctx.quick ? 100_000 : 1_000_000;
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
  const runs = ctx.quick ? 1 : 7;
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

/** bench-run.ts's latency table: `  name  count p50 p90 p99 p99.9 max` (ms, "-" when none). */
export function parseLatencies(text: string): Map<string, { count: number; p50: number; p90: number; p99: number; max: number }> {
  const out = new Map<string, { count: number; p50: number; p90: number; p99: number; max: number }>();
  for (const line of text.split("\n")) {
    const m = /^\s+([a-z][\w-]*)\s+(\d+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s*$/.exec(line);
    if (m) out.set(m[1]!, { count: Number(m[2]), p50: Number(m[3]), p90: Number(m[4]), p99: Number(m[5]), max: Number(m[7]) });
  }
  return out;
}

export async function live(ctx: BenchContext): Promise<SectionResult> {
  const seconds = ctx.quick ? 5 : 30;
  const script = path.join(ctx.root, "scripts", "bench-run.ts");
  const p = Bun.spawn([process.execPath, script, "--symbols", "100", "--seconds", String(seconds)], { cwd: ctx.dir, env: ctx.env, stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([p.exited, new Response(p.stdout).text(), new Response(p.stderr).text()]);
  if (code !== 0) throw new Error(`scripts/bench-run.ts exited ${code}: ${err.trim().slice(-800)}`);
  const lat = parseLatencies(out);
  const issue: Record<string, string> = { "signal-to-order": "61 ms before issue 14", "db-write": "36 ms before issue 14" };
  const figures = ["bar-to-order", "signal-to-order", "db-write"].flatMap((name): Figure[] => {
    const l = lat.get(name);
    if (!l) return [];
    return [{
      name: `${name} p99`,
      text: `${l.p99.toFixed(2)} ms`,
      value: l.p99,
      unit: "ms",
      detail: `${l.count} samples, p50 ${l.p50.toFixed(2)}, p90 ${l.p90.toFixed(2)}, max ${l.max.toFixed(2)} ms`,
      reference: issue[name] ? { text: `p99 ${issue[name]}`, source: "issue 14" } : undefined,
      // A --quick session has too few orders for a p99: judged only in the full session.
      target: name === "bar-to-order" && !ctx.quick ? { text: `<= ${LIVE_TARGET_P99_MS} ms`, met: l.p99 <= LIVE_TARGET_P99_MS } : undefined,
      data: l,
    }];
  });
  if (figures.length === 0) throw new Error(`scripts/bench-run.ts printed no latency table:\n${out}`);
  return {
    title: "Live runner, 100 symbols on the simulator, paper broker (scripts/bench-run.ts)",
    how: `one ${seconds} s session at 300x, latencies from the runner's own recorder${ctx.quick ? "; the target is judged without --quick" : ""}`,
    figures,
    notes: out.split("\n").filter((l) => /^(bench-run|bars|CPU):/.test(l)),
  };
}
