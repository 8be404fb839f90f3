import type { Bar, BarArrays } from "../core/bar.ts";
import { StreamingRulesRegime } from "../regime/streaming-rules.ts";
import type { MarketView } from "../strategy/types.ts";
import type { RegimeView } from "../strategy/api/public-types.ts";

/** Where the market regime comes from: the index's slot when it trades, else a lookup by bar time. */
/** The market index `ctx.market.regime()` reads without a symbol, unless a source names another. */
export const MARKET_INDEX = "SPX";

export interface MarketRegimeSource {
  /** The index symbol (default SPX). */
  readonly symbol: string;
  /** The index's regime known at the close of the bar starting at `barTime` (backtest: from the index's bars). */
  readonly at?: (barTime: number) => RegimeView | undefined;
}

const FIELDS = 6;
/**
 * Closes kept per symbol to start a regime late: the rules regime at a bar depends on the last
 * 273 closes only (200-bar SMA 20 bars back, 252 readings of 20-return volatility).
 */
const HISTORY = 320;

/**
 * Every symbol's latest closed bar as the engine has seen it: a strategy reading it during a
 * time step sees that step or earlier, never later. Kept in one typed array (the per-bar path
 * copies six numbers); `bar()` builds an object only when a strategy asks.
 *
 * A feed of one symbol's columns can say which bars come next (`follow`, from
 * PipelineSink.ahead): update() then only counts them, and the latest bar, the closes' ring, the
 * count and a started regime are brought up to date from the columns when something reads them
 * (`#sync`) or a bar outside the run comes. What a reader sees is the same either way.
 */
export class LatestBars implements MarketView {
  readonly symbols: readonly string[];
  readonly #slots: ReadonlyMap<string, number>;
  readonly #data: Float64Array;
  /** Per slot: a streaming regime once a strategy has asked for that symbol's regime. */
  readonly #regimes: (StreamingRulesRegime | undefined)[];
  /** Per slot, the last HISTORY closes (a ring), to start a regime late with the labels it would have had. */
  readonly #history: Float64Array;
  readonly #seen: Float64Array;
  /** Per slot: where the next close goes in its ring (always #seen % HISTORY). */
  readonly #next: Int32Array;
  readonly #market: MarketRegimeSource;
  #latestTime = NaN;
  /** Per slot: the columns its followed bars come from (follow), else undefined. */
  readonly #columns: (BarArrays | undefined)[];
  /**
   * Per slot, three column indexes of the followed run: the next bar update() takes, the end of
   * the run, and the first bar taken that #sync has not yet brought in.
   */
  readonly #run: Int32Array;
  /** The slots that have followed columns (#syncAll's list; one for a one-symbol feed). */
  readonly #following: number[] = [];

  constructor(symbols: readonly string[], market: MarketRegimeSource = { symbol: MARKET_INDEX }) {
    this.symbols = symbols;
    this.#regimes = symbols.map(() => undefined);
    this.#history = new Float64Array(symbols.length * HISTORY);
    this.#seen = new Float64Array(symbols.length);
    this.#next = new Int32Array(symbols.length);
    this.#market = market;
    this.#slots = new Map(symbols.map((s, i) => [s, i]));
    this.#data = new Float64Array(symbols.length * FIELDS).fill(NaN);
    this.#columns = symbols.map(() => undefined);
    this.#run = new Int32Array(symbols.length * 3);
  }

  slotOf(symbol: string): number | undefined {
    return this.#slots.get(symbol);
  }

