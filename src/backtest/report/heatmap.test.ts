import { describe, expect, test } from "bun:test";
import { heatmap, heatmapSection } from "./heatmap.ts";
import type { WindowResult } from "../walk-forward/walk-forward.ts";

// Only what the heatmap reads: the chosen parameters and every combination's in-sample score.
const window = (chosen: Record<string, number>, score: (fast: number, slow: number, stop: number) => number | null) =>
  ({
    params: chosen,
    grid: [5, 10].flatMap((fast) => [20, 30, 40].flatMap((slow) => [1, 2].map((stop) => ({ params: { fast, slow, stop }, score: score(fast, slow, stop) })))),
  }) as unknown as WindowResult;

describe("parameter heatmap", () => {
  test("averages each cell over windows, taking the best of the other parameters", () => {
    const w1 = window({ fast: 5, slow: 20, stop: 2 }, (f, s, stop) => f + s + stop);
    const w2 = window({ fast: 10, slow: 40, stop: 1 }, (f, s, stop) => (f === 10 && s === 20 ? null : f * s - stop));
    const map = heatmap([w1, w2], "sharpe")!;
    expect([map.xName, map.yName, map.xs, map.ys]).toEqual(["fast", "slow", [5, 10], [20, 30, 40]]);
    const cell = (x: number, y: number) => map.cells.find((c) => c.x === x && c.y === y)!;
    expect(cell(5, 30).score).toBe((5 + 30 + 2 + (150 - 1)) / 2);
    expect(cell(10, 20).score).toBe(10 + 20 + 2); // the second window has no score there
    expect([cell(5, 20).chosen, cell(10, 40).chosen, cell(5, 40).chosen]).toEqual([1, 1, 0]);
  });

  test("lower-is-better objectives take the lowest; no grid scores, no heatmap", () => {
    const map = heatmap([window({ fast: 5, slow: 20, stop: 1 }, (f, s, stop) => f + s + stop)], "maxDrawdown")!;
    expect(map.cells.find((c) => c.x === 5 && c.y === 20)!.score).toBe(26);
    expect(heatmap([{ params: { fast: 5 } } as unknown as WindowResult], "sharpe")).toBeUndefined();
    expect(heatmapSection([], "sharpe")).toBe("");
  });

  test("renders a table with the chosen cells outlined", () => {
    const html = heatmapSection([window({ fast: 5, slow: 20, stop: 2 }, (f, s) => f / s)], "sharpe");
    expect(html.match(/<td class="r heat/g)!.length).toBe(6);
    expect(html.match(/heat chosen/g)!.length).toBe(1);
    expect(html).toContain(`data-x="5" data-y="20" data-score="0.25"`);
  });
});
