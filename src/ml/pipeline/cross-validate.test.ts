import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../../adapters/embedded/sp500.ts";
import type { BarArrays } from "../../core/bar.ts";
import { barArrays } from "../../core/bar.ts";
import { DEFAULT_FEATURE_SPEC } from "../features/spec.ts";
import { parseLabelSpec, type LabelSpec } from "../labels/labels.ts";
import { matrix } from "../models/matrix.ts";
import { crossValidate, type CvOptions } from "./cross-validate.ts";
import { barDataset, tableDataset, type Dataset } from "./dataset.ts";

const spx = barArrays(embeddedBars());
const label = (text: string): LabelSpec => {
  const r = parseLabelSpec(text);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
};
const slice = (b: BarArrays, to: number): BarArrays => ({
  time: b.time.slice(0, to), open: b.open.slice(0, to), high: b.high.slice(0, to), low: b.low.slice(0, to), close: b.close.slice(0, to), volume: b.volume.slice(0, to),
});
const fast = { gbt: { rounds: 60 }, rf: { trees: 40 } } as const;

/** Time -> probability of every out-of-sample row. */
function predictionsByTime(d: Dataset, opts: CvOptions, kinds: ("lr" | "gbt")[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of crossValidate(d, kinds, opts).results) r.oosRows.forEach((row, k) => out.set(`${r.kind}@${d.time[row]}`, r.oosProb[k]!));
  return out;
}

describe("validation without look-ahead", () => {
  test("changing every bar after t changes no prediction at or before t", () => {
    const bars = slice(spx, 1400);
    const t = bars.time[1100]!;
    const changed: BarArrays = {
      ...bars,
      open: bars.open.map((v, i) => (bars.time[i]! > t ? v * (1 + 0.05 * Math.sin(i)) : v)),
      high: bars.high.map((v, i) => (bars.time[i]! > t ? v * 1.2 : v)),
      low: bars.low.map((v, i) => (bars.time[i]! > t ? v * 0.7 : v)),
      close: bars.close.map((v, i) => (bars.time[i]! > t ? v * (1 + 0.1 * Math.cos(i)) : v)),
      volume: bars.volume.map((v, i) => (bars.time[i]! > t ? v * 3 : v)),
    };
    for (const opts of [
      { cv: "time", trainEnd: bars.time[900]!, embargo: 5, folds: 5, seed: 1, params: fast },
      { cv: "walk-forward", embargo: 5, folds: 4, seed: 1, params: fast },
    ] satisfies CvOptions[]) {
      const a = predictionsByTime(barDataset([{ symbol: "SPX", bars }], DEFAULT_FEATURE_SPEC, label("fwd-ret:5")), opts, ["lr", "gbt"]);
      const b = predictionsByTime(barDataset([{ symbol: "SPX", bars: changed }], DEFAULT_FEATURE_SPEC, label("fwd-ret:5")), opts, ["lr", "gbt"]);
      let compared = 0, differing = 0;
      for (const [key, p] of a) {
        const time = Number(key.split("@")[1]);
        if (time <= t) {
          expect(b.get(key)).toBe(p);
          compared++;
        } else if (b.get(key) !== p) differing++;
      }
      expect(compared).toBeGreaterThan(100);
      expect(differing).toBeGreaterThan(0); // the change after t does reach later predictions
    }
  });

  test("daily S&P 500 direction is a coin flip out of sample, and a feature peeking one bar ahead shows up", () => {
    const d = barDataset([{ symbol: "SPX", bars: spx }], DEFAULT_FEATURE_SPEC, label("fwd-ret:5"));
    const opts: CvOptions = { cv: "purged-kfold", embargo: 5, folds: 5, seed: 1 };
    const honest = crossValidate(d, ["lr"], opts).results[0]!.summary.auc;
    // The same rows plus one column: the log return of the NEXT bar (a one-bar look-ahead).
    const next = new Map<number, number>();
    for (let i = 0; i + 1 < spx.time.length; i++) next.set(spx.time[i]!, Math.log(spx.close[i + 1]! / spx.close[i]!));
    const cols = d.x.cols + 1;
    const x = matrix(d.x.rows, cols);
    for (let i = 0; i < d.x.rows; i++) {
      x.data.set(d.x.data.subarray(i * d.x.cols, (i + 1) * d.x.cols), i * cols);
      x.data[i * cols + cols - 1] = next.get(d.time[i]!)!;
    }
    const leaky = tableDataset([...d.names, "peek"], d.time, x, d.forwardReturn, true);
    const leakyAuc = crossValidate(leaky, ["lr"], { ...opts }).results[0]!.summary.auc;
    expect(honest).toBeGreaterThan(0.44);
    expect(honest).toBeLessThan(0.56);
    expect(leakyAuc).toBeGreaterThan(honest + 0.1);
  });

  test("purged k-fold never trains on a row whose label window overlaps the test block", () => {
    const d = barDataset([{ symbol: "SPX", bars: slice(spx, 800) }], { ...DEFAULT_FEATURE_SPEC, indicators: [] }, label("fwd-ret:10"));
    const { folds } = crossValidate(d, ["lr"], { cv: "purged-kfold", embargo: 3, folds: 4, seed: 1 });
    expect(folds.length).toBe(4);
    for (const f of folds) {
      const from = d.spans.at[f.test[0]!]!, to = d.spans.at[f.test[f.test.length - 1]!]!;
      for (const r of f.train) {
        const a = d.spans.at[r]!, e = d.spans.end[r]!;
        expect(a > to + 3 || e < from).toBe(true);
      }
    }
  });
});

describe("cross-validation on workers", () => {
  test("spreading the model x fold fits over workers gives the in-process results and progress lines exactly", async () => {
    const { crossValidateParallel } = await import("./fold-pool.ts");
    const d = barDataset([{ symbol: "SPX", bars: slice(spx, 700) }], DEFAULT_FEATURE_SPEC, label("fwd-ret:5"), { weights: true });
    const opts: CvOptions = { cv: "purged-kfold", embargo: 5, folds: 3, seed: 4, params: { gbt: { rounds: 30 }, rf: { trees: 10 } } };
    const lines: string[][] = [[], []];
    const inline = crossValidate(d, ["lr", "gbt", "rf"], { ...opts, onProgress: (m) => lines[0]!.push(m) }).results;
    const spread = (await crossValidateParallel(d, ["lr", "gbt", "rf"], { ...opts, onProgress: (m) => lines[1]!.push(m) }, 2)).results;
    expect(lines[1]).toEqual(lines[0]!);
    expect(lines[0]!.length).toBe(9);
    for (let k = 0; k < 3; k++) {
      expect(spread[k]!.oosProb).toEqual(inline[k]!.oosProb);
      expect(spread[k]!.permutationImportance).toEqual(inline[k]!.permutationImportance);
      expect(spread[k]!.model.predict(d.x)).toEqual(inline[k]!.model.predict(d.x));
    }
  });

  test("a fit's bad parameters come back from a worker as the RangeError train reports as the user's", async () => {
    const { crossValidateParallel } = await import("./fold-pool.ts");
    const d = barDataset([{ symbol: "SPX", bars: slice(spx, 300) }], DEFAULT_FEATURE_SPEC, label("fwd-ret:1"));
    const error = await crossValidateParallel(d, ["gbt"], { cv: "purged-kfold", embargo: 1, folds: 2, seed: 1, params: { gbt: { validationFraction: 0.999 } } }, 2).then(
      () => new Error("no failure"),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/^gradient boosting needs at least 2 training rows, got \d+$/);
  });
});
