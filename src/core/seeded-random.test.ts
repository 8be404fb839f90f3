import { describe, expect, test } from "bun:test";
import { mulberry32, xorshift32 } from "./seeded-random.ts";

const take = (next: () => number, n: number) => Array.from({ length: n }, next);

describe("seeded random", () => {
  test("the same seed gives the same sequence; another seed another one", () => {
    for (const gen of [mulberry32, xorshift32]) {
      expect(take(gen(42), 50)).toEqual(take(gen(42), 50));
      expect(take(gen(43), 5)).not.toEqual(take(gen(42), 5));
    }
  });

  test("known first values (the sequences simulated prices and recorded test inputs depend on)", () => {
    expect(take(mulberry32(1), 3)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    expect(take(xorshift32(1), 3)).toEqual([270369 / 4294967296, 67634689 / 4294967296, 2647435461 / 4294967296]);
  });

  test("values stay in [0, 1) and spread over it; xorshift32's seed 0 does not stick at 0", () => {
    for (const next of [mulberry32(7), xorshift32(7), xorshift32(0)]) {
      const xs = take(next, 10_000);
      expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    }
  });
});
