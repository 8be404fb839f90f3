import { statsToJson } from "../backtest/stats/json.ts";
import { money, toCents, toNumber, type Money } from "../core/money.ts";
import type { EachOutcome } from "../app/backtest/each.ts";
import { formatTable } from "./_output.ts";
import { ruleCountsText, tradeJson } from "./backtest-format.ts";
import { usdText } from "./_usd.ts";

const MISSING = "n/a";
const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? MISSING : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? MISSING : x.toFixed(2));
const cents = (m: Money) => toNumber(toCents(m));
const usd = (m: Money) => usdText(cents(m));

/** `backtest --each --json`: every symbol's statistics and trades, then the batch's aggregate. */
export function eachJson(o: EachOutcome) {
  const a = o.aggregate;
  return {
    each: o.results.map((r) => ({ symbol: r.symbol, stats: statsToJson(r.stats), trades: r.trades.map(tradeJson), exits: r.exits, refusals: r.refusals, refusedByRule: r.refusedByRule ?? {}, notices: r.notices })),
    aggregate: { ...a, netPnl: cents(a.netPnl), commissions: cents(a.commissions) },
    symbols: o.symbols,
    initialCash: o.initialCash,
    notes: o.notes,
  };
}

/** One row per symbol (its own account of the starting cash), then the aggregate. */
export function eachText(o: EachOutcome): string {
  const rows = o.results.map((r) => {
    const s = r.stats;
    return [r.symbol, String(s.trades), String(s.openTrades), pct(s.totalReturn), pct(s.cagr), num(s.sharpe), pct(s.maxDrawdown === null ? null : -s.maxDrawdown.depth), usd(s.realizedPnl.plus(s.openPnl)), usd(s.commissions)];
  });
  const a = o.aggregate;
  const table = formatTable(["SYMBOL", "TRADES", "OPEN", "TOTAL RETURN", "CAGR", "SHARPE", "MAX DD", "NET P&L", "COMMISSIONS"], rows);
  const summary = labelled([
      ["Symbols (one account each)", `${a.symbols} (${a.traded} traded, ${a.winners} with a gain)`],
      ["Trades", `${a.trades} closed, ${a.openTrades} open`],
      ["Net P&L (sum)", usd(a.netPnl)],
      ["Commissions (sum)", usd(a.commissions)],
      ["Total return (mean / median)", `${pct(a.meanReturn)} / ${pct(a.medianReturn)}`],
      ["Sharpe (mean / median)", `${num(a.meanSharpe)} / ${num(a.medianSharpe)}`],
      ["Best", a.best ? `${a.best.symbol} ${pct(a.best.totalReturn)}` : MISSING],
      ["Worst", a.worst ? `${a.worst.symbol} ${pct(a.worst.totalReturn)}` : MISSING],
      ...refusedRow(o),
  ]);
  const notes = o.notes.length > 0 ? ["", ...o.notes] : [];
  return [`${o.symbols.length} separate backtests, ${usd(money(o.initialCash))} each`, "", table, "", summary, ...notes, "", "not saved (--each: use --json for the batch)"].join("\n");
}

/** The batch's refused orders by rule, when the [risk] rules refused any (each symbol's own run, summed). */
function refusedRow(o: EachOutcome): (readonly [string, string])[] {
  const total = o.results.reduce((n, r) => n + r.refusals, 0);
  if (total === 0) return [];
  const rules = ruleCountsText(o.refusedByRule);
  return [["Refused orders (sum)", rules === "" ? String(total) : `${total} (${rules})`]];
}

function labelled(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
