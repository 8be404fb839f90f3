import type { Refusal } from "../core/events.ts";
import type { OrderIntent } from "../core/order.ts";

/** Risk limits of one strategy of an account, besides the account's own [risk] rules. */
export interface StrategyLimits {
  /** USD: the strategy's position in one symbol after the order, at the order's price. */
  readonly maxPositionValue?: number | undefined;
  /** Symbols the strategy may hold at once. */
  readonly maxOpenPositions?: number | undefined;
}

/** A pre-trade check as the engine runs it (engine/ports.ts PreTradeCheck has this shape). */
export interface StrategyCheck {
  readonly name: string;
  check(intent: OrderIntent): Refusal | undefined;
  /** The engine hands over its working orders (the account's, every strategy's). */
  attach?(openOrders: () => readonly OrderIntent[]): void;
}

/** What each strategy of a combined account holds, by symbol, and the last close seen per symbol. */
export class StrategyBooks {
  readonly #held = new Map<string, Map<string, number>>();
  readonly #last = new Map<string, number>();

  held(strategy: string, symbol: string): number {
    return this.#held.get(strategy)?.get(symbol) ?? 0;
  }

  add(strategy: string, symbol: string, signed: number): void {
    let own = this.#held.get(strategy);
    if (!own) this.#held.set(strategy, (own = new Map()));
    const next = (own.get(symbol) ?? 0) + signed;
    if (next === 0) own.delete(symbol);
    else own.set(symbol, next);
  }

  /** Who holds `symbol`, in the order they first traded: each strategy's signed shares. */
  holders(symbol: string): { strategy: string; qty: number }[] {
    const out: { strategy: string; qty: number }[] = [];
    for (const [strategy, own] of this.#held) {
      const qty = own.get(symbol);
      if (qty !== undefined) out.push({ strategy, qty });
    }
    return out;
  }

  openCount(strategy: string): number {
    return this.#held.get(strategy)?.size ?? 0;
  }

  /** The symbols `strategy` holds or has a working order in, besides `except`. */
  openSymbols(strategy: string, working: readonly OrderIntent[], except: string): number {
    const symbols = new Set(this.#held.get(strategy)?.keys());
    for (const o of working) if (o.strategy === strategy) symbols.add(o.symbol);
    symbols.delete(except);
    return symbols.size;
  }

  mark(symbol: string, close: number): void {
    this.#last.set(symbol, close);
  }

  lastClose(symbol: string): number {
    return this.#last.get(symbol) ?? NaN;
  }
}

/**
 * Refuses an order of a strategy that would take its own position past its limits. Orders that
 * only reduce its position always pass (exits must get out).
 */
export function strategyLimitsCheck(books: StrategyBooks, limits: ReadonlyMap<string, StrategyLimits>): StrategyCheck {
  let working: () => readonly OrderIntent[] = () => [];
  return {
    name: "strategy-limits",
    attach(openOrders) {
      working = openOrders;
    },
    check(intent) {
      const l = limits.get(intent.strategy);
      if (l === undefined) return undefined;
      const held = books.held(intent.strategy, intent.symbol);
      const after = held + (intent.side === "buy" ? intent.qty : -intent.qty);
      if (Math.abs(after) <= Math.abs(held) && Math.sign(after) !== -Math.sign(held)) return undefined;
      // Symbols with a working order count as held: two entries sent on one bar count against each other.
      const open = l.maxOpenPositions !== undefined && held === 0 ? books.openSymbols(intent.strategy, working(), intent.symbol) : 0;
      if (l.maxOpenPositions !== undefined && held === 0 && open >= l.maxOpenPositions) {
        return {
          kind: "refused", rule: "strategy-max-open-positions", limit: l.maxOpenPositions, actual: open,
          reason: `strategy ${intent.strategy} already holds or is entering ${open} symbols, its limit is ${l.maxOpenPositions}`,
        };
      }
      const price = intent.limitPrice ?? intent.stopPrice ?? books.lastClose(intent.symbol);
      const value = Math.abs(after) * price;
      if (l.maxPositionValue !== undefined && Number.isFinite(value) && value > l.maxPositionValue) {
        return {
          kind: "refused", rule: "strategy-max-position-value", limit: l.maxPositionValue.toFixed(2), actual: value.toFixed(2),
          reason: `strategy ${intent.strategy}'s ${intent.symbol} position would be worth ${value.toFixed(2)} USD, its limit is ${l.maxPositionValue.toFixed(2)}`,
        };
      }
      return undefined;
    },
  };
}
