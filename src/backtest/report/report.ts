import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Bar } from "../../core/bar.ts";
import css from "./style.css" with { type: "text" };
import { drawdownChart, equityChart } from "./charts.ts";
import { candleSection, MAX_REPORT_CANDLES } from "./candles.ts";
import { drawHeatmap, heatmapSection, type WalkForwardHeatmap } from "./heatmap.ts";
import { LIGHTWEIGHT_CHARTS, LIGHTWEIGHT_CHARTS_NOTICE } from "./lwc.ts";
import { pnlSections } from "./pnl.ts";
import script from "./report.client.js" with { type: "text" };
import { esc, num, pct, stamp } from "./format.ts";
import { monthlyReturns, monthlyTable } from "./monthly.ts";
import { chartPeriod } from "./period.ts";
import { riskSection, type RiskReport } from "./risk.ts";
import { statsTable, tradesTable } from "./tables.ts";
import { analyticsSections } from "./analytics-section.ts";
import type { PortfolioAnalytics } from "../analytics/analytics.ts";
import { windowChips, windowRow, windowsTable, type WalkForwardWindows } from "./windows.ts";
import { columns, type Stats, type ValueSeries } from "../stats/stats.ts";
import type { TradeRecord } from "../types.ts";
import type { WindowResult } from "../walk-forward/walk-forward.ts";
import type { ObjectiveName } from "../walk-forward/objective.ts";

export interface ReportInput {
  readonly title: string;
  /** Shown as chips under the title: strategy, its parameters, costs, data source... */
  readonly params: Readonly<Record<string, string | number | boolean | null | undefined>>;
  readonly stats: Stats;
  readonly trades: readonly TradeRecord[];
  readonly equity: ValueSeries;
  /**
   * Buy-and-hold of the same symbols (buyAndHoldEquity); drawn over the run's period from the same
   * starting capital (see chartPeriod), whatever period it covers.
   */
  readonly benchmark?: ValueSeries | undefined;
  /** Bars per symbol for the price charts with trade marks (drawn over the run's period). */
  readonly bars?: Readonly<Record<string, readonly Bar[]>> | undefined;
  /** Chosen parameters per window, for a walk-forward run. */
  readonly walkForward?: { readonly objective: ObjectiveName; readonly windows: readonly WindowResult[] } | undefined;
  /** The parameter heatmap as a saved run kept it (`backtest report ID`; a run's own comes from `walkForward`). */
  readonly heatmap?: WalkForwardHeatmap | undefined;
  /**
   * The windows table as a saved run kept it (`backtest report ID`; a run's own comes from
   * `walkForward`); "not saved" for a walk-forward run saved before runs kept it (a note says so).
   */
  readonly windows?: WalkForwardWindows | "not saved" | undefined;
  /** Risk rules, exits and refusals (plain backtest). */
  readonly risk?: RiskReport | undefined;
  /** Attribution, rolling figures, benchmark-relative figures (docs/analytics.md). */
  readonly analytics?: PortfolioAnalytics | undefined;
  /**
   * Notes the run ended with, shown under the figures (e.g. the size-limit note of a risk-parity
   * run whose entries the [risk] limits refused: app/setup/sizing-limit-hint.ts).
   */
  readonly notes?: readonly string[] | undefined;
  /** Footer line, e.g. "robotrader 0.1.0 (abc123), 2026-01-02 10:00 UTC". */
  readonly footer?: string | undefined;
}

/** A walk-forward run saved before runs kept their windows table has this in its place. */
const WINDOWS_NOT_SAVED = `<p class="note">This run was saved before runs kept their walk-forward windows: the table is only in the report made when it ran.</p>`;

/** Symbols beyond this many get no price chart (the stats and trades still cover them). */
export const MAX_PRICE_CHARTS = 6;

/**
 * The report as one self-contained HTML document: inline CSS, SVG and script (the embedded
 * Lightweight Charts for candles and P&L by day), nothing fetched from anywhere.
 */
