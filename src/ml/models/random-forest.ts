import { xorshift32 } from "../../core/seeded-random.ts";
import { applyBins, fitBins } from "./binning.ts";
import type { Matrix } from "./matrix.ts";
import { checkTrainSet, normalise, type Model, type ModelBody, type TrainSet } from "./model.ts";
import { packTrees, unpackTrees } from "./tree-pack.ts";
import { addTreePrediction, type Tree } from "./tree.ts";
import { TreeGrower } from "./tree-grower.ts";

export interface ForestParams {
  readonly trees: number;
  readonly maxDepth: number;
  readonly minLeaf: number;
  /** Features tried per split; 0 means floor(sqrt(features)). */
  readonly featuresPerSplit: number;
  readonly maxBins: number;
  readonly seed: number;
}

export const FOREST_DEFAULTS: ForestParams = { trees: 200, maxDepth: 8, minLeaf: 20, featuresPerSplit: 0, maxBins: 255, seed: 1 };

/**
 * Random forest of histogram trees: each tree on a bootstrap sample (drawn as counts per
 * row), a fresh random subset of features tried at every split, leaves holding the weighted
 * share of label 1; the forest averages the trees.
 */
export function fitRandomForest(data: TrainSet, params: Partial<ForestParams> = {}): Model {
  checkTrainSet(data);
  const p = { ...FOREST_DEFAULTS, ...params };
  const { x, y } = data;
  const n = x.rows;
  const bins = fitBins(x, p.maxBins);
  const binned = applyBins(bins, x);
  const mtry = p.featuresPerSplit > 0 ? p.featuresPerSplit : Math.max(1, Math.floor(Math.sqrt(x.cols)));
  const grower = new TreeGrower(binned, bins.edges, {
    maxDepth: p.maxDepth,
    minLeaf: p.minLeaf,
    minChildWeight: 0,
    lambda: 0,
    minGain: 1e-12,
    featuresPerSplit: mtry,
    leaf: "mean",
    shrink: 1,
  });
  const rnd = xorshift32(p.seed * 2654435761 + 1);
  const count = new Float64Array(n);
  const g = new Float64Array(n), h = new Float64Array(n);
  const rows = new Uint32Array(n);
  const trees: Tree[] = [];
  for (let t = 0; t < p.trees; t++) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[Math.floor(rnd() * n)]! += 1;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const c = count[i]!;
      if (c === 0) continue;
      const w = c * (data.w ? data.w[i]! : 1);
      g[i] = w * y[i]!;
      h[i] = w;
      rows[m++] = i;
    }
    trees.push(grower.grow(rows.subarray(0, m), { g, h, c: count }, rnd));
  }
  return forestModel(trees, x.cols, p, normalise(grower.gain.slice()));
}

function forestModel(trees: readonly Tree[], cols: number, p: ForestParams, gain: Float64Array | undefined): Model {
  return {
    kind: "rf",
    cols,
    params: { ...p },
    predict(x: Matrix): Float64Array {
      const out = new Float64Array(x.rows);
      for (const t of trees) addTreePrediction(t, x, out, 1 / trees.length);
      return out;
    },
    gainImportance: () => gain?.slice(),
    body: (): ModelBody => ({ ...packTrees(trees), ...(gain ? { gain: Array.from(gain) } : {}) }),
  };
}

export function loadRandomForest(cols: number, params: Readonly<Record<string, number>>, body: Readonly<Record<string, unknown>>): Model {
  const trees = unpackTrees(body, cols);
  const gain = Array.isArray(body["gain"]) ? Float64Array.from(body["gain"] as number[]) : undefined;
  return forestModel(trees, cols, { ...FOREST_DEFAULTS, ...params }, gain);
}
