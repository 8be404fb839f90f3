import type { Bar, BarArrays } from "../core/bar.ts";
import type { OrderUpdate } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import type { Money } from "../core/money.ts";
import { TERMINAL_STATES, type OrderIntent, type OrderRequest } from "../core/order.ts";
import type { FillEffect, Portfolio, PortfolioView } from "../core/portfolio.ts";
import { RollingCovariance } from "../core/rolling-covariance.ts";
import { RollingVolatility } from "../core/rolling-volatility.ts";
import { entryQty, needsCovariance, type Sizing } from "../core/sizing.ts";
import { CorrelationSizer } from "./correlation-sizer.ts";
import { CorrelationTracker } from "./correlation-tracker.ts";
import type { RegimeView } from "../strategy/api/public-types.ts";
import { createIndicator } from "../indicators/index.ts";
import type { StreamingIndicator } from "../indicators/types.ts";
import type { ConfiguredStrategy, Direction, PortfolioStrategy, Strategy, SubmitResult } from "../strategy/types.ts";
import { LatestBars, type MarketRegimeSource } from "./market-view.ts";
import { IntentKeys } from "./intent-keys.ts";
import { orderRequestProblem } from "./order-request-problem.ts";
import { fillsFromBars, type BarFillingBroker, type Broker, type MarketDataSink, type PreTradeCheck, type Store } from "./ports.ts";
import { PortfolioStepContext } from "./portfolio-context.ts";
import { SlotContext, type SlotHost } from "./slot-context.ts";

export interface EngineOptions {
  readonly strategy: ConfiguredStrategy;
  /** Slot i of the engine is symbols[i]; market data must use the same order. */
  readonly symbols: readonly string[];
  readonly broker: Broker;
  readonly portfolio: Portfolio;
  readonly sizing: Sizing;
  readonly direction?: Direction;
  /** Risk rules and other gates between strategy and broker (issue 5 plugs in here). */
  readonly checks?: readonly PreTradeCheck[];
  readonly store?: Store;
  /** Indicator factory; defaults to the indicator library. */
  readonly indicator?: (id: string) => StreamingIndicator;
  /** For --vol-target: bars per year, to annualize realized volatility (252 for daily bars). */
  readonly periodsPerYear?: number;
  /** The market index whose regime `ctx.market.regime()` gives (default SPX, from its slot when traded). */
  readonly marketRegime?: MarketRegimeSource;
  /** Keep rolling correlations over this many steps (risk.max_correlated_exposure_pct); see correlation(). */
  readonly correlationLookback?: number;
  readonly onFill?: (fill: Fill, effect: FillEffect) => void;
  readonly onOrderUpdate?: (update: OrderUpdate) => void;
  /**
   * Whether a refused intent is also told to onOrderUpdate as "rejected" (default true). A driver
   * that keeps refusals from store.recordRefusal alone (the backtest) turns it off: thousands of
   * updates it would only drop.
   */
  readonly refusalUpdates?: boolean;
  /** Told the equity at the close of every time step (equity curve, status page). */
  readonly recorder?: EquityRecorder;
}

export interface EquityRecorder {
  /** `inMarket`: some position is open at this close. */
  record(time: number, equity: number, inMarket: boolean): void;
}

interface OpenOrder {
  readonly intent: OrderIntent;
  readonly slot: number;
}

/**
 * The one event-driven core for backtest, paper and live. Per bar of a symbol: the broker
 * (when it fills from bars) matches earlier orders against the bar, the symbol's
 * indicators update, then its strategy decides on the close. The per-bar path allocates
 * nothing and does no decimal arithmetic; big.js runs only when an order fills.
 */
