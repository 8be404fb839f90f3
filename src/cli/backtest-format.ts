import { analyticsJson } from "../backtest/analytics/json.ts";
import { statsToJson } from "../backtest/stats/json.ts";
import type { SeriesStats } from "../backtest/stats/series.ts";
import type { TradeRecord } from "../backtest/types.ts";
import { toCents, toNumber, type Money } from "../core/money.ts";
import { centsNumberOfUnits, numberOfUnits, unitsOf } from "../core/money-units.ts";
import type { BacktestOutcome } from "../app/backtest/backtest-request.ts";
import { riskSummary } from "../app/backtest/describe-run.ts";
import { formatTable } from "./_output.ts";
import { refusalsHint } from "../app/setup/sizing-limit-hint.ts";
import { firstRefusals, refusalCount, refusalCountsByRule } from "../backtest/refusals-of.ts";
import { usdText } from "./_usd.ts";

const MISSING = "n/a";
const date = (t: number | null) => (t === null ? MISSING : new Date(t).toISOString().slice(0, 10));
const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? MISSING : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? MISSING : x.toFixed(digits));
const usd = (x: Money | number | null | undefined) =>
  x === null || x === undefined ? MISSING : usdText(typeof x === "number" ? x : toNumber(toCents(x)));

/**
 * Money in --json: numbers rounded to cents. Prices: exact to 8 decimals (fills are priced in units
 * of 1e-8 USD; slippage makes sub-cent prices), so qty x price move - commission gives the pnl to
 * the cent even for thousands of shares (4 decimals left 0.35 USD unexplained on 7,000 shares).
 */
const cents = (m: Money) => {
  // Thousands of trades: exact units when the amount has them, no decimal rounding object per field.
  const units = unitsOf(m);
  return Number.isNaN(units) ? toNumber(toCents(m)) : centsNumberOfUnits(units);
};
const price = (m: Money) => {
  const units = unitsOf(m);
  return Number.isNaN(units) ? toNumber(m.round(8)) : numberOfUnits(units);
};
/** Calendar days: whole for daily bars, one decimal when intraday bars make fractions (676.8 days). */
const days = (d: number) => `${Number.isInteger(d) ? String(d) : d.toFixed(1)} days`;
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function tradeJson(t: TradeRecord) {
  return {
    symbol: t.symbol,
    side: t.side,
    qty: t.qty,
    entryTime: iso(t.entryTime),
    entryPrice: price(t.entryPrice),
    exitTime: iso(t.exitTime),
    exitPrice: t.exitPrice === null ? null : price(t.exitPrice),
    pnl: cents(t.pnl),
    commission: cents(t.commission),
  };
}

/**
 * The --json document: {"stats", "trades"} plus run id, report path, notices, windows; the equity
 * at every bar ("equity") only with `equity` (--equity): a long run's curve dwarfs the rest.
 */
