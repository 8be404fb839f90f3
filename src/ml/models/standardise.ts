import type { Matrix } from "./matrix.ts";

/** Per-feature mean and standard deviation, fit on training rows only. */
export interface Scaler {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

export function fitScaler(x: Matrix): Scaler {
  const mean = new Float64Array(x.cols), scale = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) mean[j]! += x.data[i * x.cols + j]!;
  for (let j = 0; j < x.cols; j++) mean[j]! /= Math.max(1, x.rows);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      const d = x.data[i * x.cols + j]! - mean[j]!;
      scale[j]! += d * d;
    }
  }
  // A constant column scales by 1 so it becomes all zeros instead of NaN.
  for (let j = 0; j < x.cols; j++) scale[j] = Math.sqrt(scale[j]! / Math.max(1, x.rows)) || 1;
  return { mean, scale };
}

export function applyScaler(s: Scaler, x: Matrix): Matrix {
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) out[i * x.cols + j] = (x.data[i * x.cols + j]! - s.mean[j]!) / s.scale[j]!;
  }
  return { rows: x.rows, cols: x.cols, data: out };
}
