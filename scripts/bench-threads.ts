/**
 * The CPU of each thread of this process over a span (/proc/self/task: Linux only), and how long
 * the main thread waited for a core. For the live bench: the runner's thread against the
 * simulator's Worker, SQLite's checkpoint worker, JavaScriptCore's JIT and GC helper threads.
 *
 * Per thread: `stat` (utime, stime in clock ticks), `schedstat` (ns on a core, ns runnable but
 * waiting for one, time slices), `status` (voluntary and involuntary context switches).
 */
import { readdirSync, readFileSync } from "node:fs";

export interface ThreadSample {
  readonly tid: number;
  readonly name: string;
  /** On a core, ns (schedstat; utime + stime at 10 ms resolution where schedstat is missing). */
  readonly runNs: number;
  /** Runnable, waiting for a core, ns. */
  readonly waitNs: number;
  readonly slices: number;
  readonly voluntary: number;
  readonly involuntary: number;
  /** Page faults served without I/O (a fresh or given-back page touched again). */
  readonly minorFaults: number;
}

const TICK_NS = 10_000_000;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Every thread of this process now; empty off Linux. */
export function sampleThreads(): Map<number, ThreadSample> {
  const out = new Map<number, ThreadSample>();
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return out;
  }
  for (const t of tids) {
    const dir = `/proc/self/task/${t}`;
    const stat = read(`${dir}/stat`);
    if (stat === undefined) continue;
    const close = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, close);
    const f = stat.slice(close + 2).split(" ");
    const ticks = Number(f[11]) + Number(f[12]); // fields 14 and 15: utime, stime
    const minorFaults = Number(f[7]); // field 10: minflt
    const sched = read(`${dir}/schedstat`)?.trim().split(" ").map(Number);
    const status = read(`${dir}/status`) ?? "";
    const count = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    out.set(Number(t), {
      tid: Number(t), name,
      runNs: sched?.[0] ?? ticks * TICK_NS, waitNs: sched?.[1] ?? 0, slices: sched?.[2] ?? 0,
      voluntary: count("voluntary_ctxt_switches"), involuntary: count("nonvoluntary_ctxt_switches"), minorFaults,
    });
  }
  return out;
}

/** What each thread did between two samples (threads that started in between count from zero), grouped by name. */
export function threadsBetween(a: Map<number, ThreadSample>, b: Map<number, ThreadSample>): ThreadSample[] {
  const byName = new Map<string, ThreadSample & { threads: number }>();
  for (const [tid, now] of b) {
    const was = a.get(tid);
    const d = {
      tid, name: tid === process.pid ? "main" : now.name,
      runNs: now.runNs - (was?.runNs ?? 0), waitNs: now.waitNs - (was?.waitNs ?? 0), slices: now.slices - (was?.slices ?? 0),
      voluntary: now.voluntary - (was?.voluntary ?? 0), involuntary: now.involuntary - (was?.involuntary ?? 0),
      minorFaults: now.minorFaults - (was?.minorFaults ?? 0),
    };
    const sum = byName.get(d.name);
    byName.set(d.name, sum
      ? { ...sum, runNs: sum.runNs + d.runNs, waitNs: sum.waitNs + d.waitNs, slices: sum.slices + d.slices, voluntary: sum.voluntary + d.voluntary, involuntary: sum.involuntary + d.involuntary, minorFaults: sum.minorFaults + d.minorFaults, threads: sum.threads + 1 }
      : { ...d, threads: 1 });
  }
  return [...byName.values()].map(({ threads, ...r }) => ({ ...r, name: threads > 1 ? `${r.name} x${threads}` : r.name })).sort((x, y) => y.runNs - x.runNs);
}

/** One line per thread name: CPU, time waiting for a core, involuntary/voluntary switches. */
export function threadsText(rows: readonly ThreadSample[], minMs = 5): string {
  const ms = (ns: number) => (ns / 1e6).toFixed(0);
  return rows
    .filter((r) => r.runNs / 1e6 >= minMs || r.name === "main")
    .map((r) => `  ${r.name.padEnd(16)} cpu ${ms(r.runNs).padStart(6)} ms  waited for a core ${ms(r.waitNs).padStart(5)} ms  switches ${r.involuntary} involuntary / ${r.voluntary} voluntary  page faults ${r.minorFaults}`)
    .join("\n");
}
