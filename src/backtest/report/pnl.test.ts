import { describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import { pnlByDay, pnlBySymbol, pnlSections } from "./pnl.ts";
import type { TradeRecord } from "../types.ts";

const D = Date.UTC(2024, 0, 2);
const trade = (symbol: string, exitDay: number | null, pnl: number): TradeRecord => ({
  symbol, side: "long", qty: 1, entryTime: D, entryPrice: money(10), exitTime: exitDay === null ? null : D + exitDay * 86_400_000 + 3_600_000,
  exitPrice: exitDay === null ? null : money(11), pnl: money(pnl), commission: money(0.5),
});

describe("P&L by symbol and by day", () => {
  const trades = [trade("AAA", 0, 1.1), trade("BBB", 0, -3), trade("AAA", 2, 0.2), trade("BBB", null, 5)];

  test("by symbol: net of commissions, open trades at their last close, best first", () => {
    expect(pnlBySymbol(trades).map((r) => [r.symbol, r.trades, r.wins, r.pnl.toString(), r.commission.toString()])).toEqual([
      ["BBB", 2, 1, "2", "1"],
      ["AAA", 2, 2, "1.3", "1"],
    ]);
  });

  test("by day: realized only, on the day of exit, exact to the cent", () => {
    expect(pnlByDay(trades)).toEqual([{ day: "2024-01-02", pnl: -1.9 }, { day: "2024-01-04", pnl: 0.2 }]);
    expect(pnlSections(trades)).toContain(`id="pnl-day-data">{"t":["2024-01-02","2024-01-04"],"v":[-1.9,0.2]}`);
    expect(pnlSections([])).toBe("");
  });
});
