import type { Fill } from "../core/fill.ts";
import { money, ZERO, type Money } from "../core/money.ts";
import type { FillEffect } from "../core/portfolio.ts";
import type { TradeRecord } from "./types.ts";

interface OpenTrade {
  readonly side: "long" | "short";
  readonly entryTime: number;
  entered: number;
  entryValue: Money;
  exited: number;
  exitValue: Money;
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
    let remaining = fill.qty;
    let commissionLeft = fill.commission;
    if (before !== 0 && Math.sign(after) !== Math.sign(before)) {
      // Reduces to 0 or flips: this fill closes the open trade.
      const closing = Math.abs(before);
      const share = closing === fill.qty ? commissionLeft : fill.commission.times(closing).div(fill.qty);
      const trade = this.#open.get(fill.symbol)!;
      this.#reduce(trade, closing, fill.price, effect.realized, share);
      this.#closed.push(record(fill.symbol, trade, fill.time, trade.exitValue.div(trade.exited)));
      this.#open.delete(fill.symbol);
      remaining -= closing;
      commissionLeft = commissionLeft.minus(share);
      if (remaining === 0) return;
    } else if (before !== 0 && Math.abs(after) < Math.abs(before)) {
      this.#reduce(this.#open.get(fill.symbol)!, fill.qty, fill.price, effect.realized, commissionLeft);
      return;
    }
    const trade = this.#open.get(fill.symbol);
    if (trade) {
      trade.entered += remaining;
      trade.entryValue = trade.entryValue.plus(fill.price.times(remaining));
      trade.commission = trade.commission.plus(commissionLeft);
      return;
    }
    this.#open.set(fill.symbol, {
      side: after > 0 ? "long" : "short",
      entryTime: fill.time,
      entered: remaining,
      entryValue: fill.price.times(remaining),
      exited: 0,
      exitValue: ZERO,
      realized: ZERO,
      commission: commissionLeft,
    });
  }

  /** Closed trades in exit order, then trades still open valued at `lastPrice(symbol)`. */
  trades(lastPrice: (symbol: string) => number): TradeRecord[] {
    const open = [...this.#open].map(([symbol, t]) => {
      const held = t.entered - t.exited;
      const avg = t.entryValue.div(t.entered);
      const last = lastPrice(symbol);
      const unrealized = Number.isFinite(last) ? money(last).minus(avg).times(held).times(t.side === "long" ? 1 : -1) : ZERO;
      return { ...record(symbol, t, null, null), pnl: t.realized.plus(unrealized).minus(t.commission) };
    });
    return [...this.#closed, ...open];
  }

  #reduce(trade: OpenTrade, qty: number, price: Money, realized: Money, commission: Money): void {
    trade.exited += qty;
    trade.exitValue = trade.exitValue.plus(price.times(qty));
    trade.realized = trade.realized.plus(realized);
    trade.commission = trade.commission.plus(commission);
  }
}

function record(symbol: string, t: OpenTrade, exitTime: number | null, exitPrice: Money | null): TradeRecord {
  return {
    symbol,
    side: t.side,
    qty: t.entered,
    entryTime: t.entryTime,
    entryPrice: t.entryValue.div(t.entered),
    exitTime,
    exitPrice,
    pnl: t.realized.minus(t.commission),
    commission: t.commission,
  };
}
