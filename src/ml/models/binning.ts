import type { Matrix } from "./matrix.ts";

/**
 * Quantile bins per feature, for histogram trees. A value x gets the first bin k with
 * x <= edges[k] (the last bin has no edge), so a split "code <= k" is the same test as
 * "x <= edges[k]" on raw values: trees keep raw thresholds and need no binner to predict.
 */
export interface Bins {
  /** Per feature, the ascending upper edges (bins - 1 of them). */
  readonly edges: readonly Float64Array[];
}

/** Feature codes column-major (codes[f * rows + i]), one byte each. */
export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly codes: Uint8Array;
  /** Bins used per feature (edges + 1). */
  readonly bins: Uint16Array;
}

export function fitBins(x: Matrix, maxBins = 255): Bins {
  if (maxBins < 2 || maxBins > 256) throw new RangeError(`maxBins must be 2..256, got ${maxBins}`);
  const edges: Float64Array[] = [];
  const col = new Float64Array(x.rows);
  for (let j = 0; j < x.cols; j++) {
    for (let i = 0; i < x.rows; i++) col[i] = x.data[i * x.cols + j]!;
    col.sort();
    const unique: number[] = [];
    for (let i = 0; i < col.length; i++) if (i === 0 || col[i] !== col[i - 1]) unique.push(col[i]!);
    const e: number[] = [];
    if (unique.length <= maxBins) {
      for (let k = 1; k < unique.length; k++) e.push((unique[k - 1]! + unique[k]!) / 2);
    } else {
      for (let k = 1; k < maxBins; k++) {
        const lo = col[Math.floor((k * col.length) / maxBins) - 1]!;
        const hi = col[Math.floor((k * col.length) / maxBins)]!;
        const edge = lo === hi ? lo : (lo + hi) / 2;
        if (e.length === 0 || edge > e[e.length - 1]!) e.push(edge);
      }
    }
    edges.push(Float64Array.from(e));
  }
  return { edges };
}

export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length; // answer in [0, edges.length]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function applyBins(bins: Bins, x: Matrix): BinnedMatrix {
  if (bins.edges.length !== x.cols) throw new RangeError(`bins for ${bins.edges.length} features, matrix has ${x.cols}`);
  const codes = new Uint8Array(x.rows * x.cols);
  const used = new Uint16Array(x.cols);
  for (let j = 0; j < x.cols; j++) {
    const e = bins.edges[j]!;
    used[j] = e.length + 1;
    const base = j * x.rows;
    for (let i = 0; i < x.rows; i++) codes[base + i] = binOf(e, x.data[i * x.cols + j]!);
  }
  return { rows: x.rows, cols: x.cols, codes, bins: used };
}
