import type { WindowSpec } from "../../backtest/walk-forward/windows.ts";
import { scoreSummary, type ScoreSummary } from "../metrics/summary.ts";
import { takeRows, takeValues } from "../models/matrix.ts";
import { fitModel, MODEL_DEFAULTS } from "../models/model-file.ts";
import type { Model, ModelKind, TrainSet } from "../models/model.ts";
import { permutationImportance } from "../models/permutation-importance.ts";
import { purgedKFold, timeSplit, walkForwardFolds, type Fold } from "../validation/splits.ts";
import type { Dataset } from "./dataset.ts";

export type CvKind = "time" | "walk-forward" | "purged-kfold";

export interface CvOptions {
  readonly cv: CvKind;
  /** Time split: last training time (epoch ms). Default: the time at 70% of the rows. */
  readonly trainEnd?: number;
  readonly embargo: number;
  readonly folds: number;
  readonly windows?: WindowSpec;
  readonly seed: number;
  readonly params?: Partial<Record<ModelKind, Readonly<Record<string, number>>>>;
  readonly onProgress?: (message: string) => void;
}

export interface FoldResult {
  readonly index: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
  readonly auc: number;
  readonly accuracy: number;
  readonly seconds: number;
}

export interface ModelResult {
  readonly kind: ModelKind;
  readonly folds: readonly FoldResult[];
  /** Out-of-sample rows (dataset indices) and their predicted probabilities, in time order. */
  readonly oosRows: Int32Array;
  readonly oosProb: Float64Array;
  readonly summary: ScoreSummary;
  readonly trainRows: number;
  readonly testRows: number;
  readonly trainSeconds: number;
  /** The model trained on the last fold's training rows: what the registry keeps. */
  readonly model: Model;
  readonly gainImportance?: Float64Array;
  /** AUC drop per feature on the last fold's test rows. */
  readonly permutationImportance: Float64Array;
}

export function makeFolds(d: Dataset, o: CvOptions): Fold[] {
  if (o.cv === "purged-kfold") return purgedKFold(d.spans, o.folds, o.embargo);
  if (o.cv === "walk-forward") {
    const third = Math.max(1, Math.floor(d.spans.timeline.length / (o.folds + 1)));
    return walkForwardFolds(d.spans, o.windows ?? { train: { unit: "bars", n: third * 1 }, test: { unit: "bars", n: third }, mode: "anchored" }, o.embargo);
  }
  const trainEnd = o.trainEnd ?? d.time[Math.floor(d.time.length * 0.7)]!;
  return timeSplit(d.spans, trainEnd, o.embargo);
}

function paramsFor(kind: ModelKind, o: CvOptions): Record<string, number> {
  const p: Record<string, number> = { ...(o.params?.[kind] ?? {}) };
  if ("seed" in MODEL_DEFAULTS[kind] && p["seed"] === undefined) p["seed"] = o.seed;
  return p;
}

function subset(d: Dataset, rows: Int32Array): TrainSet {
  return { x: takeRows(d.x, rows), y: takeValues(d.y, rows), ...(d.w ? { w: takeValues(d.w, rows) } : {}) };
}

/** Fits each model on each fold's training rows and scores it on the fold's test rows only. */
export function crossValidate(d: Dataset, kinds: readonly ModelKind[], o: CvOptions): { folds: Fold[]; results: ModelResult[] } {
  const folds = makeFolds(d, o).filter((f) => f.train.length > 0 && f.test.length > 0);
  if (folds.length === 0) throw new RangeError(`no fold has both training and test rows (${d.x.rows} rows, cv ${o.cv})`);
  const tl = d.spans.timeline;
  const results = kinds.map((kind): ModelResult => {
    const foldResults: FoldResult[] = [];
    const oos = new Map<number, number>();
    let seconds = 0, trainRows = 0;
    let last: { model: Model; fold: Fold } | undefined;
    for (const fold of folds) {
      o.onProgress?.(`${kind}: fold ${fold.index + 1}/${folds.length} (${fold.train.length} train, ${fold.test.length} test rows)`);
      const t0 = performance.now();
      const model = fitModel(kind, subset(d, fold.train), paramsFor(kind, o));
      const s = (performance.now() - t0) / 1000;
      seconds += s;
      trainRows += fold.train.length;
      const p = model.predict(takeRows(d.x, fold.test));
      fold.test.forEach((r, k) => oos.set(r, p[k]!));
      const y = takeValues(d.y, fold.test);
      const sum = scoreSummary(y, p);
      foldResults.push({
        index: fold.index,
        trainRows: fold.train.length,
        testRows: fold.test.length,
        trainFrom: tl[d.spans.at[fold.train[0]!]!]!,
        trainTo: tl[d.spans.at[fold.train[fold.train.length - 1]!]!]!,
        testFrom: tl[d.spans.at[fold.test[0]!]!]!,
        testTo: tl[d.spans.at[fold.test[fold.test.length - 1]!]!]!,
        auc: sum.auc,
        accuracy: sum.accuracy,
        seconds: s,
      });
      last = { model, fold };
    }
    const oosRows = Int32Array.from([...oos.keys()].sort((a, b) => a - b));
    const oosProb = Float64Array.from(oosRows, (r) => oos.get(r)!);
    const fr = takeValues(d.forwardReturn, oosRows);
    const summary = scoreSummary(takeValues(d.y, oosRows), oosProb, fr.some((v) => v === v) ? fr : undefined);
    const lastTest = last!.fold.test;
    const gain = last!.model.gainImportance();
    return {
      kind,
      folds: foldResults,
      oosRows,
      oosProb,
      summary,
      trainRows: Math.round(trainRows / folds.length),
      testRows: oosRows.length,
      trainSeconds: seconds,
      model: last!.model,
      ...(gain ? { gainImportance: gain } : {}),
      permutationImportance: permutationImportance(last!.model, takeRows(d.x, lastTest), takeValues(d.y, lastTest), 2, o.seed),
    };
  });
  return { folds, results };
}
