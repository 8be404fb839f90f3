import { esc } from "./format.ts";
import { downsample, frame, linear, linePath, niceTicks, r, timeTicks } from "./svg.ts";

export interface LineSeries {
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /** CSS class: colour and stroke come from the style sheet. */
  readonly cls: string;
  /** Fill the area between the line and zero (drawdown). */
  readonly area?: boolean;
}

export interface Marker {
  readonly time: number;
  readonly value: number;
  readonly shape: "up" | "down" | "exit";
  readonly cls: string;
  readonly title: string;
}

export interface ChartSpec {
  readonly id: string;
  readonly label: string;
  readonly height: number;
  readonly series: readonly LineSeries[];
  readonly markers?: readonly Marker[];
  readonly yFormat: (v: number) => string;
  /** Force values into the domain, e.g. [?, 0] for drawdowns. */
  readonly includeZero?: boolean;
}

/** Pixel columns of the plot: a line never needs more than about two points per column. */
const BUCKETS = 900;

/** One time-series chart as an inline SVG (no script): grid, axes, lines, optional markers. */
export function lineChart(spec: ChartSpec): string {
  const f = frame(spec.height);
  const drawn = spec.series.map((s) => ({ ...s, ...downsample(s.times, s.values, BUCKETS) }));
  let [t0, t1, lo, hi] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of drawn) {
    for (let i = 0; i < s.t.length; i++) {
      [t0, t1] = [Math.min(t0, s.t[i]!), Math.max(t1, s.t[i]!)];
      [lo, hi] = [Math.min(lo, s.v[i]!), Math.max(hi, s.v[i]!)];
    }
  }
  for (const m of spec.markers ?? []) [lo, hi] = [Math.min(lo, m.value), Math.max(hi, m.value)];
  if (spec.includeZero) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
  if (!Number.isFinite(t0)) return `<p class="empty">No data to chart.</p>`;
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  // Extend the value axis to whole tick steps, so the top and bottom gridlines frame the data.
  const rough = niceTicks(lo, hi, 6);
  const stepSize = rough.length > 1 ? rough[1]! - rough[0]! : Math.abs(hi - lo) || 1;
  const yLo = Math.floor(lo / stepSize + 1e-9) * stepSize;
  const yHi = Math.ceil(hi / stepSize - 1e-9) * stepSize;
  const ticks = niceTicks(yLo, yHi, Math.round((yHi - yLo) / stepSize));
  const x = linear(t0, t1, f.left, f.width - f.right);
  const y = linear(yLo, yHi, f.height - f.bottom, f.top);

  const parts: string[] = [];
  for (const v of ticks) {
    parts.push(`<line class="grid" x1="${f.left}" x2="${f.width - f.right}" y1="${r(y(v))}" y2="${r(y(v))}"/>`);
    parts.push(`<text class="ylabel" x="${f.left - 8}" y="${r(y(v) + 4)}">${esc(spec.yFormat(v))}</text>`);
  }
  for (const tick of timeTicks(t0, t1)) {
    parts.push(`<line class="tick" x1="${r(x(tick.time))}" x2="${r(x(tick.time))}" y1="${f.height - f.bottom}" y2="${f.height - f.bottom + 4}"/>`);
    parts.push(`<text class="xlabel" x="${r(x(tick.time))}" y="${f.height - 6}">${esc(tick.label)}</text>`);
  }
  parts.push(`<line class="axis" x1="${f.left}" x2="${f.width - f.right}" y1="${f.height - f.bottom}" y2="${f.height - f.bottom}"/>`);
  for (const s of drawn) {
    const xs = s.t.map(x);
    const ys = s.v.map(y);
    if (s.area && xs.length > 0) {
      const zero = r(y(0));
      parts.push(`<path class="area ${esc(s.cls)}" d="${linePath(xs, ys)}L${r(xs.at(-1)!)},${zero}L${r(xs[0]!)},${zero}Z"/>`);
    }
    parts.push(`<path class="line ${esc(s.cls)}" d="${linePath(xs, ys)}"/>`);
  }
  for (const m of spec.markers ?? []) parts.push(marker(x(m.time), y(m.value), m));
  return (
    `<svg id="${esc(spec.id)}" class="chart" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${esc(spec.label)}">` +
    parts.join("") +
    `</svg>`
  );
}

function marker(px: number, py: number, m: Marker): string {
  const [X, Y] = [r(px), r(py)];
  const d =
    m.shape === "up"
      ? `M${X},${r(py + 3)}l-5,9h10z`
      : m.shape === "down"
        ? `M${X},${r(py - 3)}l-5,-9h10z`
        : `M${r(px - 3.5)},${r(py - 3.5)}l7,7m0,-7l-7,7`;
  return `<path class="marker ${esc(m.cls)}" d="${d}" data-x="${X}" data-y="${Y}"><title>${esc(m.title)}</title></path>`;
}