export function outcomeJson(o: BacktestOutcome, options: { readonly equity?: boolean } = {}) {
  return {
    stats: statsToJson(o.stats),
    trades: o.trades.map(tradeJson),
    ...(options.equity ? { equity: Array.from(o.equity.time, (time, i) => ({ time: iso(time), equity: Math.round(o.equity.equity[i]! * 100) / 100 })) } : {}),
    symbols: o.symbols,
    // Walk-forward: the optimized parameters are per window (windows[].params), not the flag values.
    params: Object.fromEntries(Object.entries(o.params).filter(([k]) => !perWindowKeys(o).has(k))),
    runId: o.runId ?? null,
    report: o.reportPath ?? null,
    notices: o.notices.map((n) => ({ key: n.key, state: n.state, time: iso(n.time), qty: n.filledQty, reason: n.reason ?? null })),
    setup: o.setup,
    risk: { applied: o.setup.risk !== null, summary: riskSummary(o.setup), killSwitch: o.killSwitch ? { time: iso(o.killSwitch.time), reason: o.killSwitch.reason } : null, data: o.data },
    exits: o.exits.map((e) => ({ ...e, time: iso(e.time) })),
    refusals: o.refusals.map((r) => ({ ...r, time: iso(r.time) })),
    analytics: o.analytics ? analyticsJson(o.analytics) : null,
    ...(o.strategies
      ? {
          strategies: o.strategies.map((s) => ({
            strategy: s.strategy, fills: s.fills, positions: s.positions, trades: s.trades.length,
            realized: round2(s.realized), commissions: round2(s.commissions), pnl: round2(s.pnl),
          })),
        }
      : {}),
    ...(o.windows
      ? {
          windows: o.windows.map((w) => ({
            index: w.index,
            params: w.params,
            inSampleScore: w.inSampleScore,
            trainStart: iso(w.train.fromTime),
            trainEnd: iso(w.train.toTime),
            testStart: iso(w.test.fromTime),
            testEnd: iso(w.test.toTime),
            // The bars the parameters traded: the test bars, plus any --step gap before the next window.
            heldUntil: iso(w.inForce.toTime),
            outOfSample: statsToJson(w.outOfSample),
          })),
        }
      : {}),
  };
}

/** Equity points per part of outcomeJsonParts: ~1.7 MB of text. */
const POINTS_PER_PART = 20_000;

/**
 * JSON.stringify(outcomeJson(o, { equity: true }), null, 2) + "\n", in parts: the equity points
 * are written out as JSON.stringify indents them, a part at a time, instead of a million point
 * objects and one string of ~90 MB (backtest --json --equity of 1M bars peaked at ~440 MB).
 */
export function* outcomeJsonParts(o: BacktestOutcome, pointsPerPart = POINTS_PER_PART): Generator<string> {
  const text = JSON.stringify(outcomeJson(o), null, 2);
  // "equity" goes right after "trades", i.e. before the top-level "symbols" (the only line that
  // starts with two spaces and "symbols": strings hold no raw newline, nested keys are indented more).
  const at = text.indexOf('\n  "symbols": ');
  if (at < 0) throw new Error("outcomeJsonParts: no top-level symbols key");
  const { time, equity } = o.equity;
  if (time.length === 0) {
    yield text.slice(0, at) + '\n  "equity": [],' + text.slice(at) + "\n";
    return;
  }
  yield text.slice(0, at) + '\n  "equity": [';
  for (let from = 0; from < time.length; from += pointsPerPart) {
    let part = "";
    const to = Math.min(time.length, from + pointsPerPart);
    for (let i = from; i < to; i++) {
      const value = Math.round(equity[i]! * 100) / 100;
      part += `${i === 0 ? "" : ","}\n    {\n      "time": "${new Date(time[i]!).toISOString()}",\n      "equity": ${Number.isFinite(value) ? String(value) : "null"}\n    }`;
    }
    yield part;
  }
  yield "\n  ]," + text.slice(at) + "\n";
}

function seriesRows(s: SeriesStats): string[][] {
  return [
    ["Start", date(s.start)],
    ["End", date(s.end)],
    ["Bars", String(s.bars)],
    ["Final equity", usd(s.endValue)],
    ["Total return", pct(s.totalReturn)],
    ["CAGR", pct(s.cagr)],
    ["Volatility (annual)", pct(s.volatility)],
    ["Sharpe", num(s.sharpe)],
    ["Sortino", num(s.sortino)],
    ["Calmar", num(s.calmar)],
    ["Max drawdown", s.maxDrawdown ? `-${pct(s.maxDrawdown.depth)} (${days(s.maxDrawdown.durationDays)})` : MISSING],
    ["Longest drawdown", s.longestDrawdown ? days(s.longestDrawdown.durationDays) : MISSING],
  ];
}

