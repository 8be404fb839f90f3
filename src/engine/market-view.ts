import type { Bar } from "../core/bar.ts";
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

  constructor(symbols: readonly string[], market: MarketRegimeSource = { symbol: MARKET_INDEX }) {
    this.symbols = symbols;
    this.#regimes = symbols.map(() => undefined);
    this.#history = new Float64Array(symbols.length * HISTORY);
    this.#seen = new Float64Array(symbols.length);
    this.#next = new Int32Array(symbols.length);
    this.#market = market;
    this.#slots = new Map(symbols.map((s, i) => [s, i]));
    this.#data = new Float64Array(symbols.length * FIELDS).fill(NaN);
  }

  slotOf(symbol: string): number | undefined {
    return this.#slots.get(symbol);
  }

  update(slot: number, bar: Bar): void {
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

  regime(symbol?: string): RegimeView | undefined {
    const wanted = symbol ?? this.#market.symbol;
    const slot = this.#slots.get(wanted);
    if (slot !== undefined) return Number.isNaN(this.#data[slot * FIELDS]!) ? undefined : this.#regimeOf(slot).label();
    if (symbol !== undefined || !this.#market.at || Number.isNaN(this.#latestTime)) return undefined;
    return this.#market.at(this.#latestTime);
  }

  /** The latest close of a slot (NaN before its first bar). */
  closeAt(slot: number): number {
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
    const d = this.#data;
    const at = slot * FIELDS;
    if (Number.isNaN(d[at]!)) return undefined;
    return { time: d[at]!, open: d[at + 1]!, high: d[at + 2]!, low: d[at + 3]!, close: d[at + 4]!, volume: d[at + 5]! };
  }
}
