import { money, type Money } from "../../core/money.ts";
import type { Stats } from "../stats/stats.ts";

// In-sample statistics between walk-forward workers and the pool (structured clone: no Big).

/** Stats with its exact-money fields as decimal strings. */
export type WireStats = { readonly [K in keyof Stats]: Stats[K] extends Money ? string : Stats[K] extends Money | null ? string | null : Stats[K] };

const MONEY_KEYS = ["grossProfit", "grossLoss", "avgWin", "avgLoss", "expectancy", "realizedPnl", "openPnl", "commissions", "tradedValue"] as const;

export function statsToWire(stats: Stats): WireStats {
  const out: Record<string, unknown> = { ...stats };
  for (const key of MONEY_KEYS) out[key] = stats[key] === null ? null : stats[key].toString();
  return out as WireStats;
}

export function statsFromWire(wire: WireStats): Stats {
  const out: Record<string, unknown> = { ...wire };
  for (const key of MONEY_KEYS) out[key] = wire[key] === null ? null : money(wire[key]);
  return out as unknown as Stats;
}
