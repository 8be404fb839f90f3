import { describe, expect, test } from "bun:test";
import { barArrays } from "../../core/bar.ts";
import { forwardReturnLabels, parseLabelSpec, tripleBarrierLabels, uniquenessWeights } from "./labels.ts";

describe("labels", () => {
  test("forward return labels look exactly N bars ahead; the last N are unknown", () => {
    const close = Float64Array.of(100, 101, 99, 102, 102);
    const l = forwardReturnLabels(close, 2);
    expect([...l.y]).toEqual([0, 1, 1, NaN, NaN]);
    expect(l.forwardReturn[0]).toBeCloseTo(Math.log(0.99), 12);
    expect([...l.end]).toEqual([2, 3, 4, 5, 6]);
    expect([...forwardReturnLabels(close, 1, 0.015).y.slice(0, 3)]).toEqual([0, 0, 1]);
  });

  test("triple barrier: first barrier touched wins; a bar touching both is the stop", () => {
    const flat = Array.from({ length: 5 }, (_, i) => ({ time: i, open: 100, high: 100.5 + (i % 2), low: 99.5 - (i % 2), close: 100 + (i % 2) * 0.5, volume: 1 }));
    const up = { time: 5, open: 100, high: 130, low: 99.9, close: 125, volume: 1 };
    const both = { time: 6, open: 125, high: 200, low: 50, close: 125, volume: 1 };
    const bars = barArrays([...flat, up, both, { ...both, time: 7, high: 126, low: 124 }]);
    const l = tripleBarrierLabels(bars, { profit: 1, stop: 1, maxHold: 3, volWindow: 3 });
    expect(l.y[4]).toBe(1); // bar 5's high crosses the profit barrier first
    expect(l.end[4]).toBe(5);
    expect(l.y[5]).toBe(0); // bar 6 touches both: counted as the stop
    expect(l.y[2]).toBeNaN(); // volatility window not complete
  });

  test("uniqueness weights: overlapping labels share the bars they cover", () => {
    // label 0 covers bars 1..2, label 1 covers 2..3, label 2 covers 3..3 alone... except label 1
    const w = uniquenessWeights([0, 1, 5], [2, 3, 6]);
    expect(w[0]).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(w[1]).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(w[2]).toBe(1);
  });

  test("label flags are parsed with the expected form in the error", () => {
    expect(parseLabelSpec("fwd-ret:5")).toEqual({ ok: true, spec: { kind: "fwd-ret", horizon: 5, threshold: 0 } });
    expect(parseLabelSpec("triple-barrier:2:1:10")).toEqual({ ok: true, spec: { kind: "triple-barrier", profit: 2, stop: 1, maxHold: 10, volWindow: 20 } });
    expect(parseLabelSpec("fwd-ret:0")).toMatchObject({ ok: false, error: expect.stringContaining("fwd-ret:HORIZON") });
    expect(parseLabelSpec("up:3")).toMatchObject({ ok: false, error: expect.stringContaining("expected fwd-ret:N") });
  });
});
