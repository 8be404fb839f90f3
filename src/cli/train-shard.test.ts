import { expect, test } from "bun:test";
import { parseModelGrid } from "./train-shard.ts";

test("--grid takes model.name=values per model, ranges included, and names what is wrong", () => {
  expect(parseModelGrid("gbt.rounds=100,200:gbt.maxDepth=3..5:rf.trees=50", ["gbt", "rf"])).toEqual({ gbt: { rounds: [100, 200], maxDepth: [3, 4, 5] }, rf: { trees: [50] } });
  expect(() => parseModelGrid("gbt.rounds=100", ["lr"])).toThrow("model 'gbt' is not among --model lr");
  expect(() => parseModelGrid("gbt.depth=3", ["gbt"])).toThrow("gbt has no parameter 'depth'");
  expect(() => parseModelGrid("rf.trees=0", ["rf"])).toThrow("--grid 'rf.trees=0'");
  expect(() => parseModelGrid("rounds=100", ["gbt"])).toThrow("expected model.name=values");
  expect(() => parseModelGrid("gbt.rounds=x", ["gbt"])).toThrow("--grid: gbt.rounds: 'x' is not a number");
});
