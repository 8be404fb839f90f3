import { describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import { renderReport, type ReportInput } from "./report.ts";
import { esc, usd } from "./format.ts";
import { monthlyReturns } from "./monthly.ts";
import { downsample, niceTicks } from "./svg.ts";
import { computeStats } from "../stats/stats.ts";
import type { EquityPoint, TradeRecord } from "../types.ts";
import type { WindowResult } from "../walk-forward/walk-forward.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2010, 0, 4);

function input(n: number, over: Partial<ReportInput> = {}, spacing = DAY): ReportInput {
  const equity: EquityPoint[] = Array.from({ length: n }, (_, i) => ({ time: T0 + i * spacing, equity: 100_000 * (1 + 0.3 * Math.sin(i / 50)) }));
  const bars = equity.map((p) => ({ time: p.time, open: p.equity / 1000, high: p.equity / 1000, low: p.equity / 1000, close: p.equity / 1000, volume: 1 }));
  const trades: TradeRecord[] = [];
  for (let i = 10; i + 5 < n; i += 20) {
    trades.push({ symbol: "X", side: "long", qty: 10, entryTime: T0 + i * DAY, entryPrice: money(100), exitTime: T0 + (i + 5) * DAY, exitPrice: money(101), pnl: money(8), commission: money(2) });
  }
  const stats = computeStats({ equity, trades, initialCash: 100_000, barsPerYear: 252, benchmark: equity });
  return { title: "t", params: {}, stats, trades, equity, benchmark: equity, bars: { X: bars }, ...over };
}

describe("renderReport", () => {
  test("self-contained: inline scripts only, no external reference but the chart library's attribution link", () => {
    const html = renderReport(input(300));
    const outside = html.replace(/<script>[\s\S]*?<\/script>/g, "");
    expect(outside).not.toMatch(/<script(?! type="application\/json")|<link|<img|@import|url\(/i);
    expect([...outside.matchAll(/https?:\/\/[^"]*/g)].map((m) => m[0])).toEqual(["https://www.tradingview.com/"]);
    expect(html).toContain("@license\n * TradingView Lightweight Charts");
    expect(html).toContain("Content-Security-Policy");
  });

  test("every user-supplied text is escaped", () => {
    const evil = `<script>alert("x")</script>&'`;
    const html = renderReport(input(50, { title: evil, params: { [evil]: evil }, trades: [], footer: evil }));
    expect(html).not.toContain(`<script>alert`);
    expect(html).toContain(esc(evil));
  });

  test("stays small for long series: 100,000 bars draw like 5,000 (candles merged, and it says so)", () => {
    const fiveMinutes = 300_000; // 5,000 bars ~ 17 days, 100,000 bars ~ 1 year: few months either way
    const small = renderReport(input(5_000, { trades: [] }, fiveMinutes)).length;
    const large = renderReport(input(100_000, { trades: [] }, fiveMinutes)).length;
    expect(large).toBeLessThan(small * 1.3);
    expect(large).toBeLessThan(550_000); // about 200 kB of it is the chart library
    expect(renderReport(input(100_000, { trades: [] }, fiveMinutes))).toContain("Each candle merges 25 consecutive bars (100,000 bars shown as 4,000 candles");
  });

  test("the price legend shows only the marks drawn: no 'Sell short' on a long-only run", () => {
    const longOnly = renderReport(input(300));
    expect(longOnly).toContain("</i>Buy</span>");
    expect(longOnly).not.toContain("Sell short");
    const short = input(300);
    const trades = [...short.trades, { ...short.trades[0]!, side: "short" as const }];
    expect(renderReport({ ...short, trades })).toContain("</i>Sell short</span>");
  });

  test("a span too short to annualize says so under the figures, which show as missing", () => {
    const html = renderReport(input(10));
    expect(html).toContain("10 bars span about 10 trading days, too short to annualize");
    expect(html).toContain(`data-stat="cagr" data-value="null" class="na">—`);
  });

  test("an empty run renders with 'no data' notes instead of invented values", () => {
    const stats = computeStats({ equity: [], trades: [], initialCash: 100_000, barsPerYear: 252 });
    const html = renderReport({ title: "empty", params: {}, stats, trades: [], equity: [] });
    expect(html).toContain("No data to chart.");
    expect(html).toContain("No trades.");
    expect(html).toContain(`data-stat="sharpe" data-value="null" class="na">—`);
  });

  test("a run starting later than the data (walk-forward) charts buy-and-hold over the run's period only, from its capital", () => {
    const full = input(1500);
    const equity = (full.equity as EquityPoint[]).slice(900);
    const stats = computeStats({ equity, trades: [], initialCash: 100_000, barsPerYear: 252 });
    // The caller passes buy-and-hold of the whole data (from 2010); the run starts in mid 2012.
    const html = renderReport({ ...full, equity, stats, trades: [], benchmark: full.equity });
    const candles = JSON.parse(html.match(/id="candles-0-data">([^<]*)</)![1]!) as { t: number[] };
    expect(candles.t[0]! * 1000).toBe(equity[0]!.time);
    for (const id of ["equity", "drawdown"]) {
      const svg = html.match(new RegExp(`<svg id="${id}"[\\s\\S]*?</svg>`))![0];
      const years = [...svg.matchAll(/class="xlabel"[^>]*>([^<]*)</g)].map((m) => m[1]!);
      expect(years.length).toBeGreaterThan(0);
      expect(years.filter((y) => /2010|2011/.test(y))).toEqual([]);
    }
    const firstX = (cls: string) => html.match(new RegExp(`class="line ${cls}" d="M([\\d.]+),([\\d.]+)`))!.slice(1).map(Number);
    expect(firstX("bench")[0]).toBe(firstX("equity")[0]!);
  });

  test("walk-forward: the header shows the parameters chosen per window, not the fixed defaults; the windows table comes first", () => {
    const base = input(600);
    const stats = base.stats;
    const range = (from: number, to: number) => ({ from, to, fromTime: T0 + from * DAY, toTime: T0 + (to - 1) * DAY });
    const windows: WindowResult[] = [
      { index: 0, train: range(0, 200), test: range(200, 400), inForce: range(200, 400), params: { fast: 5, slow: 30 }, inSampleScore: 1.25, inSample: stats, outOfSample: { ...stats, totalReturn: 0.031 } },
      { index: 1, train: range(200, 400), test: range(400, 550), inForce: range(400, 600), params: { fast: 10, slow: 30 }, inSampleScore: -0.5, inSample: stats, outOfSample: { ...stats, totalReturn: -0.02 } },
    ];
    const html = renderReport({ ...base, params: { strategy: "sma-cross", fast: 10, slow: 30, commission: "ib-fixed" }, walkForward: { objective: "sharpe", windows } });
    const chips = html.match(/<ul class="params">([\s\S]*?)<\/ul>/)![1]!;
    expect(chips).toContain("<li><b>fast</b> per window: 5, 10</li>");
    expect(chips).toContain("<li><b>slow</b> 30 in every window</li>");
    expect(chips).toContain("<li><b>walk-forward</b> 2 windows, objective sharpe</li>");
    expect(chips).toContain("<li><b>commission</b> ib-fixed</li>");
    const table = html.match(/<table class="trades" id="windows">[\s\S]*?<\/table>/)![0];
    const rows = [...table.matchAll(/<tr><td>(\d)<\/td>(.*?)<\/tr>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, "|").replace(/\|+/g, "|"));
    expect(rows).toEqual([
      "|2010-01-04 – 2010-07-22|2010-07-23 – 2011-02-07|fast=5, slow=30|1.25|3.10%|" + rows[0]!.split("|").slice(6).join("|"),
      "|2010-07-23 – 2011-02-07|2011-02-08 – 2011-07-07 (held to 2011-08-26)|fast=10, slow=30|-0.50|-2.00%|" + rows[1]!.split("|").slice(6).join("|"),
    ]);
    expect(html.indexOf('id="windows"')).toBeLessThan(html.indexOf('id="equity"'));
  });

  test("statistics reconcile: open P&L beside realized P&L; drawdown durations in whole days", () => {
    const base = input(400);
    const open: TradeRecord = { symbol: "X", side: "long", qty: 10, entryTime: T0 + 390 * DAY, entryPrice: money(100), exitTime: null, exitPrice: null, pnl: money("12.34"), commission: money(1) };
    const trades = [...base.trades, open];
    const stats = computeStats({ equity: base.equity, trades, initialCash: 100_000, barsPerYear: 252, benchmark: base.equity });
    const html = renderReport({ ...base, trades, stats });
    expect(html).toContain(`<th scope="row">Open P&amp;L (unrealized, net)</th><td data-stat="openPnl" data-value="12.34">12.34</td>`);
    const days = stats.maxDrawdown!.durationDays;
    expect(html).toContain(`<td data-stat="maxDrawdownDays" data-value="${days}">${days.toLocaleString("en-US")}</td>`);
  });

  test("trades beyond the table limit are summarized, not silently dropped", () => {
    const many = input(60_000);
    expect(many.trades.length).toBeGreaterThan(2000);
    const html = renderReport(many);
    expect(html).toContain(`Showing the last 2000 of ${many.trades.length} trades`);
    expect(html).toContain(`Marked the last 1500 of ${many.trades.length} trades`);
  });
});

describe("report helpers", () => {
  test("monthly returns chain month ends, the first from the starting capital", () => {
    const pts = [
      [Date.UTC(2020, 0, 15), 110],
      [Date.UTC(2020, 0, 31), 120],
      [Date.UTC(2020, 1, 28), 90],
      [Date.UTC(2021, 0, 5), 99],
    ] as const;
    const m = monthlyReturns(pts.map((p) => p[0]), pts.map((p) => p[1]), 100);
    const y2020 = m.years.get(2020)!;
    expect(y2020.months[0]).toBeCloseTo(0.2, 12);
    expect(y2020.months[1]).toBeCloseTo(-0.25, 12);
    expect(y2020.months[2]).toBeNull();
    expect(y2020.year).toBeCloseTo(-0.1, 12);
    expect(m.years.get(2021)!.months[0]).toBeCloseTo(0.1, 12);
  });

  test("downsampling keeps the extremes, the first and the last point", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 100));
    values[4321] = 50;
    values[7777] = -50;
    const times = values.map((_, i) => i);
    const d = downsample(times, values, 100);
    expect(d.v.length).toBeLessThanOrEqual(202);
    expect(d.v).toContain(50);
    expect(d.v).toContain(-50);
    expect(d.t[0]).toBe(0);
    expect(d.t.at(-1)).toBe(9999);
  });

  test("money and ticks format", () => {
    expect(usd(money("-1234567.005"))).toBe("-1,234,567.01");
    expect(usd(null)).toBe("—");
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
