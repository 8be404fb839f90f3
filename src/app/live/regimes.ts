import type { RunnerRegimeRow, RunnerRegimes } from "../../adapters/sqlite/runner-regimes-repo.ts";
import type { BarSize } from "../../core/bar.ts";
import { labelText } from "../../regime/labels.ts";
import type { RegimeView } from "../../strategy/api/public-types.ts";

export interface RegimeSource {
  /** The rules regime now: of `symbol`, or of the market index without one (Engine.regime). */
  regime(symbol?: string): RegimeView | undefined;
}

/**
 * The traded symbols' (and the market index's) current rules regimes as the runner knows them,
 * read off the bar path (every few seconds, by the status writer) for the status page. `since`
 * is the market time of the last bar when a change of label was first seen here (so late by at
 * most one read interval); null when the label already held at the first look or right after
 * warm-up (when it began is not known then).
 */
export class RegimeTracker {
  readonly #source: RegimeSource;
  readonly #symbols: readonly string[];
  readonly #marketSymbol: string;
  readonly #barSize: BarSize;
  readonly #lastBarTime: (symbol: string) => number | undefined;
  readonly #seen = new Map<string, { label: string | null; since: number | null }>();

  constructor(o: { source: RegimeSource; symbols: readonly string[]; marketSymbol: string; barSize: BarSize; lastBarTime: (symbol: string) => number | undefined }) {
    this.#source = o.source;
    this.#symbols = o.symbols;
    this.#marketSymbol = o.marketSymbol;
    this.#barSize = o.barSize;
    this.#lastBarTime = o.lastBarTime;
  }

  read(): RunnerRegimes {
    const market = this.#row(this.#marketSymbol, this.#source.regime(), "market:");
    return { barSize: this.#barSize, market: market.label === null && market.asOf === null ? null : market, symbols: this.#symbols.map((s) => this.#row(s, this.#source.regime(s), "")) };
  }

  #row(symbol: string, view: RegimeView | undefined, prefix: string): RunnerRegimeRow {
    const label = view && (view.trend !== undefined || view.vol !== undefined) ? labelText(view) : null;
    const asOf = this.#lastBarTime(symbol) ?? null;
    const key = prefix + symbol;
    const before = this.#seen.get(key);
    // A change from one known label to another is seen (within one read); a label that was
    // already there, or that appeared once warm-up ended, has an unknown start.
    const since = before === undefined || before.label === null ? null : before.label === label ? before.since : asOf;
    this.#seen.set(key, { label, since });
    return { symbol, label, asOf, since: label === null ? null : since };
  }
}
