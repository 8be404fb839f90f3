import { describe, expect, test } from "bun:test";
import { tomlShapeProblem } from "./toml-shape.ts";

describe("tomlShapeProblem", () => {
  test("deep nesting is refused, naming the line; brackets in strings and comments do not count", () => {
    expect(tomlShapeProblem('mode = "paper"\na = ' + "[".repeat(100_000) + "]".repeat(100_000))).toBe(
      "line 2: arrays or tables nested more than 32 levels deep",
    );
    expect(tomlShapeProblem('a = "' + "[".repeat(40) + '" # ' + "{".repeat(40) + "\nb = [[1]]")).toBeUndefined();
    expect(tomlShapeProblem("a = '''\n" + "[".repeat(40) + "\n'''\nb = 1")).toBeUndefined();
  });

  test("tens of thousands of keys are refused before Bun's parser spends seconds on them", () => {
    const text = "[gateway]\n" + Array.from({ length: 40_000 }, (_, i) => `k${i} = ${i}`).join("\n");
    expect(tomlShapeProblem(text)).toStartWith("line 2002: more than 2000 keys;");
    expect(tomlShapeProblem('a = "x=y=z"\nb = 1 # c = d')).toBeUndefined();
  });
});
