import type { Bar } from "../core/bar.ts";
import type { DataValidator } from "../core/data-validation/index.ts";
import { protectiveExits, type ExitOptions } from "../core/risk/index.ts";
import type { Engine } from "../engine/engine.ts";
import type { MarketDataSink } from "../engine/ports.ts";
import type { Logger } from "../log/logger.ts";
import type { RiskGate } from "../engine/risk-gate.ts";
import type { RunMetrics } from "./run-live-metrics.ts";

export interface RunSinkOptions {
  readonly engine: Engine;
  readonly symbols: readonly string[];
  readonly validator: DataValidator;
  readonly gate: RiskGate;
  readonly metrics: RunMetrics;
  /** Last accepted close per symbol; the risk rules read it. */
  readonly prices: Map<string, number>;
  readonly exits: ExitOptions;
  /** Every accepted live price (the status page's last prices). */
  readonly onPrice?: (symbol: string, price: number, time: number) => void;
  readonly now: () => number;
  /** The market time a live bar's age is judged at (a replay clock skips nights); default `now()`. */
  readonly ageAt?: (barTime: number) => number;
  /** History bars (backfill): validated without an age check, fed to the strategy for warm-up. */
  readonly isBackfill: (slot: number, bar: Bar) => boolean;
  /** performance.now() of the current bar's arrival. */
  readonly arrivedAt: () => number;
  /** A time step with at least one live bar has closed (after the engine's own timeEnd). */
  readonly onStepClosed?: (time: number) => void;
  /** A stop-loss / take-profit exit was submitted (key) or refused (undefined). */
  readonly onExit?: (symbol: string, exit: { reason: string; barTime: number; lastPrice: number; trigger: string; qty: number }, key: string | undefined) => void;
  readonly log: Logger;
}

/**
 * Between the live market data and the engine: every bar through the data validator
 * (rejected ones are counted, logged and never reach a strategy), the circuit breaker told
 * of good and bad live data, prices kept for the risk rules, then the engine (broker
 * matching, indicators, strategy), then the stop-loss / take-profit scan for the symbol.
 */
export class RunSink implements MarketDataSink {
  readonly #o: RunSinkOptions;
  #rejectedLogged = 0;
  #liveInStep = false;

  constructor(options: RunSinkOptions) {
    this.#o = options;
  }

  bar(slot: number, bar: Bar): void {
    const o = this.#o;
    const symbol = o.symbols[slot]!;
    const backfill = o.isBackfill(slot, bar);
    const check = o.validator.checkBar(symbol, bar, backfill ? undefined : o.ageAt ? o.ageAt(bar.time) : o.now());
    if (check.kind === "rejected") {
      o.metrics.rejectedData.inc(check.reason);
      // Loud for the first few, then quiet: a broken feed must not flood the log.
      if (this.#rejectedLogged++ < 20) o.log.warn(`data rejected (${check.reason}) ${symbol} bar ${new Date(bar.time).toISOString()}: ${check.detail}`);
      if (!backfill) o.gate.recordFailure(`data ${check.reason} on ${symbol}`);
      return;
    }
    o.prices.set(symbol, bar.close);
    o.engine.bar(slot, bar);
    o.metrics.bars.record(Date.now());
    if (backfill) return;
    this.#liveInStep = true;
    o.metrics.dataToSignal.record(performance.now() - o.arrivedAt());
    o.gate.recordSuccess();
    o.onPrice?.(symbol, bar.close, bar.time);
    this.#protect(slot, symbol, bar);
  }

  timeEnd(time: number): void {
    this.#o.engine.timeEnd(time);
    this.#o.gate.observe(this.#o.engine.equity(), this.#liveInStep);
    if (!this.#liveInStep) return;
    this.#liveInStep = false;
    this.#o.onStepClosed?.(time);
  }

  #protect(slot: number, symbol: string, bar: Bar): void {
    const { engine, exits, prices, log } = this.#o;
    const position = engine.portfolio.position(symbol);
    if (!position) return;
    const closing = position.qty > 0 ? "sell" : "buy";
    if (engine.openOrdersAt(slot).some((o) => o.side === closing)) return; // an exit is already working
    for (const exit of protectiveExits([position], prices, exits).exits) {
      log.info(`${exit.reason} on ${symbol}: last ${exit.lastPrice} crossed ${exit.trigger}; closing ${position.qty}`);
      const key = engine.submitFrom(slot, exit.request, bar.time);
      this.#o.onExit?.(symbol, { reason: exit.reason, barTime: bar.time, lastPrice: exit.lastPrice, trigger: exit.trigger, qty: exit.request.qty }, key);
    }
  }
}
