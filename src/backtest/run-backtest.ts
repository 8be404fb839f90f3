import { barSizeMs } from "../core/bar.ts";
import { commissionModel, ibFixed } from "../core/commission/index.ts";
import type { CommissionModel } from "../core/commission/types.ts";
import type { DataCounts } from "../core/data-validation/index.ts";
import type { OrderUpdate } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import type { OrderIntent } from "../core/order.ts";
import { money, type Money } from "../core/money.ts";
import { Portfolio } from "../core/portfolio.ts";
import { defaultSizing, type Sizing } from "../core/sizing.ts";
import type { EquityRecorder } from "../engine/engine.ts";
import { buildPipeline } from "../engine/pipeline.ts";
import type { PreTradeCheck } from "../engine/ports.ts";
import { plainSetup, type TradingSetup } from "../engine/trading-setup.ts";
import type { MarketRegimeSource } from "../engine/market-view.ts";
import type { ConfiguredStrategy, Direction } from "../strategy/types.ts";
import type { BarFeed } from "./historical-feed.ts";
import { inferBarsPerYear } from "./stats/infer-bars-per-year.ts";
import { RefusalList } from "./refusal-list.ts";
import { RefusalLog } from "./refusal-log.ts";
import { withRefusalList } from "./refusals-of.ts";
import { SimulatedBroker } from "./simulated-broker.ts";
import { TradeLedger } from "./stats/trade-ledger.ts";
import type { BacktestExit, BacktestRefusal, TradeRecord } from "./types.ts";

export interface BacktestOptions {
  readonly feed: BarFeed;
  readonly strategy: ConfiguredStrategy;
  /**
   * The account's TradingSetup (sizing, direction, risk rules, exits, validation, costs), as
   * `run` applies it. Absent: the bare engine (no risk rules, exits or validation) with the
   * options below: research and benchmarks.
   */
  readonly setup?: TradingSetup;
  /** Without a setup. Default long-only. */
  readonly direction?: Direction;
  /** Without a setup. Default: equal split of equity over the symbols (--pct-equity 100/N). */
  readonly sizing?: Sizing;
  /** Default USD 100,000. */
  readonly initialCash?: Money | number;
  /** Without a setup. Default ib-fixed. */
  readonly commission?: CommissionModel;
  /** Without a setup. */
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
  /** Time steps between two onProgress calls (the feed's default, 4,096, without). */
  readonly progressEvery?: number;
  /** The feed's only replay: no time-major copy of all its bars is kept (HistoricalFeed's `once`). */
  readonly replayOnce?: boolean;
  /** Makes the recorded equity column (the driver may put long columns on huge pages: adapters/os). */
  readonly newColumn?: (n: number) => Float64Array;
  /** Makes the recorded exposure flags (default: a new Uint8Array). */
  readonly newFlags?: (n: number) => Uint8Array;
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
  /** Orders the broker rejected, reduced or expired, with the reason. */
  readonly notices: OrderUpdate[];
  /** Orders a risk rule refused (warm-up excluded), in order. */
  readonly refusals: BacktestRefusal[];
  /** Protective exits that fired (stop loss, take profit, trailing stop), sent or refused. */
  readonly exits: BacktestExit[];
  /** Bars the data validator accepted and rejected, by reason; null without validation. */
  readonly data: DataCounts | null;
  /** When the daily loss limit turned the kill switch on (no new exposure after it), else null. */
  readonly killSwitch: { readonly time: number; readonly reason: string } | null;
  readonly commissions: Money;
  readonly barsPerYear: number;
  /** Bars delivered to the engine (warm-up included). */
  readonly bars: number;
}

/** The kill switch as read while it is off (every order reads it): one object for the run. */
const KILL_SWITCH_OFF = Object.freeze({ on: false });

/**
 * A backtest's warm-up test for the risk gate (an order signalled before the range is refused as
 * warm-up): made by a function of the module, so that the app can keep its code off the JIT's
 * top tier with the rest of the order path (app/backtest/top-tier.ts).
 */
export function warmUpBefore(tradeFrom: number): (intent: OrderIntent) => boolean {
  return (intent) => intent.signalTime < tradeFrom;
}

/**
 * What a backtest is set up from before its bars are read: BacktestOptions without the feed and
 * its range, with the feed's symbols, the range's first time and the bars per year given.
 */
export type BacktestPlan = Omit<BacktestOptions, "feed" | "range" | "barsPerYear"> & {
  /** The feed's symbols, in its slot order. */
  readonly symbols: readonly string[];
  /**
   * The time of the range's first bar: bars before it warm up. -Infinity for a range from the
   * time line's start (every bar is at or after its first time), Infinity for an empty range.
   */
  readonly tradeFrom: number;
  readonly barsPerYear: number;
};

