/**
 * `bun run bench [--quick] [--json] [--only a,b] [--skip a,b]`: every figure of issue 14, each
 * with its reference (measured in this run where one exists, else a stated figure said to be
 * one), its target and PASS/FAIL, and the machine they were measured on.
 *
 * --quick   smaller inputs and fewer runs (a smoke check, well under a minute); targets that are
 *           stated for full-size inputs are then not judged
 * --json    the figures as one JSON document on stdout (the text report goes to stderr)
 * --only / --skip  sections by key: cold backtest parquet ingest engine many sweeps live ml indicators
 *           (sweeps is one small walk-forward under --quick; indicators is left out of --quick)
 *
 * The compiled binary and a bare compiled Bun program are built into a temporary folder, which
 * is also the cwd, HOME and --data-dir of every command measured, and is removed at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchContext } from "./bench-context.ts";
import { coldStart, manySymbols, wholeBacktest } from "./bench-whole.ts";
import { engineLoop, indicators, ml } from "./bench-parts.ts";
import { csvIngest, live, parquetRead, sweeps } from "./bench-scripts.ts";
import { hostLoopMs, hostLoopText } from "./bench-host.ts";
import { loadText, machine, machineText, sectionText, summaryText, type SectionResult } from "./bench-report.ts";
import type { BenchContext } from "./bench-context.ts";

interface Section {
  readonly key: string;
  readonly run: (ctx: BenchContext) => Promise<SectionResult>;
  /** Left out of --quick. */
  readonly full?: boolean;
}

// The engine loop runs before `many`, which quotes it as its reference.
const SECTIONS: readonly Section[] = [
  { key: "cold", run: coldStart },
  { key: "backtest", run: wholeBacktest },
  { key: "parquet", run: parquetRead },
  { key: "ingest", run: csvIngest },
  { key: "engine", run: engineLoop },
  { key: "many", run: manySymbols },
  { key: "sweeps", run: sweeps },
  { key: "live", run: live },
  { key: "ml", run: ml },
  { key: "indicators", run: indicators, full: true },
];

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const json = argv.includes("--json");
const list = (flag: string) => {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : (argv[i + 1] ?? "").split(",").filter(Boolean);
};
const only = list("--only");
const skip = list("--skip") ?? [];
const unknown = [...(only ?? []), ...skip].filter((k) => !SECTIONS.some((s) => s.key === k));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(", ")}; sections: ${SECTIONS.map((s) => s.key).join(" ")}`);
  process.exit(2);
}
const chosen = SECTIONS.filter((s) => (only ? only.includes(s.key) : !(quick && s.full)) && !skip.includes(s.key));

// With --json stdout carries only the document; the report is still shown, on stderr.
const say = (line: string) => (json ? console.error(line) : console.log(line));

const root = path.resolve(import.meta.dir, "..");
const dir = mkdtempSync(path.join(tmpdir(), "rt-bench-"));
const ctx = benchContext(root, dir, quick);
const m = machine();
const revision = Bun.spawnSync(["git", "rev-parse", "--short=12", "HEAD"], { cwd: root }).stdout.toString().trim() || "unknown";
const started = new Date();
say(machineText(m));
say(`robotrader ${revision}${quick ? ", --quick" : ""}; ${started.toISOString()}; other work on the machine slows every figure: see each section's load`);
say(`Host speed: each section ends with the ${hostLoopText(hostLoopMs())} (20M integer steps, median of 7; higher = a slower host now)`);

const done: { key: string; load: string; hostLoopMs?: number; result?: SectionResult; error?: string }[] = [];
try {
  for (const s of chosen) {
    const t0 = performance.now();
    try {
      const result = await s.run(ctx);
      const load = loadText();
      const host = hostLoopMs();
      ctx.results.set(s.key, result);
      done.push({ key: s.key, load, hostLoopMs: host, result });
      say("");
      for (const line of sectionText(result, `${load}; ${hostLoopText(host)}`)) say(line);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      done.push({ key: s.key, load: loadText(), error: message });
      say(`\n${s.key}: FAILED TO RUN: ${message}`);
    }
    if (!json) console.error(`  [${s.key}: ${((performance.now() - t0) / 1000).toFixed(1)} s]`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

say("");
say(summaryText(done));
const elapsed = (Date.now() - started.getTime()) / 1000;
say(`Done in ${elapsed.toFixed(0)} s; load average now ${loadText()}`);
if (json) {
  const figures = done.flatMap((d) => d.result?.figures ?? []).filter((f) => f.target);
  console.log(JSON.stringify({
    machine: m, revision, quick, started: started.toISOString(), seconds: elapsed,
    targets: { met: figures.filter((f) => f.target!.met).length, total: figures.length },
    sections: done.map((d) => ({ key: d.key, load: d.load, hostLoopMs: d.hostLoopMs, ...(d.result ?? {}), ...(d.error ? { error: d.error } : {}) })),
  }, null, 2));
}
process.exitCode = done.some((d) => d.error) ? 1 : 0;
