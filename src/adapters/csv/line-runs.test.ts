import { describe, expect, test } from "bun:test";
import { LineRuns } from "./line-runs.ts";

describe("LineRuns", () => {
  test("gives every bar's line as a dense column would, whatever the runs", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 50; round++) {
      const runs = new LineRuns();
      const dense: number[] = [];
      let line = 2;
      const n = Math.floor(rand() * 300);
      for (let i = 0; i < n; i++) {
        // Marks as the scanner makes them: at each row, or once for a run of plain rows; some skip lines.
        if (rand() < 0.2) line += 1 + Math.floor(rand() * 3);
        if (rand() < 0.1) runs.mark(i, line + 5); // a run that took no row: replaced below
        runs.mark(i, line);
        dense.push(line++);
      }
      expect(Array.from(runs.lines(n, false))).toEqual(dense);
      expect(Array.from(runs.lines(n, true))).toEqual([...dense].reverse());
      for (let i = 0; i < n; i++) expect(runs.lineOf(i)).toBe(dense[i]!);
    }
  });
});
