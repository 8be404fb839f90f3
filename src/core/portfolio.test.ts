import { describe, expect, test } from "bun:test";
import type { Fill } from "./fill.ts";
import type Big from "big.js";
import { money } from "./money.ts";
import { Portfolio } from "./portfolio.ts";
import { xorshift32 } from "./seeded-random.ts";

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

  test("the average cost is the basis divided by the shares, as big.js divides it", () => {
    const p = new Portfolio(money(10_000));
    p.applyFill(fill("buy", 3, "10.01", "0"));
    expect(p.position("X")?.avgCost.toString()).toBe("10.01");
    p.applyFill(fill("buy", 4, "10", "0"));
    expect(p.position("X")?.avgCost.toString()).toBe(money("70.03").div(7).toString());
    p.applyFill(fill("buy", 3, "9.99", "0"));
    expect(p.position("X")?.avgCost.toString()).toBe("10");
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

/** The books in big.js only, the way they were kept before the units fast path: the reference. */
class ReferenceBooks {
  cash: Big;
  realized = money(0);
  commissions = money(0);
  readonly qty = new Map<string, number>();
  readonly basis = new Map<string, Big>();

  constructor(cash: Big) {
    this.cash = cash;
  }

  apply(f: Fill): { value: Big; realized: Big } {
    const before = this.qty.get(f.symbol) ?? 0;
    const signed = f.side === "buy" ? f.qty : -f.qty;
    const after = before + signed;
    const value = f.price.times(f.qty);
    this.cash = f.side === "buy" ? this.cash.minus(value.plus(f.commission)) : this.cash.plus(value.minus(f.commission));
    this.commissions = this.commissions.plus(f.commission);
    const basis = this.basis.get(f.symbol) ?? money(0);
    let realized = money(0);
    if (before === 0) this.basis.set(f.symbol, value);
    else if (Math.sign(before) === Math.sign(signed)) this.basis.set(f.symbol, basis.plus(value));
    else {
      const held = Math.abs(before);
      const closed = Math.min(held, f.qty);
      const closedValue = f.price.times(closed);
      const closedBasis = basis.times(closed).div(held);
      realized = before > 0 ? closedValue.minus(closedBasis) : closedBasis.minus(closedValue);
      this.realized = this.realized.plus(realized);
      this.basis.set(f.symbol, closed < held ? basis.minus(closedBasis) : f.price.times(Math.abs(after)));
    }
    this.qty.set(f.symbol, after);
    return { value, realized };
  }
}

describe("Portfolio exact bookkeeping", () => {
  test("random fills (adds, partial closes, flips, prices finer than 1e-8) book exactly as big.js does", () => {
    const rnd = xorshift32(99);
    // Cents and sub-cents (units fit); `odd` adds prices and commissions finer than 1e-8.
    const price = (odd: boolean) => {
      const r = rnd();
      if (r < 0.8) return ((Math.round(rnd() * 50_000) + 1) / 100).toString();
      if (r < 0.95 || !odd) return (rnd() * 300).toFixed(6);
      return (rnd() * 30).toFixed(11);
    };
    for (const [start, odd] of [["100000", false], ["100000", true], ["100000.123456789", false]] as const) {
      const p = new Portfolio(money(start));
      const ref = new ReferenceBooks(money(start));
      for (let i = 0; i < 3000; i++) {
        const symbol = ["A", "B", "C"][Math.floor(rnd() * 3)]!;
        const held = ref.qty.get(symbol) ?? 0;
        // Half the time a whole close (back to a basis that fits), else any side and size.
        const close = held !== 0 && rnd() < 0.5;
        const side = close ? (held > 0 ? "sell" : "buy") : rnd() < 0.5 ? "buy" : "sell";
        const qty = close ? Math.abs(held) : 1 + Math.floor(rnd() * 300);
        const commission = odd && rnd() < 0.05 ? "0.000000001" : (rnd() * 5).toFixed(3);
        const f = fill(side, qty, price(odd), commission, symbol);
        const effect = p.applyFill(f);
        const expected = ref.apply(f);
        expect([i, effect.value.toString(), effect.realized.toString()]).toEqual([i, expected.value.toString(), expected.realized.toString()]);
        expect([i, p.cash.toString(), p.realized.toString(), p.commissions.toString()]).toEqual([i, ref.cash.toString(), ref.realized.toString(), ref.commissions.toString()]);
        const after = ref.qty.get(symbol)!;
        const avg = after === 0 ? undefined : ref.basis.get(symbol)!.div(Math.abs(after)).toString();
        expect([i, p.position(symbol)?.avgCost.toString()]).toEqual([i, avg]);
        // The float cash mirror is the nearest double to the exact cash (positions summed in the books' order).
        expect(p.equity()).toBe(p.positions().reduce((sum, pos) => sum + pos.qty * p.lastPrice(pos.symbol), Number(ref.cash.toString())));
      }
    }
  });

  test("amounts past USD 90 million (2^53 units) are booked in big.js, and units resume when they fit again", () => {
    const p = new Portfolio(money(200_000_000));
    expect(Number.isNaN(p.cashUnits)).toBe(true);
    p.applyFill(fill("buy", 1_500_000, "100.01", "7500"));
    expect(p.cash.toString()).toBe("49977500");
    expect(p.cashUnits).toBe(4_997_750_000_000_000);
    const effect = p.applyFill(fill("sell", 1_500_000, "100.03", "7500"));
    expect(effect.value.toString()).toBe("150045000");
    expect(effect.realized.toString()).toBe("30000");
    expect(p.cash.toString()).toBe("200015000");
    expect(p.realized.toString()).toBe("30000");
    expect(p.commissions.toString()).toBe("15000");
    expect(p.equity()).toBe(200_015_000);
  });
});
