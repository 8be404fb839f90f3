import { day, esc, num, pct } from "./format.ts";
import type { WindowResult } from "../walk-forward/walk-forward.ts";

/**
 * Header chips for a walk-forward run: each optimized parameter with the values chosen across
 * windows (the run never traded one fixed set, so a fixed value would mislead), plus the window count.
 */
export function windowChips(windows: readonly WindowResult[], objective: string): Record<string, string> {
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
export function windowsTable(windows: readonly WindowResult[]): string {
  const rows = windows
    .map((w) => {
      const params = Object.entries(w.params).map(([k, v]) => `${k}=${v}`).join(", ");
      // With --step past --test the parameters keep trading until the next test window.
      const held = w.inForce.to > w.test.to ? ` (held to ${day(w.inForce.toTime)})` : "";
      return (
        `<tr><td>${w.index + 1}</td><td>${esc(day(w.train.fromTime))} – ${esc(day(w.train.toTime))}</td>` +
        `<td>${esc(day(w.test.fromTime))} – ${esc(day(w.test.toTime))}${esc(held)}</td><td class="chosen">${esc(params)}</td>` +
        `<td class="r">${esc(num(w.inSampleScore))}</td><td class="r">${esc(pct(w.outOfSample.totalReturn))}</td>` +
        `<td class="r">${esc(num(w.outOfSample.sharpe))}</td><td class="r">${esc(pct(w.outOfSample.maxDrawdown ? -w.outOfSample.maxDrawdown.depth : null))}</td></tr>`
      );
    })
    .join("");
  return (
    `<table class="trades" id="windows"><thead><tr><th>#</th><th>Training</th><th>Test</th><th>Chosen parameters</th>` +
    `<th class="r">In-sample score</th><th class="r">Test return</th><th class="r">Test Sharpe</th><th class="r">Test max DD</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}
