import { applyBins, fitBins, type BinnedMatrix } from "./binning.ts";
import { takeRows, takeValues, type Matrix } from "./matrix.ts";
import { checkTrainSet, normalise, sigmoid, type Model, type ModelBody, type TrainSet } from "./model.ts";
import { packTrees, unpackTrees } from "./tree-pack.ts";
import { addTreePrediction, addTreePredictionBinned, type Tree } from "./tree.ts";
import { TreeGrower } from "./tree-grower.ts";

export interface BoostParams {
  readonly rounds: number;
  readonly maxDepth: number;
  readonly learningRate: number;
  /** L2 penalty on leaf values. */
  readonly lambda: number;
  /** Minimum hessian sum per child. */
  readonly minChildWeight: number;
  readonly maxBins: number;
  /** Share of the training rows, taken from the END (the latest rows), held out for early stopping; 0 = none. */
  readonly validationFraction: number;
  /** Stop after this many rounds without a better validation log loss. */
  readonly patience: number;
}

export const BOOST_DEFAULTS: BoostParams = {
  rounds: 200,
  maxDepth: 4,
  learningRate: 0.05,
  lambda: 1,
  minChildWeight: 1,
  maxBins: 255,
  validationFraction: 0,
  patience: 20,
};

/**
 * Gradient-boosted trees for log loss: each round fits a histogram tree to the gradient and
 * hessian of the current margin (Newton leaf values, L2 lambda), scaled by the learning rate.
 * Deterministic: no sampling. With validationFraction > 0 the latest rows are held out and
 * the model keeps the round count with the best held-out log loss.
 */
export function fitGradientBoosting(data: TrainSet, params: Partial<BoostParams> = {}): Model {
  checkTrainSet(data);
  const p = { ...BOOST_DEFAULTS, ...params };
  const nAll = data.x.rows;
  const nVal = p.validationFraction > 0 ? Math.floor(nAll * p.validationFraction) : 0;
  const nFit = nAll - nVal;
  if (nFit < 2) throw new RangeError(`gradient boosting needs at least 2 training rows, got ${nFit}`);
  const fitIdx = Uint32Array.from({ length: nFit }, (_, i) => i);
  const x = nVal > 0 ? takeRows(data.x, fitIdx) : data.x;
  const y = nVal > 0 ? takeValues(data.y, fitIdx) : data.y;
  const w = data.w ? (nVal > 0 ? takeValues(data.w, fitIdx) : data.w) : undefined;
  const bins = fitBins(x, p.maxBins);
  const binned = applyBins(bins, x);
  let val: { b: BinnedMatrix; y: Float64Array; margin: Float64Array } | undefined;
  if (nVal > 0) {
    const idx = Uint32Array.from({ length: nVal }, (_, i) => nFit + i);
    val = { b: applyBins(bins, takeRows(data.x, idx)), y: takeValues(data.y, idx), margin: new Float64Array(nVal) };
  }

  let sw = 0, sy = 0;
  for (let i = 0; i < nFit; i++) {
    const wi = w ? w[i]! : 1;
    sw += wi;
    sy += wi * y[i]!;
  }
  const prior = Math.min(Math.max(sy / sw, 1e-6), 1 - 1e-6);
  const base = Math.log(prior / (1 - prior));
  const margin = new Float64Array(nFit).fill(base);
  if (val) val.margin.fill(base);

  const grower = new TreeGrower(binned, bins.edges, {
    maxDepth: p.maxDepth,
    minLeaf: 0,
    minChildWeight: p.minChildWeight,
    lambda: p.lambda,
    minGain: 1e-12,
    featuresPerSplit: x.cols,
    leaf: "newton",
    shrink: p.learningRate,
  });
  const g = new Float64Array(nFit), h = new Float64Array(nFit), c = new Float64Array(nFit).fill(1);
  const rows = new Uint32Array(nFit);
  const trees: Tree[] = [];
  let best = Infinity, bestRounds = 0;
  for (let r = 0; r < p.rounds; r++) {
    for (let i = 0; i < nFit; i++) {
      const q = sigmoid(margin[i]!);
      const wi = w ? w[i]! : 1;
      g[i] = (q - y[i]!) * wi;
      h[i] = Math.max(q * (1 - q), 1e-16) * wi;
      rows[i] = i;
    }
    const tree = grower.grow(rows, { g, h, c }, () => 0);
    grower.addLeafValues(margin);
    trees.push(tree);
    if (val) {
      addTreePredictionBinned(tree, val.b, val.margin);
      const loss = logLossOfMargins(val.margin, val.y);
      if (loss < best - 1e-12) {
        best = loss;
        bestRounds = r + 1;
      } else if (r + 1 - bestRounds >= p.patience) break;
    }
  }
  const kept = val ? trees.slice(0, Math.max(1, bestRounds)) : trees;
  return boostModel(kept, base, x.cols, { ...p, roundsUsed: kept.length }, normalise(grower.gain.slice()));
}

function logLossOfMargins(margin: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < margin.length; i++) {
    const m = margin[i]!;
    // log(1 + e^-m) for y=1, log(1 + e^m) for y=0, computed stably
    const z = y[i] === 1 ? -m : m;
    s += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
  return s / margin.length;
}

function boostModel(trees: readonly Tree[], base: number, cols: number, params: Record<string, number>, gain: Float64Array | undefined): Model {
  return {
    kind: "gbt",
    cols,
    params,
    predict(x: Matrix): Float64Array {
      const m = new Float64Array(x.rows).fill(base);
      for (const t of trees) addTreePrediction(t, x, m);
      return m.map(sigmoid);
    },
    gainImportance: () => gain?.slice(),
    body: (): ModelBody => ({ base, ...packTrees(trees), ...(gain ? { gain: Array.from(gain) } : {}) }),
  };
}

export function loadGradientBoosting(cols: number, params: Readonly<Record<string, number>>, body: Readonly<Record<string, unknown>>): Model {
  const base = body["base"];
  if (typeof base !== "number" || !Number.isFinite(base)) throw new TypeError("gbt: base must be a finite number");
  const trees = unpackTrees(body, cols);
  const gain = Array.isArray(body["gain"]) ? Float64Array.from(body["gain"] as number[]) : undefined;
  return boostModel(trees, base, cols, { ...params }, gain);
}
