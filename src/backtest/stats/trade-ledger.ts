import type { Fill } from "../../core/fill.ts";
import { BigOfUnitsCache, exactOf, minusExact, moneyOf, plusExact, shareExact, type ExactMoney } from "../../core/money-units.ts";
import { money, type Money } from "../../core/money.ts";
import type { FillEffect } from "../../core/portfolio.ts";
import type { TradeRecord } from "../types.ts";

/** Amounts are ExactMoney (whole units of 1e-8 USD while they fit, big.js otherwise). */
interface OpenTrade {
  readonly side: "long" | "short";
  readonly entryTime: number;
  entered: number;
  entryValue: ExactMoney;
  /** Set while the trade was entered in one fill (the usual case: no division needed). */
  entryPrice: Money | null;
  exited: number;
  exitValue: ExactMoney;
  exitPrice: Money | null;
  realized: ExactMoney;
  commission: ExactMoney;
}

/**
 * Turns fills into round trips. A trade opens when a position leaves 0 and closes when it
 * returns to 0; adds raise `qty` (shares entered) and average the entry price; partial
 * exits average the exit price. A fill that flips the position closes one trade and opens
 * the next, its commission split by shares. P&L is net of both legs' commissions.
 */
export class TradeLedger {
  readonly #closed: TradeRecord[] = [];
  readonly #open = new Map<string, OpenTrade>();
  /** A round trip's commissions repeat (a flat fee per leg): one big.js value per amount. */
  readonly #commissions = new BigOfUnitsCache(256);

  onFill(fill: Fill, effect: FillEffect): void {
    const { qtyBefore: before, qtyAfter: after } = effect;
    const value = effect.exactValue ?? exactOf(effect.value);
    const commission = exactOf(fill.commission);
    const trade = this.#open.get(fill.symbol);
    if (trade === undefined || before === 0) {
      this.#open.set(fill.symbol, opened(fill, fill.qty, value, commission));
      return;
    }
    if (Math.sign(after) === Math.sign(before) && Math.abs(after) > Math.abs(before)) {
      trade.entered += fill.qty;
      trade.entryValue = plusExact(trade.entryValue, value);
      trade.entryPrice = null;
      trade.commission = plusExact(trade.commission, commission);
      return;
    }
    const closing = Math.min(Math.abs(before), fill.qty);
    const flip = closing < fill.qty;
    const share = flip ? shareExact(commission, closing, fill.qty) : commission;
    trade.exitPrice = trade.exited === 0 && closing === trade.entered ? fill.price : null;
    trade.exited += closing;
    const exitValue = flip ? exactOf(fill.price.times(closing)) : value;
    trade.exitValue = trade.exited === closing ? exitValue : plusExact(trade.exitValue, exitValue);
    trade.realized = plusExact(trade.realized, effect.exactRealized ?? exactOf(effect.realized));
    trade.commission = plusExact(trade.commission, share);
    if (after !== 0 && !flip) return;
    this.#closed.push(record(fill.symbol, trade, fill.time, this.#commissions));
    this.#open.delete(fill.symbol);
    if (flip) {
      const rest = fill.qty - closing;
      this.#open.set(fill.symbol, opened(fill, rest, exactOf(fill.price.times(rest)), minusExact(commission, share)));
    }
  }

  /** Closed trades in exit order, then trades still open valued at `lastPrice(symbol)`. */
  trades(lastPrice: (symbol: string) => number): TradeRecord[] {
    const open = [...this.#open].map(([symbol, t]): TradeRecord => {
      const held = t.entered - t.exited;
      const last = lastPrice(symbol);
      const entryValue = moneyOf(t.entryValue);
      // Unrealized on the shares still held, against their share of the entry value.
      const heldBasis = t.exited === 0 ? entryValue : entryValue.times(held).div(t.entered);
      const marked = Number.isFinite(last) ? money(last).times(held) : heldBasis;
      const unrealized = t.side === "long" ? marked.minus(heldBasis) : heldBasis.minus(marked);
      return { ...record(symbol, t, null, this.#commissions), pnl: moneyOf(t.realized).plus(unrealized).minus(moneyOf(t.commission)) };
    });
    return [...this.#closed, ...open];
  }
}

function opened(fill: Fill, qty: number, value: ExactMoney, commission: ExactMoney): OpenTrade {
  return {
    side: fill.side === "buy" ? "long" : "short",
    entryTime: fill.time,
    entered: qty,
    entryValue: value,
    entryPrice: fill.price,
    exited: 0,
    exitValue: 0,
    exitPrice: null,
    realized: 0,
    commission,
  };
}

function record(symbol: string, t: OpenTrade, exitTime: number | null, commissions: BigOfUnitsCache): TradeRecord {
  const closed = exitTime !== null;
  return {
    symbol,
    side: t.side,
    qty: t.entered,
    entryTime: t.entryTime,
    entryPrice: t.entryPrice ?? moneyOf(t.entryValue).div(t.entered),
    exitTime,
    exitPrice: closed ? (t.exitPrice ?? moneyOf(t.exitValue).div(t.exited)) : null,
    pnl: moneyOf(minusExact(t.realized, t.commission)),
    commission: typeof t.commission === "number" ? commissions.get(t.commission) : t.commission,
  };
}
