/**
 * `bun run bench` sections that time the compiled binary as whole processes (issue 14): cold
 * start against a bare compiled Bun program, `backtest --data` of 1M bars from CSV and Parquet,
 * 500 symbols x 5,000 bars from a Parquet catalogue, a walk-forward grid.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { barsParquetBytes } from "../src/adapters/parquet/bars-parquet-write.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import type { BenchContext } from "./bench-context.ts";
import { benchCsv } from "./bench-data.ts";
import { pairedRatio, PEAK_HOW, series, type Series } from "./bench-measure.ts";
import { mb, ms, type Figure, type SectionResult } from "./bench-report.ts";

/** Issue 14: backtrader on the same 1M-bar CSV backtest (not installable here: quoted). */
const BACKTRADER = { seconds: 98, mb: 742 };
const TARGET_SPEEDUP = 200;
const TARGET_PEAK_MB = 150;
const COLD_TARGET = 2.5;
/** A short backtest is mostly start-up: modules, config, the first bars through cold code. */
const SHORT_BARS = 2_000;
const SHORT_TARGET = { ms: 40, mb: 45 };

const detail = (s: Series) => `cpu ${ms(s.cpuMs)} (user+sys), peak ${mb(s.peakMb)}`;
const data = (s: Series) => ({ wallMs: s.wallMs, cpuMs: s.cpuMs, peakMb: s.peakMb, runs: s.runs.length });

export async function coldStart(ctx: BenchContext): Promise<SectionResult> {
  const n = ctx.quick ? 9 : 15;
  const [bin, bare] = [await ctx.binary(), await ctx.bare()];
  const short = path.join(ctx.dir, `bars-${SHORT_BARS}.csv`);
  writeFileSync(short, benchCsv(SHORT_BARS));
  const backtestShort = [bin, "backtest", "--data", short, "--bar-size", "1m", "--no-save", "--quiet"];
  const cases = { bare: [bare], "--version": [bin, "--version"], "--help": [bin, "--help"], "market-status": [bin, "market-status"], backtestShort };
  // Timed without the GNU time wrapper (its own start would be inside every figure); peaks from one more run each.
  const timed = await series(n, cases, { cwd: ctx.dir, env: ctx.env, peak: false });
  const peaks = await series(1, cases, { cwd: ctx.dir, env: ctx.env, warmup: 0 });
  const b = timed.bare!;
  // With more runnable processes than cores, a longer start is preempted more often than the bare
  // one: the wall ratio grows with other people's work. CPU time does not, so it is judged then.
  const loaded = loadavg()[0]! > cpus().length;
  const figures = (["--version", "--help", "market-status"] as const).map((k): Figure => {
    const s = timed[k]!;
    const ratio = pairedRatio(s, b, (r) => r.wallMs);
    const cpuRatio = pairedRatio(s, b, (r) => r.cpuMs);
    return {
      name: `robotrader ${k}`,
      text: `${ms(s.wallMs)} = ${ratio.toFixed(2)}x`,
      value: ratio,
      unit: "x bare",
      detail: `cpu ${ms(s.cpuMs)} = ${cpuRatio.toFixed(2)}x bare's ${ms(b.cpuMs)}; peak ${mb(peaks[k]!.peakMb)} (bare ${mb(peaks.bare!.peakMb)})`,
      reference: { text: `bare compiled Bun program ${ms(b.wallMs)}`, source: "measured", value: b.wallMs },
      target: { text: `<= ${COLD_TARGET}x bare (${loaded ? `on CPU ${cpuRatio.toFixed(2)}x: load above ${cpus().length} cores` : "on wall"})`, met: (loaded ? cpuRatio : ratio) <= COLD_TARGET },
      data: { ...data(s), cpuRatio, bareWallMs: b.wallMs, bareCpuMs: b.cpuMs, peakMb: peaks[k]!.peakMb },
    };
  });
  const t = timed.backtestShort!;
  const shortPeak = peaks.backtestShort!.peakMb;
  figures.push({
    name: `backtest --data of ${SHORT_BARS.toLocaleString("en-US")} bars`,
    text: ms(t.wallMs),
    value: t.wallMs / 1000,
    unit: "s",
    detail: `cpu ${ms(t.cpuMs)} = ${pairedRatio(t, b, (r) => r.cpuMs).toFixed(2)}x bare's; peak ${mb(shortPeak)}`,
    // Our own goal for a short command's fixed start-up, not one of issue 14's targets: labelled so.
    target: { text: `<= ${SHORT_TARGET.ms} ms and <= ${SHORT_TARGET.mb} MB (our goal, not the issue's)`, met: t.wallMs <= SHORT_TARGET.ms && shortPeak <= SHORT_TARGET.mb },
    data: { ...data(t), peakMb: shortPeak },
  });
  return { title: "Cold start, compiled binary", how: `wall median of ${n}, ratio = median of run-by-run ratios to the bare program, runs interleaved`, figures };
}