/** Readable summary: return/risk table against buy-and-hold, then the trade figures. */
export function outcomeText(o: BacktestOutcome): string {
  const s = o.stats;
  const mine = seriesRows(s);
  const bench = s.benchmark ? seriesRows(s.benchmark) : undefined;
  const table = formatTable(
    ["", "Strategy", ...(bench ? ["Buy & hold"] : [])],
    mine.map(([label, value], i) => [label!, value!, ...(bench ? [bench[i]![1]!] : [])]),
  );
  const trades = formatTable(
    ["Trades", ""],
    [
      ["Closed trades", String(s.trades)],
      ["Open at the end", String(s.openTrades)],
      ["Win rate", pct(s.winRate)],
      ["Profit factor", num(s.profitFactor)],
      ["Average win", usd(s.avgWin)],
      ["Average loss", usd(s.avgLoss)],
      ["Expectancy per trade", usd(s.expectancy)],
      ["Realized P&L (net)", usd(s.realizedPnl)],
      ["Open P&L (unrealized, net)", usd(s.openPnl)],
      ["Commissions paid", usd(s.commissions)],
      ["Exposure", pct(s.exposure)],
      ["Turnover (per year)", num(s.turnover)],
    ],
  );
  const lines = [describe(o), "", table, ...(s.notAnnualized ? [`(${s.notAnnualized})`] : []), "", trades];
  if (o.windows) {
    lines.push("", formatTable(
      ["Window", "Train from", "Train to", "Test from", "Test to", "Parameters", "In-sample score", "Out-of-sample return"],
      o.windows.map((w) => [String(w.index + 1), date(w.train.fromTime), date(w.train.toTime), date(w.test.fromTime), date(w.inForce.toTime),
        Object.entries(w.params).map(([k, v]) => `${k}=${v}`).join(" "), num(w.inSampleScore, 3), pct(w.outOfSample.totalReturn)]),
    ));
  }
  if (o.strategies) {
    lines.push("", formatTable(
      ["Strategy", "Fills", "Trades", "Positions at the end", "Realized", "Commissions", "Net P&L"],
      o.strategies.map((x) => [x.strategy, String(x.fills), String(x.trades.length),
        Object.entries(x.positions).map(([sym, q]) => `${sym} ${q}`).join(", ") || "none", usd(x.realized), usd(x.commissions), usd(x.pnl)]),
    ));
  }
  const a = o.analytics;
  if (a) {
    const rows: string[][] = [["Risk-free rate", pct(a.riskFreeRate)], ["Average holding (days)", num(a.habits.averageHoldingDays)]];
    if (a.benchmark) {
      rows.push(
        [`Beta vs ${a.benchmark.symbol}`, num(a.benchmark.beta)],
        [`Alpha vs ${a.benchmark.symbol} (annualized)`, pct(a.benchmark.alpha)],
        ["Tracking error (annualized)", pct(a.benchmark.trackingError)],
        ["Information ratio", num(a.benchmark.informationRatio)],
      );
    }
    lines.push("", formatTable(["Analytics", ""], rows));
    // One symbol makes one row at most: the rollup is not made for nothing.
    if (o.symbols.length > 1 && a.attribution.bySymbol.length > 1) {
      lines.push("", formatTable(["Symbol", "Trades", "Net P&L", "Win rate"], a.attribution.bySymbol.map((r) => [r.key, String(r.trades), usd(r.pnl), pct(r.winRate)])));
    }
  }
  lines.push("", ...riskLines(o));
  if (o.notices.length > 0) lines.push("", `${o.notices.length} order notices (reduced, rejected, expired or still open at the end); --json lists them. First: ${o.notices[0]!.reason}`);
  lines.push("", `${o.trades.length} trades (${s.trades} closed, ${s.openTrades} open)` +
    (o.runId !== undefined ? `; saved as run ${o.runId}` : "; not saved") + (o.reportPath ? `; report: ${o.reportPath}` : ""));
  return lines.join("\n");
}

