import type { TradeRecord } from "../types.ts";
import { attribution, type Attribution } from "./attribution.ts";
import { tradeHabits, type TradeHabits } from "./habits.ts";
import { benchmarkRelative, type BenchmarkRelative } from "./relative.ts";
import { rollingSeries, thinRolling, thinRollingSeries, type RollingSeries } from "./rolling.ts";

export interface PortfolioAnalytics {
  readonly riskFreeRate: number;
  readonly attribution: Attribution;
  readonly rolling: RollingSeries;
  /** null without --benchmark. */
  readonly benchmark: BenchmarkRelative | null;
  readonly habits: TradeHabits;
}

export interface AnalyticsInput {
  readonly time: ArrayLike<number>;
  readonly equity: ArrayLike<number>;
  readonly trades: readonly TradeRecord[];
  readonly strategyOf: (trade: TradeRecord) => string;
  readonly regimeAt?: ((time: number) => string | undefined) | undefined;
  readonly benchmark?: { readonly symbol: string; readonly time: ArrayLike<number>; readonly close: ArrayLike<number> } | undefined;
  readonly barsPerYear: number;
  /** Annual, e.g. 0.04. */
  readonly riskFreeRate: number;
  /** Rolling window in bars (default: about three months of the run's bars, at least 20). */
  readonly window?: number;
}

/**
 * Portfolio analytics from what any run leaves behind (equity at each close and the trades):
 * the same function serves backtests and live runs read back from the store.
 */
export function portfolioAnalytics(input: AnalyticsInput): PortfolioAnalytics {
  const window = input.window ?? Math.max(20, Math.round(input.barsPerYear / 4));
  const b = input.benchmark;
  // The rolling series (three arrays as long as the run) is computed when first read, by the
  // report or --json: a plain backtest of a million bars does not pay for it.
  let rolling: RollingSeries | undefined;
  const options = { window, barsPerYear: input.barsPerYear, riskFreeRate: input.riskFreeRate };
  const out = {
    riskFreeRate: input.riskFreeRate,
    attribution: attribution({ trades: input.trades, strategyOf: input.strategyOf, regimeAt: input.regimeAt }),
    rolling: undefined as unknown as RollingSeries,
    benchmark: b
      ? benchmarkRelative({ symbol: b.symbol, time: input.time, equity: input.equity, benchmarkTime: b.time, benchmarkClose: b.close, barsPerYear: input.barsPerYear, riskFreeRate: input.riskFreeRate })
      : null,
    habits: tradeHabits(input.trades, input.time),
  };
  Object.defineProperty(out, "rolling", {
    enumerable: true,
    get: () => (rolling ??= rollingSeries(input.time, input.equity, options)),
  });
  // --json wants the series thinned: made without the full one unless that is already there.
  thinned.set(out, (maxPoints) => (rolling ? thinRolling(rolling, maxPoints) : thinRollingSeries(input.time, input.equity, options, maxPoints)));
  return out;
}

/** How each analytics object thins its rolling series (kept beside it: the object itself stays plain data). */
const thinned = new WeakMap<PortfolioAnalytics, (maxPoints: number) => RollingSeries>();

/** thinRolling(a.rolling, maxPoints), without the series at every bar when it was not made yet. */
export function thinnedRolling(a: PortfolioAnalytics, maxPoints: number): RollingSeries {
  return thinned.get(a)?.(maxPoints) ?? thinRolling(a.rolling, maxPoints);
}

/**
 * `a` with attribution by strategy taken from `own` (each strategy's own book), everything else
 * as in `a` and still made when first read: a spread would compute every lazy figure now.
 */
export function withByStrategy(a: PortfolioAnalytics, own: Attribution): PortfolioAnalytics {
  const attributionCopy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(a.attribution)) as Attribution;
  Object.defineProperty(attributionCopy, "byStrategy", { enumerable: true, configurable: true, get: () => own.byStrategy });
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(a)) as PortfolioAnalytics;
  Object.defineProperty(copy, "attribution", { enumerable: true, configurable: true, writable: false, value: attributionCopy });
  const thin = thinned.get(a);
  if (thin) thinned.set(copy, thin);
  return copy;
}