  /**
   * The next update()s of `slot`, up to `to - from` of them, are bars [from, to) of `bars`, in
   * order (bars the engine handles, none skipped): update() only counts them.
   */
  follow(slot: number, bars: BarArrays, from: number, to: number): void {
    const run = this.#run;
    const k = slot * 3;
    // The run goes on (the next batch of the same columns).
    if (this.#columns[slot] === bars && run[k] === from) {
      run[k + 1] = to;
      return;
    }
    this.#sync(slot);
    if (this.#columns[slot] === undefined) this.#following.push(slot);
    this.#columns[slot] = bars;
    run[k] = from;
    run[k + 1] = to;
    run[k + 2] = from;
  }

  /** Small, so the engine's per-bar code inlines it: a followed bar is counted, any other copied. */
  update(slot: number, bar: Bar): void {
    const run = this.#run;
    const k = slot * 3;
    const next = run[k]!;
    if (next < run[k + 1]!) run[k] = next + 1;
    else this.#copy(slot, bar);
  }

  #copy(slot: number, bar: Bar): void {
    if (this.#columns[slot] !== undefined) this.#leave(slot);
    const d = this.#data;
    const at = slot * FIELDS;
    d[at] = bar.time;
    d[at + 1] = bar.open;
    d[at + 2] = bar.high;
    d[at + 3] = bar.low;
    d[at + 4] = bar.close;
    d[at + 5] = bar.volume;
    // Regimes cost ~100 ns a bar (a log, ring sums): only for symbols someone asked about; the
    // rest keep their recent closes (one store) so a late first question gets the right answer.
    // The ring's next place kept as a small integer: `seen % HISTORY` of a float64 count was a floating-point remainder a bar.
    const next = this.#next[slot]!;
    this.#history[slot * HISTORY + next] = bar.close;
    this.#next[slot] = next + 1 === HISTORY ? 0 : next + 1;
    this.#seen[slot]! += 1;
    this.#regimes[slot]?.update(bar.close);
    if (!(bar.time <= this.#latestTime)) this.#latestTime = bar.time;
  }

  /** A bar outside the followed run: the run's bars are brought in, and the slot copies bars again. */
  #leave(slot: number): void {
    this.#sync(slot);
    this.#columns[slot] = undefined;
    this.#run.fill(0, slot * 3, slot * 3 + 3);
    this.#following.splice(this.#following.indexOf(slot), 1);
  }

  /** Brings the followed bars update() counted into the latest bar, the ring, the count, a regime and the latest time. */
  #sync(slot: number): void {
    const columns = this.#columns[slot];
    if (columns === undefined) return;
    const run = this.#run;
    const k = slot * 3;
    const from = run[k + 2]!;
    const to = run[k]!;
    if (to === from) return;
    run[k + 2] = to;
    const last = to - 1;
    const d = this.#data;
    const at = slot * FIELDS;
    d[at] = columns.time[last]!;
    d[at + 1] = columns.open[last]!;
    d[at + 2] = columns.high[last]!;
    d[at + 3] = columns.low[last]!;
    d[at + 4] = columns.close[last]!;
    d[at + 5] = columns.volume[last]!;
    const close = columns.close;
    // The ring as if every close had been put in: only the last HISTORY are kept.
    const skip = Math.max(0, to - from - HISTORY);
    let next = (this.#next[slot]! + skip) % HISTORY;
    const ring = slot * HISTORY;
    for (let i = from + skip; i < to; i++) {
      this.#history[ring + next] = close[i]!;
      next = next + 1 === HISTORY ? 0 : next + 1;
    }
    this.#next[slot] = next;
    this.#seen[slot]! += to - from;
    const regime = this.#regimes[slot];
    if (regime !== undefined) for (let i = from; i < to; i++) regime.update(close[i]!);
    // A followed run's times rise (the validator accepted them in order): its last is its latest.
    if (!(columns.time[last]! <= this.#latestTime)) this.#latestTime = columns.time[last]!;
  }

  #syncAll(): void {
    const following = this.#following;
    for (let i = 0; i < following.length; i++) this.#sync(following[i]!);
  }

  regime(symbol?: string): RegimeView | undefined {
    this.#syncAll();
    const wanted = symbol ?? this.#market.symbol;
    const slot = this.#slots.get(wanted);
    if (slot !== undefined) return Number.isNaN(this.#data[slot * FIELDS]!) ? undefined : this.#regimeOf(slot).label();
    if (symbol !== undefined || !this.#market.at || Number.isNaN(this.#latestTime)) return undefined;
    return this.#market.at(this.#latestTime);
  }

  /** The latest close of a slot (NaN before its first bar). */
  closeAt(slot: number): number {
    this.#sync(slot);
    return this.#data[slot * FIELDS + 4]!;
  }

  /** The slot's streaming regime, started on first use from the kept closes (same labels as from the first bar). */
  #regimeOf(slot: number): StreamingRulesRegime {
    let regime = this.#regimes[slot];
    if (regime) return regime;
    regime = new StreamingRulesRegime();
    const n = this.#seen[slot]!;
    for (let i = Math.max(0, n - HISTORY); i < n; i++) regime.update(this.#history[slot * HISTORY + (i % HISTORY)]!);
    this.#regimes[slot] = regime;
    return regime;
  }

  bar(symbol: string): Bar | undefined {
    const slot = this.#slots.get(symbol);
    if (slot === undefined) return undefined;
    this.#sync(slot);
    const d = this.#data;
    const at = slot * FIELDS;
    if (Number.isNaN(d[at]!)) return undefined;
    return { time: d[at]!, open: d[at + 1]!, high: d[at + 2]!, low: d[at + 3]!, close: d[at + 4]!, volume: d[at + 5]! };
  }
}