/** Parameters a walk-forward run chose per window: their flag values would mislead. */
function perWindowKeys(o: BacktestOutcome): Set<string> {
  return new Set((o.windows ?? []).flatMap((w) => Object.keys(w.params)));
}

function describe(o: BacktestOutcome): string {
  const p = o.params;
  const perWindow = perWindowKeys(o);
  const strategyParams = Object.entries(p).filter(([k, v]) => typeof v === "number" && !["initialCash", "slippageBps"].includes(k) && !perWindow.has(k));
  const head = [p["strategy"], ...strategyParams.map(([k, v]) => `${k}=${v}`), ...(perWindow.size > 0 ? [`(${[...perWindow].join(", ")} chosen per window)`] : [])];
  const sizing = p["sizing"] as { kind: string; [k: string]: unknown };
  const sizingText = sizing.kind === "qty" ? `qty ${sizing["qty"]}` : sizing.kind === "cash" ? `cash-per-trade ${sizing["amount"]}`
    : sizing.kind === "pct-equity" ? `pct-equity ${num(sizing["pct"] as number, 2)}%`
    : sizing.kind === "risk-parity" ? `risk-parity over ${sizing["lookback"]} bars`
    : `${sizing.kind} ${sizing["pct"]}% over ${sizing["lookback"]} bars`;
  return `${head.join(" ")} on ${o.symbols.join(", ")}; ${p["direction"]}, ${sizingText}, ` +
    `cash ${usd(p["initialCash"] as number)}, commission ${p["commission"]}, slippage ${p["slippageBps"]} bps` +
    (p["walkForward"] ? "; walk-forward out-of-sample" : "");
}

/** Risk applied, the kill switch, rejected data, then exits and refusals (a few of each; --json has all). */
function riskLines(o: BacktestOutcome): string[] {
  const lines = [`Risk: ${riskSummary(o.setup)}.`];
  if (o.killSwitch) lines.push(`Kill switch on from ${date(o.killSwitch.time)}: ${o.killSwitch.reason}`);
  const rejected = o.data ? Object.entries(o.data).filter(([k, n]) => k !== "accepted" && n > 0) : [];
  if (rejected.length > 0) lines.push(`Data rejected: ${rejected.map(([k, n]) => `${k} ${n}`).join(", ")} (never traded on)`);
  if (o.exits.length > 0) {
    const byReason = countBy(o.exits.map((e) => e.reason));
    lines.push(`Protective exits: ${o.exits.length} (${byReason})`);
    for (const e of o.exits.slice(0, 5)) lines.push(`  ${date(e.time)} ${e.symbol} ${e.reason}: close ${e.close} crossed ${e.trigger}; ${e.side} ${e.qty}${e.refused ? ` refused: ${e.refused.reason}` : ""}`);
    if (o.exits.length > 5) lines.push(`  ... ${o.exits.length - 5} more; --json lists them all`);
  }
  // Read through the run's refusal list: only the first five records are made (backtest/refusals-of.ts).
  const refused = refusalCount(o);
  if (refused > 0) {
    const byRule = refusalCountsByRule(o);
    lines.push(`Refused orders: ${refused} (${ruleCountsText(byRule)})`);
    for (const r of firstRefusals(o, 5)) lines.push(`  ${date(r.time)} ${r.reason}`);
    if (refused > 5) lines.push(`  ... ${refused - 5} more; --json lists them all`);
    const hint = refusalsHint(o.setup.sizing, o.setup.risk?.limits, () => byRule);
    if (hint !== undefined) lines.push(hint);
  }
  return lines;
}

/** Counts by rule as the summaries print them: "market-hours 16111, max-daily-trades 2655". */
export function ruleCountsText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts).map(([rule, n]) => `${rule} ${n}`).join(", ");
}

function countBy(keys: readonly string[]): string {
  const n = new Map<string, number>();
  for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n].map(([k, c]) => `${k} ${c}`).join(", ");
}

const round2 = (x: number) => Math.round(x * 100) / 100;
