import { UserError } from "../../core/errors.ts";
import { toNumber } from "../../core/money.ts";
import type { Stats } from "../stats/stats.ts";

/** A statistic to optimize in-sample, and which way is better. */
interface Objective {
  readonly higherIsBetter: boolean;
  /** Null when the statistic is undefined for a run (e.g. Sharpe with zero volatility). */
  score(stats: Stats): number | null;
}

/** No trade (closed or open) and no bar in the market: a grid point that stood aside. */
export function neverTraded(s: Stats): boolean {
  return s.trades + s.openTrades === 0 && !(s.exposure !== null && s.exposure > 0);
}

/**
 * A run that never traded has no score (null, so any run that traded beats it): standing aside
 * would otherwise be the best max drawdown (0) always, and the best total return or CAGR (0)
 * whenever every trading point lost money, so the optimizer would choose "don't trade".
 */
const whenTraded = (score: (s: Stats) => number | null) => (s: Stats) => (neverTraded(s) ? null : score(s));

export const OBJECTIVES = {
  sharpe: { higherIsBetter: true, score: whenTraded((s) => s.sharpe) },
  sortino: { higherIsBetter: true, score: whenTraded((s) => s.sortino) },
  calmar: { higherIsBetter: true, score: whenTraded((s) => s.calmar) },
  cagr: { higherIsBetter: true, score: whenTraded((s) => s.cagr) },
  totalReturn: { higherIsBetter: true, score: whenTraded((s) => s.totalReturn) },
  profitFactor: { higherIsBetter: true, score: whenTraded((s) => s.profitFactor) },
  winRate: { higherIsBetter: true, score: whenTraded((s) => s.winRate) },
  expectancy: { higherIsBetter: true, score: whenTraded((s) => (s.expectancy === null ? null : toNumber(s.expectancy))) },
  // A run that traded without any drawdown has the best possible value, not an unknown one.
  maxDrawdown: { higherIsBetter: false, score: whenTraded((s) => (s.bars === 0 ? null : (s.maxDrawdown?.depth ?? 0))) },
} as const satisfies Record<string, Objective>;

export type ObjectiveName = keyof typeof OBJECTIVES;

/** Accepts the stat name ("totalReturn") or its kebab-case form ("total-return"). */
export function parseObjective(text: string): ObjectiveName {
  const name = text.trim().replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  if (name in OBJECTIVES) return name as ObjectiveName;
  const names = Object.keys(OBJECTIVES).map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  throw new UserError(`walk-forward: --objective must be one of ${names.join(", ")}, got '${text}'`);
}

/**
 * True when score a beats score b. An undefined score (null) loses to any defined one; on a tie the
 * earlier candidate stays, so the choice is deterministic in grid order.
 */
export function beats(name: ObjectiveName, a: number | null, b: number | null): boolean {
  if (a === null) return false;
  if (b === null) return true;
  return OBJECTIVES[name].higherIsBetter ? a > b : a < b;
}
