import { addUnits, bigOfUnits, mulUnits, unitsOf } from "../../core/money-units.ts";
import { ZERO, type Money } from "../../core/money.ts";
import type { TradeRecord } from "../types.ts";

/** Figures over round trips. Money stays exact (big.js); ratios are float64. */
export interface TradeStats {
  /** Closed round trips (a position still open at the end is not counted here). */
  readonly trades: number;
  readonly openTrades: number;
  /** Closed trades with pnl > 0, and with pnl < 0 (a trade at exactly 0 is neither). */
  readonly wins: number;
  readonly losses: number;
  /** wins / trades; null without closed trades. */
  readonly winRate: number | null;
  /** Sum of winning pnl, and of losing pnl (<= 0), net of commissions. */
  readonly grossProfit: Money;
  readonly grossLoss: Money;
  /** grossProfit / |grossLoss|; null when nothing was lost (no invented infinity). */
  readonly profitFactor: number | null;
  /** grossProfit / wins and grossLoss / losses (negative); null without wins / losses. */
  readonly avgWin: Money | null;
  readonly avgLoss: Money | null;
  /** Mean pnl per closed trade = winRate x avgWin + lossRate x avgLoss; null without closed trades. */
  readonly expectancy: Money | null;
  /** Sum of pnl of closed trades (net of commissions). */
  readonly realizedPnl: Money;
  /**
   * Sum of pnl of trades still open at the end: unrealized at the last close, net of the
   * commissions paid so far. Final value = starting capital + realizedPnl + openPnl.
   */
  readonly openPnl: Money;
  /** Commissions of every trade, open ones included (their entry leg). */
  readonly commissions: Money;
  /** Sum of qty x price over every fill leg (entries and exits): the traded value. */
  readonly tradedValue: Money;
}

export function tradeStats(trades: readonly TradeRecord[]): TradeStats {
  return tradeStatsUnits(trades) ?? tradeStatsBig(trades);
}

/**
 * The sums in whole units of 1e-8 USD (core/money-units.ts): the same exact values as big.js,
 * without a decimal object per trade. Undefined when some amount does not fit (an averaged price
 * finer than 1e-8): then tradeStatsBig does it all.
 */
function tradeStatsUnits(trades: readonly TradeRecord[]): TradeStats | undefined {
  let closed = 0;
  let wins = 0;
  let losses = 0;
  const grossProfit = new UnitsSum();
  const grossLoss = new UnitsSum();
  const commissions = new UnitsSum();
  const tradedValue = new UnitsSum();
  const openPnl = new UnitsSum();
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    const commission = unitsOf(t.commission);
    const entered = mulUnits(unitsOf(t.entryPrice), t.qty);
    const pnl = unitsOf(t.pnl);
    if (Number.isNaN(commission + entered + pnl)) return undefined;
    commissions.add(commission);
    tradedValue.add(entered);
    if (t.exitTime === null || t.exitPrice === null) {
      openPnl.add(pnl);
      continue;
    }
    const exited = mulUnits(unitsOf(t.exitPrice), t.qty);
    if (Number.isNaN(exited)) return undefined;
    tradedValue.add(exited);
    closed++;
    if (pnl > 0) {
      wins++;
      grossProfit.add(pnl);
    } else if (pnl < 0) {
      losses++;
      grossLoss.add(pnl);
    }
  }
  const profit = grossProfit.value();
  const loss = grossLoss.value();
  return summary(closed, trades.length, wins, losses, profit, loss, profit.plus(loss), openPnl.value(), commissions.value(), tradedValue.value());
}

/**
 * An exact sum of whole-unit terms: in units while it stays within 2^53 - 1, the part that would
 * not fit carried in big.js (a million-bar run trades more than USD 90 million in value).
 */
class UnitsSum {
  #units = 0;
  #big: Money | undefined;