export async function wholeBacktest(ctx: BenchContext): Promise<SectionResult> {
  const bin = await ctx.binary();
  const { csv, parquet, bars } = await ctx.barFiles();
  const reps = ctx.quick ? 1 : 5;
  const bt = (file: string) => [bin, "backtest", "--data", file, "--bar-size", "1m", "--no-save", "--quiet", "--data-dir", ctx.dir];
  const s = await series(reps, { csv: bt(csv), parquet: bt(parquet) }, { cwd: ctx.dir, env: ctx.env, warmup: ctx.quick ? 0 : 1 });
  const full = bars === 1_000_000; // the issue's targets are for 1M bars
  const size = (file: string) => `${(Bun.file(file).size / 1e6).toFixed(0)} MB`;
  const time = (k: "csv" | "parquet", file: string): Figure => {
    const r = s[k]!;
    const faster = (BACKTRADER.seconds * 1000) / r.wallMs;
    const vsCsv = k === "parquet" ? pairedRatio(r, s.csv!, (x) => x.wallMs) : 1;
    return {
      name: `${k === "csv" ? "CSV" : "Parquet"} ${size(file)}, time`,
      text: ms(r.wallMs),
      value: r.wallMs / 1000,
      unit: "s",
      detail: `${detail(r)}; ${((bars / r.wallMs) * 1000 / 1e6).toFixed(2)} M bars/s${full ? `; ${faster.toFixed(0)}x backtrader` : ""}${k === "parquet" ? `; ${vsCsv.toFixed(2)}x the CSV run's time` : ""}`,
      // Parquet against the CSV run of this bench (any size); CSV against backtrader (1M bars only).
      reference: k === "parquet"
        ? { text: `the CSV run ${ms(s.csv!.wallMs)}`, source: "measured", value: s.csv!.wallMs / 1000 }
        : full ? { text: `backtrader ${BACKTRADER.seconds} s`, source: "issue 14", value: BACKTRADER.seconds } : undefined,
      target: k === "parquet"
        ? { text: "faster than CSV", met: vsCsv < 1 }
        : full ? { text: `< ${((BACKTRADER.seconds / TARGET_SPEEDUP) * 1000).toFixed(0)} ms (${TARGET_SPEEDUP}x backtrader)`, met: faster >= TARGET_SPEEDUP } : undefined,
      data: { ...data(r), bars, fileBytes: Bun.file(file).size, speedupVsBacktrader: faster },
    };
  };
  const peak = (k: "csv" | "parquet"): Figure => ({
    name: `${k === "csv" ? "CSV" : "Parquet"}, peak memory`,
    text: mb(s[k]!.peakMb),
    value: s[k]!.peakMb,
    unit: "MB",
    reference: full ? { text: `backtrader ${BACKTRADER.mb} MB`, source: "issue 14", value: BACKTRADER.mb } : undefined,
    target: full ? { text: `< ${TARGET_PEAK_MB} MB`, met: s[k]!.peakMb < TARGET_PEAK_MB } : undefined,
  });
  return {
    title: `Whole-process backtest --data, sma-cross, ${bars.toLocaleString("en-US")} one-minute bars`,
    how: `\`backtest --data FILE --bar-size 1m --no-save --quiet\`, median of ${reps}${full ? "" : "; the time and memory targets are judged at 1,000,000 bars (without --quick)"}; ${PEAK_HOW}`,
    figures: [time("csv", csv), peak("csv"), time("parquet", parquet), peak("parquet")],
  };
}

export async function manySymbols(ctx: BenchContext): Promise<SectionResult> {
  const bin = await ctx.binary();
  const symbols = ctx.quick ? 50 : 500;
  const catalog = path.join(ctx.dir, "catalog");
  mkdirSync(path.join(catalog, "1d"), { recursive: true });
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(3, "0")}`);
  names.forEach((s, i) => writeFileSync(path.join(catalog, "1d", `${s}.parquet`), barsParquetBytes(randomWalkSeries(s, 5000, 99 + i))));
  const reps = ctx.quick ? 1 : 3;
  // No warm-up run: the catalogue was just written, so its files are in the page cache already.
  const r = (await series(reps, { many: [bin, "backtest", "--symbol", names.join(","), "--catalog", catalog, "--no-save", "--quiet", "--data-dir", ctx.dir] }, { cwd: ctx.dir, env: ctx.env, warmup: 0 })).many!;
  const engine = ctx.figure("engine", `sma-cross ${symbols} x 5,000`);
  const engineMs = Number(engine?.data?.["ms"]);
  return {
    title: `${symbols} symbols x 5,000 daily bars, one portfolio, from a Parquet catalogue`,
    how: `\`backtest --symbol S000,... --catalog DIR --no-save --quiet\`, median of ${reps}; ${PEAK_HOW}`,
    figures: [{
      name: "whole process",
      text: ms(r.wallMs),
      value: r.wallMs / 1000,
      unit: "s",
      detail: `${detail(r)}; ${((symbols * 5000) / r.wallMs * 1000 / 1e6).toFixed(2)} M bars/s`,
      reference: engine ? { text: `the engine loop alone ${ms(engineMs)} (in-process, bars already in memory)`, source: "measured", value: engineMs / 1000 } : undefined,
      data: { ...data(r), symbols, barsPerSymbol: 5000 },
    }],
  };
}

export async function walkForward(ctx: BenchContext): Promise<SectionResult> {
  const bin = await ctx.binary();
  const grid = ctx.quick ? "fast=5,10:slow=50,100" : "fast=5,10,20,30:slow=50,100,150,200";
  const points = ctx.quick ? 4 : 16;
  const reps = ctx.quick ? 1 : 3;
  const cmd = [bin, "backtest", "--symbol", "SPX", "--walk-forward", "rolling", "--grid", grid, "--no-save", "--quiet", "--data-dir", ctx.dir];
  const r = (await series(reps, { wf: cmd }, { cwd: ctx.dir, env: ctx.env, warmup: ctx.quick ? 0 : 1 })).wf!;
  return {
    title: `Walk-forward, rolling windows, ${points}-point grid on the embedded SPX (5,105 daily bars)`,
    how: `\`backtest --symbol SPX --walk-forward rolling --grid ${grid} --no-save --quiet\`, workers on every core, median of ${reps}`,
    figures: [{
      name: "whole process",
      text: ms(r.wallMs),
      value: r.wallMs / 1000,
      unit: "s",
      detail: `${detail(r)}; cpu/wall ${(r.cpuMs / r.wallMs).toFixed(2)} cores busy`,
      data: { ...data(r), gridPoints: points },
    }],
  };
}
