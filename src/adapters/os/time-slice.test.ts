import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { currentSliceUs, MIN_SLICE_US, requestSlice } from "./time-slice.ts";

const linux = process.platform === "linux";
/** The calling thread's nice value (/proc/thread-self/stat field 19). */
const nice = () => {
  const stat = readFileSync("/proc/thread-self/stat", "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
};

test.if(linux)("a requested slice is the thread's until restored; the nice value never changes", () => {
  const before = currentSliceUs();
  const niceBefore = nice();
  const r = requestSlice(250);
  // Kernels before per-task slices (6.12) accept the call and ignore it: then it says so.
  if (r.appliedUs === 0) {
    expect(currentSliceUs()).toBe(before);
    return;
  }
  expect(r.appliedUs).toBe(250);
  expect(currentSliceUs()).toBe(250);
  expect(nice()).toBe(niceBefore);
  r.restore();
  r.restore(); // once only
  expect(currentSliceUs()).toBe(before);
  expect(nice()).toBe(niceBefore);
});

test.if(linux)("what the kernel does not accept is clamped, and 0 asks for nothing", () => {
  expect(requestSlice(0).appliedUs).toBe(0);
  const r = requestSlice(1);
  try {
    expect([0, MIN_SLICE_US]).toContain(r.appliedUs);
  } finally {
    r.restore();
  }
});