/** A backtest set up (account, broker, pipeline, recorder), waiting for its bars. */
export interface PreparedBacktest {
  /** The feed's bars of the range [from, to) through the pipeline (default: the whole time line); once. */
  run(feed: BarFeed, range?: { readonly from: number; readonly to: number }): BacktestResult;
}

/**
 * One backtest: the feed's bars through the account's trading pipeline (engine/pipeline.ts, as
 * `run` builds it) with a simulated broker. Market time is the end of the bar being handled.
 */
export function runBacktest(options: BacktestOptions): BacktestResult {
  const { feed } = options;
  const timeline = feed.timeline;
  const from = options.range?.from ?? 0;
  const to = options.range?.to ?? timeline.length;
  checkRange(from, to, timeline.length);
  const n = to - from;
  // A range from the time line's start holds nothing back (every bar is at or after its first
  // time), so its first time is not read before the loop: a growing feed's first bar may still be
  // on its way while the pipeline is built (app/backtest/streamed-run.ts).
  const tradeFrom = n === 0 ? Infinity : from === 0 ? -Infinity : timeline[from]!;
  const barsPerYear = options.barsPerYear ?? inferBarsPerYear(timeline);
  return prepareBacktest({ ...options, symbols: feed.symbols, tradeFrom, barsPerYear }).run(feed, { from, to });
}

function checkRange(from: number, to: number, length: number): void {
  if (!(0 <= from && from <= to && to <= length)) {
    throw new RangeError(`runBacktest: range ${from}..${to} is outside the time line 0..${length}`);
  }
}

/**
 * A backtest's set-up, which reads nothing of the bars: a driver can make it while its bars are
 * still being read (app/backtest/streamed-run.ts), then run it once they come. The same decisions
 * as runBacktest with the same plan.
 */
export function prepareBacktest(plan: BacktestPlan): PreparedBacktest {
  const { symbols, tradeFrom, barsPerYear } = plan;
  const setup = plan.setup ?? plainSetup({ sizing: plan.sizing ?? defaultSizing(symbols.length), direction: plan.direction ?? "long-only", slippageBps: plan.slippageBps ?? 0 });
  const initialCash = money(plan.initialCash ?? 100_000);
  const portfolio = new Portfolio(initialCash);
  const commission = plan.setup ? commissionModel(setup.costs.commission) : (plan.commission ?? ibFixed);
  const broker = new SimulatedBroker({ commission, slippageBps: setup.costs.slippageBps, funds: portfolio });
  const ledger = new TradeLedger();
  const fills: Fill[] = [];
  const notices: OrderUpdate[] = [];
  const refusals = new RefusalList(barSizeMs(setup.barSize));
  const exits: BacktestExit[] = [];
  let killSwitch: { time: number; reason: string } | null = null;
  // Its columns come with the bars (run).
  const recorder = new RangeRecorder(tradeFrom);
  const barMs = barSizeMs(setup.barSize);
  let now = -Infinity;
  const store = new RefusalLog(refusals);
  const { engine, validator, sink } = buildPipeline({
    setup,
    strategy: plan.strategy,
    symbols,
    broker,
    portfolio,
    store,
    now: () => now,
    killSwitch: {
      read: () => (killSwitch ? { on: true, reason: killSwitch.reason } : KILL_SWITCH_OFF),
      trip: (reason) => void (killSwitch ??= { time: now, reason }),
    },
    isHistory: (_slot, bar) => {
      now = bar.time + barMs;
      return bar.time < tradeFrom;
    },
    isWarmUp: warmUpBefore(tradeFrom),
    ...(plan.checks ? { checksBefore: plan.checks } : {}),
    periodsPerYear: barsPerYear,
    ...(plan.marketRegime ? { marketRegime: plan.marketRegime } : {}),
    onFill: (fill, effect) => {
      fills.push(fill);
      ledger.onFill(fill, effect);
    },
    onOrderUpdate: (u) => {
      if (u.reason !== undefined) notices.push(u);
    },
    // Refusals are kept by the store (RefusalLog): the engine's "rejected" update for each (no
    // broker notice) is not made.
    refusalUpdates: false,
    recorder,
    hooks: {
      onExit: (symbol, bar, exit, result) =>
        exits.push({
          time: bar.time, symbol, reason: exit.reason, side: exit.request.side, qty: exit.request.qty, close: exit.lastPrice, trigger: exit.trigger,
          ...(result.kind === "accepted" ? { key: result.key, refused: null } : { key: null, refused: { rule: result.rule, reason: result.reason } }),
        }),
    },
  });
  let ran = false;
  const run = (feed: BarFeed, range?: { readonly from: number; readonly to: number }): BacktestResult => {
    if (ran) throw new Error("prepareBacktest: run twice");
    ran = true;
    if (!sameSymbols(feed.symbols, symbols)) throw new RangeError(`prepareBacktest: the feed's symbols ${feed.symbols.join(",")} are not the plan's ${symbols.join(",")}`);
    const from = range?.from ?? 0;
    const to = range?.to ?? feed.timeline.length;
    checkRange(from, to, feed.timeline.length);
    recorder.open(feed.timeline.subarray(from, to), plan.newColumn, plan.newFlags);
    const bars = feed.replay(sink, { until: to, once: plan.replayOnce === true, ...(plan.onProgress ? { onProgress: plan.onProgress } : {}), ...(plan.progressEvery !== undefined ? { progressEvery: plan.progressEvery } : {}) });
    // Orders the data ended before (a signal on the last bar, a resting limit): said, not dropped.
    for (const o of engine.openOrders()) {
      if (o.signalTime < tradeFrom) continue;
      const what = `${o.side} ${o.qty} ${o.symbol} ${o.type}${o.limitPrice !== undefined ? ` ${o.limitPrice}` : ""}${o.stopPrice !== undefined ? ` stop ${o.stopPrice}` : ""}`;
      notices.push({ kind: "order", key: o.key, state: "submitted", filledQty: 0, remainingQty: o.qty, time: o.signalTime, reason: `${what}: still open when the data ended (not filled)` });
    }
    engine.close();
    // A growing feed's time line is a capacity: the bars delivered are the run (one symbol: one bar a step).
    if (feed.growing === true) recorder.cut(bars);
    return withRefusalList({
      symbols: feed.symbols,
      initialCash,
      finalCash: portfolio.cash,
      equity: { time: recorder.time, equity: recorder.equity },
      exposure: recorder.exposure,
      trades: ledger.trades((symbol) => portfolio.lastPrice(symbol)),
      fills,
      notices,
      // The records are made when first read (RefusalList): the summaries read the list (refusals-of.ts).
      get refusals() {
        return refusals.all();
      },
      exits,
      data: validator ? validator.counts() : null,
      killSwitch,
      commissions: portfolio.commissions,
      barsPerYear,
      bars,
    }, refusals);
  };
  return { run };
}

