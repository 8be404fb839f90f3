import { day, esc, num, pct } from "./format.ts";
import type { ObjectiveName } from "../walk-forward/objective.ts";
import type { Params } from "../walk-forward/grid.ts";
import type { WindowResult } from "../walk-forward/walk-forward.ts";

/**
 * What the report's windows table shows of one walk-forward window (and what a saved run keeps of
 * it, windows-json.ts): its periods, the parameters chosen in-sample and how they did out-of-sample.
 */
export interface WindowRow {
  readonly index: number;
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
  /** Last bar the parameters traded when --step leaves a gap after the test window; else null. */
  readonly heldTo: number | null;
  readonly params: Params;
  readonly inSampleScore: number | null;
  readonly testReturn: number | null;
  readonly testSharpe: number | null;
  /** The out-of-sample maximum drawdown's depth (positive), null without one. */
  readonly testMaxDrawdown: number | null;
}

/** The windows table of a walk-forward run: its objective and one row per window. */
export interface WalkForwardWindows {
  readonly objective: ObjectiveName;
  readonly rows: readonly WindowRow[];
}

export function windowRow(w: WindowResult): WindowRow {
  return {
    index: w.index,
    trainFrom: w.train.fromTime, trainTo: w.train.toTime,
    testFrom: w.test.fromTime, testTo: w.test.toTime,
    // With --step past --test the parameters keep trading until the next test window.
    heldTo: w.inForce.to > w.test.to ? w.inForce.toTime : null,
    params: w.params,
    inSampleScore: w.inSampleScore,
    testReturn: w.outOfSample.totalReturn,
    testSharpe: w.outOfSample.sharpe,
    testMaxDrawdown: w.outOfSample.maxDrawdown ? w.outOfSample.maxDrawdown.depth : null,
  };
}

/**
 * Header chips for a walk-forward run: each optimized parameter with the values chosen across
 * windows (the run never traded one fixed set, so a fixed value would mislead), plus the window count.
 */
export function windowChips(windows: readonly { readonly params: Params }[], objective: string): Record<string, string> {
  const values = new Map<string, number[]>();
  for (const w of windows) {
    for (const [k, v] of Object.entries(w.params)) {
      const list = values.get(k) ?? [];
      if (!list.includes(v)) list.push(v);
      values.set(k, list);
    }
  }
  const chips: Record<string, string> = {};
  for (const [k, list] of values) {
    const sorted = [...list].sort((a, b) => a - b);
    chips[k] = sorted.length === 1 ? `${sorted[0]} in every window` : `per window: ${sorted.join(", ")}`;
  }
  chips["walk-forward"] = `${windows.length} window${windows.length === 1 ? "" : "s"}, objective ${objective}`;
  return chips;
}

/** One row per walk-forward window: its periods, the parameters chosen in-sample, how they did out-of-sample. */
export function windowsTable(windows: readonly WindowRow[]): string {
  const rows = windows
    .map((w) => {
      const params = Object.entries(w.params).map(([k, v]) => `${k}=${v}`).join(", ");
      const held = w.heldTo !== null ? ` (held to ${day(w.heldTo)})` : "";
      return (
        `<tr><td>${w.index + 1}</td><td>${esc(day(w.trainFrom))} – ${esc(day(w.trainTo))}</td>` +
        `<td>${esc(day(w.testFrom))} – ${esc(day(w.testTo))}${esc(held)}</td><td class="chosen">${esc(params)}</td>` +
        `<td class="r">${esc(num(w.inSampleScore))}</td><td class="r">${esc(pct(w.testReturn))}</td>` +
        `<td class="r">${esc(num(w.testSharpe))}</td><td class="r">${esc(pct(w.testMaxDrawdown === null ? null : -w.testMaxDrawdown))}</td></tr>`
      );
    })
    .join("");
  return (
    `<table class="trades" id="windows"><thead><tr><th>#</th><th>Training</th><th>Test</th><th>Chosen parameters</th>` +
    `<th class="r">In-sample score</th><th class="r">Test return</th><th class="r">Test Sharpe</th><th class="r">Test max DD</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}
