import { xorshift32 } from "../../core/seeded-random.ts";
import { rocAuc } from "../metrics/classification.ts";
import type { Matrix } from "./matrix.ts";
import type { Model } from "./model.ts";

/**
 * Permutation importance: the drop in AUC on the given (held-out) rows when one feature's
 * column is shuffled, averaged over `repeats` seeded shuffles. Near 0 or negative means the
 * model does not use the feature out of sample.
 */
export function permutationImportance(model: Model, x: Matrix, y: Float64Array, repeats = 3, seed = 1): Float64Array {
  const base = rocAuc(y, model.predict(x));
  const out = new Float64Array(x.cols);
  const rnd = xorshift32(seed);
  const work = new Float64Array(x.data);
  const perm = new Uint32Array(x.rows);
  for (let j = 0; j < x.cols; j++) {
    let drop = 0;
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < x.rows; i++) perm[i] = i;
      for (let i = x.rows - 1; i > 0; i--) {
        const k = Math.floor(rnd() * (i + 1));
        const t = perm[i]!;
        perm[i] = perm[k]!;
        perm[k] = t;
      }
      for (let i = 0; i < x.rows; i++) work[i * x.cols + j] = x.data[perm[i]! * x.cols + j]!;
      drop += base - rocAuc(y, model.predict({ rows: x.rows, cols: x.cols, data: work }));
    }
    for (let i = 0; i < x.rows; i++) work[i * x.cols + j] = x.data[i * x.cols + j]!;
    out[j] = drop / repeats;
  }
  return out;
}
