import { describe, expect, test } from "bun:test";
import { parseWalkForwardFlags } from "./_walk-forward-flags.ts";
import { expandGrid, parseGrid } from "../backtest/walk-forward/grid.ts";
import { parseObjective } from "../backtest/walk-forward/objective.ts";

describe("parseWalkForwardFlags", () => {
  test("the documented example parses", () => {
    const cfg = parseWalkForwardFlags({ "walk-forward": "rolling", train: "756", test: "252", step: "252", grid: "fast=5,10,20:slow=30,50,100", objective: "sharpe" });
    expect(cfg).toEqual({
      windows: { mode: "rolling", train: { unit: "bars", n: 756 }, test: { unit: "bars", n: 252 }, step: { unit: "bars", n: 252 } },
      grid: { fast: [5, 10, 20], slow: [30, 50, 100] },
      objective: "sharpe",
    });
  });

  test("defaults, calendar spans and kebab-case objectives", () => {
    const cfg = parseWalkForwardFlags({ "walk-forward": "anchored", train: "3y", test: "6mo", grid: "fast=5", objective: "total-return" })!;
    expect(cfg.windows.train).toEqual({ unit: "months", n: 36 });
    expect(cfg.windows.test).toEqual({ unit: "months", n: 6 });
    expect(cfg.windows.step).toBeUndefined();
    expect(cfg.objective).toBe("totalReturn");
    expect(parseWalkForwardFlags({ "walk-forward": "rolling", grid: "fast=5" })!.windows.train).toEqual({ unit: "bars", n: 756 });
  });

  test("no --walk-forward: a plain backtest; its sub-flags alone are an error", () => {
    expect(parseWalkForwardFlags({})).toBeUndefined();
    expect(() => parseWalkForwardFlags({ grid: "fast=5" })).toThrow("--grid only applies with --walk-forward rolling|anchored");
    expect(() => parseWalkForwardFlags({ grid: "fast=5", objective: "sharpe" })).toThrow("--grid, --objective only apply with --walk-forward rolling|anchored");
  });

  test("bad values name the flag and the expected form", () => {
    expect(() => parseWalkForwardFlags({ "walk-forward": "sliding", grid: "a=1" })).toThrow("--walk-forward must be rolling or anchored, got 'sliding'");
    expect(() => parseWalkForwardFlags({ "walk-forward": "rolling" })).toThrow("--walk-forward needs --grid");
    expect(() => parseWalkForwardFlags({ "walk-forward": "rolling", grid: "a=1", train: "3 years" })).toThrow("--train must be a positive number of bars (756) or a span (90d, 26w, 18mo, 3y), got '3 years'");
    expect(() => parseWalkForwardFlags({ "walk-forward": "rolling", grid: "a=1", test: "0" })).toThrow("--test must be a positive");
    expect(() => parseWalkForwardFlags({ "walk-forward": "rolling", grid: "a=1", objective: "alpha" })).toThrow("--objective must be one of sharpe, sortino, calmar, cagr, total-return, profit-factor, win-rate, expectancy, max-drawdown, got 'alpha'");
  });
});

describe("grid", () => {
  test("lists and ranges; combinations in order", () => {
    expect(parseGrid("fast=5..20..5:slow=30,50")).toEqual({ fast: [5, 10, 15, 20], slow: [30, 50] });
    expect(expandGrid({ a: [1, 2], b: [3, 4] })).toEqual([{ a: 1, b: 3 }, { a: 1, b: 4 }, { a: 2, b: 3 }, { a: 2, b: 4 }]);
  });

  test("malformed grids are clear errors", () => {
    expect(() => parseGrid("fast=5,x")).toThrow("--grid fast: 'x' is not a number");
    expect(() => parseGrid("5,10")).toThrow("has no parameter name");
    expect(() => parseGrid("fast=1:fast=2")).toThrow("names 'fast' twice");
    expect(() => parseGrid("fast=20..5")).toThrow("a range needs start <= end");
    expect(() => parseGrid("fast=")).toThrow("'' is not a number");
  });

  test("objective names", () => {
    expect(parseObjective("max-drawdown")).toBe("maxDrawdown");
    expect(parseObjective("sharpe")).toBe("sharpe");
  });
});
