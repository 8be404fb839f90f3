/**
 * `bun run bench` sections that run another bench script in a process of its own and turn what it
 * prints into figures: CSV ingest (bench-csv.ts), the live runner (bench-run.ts), Parquet reads
 * (bench-parquet.ts) and sweeps with workers and shards (bench-sweeps.ts, given the built binary).
 */
import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import type { BenchContext } from "./bench-context.ts";
import { timeIt } from "./bench-parts.ts";
import { walkForward } from "./bench-whole.ts";
import { flushWrites, pendingText } from "./bench-disk.ts";
import { mb, ms, type Figure, type SectionResult } from "./bench-report.ts";
import { LIVE_TARGET_P99_MS, MIN_ORDERS_FOR_P99 } from "./bench-live-target.ts";

const INGEST_TARGET_MBS = 150;

/** `bun scripts/NAME args`: its stdout, or an error with the end of its stderr. */
async function script(ctx: BenchContext, name: string, args: readonly string[]): Promise<string> {
  const p = Bun.spawn([process.execPath, path.join(ctx.root, "scripts", name), ...args], { cwd: ctx.dir, env: ctx.env, stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([p.exited, new Response(p.stdout).text(), new Response(p.stderr).text()]);
  if (code !== 0) throw new Error(`scripts/${name} exited ${code}: ${err.trim().slice(-800)}`);
  return out;
}

interface CsvTiming {
  readonly ms: number;
  readonly cpuMs: number;
  readonly mbPerS: number;
  readonly cpuMbPerS: number;
}

export async function csvIngest(ctx: BenchContext): Promise<SectionResult> {
  const { csv, bars } = await ctx.barFiles();
  const runs = ctx.quick ? 2 : 5;
  // Without --import: `data import`'s SQLite store takes tens of seconds and has no target.
  const r = JSON.parse(await script(ctx, "bench-csv.ts", ["--file", csv, "--runs", String(runs), "--json"])) as
    { fileMb: number } & Record<"cold" | "warm", CsvTiming>;
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
  const ioMbs = r.fileMb / (io.median / 1000);
  const row = (t: CsvTiming, name: string, judged: boolean): Figure => ({
    name,
    text: `${t.mbPerS.toFixed(0)} MB/s`,
    value: t.mbPerS,
    unit: "MB/s",
    detail: `${ms(t.ms)}; cpu ${ms(t.cpuMs)} = ${t.cpuMbPerS.toFixed(0)} MB/s; ${((bars / t.ms) * 1000 / 1e6).toFixed(1)} M rows/s`,
    reference: { text: `reading the bytes alone ${ioMbs.toFixed(0)} MB/s`, source: "measured", value: ioMbs },
    // --quick's file is small: the target is judged at full size only.
    target: judged && !ctx.quick ? { text: `>= ${INGEST_TARGET_MBS} MB/s`, met: t.mbPerS >= INGEST_TARGET_MBS } : undefined,
    data: { ...t },
  });
  return {
    title: "CSV ingest: file -> checked typed-array columns (scripts/bench-csv.ts)",
    how: `${r.fileMb.toFixed(0)} MB, ${bars.toLocaleString("en-US")} bars, median of ${runs}; warm = the same process again (the parser's sustained speed), cold = a fresh process per read${ctx.quick ? "; the target is judged without --quick" : ""}`,
    figures: [row(r.warm, "parse, warm", true), row(r.cold, "parse, fresh process", false)],
  };
}

interface Latency {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** bench-run.ts's latency table: `  name  count p50 p90 p99 p99.9 max` (ms). */
export function parseLatencies(text: string): Map<string, Latency> {
  const out = new Map<string, Latency>();
  for (const line of text.split("\n")) {
    const m = /^\s+([a-z][\w-]*)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$/.exec(line);
    if (m) out.set(m[1]!, { count: Number(m[2]), p50: Number(m[3]), p90: Number(m[4]), p99: Number(m[5]), p999: Number(m[6]), max: Number(m[7]) });
  }
  return out;
}

export async function live(ctx: BenchContext): Promise<SectionResult> {
  const seconds = ctx.quick ? 5 : 30;
  // The earlier sections' files reach the disk first (bench-disk.ts): the session measures the
  // runner, not the write-back of what the bench itself wrote before it.
  const dirty = pendingText();
  const syncMs = flushWrites();
  const flushed = `disk: ${dirty} before the session; the bench flushed it (sync, ${syncMs.toFixed(0)} ms): ${pendingText()}`;
  // bench-run.ts's defaults: sma-cross 2/5 on 1-minute bars, ~570 orders in 30 s (enough for a p99).
  const out = await script(ctx, "bench-run.ts", ["--symbols", "100", "--seconds", String(seconds)]);
  const lat = parseLatencies(out);
  const before: Record<string, string> = { "signal-to-order": "61 ms", "db-write": "36 ms" };
  const figures = ["bar-to-order", "read-to-order", "signal-to-order", "db-write"].flatMap((name): Figure[] => {
    const l = lat.get(name);
    if (!l) return [];
    // A --quick session, or any with too few orders, has no real p99: not judged (said in the detail).
    // A full bench with too few orders cannot claim the target: shown as not met.
    const judged = name === "bar-to-order" && !ctx.quick;
    const enough = l.count >= MIN_ORDERS_FOR_P99;
    const tooFew = name === "bar-to-order" && l.count < MIN_ORDERS_FOR_P99 ? `; too few to judge p99 (< ${MIN_ORDERS_FOR_P99})` : "";
    return [{
      name: `${name} p99`,
      text: `${l.p99.toFixed(2)} ms`,
      value: l.p99,
      unit: "ms",
      detail: `n ${l.count}${tooFew}, p50 ${l.p50.toFixed(2)}, p90 ${l.p90.toFixed(2)}, p99.9 ${l.p999.toFixed(2)}, max ${l.max.toFixed(2)} ms`,
      reference: before[name] ? { text: `p99 ${before[name]} before the work on issue 14`, source: "issue 14" } : undefined,
      target: judged ? { text: `<= ${LIVE_TARGET_P99_MS} ms${enough ? "" : ` (not judged: ${l.count} orders, ${MIN_ORDERS_FOR_P99} needed)`}`, met: enough && l.p99 <= LIVE_TARGET_P99_MS } : undefined,
      data: { ...l },
    }];
  });
  if (figures.length === 0) throw new Error(`scripts/bench-run.ts printed no latency table:\n${out}`);
  const orders = lat.get("bar-to-order")?.count ?? 0;
  const unjudged = !ctx.quick && orders < MIN_ORDERS_FOR_P99 ? [`bar-to-order: only ${orders} orders, fewer than the ${MIN_ORDERS_FOR_P99} a p99 needs: the target is NOT judged in this run`] : [];
  return {
    title: "Live runner, 100 symbols on the simulator, paper broker (scripts/bench-run.ts)",
    how: `one ${seconds} s session at 300x, sma-cross 2/5 on 1-minute bars, latencies from the runner's own recorder; the target is judged from ${MIN_ORDERS_FOR_P99} orders${ctx.quick ? " and without --quick" : ""}`,
    figures,
    notes: [flushed, ...unjudged, ...out.split("\n").filter((l) => /^(bench-run|bars|CPU|floor|disk|bar-to-order n=):?/.test(l))],
  };
}

interface ParquetRead {
  readonly fileMb: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly mbPerS: number;
  readonly mBarsPerS: number;
  readonly peakRssMb: number;
}

export async function parquetRead(ctx: BenchContext): Promise<SectionResult> {
  const bars = ctx.quick ? 100_000 : 1_000_000;
  const runs = ctx.quick ? 1 : 5;
  const r = JSON.parse(await script(ctx, "bench-parquet.ts", ["--bars", String(bars), "--runs", String(runs), "--json"])) as Record<string, ParquetRead>;
  const csv = r["csv"]!;
  const row = (key: string, name: string): Figure => {
    const x = r[key]!;
    const vsCsv = x.ms / csv.ms;
    return {
      name,
      text: ms(x.ms),
      value: x.ms,
      unit: "ms",
      detail: `${x.fileMb.toFixed(0)} MB file, ${x.mbPerS.toFixed(0)} MB/s, ${x.mBarsPerS.toFixed(1)} M bars/s; cpu ${ms(x.cpuMs)}, peak ${mb(x.peakRssMb)}`,
      reference: key === "csv" ? undefined : { text: `CSV of the same bars ${ms(csv.ms)} (${vsCsv.toFixed(2)}x)`, source: "measured", value: csv.ms },
      target: key === "parquet" ? { text: "faster than CSV", met: x.ms < csv.ms } : undefined,
      data: { ...x },
    };
  };
  return {
    title: `Reading ${bars.toLocaleString("en-US")} bars into checked columns (scripts/bench-parquet.ts)`,
    how: `a fresh process per read (JIT cold, as in a backtest), median of ${runs}`,
    figures: [row("parquet", "Parquet, robotrader's export"), row("parquet-snappy", "Parquet, Snappy (other tools)"), row("csv", "CSV")],
  };
}

/** One row of bench-sweeps.ts: `  NAME   1.23 s wall,  2.34 s CPU, peak  123 MB[  = 1.50x the 1-worker wall time]`. */
const SWEEP_ROW = /^\s{2}(\S.*?)\s+([\d.]+) s wall,\s+([\d.]+) s CPU, peak\s+(\d+) MB/;

export function parseSweeps(text: string): { block: string; rows: { name: string; wallS: number; cpuS: number; peakMb: number }[] }[] {
  const blocks: { block: string; rows: { name: string; wallS: number; cpuS: number; peakMb: number }[] }[] = [];
  for (const line of text.split("\n")) {
    const row = SWEEP_ROW.exec(line);
    if (row && blocks.length > 0) blocks.at(-1)!.rows.push({ name: row[1]!, wallS: Number(row[2]), cpuS: Number(row[3]), peakMb: Number(row[4]) });
    else if (/^\S.*\):$/.test(line) && !line.startsWith("Machine:")) blocks.push({ block: line.replace(/ \((median|load)[^)]*\):$/, "").replace(/:$/, ""), rows: [] });
  }
  return blocks;
}

/**
 * Workers and shards (bench-sweeps.ts: a --each batch, a walk-forward grid, a train search, each
 * with --workers 1 as the reference). Too long for --quick, which times one small walk-forward.
 */
export async function sweeps(ctx: BenchContext): Promise<SectionResult> {
  if (ctx.quick) return walkForward(ctx);
  const out = await script(ctx, "bench-sweeps.ts", ["--binary", await ctx.binary(), "--symbols", "100", "--runs", "1"]);
  const blocks = parseSweeps(out);
  const figures = blocks.flatMap(({ block, rows }) => {
    const one = rows.find((r) => r.name === "--workers 1");
    const short = block.split(",")[0]!.replace(/^backtest /, "");
    return rows.map((r): Figure => ({
      name: `${short}: ${r.name}`,
      text: `${r.wallS.toFixed(2)} s`,
      value: r.wallS,
      unit: "s",
      detail: `cpu ${r.cpuS.toFixed(2)} s, peak ${mb(r.peakMb)}`,
      reference: one && r !== one ? { text: `--workers 1 ${one.wallS.toFixed(2)} s (${(one.wallS / r.wallS).toFixed(2)}x)`, source: "measured", value: one.wallS } : undefined,
      data: { wallS: r.wallS, cpuS: r.cpuS, peakMb: r.peakMb },
    }));
  });
  if (figures.length === 0) throw new Error(`scripts/bench-sweeps.ts printed no figures:\n${out}`);
  return {
    title: "Sweeps on one machine: workers and shards (scripts/bench-sweeps.ts)",
    how: "compiled binary; --each: 100 symbols x 5,000 daily bars, one account each; walk-forward: 16-point grid on SPX; train: lr + 4 gbt points x 4 purged folds; one run each (`bun scripts/bench-sweeps.ts` for more)",
    figures,
  };
}
