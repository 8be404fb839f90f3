import { describe, expect, test } from "bun:test";
import { ledoitWolf } from "./covariance.ts";
import { RollingCovariance } from "./rolling-covariance.ts";
import { portfolioVolatility, riskParityWeights, targetVolWeights } from "./portfolio-weights.ts";
import { mulberry32 } from "./seeded-random.ts";

function normals(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

/** A and B move identically; C independently; all with daily sigma 1%. */
function universe(n: number): number[][] {
  const a = normals(1, n);
  const c = normals(2, n);
  return a.map((x, t) => [0.01 * x, 0.01 * x, 0.01 * c[t]!]);
}

describe("correlation-aware weights", () => {
  test("two perfectly correlated symbols together get the weight one uncorrelated symbol gets", () => {
    const rows = universe(500);
    const sample = ledoitWolf(rows, 3);
    const w = riskParityWeights(sample.cov, 3);
    expect(w[0]! + w[1]!).toBeCloseTo(w[2]!, 2);
    expect(w[0]).toBeCloseTo(w[1]!, 12);
    // Without shrinkage (the raw sample covariance) the split is exact.
    const raw = new Float64Array(9);
    const m = [0, 1, 2].map((i) => rows.reduce((s, r) => s + r[i]!, 0) / rows.length);
    for (const r of rows) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) raw[i * 3 + j]! += ((r[i]! - m[i]!) * (r[j]! - m[j]!)) / rows.length;
    const exact = riskParityWeights(raw, 3);
    expect(exact[0]! + exact[1]!).toBeCloseTo(exact[2]!, 2);
    expect(Array.from(exact).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  test("uncorrelated symbols get inverse-volatility weights", () => {
    const a = normals(3, 2000);
    const b = normals(4, 2000);
    const rows = a.map((x, t) => [0.01 * x, 0.02 * b[t]!]);
    const w = riskParityWeights(ledoitWolf(rows, 2).cov, 2);
    expect(w[0]! / w[1]!).toBeCloseTo(2, 0);
  });

  test("target-vol scales the portfolio to the target, never above 100% of equity", () => {
    const rows = universe(500);
    const { cov } = ledoitWolf(rows, 3);
    const w = targetVolWeights(cov, 3, 0.004);
    expect(portfolioVolatility(cov, w)).toBeCloseTo(0.004, 6);
    const capped = targetVolWeights(cov, 3, 1);
    expect(Array.from(capped).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });

  test("the rolling window is unknown (NaN) until full and uses only full cross-sections", () => {
    const rc = new RollingCovariance(2, 3);
    rc.update([100, 50]);
    rc.update([101, NaN]); // B has no bar this step: no row
    rc.update([102, 51]);
    rc.update([101, 50]);
    expect(rc.ready).toBe(false);
    expect(Number.isNaN(rc.covariance()[0]!)).toBe(true);
    rc.update([103, 52]);
    expect(rc.ready).toBe(true);
    expect(rc.covariance()[0]).toBeGreaterThan(0);
  });

  test("closes given one symbol at a time (close, endStep) make the same rows as whole steps (update)", () => {
    const steps = [[100, 50], [101, NaN], [102, 51], [101, 50], [103, 52], [104, 51]];
    const whole = new RollingCovariance(2, 3);
    const bySymbol = new RollingCovariance(2, 3);
    for (const step of steps) {
      whole.update(step);
      step.forEach((c, slot) => Number.isNaN(c) || bySymbol.close(slot, c));
      bySymbol.endStep();
    }
    expect([bySymbol.version, bySymbol.ready]).toEqual([4, true]);
    expect(Array.from(bySymbol.covariance())).toEqual(Array.from(whole.covariance()));
  });
});
