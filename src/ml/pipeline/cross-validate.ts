import type { WindowSpec } from "../../backtest/walk-forward/windows.ts";
import { scoreSummary, type ScoreSummary } from "../metrics/summary.ts";
import { takeRows, takeValues, type Matrix } from "../models/matrix.ts";
import { fitModel, MODEL_DEFAULTS } from "../models/model-file.ts";
import type { Model, ModelKind } from "../models/model.ts";
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
  /** Walk-forward without explicit windows: anchored (training grows, default) or rolling (fixed length). */
  readonly windowMode?: "rolling" | "anchored";
  readonly seed: number;
  readonly params?: Partial<Record<ModelKind, Readonly<Record<string, number>>>>;
  readonly onProgress?: (message: string) => void;
  /** Milliseconds for the fits' durations (default performance.now); tests fix it to compare runs byte for byte. */
  readonly clock?: () => number;
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
    // `folds` test windows of equal length after a first training window of the same length.
    return walkForwardFolds(d.spans, o.windows ?? { train: { unit: "bars", n: third }, test: { unit: "bars", n: third }, mode: o.windowMode ?? "anchored" }, o.embargo);
  }
  const trainEnd = o.trainEnd ?? d.time[Math.floor(d.time.length * 0.7)]!;
  return timeSplit(d.spans, trainEnd, o.embargo);
}

export function paramsFor(kind: ModelKind, o: Pick<CvOptions, "params" | "seed">): Record<string, number> {
  const p: Record<string, number> = { ...(o.params?.[kind] ?? {}) };
  if ("seed" in MODEL_DEFAULTS[kind] && p["seed"] === undefined) p["seed"] = o.seed;
  return p;
}

/** The rows a model learns from: features, labels and weights of the given rows. */
export interface TrainData {
  readonly x: Matrix;
  readonly y: Float64Array;
  readonly w?: Float64Array;
}

/** One model fitted on one fold: its test predictions and, for the last fold, importance. */
export interface FoldOutcome {
  readonly prob: Float64Array;
  readonly seconds: number;
  /** Only the last fold's is kept: a fit merged from a shard file carries no other. */
  readonly model?: Model;
  readonly permutation?: Float64Array;
}

/** Fits on the fold's training rows and predicts its test rows (in-process or in a worker). */
export function runFold(d: TrainData, kind: ModelKind, fold: Pick<Fold, "train" | "test">, params: Readonly<Record<string, number>>, importanceSeed?: number, clock: () => number = () => performance.now()): FoldOutcome & { readonly model: Model } {
  const t0 = clock();
  const model = fitModel(kind, { x: takeRows(d.x, fold.train), y: takeValues(d.y, fold.train), ...(d.w ? { w: takeValues(d.w, fold.train) } : {}) }, params);
  const seconds = (clock() - t0) / 1000;
  const testX = takeRows(d.x, fold.test);
  const prob = model.predict(testX);
  const permutation = importanceSeed !== undefined ? permutationImportance(model, testX, takeValues(d.y, fold.test), 2, importanceSeed) : undefined;
  return { prob, seconds, model, ...(permutation ? { permutation } : {}) };
}

export function usableFolds(d: Dataset, o: CvOptions): Fold[] {
  const folds = makeFolds(d, o).filter((f) => f.train.length > 0 && f.test.length > 0);
  if (folds.length === 0) throw new RangeError(`no fold has both training and test rows (${d.x.rows} rows, cv ${o.cv})`);
  return folds;
}

/** Fits each model on each fold's training rows and scores it on the fold's test rows only. */
export function crossValidate(d: Dataset, kinds: readonly ModelKind[], o: CvOptions): { folds: Fold[]; results: ModelResult[] } {
  const folds = usableFolds(d, o);
  const results = kinds.map((kind) =>
    assembleResult(d, kind, folds, folds.map((fold, i) => {
      o.onProgress?.(`${kind}: fold ${fold.index + 1}/${folds.length} (${fold.train.length} train, ${fold.test.length} test rows)`);
      return runFold(d, kind, fold, paramsFor(kind, o), i === folds.length - 1 ? o.seed : undefined, o.clock);
    })),
  );
  return { folds, results };
}

/** One model's out-of-sample result from its folds' outcomes (the last fold's model is kept). */
export function assembleResult(d: Dataset, kind: ModelKind, folds: readonly Fold[], outcomes: readonly FoldOutcome[]): ModelResult {
  const tl = d.spans.timeline;
  const time = (row: number) => tl[d.spans.at[row]!]!;
  const oos = new Map<number, number>();
  let seconds = 0, trainRows = 0;
  const foldResults: FoldResult[] = folds.map((fold, i) => {
    const out = outcomes[i]!;
    seconds += out.seconds;
    trainRows += fold.train.length;
    fold.test.forEach((r, k) => oos.set(r, out.prob[k]!));
    const sum = scoreSummary(takeValues(d.y, fold.test), out.prob);
    return {
      index: fold.index,
      trainRows: fold.train.length,
      testRows: fold.test.length,
      trainFrom: time(fold.train[0]!),
      trainTo: time(fold.train[fold.train.length - 1]!),
      testFrom: time(fold.test[0]!),
      testTo: time(fold.test[fold.test.length - 1]!),
      auc: sum.auc,
      accuracy: sum.accuracy,
      seconds: out.seconds,
    };
  });
  const oosRows = Int32Array.from([...oos.keys()].sort((a, b) => a - b));
  const oosProb = Float64Array.from(oosRows, (r) => oos.get(r)!);
  const fr = takeValues(d.forwardReturn, oosRows);
  const summary = scoreSummary(takeValues(d.y, oosRows), oosProb, fr.some((v) => v === v) ? fr : undefined);
  const last = outcomes[outcomes.length - 1]!;
  if (!last.model) throw new Error(`${kind}: the last fold's model is missing`);
  const gain = last.model.gainImportance();
  return {
    kind,
    folds: foldResults,
    oosRows,
    oosProb,
    summary,
    trainRows: Math.round(trainRows / folds.length),
    testRows: oosRows.length,
    trainSeconds: seconds,
    model: last.model,
    ...(gain ? { gainImportance: gain } : {}),
    permutationImportance: last.permutation ?? new Float64Array(d.x.cols).fill(NaN),
  };
}
