import type { PortfolioAnalytics } from "../analytics/analytics.ts";
import type { AttributionRow } from "../analytics/attribution.ts";
import { lineChart } from "./chart.ts";
import { esc, num, pct, usd } from "./format.ts";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Attribution tables, rolling figures, benchmark-relative figures and trading habits (docs/analytics.md). */
export function analyticsSections(a: PortfolioAnalytics): string {
  const attr = a.attribution;
  const b = a.benchmark;
  const relative = b
    ? `<table><tbody>${[
        ["Benchmark", esc(b.symbol)],
        ["Alpha (annualized)", pct(b.alpha)],
        ["Beta", num(b.beta)],
        ["Correlation", num(b.correlation)],
        ["Tracking error (annualized)", pct(b.trackingError)],
        ["Information ratio", num(b.informationRatio)],
        ["Bars compared", num(b.bars, 0)],
      ]
        .map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`)
        .join("")}</tbody></table>`
    : `<p class="note">No benchmark: pass --benchmark SYMBOL for alpha, beta, information ratio and tracking error.</p>`;
  const h = a.habits;
  const habits = `<table><tbody>
<tr><th>Risk-free rate</th><td>${pct(a.riskFreeRate)}</td></tr>
<tr><th>Average holding time</th><td>${num(h.averageHoldingBars, 1)} bars (${num(h.averageHoldingDays, 1)} days)</td></tr>
<tr><th>Entries by weekday (UTC)</th><td>${h.tradesByWeekday.map((c, i) => `${WEEKDAYS[i]} ${c}`).join(" · ")}</td></tr>
<tr><th>Entries by hour (UTC)</th><td>${h.tradesByHour.map((c, i) => (c > 0 ? `${i}h ${c}` : "")).filter((x) => x).join(" · ") || "—"}</td></tr>
</tbody></table>`;
  const r = a.rolling;
  /** Only the points that exist (the first window has none). */
  const known = (values: readonly (number | null)[]) => {
    const times: number[] = [];
    const vs: number[] = [];
    values.forEach((v, i) => {
      if (v !== null && Number.isFinite(v)) times.push(r.time[i]!), vs.push(v);
    });
    return { times, values: vs };
  };
  const rolling =
    lineChart({ id: "rolling-sharpe", label: `Rolling Sharpe (${r.window} bars)`, height: 180, series: [{ ...known(r.sharpe), cls: "equity" }], yFormat: (v) => num(v) }) +
    lineChart({ id: "rolling-vol", label: `Rolling volatility (${r.window} bars)`, height: 180, series: [{ ...known(r.volatility), cls: "bench" }], yFormat: (v) => pct(v, 0), includeZero: true });
  return `<section><h2>Attribution</h2><div class="cols">
${attrTable("Symbol", attr.bySymbol)}${attrTable("Strategy", attr.byStrategy)}${attrTable("Market regime at entry", attr.byRegime)}</div>
<div class="scroll">${attrTable("Month closed", attr.byMonth)}</div></section>
<section><h2>Rolling Sharpe and volatility (${r.window} bars, over the risk-free rate)</h2>${rolling}</section>
<div class="cols"><section><h2>Against the benchmark</h2>${relative}</section><section><h2>Trading habits</h2>${habits}</section></div>`;
}

function attrTable(title: string, rows: readonly AttributionRow[]): string {
  if (rows.length === 0) return `<div><h3>${esc(title)}</h3><p class="note">No trades.</p></div>`;
  const body = rows.map((row) => `<tr><td>${esc(row.key)}</td><td>${num(row.trades, 0)}</td><td>${usd(row.pnl)}</td><td>${pct(row.winRate, 0)}</td></tr>`).join("");
  return `<div><h3>${esc(title)}</h3><table><thead><tr><th>${esc(title)}</th><th>Trades</th><th>Net P&amp;L</th><th>Win rate</th></tr></thead><tbody>${body}</tbody></table></div>`;
}
