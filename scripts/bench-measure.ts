/**
 * Whole-process measurement for `bun run bench`: wall time, CPU (user + system) and peak RSS of
 * one spawned command, medians over runs, and ratios taken pair by pair against a reference.
 *
 * Peak RSS of the one process, in order of preference:
 * - GNU time's %M (`/usr/bin/time -o FILE`): the child's own high-water mark;
 * - VmHWM read from /proc/<pid>/status every 5 ms while it runs (growth in its last few ms is missed);
 * - else the wait4 accounting Bun reports, which cannot read below this bench process's own RSS
 *   (the child is spawned from it): labelled so.
 * CPU time is always the wait4 accounting of the spawned process (and of what it waited for).
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  /** NaN when not measured. */
  readonly peakMb: number;
}

export interface Series {
  readonly runs: readonly Run[];
  readonly wallMs: number;
  readonly cpuMs: number;
  /** The largest peak over the runs. */
  readonly peakMb: number;
}

const GNU_TIME = "/usr/bin/time";
const HAS_GNU_TIME = existsSync(GNU_TIME) && Bun.spawnSync([GNU_TIME, "-o", "/dev/null", "-f", "%M", "true"]).exitCode === 0;
const HAS_PROC = existsSync("/proc/self/status");

/** How peak RSS is read on this machine, for the report. */
export const PEAK_HOW = HAS_GNU_TIME
  ? "peak RSS from GNU time %M"
  : HAS_PROC
    ? "peak RSS from /proc VmHWM polled every 5 ms (misses growth in the last few ms)"
    : "peak RSS from wait4 (cannot read below this bench process's own RSS)";

export interface SpawnOptions {
  readonly cwd?: string | undefined;
  readonly env?: Record<string, string>;
  /** Measure peak RSS (the cold-start runs skip the GNU time wrapper to time the bare start). */
  readonly peak?: boolean;
  /** Runs of each command before the counted ones (default 1). */
  readonly warmup?: number;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function fail(cmd: readonly string[], code: number | null, stderr: string): never {
  throw new Error(`${cmd.join(" ")} exited ${code}: ${stderr.trim().slice(-800)}`);
}

/** One run of `cmd`, its output read and dropped (stderr kept for the error when it fails). */
export async function measure(cmd: readonly string[], options: SpawnOptions = {}): Promise<Run> {
  const wrap = options.peak !== false && HAS_GNU_TIME;
  const timeFile = path.join(tmpdir(), `rt-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const argv = wrap ? [GNU_TIME, "-o", timeFile, "-f", "%M", ...cmd] : [...cmd];
  const t0 = Bun.nanoseconds();
  const proc = Bun.spawn(argv, { ...(options.cwd ? { cwd: options.cwd } : {}), env: options.env ?? process.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const poll = !wrap && options.peak !== false && HAS_PROC ? pollPeak(proc.pid) : undefined;
  // stdout is a pipe, as when a user pipes the output somewhere; read and dropped.
  const drained = new Response(proc.stdout).arrayBuffer();
  const stderr = new Response(proc.stderr).text();
  const code = await proc.exited;
  const wallMs = (Bun.nanoseconds() - t0) / 1e6;
  const hwm = poll?.stop();
  await drained;
  const usage = proc.resourceUsage();
  if (code !== 0) fail(cmd, code, await stderr);
  const cpuMs = usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : NaN;
  let peakMb = NaN;
  if (wrap) {
    const kb = Number(readFileSync(timeFile, "utf8").trim().split("\n").at(-1));
    rmSync(timeFile, { force: true });
    peakMb = kb / 1024;
  } else if (hwm !== undefined) peakMb = hwm;
  else if (options.peak !== false && usage) peakMb = usage.maxRSS / 2 ** 20;
  return { wallMs, cpuMs, peakMb };
}

/** Polls VmHWM (the process's own high-water mark, in MB) until stopped. */
function pollPeak(pid: number): { stop(): number | undefined } {
  let peak: number | undefined;
  const read = () => {
    try {
      const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (kb !== undefined) peak = Math.max(peak ?? 0, Number(kb) / 1024);
    } catch {
      // gone already
    }
  };
  read();
  const timer = setInterval(read, 5);
  return { stop: () => (clearInterval(timer), peak) };
}

/** `n` runs of each command, interleaved (a, b, c, a, b, c, ...; the order rotating), after the warm-up runs. */
export async function series(n: number, cases: Readonly<Record<string, readonly string[]>>, options: SpawnOptions = {}): Promise<Record<string, Series>> {
  const names = Object.keys(cases);
  for (let i = 0; i < (options.warmup ?? 1); i++) for (const k of names) await measure(cases[k]!, options);
  const runs: Record<string, Run[]> = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(i + j) % names.length]!;
      runs[k]!.push(await measure(cases[k]!, options));
    }
  }
  return Object.fromEntries(names.map((k) => [k, summarize(runs[k]!)]));
}

export function summarize(runs: readonly Run[]): Series {
  return { runs, wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

/** Median of the run-by-run ratios a[i] / b[i] (runs interleaved, so drift in the machine's speed cancels). */
export function pairedRatio(a: Series, b: Series, pick: (r: Run) => number): number {
  return median(a.runs.map((r, i) => pick(r) / pick(b.runs[i]!)));
}
