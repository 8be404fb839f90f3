import { afterEach, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { ThreadLowering } from "./thread-priority.ts";

const linux = process.platform === "linux";

/** Each thread of this process: name, nice value, scheduling policy (/proc/self/task/TID/stat fields 19 and 41). */
function threads(): { tid: number; name: string; nice: number; policy: number }[] {
  return readdirSync("/proc/self/task").flatMap((tid) => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    } catch {
      return []; // ended meanwhile (a worker of an earlier test)
    }
    const close = stat.lastIndexOf(")");
    const f = stat.slice(close + 2).split(" ");
    return [{ tid: Number(tid), name: stat.slice(stat.indexOf("(") + 1, close), nice: Number(f[16]), policy: Number(f[38]) }];
  });
}

const workers: Worker[] = [];
/** A thread of this process named "Worker", running until the test ends. */
async function startWorker(): Promise<void> {
  const w = new Worker(URL.createObjectURL(new Blob(["self.onmessage = () => self.postMessage('up');"], { type: "application/javascript" })));
  workers.push(w);
  await new Promise<void>((resolve) => {
    w.onmessage = () => resolve();
    w.postMessage("hi");
  });
}
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

test.if(linux)("the threads picked by name get the lower priority; the others, the main thread among them, keep theirs", async () => {
  await startWorker();
  const before = threads();
  // Lower than the process runs at (a test run under `nice` starts above 0): a lowering never raises.
  const own = before.find((t) => t.tid === process.pid)!.nice;
  const nice = Math.min(19, own + 7);
  expect(nice).toBeGreaterThan(own);
  const lowering = new ThreadLowering((name) => name === "Worker", { kind: "nice", nice });
  expect(lowering.scan()).toBe(true);
  const after = threads();
  const picked = after.filter((t) => t.name === "Worker");
  expect(picked.length).toBeGreaterThan(0);
  for (const t of picked) expect(t.nice).toBe(nice);
  for (const t of after.filter((t) => t.name !== "Worker")) expect(t.nice).toBe(before.find((b) => b.tid === t.tid)?.nice ?? t.nice);
  expect(after.find((t) => t.tid === process.pid)?.nice).toBe(own);
  expect(lowering.lowered).toBe(picked.length);

  // A thread started later is caught by the next scan; those already lowered are not counted again.
  await startWorker();
  lowering.scan();
  const again = threads().filter((t) => t.name === "Worker");
  expect(again.length).toBe(picked.length + 1);
  for (const t of again) expect(t.nice).toBe(nice);
  expect(lowering.lowered).toBe(again.length);
});

test.if(linux)("SCHED_IDLE: the picked threads run only when nothing else wants the core", async () => {
  await startWorker();
  const before = threads();
  new ThreadLowering((name) => name === "Worker", { kind: "idle" }).scan();
  const SCHED_IDLE = 5;
  const after = threads();
  expect(after.some((t) => t.name === "Worker")).toBe(true);
  for (const t of after) expect(t.policy).toBe(t.name === "Worker" ? SCHED_IDLE : (before.find((b) => b.tid === t.tid)?.policy ?? t.policy));
  expect(after.find((t) => t.tid === process.pid)?.policy).toBe(0);
});

test.if(linux && process.getuid?.() === 0)("restore gives the lowered threads their ordinary policy back (where privileged)", async () => {
  await startWorker();
  const lowering = new ThreadLowering((name) => name === "Worker", { kind: "idle" });
  lowering.scan();
  const lowered = threads().filter((t) => t.name === "Worker" && t.policy === 5).length;
  expect(lowered).toBeGreaterThan(0);
  expect(lowering.restore()).toBeGreaterThan(0);
  for (const t of threads().filter((t) => t.name === "Worker")) expect(t.policy).toBe(0);
});
