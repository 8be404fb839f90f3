/**
 * Whole-process figures (issue 14), each beside the reference measured in the same run where one
 * exists: `bun run scripts/bench-pipeline.ts [--quick]`, also run by `bun run bench`.
 * Builds the compiled binary and a bare compiled Bun program into a temporary folder, generates
 * the inputs there, and measures wall time (median) and peak RSS of separate processes.
 */
import { cpus, loadavg, tmpdir } from "node:os";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchCsv, benchParquet } from "./bench-data.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { barsParquetBytes } from "../src/adapters/parquet/bars-parquet-write.ts";

const quick = process.argv.includes("--quick");
const root = path.resolve(import.meta.dir, "..");
const dir = mkdtempSync(path.join(tmpdir(), "rt-bench-"));
const BACKTRADER_SECONDS = 98; // issue 14: backtrader, 1M bars of CSV, same machine class (not installable here)
const BACKTRADER_MB = 742;

interface Run {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly code: number;
}

// Peak memory of the one process: GNU time's %M (KB) when installed (rusage of children in
// Bun accumulates over every child of this script, so it cannot tell one run's peak).
const GNU_TIME = Bun.spawnSync(["/usr/bin/time", "-f", "%M", "true"], { stderr: "pipe" }).exitCode === 0;

function run(cmd: string[], env: Record<string, string> = {}): Run {
  const t0 = Bun.nanoseconds();
  const p = Bun.spawnSync(GNU_TIME ? ["/usr/bin/time", "-f", "maxrss %M", ...cmd] : cmd, { cwd: dir, env: { ...process.env, HOME: dir, ...env }, stdout: "ignore", stderr: "pipe" });
  const ms = (Bun.nanoseconds() - t0) / 1e6;
  const err = p.stderr.toString();
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} exited ${p.exitCode}: ${err.slice(0, 500)}`);
  const kb = /maxrss (\d+)/.exec(err)?.[1];
  return { ms, maxRssMb: kb === undefined ? NaN : Number(kb) / 1024, code: p.exitCode };
}

/** Median wall time and the largest peak RSS over `n` runs (commands interleaved with their references). */
function medians(n: number, cases: Record<string, string[]>): Record<string, { ms: number; maxRssMb: number }> {
  const all: Record<string, Run[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < n; i++) for (const [k, cmd] of Object.entries(cases)) all[k]!.push(run(cmd));
  return Object.fromEntries(
    Object.entries(all).map(([k, runs]) => {
      const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
      return [k, { ms: ms[Math.floor(ms.length / 2)]!, maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) }];
    }),
  );
}

const f0 = (x: number) => x.toFixed(0);
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

try {
  console.log(`Machine: ${cpus()[0]?.model ?? "?"} x ${cpus().length}, Bun ${Bun.version}, ${process.platform}; load average ${load()} (other work on the machine slows every figure)`);

  const binary = path.join(dir, "robotrader");
  const build = Bun.spawnSync([process.execPath, "run", "scripts/build.ts", "--outfile", binary], { cwd: root, stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  writeFileSync(path.join(dir, "bare.ts"), 'console.log("hello");\n');
  const bare = path.join(dir, "bare");
  if (Bun.spawnSync([process.execPath, "build", "--compile", path.join(dir, "bare.ts"), "--outfile", bare], { stderr: "pipe" }).exitCode !== 0) throw new Error("bare build failed");

  const n = quick ? 5 : 15;
  const cold = medians(n, { bare: [bare], version: [binary, "--version"], help: [binary, "--help"], "market-status": [binary, "market-status"] });
  console.log(`\nCold start (compiled; median of ${n}, load ${load()}; target <= 2.5x the bare compiled Bun program):`);
  for (const k of ["version", "help", "market-status"]) {
    console.log(`  robotrader ${k.padEnd(14)} ${f0(cold[k]!.ms).padStart(5)} ms = ${(cold[k]!.ms / cold.bare!.ms).toFixed(2)}x bare (${f0(cold.bare!.ms)} ms), peak ${f0(cold[k]!.maxRssMb)} MB`);
  }

  const bars = quick ? 200_000 : 1_000_000;
  const csv = path.join(dir, "bench.csv");
  const parquet = path.join(dir, "bench.parquet");
  writeFileSync(csv, benchCsv(bars));
  writeFileSync(parquet, await benchParquet(bars));
  const bt = (file: string) => [binary, "backtest", "--data", file, "--bar-size", "1m", "--no-save", "--quiet", "--data-dir", dir];
  const reps = quick ? 3 : 5;
  const whole = medians(reps, { csv: bt(csv), parquet: bt(parquet) });
  const mb = (file: string) => Bun.file(file).size / 1e6;
  console.log(`\nWhole-process backtest, sma-cross 10/30, ${bars.toLocaleString("en-US")} 1-minute bars, --no-save (median of ${reps}, load ${load()}):`);
  for (const [k, file] of [["csv", csv], ["parquet", parquet]] as const) {
    const r = whole[k]!;
    const ref = bars === 1_000_000 ? `; backtrader ${BACKTRADER_SECONDS} s / ${BACKTRADER_MB} MB (issue 14) = ${(BACKTRADER_SECONDS * 1000 / r.ms).toFixed(0)}x faster` : "";
    console.log(`  ${k.padEnd(8)} ${mb(file).toFixed(0)} MB file: ${(r.ms / 1000).toFixed(2)} s, peak ${f0(r.maxRssMb)} MB${ref}`);
  }

  // 500 symbols x 5,000 daily bars from a Parquet catalogue (one shared portfolio).
  const symbols = quick ? 100 : 500;
  const catalog = path.join(dir, "catalog");
  mkdirSync(path.join(catalog, "1d"), { recursive: true });
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(3, "0")}`);
  names.forEach((s, i) => writeFileSync(path.join(catalog, "1d", `${s}.parquet`), barsParquetBytes(randomWalkSeries(s, 5000, 99 + i))));
  const many = medians(quick ? 1 : 3, { many: [binary, "backtest", "--symbol", names.join(","), "--catalog", catalog, "--no-save", "--quiet", "--data-dir", dir] }).many!;
  console.log(`\n${symbols} symbols x 5,000 daily bars from a Parquet catalogue, one portfolio: ${(many.ms / 1000).toFixed(2)} s, peak ${f0(many.maxRssMb)} MB (load ${load()})`);

  const grid = medians(quick ? 1 : 3, {
    grid: [binary, "backtest", "--symbol", "SPX", "--walk-forward", "rolling", "--grid", "fast=5,10,20,30:slow=50,100,150,200", "--no-save", "--quiet", "--data-dir", dir],
  }).grid!;
  console.log(`Walk-forward, rolling windows, 16-point grid on the embedded SPX (5,105 daily bars), workers on ${cpus().length} cores: ${(grid.ms / 1000).toFixed(2)} s, peak ${f0(grid.maxRssMb)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
