import { causalHmmStates } from "./causal-hmm.ts";
import { hmmVolLabel, type RegimeLabel } from "./labels.ts";
import { logReturns } from "./log-returns.ts";
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

  /**
   * Trend from the rules, volatility from a causal HMM of `states` states (refitted yearly on
   * past returns only; state 0 low-vol, the last high-vol); unknown before the first fit.
   */
  static hmm(times: ArrayLike<number>, closes: ArrayLike<number>, barMs: number, states = 2): RegimeTimeline {
    const rules = rulesRegimes(closes);
    const hmm = causalHmmStates(logReturns(closes), { states });
    const labels = rules.map((r, i) => {
      const s = i === 0 ? -1 : hmm[i - 1]!;
      return { trend: r.trend, vol: s < 0 ? undefined : hmmVolLabel(s, states) };
    });
    return new RegimeTimeline(times, labels, barMs);
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
