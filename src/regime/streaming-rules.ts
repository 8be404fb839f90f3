import type { RegimeLabel } from "./labels.ts";
import type { RulesOptions } from "./rules.ts";

/**
 * The rules regime bar by bar, the same labels rulesRegimes gives in batch: update() is O(1)
 * (running sums over ring buffers, no allocation); label() ranks the current volatility
 * against the kept readings only when asked (O(lookback)).
 */
export class StreamingRulesRegime {
  readonly #smaLength: number;
  readonly #slopeBars: number;
  readonly #volWindow: number;
  readonly #volLookback: number;
  readonly #low: number;
  readonly #high: number;
  readonly #closes: Float64Array; // last smaLength closes
  readonly #smas: Float64Array; // last slopeBars + 1 SMA values
  readonly #returns: Float64Array; // last volWindow returns
  readonly #vols: Float64Array; // last volLookback + 1 vol readings (NaN while warming)
  #n = 0;
  #sum = 0;
  #retSum = 0;
  #retSumSq = 0;
  #prev = NaN;
  #lastClose = NaN;

  constructor(options: RulesOptions = {}) {
    this.#smaLength = options.smaLength ?? 200;
    this.#slopeBars = options.slopeBars ?? 20;
    this.#volWindow = options.volWindow ?? 20;
    this.#volLookback = options.volLookback ?? 252;
    this.#low = options.low ?? 1 / 3;
    this.#high = options.high ?? 2 / 3;
    this.#closes = new Float64Array(this.#smaLength);
    this.#smas = new Float64Array(this.#slopeBars + 1).fill(NaN);
    this.#returns = new Float64Array(this.#volWindow);
    this.#vols = new Float64Array(this.#volLookback + 1).fill(NaN);
  }

  update(close: number): void {
    const t = this.#n++;
    const L = this.#smaLength;
    this.#sum += close;
    if (t >= L) this.#sum -= this.#closes[t % L]!;
    this.#closes[t % L] = close;
    this.#smas[t % this.#smas.length] = t >= L - 1 ? this.#sum / L : NaN;
    let vol = NaN;
    if (t >= 1) {
      const W = this.#volWindow;
      const r = Math.log(close / this.#prev);
      const k = (t - 1) % W; // return index t-1
      if (t > W) {
        const old = this.#returns[k]!;
        this.#retSum -= old;
        this.#retSumSq -= old * old;
      }
      this.#returns[k] = r;
      this.#retSum += r;
      this.#retSumSq += r * r;
      if (t >= W) {
        const mean = this.#retSum / W;
        vol = Math.sqrt(Math.max(0, (this.#retSumSq - W * mean * mean) / (W - 1)));
      }
    }
    this.#vols[t % this.#vols.length] = vol;
    this.#prev = close;
    this.#lastClose = close;
  }

  /** The regime at the last close; both parts undefined while warming up. */
  label(): RegimeLabel {
    const t = this.#n - 1;
    if (t < 0) return { trend: undefined, vol: undefined };
    const now = this.#smas[t % this.#smas.length]!;
    const before = t >= this.#slopeBars ? this.#smas[(t - this.#slopeBars) % this.#smas.length]! : NaN;
    const close = this.#lastClose;
    const trend = Number.isNaN(now) || Number.isNaN(before) ? undefined : close > now && now > before ? "bull" : close < now && now < before ? "bear" : "sideways";
    return { trend, vol: this.#volLabel(t) };
  }

  #volLabel(t: number): RegimeLabel["vol"] {
    const size = this.#vols.length;
    const current = this.#vols[t % size]!;
    const lookback = this.#volLookback;
    if (Number.isNaN(current) || t < lookback) return undefined;
    let below = 0;
    let seen = 0;
    for (let s = t - lookback; s < t; s++) {
      const v = this.#vols[s % size]!;
      if (Number.isNaN(v)) continue;
      seen++;
      if (v < current) below++;
    }
    if (seen < lookback / 2) return undefined;
    const rank = below / seen;
    return rank < this.#low ? "low-vol" : rank > this.#high ? "high-vol" : "normal-vol";
  }
}
