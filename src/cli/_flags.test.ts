import { describe, expect, test } from "bun:test";
import type { ArgsDef } from "citty";
import { commonArgs } from "./_args.ts";
import { checkFlags, closest } from "./_flags.ts";

const args = {
  ...commonArgs,
  file: { type: "positional", required: true },
  "bar-size": { type: "string" },
  save: { type: "boolean", default: true },
} as const satisfies ArgsDef;
const shape = { name: "robotrader x", args, hasSubCommands: false };
const problem = (words: string[]) => {
  try {
    checkFlags(shape, words);
    return undefined;
  } catch (error) {
    return (error as Error).message.split("\n")[0];
  }
};

describe("checkFlags", () => {
  test("declared flags pass in every spelling citty accepts", () => {
    expect(problem(["a.csv", "--bar-size", "1m", "--barSize=5m", "--no-save", "--json", "-qv"])).toBeUndefined();
  });

  test("a string flag's value is never read as a flag or an argument, even when it starts with a dash", () => {
    expect(problem(["--bar-size", "-1", "a.csv"])).toBeUndefined();
  });

  test("a flag that takes a value, given without one, is refused instead of read as empty", () => {
    expect(problem(["a.csv", "--bar-size"])).toBe("--bar-size needs a value: --bar-size VALUE or --bar-size=VALUE");
    expect(problem(["a.csv", "--bar-size", "--json"])).toBe("--bar-size needs a value: --bar-size VALUE or --bar-size=VALUE");
    expect(problem(["a.csv", "--bar-size", "--"])).toBe("--bar-size needs a value: --bar-size VALUE or --bar-size=VALUE");
    expect(problem(["a.csv", "--bar-size=", "--json"])).toBeUndefined(); // an explicit empty value is the command's to judge
  });

  test("words after -- are left alone", () => {
    expect(problem(["a.csv", "--", "--anything", "b"])).toBeUndefined();
  });

  test("unknown long and short flags and extra arguments are refused", () => {
    expect(problem(["a.csv", "--bar-sise", "1m"])).toBe("unknown flag --bar-sise for robotrader x; did you mean --bar-size?");
    expect(problem(["a.csv", "--frobnicate"])).toBe("unknown flag --frobnicate for robotrader x");
    expect(problem(["a.csv", "-x"])).toBe("unknown flag -x for robotrader x");
    expect(problem(["a.csv", "b.csv"])).toBe("unexpected argument 'b.csv' for robotrader x");
  });

  test("a group leaves its words to citty, which picks the subcommand", () => {
    expect(() => checkFlags({ ...shape, hasSubCommands: true }, ["list", "more"])).not.toThrow();
  });
});

describe("closest", () => {
  test("finds a likely typo and nothing for a word far from all names", () => {
    expect(closest("lst", ["import", "list", "export"])).toBe("list");
    expect(closest("symbls", ["symbols", "strategy"])).toBe("symbols");
    expect(closest("zzzzzz", ["import", "list"])).toBeUndefined();
    expect(closest("of", ["on", "off", "status"])).toBe("off"); // not "on": the kill switch's opposite
    expect(closest("o", ["on", "off"])).toBe("on");
  });
});
