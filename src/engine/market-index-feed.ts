import type { Bar } from "../core/bar.ts";
import type { MarketDataSink } from "./ports.ts";
import type { MarketRegimeSource } from "./market-view.ts";
import { StreamingRulesRegime } from "../regime/streaming-rules.ts";

/**
 * The market index followed as data only (never traded, no strategy, no orders): its bars,
 * backfill included, feed a streaming rules regime, so a `--regime-filter` on the market
 * regime knows it in a run that does not trade the index. `source` plugs into the engine
 * (ctx.market.regime() and the filter read it): the regime at the index's latest bar known
 * (it streams apart from the traded symbols, so live that is what is knowable now).
 * A run records the bars it takes (`watch`) and a replay feeds them back in the same order.
 */
export class MarketIndexFeed implements MarketDataSink {
  readonly symbol: string;
  readonly #regime = new StreamingRulesRegime();
  #lastTime = NaN;
  #watcher: ((symbol: string, bar: Bar) => void) | undefined;

  constructor(symbol: string) {
    this.symbol = symbol;
  }

  bar(_slot: number, bar: Bar): void {
    // A repeated or older bar (a resubscription's overlap) must not count twice.
    if (bar.time <= this.#lastTime) return;
    this.#regime.update(bar.close);
    this.#lastTime = bar.time;
    this.#watcher?.(this.symbol, bar);
  }

  /** Told of every bar the regime takes (the run's recorder); returns the way to stop. */
  watch(watcher: (symbol: string, bar: Bar) => void): () => void {
    this.#watcher = watcher;
    return () => {
      if (this.#watcher === watcher) this.#watcher = undefined;
    };
  }

  timeEnd(): void {}

  /** Market time of the index's last bar; undefined before the first. */
  get lastTime(): number | undefined {
    return Number.isNaN(this.#lastTime) ? undefined : this.#lastTime;
  }

  get source(): MarketRegimeSource {
    return { symbol: this.symbol, at: () => (Number.isNaN(this.#lastTime) ? undefined : this.#regime.label()) };
  }
}
