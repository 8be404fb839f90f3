import { describe, expect, test } from "bun:test";
import { money } from "../money.ts";
import { protectiveExits } from "./protective-exits.ts";

const pos = (symbol: string, qty: number, avgCost: number | string) => ({ symbol, qty, avgCost: money(avgCost) });
const opts = { stopLossPct: 5, takeProfitPct: 10 };

describe("stop-loss and take-profit", () => {
  test("a long at 100 stops at 95 exactly, not at 95.01", () => {
    expect(protectiveExits([pos("AAPL", 10, 100)], new Map([["AAPL", 95.01]]), opts).exits).toEqual([]);
    const { exits } = protectiveExits([pos("AAPL", 10, 100)], new Map([["AAPL", 95]]), opts);
    expect(exits).toEqual([
      { reason: "stop-loss", lastPrice: 95, trigger: "95", request: { symbol: "AAPL", side: "sell", qty: 10, type: "market", tif: "day" } },
    ]);
  });

  test("a long takes profit at +10%, exact in decimal (avg cost 0.1 -> 0.11)", () => {
    expect(protectiveExits([pos("X", 100, "0.1")], new Map([["X", 0.10999]]), opts).exits).toEqual([]);
    expect(protectiveExits([pos("X", 100, "0.1")], new Map([["X", 0.11]]), opts).exits[0]).toMatchObject({ reason: "take-profit", trigger: "0.11" });
  });

  test("a short stops above cost and takes profit below, by buying back", () => {
    const stop = protectiveExits([pos("TSLA", -20, 200)], new Map([["TSLA", 210]]), opts).exits[0];
    expect(stop).toMatchObject({ reason: "stop-loss", request: { side: "buy", qty: 20 } });
    const take = protectiveExits([pos("TSLA", -20, 200)], new Map([["TSLA", 180]]), opts).exits[0];
    expect(take).toMatchObject({ reason: "take-profit", request: { side: "buy", qty: 20 } });
    expect(protectiveExits([pos("TSLA", -20, 200)], new Map([["TSLA", 200]]), opts).exits).toEqual([]);
  });

  test("held symbols without a price are listed, not guessed; flat positions and zero percents are ignored", () => {
    const scan = protectiveExits([pos("AAPL", 10, 100), pos("MSFT", 0, 300)], new Map(), opts);
    expect(scan).toEqual({ exits: [], unpriced: ["AAPL"] });
    expect(protectiveExits([pos("AAPL", 10, 100)], new Map([["AAPL", 1]]), { stopLossPct: 0 }).exits).toEqual([]);
  });
});
