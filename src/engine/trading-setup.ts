import { barSizeMs, type BarSize } from "../core/bar.ts";
import type { MarketSession } from "../core/calendar/index.ts";
import type { CommissionModelName } from "../core/commission/index.ts";
import type { CircuitBreakerOptions, RiskLimits } from "../core/risk/index.ts";
import type { Sizing } from "../core/sizing.ts";
import { UserError } from "../core/errors.ts";
import { configureStrategy } from "../strategy/registry.ts";
import type { ConfiguredStrategy, Direction, StrategyParams } from "../strategy/types.ts";

/** One strategy of an account: a registry name, its parameters, the symbols it trades. */
export interface StrategyEntry {
  readonly strategy: string;
  readonly params: StrategyParams;
  readonly symbols: readonly string[];
  /** A plug-in strategy's file (absolute path); absent for a built-in one. */
  readonly file?: string;
}

/** Protective exits, each in percent; 0 turns one off. */
export interface ExitRules {
  /** Close when the last close is this far against the average cost. */
  readonly stopLossPct: number;
  /** Close when the last close is this far in favour of the average cost. */
  readonly takeProfitPct: number;
  /** Close when the last close falls this far below the best close since entry (above, for a short). */
  readonly trailingStopPct: number;
}

/** The `[risk]` rules and the circuit breaker, as the pre-trade gate applies them. */
export interface RiskSetup {
  readonly limits: RiskLimits;
  readonly circuit: CircuitBreakerOptions;
  /** NYSE sessions in which orders may go out (config run.sessions); judged on intraday bars only. */
  readonly sessions: readonly MarketSession[];
}

/** Data validation (config `[data]`): every bar is checked before a strategy sees it. */
export interface ValidationSetup {
  readonly outlierSigma: number;
  readonly outlierMinMovePct: number;
  /** Live bars only: a bar older than this when it arrives is stale (a backtest never judges age). */
  readonly maxAgeMs: number;
}

export interface CostSetup {
  readonly commission: CommissionModelName;
  /** Adverse slippage on market and stop fills, basis points. */
  readonly slippageBps: number;
}

/**
 * Everything that decides what orders an account sends, built once from config + flags and
 * used as is by `backtest`, walk-forward, `run` (paper, ibkr, sim) and replay: the same setup on
 * the same bars gives the same orders. Plain data (names, numbers, lists), so it goes to a
 * Worker by structured clone and into the store as JSON.
 */
export interface TradingSetup {
  readonly strategies: readonly StrategyEntry[];
  readonly barSize: BarSize;
  readonly direction: Direction;
  readonly sizing: Sizing;
  /** null: `--no-risk` (research): no pre-trade rules, no circuit breaker, no session hours. */
  readonly risk: RiskSetup | null;
  readonly exits: ExitRules;
  /** null: `--no-validate`: bars go to the strategy unchecked. */
  readonly validation: ValidationSetup | null;
  readonly costs: CostSetup;
  /**
   * `--regime-filter bull,low-vol`: entries only in these rules regimes (docs/regime.md), of the
   * market index (`ctx.market.regime()`) or of each symbol; exits always pass. Absent: no filter.
   */
  readonly regimeFilter?: { readonly filter: string; readonly source: "market" | "symbol" } | undefined;
}

export const NO_EXITS: ExitRules = { stopLossPct: 0, takeProfitPct: 0, trailingStopPct: 0 };

/** Whether any protective exit is on. */
export function hasExits(exits: ExitRules): boolean {
  return exits.stopLossPct > 0 || exits.takeProfitPct > 0 || exits.trailingStopPct > 0;
}

/** Every symbol the setup trades, in entry order, each once. */
export function setupSymbols(setup: TradingSetup): string[] {
  return [...new Set(setup.strategies.flatMap((e) => e.symbols))];
}

/**
 * Session hours apply to intraday bars: a daily bar's decision is made after the close, so
 * `run.sessions` would refuse every daily signal. Said in docs/pipeline.md.
 */
export function sessionsApply(setup: Pick<TradingSetup, "barSize">): boolean {
  return barSizeMs(setup.barSize) < 86_400_000;
}

/**
 * The setup's strategy, configured from the registry. One strategy per account for now: a
 * setup lists entries so several can share an account later.
 */
export function setupStrategy(setup: TradingSetup): ConfiguredStrategy {
  if (setup.strategies.length !== 1) {
    throw new UserError(`a trading setup runs one strategy per account for now, got ${setup.strategies.length} (${setup.strategies.map((e) => e.strategy).join(", ")})`);
  }
  const entry = setup.strategies[0]!;
  return configureStrategy(entry.strategy, entry.params);
}

/**
 * A setup with nothing between strategy and broker: no risk rules, exits or validation
 * (`--no-risk --no-validate`): research, benchmarks and tests of the bare engine.
 */
export function plainSetup(o: { sizing: Sizing; direction?: Direction; commission?: CommissionModelName; slippageBps?: number; barSize?: BarSize; strategies?: readonly StrategyEntry[] }): TradingSetup {
  return {
    strategies: o.strategies ?? [],
    barSize: o.barSize ?? "1d",
    direction: o.direction ?? "long-only",
    sizing: o.sizing,
    risk: null,
    exits: NO_EXITS,
    validation: null,
    costs: { commission: o.commission ?? "ib-fixed", slippageBps: o.slippageBps ?? 0 },
  };
}
