import { describe, expect, test } from "bun:test";
import type { Fill } from "../../core/fill.ts";
import { money } from "../../core/money.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { TradeLedger } from "./trade-ledger.ts";

function book(fills: [side: "buy" | "sell", qty: number, price: string, commission: string][], last = NaN) {
  const portfolio = new Portfolio(money(1_000_000));
  const ledger = new TradeLedger();
  fills.forEach(([side, qty, price, commission], i) => {
    const f: Fill = { orderKey: `k${i}`, execId: `e${i}`, symbol: "X", side, qty, price: money(price), commission: money(commission), time: i + 1 };
    ledger.onFill(f, portfolio.applyFill(f));
  });
  const plain = (t: ReturnType<TradeLedger["trades"]>[number]) => ({
    ...t, entryPrice: t.entryPrice.toString(), exitPrice: t.exitPrice?.toString() ?? null, pnl: t.pnl.toString(), commission: t.commission.toString(),
  });
  return ledger.trades(() => last).map(plain);
}

describe("TradeLedger", () => {
  test("a round trip's pnl is net of both commissions", () => {
    expect(book([["buy", 10, "100", "1"], ["sell", 10, "105", "1.5"]])).toEqual([
      { symbol: "X", side: "long", qty: 10, entryTime: 1, entryPrice: "100", exitTime: 2, exitPrice: "105", pnl: "47.5", commission: "2.5" },
    ]);
  });

  test("adds average the entry price and partial exits average the exit price", () => {
    const [t] = book([["buy", 10, "10", "0"], ["buy", 10, "12", "0"], ["sell", 5, "14", "0"], ["sell", 15, "10", "0"]]);
    expect(t).toMatchObject({ qty: 20, entryPrice: "11", exitPrice: "11", pnl: "0", exitTime: 4 });
  });

  test("a fill through zero closes the trade and opens the next, commission split by shares", () => {
    const trades = book([["sell", 10, "50", "1"], ["buy", 30, "40", "3"]], 41);
    expect(trades[0]).toMatchObject({ side: "short", qty: 10, entryPrice: "50", exitPrice: "40", pnl: "98", commission: "2" });
    expect(trades[1]).toMatchObject({ side: "long", qty: 20, entryPrice: "40", exitTime: null, exitPrice: null, commission: "2" });
    // Open: 20 x (41 - 40) - 2 commission.
    expect(trades[1]!.pnl).toBe("18");
  });

  test("an open trade is valued at the last price and listed after the closed ones", () => {
    const trades = book([["buy", 5, "20", "1"], ["sell", 5, "21", "1"], ["buy", 4, "22", "1"]], 25);
    expect(trades.map((t) => [t.exitTime, t.pnl])).toEqual([[2, "3"], [null, "11"]]);
  });
});
