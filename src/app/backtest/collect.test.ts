import { describe, expect, test } from "bun:test";
import { BARS_PER_HINT, collectingProgress, progressSteps } from "./collect.ts";

describe("collectingProgress", () => {
  test("passes every progress report through unchanged, hints or not", () => {
    const seen: [number, number][] = [];
    const progress = collectingProgress((done, total) => seen.push([done, total]), 2);
    const total = BARS_PER_HINT * 2;
    const reports: [number, number][] = [];
    for (let done = 4096; done < total; done += 4096) reports.push([done, total]);
    reports.push([total, total]);
    for (const [done, t] of reports) progress(done, t);
    expect(seen).toEqual(reports);
  });

  test("works without a callback of its own", () => {
    expect(() => collectingProgress(undefined, 1)(BARS_PER_HINT, BARS_PER_HINT * 2)).not.toThrow();
  });

  test("the feed reports at least as often as a hint is due: the default 4,096 steps for one symbol, fewer steps for many", () => {
    expect(progressSteps(1)).toBe(4096);
    expect(progressSteps(500)).toBe(Math.floor(BARS_PER_HINT / 500));
    expect(progressSteps(500) * 500).toBeLessThanOrEqual(BARS_PER_HINT);
    expect(progressSteps(1_000_000)).toBe(1);
  });
});

