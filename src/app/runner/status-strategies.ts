import type { StatusOrder } from "../../adapters/sqlite/status-repo.ts";
import type { StrategyPositionRow } from "../../adapters/sqlite/strategy-positions-repo.ts";
import { money, ZERO } from "../../core/money.ts";
import { TERMINAL_STATES } from "../../core/order.ts";
import { maskText } from "../../log/mask.ts";

export interface StrategyPositionView {
  readonly symbol: string;
  readonly qty: number;
  readonly avgCost: string;
  readonly lastPrice: number | null;
  readonly unrealizedPnl: string | null;
}

/** One strategy of one account: what it holds, what it made, what it has working. Money as decimal strings. */
export interface StrategyView {
  readonly strategy: string;
  readonly account: string;
  /** Open positions (flat symbols left out). */
  readonly positions: readonly StrategyPositionView[];
  readonly realized: string;
  readonly commissions: string;
  /** null when a held symbol has no price yet (unknown, never a made-up 0). */
  readonly unrealized: string | null;
  /** realized - commissions + unrealized; null when unrealized is unknown. */
  readonly pnl: string | null;
  readonly fills: number;
  /** Orders not final yet. */
  readonly openOrders: number;
  /** Orders created today and sent to the broker (pre-trade refusals not counted: see refusedToday). */
  readonly ordersToday: number;
  /** Orders the pre-trade checks refused today (stored for the trail, never sent). */
  readonly refusedToday: number;
}

/** Groups the strategy position rows (and today's orders) by account and strategy. */
export function strategyViews(
  rows: readonly StrategyPositionRow[],
  orders: readonly StatusOrder[],
  prices: Readonly<Record<string, { readonly price: number; readonly time: number }>>,
  /** Start of today (wall ms): `orders` also holds older orders still open. */
  dayStart: number,
): StrategyView[] {
  const groups = new Map<string, { account: string; strategy: string; list: StrategyPositionRow[] }>();
  for (const r of rows) {
    const key = `${r.account}\u0000${r.strategy}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { account: r.account, strategy: r.strategy, list: [] }));
    group.list.push(r);
  }
  // A strategy with orders today but no fill yet appears too.
  const named = new Set(rows.map((r) => r.strategy));
  for (const o of orders) {
    if (named.has(o.strategy)) continue;
    named.add(o.strategy);
    groups.set(`\u0000${o.strategy}`, { account: "", strategy: o.strategy, list: [] });
  }
  return [...groups.values()].map(({ account, strategy, list }) => {
    const positions = list.filter((r) => r.qty !== 0).map((r) => {
      const last = prices[r.symbol];
      return {
        symbol: r.symbol, qty: r.qty, avgCost: r.avgCost.toString(), lastPrice: last?.price ?? null,
        unrealizedPnl: last ? money(last.price).minus(r.avgCost).times(r.qty).round(2).toString() : null,
      };
    });
    const realized = list.reduce((s, r) => s.plus(r.realizedPnl), ZERO);
    const commissions = list.reduce((s, r) => s.plus(r.commissions), ZERO);
    const unrealized = positions.every((p) => p.unrealizedPnl !== null) ? positions.reduce((s, p) => s.plus(p.unrealizedPnl!), ZERO) : null;
    const own = orders.filter((o) => o.strategy === strategy);
    const today = own.filter((o) => o.createdAt >= dayStart);
    return {
      strategy,
      account: maskText(account),
      positions,
      realized: realized.toString(),
      commissions: commissions.toString(),
      unrealized: unrealized?.toString() ?? null,
      pnl: unrealized === null ? null : realized.minus(commissions).plus(unrealized).round(2).toString(),
      fills: list.reduce((n, r) => n + r.fills, 0),
      openOrders: own.filter((o) => !TERMINAL_STATES.has(o.state)).length,
      ordersToday: today.filter((o) => !o.refused).length,
      refusedToday: today.filter((o) => o.refused).length,
    };
  });
}
