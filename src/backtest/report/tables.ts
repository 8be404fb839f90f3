import { toNumber, type Money } from "../../core/money.ts";
import { day, esc, MISSING, num, pct, stamp, usd } from "./format.ts";
import type { Stats } from "../stats/stats.ts";
import type { SeriesStats } from "../stats/series.ts";
import type { TradeRecord } from "../types.ts";

type Cell = { readonly text: string; readonly value: number | string | null };
type Row = readonly [key: string, label: string, strategy: Cell, benchmark?: Cell | undefined];

const p = (v: number | null): Cell => ({ text: pct(v), value: v });
const n = (v: number | null): Cell => ({ text: num(v), value: v });
const m = (v: Money | null): Cell => ({ text: usd(v), value: v === null ? null : toNumber(v) });
const i = (v: number): Cell => ({ text: num(v, 0), value: v });
const d = (v: number | null): Cell => ({ text: day(v), value: v === null ? null : day(v) });
/** Calendar days: whole for daily bars, one decimal when intraday bars make fractions. */
const days = (v: number | null): Cell => ({ text: num(v, v !== null && Number.isInteger(v) ? 0 : 1), value: v });

function seriesRows(s: SeriesStats): Row[] {
  const dd = s.maxDrawdown;
  return [
    ["endValue", "Final value", n(s.endValue)],
    ["totalReturn", "Total return", p(s.totalReturn)],
    ["cagr", "CAGR", p(s.cagr)],
    ["volatility", "Volatility (annualized)", p(s.volatility)],
    ["sharpe", "Sharpe ratio", n(s.sharpe)],
    ["sortino", "Sortino ratio", n(s.sortino)],
    ["calmar", "Calmar ratio", n(s.calmar)],
    ["maxDrawdown", "Max drawdown", p(dd === null ? null : -dd.depth)],
    ["maxDrawdownPeak", "Max drawdown peak", d(dd?.peakTime ?? null)],
    ["maxDrawdownTrough", "Max drawdown trough", d(dd?.troughTime ?? null)],
    ["maxDrawdownRecovery", "Max drawdown recovery", dd && dd.recoveryTime === null ? { text: "not recovered", value: null } : d(dd?.recoveryTime ?? null)],
    ["maxDrawdownDays", "Max drawdown duration (days)", days(dd ? dd.durationDays : null)],
    ["longestDrawdownDays", "Longest drawdown (days)", days(s.longestDrawdown ? s.longestDrawdown.durationDays : null)],
  ];
}

/** Statistics, strategy beside buy-and-hold. Each value cell carries its raw value in data-value. */
export function statsTable(stats: Stats): string {
  const bench = stats.benchmark ? seriesRows(stats.benchmark) : undefined;
  const rows: Row[] = [
    ["start", "Start", d(stats.start), stats.benchmark ? d(stats.benchmark.start) : undefined],
    ["end", "End", d(stats.end), stats.benchmark ? d(stats.benchmark.end) : undefined],
    ["bars", "Bars", i(stats.bars), stats.benchmark ? i(stats.benchmark.bars) : undefined],
    ...seriesRows(stats).map(([key, label, cell], k): Row => [key, label, cell, bench?.[k]?.[2]]),
  ];
  const tradeRows: Row[] = [
    ["trades", "Closed trades", i(stats.trades)],
    ["openTrades", "Open at the end", i(stats.openTrades)],
    ["winRate", "Win rate", p(stats.winRate)],
    ["profitFactor", "Profit factor", n(stats.profitFactor)],
    ["avgWin", "Average win", m(stats.avgWin)],
    ["avgLoss", "Average loss", m(stats.avgLoss)],
    ["expectancy", "Expectancy per trade", m(stats.expectancy)],
    ["realizedPnl", "Realized P&L (net)", m(stats.realizedPnl)],
    ["openPnl", "Open P&L (unrealized, net)", m(stats.openPnl)],
    ["commissions", "Commissions paid", m(stats.commissions)],
    ["exposure", "Exposure (time in market)", p(stats.exposure)],
    ["turnover", "Turnover (per year)", n(stats.turnover)],
  ];
  const body = (list: Row[], withBench: boolean) =>
    list
      .map(([key, label, s, b]) => {
        const bcell = withBench ? cell(`bench.${key}`, b) : "";
        return `<tr><th scope="row">${esc(label)}</th>${cell(key, s)}${bcell}</tr>`;
      })
      .join("");
  const hasBench = stats.benchmark !== null;
  return (
    `<table class="stats" id="stats-returns"><thead><tr><th></th><th>Strategy</th>${hasBench ? "<th>Buy &amp; hold</th>" : ""}</tr></thead>` +
    `<tbody>${body(rows, hasBench)}</tbody></table>` +
    `<table class="stats" id="stats-trades"><thead><tr><th></th><th>Trades</th></tr></thead><tbody>${body(tradeRows, false)}</tbody></table>`
  );
}

function cell(key: string, c: Cell | undefined): string {
  if (!c) return `<td class="na">${MISSING}</td>`;
  const cls = c.value === null ? ` class="na"` : typeof c.value === "number" && c.value < 0 ? ` class="neg"` : "";
  return `<td data-stat="${esc(key)}" data-value="${esc(c.value === null ? "null" : c.value)}"${cls}>${esc(c.text)}</td>`;
}

/** Trades beyond this many are left out of the table (newest kept); --json has them all. */
export const MAX_TABLE_TRADES = 2000;

export function tradesTable(trades: readonly TradeRecord[]): string {
  const shown = trades.slice(-MAX_TABLE_TRADES);
  const rows = shown
    .map((t) => {
      const cost = t.entryPrice.times(t.qty);
      const ret = cost.eq(0) ? null : toNumber(t.pnl.div(cost));
      const cls = t.exitTime === null ? "open" : t.pnl.gt(0) ? "win" : t.pnl.lt(0) ? "loss" : "";
      return (
        `<tr class="${cls}"><td>${esc(t.symbol)}</td><td>${esc(t.side)}</td><td class="r">${esc(num(t.qty, 0))}</td>` +
        `<td>${esc(stamp(t.entryTime))}</td><td class="r">${esc(usd(t.entryPrice))}</td>` +
        `<td>${t.exitTime === null ? "open" : esc(stamp(t.exitTime))}</td><td class="r">${esc(usd(t.exitPrice))}</td>` +
        `<td class="r pnl">${esc(usd(t.pnl))}</td><td class="r">${esc(pct(ret))}</td><td class="r">${esc(usd(t.commission))}</td></tr>`
      );
    })
    .join("");
  const note =
    shown.length < trades.length
      ? `<p class="note">Showing the last ${shown.length} of ${trades.length} trades; <code>--json</code> lists them all.</p>`
      : "";
  return (
    note +
    `<table class="trades" id="trades"><thead><tr><th>Symbol</th><th>Side</th><th class="r">Qty</th><th>Entry</th><th class="r">Entry price</th>` +
    `<th>Exit</th><th class="r">Exit price</th><th class="r">P&amp;L</th><th class="r">Return</th><th class="r">Commission</th></tr></thead>` +
    `<tbody>${rows || `<tr><td colspan="10" class="na">No trades.</td></tr>`}</tbody></table>`
  );
}
