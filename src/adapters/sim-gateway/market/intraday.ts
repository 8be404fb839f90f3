import type { Bar } from "../../../core/bar.ts";
import { mulberry32 } from "../../../core/seeded-random.ts";
import { hash32 } from "./universe.ts";

/**
 * SIMULATED intraday prices for one daily bar: a deterministic path on a 5-second grid
 * through the regular session (09:30-16:00 New York, 4680 steps). Seeded by symbol and date,
 * it starts at the open, touches the day's high and low (in a seeded order, at seeded times),
 * ends at the close and never leaves low..high; between those points it is a Brownian
 * bridge whose noise is damped to stay inside the range. Volume is spread over the steps with a U-shaped profile and sums to the day's volume.
 */
export const STEP_SECONDS = 5;
export const SESSION_SECONDS = 6.5 * 3600;
export const STEPS = SESSION_SECONDS / STEP_SECONDS;
export const SESSION_OPEN_SECONDS = 9.5 * 3600;

export interface IntradayPath {
  /** price[k] = price at open + 5k seconds, k = 0..STEPS (STEPS+1 points). */
  readonly price: Float64Array;
  /** cumVolume[k] = volume traded in steps 0..k-1 (k = 0..STEPS). */
  readonly cumVolume: Float64Array;
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A Brownian bridge from a to b over out[from..to]; its noise is scaled down just enough to
 * stay inside [low, high] (touching a bound at most at one point, never running flat on it).
 */
function bridge(out: Float64Array, from: number, to: number, a: number, b: number, low: number, high: number, sigma: number, rand: () => number): void {
  const n = to - from;
  if (n <= 0) return;
  const w = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) w[i] = w[i - 1]! + gaussian(rand) * sigma;
  const end = w[n]!;
  let factor = 1;
  for (let i = 1; i < n; i++) {
    const line = a + ((b - a) * i) / n;
    const noise = w[i]! - (end * i) / n;
    const room = noise > 0 ? high - line : line - low;
    if (Math.abs(noise) > 0) factor = Math.min(factor, Math.max(0, room) / Math.abs(noise));
  }
  for (let i = 0; i <= n; i++) out[from + i] = a + ((b - a) * i) / n + factor * (w[i]! - (end * i) / n);
}

export function synthesizePath(symbol: string, day: Bar): IntradayPath {
  const rand = mulberry32(hash32(`${symbol}:${day.time}`));
  const { open, high, low, close, volume } = day;
  const highFirst = rand() < 0.5;
  let t1 = 1 + Math.floor(rand() * (STEPS - 2));
  let t2 = 1 + Math.floor(rand() * (STEPS - 2));
  if (t1 === t2) t2 = t1 < STEPS - 2 ? t1 + 1 : t1 - 1;
  if (t1 > t2) [t1, t2] = [t2, t1];
  const [x1, x2] = highFirst ? [high, low] : [low, high];
  const price = new Float64Array(STEPS + 1);
  const sigma = ((high - low) || open * 0.001) * 0.01;
  bridge(price, 0, t1, open, x1, low, high, sigma, rand);
  bridge(price, t1, t2, x1, x2, low, high, sigma, rand);
  bridge(price, t2, STEPS, x2, close, low, high, sigma, rand);
  for (let k = 0; k <= STEPS; k++) price[k] = Math.min(high, Math.max(low, round2(price[k]!)));
  price[0] = open;
  price[t1] = x1;
  price[t2] = x2;
  price[STEPS] = close;

  const weights = new Float64Array(STEPS);
  let total = 0;
  for (let k = 0; k < STEPS; k++) {
    const x = (k / STEPS - 0.5) * 2;
    total += weights[k] = (1 + 2 * x * x) * (0.5 + rand());
  }
  const cumVolume = new Float64Array(STEPS + 1);
  let acc = 0;
  for (let k = 0; k < STEPS; k++) {
    acc += (weights[k]! / total) * volume;
    cumVolume[k + 1] = Math.round(acc);
  }
  cumVolume[STEPS] = volume;
  return { price, cumVolume };
}

/** OHLCV over steps [from, to) of a path; high/low come from the grid points inside. */
export function aggregate(path: IntradayPath, from: number, to: number): Omit<Bar, "time"> {
  const open = path.price[from]!;
  const close = path.price[to]!;
  let high = Math.max(open, close);
  let low = Math.min(open, close);
  for (let k = from + 1; k < to; k++) {
    const p = path.price[k]!;
    if (p > high) high = p;
    if (p < low) low = p;
  }
  return { open, high, low, close, volume: path.cumVolume[to]! - path.cumVolume[from]! };
}
