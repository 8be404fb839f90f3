import type { AppConfig } from "../../config/schema.ts";
import type { BarSize } from "../../core/bar.ts";
import { commissionModel, type CommissionModelName } from "../../core/commission/index.ts";
import { UserError } from "../../core/errors.ts";
import type { RiskLimits } from "../../core/risk/index.ts";
import { validateSizing, type Sizing } from "../../core/sizing.ts";
import { NO_EXITS, type ExitRules, type StrategyEntry, type TradingSetup } from "../../engine/trading-setup.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import { parseRegimeFilter } from "../../regime/regime-filter.ts";
import type { ConfiguredStrategy, Direction } from "../../strategy/types.ts";

/** Risk limits a flag may override (the `[risk]` keys of the same name). */
export type RiskOverrides = Partial<Pick<RiskLimits, "maxOpenPositions" | "maxPositionValue" | "maxPositionPct" | "maxOrderValue" | "maxDailyTradesPerSymbol" | "dailyLossLimit" | "duplicateWindowMinutes">>;

/** What flags change in the configured setup; anything absent comes from config. */
export interface SetupOverrides {
  /** A registry name (checked with `params`), or a strategy already configured (tests, custom strategies). */
  readonly strategy: string | ConfiguredStrategy;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly barSize?: BarSize;
  readonly direction?: Direction;
  readonly sizing?: Sizing | undefined;
  /** `--no-risk`: no pre-trade rules, no session hours, no circuit breaker, and no exits unless an exit flag is given. */
  readonly noRisk?: boolean;
  /** `--no-validate`: bars reach the strategy unchecked. */
  readonly noValidate?: boolean;
  readonly exits?: Partial<ExitRules>;
  readonly risk?: RiskOverrides;
  readonly commission?: CommissionModelName | undefined;
  readonly slippageBps?: number | undefined;
  /** `--regime-filter` (rules regimes; docs/regime.md). */
  readonly regimeFilter?: { readonly filter: string; readonly source: "market" | "symbol" } | undefined;
}

/**
 * The one TradingSetup of a `backtest`, walk-forward or `run`, from config + flags. Sizing:
 * a sizing flag, else config run.qty (shares) or run.cash_per_trade (USD). Risk, exits,
 * validation and costs: config, each overridable by its flag.
 */
export function buildTradingSetup(config: AppConfig, o: SetupOverrides): TradingSetup {
  const strategy = typeof o.strategy === "string" ? configureStrategy(o.strategy, o.params ?? {}) : o.strategy;
  if (o.sizing) validateSizing(o.sizing);
  const sizing: Sizing = o.sizing ?? (config.run.qty > 0 ? { kind: "qty", qty: config.run.qty } : { kind: "cash", amount: config.run.cashPerTrade });
  const slippageBps = o.slippageBps ?? config.run.slippageBps;
  if (!(Number.isFinite(slippageBps) && slippageBps >= 0)) throw new UserError(`--slippage-bps must be >= 0, got ${slippageBps}`);
  // 10000 bps is 100%: a sell would fill at a price of zero or below (and pay a negative commission).
  if (slippageBps >= 10_000) throw new UserError(`--slippage-bps must be below 10000 (100%), got ${slippageBps}; 100 bps = 1%`);
  const commission = o.commission ?? config.run.commission;
  commissionModel(commission);
  const risk = config.risk;
  const configured: ExitRules = { stopLossPct: risk.stopLossPct, takeProfitPct: risk.takeProfitPct, trailingStopPct: risk.trailingStopPct };
  const exits: ExitRules = { ...(o.noRisk ? NO_EXITS : configured), ...definedOnly(o.exits ?? {}) };
  for (const [name, flag] of [["stopLossPct", "--stop-loss-pct"], ["takeProfitPct", "--take-profit-pct"], ["trailingStopPct", "--trailing-stop-pct"]] as const) {
    const v = exits[name];
    if (!(Number.isFinite(v) && v >= 0 && v < 100)) throw new UserError(`${flag} must be a percentage in [0, 100) (0 = off), got ${v}`);
  }
  const limits: RiskLimits = {
    maxOpenPositions: risk.maxOpenPositions,
    maxPositionValue: risk.maxPositionValue,
    maxPositionPct: risk.maxPositionPct,
    maxOrderValue: risk.maxOrderValue,
    maxDailyTradesPerSymbol: risk.maxDailyTradesPerSymbol,
    duplicateWindowMinutes: risk.duplicateWindowMinutes,
    dailyLossLimit: risk.dailyLossLimit,
    killSwitchAllowsReducing: risk.killSwitchAllowsReducing,
    maxCorrelatedExposurePct: risk.maxCorrelatedExposurePct,
    correlationThreshold: risk.correlationThreshold,
    ...definedOnly(o.risk ?? {}),
  };
  return {
    // Several strategies in one account ([[strategies]]): one entry each, with its own symbols.
    strategies: strategy.members ? strategy.members.map((m) => entryOf(m.strategy, m.symbols)) : [entryOf(strategy, o.symbols)],
    barSize: o.barSize ?? config.run.barSize,
    direction: o.direction ?? "long-only",
    sizing,
    risk: o.noRisk ? null : { limits, circuit: { ...config.circuitBreaker }, sessions: [...config.run.sessions] },
    exits,
    validation: o.noValidate ? null : { outlierSigma: config.data.outlierSigma, outlierMinMovePct: config.data.outlierMinMovePct, maxAgeMs: config.data.maxAgeMs },
    costs: { commission, slippageBps },
    ...(o.regimeFilter ? { regimeFilter: checkedRegimeFilter(o.regimeFilter) } : {}),
  };
}

function checkedRegimeFilter(f: { readonly filter: string; readonly source: "market" | "symbol" }): { filter: string; source: "market" | "symbol" } {
  const parsed = parseRegimeFilter(f.filter);
  if (!parsed.ok) throw new UserError(`--regime-filter: ${parsed.error}`);
  return { filter: parsed.filter.text, source: f.source };
}

/** The setup trading only `symbols` (the simulator may serve fewer than asked): one entry gets them all, several keep theirs that remain. */
export function withSymbols(setup: TradingSetup, symbols: readonly string[]): TradingSetup {
  if (setup.strategies.length === 1) return { ...setup, strategies: setup.strategies.map((e) => ({ ...e, symbols: [...symbols] })) };
  const traded = new Set(symbols);
  return { ...setup, strategies: setup.strategies.map((e) => ({ ...e, symbols: e.symbols.filter((s) => traded.has(s)) })) };
}

function entryOf(strategy: ConfiguredStrategy, symbols: readonly string[]): StrategyEntry {
  return {
    strategy: strategy.name,
    // Plain values only: the setup is JSON (store, replay) and structured clone (workers); a
    // strategy's loaded objects (an ml model source) stay with the configured strategy.
    params: Object.fromEntries(Object.entries(strategy.params).filter(([, v]) => ["number", "string", "boolean"].includes(typeof v))),
    symbols: [...symbols],
    ...(strategy.file !== undefined ? { file: strategy.file } : {}),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
