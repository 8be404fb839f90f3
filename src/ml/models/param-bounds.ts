import type { ModelKind } from "./model.ts";

/** What a model parameter may be: a whole number or not, its lowest value (excluded when `above`), its highest. */
interface Bound {
  readonly whole: boolean;
  readonly min: number;
  readonly above?: boolean;
  readonly max?: number;
  readonly maxBelow?: boolean;
}

const count = (min: number, max?: number): Bound => ({ whole: true, min, ...(max !== undefined ? { max } : {}) });
const positive: Bound = { whole: false, min: 0, above: true };
const nonNegative: Bound = { whole: false, min: 0 };
const bins = count(2, 256);

/** Each kind's parameters and the values that make sense (a forest of 0 trees or a negative learning rate does not). */
const BOUNDS: Readonly<Record<ModelKind, Readonly<Record<string, Bound>>>> = {
  lr: { l2: nonNegative, maxIterations: count(1), tolerance: positive },
  rf: { trees: count(1), maxDepth: count(1), minLeaf: count(1), featuresPerSplit: count(0), maxBins: bins, seed: count(0) },
  gbt: {
    rounds: count(1),
    maxDepth: count(1),
    learningRate: positive,
    lambda: nonNegative,
    minChildWeight: nonNegative,
    maxBins: bins,
    validationFraction: { whole: false, min: 0, max: 1, maxBelow: true },
    patience: count(1),
  },
  mlp: { hidden: count(1), epochs: count(1), batch: count(1), learningRate: positive, l2: nonNegative, seed: count(0) },
};

/** Why `value` is not a valid `name` of a `kind` model (undefined when it is, or when the name is unknown). */
export function paramProblem(kind: ModelKind, name: string, value: number): string | undefined {
  const b = BOUNDS[kind][name];
  if (!b) return undefined;
  const ok =
    Number.isFinite(value) &&
    (!b.whole || Number.isInteger(value)) &&
    (b.above ? value > b.min : value >= b.min) &&
    (b.max === undefined || (b.maxBelow ? value < b.max : value <= b.max));
  if (ok) return undefined;
  const low = `${b.above ? ">" : ">="} ${b.min}`;
  const high = b.max === undefined ? "" : ` and ${b.maxBelow ? "<" : "<="} ${b.max}`;
  return `${kind}.${name} must be ${b.whole ? "a whole number" : "a number"} ${low}${high}, got ${value}`;
}
