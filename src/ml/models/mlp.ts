import { mulberry32 } from "../../core/seeded-random.ts";
import type { Matrix } from "./matrix.ts";
import { checkTrainSet, sigmoid, type Model, type ModelBody, type TrainSet } from "./model.ts";
import { applyScaler, fitScaler, type Scaler } from "./standardise.ts";
import { decodeF64, encodeArray } from "./typed-base64.ts";

export interface MlpParams {
  readonly hidden: number;
  readonly epochs: number;
  readonly batch: number;
  readonly learningRate: number;
  /** L2 penalty on weights (not biases). */
  readonly l2: number;
  readonly seed: number;
}

export const MLP_DEFAULTS: MlpParams = { hidden: 16, epochs: 50, batch: 64, learningRate: 0.001, l2: 1e-3, seed: 1 };

/** Weights in one array: w1 (hidden x cols), b1 (hidden), w2 (hidden), b2 (1). */
interface Net {
  readonly cols: number;
  readonly hidden: number;
  readonly theta: Float64Array;
}

/**
 * A one-hidden-layer perceptron (ReLU, sigmoid output, log loss) trained by Adam on shuffled
 * mini-batches; inputs standardised with a scaler fit on the training rows. Seeded: the same
 * data and seed give the same weights.
 */
export function fitMlp(data: TrainSet, params: Partial<MlpParams> = {}): Model {
  checkTrainSet(data);
  const p = { ...MLP_DEFAULTS, ...params };
  const scaler = fitScaler(data.x);
  const z = applyScaler(scaler, data.x);
  const cols = z.cols, hid = p.hidden, n = z.rows;
  const size = hid * cols + hid + hid + 1;
  const theta = new Float64Array(size);
  const rnd = mulberry32(p.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const he = Math.sqrt(2 / cols);
  for (let k = 0; k < hid * cols; k++) theta[k] = gauss() * he;
  const o2 = hid * cols + hid; // w2 offset
  for (let k = 0; k < hid; k++) theta[o2 + k] = gauss() * Math.sqrt(1 / hid);
  const m1 = new Float64Array(size), v1 = new Float64Array(size), grad = new Float64Array(size);
  const act = new Float64Array(hid);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  let step = 0;
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (let start = 0; start < n; start += p.batch) {
      const end = Math.min(n, start + p.batch);
      grad.fill(0);
      let wsum = 0;
      for (let q = start; q < end; q++) {
        const r = order[q]!;
        const off = r * cols;
        const w = data.w ? data.w[r]! : 1;
        wsum += w;
        let out = theta[size - 1]!;
        for (let h = 0; h < hid; h++) {
          let a = theta[hid * cols + h]!;
          for (let j = 0; j < cols; j++) a += theta[h * cols + j]! * z.data[off + j]!;
          act[h] = a > 0 ? a : 0;
          out += theta[o2 + h]! * act[h]!;
        }
        const d = (sigmoid(out) - data.y[r]!) * w;
        grad[size - 1]! += d;
        for (let h = 0; h < hid; h++) {
          grad[o2 + h]! += d * act[h]!;
          if (act[h]! <= 0) continue;
          const dh = d * theta[o2 + h]!;
          grad[hid * cols + h]! += dh;
          for (let j = 0; j < cols; j++) grad[h * cols + j]! += dh * z.data[off + j]!;
        }
      }
      step++;
      const c1 = 1 - b1 ** step, c2 = 1 - b2 ** step;
      for (let k = 0; k < size; k++) {
        const isWeight = k < hid * cols || (k >= o2 && k < size - 1);
        const gk = grad[k]! / Math.max(wsum, 1e-12) + (isWeight ? p.l2 * theta[k]! : 0);
        m1[k] = b1 * m1[k]! + (1 - b1) * gk;
        v1[k] = b2 * v1[k]! + (1 - b2) * gk * gk;
        theta[k]! -= (p.learningRate * (m1[k]! / c1)) / (Math.sqrt(v1[k]! / c2) + eps);
      }
    }
  }
  return mlpModel(scaler, { cols, hidden: hid, theta }, { ...p });
}

function mlpModel(scaler: Scaler, net: Net, params: Record<string, number>): Model {
  const { cols, hidden: hid, theta } = net;
  const o2 = hid * cols + hid;
  return {
    kind: "mlp",
    cols,
    params,
    predict(x: Matrix): Float64Array {
      const z = applyScaler(scaler, x);
      const out = new Float64Array(x.rows);
      for (let i = 0; i < x.rows; i++) {
        let o = theta[theta.length - 1]!;
        for (let h = 0; h < hid; h++) {
          let a = theta[hid * cols + h]!;
          for (let j = 0; j < cols; j++) a += theta[h * cols + j]! * z.data[i * cols + j]!;
          if (a > 0) o += theta[o2 + h]! * a;
        }
        out[i] = sigmoid(o);
      }
      return out;
    },
    gainImportance: () => undefined,
    body: (): ModelBody => ({ hidden: hid, mean: encodeArray(scaler.mean), scale: encodeArray(scaler.scale), theta: encodeArray(theta) }),
  };
}

export function loadMlp(cols: number, params: Readonly<Record<string, number>>, body: Readonly<Record<string, unknown>>): Model {
  const hidden = body["hidden"];
  if (typeof hidden !== "number" || !Number.isInteger(hidden) || hidden < 1) throw new TypeError("mlp: hidden must be a positive integer");
  const mean = decodeF64(body["mean"], "mean"), scale = decodeF64(body["scale"], "scale"), theta = decodeF64(body["theta"], "theta");
  if (mean.length !== cols || scale.length !== cols || theta.length !== hidden * cols + 2 * hidden + 1) throw new TypeError(`mlp: arrays do not match ${cols} features x ${hidden} hidden`);
  return mlpModel({ mean, scale }, { cols, hidden, theta }, { ...params });
}
