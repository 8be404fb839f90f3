import type { Bar } from "../../core/bar.ts";
import css from "../../backtest/report/style.css" with { type: "text" };
import { esc, num, pct, stamp } from "../../backtest/report/format.ts";
import { downsample, frame, linear, linePath, niceTicks, r, timeTicks } from "../../backtest/report/svg.ts";
import type { RegimeAnalysis } from "../../regime/analyze.ts";

/** One colour per state, calm to stormy (HMM states are sorted by sigma). */
const HMM_COLOURS = ["#2e7d32", "#f9a825", "#ef6c00", "#c62828"];
const RULES_COLOURS: Record<string, string> = { bull: "#2e7d32", sideways: "#9e9e9e", bear: "#c62828" };
const VOL_OPACITY: Record<string, number> = { "low-vol": 0.12, "normal-vol": 0.22, "high-vol": 0.38 };

export interface RegimeReportInput {
  readonly name: string;
  readonly bars: readonly Bar[];
  readonly analysis: RegimeAnalysis;
}

function colourOf(analysis: RegimeAnalysis, state: number): { fill: string; opacity: number } {
  if (analysis.method === "hmm") return { fill: HMM_COLOURS[state] ?? "#555", opacity: 0.25 };
  const [trend, vol] = analysis.states[state]!.label.split(" ");
  return { fill: RULES_COLOURS[trend ?? ""] ?? "#555", opacity: VOL_OPACITY[vol ?? ""] ?? 0.2 };
}

/** Self-contained HTML (inline CSS and SVG, no script, no network): price shaded by filtered regime. */
export function renderRegimeReport(input: RegimeReportInput): string {
  const { analysis, bars, name } = input;
  const title = `${name} regimes (${analysis.method})`;
  const current = analysis.current
    ? `${esc(analysis.current.label)}, probability ${pct(analysis.current.probability, 1)}, since ${esc(stamp(analysis.current.since))}`
    : "unknown (too few bars)";
  const legend = analysis.states
    .map((s, j) => {
      const c = colourOf(analysis, j);
      return `<span><i style="display:inline-block;width:12px;height:12px;background:${c.fill};opacity:${Math.min(1, c.opacity * 2.5)}"></i> ${esc(s.label)}</span>`;
    })
    .join(" &nbsp; ");
  const stateRows = analysis.states
    .map(
      (s) =>
        `<tr><td>${esc(s.label)}</td><td>${num(s.mean * 100, 4)}%</td><td>${num(s.sigma * 100, 4)}%</td><td>${pct(s.annualizedMean)}</td><td>${pct(s.annualizedSigma)}</td><td>${num(s.expectedDurationBars, 1)}</td><td>${num(s.bars, 0)}</td><td>${pct(s.share, 1)}</td></tr>`,
    )
    .join("");
  const head = analysis.states.map((s) => `<th>${esc(s.label)}</th>`).join("");
  const transitionRows = analysis.transition
    .map((row, i) => `<tr><th>${esc(analysis.states[i]!.label)}</th>${row.map((p) => `<td>${pct(p, 2)}</td>`).join("")}</tr>`)
    .join("");
  const spanRows = analysis.spans
    .slice(-40)
    .reverse()
    .map((s) => `<tr><td>${esc(s.label)}</td><td>${esc(stamp(s.from))}</td><td>${esc(stamp(s.to))}</td><td>${num(s.bars, 0)}</td></tr>`)
    .join("");
  const smoothedNote = analysis.smoothed
    ? `<section><h2>Smoothed probability of the highest-volatility state</h2><p class="note">Smoothed probabilities use bars after each date: they are for this report only; trading uses the filtered ones shaded above.</p>${smoothedChart(analysis, bars)}</section>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${css}</style></head>
<body><main>
<header><h1>${esc(title)}</h1><div class="sub">${esc(stamp(bars[0]!.time))} – ${esc(stamp(bars.at(-1)!.time))} · ${num(bars.length, 0)} bars${
    analysis.logLikelihood !== null ? ` · log-likelihood ${num(analysis.logLikelihood, 2)}` : ""
  }</div><p>Current regime: <b>${current}</b></p></header>
<section><h2>Price shaded by filtered regime</h2><p>${legend}</p>${priceChart(analysis, bars)}</section>
${smoothedNote}
<section><h2>States</h2><p class="note">Mean and sigma of daily log returns ln(c<sub>t</sub>/c<sub>t-1</sub>), unscaled, with annualized figures beside them.</p>
<table><thead><tr><th>State</th><th>Mean</th><th>Sigma</th><th>Mean (ann.)</th><th>Sigma (ann.)</th><th>Expected duration (bars)</th><th>Bars</th><th>Share</th></tr></thead><tbody>${stateRows}</tbody></table></section>
<section><h2>Transition matrix (row = from)</h2><table><thead><tr><th></th>${head}</tr></thead><tbody>${transitionRows}</tbody></table></section>
<section><h2>Latest spans</h2><table><thead><tr><th>Regime</th><th>From</th><th>To</th><th>Bars</th></tr></thead><tbody>${spanRows}</tbody></table></section>
</main></body></html>
`;
}

