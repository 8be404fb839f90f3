import type { Fill } from "../../core/fill.ts";
import type { OrderRequest } from "../../core/order.ts";
import type { StreamingIndicator } from "../../indicators/types.ts";
import { PassContext } from "../../strategy/pass-context.ts";
import type { ConfiguredStrategy, Strategy, StrategyContext, SubmitResult } from "../../strategy/types.ts";

/** One decision as the signals table keeps it (kind: the order's side). */
export interface Decision {
  readonly symbol: string;
  readonly kind: string;
  readonly value: Record<string, unknown>;
}

export interface SignalTapOptions {
  /** Told of every decision made on a live bar. */
  readonly record: (decision: Decision) => void;
  /** History (backfill) bars only warm the strategy up: their decisions are not signals. */
  readonly isHistory: (symbol: string, barTime: number) => boolean;
}

/**
 * Wraps a configured strategy so each of its decisions is recorded without touching the
 * engine: the indicators it asks for are remembered, and every `submit` through its context
 * becomes a signal with the bar, the indicator values and the outcome (the intent key, or
 * the rule that refused it). The strategy itself, its indicators and its orders are unchanged.
 */
export function tapSignals(inner: ConfiguredStrategy, o: SignalTapOptions): ConfiguredStrategy {
  return {
    name: inner.name,
    params: inner.params,
    // A portfolio strategy's orders are not tapped (no per-symbol context to watch).
    ...(inner.createPortfolio ? { createPortfolio: inner.createPortfolio } : {}),
    // Several strategies' own limits stay in force.
    ...(inner.checks ? { checks: inner.checks } : {}),
    create(setup) {
      const indicators = new Map<string, StreamingIndicator>();
      const strategy = inner.create({
        symbol: setup.symbol,
        direction: setup.direction,
        universe: setup.universe,
        indicator(id, symbol) {
          const indicator = setup.indicator(id, symbol);
          if (symbol === undefined || symbol === setup.symbol) indicators.set(id, indicator);
          return indicator;
        },
      });
      return new TappedStrategy(strategy, new TapContext(indicators, o));
    },
  };
}

class TappedStrategy implements Strategy {
  readonly #inner: Strategy;
  readonly #ctx: TapContext;

  constructor(inner: Strategy, ctx: TapContext) {
    this.#inner = inner;
    this.#ctx = ctx;
  }

  onBar(ctx: StrategyContext): void {
    this.#ctx.inner = ctx;
    this.#inner.onBar(this.#ctx);
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    this.#ctx.inner = ctx;
    this.#inner.onFill?.(fill, this.#ctx);
  }
}

/** The engine's context for the current bar, with `submit` observed. One per symbol, reused. */
class TapContext extends PassContext {
  readonly #indicators: ReadonlyMap<string, StreamingIndicator>;
  readonly #o: SignalTapOptions;

  constructor(indicators: ReadonlyMap<string, StreamingIndicator>, o: SignalTapOptions) {
    super(); // TappedStrategy sets the engine's context before every call
    this.#indicators = indicators;
    this.#o = o;
  }

  override submit(order: OrderRequest): SubmitResult {
    const bar = this.inner.bar;
    const held = this.inner.position();
    const result = this.inner.submit(order);
    if (this.#o.isHistory(order.symbol, bar.time)) return result;
    const values: Record<string, number | null> = {};
    for (const [id, indicator] of this.#indicators) {
      const value = indicator.value();
      values[id] = Number.isFinite(value) ? value : null;
    }
    this.#o.record({
      symbol: order.symbol,
      kind: order.side,
      value: {
        barTime: bar.time, close: bar.close, held, qty: order.qty, type: order.type, indicators: values,
        ...(result.kind === "accepted" ? { orderRef: result.key } : { refused: { rule: result.rule, reason: result.reason } }),
      },
    });
    return result;
  }
}
