import type { Matrix } from "./matrix.ts";
import { checkTrainSet, normalise, sigmoid, type Model, type ModelBody, type TrainSet } from "./model.ts";
import { applyScaler, fitScaler, type Scaler } from "./standardise.ts";
import { decodeF64, encodeArray } from "./typed-base64.ts";

export interface LogisticParams {
  /** L2 penalty on the standardised coefficients (not the intercept). */
  readonly l2: number;
  readonly maxIterations: number;
  readonly tolerance: number;
}

export const LOGISTIC_DEFAULTS: LogisticParams = { l2: 1, maxIterations: 50, tolerance: 1e-9 };

/**
 * L2-penalised logistic regression by Newton's method (IRLS) on standardised features; the
 * scaler is part of the model and is fit on the training rows only.
 */
export function fitLogistic(data: TrainSet, params: Partial<LogisticParams> = {}): Model {
  checkTrainSet(data);
  const p = { ...LOGISTIC_DEFAULTS, ...params };
  const scaler = fitScaler(data.x);
  const z = applyScaler(scaler, data.x);
  const n = z.rows, d = z.cols + 1; // coefficient 0 is the intercept
  const beta = new Float64Array(d);
  const grad = new Float64Array(d), hess = new Float64Array(d * d);
  const row = new Float64Array(d);
  row[0] = 1;
  for (let it = 0; it < p.maxIterations; it++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      row.set(z.data.subarray(i * z.cols, (i + 1) * z.cols), 1);
      let m = 0;
      for (let j = 0; j < d; j++) m += beta[j]! * row[j]!;
      const q = sigmoid(m);
      const w = data.w ? data.w[i]! : 1;
      const r = (q - data.y[i]!) * w, s = Math.max(q * (1 - q), 1e-12) * w;
      for (let a = 0; a < d; a++) {
        grad[a]! += r * row[a]!;
        const sa = s * row[a]!;
        for (let b = 0; b <= a; b++) hess[a * d + b]! += sa * row[b]!;
      }
    }
    for (let a = 1; a < d; a++) {
      grad[a]! += p.l2 * beta[a]!;
      hess[a * d + a]! += p.l2;
    }
    hess[0]! += 1e-9; // keeps the intercept's pivot positive when all labels agree
    const step = choleskySolve(hess, grad, d);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < p.tolerance) break;
  }
  return logisticModel(scaler, beta, { ...p });
}

/** Solves A x = b for symmetric positive definite A (lower triangle filled). */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * y[k]!;
    y[i] = s / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * x[k]!;
    x[i] = s / l[i * d + i]!;
  }
  return x;
}

function logisticModel(scaler: Scaler, beta: Float64Array, params: Record<string, number>): Model {
  const cols = scaler.mean.length;
  return {
    kind: "lr",
    cols,
    params,
    predict(x: Matrix): Float64Array {
      const out = new Float64Array(x.rows);
      for (let i = 0; i < x.rows; i++) {
        let m = beta[0]!;
        for (let j = 0; j < cols; j++) m += (beta[j + 1]! * (x.data[i * cols + j]! - scaler.mean[j]!)) / scaler.scale[j]!;
        out[i] = sigmoid(m);
      }
      return out;
    },
    gainImportance: () => normalise(beta.slice(1).map(Math.abs)),
    body: (): ModelBody => ({ mean: encodeArray(scaler.mean), scale: encodeArray(scaler.scale), beta: encodeArray(beta) }),
  };
}

export function loadLogistic(cols: number, params: Readonly<Record<string, number>>, body: Readonly<Record<string, unknown>>): Model {
  const mean = decodeF64(body["mean"], "mean"), scale = decodeF64(body["scale"], "scale"), beta = decodeF64(body["beta"], "beta");
  if (mean.length !== cols || scale.length !== cols || beta.length !== cols + 1) throw new TypeError(`lr: arrays do not match ${cols} features`);
  return logisticModel({ mean, scale }, beta, { ...params });
}
