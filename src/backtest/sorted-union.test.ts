import { describe, expect, test } from "bun:test";
import { isAscending, sortedUnion } from "./sorted-union.ts";

/** The definition: every value, sorted, each once, from `fromTime` on. */
function byDefinition(columns: number[][], fromTime = Number.NEGATIVE_INFINITY): number[] {
  return [...new Set(columns.flat())].filter((t) => t >= fromTime).sort((a, b) => a - b);
}

describe("sortedUnion", () => {
  test("merges overlapping, disjoint, equal and empty columns like sort + distinct", () => {
    const cases: number[][][] = [
      [[1, 2, 3], [1, 2, 3], [1, 2, 3]],
      [[1, 3, 5], [2, 4, 6], [0, 7]],
      [[], [5, 6], [], [1]],
      [[1, 1, 2, 2], [2, 3, 3]],
      [[10, 20, 30, 40, 50], [15, 25], [5, 50, 60], [30], [1, 2, 3]],
    ];
    for (const c of cases) {
      expect([...sortedUnion(c.map((x) => Float64Array.from(x)))]).toEqual(byDefinition(c));
      expect([...sortedUnion(c, 3)]).toEqual(byDefinition(c, 3));
    }
  });

  test("a pseudo-random mix of 37 columns", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cols = Array.from({ length: 37 }, () => Array.from({ length: Math.floor(next() * 50) }, () => Math.floor(next() * 200)).sort((a, b) => a - b));
    expect([...sortedUnion(cols)]).toEqual(byDefinition(cols));
    expect([...sortedUnion(cols, 100)]).toEqual(byDefinition(cols, 100));
  });

  test("isAscending", () => {
    expect(isAscending([1, 1, 2])).toBe(true);
    expect(isAscending([])).toBe(true);
    expect(isAscending([2, 1])).toBe(false);
    expect(isAscending([1, Number.NaN])).toBe(false);
    expect(isAscending([Number.NaN])).toBe(false);
  });
});
