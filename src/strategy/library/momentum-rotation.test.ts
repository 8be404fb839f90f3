import { describe, expect, test } from "bun:test";
import { tradesOfUniverse, type BarSpec } from "../../../test/helpers/strategy-trades.ts";
import { configureStrategy } from "../registry.ts";

/** Bars that open at their close (so a fill at the next open is at that bar's close). */
const flat = (closes: number[]): BarSpec[] => closes.map((c) => [c, c, c, c] as const);
const days = (f: (i: number) => number) => Array.from({ length: 41 }, (_, i) => Math.round(f(i) * 100) / 100);

describe("momentum-rotation", () => {
  test("holds the top symbol by momentum and rotates at the first step of the next month", () => {
    // Days 0..40 from 1970-01-01: day 31 is February 1st.
    const universe = {
      A: flat(days((i) => (i <= 30 ? 10 + 0.1 * i : 13))), // rises in January, flat in February
      B: flat(days((i) => (i <= 30 ? 10 : 10 + 0.5 * (i - 30)))), // flat in January, rises in February
      C: flat(days((i) => 10 - 0.05 * i)), // falls: never held (absolute momentum)
    };
    // Day 2: ROC(2) is known first; A +2% is the top: nothing to sell, buy A one step later.
    // Day 3: buy floor(100000 x 0.9 / 10.3) = 8737 A (10% cash buffer), filled day 4 at 10.4 (cash left 9135.20).
    // Day 31 (February): A +0.78%, B +5%: sell A, filled day 32 at 13 (cash 122716.20).
    // Day 32: buy floor(122716.20 x 0.9 / 11) = 10040 B, filled day 33 at 11.5.
    // Sizing: up to a million shares per entry, so the equal-weight budget decides.
    const trades = tradesOfUniverse(configureStrategy("momentum-rotation", { lookback: 2, top: 1, cashBuffer: 10 }), universe, "long-only", 1_000_000);
    expect(trades).toEqual(["A long 8737 b4@10.4 -> b32@13", "B long 10040 b33@11.5 -> open"]);
  });

  test("is a portfolio strategy: one instance over the universe, not one per symbol", () => {
    const s = configureStrategy("momentum-rotation");
    expect(typeof s.createPortfolio).toBe("function");
    expect(() => s.create({ symbol: "A", direction: "long-only", universe: ["A"], indicator: () => { throw new Error("unused"); } })).toThrow(/portfolio strategy/);
  });
});
