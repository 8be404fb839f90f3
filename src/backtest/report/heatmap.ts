import { esc, num } from "./format.ts";
import { OBJECTIVES, type ObjectiveName } from "../walk-forward/objective.ts";
import type { WindowResult } from "../walk-forward/walk-forward.ts";

export interface HeatCell {
  readonly x: number;
  readonly y: number | null;
  /** Mean over windows of the in-sample objective (best over any other parameter); null when never defined. */
  readonly score: number | null;
  /** Windows whose chosen parameters had these x/y values. */
  readonly chosen: number;
}

export interface Heatmap {
  readonly xName: string;
  readonly yName: string | null;
  readonly xs: readonly number[];
  readonly ys: readonly (number | null)[];
  readonly cells: readonly HeatCell[];
}

/**
 * The in-sample objective over the grid's first two varying parameters, averaged over the windows
 * (for a third parameter and beyond, its best value in each window). Undefined without grid scores.
 */
export function heatmap(windows: readonly WindowResult[], objective: ObjectiveName): Heatmap | undefined {
  const first = windows.find((w) => w.grid && w.grid.length > 1)?.grid;
  if (!first) return undefined;
  const names = Object.keys(first[0]!.params).filter((k) => new Set(first.map((g) => g.params[k])).size > 1);
  const [xName, yName = null] = names;
  if (xName === undefined) return undefined;
  const sorted = (k: string) => [...new Set(first.map((g) => g.params[k]!))].sort((a, b) => a - b);
  const xs = sorted(xName);
  const ys = yName === null ? [null] : sorted(yName);
  const better = OBJECTIVES[objective].higherIsBetter ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const cells: HeatCell[] = [];
  for (const y of ys) {
    for (const x of xs) {
      const match = (p: Readonly<Record<string, number>>) => p[xName] === x && (yName === null || p[yName] === y);
      let sum = 0;
      let count = 0;
      for (const w of windows) {
        let best: number | null = null;
        for (const g of w.grid ?? []) if (match(g.params) && g.score !== null && (best === null || better(g.score, best))) best = g.score;
        if (best !== null) [sum, count] = [sum + best, count + 1];
      }
      cells.push({ x, y, score: count === 0 ? null : sum / count, chosen: windows.filter((w) => match(w.params)).length });
    }
  }
  return { xName, yName, xs, ys, cells };
}

/** What the report draws: the map, its objective and the number of windows averaged (kept with a saved run). */
export interface WalkForwardHeatmap {
  readonly objective: ObjectiveName;
  readonly windows: number;
  readonly map: Heatmap;
}

/** The walk-forward run's heatmap; undefined without grid scores. */
export function walkForwardHeatmap(windows: readonly WindowResult[], objective: ObjectiveName): WalkForwardHeatmap | undefined {
  const map = heatmap(windows, objective);
  return map ? { objective, windows: windows.length, map } : undefined;
}

/** The heatmap as an HTML table: green is better, red worse, a ring marks the chosen cells. */
export function heatmapSection(windows: readonly WindowResult[], objective: ObjectiveName): string {
  const heat = walkForwardHeatmap(windows, objective);
  return heat ? drawHeatmap(heat) : "";
}

/** The section for a heatmap, from a run's windows or as a saved run kept it. */
export function drawHeatmap({ objective, windows, map }: WalkForwardHeatmap): string {
  const scores = map.cells.flatMap((c) => (c.score === null ? [] : [c.score]));
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  const up = OBJECTIVES[objective].higherIsBetter;
  const color = (s: number | null) => {
    if (s === null) return "#f3f4f6";
    const f = hi > lo ? (s - lo) / (hi - lo) : 0.5;
    const good = up ? f : 1 - f;
    return `hsl(${Math.round(good * 120)}, 65%, ${Math.round(88 - Math.abs(good - 0.5) * 30)}%)`;
  };
  const head = `<tr><th>${esc(map.yName ?? "")} \\ ${esc(map.xName)}</th>${map.xs.map((x) => `<th class="r">${esc(x)}</th>`).join("")}</tr>`;
  const rows = map.ys
    .map((y) => {
      const cells = map.cells.filter((c) => c.y === y);
      return (
        `<tr><th>${y === null ? "" : esc(y)}</th>` +
        cells
          .map((c) => `<td class="r heat${c.chosen > 0 ? " chosen" : ""}" style="background:${color(c.score)}" data-x="${c.x}" data-y="${c.y ?? ""}" data-score="${c.score ?? ""}" title="${esc(map.xName)}=${c.x}${map.yName ? `, ${esc(map.yName)}=${c.y}` : ""}: ${esc(num(c.score, 3))}${c.chosen > 0 ? `, chosen in ${c.chosen} window(s)` : ""}">${esc(num(c.score, 2))}</td>`)
          .join("") +
        `</tr>`
      );
    })
    .join("");
  return (
    `<section><h2>Parameter heatmap (in-sample ${esc(objective)}, mean over ${windows} windows)</h2>` +
    `<p class="note">${up ? "Greener is better" : "Greener is better (lower " + esc(objective) + ")"}; an outlined cell was chosen in at least one window. A lone bright cell among poor neighbours is a sign of overfitting.</p>` +
    `<div class="scroll"><table class="heatmap" id="heatmap"><thead>${head}</thead><tbody>${rows}</tbody></table></div></section>`
  );
}
