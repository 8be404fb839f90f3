import { describe, expect, test } from "bun:test";
import { money } from "../core/money.ts";
import { Portfolio } from "../core/portfolio.ts";
import { mulberry32 } from "../core/seeded-random.ts";
import { ExitWatch } from "./exit-watch.ts";
import { NO_EXITS, type ExitRules } from "./trading-setup.ts";

function holding(qty: number, price: number): Portfolio {
  const books = new Portfolio(money(100_000));
  books.applyFill({ orderKey: "k", execId: "x", symbol: "AAA", side: qty > 0 ? "buy" : "sell", qty: Math.abs(qty), price: money(price), commission: money(0), time: 0 });
  return books;
}

const watch = (books: Portfolio, rules: Partial<ExitRules>) => new ExitWatch({ rules: { ...NO_EXITS, ...rules }, books, symbols: ["AAA"] });

describe("protective exits", () => {
  test("a long is stopped at or below cost - stop%, and takes profit at or above cost + take%, with a market sell of the whole position", () => {
    const w = watch(holding(10, 100), { stopLossPct: 5, takeProfitPct: 10 });
    expect(w.check(0, 96)).toBeUndefined();
    expect(w.check(0, 95)).toEqual({ reason: "stop-loss", request: { symbol: "AAA", side: "sell", qty: 10, type: "market", tif: "day" }, lastPrice: 95, trigger: "95" });
    expect(w.check(0, 109.99)).toBeUndefined();
    expect(w.check(0, 110)?.reason).toBe("take-profit");
  });

  test("a short is the mirror image: stopped above cost, takes profit below, with a market buy", () => {
    const w = watch(holding(-10, 100), { stopLossPct: 5, takeProfitPct: 10 });
    expect(w.check(0, 105)?.request).toEqual({ symbol: "AAA", side: "buy", qty: 10, type: "market", tif: "day" });
    expect(w.check(0, 105)?.reason).toBe("stop-loss");
    expect(w.check(0, 90)?.reason).toBe("take-profit");
  });

  test("the trailing stop follows the best close since entry, never back down", () => {
    const w = watch(holding(10, 100), { trailingStopPct: 10 });
    expect(w.check(0, 91)).toBeUndefined(); // 10% below the cost is 90
    expect(w.check(0, 120)).toBeUndefined(); // best 120: level 108
    expect(w.check(0, 110)).toBeUndefined();
    const exit = w.check(0, 108);
    expect(exit?.reason).toBe("trailing-stop");
    expect(Number(exit?.trigger)).toBeCloseTo(108, 9);
    expect(w.check(0, 115)).toBeUndefined(); // the best stays 120 while the position is held
    expect(w.check(0, 107)?.reason).toBe("trailing-stop");
  });

  test("a new position (after going flat) starts its trailing stop from its own cost; off rules never fire", () => {
    const books = holding(10, 100);
    const w = watch(books, { trailingStopPct: 10 });
    expect(w.check(0, 150)).toBeUndefined();
    books.applyFill({ orderKey: "k2", execId: "y", symbol: "AAA", side: "sell", qty: 10, price: money(150), commission: money(0), time: 1 });
    w.touched(0);
    expect(w.check(0, 150)).toBeUndefined(); // flat
    books.applyFill({ orderKey: "k3", execId: "z", symbol: "AAA", side: "buy", qty: 10, price: money(100), commission: money(0), time: 2 });
    w.touched(0);
    expect(w.check(0, 95)).toBeUndefined(); // 135 would be the old best's level
    expect(watch(holding(10, 100), {}).check(0, 1)).toBeUndefined();
  });

  test("levels are big.js's (average cost x (100 -+ pct) / 100 to float64), whether the cost is one price or an average", () => {
    const random = mulberry32(14);
    for (let i = 0; i < 400; i++) {
      const qty = 1 + Math.floor(random() * (i % 2 ? 9 : 5000));
      const price = Math.round(random() * 10 ** (3 + (i % 4))) / 10 ** (i % 4 === 3 ? 4 : 2);
      const pct = i % 5 === 4 ? 2.5 : 1 + Math.floor(random() * 30);
      const books = holding(qty, price);
      // Every third: a second price, so the average is a division (often not whole units).
      if (i % 3 === 0) books.applyFill({ orderKey: "k2", execId: "y", symbol: "AAA", side: "buy", qty: 3, price: money(price + 0.07), commission: money(0), time: 1 });
      const cost = books.position("AAA")!.avgCost;
      const stop = cost.times(money(100).minus(pct)).div(100).toNumber();
      const take = cost.times(money(100).plus(pct)).div(100).toNumber();
      expect([i, watch(books, { stopLossPct: pct }).check(0, stop)?.trigger]).toEqual([i, String(stop)]);
      expect([i, watch(books, { takeProfitPct: pct }).check(0, take)?.trigger]).toEqual([i, String(take)]);
      expect([i, watch(books, { trailingStopPct: pct }).check(0, stop)?.trigger]).toEqual([i, String(stop)]);
    }
  });

  test("heldCheck gives the one code every watch's held-position check runs (a JIT tier is chosen for it)", () => {
    const code = ExitWatch.heldCheck();
    expect(typeof code).toBe("function");
    expect(ExitWatch.heldCheck()).toBe(code);
  });

  test("percentages outside [0, 100) are a programming error", () => {
    expect(() => watch(holding(1, 1), { stopLossPct: 100 })).toThrow("stopLossPct must be a percentage in [0, 100), got 100");
  });
});
