/**
 * Lower CPU priority for this process's own helper threads (Linux), so that on a busy machine
 * the thread that trades gets a core first. Raising a thread's nice value, or putting it in
 * SCHED_IDLE, needs no privilege; nothing here ever raises a priority. Anything that fails
 * (another OS, no glibc, a thread gone meanwhile) leaves the thread as it was.
 * ROBOTRADER_LOWER_HELPERS=0 turns it off.
 */
import { readdirSync, readFileSync } from "node:fs";

export type Lowering = { readonly kind: "nice"; readonly nice: number } | { readonly kind: "idle" };

interface Libc {
  readonly setpriority: (tid: number, nice: number) => number;
  readonly setPolicy: (tid: number, policy: number) => number;
}
let libc: Libc | null | undefined;

const PRIO_PROCESS = 0;
const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

// bun:ffi is loaded at the first lowering (a runner's start), never by a command that does not trade: ~1 ms.
function loadLibc(): Libc | null {
  if (process.platform !== "linux" || process.env.ROBOTRADER_LOWER_HELPERS === "0") return null;
  try {
    const { dlopen, FFIType, ptr } = require("bun:ffi") as typeof import("bun:ffi");
    const lib = dlopen("libc.so.6", {
      setpriority: { args: [FFIType.i32, FFIType.u32, FFIType.i32], returns: FFIType.i32 },
      sched_setscheduler: { args: [FFIType.i32, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    });
    const param = new Int32Array(1); // struct sched_param { int sched_priority = 0 }
    return {
      setpriority: (tid, nice) => lib.symbols.setpriority(PRIO_PROCESS, tid, nice),
      setPolicy: (tid, policy) => lib.symbols.sched_setscheduler(tid, policy, ptr(param)),
    };
  } catch {
    return null;
  }
}

function threadName(tid: string): string | undefined {
  try {
    return readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trimEnd();
  } catch {
    return undefined;
  }
}

/**
 * Lowers every thread of this process whose name `pick` accepts, once per thread: threads that
 * come and go (JavaScriptCore's stop after a while idle, and start again with the main thread's
 * priority) are caught by calling this again. Cheap when nothing changed: one directory read.
 */
export class ThreadLowering {
  readonly #seen = new Set<string>();
  readonly #done = new Set<number>();
  readonly #pick: (name: string) => boolean;
  readonly #how: Lowering;
  #lowered = 0;

  constructor(pick: (name: string) => boolean, how: Lowering) {
    this.#pick = pick;
    this.#how = how;
  }

  /** Threads lowered so far (those still running or not). */
  get lowered(): number {
    return this.#lowered;
  }

  /**
   * Gives the threads lowered here and still running their ordinary priority back, where the
   * system allows it (raising a priority needs privilege: CAP_SYS_NICE or RLIMIT_NICE); for a
   * process that goes on after the runner (tests). Returns how many were restored.
   */
  restore(): number {
    if (!libc) return 0;
    let restored = 0;
    for (const tid of this.#done) {
      const done = this.#how.kind === "idle" ? libc.setPolicy(tid, SCHED_OTHER) : libc.setpriority(tid, 0);
      if (done === 0) restored++;
    }
    this.#done.clear();
    return restored;
  }

  /** Looks for new threads and lowers those picked; false when this system offers no way to. */
  scan(): boolean {
    if (libc === undefined) libc = loadLibc();
    if (libc === null) return false;
    let tids: string[];
    try {
      tids = readdirSync("/proc/self/task");
    } catch {
      return false;
    }
    for (const tid of tids) {
      if (this.#seen.has(tid)) continue;
      this.#seen.add(tid);
      const name = threadName(tid);
      if (name === undefined || !this.#pick(name)) continue;
      const done = this.#how.kind === "idle" ? libc.setPolicy(Number(tid), SCHED_IDLE) : libc.setpriority(Number(tid), this.#how.nice);
      if (done !== 0) continue;
      this.#lowered++;
      this.#done.add(Number(tid));
    }
    // Thread ids are reused: forget those gone, so a new thread with an old id is looked at.
    if (this.#seen.size > tids.length) {
      const now = new Set(tids);
      for (const tid of this.#seen) {
        if (now.has(tid)) continue;
        this.#seen.delete(tid);
        this.#done.delete(Number(tid));
      }
    }
    return true;
  }
}
