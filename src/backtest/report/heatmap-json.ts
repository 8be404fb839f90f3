import { OBJECTIVES, type ObjectiveName } from "../walk-forward/objective.ts";
import type { HeatCell, WalkForwardHeatmap } from "./heatmap.ts";
import { figureFromJson, figureToJson, type JsonFigure } from "./json-figure.ts";

/**
 * A walk-forward heatmap as a saved run keeps it (JSON, beside its statistics): the axes once,
 * then one score and one chosen count per cell, rows of `ys` by columns of `xs` (the order the
 * heatmap draws). A score JSON cannot hold (an infinite mean) is kept as text.
 */
export interface HeatmapJson {
  readonly objective: string;
  readonly windows: number;
  readonly x: string;
  readonly y: string | null;
  readonly xs: readonly number[];
  readonly ys: readonly (number | null)[];
  readonly score: readonly JsonFigure[];
  readonly chosen: readonly number[];
}

export function heatmapToJson({ objective, windows, map }: WalkForwardHeatmap): HeatmapJson {
  return {
    objective, windows, x: map.xName, y: map.yName, xs: [...map.xs], ys: [...map.ys],
    score: map.cells.map((c) => figureToJson(c.score)),
    chosen: map.cells.map((c) => c.chosen),
  };
}

export type HeatmapRead = { readonly ok: true; readonly heatmap: WalkForwardHeatmap } | { readonly ok: false; readonly error: string };

/** A saved heatmap back, checked field by field; the error names what is wrong. */
export function heatmapFromJson(value: unknown): HeatmapRead {
  const fail = (error: string): HeatmapRead => ({ ok: false, error });
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("not an object");
  const h = value as Partial<Record<keyof HeatmapJson, unknown>>;
  if (typeof h.objective !== "string" || !(h.objective in OBJECTIVES)) return fail(`objective ${JSON.stringify(h.objective)} is not one of ${Object.keys(OBJECTIVES).join(", ")}`);
  if (!Number.isSafeInteger(h.windows) || (h.windows as number) < 1) return fail(`windows ${JSON.stringify(h.windows)} is not a count of windows`);
  if (typeof h.x !== "string") return fail("x is not a parameter name");
  if (h.y !== null && typeof h.y !== "string") return fail("y is neither a parameter name nor null");
  const finite = (a: unknown): a is number[] => Array.isArray(a) && a.length > 0 && a.every((n) => typeof n === "number" && Number.isFinite(n));
  if (!finite(h.xs)) return fail("xs is not a list of parameter values");
  const ys = h.y === null ? (Array.isArray(h.ys) && h.ys.length === 1 && h.ys[0] === null ? [null] : undefined) : finite(h.ys) ? h.ys : undefined;
  if (ys === undefined) return fail(h.y === null ? "ys is not [null] for a one-parameter heatmap" : "ys is not a list of parameter values");
  const n = h.xs.length * ys.length;
  if (!Array.isArray(h.score) || h.score.length !== n) return fail(`score does not hold ${n} cells`);
  if (!Array.isArray(h.chosen) || h.chosen.length !== n || !h.chosen.every((c) => Number.isSafeInteger(c) && c >= 0)) return fail(`chosen does not hold ${n} counts`);
  const scores: (number | null)[] = [];
  for (const s of h.score) {
    const score = figureFromJson(s);
    if (score === undefined) return fail(`score ${JSON.stringify(s)} is not a number`);
    scores.push(score);
  }
  const cells: HeatCell[] = [];
  for (const y of ys) for (const x of h.xs) cells.push({ x, y, score: scores[cells.length]!, chosen: h.chosen[cells.length] as number });
  return { ok: true, heatmap: { objective: h.objective as ObjectiveName, windows: h.windows as number, map: { xName: h.x, yName: h.y, xs: h.xs, ys, cells } } };
}