export function renderReport(input: ReportInput): string {
  const { stats } = input;
  const equity = columns(input.equity);
  const eq = { time: equity.time, value: equity.value };
  const period = chartPeriod({ equity: eq, startValue: stats.startValue, benchmark: input.benchmark, bars: input.bars });
  const benchCols = period.benchmark;
  const b = stats.benchmark;

  const symbols = Object.keys(period.bars);
  const charted = symbols.slice(0, MAX_PRICE_CHARTS);
  const perSymbol = Math.floor(MAX_REPORT_CANDLES / Math.max(1, charted.length));
  const prices = charted.map((symbol, k) => candleSection(symbol, k, period.bars[symbol]!, input.trades, perSymbol));
  if (symbols.length > MAX_PRICE_CHARTS) {
    prices.push(`<p class="note">Price charts for the first ${MAX_PRICE_CHARTS} of ${symbols.length} symbols.</p>`);
  }

  const kpis = [
    kpi("Total return", pct(stats.totalReturn), b ? `Buy & hold ${pct(b.totalReturn)}` : ""),
    kpi("CAGR", pct(stats.cagr), b ? `Buy & hold ${pct(b.cagr)}` : ""),
    kpi("Sharpe", num(stats.sharpe), b ? `Buy & hold ${num(b.sharpe)}` : ""),
    kpi("Max drawdown", pct(stats.maxDrawdown ? -stats.maxDrawdown.depth : null), b ? `Buy & hold ${pct(b.maxDrawdown ? -b.maxDrawdown.depth : null)}` : ""),
    kpi("Win rate", pct(stats.winRate, 1), `${num(stats.trades, 0)} closed trades`),
    kpi("Exposure", pct(stats.exposure, 1), `Profit factor ${num(stats.profitFactor)}`),
  ].join("");

  const wf = input.walkForward;
  const table = wf ? { objective: wf.objective, rows: wf.windows.map(windowRow) } : input.windows === "not saved" ? undefined : input.windows;
  const chipValues = table ? { ...input.params, ...windowChips(table.rows, table.objective) } : input.params;
  const chips = Object.entries(chipValues)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<li><b>${esc(k)}</b> ${esc(v === null ? "—" : v)}</li>`)
    .join("");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(input.title)}</title><style>${css}</style></head>
<body><main>
<header><h1>${esc(input.title)}</h1><div class="sub">${esc(stamp(stats.start))} – ${esc(stamp(stats.end))} · ${esc(num(stats.bars, 0))} bars · starting capital ${esc(num(stats.startValue))}</div>
<ul class="params">${chips}</ul></header>
<div class="kpis">${kpis}</div>
${stats.notAnnualized ? `<p class="note">${esc(stats.notAnnualized)}.</p>` : ""}
${(input.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>\n`).join("")}${wf ? heatmapSection(wf.windows, wf.objective) : input.heatmap ? drawHeatmap(input.heatmap) : ""}
${table ? section(`Walk-forward windows (objective: ${esc(table.objective)}; parameters chosen in-sample, traded out-of-sample as one account)`, "", `<div class="scroll">${windowsTable(table.rows)}</div>`) : input.windows === "not saved" ? section("Walk-forward windows", "", WINDOWS_NOT_SAVED) : ""}
${section("Equity", legend(["equity", "Strategy"], ...(benchCols ? [["bench", "Buy & hold"] as const] : [])), equityChart(eq, benchCols, stats.startValue))}
${section("Drawdown", legend(["drawdown", "Strategy"], ...(benchCols ? [["bench", "Buy & hold"] as const] : [])), drawdownChart(eq, benchCols, stats.startValue))}
${prices.join("\n")}
${pnlSections(input.trades)}
<div class="cols">${section("Statistics", "", statsTable(stats))}${section("Monthly returns", "", monthlyTable(monthlyReturns(equity.time, equity.value, stats.startValue)))}</div>
${input.analytics ? analyticsSections(input.analytics) : ""}
${section(`Trades (${esc(num(input.trades.length, 0))})`, "", `<div class="scroll">${tradesTable(input.trades)}</div>`)}
${input.risk ? section("Risk: exits and refused orders", "", riskSection(input.risk)) : ""}
<footer>${esc(input.footer ?? "robotrader backtest report")}. Statistics are computed on bar closes; buy-and-hold covers the same period from the same starting capital, with no costs. ${LIGHTWEIGHT_CHARTS_NOTICE}</footer>
</main>${prices.length + input.trades.length > 0 ? `<script>${LIGHTWEIGHT_CHARTS}</script><script>${script}</script>` : ""}</body></html>
`;
}

/** Writes the report (creating the folder) and returns its size in bytes. */
export async function writeReport(file: string, input: ReportInput): Promise<{ path: string; bytes: number }> {
  const html = renderReport(input);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const bytes = await Bun.write(file, html);
  return { path: path.resolve(file), bytes };
}

function section(title: string, extra: string, body: string): string {
  return `<section><h2>${title}${extra}</h2>${body}</section>`;
}

function legend(...items: (readonly [string, string])[]): string {
  return `<span class="legend">${items.map(([cls, label]) => `<span><i class="${esc(cls)}">${cls === "x" ? "×" : ""}</i>${esc(label)}</span>`).join("")}</span>`;
}

function kpi(label: string, value: string, sub: string): string {
  return `<div class="kpi"><div class="k">${esc(label)}</div><div class="v">${esc(value)}</div><div class="b">${esc(sub)}</div></div>`;
}
