import { describe, expect, test } from "bun:test";
import type { Drawdown } from "./drawdown.ts";
import { firstPass, secondPass } from "./series-passes.ts";
import { buyAndHoldColumns, holdingColumns, HeldColumns } from "./benchmark.ts";
import { computeStats } from "./stats.ts";

/** The separate loops these passes replace, as they were: the figures must be the same doubles. */
function reference(times: Float64Array, values: Float64Array, base: number, rf: number) {
  const n = values.length;
  let sum = 0;
  let sumValues = 0;
  let prev = base;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += prev === 0 ? 0 : v / prev - 1;
    prev = v;
    sumValues += values[i]!;
  }
  const mean = sum / n;
  const mExcess = mean - rf;
  let ssRaw = 0;
  let ssExcess = 0;
  let ssDown = 0;
  prev = base;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const x = prev === 0 ? 0 : v / prev - 1;
    prev = v;
    const d = x - mean;
    ssRaw += d * d;
    const e = x - rf - mExcess;
    ssExcess += e * e;
    const down = Math.min(0, x - rf);
    ssDown += down * down;
  }
  const dd = drawdownEpisodes(times, values, base);
  return { sum, sumValues, mean, ssRaw, ssExcess, ssDown, dd };
}

/** The deepest and the longest drawdown episode, found as drawdowns() found them before firstPass. */
function drawdownEpisodes(times: Float64Array, values: Float64Array, base: number): { max: Drawdown | null; longest: Drawdown | null } {
  let max: Drawdown | null = null;
  let longest: Drawdown | null = null;
  let peak = base;
  let peakIndex = 0;
  let troughIndex = -1;
  let troughDepth = 0;
  const close = (endIndex: number, recovered: boolean) => {
    const endTime = times[endIndex]!;
    const episode: Drawdown = {
      depth: troughDepth,
      peakTime: times[peakIndex]!,
      troughTime: times[troughIndex]!,
      recoveryTime: recovered ? endTime : null,
      durationBars: endIndex - peakIndex,
      durationDays: (endTime - times[peakIndex]!) / 86_400_000,
    };
    if (max === null || episode.depth > max.depth) max = episode;
    if (longest === null || episode.durationBars > longest.durationBars) longest = episode;
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= peak) {
      if (troughIndex >= 0) close(i, true);
      troughIndex = -1;
      troughDepth = 0;
      peak = v;
      peakIndex = i;
      continue;
    }
    const depth = 1 - v / peak;
    if (troughIndex < 0 || depth > troughDepth) {
      troughIndex = i;
      troughDepth = depth;
    }
  }
  if (troughIndex >= 0) close(values.length - 1, false);
  return { max, longest };
}

function randomSeries(n: number, seed: number, special: readonly number[] = []): { times: Float64Array; values: Float64Array } {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let v = 100;
  for (let i = 0; i < n; i++) {
    times[i] = 1_600_000_000_000 + i * 60_000;
    const r = rnd();
    // Flat runs, small moves, big falls and recoveries, and the odd special value.
    v = r < 0.3 ? v : r < 0.95 ? Math.round(v * (1 + (rnd() - 0.5) * 0.02) * 100) / 100 : v * (rnd() < 0.5 ? 0.7 : 1.4);
    values[i] = special.length > 0 && rnd() < 0.02 ? special[Math.floor(rnd() * special.length)]! : v;
  }
  return { times, values };
}

describe("firstPass and secondPass", () => {
  const cases: [string, number, readonly number[]][] = [
    ["ordinary equity", 5_000, []],
    ["zeros, negative zeros, tiny and huge values", 3_000, [0, -0, 5e-324, 1e300, -3]],
    ["NaN and infinities", 2_000, [NaN, Infinity, -Infinity]],
  ];
  for (const [name, n, special] of cases) {
    test(`give the separate loops' figures bit for bit: ${name}`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const { times, values } = randomSeries(n, seed, special);
        for (const rf of [0, 1e-6]) {
          const ref = reference(times, values, 100, rf);
          const first = firstPass(times, { raw: values, scale: 1 }, 100);
          expect(Object.is(first.sumReturns, ref.sum)).toBe(true);
          expect(Object.is(first.sumValues, ref.sumValues)).toBe(true);
          expect(first.maxDrawdown).toEqual(ref.dd.max);
          expect(first.longestDrawdown).toEqual(ref.dd.longest);
          const second = secondPass({ raw: values, scale: 1 }, 100, ref.mean, rf);
          expect([second.ssRaw, second.ssExcess, second.ssDown]).toEqual([ref.ssRaw, ref.ssExcess, ref.ssDown]);
          expect(Object.is(second.ssDown, ref.ssDown)).toBe(true);
        }
      }
    });
  }
});

describe("holdingColumns", () => {
  test("scores buy-and-hold of one symbol as buyAndHoldColumns' array does, and makes that array when read", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { times, values: close } = randomSeries(4_000, seed);
      const from = times[123]! + 1;
      const held = holdingColumns({ time: times, close }, 100_000, from);
      expect(held).toBeInstanceOf(HeldColumns);
      const made = buyAndHoldColumns([{ time: times, close }], 100_000, from);
      const equity = { time: times, equity: close };
      const inPlace = computeStats({ equity, trades: [], initialCash: 100, barsPerYear: 98_280, benchmark: held });
      const fromArray = computeStats({ equity, trades: [], initialCash: 100, barsPerYear: 98_280, benchmark: made });
      expect(inPlace).toEqual(fromArray);
      expect(held.time).toEqual(made.time);
      expect(held.equity).toEqual(made.equity);
    }
  });

  test("falls back to the loop when the first close gives no shares", () => {
    const time = new Float64Array([1, 2, 3]);
    const close = new Float64Array([Infinity, 10, 20]);
    const held = holdingColumns({ time, close }, 100);
    expect(held).not.toBeInstanceOf(HeldColumns);
    expect(held.equity).toEqual(buyAndHoldColumns([{ time, close }], 100).equity);
  });
});
