import type { BinnedMatrix } from "./binning.ts";
import type { Matrix } from "./matrix.ts";

/**
 * A binary tree in flat arrays. Node k is a leaf when feature[k] < 0 (its value in value[k]);
 * otherwise a row goes left when x[feature] <= threshold[k] (bin <= bin[k] on binned data).
 */
export interface Tree {
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

export function treeLeafOfRow(t: Tree, x: Float64Array, offset: number): number {
  let k = 0;
  for (;;) {
    const f = t.feature[k]!;
    if (f < 0) return k;
    k = x[offset + f]! <= t.threshold[k]! ? t.left[k]! : t.right[k]!;
  }
}

/** Adds scale x the tree's value to out[i] for each row of x. */
export function addTreePrediction(t: Tree, x: Matrix, out: Float64Array, scale = 1): void {
  for (let i = 0; i < x.rows; i++) out[i]! += scale * t.value[treeLeafOfRow(t, x.data, i * x.cols)]!;
}

/** Same on binned rows (training and validation slices). */
export function addTreePredictionBinned(t: Tree, b: BinnedMatrix, out: Float64Array, scale = 1): void {
  const n = b.rows;
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (;;) {
      const f = t.feature[k]!;
      if (f < 0) break;
      k = b.codes[f * n + i]! <= t.bin[k]! ? t.left[k]! : t.right[k]!;
    }
    out[i]! += scale * t.value[k]!;
  }
}

export function treeDepth(t: Tree, k = 0): number {
  return t.feature[k]! < 0 ? 0 : 1 + Math.max(treeDepth(t, t.left[k]!), treeDepth(t, t.right[k]!));
}
