import { describe, expect, test } from "bun:test";
import type { Fill } from "./fill.ts";
import { money } from "./money.ts";
import { Portfolio } from "./portfolio.ts";

let seq = 0;
const fill = (side: "buy" | "sell", qty: number, price: string, commission = "1", symbol = "X"): Fill => ({
  orderKey: `k${++seq}`, execId: `e${seq}`, symbol, side, qty, price: money(price), commission: money(commission), time: seq,
});

describe("Portfolio", () => {
  test("a buy takes value plus commission from cash; a sell adds value minus commission", () => {
    const p = new Portfolio(money(10_000));
    p.applyFill(fill("buy", 10, "100.25"));
    expect(p.cash.toString()).toBe("8996.5");
    p.applyFill(fill("sell", 10, "101"));
    expect(p.cash.toString()).toBe("10005.5");
    expect(p.realized.toString()).toBe("7.5");
    expect(p.commissions.toString()).toBe("2");
    expect(p.position("X")).toBeUndefined();
  });

  test("adds average the cost; a partial sale realizes against that average", () => {
    const p = new Portfolio(money(10_000));
    p.applyFill(fill("buy", 10, "10", "0"));
    p.applyFill(fill("buy", 30, "12", "0"));
    expect(p.position("X")?.avgCost.toString()).toBe("11.5");
    const effect = p.applyFill(fill("sell", 20, "13", "0"));
    expect(effect.realized.toString()).toBe("30");
    expect(p.position("X")).toMatchObject({ qty: 20 });
    expect(p.position("X")?.avgCost.toString()).toBe("11.5");
  });

  test("a short gains when the price falls; a fill through zero flips the position at the fill price", () => {
    const p = new Portfolio(money(1_000));
    p.applyFill(fill("sell", 10, "50", "0"));
    expect(p.cash.toString()).toBe("1500");
    const flip = p.applyFill(fill("buy", 25, "45", "0"));
    expect(flip.realized.toString()).toBe("50");
    expect(flip.qtyBefore).toBe(-10);
    expect(flip.qtyAfter).toBe(15);
    expect(p.position("X")?.avgCost.toString()).toBe("45");
  });

  test("equity is cash plus every open position at its last mark", () => {
    const p = new Portfolio(money(10_000));
    const a = p.slot("A");
    const b = p.slot("B");
    p.applyFill(fill("buy", 10, "100", "0", "A"));
    p.applyFill(fill("sell", 5, "20", "0", "B"));
    p.mark(a, 110);
    p.mark(b, 22);
    // 10,000 - 1,000 + 100 = 9,100 cash; + 10 x 110 - 5 x 22
    expect(p.equity()).toBeCloseTo(9_100 + 1_100 - 110, 9);
    expect(p.unrealized().toString()).toBe("90");
    expect(p.openPositions).toBe(2);
  });

  test("starting cash must not be negative", () => {
    expect(() => new Portfolio(money(-1))).toThrow(/starting cash must be >= 0/);
  });
});
