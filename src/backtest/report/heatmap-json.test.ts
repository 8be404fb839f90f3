import { describe, expect, test } from "bun:test";
import { heatmapFromJson, heatmapToJson } from "./heatmap-json.ts";
import type { WalkForwardHeatmap } from "./heatmap.ts";

const heat: WalkForwardHeatmap = {
  objective: "profitFactor",
  windows: 3,
  map: {
    xName: "fast", yName: null, xs: [5, 10, 20], ys: [null],
    cells: [
      { x: 5, y: null, score: 1.25, chosen: 2 },
      { x: 10, y: null, score: Infinity, chosen: 1 },
      { x: 20, y: null, score: null, chosen: 0 },
    ],
  },
};

describe("saved heatmap JSON", () => {
  test("round-trips through JSON text, infinite means included", () => {
    const read = heatmapFromJson(JSON.parse(JSON.stringify(heatmapToJson(heat))));
    expect(read).toEqual({ ok: true, heatmap: heat });
  });

  test("damaged fields are named", () => {
    const json = heatmapToJson(heat);
    expect(heatmapFromJson({ ...json, objective: "luck" })).toMatchObject({ ok: false, error: expect.stringContaining("objective \"luck\"") });
    expect(heatmapFromJson({ ...json, score: [1, 2] })).toEqual({ ok: false, error: "score does not hold 3 cells" });
    expect(heatmapFromJson({ ...json, score: [1, "x", null] })).toEqual({ ok: false, error: "score \"x\" is not a number" });
    expect(heatmapFromJson({ ...json, ys: [1] })).toEqual({ ok: false, error: "ys is not [null] for a one-parameter heatmap" });
    expect(heatmapFromJson([])).toEqual({ ok: false, error: "not an object" });
  });
});
