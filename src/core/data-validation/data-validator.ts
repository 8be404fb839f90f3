import type { Bar, BarArrays } from "../bar.ts";
import { DATA_ACCEPTED, DATA_REJECT_REASONS, rejected, type DataCheck, type DataRejectReason } from "./rejection.ts";
import { RollingWindow } from "./rolling-window.ts";
import { barShapeProblem, quoteProblem, type Quote } from "./shape.ts";

export interface DataValidatorOptions {
  /** Bar length in ms; a bar's end is time + barMs. */
  readonly barMs: number;
  /** A bar that ended longer ago than this (when `now` is given) is stale. Default 2 bars + 10 s. */
  readonly maxAgeMs?: number;
  /**
   * A close whose log return is more than this many robust standard deviations (1.4826 x the
   * median absolute deviation of recent returns) from their median is an outlier, if it also
   * moved more than `outlierMinMovePct`. Default 6.
   */
  readonly outlierSigma?: number;
  /**
   * The least move (percent of the last accepted close) that can be an outlier on bars of 5
   * minutes or less, whatever sigma says: a smooth or quiet series makes small normal moves look
   * like many sigmas. Longer bars scale it by the square root of their trading length over 5
   * minutes (a day counts its 390 trading minutes: 3% on 5-minute bars is 26.5% on daily bars),
   * since moves grow with time: a 5% day is a real market day, a 5% minute is a bad tick.
   * Default 3.
   */
  readonly outlierMinMovePct?: number;
  /** Log returns kept per symbol. Default 50. */
  readonly window?: number;
  /** Returns needed before outliers are judged. Default 20. */
  readonly minSamples?: number;
  /** Floor for the robust standard deviation, so a flat series does not make every tick an outlier. Default 0.0005 (0.05%). */
  readonly minStdev?: number;
  /** This many outliers in a row at one level are a real move (a gap), and the last is accepted. Default 3. */
  readonly confirmAfter?: number;
}

interface SymbolState {
  lastTime: number;
  lastClose: number;
  /** Recent close ratios (close / the close before), one per bar: their logs are the returns. */
  returns: RollingWindow;
  /** Consecutive outliers and the close of the latest one. */
  suspects: number;
  suspectClose: number;
}

const FIVE_MINUTES = 5 * 60_000;
const DAY = 86_400_000;
const TRADING_MINUTES_A_DAY = 390;

/** sqrt(trading length / 5 minutes), at least 1: a day counts its 390 trading minutes. */
export function minMoveScale(barMs: number): number {
  const tradingMs = barMs >= DAY ? (barMs / DAY) * TRADING_MINUTES_A_DAY * 60_000 : barMs;
  return Math.max(1, Math.sqrt(tradingMs / FIVE_MINUTES));
}

/** sigma = 1.4826 x MAD for normally distributed data. */
const MAD_TO_SIGMA = 1.4826;

export type DataCounts = Record<DataRejectReason | "accepted", number>;

/**
 * Checks every incoming bar and quote before anything trades on it: shape (non-finite,
 * zero/negative, high < low), order (out-of-order, duplicate), age (stale, when `now`
 * is given; leave it out for backfill), and outliers per symbol: a move both larger than
 * `outlierMinMovePct` and beyond `outlierSigma` robust sigmas (median/MAD of recent returns,
 * widened by the square root of the bars since the last accepted one, so a rejected bar
 * does not make its honest successors look further away).
 * Rejected data is counted and never moves the symbol's state. Time is passed in.
 */
export class DataValidator {
  readonly #o: Required<DataValidatorOptions>;
  readonly #symbols = new Map<string, SymbolState>();
  /** The symbol checked last and its state: bars of one symbol in a row look nothing up. */
  #lastSymbol: string | undefined;
  #lastState: SymbolState | undefined;
  /** By reason; "accepted" is kept in #accepted (counts() puts it in its place). */
  readonly #counts: DataCounts;
  #accepted = 0;