export class Engine implements MarketDataSink, SlotHost {
  readonly portfolio: PortfolioView;
  readonly direction: Direction;
  readonly #books: Portfolio;
  readonly #opts: EngineOptions;
  readonly #symbols: readonly string[];
  readonly #bookSlot: Int32Array;
  /** One per slot; empty when a portfolio strategy runs instead. */
  readonly #strategies: Strategy[] = [];
  readonly #portfolioStrategy: PortfolioStrategy | undefined;
  readonly #portfolioContext: PortfolioStepContext;
  readonly #market: LatestBars;
  readonly #contexts: SlotContext[] = [];
  /** Every slot's indicators in one flat list: slot s owns [#indicatorStart[s], #indicatorStart[s + 1]). */
  readonly #indicators: StreamingIndicator[] = [];
  readonly #indicatorStart: Int32Array;
  readonly #volatility: RollingVolatility[] | undefined;
  readonly #correlation: CorrelationSizer | undefined;
  readonly #tracker: CorrelationTracker | undefined;
  /** Fed every slot's close and every step's end; the sizer and the tracker share one per lookback. */
  readonly #covariances: readonly RollingCovariance[];
  /** Whether a volatility or a covariance is kept (most runs: neither, and the per-bar path skips both). */
  readonly #rolling: boolean;
  readonly #openCount: Int32Array;
  /**
   * Orders not yet filled, cancelled or rejected, in submit order. There are few at a time
   * (market orders fill on the next bar), so a list scanned by key is cheaper than a hash
   * map keyed by long fresh strings.
   */
  readonly #open: OpenOrder[] = [];
  /** The intents of #open, in the same order (workingIntents: the risk gate reads them per order). */
  readonly #openIntents: OrderIntent[] = [];
  readonly #keys: IntentKeys;
  readonly #barBroker: BarFillingBroker | undefined;
  readonly #unsubscribe: () => void;
  readonly #recorder: EquityRecorder | undefined;
  readonly #checks: readonly PreTradeCheck[];
  /** Whether any strategy wants fills (else a fill needs no lookup of its order). */
  readonly #fillListeners: boolean;
  readonly #refusalUpdates: boolean;

