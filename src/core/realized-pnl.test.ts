import { describe, expect, test } from "bun:test";
import { money } from "./money.ts";
import { realizedByFill } from "./realized-pnl.ts";

const fill = (side: "buy" | "sell", qty: number, price: string) => ({ orderKey: "k", execId: "x", symbol: "AAPL", side, qty, price: money(price), commission: money("1"), time: 0 });
const long = { symbol: "AAPL", qty: 10, avgCost: money("100.25") };
const short = { symbol: "AAPL", qty: -10, avgCost: money("100.25") };

describe("realizedByFill", () => {
  test("a sell closing part of a long realizes (price - average cost) x shares closed, commission excluded", () => {
    expect(realizedByFill(long, fill("sell", 4, "101.5")).toString()).toBe("5");
  });
  test("a buy covering a short realizes (average cost - price) x shares", () => {
    expect(realizedByFill(short, fill("buy", 10, "99.05")).toString()).toBe("12");
  });
  test("a reversal realizes only the shares that closed the old position", () => {
    expect(realizedByFill(long, fill("sell", 25, "100")).toString()).toBe("-2.5");
  });
  test("opening or adding realizes exactly 0: known, not unknown", () => {
    expect(realizedByFill(undefined, fill("buy", 5, "10")).toString()).toBe("0");
    expect(realizedByFill(long, fill("buy", 5, "10")).toString()).toBe("0");
    expect(realizedByFill({ ...long, qty: 0 }, fill("sell", 5, "10")).toString()).toBe("0");
  });
});
