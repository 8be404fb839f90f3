import { describe, expect, test } from "bun:test";
import type { Bar, BarArrays } from "../bar.ts";
import { DataValidator, minMoveScale } from "./data-validator.ts";

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const bar = (i: number, close: number, extra: Partial<Bar> = {}): Bar => ({
  time: T0 + i * MIN, open: close, high: close * 1.001, low: close * 0.999, close, volume: 100, ...extra,
});

/** 30 one-minute bars wiggling +-0.1% around 100, so the window has a sigma. */
function warmed(): DataValidator {
  const v = new DataValidator({ barMs: MIN, outlierSigma: 6 });
  for (let i = 0; i < 30; i++) expect(v.checkBar("AAPL", bar(i, i % 2 === 0 ? 100 : 100.1)).kind).toBe("accepted");
  return v;
}

describe("DataValidator", () => {
  test("rejects non-finite, zero/negative and inconsistent bars, naming the field", () => {
    const v = new DataValidator({ barMs: MIN });
    expect(v.checkBar("X", bar(0, Number.NaN))).toMatchObject({ reason: "non-finite", detail: "open=NaN" });
    expect(v.checkBar("X", bar(0, 10, { low: 0 }))).toMatchObject({ reason: "non-positive", detail: "low=0" });
    expect(v.checkBar("X", bar(0, 10, { volume: -1 }))).toMatchObject({ reason: "non-positive" });
    expect(v.checkBar("X", bar(0, 10, { high: 9, low: 9.5 }))).toMatchObject({ reason: "inconsistent", detail: "high=9 < low=9.5" });
    expect(v.counts()).toMatchObject({ "non-finite": 1, "non-positive": 2, inconsistent: 1, accepted: 0 });
  });

  test("rejects out-of-order and duplicate bars per symbol", () => {
    const v = new DataValidator({ barMs: MIN });
    expect(v.checkBar("X", bar(5, 10)).kind).toBe("accepted");
    expect(v.checkBar("X", bar(4, 10))).toMatchObject({ reason: "out-of-order" });
    expect(v.checkBar("X", bar(5, 10))).toMatchObject({ reason: "duplicate" });
    expect(v.checkBar("Y", bar(4, 10)).kind).toBe("accepted");
  });

  test("stale when the bar ended more than maxAgeMs before now; no age check without now", () => {
    const v = new DataValidator({ barMs: MIN, maxAgeMs: 5_000 });
    const b = bar(0, 10);
    expect(v.checkBar("X", b, b.time + MIN + 5_001)).toMatchObject({ reason: "stale" });
    expect(v.checkBar("X", b, b.time + MIN + 5_000).kind).toBe("accepted");
    expect(v.checkBar("X", bar(1, 10)).kind).toBe("accepted");
  });

  test("a spike beyond the configured sigma is rejected and does not move the state", () => {
    const v = warmed();
    expect(v.checkBar("AAPL", bar(30, 110, { high: 110.1 }))).toMatchObject({ reason: "outlier" });
    expect(v.checkBar("AAPL", bar(31, 100.05)).kind).toBe("accepted");
    expect(v.counts()).toMatchObject({ outlier: 1, accepted: 31 });
  });

  test("a move inside the sigma band passes", () => {
    const v = warmed();
    expect(v.checkBar("AAPL", bar(30, 100.2)).kind).toBe("accepted");
  });

  test("three outliers in a row at one level are a real move: the third is accepted", () => {
    const v = warmed();
    expect(v.checkBar("AAPL", bar(30, 120)).kind).toBe("rejected");
    expect(v.checkBar("AAPL", bar(31, 120.05)).kind).toBe("rejected");
    expect(v.checkBar("AAPL", bar(32, 120.1)).kind).toBe("accepted");
    expect(v.checkBar("AAPL", bar(33, 120.0)).kind).toBe("accepted");
  });

  test("a quiet, smooth series: a normal 0.4% move is many sigmas but under the minimum move, so it passes", () => {
    const v = new DataValidator({ barMs: MIN, outlierSigma: 6 });
    for (let i = 0; i < 30; i++) expect(v.checkBar("KO", bar(i, 60 * (1 + 0.0001 * i))).kind).toBe("accepted");
    const last = 60 * (1 + 0.0001 * 29);
    expect(v.checkBar("KO", bar(30, last * 1.004)).kind).toBe("accepted");
    expect(v.counts()).toMatchObject({ outlier: 0 });
  });

  test("the minimum move is configurable: at 0.1% the same 0.4% jump in a quiet series is an outlier", () => {
    const v = new DataValidator({ barMs: MIN, outlierSigma: 6, outlierMinMovePct: 0.1 });
    for (let i = 0; i < 30; i++) v.checkBar("KO", bar(i, 60 * (1 + 0.0001 * i)));
    expect(v.checkBar("KO", bar(30, 60 * (1 + 0.0001 * 29) * 1.004))).toMatchObject({ reason: "outlier" });
  });

  test("a steady 0.5% drift per bar is never an outlier", () => {
    const v = new DataValidator({ barMs: MIN, outlierSigma: 6 });
    for (let i = 0; i < 200; i++) expect(v.checkBar("NVDA", bar(i, 100 * 1.005 ** i)).kind).toBe("accepted");
  });

  test("a 20% spike is rejected, and honest bars after it are judged over the time since the last accepted bar (no cascade)", () => {
    const v = warmed();
    expect(v.checkBar("AAPL", bar(30, 120))).toMatchObject({ reason: "outlier" });
    // Two bars after the last accepted close (100.1), 0.8% higher: 5+ sigma of this quiet series, yet a normal move.
    expect(v.checkBar("AAPL", bar(31, 100.9)).kind).toBe("accepted");
    for (let i = 32; i < 60; i++) expect(v.checkBar("AAPL", bar(i, i % 2 === 0 ? 100.9 : 101)).kind).toBe("accepted");
    expect(v.counts()).toMatchObject({ outlier: 1 });
  });

  test("quotes: crossed and stale are rejected, locked is allowed", () => {
    const v = new DataValidator({ barMs: MIN, maxAgeMs: 2_000 });
    expect(v.checkQuote("X", { time: T0, bid: 10.02, ask: 10.01 })).toMatchObject({ reason: "crossed", detail: "bid=10.02 > ask=10.01" });
    expect(v.checkQuote("X", { time: T0, bid: 10, ask: 10 }).kind).toBe("accepted");
    expect(v.checkQuote("X", { time: T0, bid: 10, ask: 10.01 }, T0 + 2_001)).toMatchObject({ reason: "stale" });
    expect(v.checkQuote("X", { time: T0, bid: -1, ask: 10.01 })).toMatchObject({ reason: "non-positive" });
    expect(v.counts()).toMatchObject({ crossed: 1, stale: 1, "non-positive": 1, accepted: 1 });
  });

  test("the least outlier move grows with the bar's trading length: 3% on 5-minute bars, 26.5% on daily bars", () => {
    expect(minMoveScale(MIN)).toBe(1);
    expect(minMoveScale(5 * MIN)).toBe(1);
    expect(minMoveScale(60 * MIN)).toBeCloseTo(Math.sqrt(12), 12);
    expect(3 * minMoveScale(86_400_000)).toBeCloseTo(26.5, 1);
    const DAY = 86_400_000;
    const daily = (i: number, close: number): Bar => ({ time: T0 + i * DAY, open: close, high: close, low: close, close, volume: 1 });
    const v = new DataValidator({ barMs: DAY, outlierSigma: 6 });
    for (let i = 0; i < 30; i++) v.checkBar("SPX", daily(i, i % 2 === 0 ? 100 : 100.5));
    expect(v.checkBar("SPX", daily(30, 91)).kind).toBe("accepted"); // a 9% crash day is a market day
    expect(v.checkBar("SPX", daily(31, 45)).kind).toBe("rejected"); // halving in a day is bad data
  });

  test("acceptRun over columns gives every bar the verdict checkBar gives it, and leaves the same state", () => {
    // A seeded walk with what the validator judges: spikes that revert (outliers), a new level held
    // for three bars (confirmed), gaps of whole and half bars, bad shapes, a repeated and an earlier time.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const n = 6_000;
    const cols: BarArrays = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    let time = T0;
    let price = 100;
    for (let i = 0; i < n; i++) {
      const u = random();
      time += u < 0.02 ? MIN * (2 + Math.floor(random() * 30)) : u < 0.03 ? MIN * 1.5 : u < 0.035 ? 0 : u < 0.04 ? -MIN : MIN;
      price *= 1 + (random() - 0.5) * 0.004;
      if (random() < 0.01) price *= 1.2; // a level change (held) or, undone below, a spike
      const close = random() < 0.01 ? price * 0.8 : price;
      const bad = random();
      cols.time[i] = time;
      cols.open[i] = close;
      cols.high[i] = bad < 0.005 ? close * 0.9 : close * 1.001;
      cols.low[i] = bad < 0.01 && bad >= 0.005 ? Number.NaN : close * 0.999;
      cols.close[i] = close;
      cols.volume[i] = 100;
    }
    const at = (i: number): Bar => ({ time: cols.time[i]!, open: cols.open[i]!, high: cols.high[i]!, low: cols.low[i]!, close: cols.close[i]!, volume: cols.volume[i]! });
    const one = new DataValidator({ barMs: MIN });
    const expected = Array.from({ length: n }, (_, i) => one.checkBar("X", at(i)));
    const runs = new DataValidator({ barMs: MIN });
    const got: string[] = [];
    for (let i = 0; i < n; ) {
      const accepted = runs.acceptRun("X", cols, i, Math.min(n, i + 97));
      for (let k = 0; k < accepted; k++) got.push("accepted");
      i += accepted;
      if (i < n && accepted === 0) {
        const check = runs.checkBar("X", at(i++));
        got.push(check.kind === "accepted" ? "accepted" : check.reason);
      }
    }
    expect(got).toEqual(expected.map((c) => (c.kind === "accepted" ? "accepted" : c.reason)));
    const counts = one.counts();
    expect(runs.counts()).toEqual(counts);
    expect(counts.outlier).toBeGreaterThan(10);
    expect(counts.inconsistent + counts["non-finite"] + counts.duplicate + counts["out-of-order"]).toBeGreaterThan(40);
    // The same state after: the next bars get the same verdicts.
    for (const close of [cols.close[n - 1]! * 1.001, cols.close[n - 1]! * 1.3, cols.close[n - 1]!]) {
      time += MIN;
      const next = { time, open: close, high: close, low: close, close, volume: 1 };
      expect(runs.checkBar("X", next)).toEqual(one.checkBar("X", next));
    }
    expect(new DataValidator({ barMs: MIN }).acceptRun("X", cols, 0, n)).toBe(0); // an unknown symbol: checkBar's first bar
  });
});
