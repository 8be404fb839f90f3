/**
 * A shorter scheduler time slice for the calling thread (Linux 6.12+, the EEVDF scheduler's
 * per-task slice, `sched_attr.sched_runtime` of a SCHED_OTHER thread). The thread keeps its
 * policy, nice value and share of the CPU; what changes is that its virtual deadline comes
 * sooner after it wakes, so when it wakes (its socket has data, its fsync returned) it takes a
 * core from a thread running a longer slice at once, instead of waiting for that slice to end
 * (up to a 4 ms timer tick on a HZ=250 kernel). No privilege is needed: it is not a priority.
 * Older kernels ignore the value; other systems, and any failure, leave the thread as it was.
 * ROBOTRADER_RUNNER_SLICE_US=0 turns it off.
 */

export interface SliceRequest {
  /** The slice now in force for the thread, µs; 0 when the request was not applied. */
  readonly appliedUs: number;
  /** Gives the thread the system's default slice back (its nice value and policy untouched). */
  restore(): void;
}

/** struct sched_attr (VER0, 48 bytes): size, policy, flags, nice, priority, runtime, deadline, period. */
const ATTR_SIZE = 48;
const SCHED_OTHER = 0;
/** sched_getattr / sched_setattr by architecture. */
const SYSCALLS: Readonly<Record<string, { get: number; set: number }>> = { x64: { get: 315, set: 314 }, arm64: { get: 275, set: 274 } };
/** What the kernel accepts (it clamps to 0.1-100 ms). */
export const MIN_SLICE_US = 100;
export const MAX_SLICE_US = 100_000;

const NOT_APPLIED: SliceRequest = { appliedUs: 0, restore: () => {} };

type Call = (nr: number, attr: Uint8Array, third: number) => number;

// bun:ffi is loaded only when a slice is asked for (a runner's start): ~1 ms.
function loadSyscall(): Call | null {
  const nrs = SYSCALLS[process.arch];
  if (process.platform !== "linux" || !nrs) return null;
  try {
    const { dlopen, FFIType, ptr } = require("bun:ffi") as typeof import("bun:ffi");
    const lib = dlopen("libc.so.6", { syscall: { args: [FFIType.i64, FFIType.i64, FFIType.ptr, FFIType.i64, FFIType.i64], returns: FFIType.i64 } });
    // (nr, tid 0 = the calling thread, attr, size or flags, flags)
    return (nr, attr, third) => Number(lib.symbols.syscall(nr, 0, ptr(attr), third, 0));
  } catch {
    return null;
  }
}

/** The calling thread's sched_attr, or null (no such call, another policy than SCHED_OTHER). */
function readAttr(call: Call): DataView | null {
  const bytes = new Uint8Array(ATTR_SIZE);
  if (call(SYSCALLS[process.arch]!.get, bytes, ATTR_SIZE) !== 0) return null;
  const attr = new DataView(bytes.buffer);
  return attr.getUint32(4, true) === SCHED_OTHER ? attr : null;
}

function writeRuntime(call: Call, attr: DataView, ns: number): boolean {
  attr.setUint32(0, ATTR_SIZE, true);
  attr.setBigUint64(8, 0n, true); // flags: none (the runtime is the request)
  attr.setBigUint64(24, BigInt(ns), true);
  return call(SYSCALLS[process.arch]!.set, new Uint8Array(attr.buffer), 0) === 0;
}

/**
 * Asks for a `us` µs slice for the calling thread (clamped to what the kernel accepts).
 * Changes nothing but the slice: the nice value and policy read back are written back as they
 * were, and a thread under another policy (SCHED_FIFO, SCHED_BATCH, SCHED_IDLE) is left alone.
 */
export function requestSlice(us: number): SliceRequest {
  if (!(us > 0)) return NOT_APPLIED;
  const call = loadSyscall();
  if (!call) return NOT_APPLIED;
  const wanted = Math.min(MAX_SLICE_US, Math.max(MIN_SLICE_US, Math.round(us)));
  const attr = readAttr(call);
  if (!attr || !writeRuntime(call, attr, wanted * 1000)) return NOT_APPLIED;
  // Kernels without per-task slices accept the call and ignore the value: read what is in force.
  const now = readAttr(call);
  const appliedUs = now ? Number(now.getBigUint64(24, true)) / 1000 : 0;
  if (appliedUs !== wanted) return NOT_APPLIED;
  let restored = false;
  return {
    appliedUs,
    restore() {
      if (restored) return;
      restored = true;
      const back = readAttr(call);
      // 0: the system's default slice again.
      if (back) writeRuntime(call, back, 0);
    },
  };
}

/** The calling thread's slice now, µs (SCHED_OTHER on Linux), or undefined. */
export function currentSliceUs(): number | undefined {
  const call = loadSyscall();
  const attr = call ? readAttr(call) : null;
  return attr ? Number(attr.getBigUint64(24, true)) / 1000 : undefined;
}
