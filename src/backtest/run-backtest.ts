import { ibFixed } from "../core/commission/ib-fixed.ts";
import type { CommissionModel } from "../core/commission/types.ts";
import type { OrderUpdate } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import { money, type Money } from "../core/money.ts";
import { Portfolio } from "../core/portfolio.ts";
import { defaultSizing, type Sizing } from "../core/sizing.ts";
import { Engine, type EquityRecorder } from "../engine/engine.ts";
import type { PreTradeCheck } from "../engine/ports.ts";
import type { MarketRegimeSource } from "../engine/market-view.ts";
import type { ConfiguredStrategy, Direction } from "../strategy/types.ts";
import type { HistoricalFeed } from "./historical-feed.ts";
import { inferBarsPerYear } from "./stats/infer-bars-per-year.ts";
import { SimulatedBroker } from "./simulated-broker.ts";
import { TradeLedger } from "./stats/trade-ledger.ts";
import type { TradeRecord } from "./types.ts";

export interface BacktestOptions {
  readonly feed: HistoricalFeed;
  readonly strategy: ConfiguredStrategy;
  readonly direction?: Direction;
  /** Default: equal split of equity over the symbols (--pct-equity 100/N). */
  readonly sizing?: Sizing;
  /** Default USD 100,000. */
  readonly initialCash?: Money | number;
  /** Default ib-fixed. */
  readonly commission?: CommissionModel;
  readonly slippageBps?: number;
  /** Default: inferred from the bar spacing (252 for daily bars). */
  readonly barsPerYear?: number;
  readonly checks?: readonly PreTradeCheck[];
  /** The market index for `ctx.market.regime()` (default SPX: its slot when traded, else unknown). */
  readonly marketRegime?: MarketRegimeSource;
  /**
   * Time-line indices [from, to): trade and record equity on these bars only. Bars before
   * `from` warm up indicators and strategies (orders decided on them are dropped); bars at or
   * after `to` are never read. Default: the whole time line.
   */
  readonly range?: { readonly from: number; readonly to: number };
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BacktestResult {
  readonly symbols: readonly string[];
  readonly initialCash: Money;
  readonly finalCash: Money;
  /** Equity at the close of each time step of the range (float64). */
  readonly equity: { readonly time: Float64Array; readonly equity: Float64Array };
  /** 1 where a position was open at the close. */
  readonly exposure: Uint8Array;
  /** Closed round trips, then positions still open (valued at the last close). */
  readonly trades: TradeRecord[];
  readonly fills: Fill[];
  /** Orders rejected, reduced or expired, with the reason. */
  readonly notices: OrderUpdate[];
  readonly commissions: Money;
  readonly barsPerYear: number;
  /** Bars delivered to the engine (warm-up included). */
  readonly bars: number;
}

/** One backtest: replay the feed through the engine with a simulated broker. */
export function runBacktest(options: BacktestOptions): BacktestResult {
  const { feed } = options;
  const timeline = feed.timeline;
  const from = options.range?.from ?? 0;
  const to = options.range?.to ?? timeline.length;
  if (!(0 <= from && from <= to && to <= timeline.length)) {
    throw new RangeError(`runBacktest: range ${from}..${to} is outside the time line 0..${timeline.length}`);
  }
  const initialCash = money(options.initialCash ?? 100_000);
  const portfolio = new Portfolio(initialCash);
  const broker = new SimulatedBroker({ commission: options.commission ?? ibFixed, slippageBps: options.slippageBps ?? 0, funds: portfolio });
  const ledger = new TradeLedger();
  const fills: Fill[] = [];
  const notices: OrderUpdate[] = [];
  const n = to - from;
  const tradeFrom = n > 0 ? timeline[from]! : Infinity;
  const barsPerYear = options.barsPerYear ?? inferBarsPerYear(timeline);
  const recorder = new RangeRecorder(timeline.subarray(from, to), tradeFrom);
  const engine = new Engine({
    strategy: options.strategy,
    symbols: feed.symbols,
    broker,
    portfolio,
    sizing: options.sizing ?? defaultSizing(feed.symbols.length),
    direction: options.direction ?? "long-only",
    checks: [{ name: "warm-up", check: (intent) => (intent.signalTime < tradeFrom ? WARM_UP : undefined) }, ...(options.checks ?? [])],
    periodsPerYear: barsPerYear,
    ...(options.marketRegime ? { marketRegime: options.marketRegime } : {}),
    onFill: (fill, effect) => {
      fills.push(fill);
      ledger.onFill(fill, effect);
    },
    onOrderUpdate: (u) => {
      if (u.reason !== undefined && u.reason !== WARM_UP.reason) notices.push(u);
    },
    recorder,
  });
  const bars = feed.replay(engine, { until: to, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  // Orders the data ended before (a signal on the last bar, a resting limit): said, not dropped.
  for (const o of engine.openOrders()) {
    if (o.signalTime < tradeFrom) continue;
    const what = `${o.side} ${o.qty} ${o.symbol} ${o.type}${o.limitPrice !== undefined ? ` ${o.limitPrice}` : ""}${o.stopPrice !== undefined ? ` stop ${o.stopPrice}` : ""}`;
    notices.push({ kind: "order", key: o.key, state: "submitted", filledQty: 0, remainingQty: o.qty, time: o.signalTime, reason: `${what}: still open when the data ended (not filled)` });
  }
  engine.close();
  return {
    symbols: feed.symbols,
    initialCash,
    finalCash: portfolio.cash,
    equity: { time: recorder.time, equity: recorder.equity },
    exposure: recorder.exposure,
    trades: ledger.trades((symbol) => portfolio.lastPrice(symbol)),
    fills,
    notices,
    commissions: portfolio.commissions,
    barsPerYear,
    bars,
  };
}

/** Equity of the trading range into typed arrays (warm-up time steps are skipped). */
class RangeRecorder implements EquityRecorder {
  /** The range's part of the feed's time line, shared (each recorded time is checked against it). */
  time: Float64Array;
  readonly equity: Float64Array;
  readonly exposure: Uint8Array;
  readonly #from: number;
  #shared = true;
  #k = 0;

  constructor(times: Float64Array, fromTime: number) {
    this.time = times;
    this.equity = new Float64Array(times.length);
    this.exposure = new Uint8Array(times.length);
    this.#from = fromTime;
  }

  record(time: number, equity: number, inMarket: boolean): void {
    if (time < this.#from) return;
    const k = this.#k++;
    if (this.time[k] !== time) {
      // Never expected (one record per time step): then the recorder keeps its own times.
      if (this.#shared) (this.time = this.time.slice()), (this.#shared = false);
      this.time[k] = time;
    }
    this.equity[k] = equity;
    this.exposure[k] = inMarket ? 1 : 0;
  }
}

const WARM_UP = { kind: "refused", rule: "warm-up", reason: "warm-up bar: before the trading range" } as const;
