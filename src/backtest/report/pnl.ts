import { ZERO, type Money } from "../../core/money.ts";
import { day, esc, num, pct, usd } from "./format.ts";
import { json } from "./candles.ts";
import type { TradeRecord } from "../types.ts";

interface SymbolPnl {
  readonly symbol: string;
  readonly trades: number;
  readonly wins: number;
  readonly pnl: Money;
  readonly commission: Money;
}

/** Net P&L per symbol (closed trades plus open ones at their last close), largest first. */
export function pnlBySymbol(trades: readonly TradeRecord[]): SymbolPnl[] {
  const by = new Map<string, { trades: number; wins: number; pnl: Money; commission: Money }>();
  for (const t of trades) {
    const row = by.get(t.symbol) ?? { trades: 0, wins: 0, pnl: ZERO, commission: ZERO };
    row.trades++;
    if (t.pnl.gt(0)) row.wins++;
    row.pnl = row.pnl.plus(t.pnl);
    row.commission = row.commission.plus(t.commission);
    by.set(t.symbol, row);
  }
  return [...by].map(([symbol, r]) => ({ symbol, ...r })).sort((a, b) => b.pnl.cmp(a.pnl));
}

/** Realized P&L per UTC day of exit (open trades count on no day), ascending. */
export function pnlByDay(trades: readonly TradeRecord[]): { day: string; pnl: number }[] {
  const by = new Map<string, Money>();
  for (const t of trades) {
    if (t.exitTime === null) continue;
    const d = day(t.exitTime);
    by.set(d, (by.get(d) ?? ZERO).plus(t.pnl));
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, pnl]) => ({ day: d, pnl: Number(pnl.toFixed(2)) }));
}

/** Days past this many are summed by month instead (the chart stays readable and the file small). */
export const MAX_PNL_DAYS = 3000;

export function pnlSections(trades: readonly TradeRecord[]): string {
  if (trades.length === 0) return "";
  const rows = pnlBySymbol(trades);
  const widest = rows.reduce((m, r) => Math.max(m, Math.abs(r.pnl.toNumber())), 0) || 1;
  const table =
    `<table class="trades" id="pnl-symbol"><thead><tr><th>Symbol</th><th class="r">Trades</th><th class="r">Win rate</th><th class="r">Commissions</th><th class="r">Net P&amp;L</th><th></th></tr></thead><tbody>` +
    rows
      .map((r) => {
        const v = r.pnl.toNumber();
        const w = Math.round((Math.abs(v) / widest) * 100);
        return (
          `<tr data-symbol="${esc(r.symbol)}"><td>${esc(r.symbol)}</td><td class="r">${num(r.trades, 0)}</td><td class="r">${pct(r.wins / r.trades, 1)}</td>` +
          `<td class="r">${usd(r.commission)}</td><td class="r ${v >= 0 ? "pos" : "neg"}">${usd(r.pnl)}</td>` +
          `<td class="barcell"><span class="pbar ${v >= 0 ? "pos" : "neg"}" style="width:${w}%"></span></td></tr>`
        );
      })
      .join("") +
    `</tbody></table>`;
  let days = pnlByDay(trades);
  let unit = "day";
  if (days.length > MAX_PNL_DAYS) {
    const months = new Map<string, number>();
    for (const d of days) months.set(`${d.day.slice(0, 7)}-01`, (months.get(`${d.day.slice(0, 7)}-01`) ?? 0) + d.pnl);
    days = [...months].map(([d, pnl]) => ({ day: d, pnl: Math.round(pnl * 100) / 100 }));
    unit = "month";
  }
  const data = { t: days.map((d) => d.day), v: days.map((d) => d.pnl) };
  const byDay =
    days.length === 0
      ? `<p class="note">No closed trades yet.</p>`
      : `<p class="note">Realized P&amp;L by ${unit} of exit${unit === "month" ? ` (more than ${num(MAX_PNL_DAYS, 0)} trading days: summed by month)` : ""}.</p>` +
        `<div class="lwc pnl-day" id="pnl-day" data-points="${days.length}"></div><script type="application/json" id="pnl-day-data">${json(data)}</script>`;
  return `<div class="cols"><section><h2>P&amp;L by symbol</h2><div class="scroll">${table}</div></section><section><h2>P&amp;L by ${unit}</h2>${byDay}</section></div>`;
}
