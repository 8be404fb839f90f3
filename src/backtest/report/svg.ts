import { extremaMask } from "../stats/extrema-mask.ts";

/** Plot area inside an SVG of width x height user units. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function frame(height: number): Frame {
  return { width: 960, height, left: 70, right: 16, top: 14, bottom: 26 };
}

export type Scale = (v: number) => number;

export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Round numbers (1, 2, 5 x 10^k) covering min..max, about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Calendar ticks for a time axis: years, months or days, at most about `max` of them. */
export function timeTicks(t0: number, t1: number, max = 10): { time: number; label: string }[] {
  const days = (t1 - t0) / 86_400_000;
  const out: { time: number; label: string }[] = [];
  const start = new Date(t0);
  if (days > 3 * 365) {
    const every = Math.ceil(days / 365 / max);
    for (let y = start.getUTCFullYear() + 1; ; y++) {
      const t = Date.UTC(y, 0, 1);
      if (t > t1) break;
      if (y % every === 0) out.push({ time: t, label: String(y) });
    }
  } else if (days > 60) {
    const every = Math.ceil(days / 30.4 / max);
    for (let m = start.getUTCMonth() + 1; ; m++) {
      const t = Date.UTC(start.getUTCFullYear(), m, 1);
      if (t > t1) break;
      const d = new Date(t);
      if (d.getUTCMonth() % every === 0) out.push({ time: t, label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` });
    }
  } else {
    const every = Math.max(1, Math.ceil(days / max));
    for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1); t <= t1; t += every * 86_400_000) {
      const d = new Date(t);
      out.push({ time: t, label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}` });
    }
  }
  return out;
}

/**
 * At most 2 x buckets points for drawing: each bucket of consecutive points keeps its lowest and
 * highest value in time order, so spikes and crashes stay visible at any length.
 */
export function downsample(times: ArrayLike<number>, values: ArrayLike<number>, buckets: number): { t: number[]; v: number[] } {
  const n = values.length;
  if (n <= 2 * buckets) return { t: Array.from(times), v: Array.from(values) };
  const keep = extremaMask(values, buckets);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    if (keep[i] === 0) continue;
    t.push(times[i]!);
    v.push(values[i]!);
  }
  return { t, v };
}

/** SVG path data through the points, coordinates rounded to 0.1 unit to keep the file small. */
export function linePath(xs: readonly number[], ys: readonly number[]): string {
  let d = "";
  for (let i = 0; i < xs.length; i++) d += `${i === 0 ? "M" : "L"}${r(xs[i]!)},${r(ys[i]!)}`;
  return d;
}

export function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