function sameSymbols(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((symbol, i) => symbol === b[i]);
}

const EMPTY_TIMES = new Float64Array(0);
const EMPTY_FLAGS = new Uint8Array(0);

/** Equity of the trading range into typed arrays (warm-up time steps are skipped). */
class RangeRecorder implements EquityRecorder {
  /** The range's part of the feed's time line, shared (each recorded time is checked against it). */
  time: Float64Array;
  equity: Float64Array;
  exposure: Uint8Array;
  readonly #from: number;
  #shared = true;
  #k = 0;

  /** Its columns are empty until `open` (the range's times come with the bars). */
  constructor(fromTime: number) {
    this.time = EMPTY_TIMES;
    this.equity = EMPTY_TIMES;
    this.exposure = EMPTY_FLAGS;
    this.#from = fromTime;
  }

  /** The range's times, and an equity column and exposure flags as long, made by the driver's functions. */
  open(times: Float64Array, newColumn: (n: number) => Float64Array = (n) => new Float64Array(n), newFlags: (n: number) => Uint8Array = (n) => new Uint8Array(n)): void {
    this.time = times;
    this.equity = newColumn(times.length);
    this.exposure = newFlags(times.length);
  }

  /** Keeps the first `n` steps (StreamingFeed's bars ended before its capacity). */
  cut(n: number): void {
    this.time = this.time.subarray(0, n);
    this.equity = this.equity.subarray(0, n);
    this.exposure = this.exposure.subarray(0, n);
  }

  record(time: number, equity: number, inMarket: boolean): void {
    if (time < this.#from) return;
    const k = this.#k++;
    if (this.time[k] !== time) this.#ownTime(k, time);
    this.equity[k] = equity;
    this.exposure[k] = inMarket ? 1 : 0;
  }

  /** Never expected (one record per time step): then the recorder keeps its own times. */
  #ownTime(k: number, time: number): void {
    if (this.#shared) (this.time = this.time.slice()), (this.#shared = false);
    this.time[k] = time;
  }
}
