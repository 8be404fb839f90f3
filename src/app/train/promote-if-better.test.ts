import { expect, test } from "bun:test";
import { beatsBy } from "./promote-if-better.ts";

test("beatsBy: margin 0 takes any gain; a margin needs more than itself; NaN never beats", () => {
  expect(beatsBy(0.5001, 0.5, 0)).toBe(true);
  expect(beatsBy(0.5, 0.5, 0)).toBe(false);
  expect(beatsBy(0.515, 0.5, 0.02)).toBe(false);
  expect(beatsBy(0.525, 0.5, 0.02)).toBe(true);
  expect(beatsBy(Number.NaN, 0.5, 0)).toBe(false);
  expect(beatsBy(0.6, Number.NaN, 0)).toBe(false);
});
