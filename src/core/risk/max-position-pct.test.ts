import { describe, expect, test } from "bun:test";
import { money } from "../money.ts";
import { context, order } from "./_fixture.ts";
import { maxPositionPct } from "./max-position-pct.ts";

const ok = { kind: "accepted" } as const;

describe("max-position-pct", () => {
  const rule = maxPositionPct(10);
  test("10% of 100,000 equity is 10,000: at the limit accepted, above refused", () => {
    expect(rule.check(order({ qty: 100 }), context())).toEqual(ok);
    expect(rule.check(order({ qty: 101 }), context())).toMatchObject({ kind: "refused", rule: "max-position-pct", limit: 10, actual: 10.1 });
  });
  test("with float64 equity (local books) only a position surely under the limit skips the money", () => {
    // 100 x 100 is 10% of 100,000 in float64 too: not sure at a margin, so the money decides (it refuses here).
    expect(rule.check(order({ qty: 100 }), context({ equityNumber: 100_000, equity: money("99999.99") }))).toMatchObject({ kind: "refused", rule: "max-position-pct" });
    // Surely under: accepted without reading the money.
    expect(rule.check(order({ qty: 99 }), context({ equityNumber: 100_000, equity: money(1) }))).toEqual(ok);
  });
  test("no equity: refused", () => {
    expect(rule.check(order({ qty: 1 }), context({ equity: money(0) }))).toMatchObject({ kind: "refused", actual: "unknown" });
  });
});
