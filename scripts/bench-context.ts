/**
 * What the sections of `bun run bench` share: a temporary folder, the compiled binary and a bare
 * compiled Bun program built into it once (on first use), the generated bar files, and the
 * figures of the sections already run (a later section may quote one as its reference).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { benchCsv, benchParquet } from "./bench-data.ts";
import type { Figure, SectionResult } from "./bench-report.ts";

export interface BarFiles {
  readonly csv: string;
  readonly parquet: string;
  readonly bars: number;
}

export interface BenchContext {
  readonly quick: boolean;
  /** The repository. */
  readonly root: string;
  /** Scratch folder, removed at the end: cwd, HOME and --data-dir of every spawned command. */
  readonly dir: string;
  readonly env: Record<string, string>;
  binary(): Promise<string>;
  bare(): Promise<string>;
  /** 1,000,000 one-minute bars (100,000 with --quick) as CSV and Parquet. */
  barFiles(): Promise<BarFiles>;
  /** A figure of a section already run in this bench. */
  figure(section: string, name: string): Figure | undefined;
  readonly results: Map<string, SectionResult>;
}

const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
};

async function run(cmd: string[], cwd: string, what: string): Promise<void> {
  const p = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  const [code, err] = await Promise.all([p.exited, new Response(p.stderr).text()]);
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${err.trim().slice(-800)}`);
}

export function benchContext(root: string, dir: string, quick: boolean): BenchContext {
  // No user config or data reaches the measured commands.
  const env = Object.fromEntries(
    Object.entries({ PATH: process.env.PATH, HOME: dir, LANG: process.env.LANG, TZ: process.env.TZ }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const results = new Map<string, SectionResult>();
  return {
    quick,
    root,
    dir,
    env,
    results,
    binary: once(async () => {
      const out = path.join(dir, "robotrader");
      await run([process.execPath, "run", "scripts/build.ts", "--outfile", out], root, "bun run build");
      return out;
    }),
    bare: once(async () => {
      const src = path.join(dir, "bare.ts");
      writeFileSync(src, 'console.log("hello");\n');
      const out = path.join(dir, "bare");
      await run([process.execPath, "build", "--compile", src, "--outfile", out], dir, "building the bare Bun program");
      return out;
    }),
    barFiles: once(async () => {
      const bars = quick ? 100_000 : 1_000_000;
      const csv = path.join(dir, "bars.csv");
      const parquet = path.join(dir, "bars.parquet");
      writeFileSync(csv, benchCsv(bars));
      writeFileSync(parquet, await benchParquet(bars));
      return { csv, parquet, bars };
    }),
    figure: (section, name) => results.get(section)?.figures.find((f) => f.name === name),
  };
}
