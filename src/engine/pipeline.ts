import { barSizeMs, type Bar } from "../core/bar.ts";
import { DataValidator } from "../core/data-validation/index.ts";
import type { OrderUpdate, Refusal } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import type { OrderIntent } from "../core/order.ts";
import type { FillEffect, Portfolio } from "../core/portfolio.ts";
import type { ConfiguredStrategy } from "../strategy/types.ts";
import { Engine, type EquityRecorder } from "./engine.ts";
import { ExitWatch } from "./exit-watch.ts";
import { LastPrices } from "./last-prices.ts";
import type { MarketRegimeSource } from "./market-view.ts";
import { PipelineSink, type PipelineHooks } from "./pipeline-sink.ts";
import type { Broker, PreTradeCheck, Store } from "./ports.ts";
import { RiskGate, WARM_UP_RULE, type KillSwitch, type RiskGateOptions } from "./risk-gate.ts";
import { hasExits, sessionsApply, type TradingSetup } from "./trading-setup.ts";
import { regimeFilterGate } from "./regime-gate.ts";

export interface PipelineOptions {
  readonly setup: TradingSetup;
  /** The setup's strategy, configured (and possibly wrapped: signal recorder, walk-forward switching). */
  readonly strategy: ConfiguredStrategy;
  /** Slot i is symbols[i]; the market data must use the same order. */
  readonly symbols: readonly string[];
  readonly broker: Broker;
  readonly portfolio: Portfolio;
  readonly store?: Store | undefined;
  /** Market time: the replay or wall clock live, the current bar's end in a backtest. */
  readonly now: () => number;
  readonly killSwitch: KillSwitch;
  /** History bars only warm up: live backfill, a backtest's bars before its range. */
  readonly isHistory: (slot: number, bar: Bar) => boolean;
  /** An intent decided on a history bar (refused as warm-up, never an order). */
  readonly isWarmUp: (intent: OrderIntent) => boolean;
  /** Live: the market time a bar's age is judged at. Absent: age is not judged. */
  readonly ageAt?: ((barTime: number) => number) | undefined;
  /** Live: the stale limit, when the driver widens config data.max_age_ms (a fast replay). */
  readonly maxAgeMs?: number | undefined;
  /** Checks before the risk gate (live: signal timing, the reconciliation gate). */
  readonly checksBefore?: readonly PreTradeCheck[];
  /** Live extras for the gate: a paused connection, the broker's account values, stored baselines. */
  readonly gate?: Partial<Pick<RiskGateOptions, "paused" | "account" | "baselines" | "note" | "correlation">>;
  /** Told every refusal of the risk gate but warm-up ones. */
  readonly onRefusal?: (intent: OrderIntent, refusal: Refusal) => void;
  readonly periodsPerYear?: number | undefined;
  /** The market index for `ctx.market.regime()` (engine.ts). */
  readonly marketRegime?: MarketRegimeSource | undefined;
  readonly recorder?: EquityRecorder | undefined;
  readonly onFill?: ((fill: Fill, effect: FillEffect) => void) | undefined;
  readonly onOrderUpdate?: ((update: OrderUpdate) => void) | undefined;
  /** Whether refused intents also reach onOrderUpdate as "rejected" (Engine's refusalUpdates; default true). */
  readonly refusalUpdates?: boolean;
  readonly hooks?: PipelineHooks;
}

export interface Pipeline {
  readonly engine: Engine;
  /** Undefined under `--no-risk`. */
  readonly gate: RiskGate | undefined;
  /** Undefined under `--no-validate`. */
  readonly validator: DataValidator | undefined;
  /** Where the market data delivers bars. */
  readonly sink: PipelineSink;
  /** Last accepted close per symbol. */
  readonly prices: LastPrices;
}

/** Steps of returns behind risk.max_correlated_exposure_pct's correlations. */
export const CORRELATION_LOOKBACK = 60;

const WARM_UP: Refusal = { kind: "refused", rule: WARM_UP_RULE, reason: "signal on a history bar: warm-up only" };