  constructor(options: DataValidatorOptions) {
    if (!(options.barMs > 0)) throw new RangeError(`data validator: barMs must be > 0, got ${options.barMs}`);
    this.#o = {
      barMs: options.barMs,
      maxAgeMs: options.maxAgeMs ?? 2 * options.barMs + 10_000,
      outlierSigma: options.outlierSigma ?? 6,
      outlierMinMovePct: (options.outlierMinMovePct ?? 3) * minMoveScale(options.barMs),
      window: options.window ?? 50,
      minSamples: options.minSamples ?? 20,
      minStdev: options.minStdev ?? 0.0005,
      confirmAfter: options.confirmAfter ?? 3,
    };
    if (!(this.#o.outlierSigma > 0)) throw new RangeError(`data validator: outlierSigma must be > 0, got ${this.#o.outlierSigma}`);
    if (!(this.#o.outlierMinMovePct >= 0)) throw new RangeError(`data validator: outlierMinMovePct must be >= 0, got ${this.#o.outlierMinMovePct}`);
    this.#counts = Object.fromEntries([...DATA_REJECT_REASONS, "accepted"].map((k) => [k, 0])) as DataCounts;
  }

  checkBar(symbol: string, bar: Bar, now?: number): DataCheck {
    return this.#count(this.#checkBar(symbol, bar, now));
  }

  /**
   * checkBar (no age judged) for bars [from, to) of `symbol`'s columns, in order, as long as each
   * is the common case: a sound bar of a known symbol, later than the last, whose move is too
   * small to judge. Each is accepted and counted as checkBar would; returns how many. The next
   * bar (from + the count, when before `to`) is not looked at: check it with checkBar. One tight
   * loop over the columns instead of a call a bar (a backtest's feed: PipelineSink.ahead).
   */
  acceptRun(symbol: string, bars: BarArrays, from: number, to: number): number {
    const state = this.#stateOf(symbol);
    if (state === undefined) return 0;
    const { time: times, open: opens, high: highs, low: lows, close: closes, volume: volumes } = bars;
    const { barMs, minSamples, outlierMinMovePct } = this.#o;
    const returns = state.returns;
    let lastTime = state.lastTime;
    let lastClose = state.lastClose;
    let t = from;
    for (; t < to; t++) {
      const time = times[t]!;
      const open = opens[t]!;
      const high = highs[t]!;
      const low = lows[t]!;
      const close = closes[t]!;
      const volume = volumes[t]!;
      // barShapeProblem's check, then #checkBar's common case, then #checkOutlier's and #acceptMove's.
      if (!(Number.isFinite(time) && low > 0 && high < Infinity && volume >= 0 && volume < Infinity && high >= low && open >= low && open <= high && close >= low && close <= high)) break;
      if (!(time > lastTime)) break;
      const ratio = close / lastClose;
      if (returns.size >= minSamples && Math.abs(ratio - 1) * 100 > outlierMinMovePct) break;
      if (time - lastTime === barMs || Math.max(1, Math.round((time - lastTime) / barMs)) === 1) returns.push(ratio);
      lastTime = time;
      lastClose = close;
    }
    const n = t - from;
    if (n > 0) {
      state.lastTime = lastTime;
      state.lastClose = lastClose;
      state.suspects = 0;
      this.#accepted += n;
    }
    return n;
  }

  checkQuote(symbol: string, quote: Quote, now?: number): DataCheck {
    const problem = quoteProblem(quote);
    if (problem) return this.#count(rejected(problem.reason, symbol, quote.time, problem.detail));
    if (now !== undefined && now - quote.time > this.#o.maxAgeMs) {
      return this.#count(rejected("stale", symbol, quote.time, `quote is ${now - quote.time} ms old, limit ${this.#o.maxAgeMs} ms`));
    }
    return this.#count(DATA_ACCEPTED);
  }

  /** Accepted and rejected counts by reason since start. */
  counts(): DataCounts {
    return { ...this.#counts, accepted: this.#accepted };
  }

  #count(check: DataCheck): DataCheck {
    // Accepted (nearly every bar) in a field of its own: the counts by a computed key are for rejections.
    if (check.kind === "accepted") this.#accepted++;
    else this.#counts[check.reason]++;
    return check;
  }

  #checkBar(symbol: string, bar: Bar, now: number | undefined): DataCheck {
    const shape = barShapeProblem(bar);
    if (shape) return rejected(shape.reason, symbol, bar.time, shape.detail);
    const state = this.#stateOf(symbol);
    // The common case (a later bar of a known symbol, no age judged) first; the rest apart, so this stays small.
    if (state !== undefined && bar.time > state.lastTime && now === undefined) return this.#checkOutlier(symbol, bar, state);
    return this.#checkOrder(symbol, bar, now, state);
  }

  /** Order, age and a symbol's first bar (what #checkBar's common case skipped). */
  #checkOrder(symbol: string, bar: Bar, now: number | undefined, state: SymbolState | undefined): DataCheck {
    if (state && bar.time < state.lastTime) {
      return rejected("out-of-order", symbol, bar.time, `bar time ${bar.time} is before the last accepted ${state.lastTime}`);
    }
    if (state && bar.time === state.lastTime) return rejected("duplicate", symbol, bar.time, `bar time ${bar.time} was already accepted`);
    if (now !== undefined) {
      const age = now - (bar.time + this.#o.barMs);
      if (age > this.#o.maxAgeMs) return rejected("stale", symbol, bar.time, `bar ended ${age} ms ago, limit ${this.#o.maxAgeMs} ms`);
    }
    if (!state) {
      const first: SymbolState = { lastTime: bar.time, lastClose: bar.close, returns: new RollingWindow(this.#o.window), suspects: 0, suspectClose: 0 };
      this.#symbols.set(symbol, first);
      this.#lastSymbol = symbol;
      this.#lastState = first;
      return DATA_ACCEPTED;
    }
    return this.#checkOutlier(symbol, bar, state);
  }

  #stateOf(symbol: string): SymbolState | undefined {
    if (symbol === this.#lastSymbol) return this.#lastState;
    const state = this.#symbols.get(symbol);
    if (state !== undefined) {
      this.#lastSymbol = symbol;
      this.#lastState = state;
    }
    return state;
  }

  #checkOutlier(symbol: string, bar: Bar, state: SymbolState): DataCheck {
    // The window keeps close ratios; their logs (the returns) are taken only when a move is judged,
    // not once a bar (the same numbers: the log of the same ratio).
    const ratio = bar.close / state.lastClose;
    const movePct = Math.abs(ratio - 1) * 100;
    // Not judged: z is 0, within any sigma (> 0).
    if (!(state.returns.size >= this.#o.minSamples && movePct > this.#o.outlierMinMovePct)) return this.#acceptMove(state, bar, ratio);
    return this.#judge(symbol, bar, state, ratio, movePct);
  }

  /** An accepted close: its ratio joins the window when it is one bar's. */
  #acceptMove(state: SymbolState, bar: Bar, ratio: number): DataCheck {
    // A return over several bars (after a gap or a rejection) is not one bar's return: keep the window per bar.
    if (bar.time - state.lastTime === this.#o.barMs || this.#steps(state, bar.time) === 1) state.returns.push(ratio);
    this.#accept(state, bar);
    return DATA_ACCEPTED;
  }

  /** A move large enough to be judged against the window's robust sigma (rare: apart from the per-bar check). */
  #judge(symbol: string, bar: Bar, state: SymbolState, ratio: number, movePct: number): DataCheck {
    const z = this.#robustZ(state, Math.log(ratio), bar.time);
    if (z <= this.#o.outlierSigma) return this.#acceptMove(state, bar, ratio);
    return this.#suspect(symbol, bar, state, movePct, z);
  }

  /** A move judged an outlier. */
  #suspect(symbol: string, bar: Bar, state: SymbolState, movePct: number, z: number): DataCheck {
    // Outliers that keep agreeing with each other are a new price level, not bad ticks.
    const sameLevel = state.suspects > 0 && Math.abs(bar.close / state.suspectClose - 1) * 100 <= this.#o.outlierMinMovePct;
    state.suspects = sameLevel ? state.suspects + 1 : 1;
    state.suspectClose = bar.close;
    if (state.suspects >= this.#o.confirmAfter) {
      this.#accept(state, bar); // the jump itself is not pushed: it would widen sigma
      return DATA_ACCEPTED;
    }
    return rejected(
      "outlier", symbol, bar.time,
      `close ${bar.close} after ${state.lastClose}: ${movePct.toFixed(1)}% move, ${z.toFixed(1)} robust sigma (limits ${this.#o.outlierMinMovePct}% and ${this.#o.outlierSigma} sigma)`,
    );
  }

  /** |r - expected| in robust sigmas, over the bars since the last accepted one (sigma grows with their square root). */
  #robustZ(state: SymbolState, r: number, time: number): number {
    const steps = this.#steps(state, time);
    const { median, mad } = state.returns.medianAndMad(Math.log);
    const sd = Math.max(MAD_TO_SIGMA * mad, this.#o.minStdev) * Math.sqrt(steps);
    return Math.abs(r - median * steps) / sd;
  }

  #steps(state: SymbolState, time: number): number {
    return Math.max(1, Math.round((time - state.lastTime) / this.#o.barMs));
  }

  #accept(state: SymbolState, bar: Bar): void {
    state.lastTime = bar.time;
    state.lastClose = bar.close;
    state.suspects = 0;
  }
}
