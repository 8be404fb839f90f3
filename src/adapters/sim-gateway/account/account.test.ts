import { describe, expect, test } from "bun:test";
import Big from "big.js";
import { SimAccount } from "./account.ts";
import { fixedCommission } from "./commission.ts";

const fill = (a: SimAccount, side: "BOT" | "SLD", shares: number, price: string, commission: string) =>
  a.applyFill({ symbol: "AAPL", conId: 1, secType: "STK", primaryExchange: "NASDAQ", side, shares: new Big(shares), price: new Big(price), commission: new Big(commission) });

describe("SimAccount", () => {
  test("buying then selling realizes P&L exactly, net of both commissions", () => {
    const a = new SimAccount("DU1", 10_000);
    expect(fill(a, "BOT", 100, "10.10", "1")).toBeUndefined();
    expect(a.position("AAPL")!.avgCost.toString()).toBe("10.11"); // (1010 + 1) / 100
    const pnl = fill(a, "SLD", 40, "10.30", "1")!;
    expect(pnl.toString()).toBe("6.6"); // (10.30 - 10.11) x 40 - 1
    expect(a.position("AAPL")!.quantity.toString()).toBe("60");
    expect(a.position("AAPL")!.avgCost.toString()).toBe("10.11");
    expect(a.cash.toString()).toBe("9400"); // 10000 - 1010 - 1 + 412 - 1
  });

  test("selling through zero reverses to a short at the fill price; covering realizes against it", () => {
    const a = new SimAccount("DU1", 0);
    fill(a, "BOT", 10, "5", "1");
    const pnl = fill(a, "SLD", 30, "6", "3")!; // closes 10, opens 20 short
    expect(pnl.toString()).toBe("8"); // (6 - 5.1) x 10 - 0.1 x 10
    const p = a.position("AAPL")!;
    expect(p.quantity.toString()).toBe("-20");
    expect(p.avgCost.toString()).toBe("5.9"); // short basis: 6 - 0.1 commission per share
    expect(fill(a, "BOT", 20, "5.5", "1")!.toString()).toBe("7"); // (5.9 - 5.5) x 20 - 1
    expect(a.position("AAPL")!.quantity.toString()).toBe("0");
    expect(a.position("AAPL")!.realizedPnl.toString()).toBe("15");
  });

  test("order ids grow per client id and survive as long as the account", () => {
    const a = new SimAccount("DU1", 0);
    expect(a.nextValidId(1)).toBe(1);
    expect(a.useOrderId(1, 5)).toBe(true);
    expect(a.useOrderId(1, 5)).toBe(false);
    expect(a.useOrderId(1, 4)).toBe(false);
    expect(a.nextValidId(1)).toBe(6);
    expect(a.nextValidId(2)).toBe(1);
  });
});

describe("IB fixed commission", () => {
  test("USD 0.005 per share, minimum 1.00, maximum 1% of trade value", () => {
    expect(fixedCommission(new Big(100), new Big(50)).toString()).toBe("1");
    expect(fixedCommission(new Big(1000), new Big(50)).toString()).toBe("5");
    expect(fixedCommission(new Big(1000), new Big("0.2")).toString()).toBe("2"); // 1% of 200
    expect(fixedCommission(new Big(10), new Big("0.5")).toString()).toBe("0.05"); // 1% cap beats the minimum
  });
});
