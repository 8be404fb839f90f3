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
  test("no equity: refused", () => {
    expect(rule.check(order({ qty: 1 }), context({ equity: money(0) }))).toMatchObject({ kind: "refused", actual: "unknown" });
  });
});
