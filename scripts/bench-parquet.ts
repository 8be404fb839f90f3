/**
 * Reading bars: `bun scripts/bench-parquet.ts [--bars 1000000] [--runs 7] [--json]`.
 * Writes the same seeded bars (bench-data.ts) as robotrader's Parquet export, as Parquet the way
 * robotrader wrote it before (Snappy pages of plain doubles, hyparquet-writer's default), and
 * as CSV, into a temporary folder; then reads each file checked into columns (readBarsParquet,
 * readBarsCsvFile), each read in a fresh process as a backtest does, and prints the median read
 * time, MB/s of file and peak memory, with the machine and its load.
 */
import { cpus, loadavg, tmpdir } from "node:os";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { benchCsv, benchParquet } from "./bench-data.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Child: read one file once (the reader's modules loaded first, not timed), print {ms, cpuMs, bars, rssMb}. */
async function child(kind: string, file: string): Promise<void> {
  const { readBarsCsvFile } = await import("../src/adapters/csv/bars-csv-file.ts");
  const { readBarsParquet } = await import("../src/adapters/parquet/bars-parquet-read.ts");
  const t0 = Bun.nanoseconds();
  const cpu0 = process.cpuUsage();
  const read = kind === "csv" ? readBarsCsvFile(file, { barSize: "1m" }) : await readBarsParquet(file, { barSize: "1m" });
  const ms = (Bun.nanoseconds() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  if (!read.ok) throw new Error(`${file}: ${JSON.stringify(read.problems.slice(0, 3))}`);
  // This process's own peak (getrusage's would include the parent's from before exec).
  const hwm = /VmHWM:\s+(\d+) kB/.exec(await Bun.file("/proc/self/status").text().catch(() => ""))?.[1];
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, bars: read.bars.time.length, rssMb: hwm ? Number(hwm) / 1024 : NaN }));
}

/** The bars as robotrader's earlier Parquet export wrote them: Snappy pages, decoded in JavaScript. */
function snappyParquet(bars: number): Uint8Array {
  const s = randomWalkSeries("BENCH", bars, 1234);
  const start = Date.UTC(2000, 0, 3);
  const columns = { ...s, time: Float64Array.from({ length: bars }, (_, i) => start + i * 60_000) };
  const names = ["time", "open", "high", "low", "close", "volume"] as const;
  return new Uint8Array(parquetWriteBuffer({ columnData: names.map((name) => ({ name, data: columns[name], type: "DOUBLE" as const, nullable: false })), rowGroupSize: bars }));
}

async function main(): Promise<void> {
  const bars = arg("--bars", 1_000_000);
  const runs = arg("--runs", 7);
  const json = process.argv.includes("--json");
  const dir = mkdtempSync(path.join(tmpdir(), "rt-bench-parquet-"));
  try {
    const files = {
      parquet: path.join(dir, "bars.parquet"),
      "parquet-snappy": path.join(dir, "bars-snappy.parquet"),
      csv: path.join(dir, "bars.csv"),
    };
    writeFileSync(files.parquet, await benchParquet(bars));
    writeFileSync(files["parquet-snappy"], snappyParquet(bars));
    writeFileSync(files.csv, benchCsv(bars));
    const samples: Record<string, { ms: number; cpuMs: number; rssMb: number }[]> = { parquet: [], "parquet-snappy": [], csv: [] };
    // Interleaved, so a change in the machine's load falls on every format alike.
    for (let r = 0; r < runs; r++) {
      for (const [kind, file] of Object.entries(files)) {
        const p = Bun.spawnSync([process.execPath, import.meta.path, "--child", kind, file], { stderr: "pipe" });
        if (p.exitCode !== 0) throw new Error(`${kind}: ${p.stderr.toString()}`);
        samples[kind]!.push(JSON.parse(p.stdout.toString()));
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const result = Object.fromEntries(
      Object.entries(files).map(([kind, file]) => {
        const mb = statSync(file).size / 1e6;
        const ms = median(samples[kind]!.map((s) => s.ms));
        return [kind, { fileMb: mb, ms, cpuMs: median(samples[kind]!.map((s) => s.cpuMs)), mbPerS: mb / (ms / 1000), mBarsPerS: bars / 1e3 / ms, peakRssMb: Math.max(...samples[kind]!.map((s) => s.rssMb)) }];
      }),
    );
    const machine = `${cpus()[0]?.model ?? "?"} x ${cpus().length}, Bun ${Bun.version}, ${process.platform}, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`;
    if (json) {
      console.log(JSON.stringify({ bars, runs, machine, ...result }));
      return;
    }
    console.log(`Reading ${bars.toLocaleString("en-US")} one-minute bars into checked columns, a fresh process per read, median wall (and CPU) time of ${runs} (${machine}):`);
    const label = { parquet: "Parquet, robotrader's export", "parquet-snappy": "Parquet, Snappy (earlier layout)", csv: "CSV" } as const;
    for (const [kind, r] of Object.entries(result)) {
      console.log(`  ${label[kind as keyof typeof label].padEnd(30)} ${r.fileMb.toFixed(1).padStart(5)} MB  ${r.ms.toFixed(1).padStart(7)} ms (CPU ${r.cpuMs.toFixed(0)} ms) = ${r.mbPerS.toFixed(0).padStart(5)} MB/s, ${r.mBarsPerS.toFixed(1).padStart(5)} M bars/s, peak ${r.peakRssMb.toFixed(0)} MB`);
    }
    console.log(`  Parquet (robotrader's export) reads ${(result.csv!.ms / result.parquet!.ms).toFixed(1)}x faster than the CSV of the same bars`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const c = process.argv.indexOf("--child");
if (c >= 0) await child(process.argv[c + 1]!, process.argv[c + 2]!);
else await main();
