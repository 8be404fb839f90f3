import { describe, expect, test } from "bun:test";
import { context, long, order } from "./_fixture.ts";
import { maxCorrelatedExposure } from "./max-correlated-exposure.ts";

const ok = { kind: "accepted" } as const;
// AAPL and MSFT move together; NVDA does not.
const correlation = (a: string, b: string) => ([a, b].sort().join() === "AAPL,MSFT" ? 0.9 : 0.1);

describe("max-correlated-exposure", () => {
  const rule = maxCorrelatedExposure({ pct: 30, threshold: 0.7 });

  test("a correlated holding counts toward the order's group; an uncorrelated one does not", () => {
    const positions = [long("MSFT", 50, 400), long("NVDA", 400, 50)]; // 20,000 + 20,000
    // AAPL 10,001 + MSFT 20,000 = 30.001% > 30%: refused, naming the group.
    const refused = rule.check(order({ qty: 101 }), context({ positions, correlation }));
    expect(refused).toMatchObject({ kind: "refused", rule: "max-correlated-exposure", limit: 30, actual: 30.1 });
    expect(refused.kind === "refused" && refused.message).toContain("AAPL, MSFT");
    expect(rule.check(order({ qty: 100 }), context({ positions, correlation }))).toEqual(ok);
    // NVDA is not correlated with AAPL: 20,000 + 10,000 of AAPL alone would pass a 30% limit.
    expect(rule.check(order({ qty: 100 }), context({ positions: [long("NVDA", 400, 50)], correlation }))).toEqual(ok);
  });

  test("unknown correlations put nothing in the group; reducing orders always pass", () => {
    const positions = [long("MSFT", 50, 400)];
    expect(rule.check(order({ qty: 200 }), context({ positions }))).toEqual(ok);
    expect(rule.check(order({ symbol: "MSFT", side: "sell", qty: 10 }), context({ positions, correlation }))).toEqual(ok);
  });

  test("bad limits are range errors", () => {
    expect(() => maxCorrelatedExposure({ pct: 120 })).toThrow(RangeError);
    expect(() => maxCorrelatedExposure({ pct: 10, threshold: 1 })).toThrow(RangeError);
  });
});
