import { describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import { candleSection, mergeBars } from "./candles.ts";
import type { Bar } from "../../core/bar.ts";

const bars: Bar[] = Array.from({ length: 10 }, (_, i) => ({ time: (i + 1) * 60_000, open: i, high: i + 2, low: i - 1, close: i + 1, volume: 100 }));

describe("report candles", () => {
  test("merging keeps the first open, the extremes, the last close and the summed volume", () => {
    const { bars: merged, factor } = mergeBars(bars, 4);
    expect(factor).toBe(3);
    expect(merged[0]).toEqual({ time: 60_000, open: 0, high: 4, low: -1, close: 3, volume: 300 });
    expect(merged[3]).toEqual({ time: 600_000, open: 9, high: 11, low: 8, close: 10, volume: 100 });
    expect(mergeBars(bars, 10).factor).toBe(1);
  });

  test("trade marks land on the candle holding their time, and the note says the bars were merged", () => {
    const trade = { symbol: "X", side: "long" as const, qty: 5, entryTime: 130_000, entryPrice: money(1), exitTime: 420_000, exitPrice: money(2), pnl: money(-1), commission: money(0) };
    const html = candleSection("X", 0, bars, [trade, { ...trade, symbol: "Y" }], 4);
    const data = JSON.parse(html.match(/id="candles-0-data">([^<]*)</)![1]!) as { t: number[]; m: [number, string, string][] };
    expect(data.t).toEqual([60, 240, 420, 600]);
    expect(data.m.map(([t, kind]) => [t, kind])).toEqual([[60, "B"], [420, "L"]]);
    expect(html).toContain("Each candle merges 3 consecutive bars (10 bars shown as 4 candles");
    expect(html).not.toContain("Sell short");
  });
});
