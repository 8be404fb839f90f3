import type { Matrix } from "./matrix.ts";
import type { EncodedArray } from "./typed-base64.ts";

export type ModelKind = "lr" | "rf" | "gbt" | "mlp";
export const MODEL_KINDS: readonly ModelKind[] = ["lr", "rf", "gbt", "mlp"];

/** Training rows: features, binary labels (0/1) and optional non-negative sample weights. */
export interface TrainSet {
  readonly x: Matrix;
  readonly y: Float64Array;
  readonly w?: Float64Array;
}

export type BodyValue = number | string | boolean | readonly number[] | EncodedArray;
export type ModelBody = Readonly<Record<string, BodyValue>>;

/** A fitted binary classifier. */
export interface Model {
  readonly kind: ModelKind;
  readonly cols: number;
  readonly params: Readonly<Record<string, number>>;
  /** Probability of label 1 for each row. */
  predict(x: Matrix): Float64Array;
  /** Split gain (or |standardised coefficient|) per feature, summing to 1; undefined when the model has none. */
  gainImportance(): Float64Array | undefined;
  /** What the model file stores besides kind, cols and params. */
  body(): ModelBody;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  return s > 0 ? v.map((x) => x / s) : v.slice();
}

export function checkTrainSet(t: TrainSet): void {
  if (t.y.length !== t.x.rows) throw new RangeError(`labels: ${t.y.length} for ${t.x.rows} rows`);
  if (t.w && t.w.length !== t.x.rows) throw new RangeError(`weights: ${t.w.length} for ${t.x.rows} rows`);
  for (let i = 0; i < t.y.length; i++) {
    if (t.y[i] !== 0 && t.y[i] !== 1) throw new RangeError(`label at row ${i} must be 0 or 1, got ${t.y[i]}`);
  }
  for (let k = 0; k < t.x.data.length; k++) {
    if (!Number.isFinite(t.x.data[k]!)) throw new RangeError(`feature ${k % t.x.cols} at row ${Math.floor(k / t.x.cols)} is not finite`);
  }
}
