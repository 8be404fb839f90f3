/**
 * CSV ingest speed: `bun scripts/bench-csv.ts [--bars 1000000] [--runs 7] [--file F.csv] [--import] [--json]`.
 * Writes the seeded one-minute bars of bench-data.ts as robotrader's CSV export into a temporary
 * folder (or reads --file), then parses it into checked columns (readBarsCsvFile):
 *  - cold: a fresh process per read, as a backtest reads its file once (the JIT warms up inside);
 *  - warm: the same process again and again (the parser's steady speed);
 *  - floor: a fresh process that only allocates and first touches the six columns the parse fills
 *    (fresh pages cost ~3 ms per MB of CPU on a VM here: most of a fresh parse, whatever the parser);
 *  - with --import: `data import`'s two halves in a fresh process, read and check, then the
 *    SQLite store into an empty database.
 * Prints medians of the runs in MB/s of file, wall and CPU time (CPU: what a loaded machine does
 * not inflate much), with the machine and its load.
 */
import { cpus, loadavg, tmpdir } from "node:os";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchCsv } from "./bench-data.ts";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** Child: one cold read (modules loaded first, not timed), or `warm` reads; prints samples as JSON. */
async function child(mode: string, file: string, runs: number): Promise<void> {
  if (mode === "floor") {
    // `runs` is the number of bars here: six columns of that many doubles, written once, made as
    // the parser makes them (on huge pages where Linux offers them: adapters/os/huge-pages.ts).
    const { largeFloat64Array } = await import("../src/adapters/os/huge-pages.ts");
    const t = Bun.nanoseconds();
    const c = process.cpuUsage();
    const columns = Array.from({ length: 6 }, () => largeFloat64Array(runs).fill(1));
    const sample = { ms: (Bun.nanoseconds() - t) / 1e6, cpuMs: cpuMs(c) };
    if (columns.length !== 6) throw new Error("columns");
    console.log(JSON.stringify([sample]));
    return;
  }
  const { readBarsCsvFile } = await import("../src/adapters/csv/bars-csv-file.ts");
  if (mode === "import") {
    const { readBarsFile, storeBars } = await import("../src/app/data/import.ts");
    const { openStore } = await import("../src/app/data/store.ts");
    const dir = mkdtempSync(path.join(tmpdir(), "rt-bench-csv-db-"));
    try {
      let t = Bun.nanoseconds(), c = process.cpuUsage();
      const read = await readBarsFile(file, { barSize: "1m" });
      const check = { ms: (Bun.nanoseconds() - t) / 1e6, cpuMs: cpuMs(c) };
      (t = Bun.nanoseconds()), (c = process.cpuUsage());
      const db = openStore({ dataDir: dir });
      storeBars(db, read, { symbol: "BENCH", barSize: "1m" });
      db.close();
      console.log(JSON.stringify({ check, store: { ms: (Bun.nanoseconds() - t) / 1e6, cpuMs: cpuMs(c) } }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const samples: Sample[] = [];
  for (let r = 0; r < (mode === "warm" ? runs + 1 : 1); r++) {
    Bun.gc(true);
    const t = Bun.nanoseconds();
    const c = process.cpuUsage();
    const read = readBarsCsvFile(file, { barSize: "1m" });
    const sample = { ms: (Bun.nanoseconds() - t) / 1e6, cpuMs: cpuMs(c) };
    if (!read.ok) throw new Error(`${file}: ${JSON.stringify(read.problems.slice(0, 3))}`);
    if (mode !== "warm" || r > 0) samples.push(sample);
  }
  console.log(JSON.stringify(samples));
}

function spawn(...args: string[]): string {
  const p = Bun.spawnSync([process.execPath, import.meta.path, "--child", ...args], { stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(p.stderr.toString());
  return p.stdout.toString();
}

/** Lines in a file (newlines, plus an unterminated last line), read in 1 MB chunks. */
function countLines(file: string): number {
  const fd = openSync(file, "r");
  try {
    const buf = new Uint8Array(1 << 20);
    let lines = 0;
    let last = 10;
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      for (let i = buf.indexOf(10); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      last = buf[n - 1]!;
    }
    return last === 10 ? lines : lines + 1;
  } finally {
    closeSync(fd);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const runs = Number(arg("--runs") ?? 7);
  const given = arg("--file");
  const dir = given ? undefined : mkdtempSync(path.join(tmpdir(), "rt-bench-csv-"));
  try {
    const file = given ?? path.join(dir!, "bars.csv");
    if (!given) writeFileSync(file, benchCsv(Number(arg("--bars") ?? 1_000_000)));
    const mb = statSync(file).size / 1e6;
    const cold: Sample[] = [];
    for (let r = 0; r < runs; r++) cold.push(...(JSON.parse(spawn("cold", file, "1")) as Sample[]));
    const warm = JSON.parse(spawn("warm", file, String(runs))) as Sample[];
    const bars = countLines(file) - 1;
    const floor: Sample[] = [];
    for (let r = 0; r < runs; r++) floor.push(...(JSON.parse(spawn("floor", file, String(bars))) as Sample[]));
    const imports: { check: Sample; store: Sample }[] = [];
    if (process.argv.includes("--import")) for (let r = 0; r < Math.min(runs, 3); r++) imports.push(JSON.parse(spawn("import", file, "1")));
    const sum = (s: Sample[]) => ({ ms: median(s.map((x) => x.ms)), cpuMs: median(s.map((x) => x.cpuMs)) });
    const figures: Record<string, Sample> = { cold: sum(cold), warm: sum(warm), floor: sum(floor) };
    if (imports.length > 0) {
      figures.importCheck = sum(imports.map((i) => i.check));
      figures.importStore = sum(imports.map((i) => i.store));
    }
    const machine = `${cpus()[0]?.model ?? "?"} x ${cpus().length}, Bun ${Bun.version}, ${process.platform}, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`;
    if (process.argv.includes("--json")) {
      console.log(JSON.stringify({ fileMb: mb, runs, machine, ...Object.fromEntries(Object.entries(figures).map(([k, s]) => [k, { ...s, mbPerS: mb / (s.ms / 1000), cpuMbPerS: mb / (s.cpuMs / 1000) }])) }));
      return;
    }
    console.log(`CSV ingest of ${mb.toFixed(1)} MB (robotrader's export, one-minute bars), median of ${runs} (${machine}):`);
    const label: Record<string, string> = {
      cold: "parse to columns, fresh process",
      warm: "parse to columns, warm process",
      floor: "fresh columns alone (the floor)",
      importCheck: "data import: read and check",
      importStore: "data import: store in SQLite",
    };
    for (const [k, s] of Object.entries(figures)) {
      console.log(`  ${label[k]!.padEnd(32)} ${s.ms.toFixed(0).padStart(6)} ms = ${(mb / (s.ms / 1000)).toFixed(0).padStart(4)} MB/s wall; CPU ${s.cpuMs.toFixed(0).padStart(6)} ms = ${(mb / (s.cpuMs / 1000)).toFixed(0).padStart(4)} MB/s`);
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const c = process.argv.indexOf("--child");
if (c >= 0) await child(process.argv[c + 1]!, process.argv[c + 2]!, Number(process.argv[c + 3]));
else await main();
