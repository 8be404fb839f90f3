import type { ModelKind } from "../models/model.ts";

/** Sent once to each fold worker: the whole dataset's features, labels and weights. */
export interface FoldSetup {
  readonly rows: number;
  readonly cols: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly w?: Float64Array;
}

export type ToFoldWorker =
  | { readonly kind: "setup"; readonly setup: FoldSetup }
  | { readonly kind: "fit"; readonly id: number; readonly model: ModelKind; readonly params: Readonly<Record<string, number>>; readonly train: Int32Array; readonly test: Int32Array; readonly importanceSeed?: number };

export type FromFoldWorker =
  | { readonly kind: "fitted"; readonly id: number; readonly prob: Float64Array; readonly seconds: number; readonly modelFile: string; readonly permutation?: Float64Array }
  /** `badInput`: the fit threw a RangeError (bad parameters or rows), re-thrown as one. */
  | { readonly kind: "failed"; readonly id: number; readonly message: string; readonly badInput: boolean };
