import type { BarArrays } from "../../core/bar.ts";

export type LabelSpec =
  | { readonly kind: "fwd-ret"; readonly horizon: number; readonly threshold: number }
  | { readonly kind: "triple-barrier"; readonly profit: number; readonly stop: number; readonly maxHold: number; readonly volWindow: number };

/**
 * Per bar: the label (1/0, NaN when the future needed is not in the data), the forward log
 * return it stands for, and the index of the last bar its outcome looks at (for purging).
 */
export interface Labels {
  readonly y: Float64Array;
  readonly forwardReturn: Float64Array;
  readonly end: Int32Array;
}

export function labelName(s: LabelSpec): string {
  return s.kind === "fwd-ret" ? `fwd-ret:${s.horizon}${s.threshold ? `:${s.threshold}` : ""}` : `triple-barrier:${s.profit}:${s.stop}:${s.maxHold}:${s.volWindow}`;
}

/** Parses "fwd-ret:5", "fwd-ret:5:0.002", "triple-barrier:2:1:10[:20]"; errors say the expected form. */
export function parseLabelSpec(text: string): { ok: true; spec: LabelSpec } | { ok: false; error: string } {
  const [kind, ...rest] = text.split(":");
  const nums = rest.map(Number);
  if (nums.some((n) => !Number.isFinite(n))) return { ok: false, error: `--label '${text}': parameters must be numbers` };
  if (kind === "fwd-ret") {
    const [h = 1, th = 0] = nums;
    if (nums.length > 2 || !Number.isInteger(h) || h < 1) return { ok: false, error: `--label '${text}': expected fwd-ret:HORIZON[:THRESHOLD], HORIZON a whole number of bars >= 1` };
    return { ok: true, spec: { kind, horizon: h, threshold: th } };
  }
  if (kind === "triple-barrier") {
    const [pt = 2, sl = 1, hold = 10, vw = 20] = nums;
    if (nums.length > 4 || !(pt > 0) || !(sl > 0) || !Number.isInteger(hold) || hold < 1 || !Number.isInteger(vw) || vw < 2) {
      return { ok: false, error: `--label '${text}': expected triple-barrier:PROFIT:STOP:MAX_HOLD[:VOL_WINDOW] (profit and stop in volatility units > 0, bars >= 1)` };
    }
    return { ok: true, spec: { kind, profit: pt, stop: sl, maxHold: hold, volWindow: vw } };
  }
  return { ok: false, error: `--label '${text}': expected fwd-ret:N[:THRESHOLD] or triple-barrier:PT:SL:MAX_HOLD[:VOL_WINDOW]` };
}

export function computeLabels(bars: BarArrays, spec: LabelSpec): Labels {
  return spec.kind === "fwd-ret" ? forwardReturnLabels(bars.close, spec.horizon, spec.threshold) : tripleBarrierLabels(bars, spec);
}

/** 1 when the log return from this close to the close `horizon` bars later exceeds `threshold`. */
export function forwardReturnLabels(close: Float64Array, horizon: number, threshold = 0): Labels {
  const n = close.length;
  const y = new Float64Array(n).fill(NaN), fr = new Float64Array(n).fill(NaN), end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    end[i] = i + horizon;
    if (i + horizon >= n) continue;
    const r = Math.log(close[i + horizon]! / close[i]!);
    fr[i] = r;
    y[i] = r > threshold ? 1 : 0;
  }
  return { y, forwardReturn: fr, end };
}

/**
 * Triple barrier: from this close, a profit barrier at +profit x sigma and a stop at
 * -stop x sigma in log price, sigma = the per-bar volatility of the last volWindow returns
 * (known at this bar) times sqrt(maxHold). 1 when the profit barrier is touched first (by a
 * later bar's high), 0 when the stop is (a bar touching both counts as the stop), else the
 * sign of the return at maxHold bars.
 */
export function tripleBarrierLabels(bars: BarArrays, s: { profit: number; stop: number; maxHold: number; volWindow: number }): Labels {
  const { close, high, low } = bars;
  const n = close.length;
  const y = new Float64Array(n).fill(NaN), fr = new Float64Array(n).fill(NaN), end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    end[i] = Math.min(n - 1, i + s.maxHold);
    if (i < s.volWindow) continue;
    let mean = 0;
    for (let k = i - s.volWindow + 1; k <= i; k++) mean += Math.log(close[k]! / close[k - 1]!);
    mean /= s.volWindow;
    let ss = 0;
    for (let k = i - s.volWindow + 1; k <= i; k++) ss += (Math.log(close[k]! / close[k - 1]!) - mean) ** 2;
    const sigma = Math.sqrt(ss / (s.volWindow - 1)) * Math.sqrt(s.maxHold);
    const up = close[i]! * Math.exp(s.profit * sigma), down = close[i]! * Math.exp(-s.stop * sigma);
    let label = NaN, j = i + 1;
    for (; j <= i + s.maxHold && j < n; j++) {
      if (low[j]! <= down) {
        label = 0;
        break;
      }
      if (high[j]! >= up) {
        label = 1;
        break;
      }
    }
    if (label !== label) {
      if (i + s.maxHold >= n) continue; // outcome not in the data yet
      j = i + s.maxHold;
      label = close[j]! > close[i]! ? 1 : 0;
    }
    end[i] = j;
    y[i] = label;
    fr[i] = Math.log(close[j]! / close[i]!);
  }
  return { y, forwardReturn: fr, end };
}

/**
 * Uniqueness weights (López de Prado): each label's average of 1 / (number of labels whose
 * window [start + 1, end] covers the bar) over its own window, for the given label rows.
 */
export function uniquenessWeights(start: ArrayLike<number>, end: ArrayLike<number>): Float64Array {
  let maxEnd = 0;
  for (let i = 0; i < end.length; i++) maxEnd = Math.max(maxEnd, end[i]!);
  const conc = new Float64Array(maxEnd + 2);
  for (let i = 0; i < start.length; i++) {
    conc[start[i]! + 1]! += 1;
    conc[end[i]! + 1]! -= 1;
  }
  for (let t = 1; t < conc.length; t++) conc[t]! += conc[t - 1]!;
  const w = new Float64Array(start.length);
  for (let i = 0; i < start.length; i++) {
    let s = 0, len = 0;
    for (let t = start[i]! + 1; t <= end[i]!; t++, len++) s += 1 / conc[t]!;
    w[i] = len ? s / len : 1;
  }
  return w;
}
