import { day, esc, num, pct } from "./report-format.ts";
import type { WindowResult } from "./walk-forward.ts";

/** One row per walk-forward window: its periods, the parameters chosen in-sample, how they did out-of-sample. */
export function windowsTable(windows: readonly WindowResult[]): string {
  const rows = windows
    .map((w) => {
      const params = Object.entries(w.params).map(([k, v]) => `${k}=${v}`).join(", ");
      return (
        `<tr><td>${w.index + 1}</td><td>${esc(day(w.train.fromTime))} – ${esc(day(w.train.toTime))}</td>` +
        `<td>${esc(day(w.test.fromTime))} – ${esc(day(w.test.toTime))}</td><td class="chosen">${esc(params)}</td>` +
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