  constructor(options: EngineOptions) {
    this.#opts = options;
    this.#books = options.portfolio;
    this.portfolio = options.portfolio;
    this.direction = options.direction ?? "long-only";
    this.#symbols = options.symbols;
    const n = options.symbols.length;
    this.#bookSlot = new Int32Array(n);
    this.#openCount = new Int32Array(n);
    this.#keys = new IntentKeys(options.strategy, n);
    this.#indicatorStart = new Int32Array(n + 1);
    const make = options.indicator ?? createIndicator;
    const sizing = options.sizing;
    this.#volatility =
      sizing.kind === "vol-target"
        ? options.symbols.map(() => new RollingVolatility(sizing.lookback, options.periodsPerYear ?? 252))
        : undefined;
    const covariances = new Map<number, RollingCovariance>();
    const covariance = (lookback: number) => covariances.get(lookback) ?? covariances.set(lookback, new RollingCovariance(n, lookback)).get(lookback)!;
    this.#correlation = needsCovariance(sizing) ? new CorrelationSizer(sizing, covariance(sizing.lookback), options.periodsPerYear ?? 252) : undefined;
    this.#tracker = options.correlationLookback !== undefined ? new CorrelationTracker(covariance(options.correlationLookback)) : undefined;
    this.#covariances = [...covariances.values()];
    this.#rolling = this.#volatility !== undefined || this.#covariances.length > 0;
    this.#market = new LatestBars(options.symbols, options.marketRegime);
    // Indicators by slot: a strategy may ask for another symbol's, fed with that symbol's bars.
    const own = options.symbols.map(() => new Map<string, StreamingIndicator>());
    const indicator = (id: string, symbol: string): StreamingIndicator => {
      const slot = this.#market.slotOf(symbol);
      if (slot === undefined) throw new Error(`indicator ${id} of ${symbol}: ${symbol} is not in this run's symbols (${options.symbols.join(", ")})`);
      const map = own[slot]!;
      let ind = map.get(id);
      if (!ind) map.set(id, (ind = make(id)));
      return ind;
    };
    const { createPortfolio } = options.strategy;
    this.#portfolioContext = new PortfolioStepContext(this, this.#market);
    this.#portfolioStrategy = createPortfolio?.({ symbols: options.symbols, direction: this.direction, indicator });
    options.symbols.forEach((symbol, slot) => {
      this.#bookSlot[slot] = this.#books.slot(symbol);
      const context = new SlotContext(this, slot, symbol, this.#market);
      this.#contexts.push(context);
      if (createPortfolio) return;
      this.#strategies.push(
        options.strategy.create({
          symbol,
          direction: this.direction,
          universe: options.symbols,
          indicator: (id, of = symbol) => indicator(id, of),
        }),
      );
    });
    own.forEach((map, slot) => {
      this.#indicators.push(...map.values());
      this.#indicatorStart[slot + 1] = this.#indicators.length;
    });
    this.#recorder = options.recorder;
    // A strategy's own checks (the limits of each of several strategies) come before the account's.
    this.#checks = [...(options.strategy.checks ?? []), ...(options.checks ?? [])];
    // They count the strategy's working orders too (two entries on one bar count against each other).
    for (const c of options.strategy.checks ?? []) c.attach?.(() => this.openOrders());
    this.#fillListeners =
      this.#strategies.some((s) => typeof s.onFill === "function") || typeof this.#portfolioStrategy?.onFill === "function";
    this.#refusalUpdates = options.refusalUpdates !== false;
    this.#barBroker = fillsFromBars(options.broker) ? options.broker : undefined;
    this.#unsubscribe = options.broker.subscribe((event) => {
      if (event.kind === "fill") this.#onFill(event.fill, event.value);
      else this.#onOrderUpdate(event);
    });
  }

  /** The rules regime known now: of `symbol`, or of the market index without one (see MarketView.regime). */
  regime(symbol?: string): RegimeView | undefined {
    return this.#market.regime(symbol);
  }

  /** Rolling correlation of two traded symbols' returns (with correlationLookback); NaN when unknown. */
  correlation(a: string, b: string): number {
    const i = this.#market.slotOf(a);
    const j = this.#market.slotOf(b);
    if (this.#tracker === undefined || i === undefined || j === undefined) return NaN;
    return this.#tracker.correlation(i, j);
  }

  get symbols(): readonly string[] {
    return this.#symbols;
  }

  bar(slot: number, bar: Bar): void {
    this.#books.mark(this.#bookSlot[slot]!, bar.close);
    if (this.#openCount[slot] !== 0 && this.#barBroker !== undefined) this.#barBroker.onBar(this.#symbols[slot]!, bar);
    const indicators = this.#indicators;
    const end = this.#indicatorStart[slot + 1]!;
    for (let i = this.#indicatorStart[slot]!; i < end; i++) indicators[i]!.update(bar);
    if (this.#rolling) this.#rollingClose(slot, bar.close);
    this.#market.update(slot, bar);
    const strategy = this.#strategies[slot];
    if (strategy === undefined) return;
    const ctx = this.#contexts[slot]!;
    ctx.bar = bar;
    strategy.onBar(ctx);
  }

  /**
   * Bars [from, to) of `slot`'s columns are the next this engine handles for it, in order, none
   * skipped (PipelineSink.ahead): the latest bars follow the columns instead of copying each bar.
   */
  follow(slot: number, bars: BarArrays, from: number, to: number): void {
    this.#market.follow(slot, bars, from, to);
  }

  /** --vol-target's volatility and the covariances (sizing, correlation limit) take the close. */
  #rollingClose(slot: number, close: number): void {
    if (this.#volatility !== undefined) this.#volatility[slot]!.update(close);
    const covariances = this.#covariances;
    for (let i = 0; i < covariances.length; i++) covariances[i]!.close(slot, close);
  }

  timeEnd(time: number): void {
    this.closeStep(time);
  }

  /** timeEnd, returning the equity at the step's close (what equity() gives right after it), computed once. */
  closeStep(time: number): number {
    if (this.#rolling) this.#endRollingStep();
    if (this.#portfolioStrategy !== undefined) this.#portfolioStep(this.#portfolioStrategy, time);
    const books = this.#books;
    const equity = books.equity();
    const recorder = this.#recorder;
    if (recorder !== undefined) recorder.record(time, equity, books.openPositions > 0);
    return equity;
  }

  #portfolioStep(portfolio: PortfolioStrategy, time: number): void {
    this.#portfolioContext.time = time;
    portfolio.onStep(this.#portfolioContext);
  }

  #endRollingStep(): void {
    const covariances = this.#covariances;
    for (let i = 0; i < covariances.length; i++) covariances[i]!.endStep();
  }

  equity(): number {
    return this.#books.equity();
  }

  /** Open orders across symbols (not yet filled, cancelled, rejected). */
  openOrders(): OrderIntent[] {
    return this.#openIntents.slice();
  }

  /**
   * The open orders' intents as the engine keeps them, not a copy: valid until the next order,
   * fill or update. For the risk gate, which reads them while it judges an order (a copy per
   * order was `Array.prototype.map` run ~5k times in a minute-bar backtest, and the shared
   * builtin then reached the JIT's top tier for it).
   */
  workingIntents(): readonly OrderIntent[] {
    return this.#openIntents;
  }

  /** Stops listening to the broker. */
  close(): void {
    this.#unsubscribe();
  }

  positionAt(slot: number): number {
    return this.#books.qtyAt(this.#bookSlot[slot]!);
  }

  entryQtyAt(slot: number, price: number): number {
    const volatility = this.#volatility?.[slot]?.value() ?? NaN;
    const weight = this.#correlation?.weight(slot) ?? NaN;
    return entryQty(this.#opts.sizing, { price, equity: this.#books.equity(), volatility, weight });
  }

  openOrdersAt(slot: number): readonly OrderIntent[] {
    if (this.#openCount[slot] === 0) return [];
    const out: OrderIntent[] = [];
    for (const o of this.#open) if (o.slot === slot) out.push(o.intent);
    return out;
  }

  /** `strategy`: the member of a combined strategy asking (strategy/combine.ts); it names the intent and its key. */
  submitFrom(slot: number, order: OrderRequest, signalTime: number, strategy: string = this.#opts.strategy.name): SubmitResult {
    const problem = orderRequestProblem(order);
    if (problem) throw new Error(`strategy ${this.#opts.strategy.name} on ${this.#symbols[slot]}: bad order: ${problem}`);
    if (order.symbol !== this.#symbols[slot]) {
      throw new Error(`strategy ${this.#opts.strategy.name} on ${this.#symbols[slot]}: may only trade its own symbol, not ${order.symbol}`);
    }
    const intent: OrderIntent = { ...order, key: this.#keys.fresh(slot, order, signalTime, strategy), strategy, signalTime };
    const store = this.#opts.store;
    const checks = this.#checks;
    for (let i = 0; i < checks.length; i++) {
      const refusal = checks[i]!.check(intent, this.portfolio);
      if (refusal) {
        store?.recordRefusal(intent, refusal);
        if (this.#refusalUpdates) this.#opts.onOrderUpdate?.({ kind: "order", key: intent.key, state: "rejected", filledQty: 0, remainingQty: intent.qty, time: signalTime, reason: refusal.reason });
        return refusal;
      }
    }
    store?.recordIntent(intent);
    this.#open.push({ intent, slot });
    this.#openIntents.push(intent);
    this.#openCount[slot]!++;
    this.#opts.broker.submit(intent);
    return { kind: "accepted", key: intent.key };
  }

  cancel(key: string): void {
    if (this.#openIndex(key) >= 0) this.#opts.broker.cancel(key);
  }

  #openIndex(key: string): number {
    const open = this.#open;
    for (let i = 0; i < open.length; i++) if (open[i]!.intent.key === key) return i;
    return -1;
  }

  #onFill(fill: Fill, value: Money | undefined): void {
    const effect = value === undefined ? this.#books.applyFill(fill) : this.#books.applyFill(fill, value);
    this.#opts.store?.recordFill(fill);
    this.#opts.onFill?.(fill, effect);
    if (!this.#fillListeners) return;
    const i = this.#openIndex(fill.orderKey);
    if (i < 0) return;
    const { slot } = this.#open[i]!;
    if (this.#portfolioStrategy !== undefined) this.#portfolioStrategy.onFill?.(fill, this.#portfolioContext);
    else this.#strategies[slot]!.onFill?.(fill, this.#contexts[slot]!);
  }

  #onOrderUpdate(update: OrderUpdate): void {
    this.#opts.store?.recordOrderUpdate(update);
    if (TERMINAL_STATES.has(update.state)) {
      const i = this.#openIndex(update.key);
      if (i >= 0) {
        this.#openCount[this.#open[i]!.slot]!--;
        this.#open.splice(i, 1);
        this.#openIntents.splice(i, 1);
      }
    }
    this.#opts.onOrderUpdate?.(update);
  }
}
