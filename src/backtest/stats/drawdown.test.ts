import { expect, test } from "bun:test";
import { drawdownSeries } from "./drawdown.ts";

test("drawdownSeries: depth below the running peak at every bar, the peak starting at the base", () => {
  expect([...drawdownSeries([90, 100, 80, 120, 120, 60], 100)]).toEqual([1 - 90 / 100, 0, 1 - 80 / 100, 0, 0, 1 - 60 / 120]);
  expect(drawdownSeries([], 100).length).toBe(0);
});
