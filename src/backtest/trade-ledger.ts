import type { Fill } from "../core/fill.ts";
import { money, ZERO, type Money } from "../core/money.ts";
import type { FillEffect } from "../core/portfolio.ts";
import type { TradeRecord } from "./types.ts";

interface OpenTrade {
  readonly side: "long" | "short";
  readonly entryTime: number;
  entered: number;
  entryValue: Money;
  /** Set while the trade was entered in one fill (the usual case: no division needed). */
  entryPrice: Money | null;
  exited: number;
  exitValue: Money;
  exitPrice: Money | null;
  realized: Money;
  commission: Money;
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

  onFill(fill: Fill, effect: FillEffect): void {
    const { qtyBefore: before, qtyAfter: after } = effect;
    const trade = this.#open.get(fill.symbol);
    if (trade === undefined || before === 0) {
      this.#open.set(fill.symbol, opened(fill, fill.qty, effect.value, fill.commission));
      return;
    }
    if (Math.sign(after) === Math.sign(before) && Math.abs(after) > Math.abs(before)) {
      trade.entered += fill.qty;
      trade.entryValue = trade.entryValue.plus(effect.value);
      trade.entryPrice = null;
      trade.commission = trade.commission.plus(fill.commission);
      return;
    }
    const closing = Math.min(Math.abs(before), fill.qty);
    const flip = closing < fill.qty;
    const share = flip ? fill.commission.times(closing).div(fill.qty) : fill.commission;
    trade.exitPrice = trade.exited === 0 && closing === trade.entered ? fill.price : null;
    trade.exited += closing;
    const exitValue = flip ? fill.price.times(closing) : effect.value;
    trade.exitValue = trade.exited === closing ? exitValue : trade.exitValue.plus(exitValue);
    trade.realized = trade.realized === ZERO ? effect.realized : trade.realized.plus(effect.realized);
    trade.commission = trade.commission.plus(share);
    if (after !== 0 && !flip) return;
    this.#closed.push(record(fill.symbol, trade, fill.time));
    this.#open.delete(fill.symbol);
    if (flip) {
      const rest = fill.qty - closing;
      this.#open.set(fill.symbol, opened(fill, rest, fill.price.times(rest), fill.commission.minus(share)));
    }
  }

  /** Closed trades in exit order, then trades still open valued at `lastPrice(symbol)`. */
  trades(lastPrice: (symbol: string) => number): TradeRecord[] {
    const open = [...this.#open].map(([symbol, t]): TradeRecord => {
      const held = t.entered - t.exited;
      const last = lastPrice(symbol);
      // Unrealized on the shares still held, against their share of the entry value.
      const heldBasis = t.exited === 0 ? t.entryValue : t.entryValue.times(held).div(t.entered);
      const marked = Number.isFinite(last) ? money(last).times(held) : heldBasis;
      const unrealized = t.side === "long" ? marked.minus(heldBasis) : heldBasis.minus(marked);
      return { ...record(symbol, t, null), pnl: t.realized.plus(unrealized).minus(t.commission) };
    });
    return [...this.#closed, ...open];
  }
}

function opened(fill: Fill, qty: number, value: Money, commission: Money): OpenTrade {
  return {
    side: fill.side === "buy" ? "long" : "short",
    entryTime: fill.time,
    entered: qty,
    entryValue: value,
    entryPrice: fill.price,
    exited: 0,
    exitValue: ZERO,
    exitPrice: null,
    realized: ZERO,
    commission,
  };
}

function record(symbol: string, t: OpenTrade, exitTime: number | null): TradeRecord {
  const closed = exitTime !== null;
  return {
    symbol,
    side: t.side,
    qty: t.entered,
    entryTime: t.entryTime,
    entryPrice: t.entryPrice ?? t.entryValue.div(t.entered),
    exitTime,
    exitPrice: closed ? (t.exitPrice ?? t.exitValue.div(t.exited)) : null,
    pnl: t.realized.minus(t.commission),
    commission: t.commission,
  };
}
