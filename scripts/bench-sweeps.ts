/**
 * Sweeps on one machine (issue 14, item 6), whole process, compiled binary: a `backtest --each`
 * batch of N symbols x 5,000 daily bars from a Parquet catalogue, a walk-forward grid and a
 * `train --grid` search, each with --workers 1 against every core, plus the sharded batch
 * (2 shards one after the other, then robotrader merge) to show what a part costs.
 *
 *   bun run scripts/bench-sweeps.ts [--quick] [--symbols 500] [--bars 5000] [--runs 3] [--binary PATH]
 *
 * Prints wall time (median), CPU time (user + sys) and peak RSS from GNU time, with the machine
 * and its load average. Without --binary it builds one into a temporary folder.
 */
import { cpus, loadavg, tmpdir } from "node:os";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { barsParquetBytes } from "../src/adapters/parquet/bars-parquet-write.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes("--quick");
const symbols = Number(flag("--symbols") ?? (quick ? 100 : 500));
const bars = Number(flag("--bars") ?? 5000);
const runs = Number(flag("--runs") ?? (quick ? 1 : 3));
const root = path.resolve(import.meta.dir, "..");
const dir = mkdtempSync(path.join(tmpdir(), "rt-bench-sweeps-"));
const cores = cpus().length;

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
}

function run(cmd: readonly string[]): Run {
  const p = Bun.spawnSync(["/usr/bin/time", "-f", "rt-time %e %U %S %M", ...cmd], { cwd: dir, env: { ...process.env, HOME: dir }, stdout: "ignore", stderr: "pipe" });
  const err = p.stderr.toString();
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} exited ${p.exitCode}: ${err.slice(0, 500)}`);
  const m = /rt-time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
  if (!m) throw new Error(`no timing from /usr/bin/time: ${err.slice(-300)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024 };
}

/** Median wall and CPU over `runs` runs (the cases interleaved), largest peak RSS. */
function measure(cases: Record<string, readonly string[][]>): Record<string, Run> {
  const all: Record<string, Run[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [k, cmds] of Object.entries(cases)) {
      // A case of several commands (shards, then merge) counts their sum.
      const parts = cmds.map(run);
      all[k]!.push({ wall: sum(parts.map((p) => p.wall)), cpu: sum(parts.map((p) => p.cpu)), rssMb: Math.max(...parts.map((p) => p.rssMb)) });
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(Object.entries(all).map(([k, rs]) => [k, { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMb: Math.max(...rs.map((r) => r.rssMb)) }]));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const line = (name: string, r: Run, base?: Run) =>
  `  ${name.padEnd(34)} ${r.wall.toFixed(2).padStart(7)} s wall, ${r.cpu.toFixed(2).padStart(7)} s CPU, peak ${r.rssMb.toFixed(0).padStart(4)} MB` +
  (base ? `  = ${(base.wall / r.wall).toFixed(2)}x the 1-worker wall time` : "");

try {
  console.log(`Machine: ${cpus()[0]?.model ?? "?"} x ${cores}, Bun ${Bun.version}, ${process.platform}; load average ${load()} (other work on the machine slows every figure)`);
  let binary = flag("--binary");
  if (binary === undefined) {
    binary = path.join(dir, "robotrader");
    const build = Bun.spawnSync([process.execPath, "run", "scripts/build.ts", "--outfile", binary], { cwd: root, stderr: "pipe" });
    if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  }
  binary = path.resolve(binary);

  const catalog = path.join(dir, "catalog");
  mkdirSync(path.join(catalog, "1d"), { recursive: true });
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(3, "0")}`);
  names.forEach((s, i) => writeFileSync(path.join(catalog, "1d", `${s}.parquet`), barsParquetBytes(randomWalkSeries(s, bars, 99 + i))));
  const common = ["--no-save", "--quiet", "--data-dir", dir];
  const each = [binary, "backtest", "--symbol", names.join(","), "--catalog", catalog, "--each", ...common];
  const shard = (i: number) => [...each, "--shard", `${i}/2`, "--shard-out", path.join(dir, `part-${i}.json`)];
  const merge = [binary, "merge", path.join(dir, "part-0.json"), path.join(dir, "part-1.json"), "--json", ...common.slice(1)];

  const batch = measure({ one: [[...each, "--workers", "1"]], all: [each], sharded: [shard(0), shard(1), merge] });
  console.log(`\nbacktest --each, ${symbols} symbols x ${bars.toLocaleString("en-US")} daily bars (one account each) from a Parquet catalogue, sma-cross 10/30 (median of ${runs}, load ${load()}):`);
  console.log(line("--workers 1", batch.one!));
  console.log(line(`every core (${cores} workers)`, batch.all!, batch.one));
  console.log(line("2 shards one after the other + merge", batch.sharded!));

  const wf = [binary, "backtest", "--symbol", "SPX", "--walk-forward", "rolling", "--grid", "fast=5,10,20,30:slow=50,100,150,200", ...common];
  const grid = measure({ one: [[...wf, "--workers", "1"]], all: [wf] });
  console.log(`\nWalk-forward, rolling windows, 16-point grid on the embedded SPX (5,105 daily bars) (median of ${runs}, load ${load()}):`);
  console.log(line("--workers 1", grid.one!));
  console.log(line(`every core (${cores} workers)`, grid.all!, grid.one));

  const train = [binary, "train", "--model", "lr,gbt", "--grid", "gbt.rounds=50,100:gbt.maxDepth=3,4", "--cv", "purged-kfold", "--folds", "4", ...common];
  const search = measure({ one: [[...train, "--workers", "1"]], all: [train] });
  console.log(`\ntrain --grid, lr + 4 gbt points x 4 purged folds (20 fits) on the embedded SPX (median of ${runs}, load ${load()}):`);
  console.log(line("--workers 1", search.one!));
  console.log(line(`every core (${cores} workers)`, search.all!, search.one));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