function priceChart(analysis: RegimeAnalysis, bars: readonly Bar[]): string {
  const f = frame(320);
  const t0 = bars[0]!.time;
  const t1 = bars.at(-1)!.time;
  const closes = bars.map((b) => b.close);
  const lo = Math.min(...closes);
  const hi = Math.max(...closes);
  const x = linear(t0, t1, f.left, f.width - f.right);
  const y = linear(lo, hi, f.height - f.bottom, f.top);
  const bands = analysis.spans
    .map((s) => {
      const c = colourOf(analysis, s.state);
      const x0 = x(s.from);
      const w = Math.max(0.5, x(s.to) - x0);
      return `<rect x="${r(x0)}" y="${f.top}" width="${r(w)}" height="${f.height - f.top - f.bottom}" fill="${c.fill}" fill-opacity="${c.opacity}"/>`;
    })
    .join("");
  const d = downsample(bars.map((b) => b.time), closes, 800);
  return svgFrame(f, x, y, niceTicks(lo, hi), t0, t1, bands + `<path d="${linePath(d.t.map(x), d.v.map(y))}" fill="none" stroke="#1a237e" stroke-width="1.2"/>`);
}

function smoothedChart(analysis: RegimeAnalysis, bars: readonly Bar[]): string {
  const f = frame(160);
  const t0 = bars[0]!.time;
  const t1 = bars.at(-1)!.time;
  const top = analysis.states.length - 1;
  const times: number[] = [];
  const values: number[] = [];
  analysis.smoothed!.forEach((p, i) => {
    if (p.length === 0) return;
    times.push(analysis.filtered[i]!.time);
    values.push(p[top]!);
  });
  const x = linear(t0, t1, f.left, f.width - f.right);
  const y = linear(0, 1, f.height - f.bottom, f.top);
  const d = downsample(times, values, 800);
  return svgFrame(f, x, y, [0, 0.5, 1], t0, t1, `<path d="${linePath(d.t.map(x), d.v.map(y))}" fill="none" stroke="#c62828" stroke-width="1"/>`);
}

function svgFrame(f: ReturnType<typeof frame>, x: (v: number) => number, y: (v: number) => number, yTicks: number[], t0: number, t1: number, body: string): string {
  const grid = yTicks
    .map((v) => `<line x1="${f.left}" x2="${f.width - f.right}" y1="${r(y(v))}" y2="${r(y(v))}" stroke="#e0e0e0"/><text x="${f.left - 6}" y="${r(y(v) + 4)}" text-anchor="end" font-size="11">${esc(num(v, v < 10 ? 2 : 0))}</text>`)
    .join("");
  const xTicks = timeTicks(t0, t1)
    .map((t) => `<text x="${r(x(t.time))}" y="${f.height - 8}" text-anchor="middle" font-size="11">${esc(t.label)}</text>`)
    .join("");
  return `<svg viewBox="0 0 ${f.width} ${f.height}" width="100%" role="img" xmlns="http://www.w3.org/2000/svg">${grid}${body}${xTicks}</svg>`;
}
