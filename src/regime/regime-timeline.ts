import type { RegimeLabel } from "./labels.ts";
import { rulesRegimes, type RulesOptions } from "./rules.ts";

/**
 * A series' causal regime labels by bar, for lookups by time. `at(t)` is the label of the last
 * bar that had CLOSED by time t (its start + barMs <= t): what was knowable at t.
 */
export class RegimeTimeline {
  readonly #ends: Float64Array;
  readonly #labels: readonly RegimeLabel[];

  constructor(times: ArrayLike<number>, labels: readonly RegimeLabel[], barMs: number) {
    this.#ends = Float64Array.from(times, (t) => t + barMs);
    this.#labels = labels;
  }

  static rules(times: ArrayLike<number>, closes: ArrayLike<number>, barMs: number, options?: RulesOptions): RegimeTimeline {
    return new RegimeTimeline(times, rulesRegimes(closes, options), barMs);
  }

  /** The label known at time t, undefined before the first bar closed. */
  at(t: number): RegimeLabel | undefined {
    let lo = 0;
    let hi = this.#ends.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.#ends[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : this.#labels[found];
  }
}
