import type { Fill } from "../../core/fill.ts";
import { ZERO } from "../../core/money.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { strategyOfKey } from "../../strategy/combine.ts";
import type { TradeRecord } from "../types.ts";
import { TradeLedger } from "./trade-ledger.ts";

/** One strategy's share of an account: its own fills booked as if it traded alone. */
export interface StrategyShare {
  readonly strategy: string;
  readonly fills: number;
  readonly trades: readonly TradeRecord[];
  /** Signed shares it holds at the end, by symbol (zero positions left out). */
  readonly positions: Readonly<Record<string, number>>;
  /** Realized P&L before commissions (float64, for display). */
  readonly realized: number;
  readonly commissions: number;
  /** Net P&L: realized + unrealized at the last prices - commissions. */
  readonly pnl: number;
}

/**
 * Splits an account's fills by the strategy that ordered them (named in each intent key) and
 * books each strategy's fills in a book of its own: positions, round trips and P&L per strategy.
 * The shares add up to the account (cash aside).
 */
export function sharesByStrategy(fills: readonly Fill[], lastPrice: (symbol: string) => number): StrategyShare[] {
  const groups = new Map<string, Fill[]>();
  for (const f of fills) {
    const name = strategyOfKey(f.orderKey) ?? "(unknown)";
    let list = groups.get(name);
    if (!list) groups.set(name, (list = []));
    list.push(f);
  }
  return [...groups].map(([strategy, own]) => {
    const book = new Portfolio(ZERO);
    const ledger = new TradeLedger();
    for (const f of own) ledger.onFill(f, book.applyFill(f));
    const positions: Record<string, number> = {};
    let unrealizedValue = 0;
    for (const p of book.positions()) {
      if (p.qty === 0) continue;
      positions[p.symbol] = p.qty;
      unrealizedValue += p.qty * lastPrice(p.symbol);
    }
    // Cash started at 0: what it holds now is every fill's cash flow, commissions included.
    const pnl = book.cash.toNumber() + unrealizedValue;
    return {
      strategy,
      fills: own.length,
      trades: ledger.trades(lastPrice),
      positions,
      realized: book.realized.toNumber(),
      commissions: book.commissions.toNumber(),
      pnl,
    };
  });
}