  /** `units`: a whole number of units (not NaN). */
  add(units: number): void {
    const sum = addUnits(this.#units, units);
    if (!Number.isNaN(sum)) {
      this.#units = sum;
      return;
    }
    this.#big = (this.#big ?? ZERO).plus(bigOfUnits(this.#units));
    this.#units = units;
  }

  value(): Money {
    const units = bigOfUnits(this.#units);
    return this.#big === undefined ? units : this.#big.plus(units);
  }
}

/** The reference: every amount in big.js (exported for the equality test). */
export function tradeStatsBig(trades: readonly TradeRecord[]): TradeStats {
  let closed = 0;
  let wins = 0;
  let losses = 0;
  let grossProfit = ZERO;
  let grossLoss = ZERO;
  let commissions = ZERO;
  let tradedValue = ZERO;
  let openPnl = ZERO;
  for (const t of trades) {
    commissions = commissions.plus(t.commission);
    tradedValue = tradedValue.plus(t.entryPrice.times(t.qty));
    if (t.exitTime === null || t.exitPrice === null) {
      openPnl = openPnl.plus(t.pnl);
      continue;
    }
    tradedValue = tradedValue.plus(t.exitPrice.times(t.qty));
    closed++;
    if (t.pnl.gt(0)) {
      wins++;
      grossProfit = grossProfit.plus(t.pnl);
    } else if (t.pnl.lt(0)) {
      losses++;
      grossLoss = grossLoss.plus(t.pnl);
    }
  }
  return summary(closed, trades.length, wins, losses, grossProfit, grossLoss, grossProfit.plus(grossLoss), openPnl, commissions, tradedValue);
}

function summary(
  closed: number, count: number, wins: number, losses: number,
  grossProfit: Money, grossLoss: Money, realizedPnl: Money, openPnl: Money, commissions: Money, tradedValue: Money,
): TradeStats {
  return {
    trades: closed,
    openTrades: count - closed,
    wins,
    losses,
    winRate: closed > 0 ? wins / closed : null,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss.eq(0) ? null : Number(grossProfit.div(grossLoss.abs()).toString()),
    avgWin: wins > 0 ? grossProfit.div(wins) : null,
    avgLoss: losses > 0 ? grossLoss.div(losses) : null,
    expectancy: closed > 0 ? realizedPnl.div(closed) : null,
    realizedPnl,
    openPnl,
    commissions,
    tradedValue,
  };
}

/**
 * Fraction of bars whose close found a position open. A trade holds from the close of its entry
 * bar (entry fills at that bar's open) until its exit bar's open: exposed at t iff
 * entryTime <= t < exitTime (exitTime null: to the end). Null for an empty series.
 */
export function exposureFromTrades(times: ArrayLike<number>, trades: readonly TradeRecord[]): number | null {
  const n = times.length;
  if (n === 0) return null;
  const intervals = trades
    .map((t) => [t.entryTime, t.exitTime ?? Number.POSITIVE_INFINITY] as const)
    .sort((a, b) => a[0] - b[0]);
  let exposed = 0;
  let k = 0;
  let openUntil = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    while (k < intervals.length && intervals[k]![0] <= t) {
      openUntil = Math.max(openUntil, intervals[k]![1]);
      k++;
    }
    if (t < openUntil) exposed++;
  }
  return exposed / n;
}

/**
 * Fraction of bars with a position, from a per-bar flag series (non-zero = in the market). A
 * Uint8Array holds 0 or 1 per bar (the recorder's flags): its runs of 1s are found with indexOf,
 * the runtime's byte search, instead of a loop the JIT would compile after the last bar for one call.
 */
export function exposureFromSeries(inMarket: ArrayLike<number | boolean>): number | null {
  if (inMarket.length === 0) return null;
  if (inMarket instanceof Uint8Array) return exposedFlags(inMarket) / inMarket.length;
  let exposed = 0;
  for (let i = 0; i < inMarket.length; i++) if (inMarket[i]) exposed++;
  return exposed / inMarket.length;
}

/** How many of 0/1 flags are 1: the runs of 1s, each from its first 1 to the next 0. */
function exposedFlags(flags: Uint8Array): number {
  const n = flags.length;
  let exposed = 0;
  for (let start = flags.indexOf(1); start >= 0; ) {
    const end = flags.indexOf(0, start);
    if (end < 0) return exposed + n - start;
    exposed += end - start;
    start = flags.indexOf(1, end);
  }
  return exposed;
}
