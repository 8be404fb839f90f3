import { mulberry32 } from "../../core/seeded-random.ts";
import { matrix } from "./matrix.ts";
import type { TrainSet } from "./model.ts";

/**
 * A deterministic classification set: Gaussian features, the label drawn from a logistic of
 * a linear part on the first features plus an interaction and a threshold effect, so linear
 * and tree models both find signal. For tests and the bench; never shown to a user as data.
 */
export function syntheticSet(rows: number, cols: number, seed = 7, noise = 1): TrainSet {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const x = matrix(rows, cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) x.data[i * cols + j] = gauss();
    const v = (j: number) => (j < cols ? x.data[i * cols + j]! : 0);
    const z = 1.2 * v(0) - 0.8 * v(1) + 0.9 * v(2) * v(3) + (v(4) > 0.5 ? 1 : -0.3) + noise * gauss();
    y[i] = rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y };
}