/**
 * One account's trading pipeline from its TradingSetup, the same for every driver: the data
 * validator, the engine with the setup's strategy and sizing, the risk gate with every `[risk]`
 * rule, and the protective exits. Drivers differ only in what they pass in: the broker (simulated,
 * paper, IB), the clock, which bars are history, and their own hooks (logs, metrics, the store).
 */
export function buildPipeline(o: PipelineOptions): Pipeline {
  const { setup } = o;
  const barMs = barSizeMs(setup.barSize);
  const prices = new LastPrices(o.symbols);
  const risk = setup.risk;
  const onRefusal = o.onRefusal;
  // max-correlated-exposure needs rolling correlations: the engine keeps them (60 steps) unless the driver brings its own.
  const ownCorrelation = risk?.limits.maxCorrelatedExposurePct !== undefined && o.gate?.correlation === undefined;
  let engineRef: Engine | undefined;
  const gate = risk
    ? new RiskGate({
        limits: risk.limits,
        ...(sessionsApply(setup) ? { sessions: risk.sessions } : {}),
        circuit: risk.circuit,
        now: o.now,
        // Judged at the end of the signal bar, so a replay of the same bars judges alike.
        decisionDelayMs: barMs,
        killSwitch: o.killSwitch,
        prices,
        isWarmUp: o.isWarmUp,
        ...(ownCorrelation ? { correlation: (a: string, b: string) => engineRef?.correlation(a, b) ?? NaN } : {}),
        ...o.gate,
        ...(onRefusal ? { onRefusal } : {}),
      })
    : undefined;
  const warmUp: PreTradeCheck = { name: WARM_UP_RULE, check: (intent) => (o.isWarmUp(intent) ? WARM_UP : undefined) };
  // --no-risk: only history bars are refused (they were never orders).
  const last: PreTradeCheck = gate ?? warmUp;
  const regime = setup.regimeFilter ? regimeFilterGate(setup.regimeFilter, () => engineRef) : undefined;
  const exits = hasExits(setup.exits) ? setup.exits : undefined;
  let watch: ExitWatch | undefined;
  const slotOf = new Map(o.symbols.map((symbol, slot) => [symbol, slot]));
  const engine = new Engine({
    strategy: o.strategy,
    symbols: o.symbols,
    broker: o.broker,
    portfolio: o.portfolio,
    sizing: setup.sizing,
    direction: setup.direction,
    checks: [...(o.checksBefore ?? []), ...(regime ? [regime] : []), last],
    ...(o.store ? { store: o.store } : {}),
    ...(o.periodsPerYear !== undefined ? { periodsPerYear: o.periodsPerYear } : {}),
    ...(o.marketRegime ? { marketRegime: o.marketRegime } : {}),
    ...(ownCorrelation ? { correlationLookback: CORRELATION_LOOKBACK } : {}),
    ...(o.recorder ? { recorder: o.recorder } : {}),
    onFill: (fill, effect) => {
      if (watch !== undefined) {
        const slot = slotOf.get(fill.symbol);
        if (slot !== undefined) watch.touched(slot);
      }
      o.onFill?.(fill, effect);
    },
    ...(o.onOrderUpdate ? { onOrderUpdate: o.onOrderUpdate } : {}),
    ...(o.refusalUpdates !== undefined ? { refusalUpdates: o.refusalUpdates } : {}),
  });
  engineRef = engine;
  if (exits) watch = new ExitWatch({ rules: exits, books: o.portfolio, symbols: o.symbols });
  gate?.attach(() => engine.workingIntents());
  const validation = setup.validation;
  const validator = validation
    ? new DataValidator({ barMs, maxAgeMs: o.maxAgeMs ?? validation.maxAgeMs, outlierSigma: validation.outlierSigma, outlierMinMovePct: validation.outlierMinMovePct })
    : undefined;
  const sink = new PipelineSink({
    engine, symbols: o.symbols, validator, gate, exits: watch, holders: o.strategy.holders, prices, isHistory: o.isHistory, ageAt: o.ageAt,
    ...(o.hooks ? { hooks: o.hooks } : {}),
  });
  return { engine, gate, validator, sink, prices };
}
