import { describe, expect, test } from "bun:test";
import { fitModel, MODEL_DEFAULTS } from "./model-file.ts";
import { MODEL_KINDS } from "./model.ts";
import { paramProblem } from "./param-bounds.ts";
import { matrix } from "./matrix.ts";

describe("model parameter bounds", () => {
  test("every default is valid; values that make no model are refused with the valid range", () => {
    for (const kind of MODEL_KINDS) for (const [name, value] of Object.entries(MODEL_DEFAULTS[kind])) expect({ kind, name, problem: paramProblem(kind, name, value) }).toEqual({ kind, name, problem: undefined });
    expect(paramProblem("rf", "trees", 0)).toBe("rf.trees must be a whole number >= 1, got 0");
    expect(paramProblem("rf", "trees", 1.5)).toBe("rf.trees must be a whole number >= 1, got 1.5");
    expect(paramProblem("gbt", "learningRate", -1)).toBe("gbt.learningRate must be a number > 0, got -1");
    expect(paramProblem("gbt", "validationFraction", 1)).toBe("gbt.validationFraction must be a number >= 0 and < 1, got 1");
    expect(paramProblem("lr", "l2", -1)).toBe("lr.l2 must be a number >= 0, got -1");
    expect(paramProblem("rf", "maxBins", 300)).toBe("rf.maxBins must be a whole number >= 2 and <= 256, got 300");
    expect(paramProblem("gbt", "validationFraction", 0.2)).toBeUndefined();
  });

  test("fitModel refuses an out-of-range parameter before fitting", () => {
    const x = matrix(4, 1, Float64Array.from([0, 1, 2, 3]));
    expect(() => fitModel("gbt", { x, y: Float64Array.from([0, 0, 1, 1]) }, { rounds: -5 })).toThrow("model gbt.rounds must be a whole number >= 1, got -5");
  });
});
