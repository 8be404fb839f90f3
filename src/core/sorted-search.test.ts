import { expect, test } from "bun:test";
import { firstAfter, firstAtOrAfter } from "./sorted-search.ts";

test("lower and upper bounds over ascending times, ties included", () => {
  const t = [1, 3, 3, 5];
  expect([0, 1, 3, 4, 5, 6].map((x) => firstAtOrAfter(t, x))).toEqual([0, 0, 1, 3, 3, 4]);
  expect([0, 1, 3, 4, 5, 6].map((x) => firstAfter(t, x))).toEqual([0, 1, 3, 3, 4, 4]);
  expect(firstAtOrAfter(t, 0, 2)).toBe(2);
  expect(firstAtOrAfter([], 1)).toBe(0);
});
