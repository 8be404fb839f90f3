import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../src/adapters/embedded/sp500.ts";
import { HistoricalFeed, seriesFromBars, type SymbolSeries } from "../src/backtest/historical-feed.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import { SimulatedBroker } from "../src/backtest/simulated-broker.ts";
import type { Bar } from "../src/core/bar.ts";
import { ibFixed } from "../src/core/commission/ib-fixed.ts";
import { ibTiered } from "../src/core/commission/ib-tiered.ts";
import { noCommission } from "../src/core/commission/none.ts";
import { money, toNumber } from "../src/core/money.ts";
import type { OrderIntent } from "../src/core/order.ts";
import { Portfolio } from "../src/core/portfolio.ts";
import { Engine } from "../src/engine/engine.ts";
import { configureStrategy } from "../src/strategy/registry.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
/** closes with a known SMA(2)/SMA(3) up-cross on bar 5 and down-cross on bar 8; open = previous close + 0.5. */
const CLOSES = [10, 9, 8, 7, 8, 10, 12, 11, 9, 7, 6];
const handBars = (closes = CLOSES): Bar[] =>
  closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]! + 0.5;
    return { time: T0 + i * DAY, open, high: Math.max(open, close) + 1, low: Math.min(open, close) - 1, close, volume: 1000 };
  });

describe("backtest engine", () => {
  test("sma-cross enters at the next open after a cross and exits at the next open after the opposite cross", () => {
    const feed = new HistoricalFeed([seriesFromBars("X", handBars())]);
    const r = runBacktest({ feed, strategy: configureStrategy("sma-cross", { fast: 2, slow: 3 }), sizing: { kind: "qty", qty: 10 }, commission: noCommission, initialCash: 1000 });
    expect(r.trades.map((t) => ({ ...t, entryPrice: t.entryPrice.toString(), exitPrice: t.exitPrice?.toString(), pnl: t.pnl.toString(), commission: t.commission.toString() }))).toEqual([
      // Cross on bar 5's close -> bar 6's open (10 + 0.5); cross down on bar 8 -> bar 9's open (9 + 0.5).
      { symbol: "X", side: "long", qty: 10, entryTime: T0 + 6 * DAY, entryPrice: "10.5", exitTime: T0 + 9 * DAY, exitPrice: "9.5", pnl: "-10", commission: "0" },
    ]);
    expect(r.finalCash.toString()).toBe("990");
    expect(r.equity.equity[6]).toBe(1000 - 105 + 10 * 12); // marked at bar 6's close
  });

  test("no look-ahead: changing bars after t never changes the orders decided up to t", () => {
    const base = randomWalkSeries("X", 600, 7);
    const intentsUpTo = (series: SymbolSeries, t: number) => {
      const intents: OrderIntent[] = [];
      const portfolio = new Portfolio(money(100_000));
      const engine = new Engine({
        strategy: configureStrategy("sma-cross", { fast: 5, slow: 20 }),
        symbols: ["X"],
        broker: new SimulatedBroker({ commission: ibFixed, funds: portfolio }),
        portfolio,
        sizing: { kind: "pct-equity", pct: 100 },
        direction: "long-short",
        store: { recordIntent: (i) => intents.push(i), recordOrderUpdate: () => {}, recordFill: () => {}, recordRefusal: () => {} },
      });
      new HistoricalFeed([series]).run(engine);
      return intents.filter((i) => i.signalTime <= series.time[t]!);
    };
    for (const t of [100, 250, 400]) {
      const changed: SymbolSeries = { ...base, open: base.open.slice(), high: base.high.slice(), low: base.low.slice(), close: base.close.slice() };
      for (let i = t + 1; i < base.time.length; i++) {
        // A different future: prices jump by a factor after t.
        const f = 1.5 + Math.sin(i);
        changed.open[i] = base.open[i]! * f;
        changed.high[i] = base.high[i]! * f;
        changed.low[i] = base.low[i]! * f;
        changed.close[i] = base.close[i]! * f;
      }
      const before = intentsUpTo(base, t);
      expect(before.length).toBeGreaterThan(2);
      expect(intentsUpTo(changed, t)).toEqual(before);
    }
  });

  test("many symbols run on one time line; a symbol without a bar keeps its last close", () => {
    const a = handBars([10, 11, 12, 13]).filter((_, i) => i !== 2); // days 0,1,3
    const b = handBars([20, 21, 22, 23]).filter((_, i) => i !== 0); // days 1,2,3
    const feed = new HistoricalFeed([seriesFromBars("A", a), seriesFromBars("B", b)]);
    const seen: string[] = [];
    feed.run({ bar: (slot, bar) => seen.push(`${feed.symbols[slot]}${(bar.time - T0) / DAY}`), timeEnd: (t) => seen.push(`|${(t - T0) / DAY}`) });
    expect(seen.join(" ")).toBe("A0 |0 A1 B1 |1 B2 |2 A3 B3 |3");

    const r = runBacktest({ feed, strategy: configureStrategy("buy-and-hold"), sizing: { kind: "qty", qty: 1 }, commission: noCommission, initialCash: 100 });
    expect(Array.from(r.equity.time, (t) => (t - T0) / DAY)).toEqual([0, 1, 2, 3]);
    // A bought at day 1's open (10.5), B at day 2's open (21.5). Day 2: A has no bar and stays at 11.
    expect(Array.from(r.equity.equity)).toEqual([100, 100 - 10.5 + 11, 100 - 10.5 - 21.5 + 11 + 22, 100 - 10.5 - 21.5 + 13 + 23]);
  });

  test("a position still open at the end is listed last with no exit, valued at the last close", () => {
    const feed = new HistoricalFeed([seriesFromBars("X", handBars())]);
    const r = runBacktest({ feed, strategy: configureStrategy("buy-and-hold"), sizing: { kind: "qty", qty: 3 }, commission: ibFixed, initialCash: 1000 });
    const last = r.trades.at(-1)!;
    expect(last.exitTime).toBeNull();
    expect(last.exitPrice).toBeNull();
    // Bought 3 at bar 1's open 10.5; ib-fixed capped at 1% of 31.50 = 0.315; last close 6.
    expect(last.commission.toString()).toBe("0.315");
    expect(last.pnl.toString()).toBe("-13.815");
    expect(r.equity.equity.at(-1)).toBeCloseTo(1000 - 31.5 - 0.315 + 18, 9);
  });

  test("long-only cash never goes negative, even when every symbol asks for all the equity", () => {
    const feed = new HistoricalFeed(Array.from({ length: 8 }, (_, i) => randomWalkSeries(`S${i}`, 1500, 100 + i)));
    const r = runBacktest({ feed, strategy: configureStrategy("sma-cross", { fast: 5, slow: 20 }), sizing: { kind: "pct-equity", pct: 100 }, commission: ibTiered, slippageBps: 20 });
    expect(r.fills.length).toBeGreaterThan(100);
    expect(r.notices.some((n) => /insufficient cash/.test(n.reason ?? ""))).toBe(true);
    const books = new Portfolio(money(100_000));
    for (const fill of r.fills) {
      books.applyFill(fill);
      expect(books.cash.gte(0)).toBe(true);
      expect(books.qty(fill.symbol)).toBeGreaterThanOrEqual(0);
    }
  });

  test("buy-and-hold on the embedded SPX equals the price ratio minus commissions", () => {
    const bars = embeddedBars();
    const feed = HistoricalFeed.fromBars(bars);
    const r = runBacktest({ feed, strategy: configureStrategy("buy-and-hold"), commission: ibFixed });
    const qty = Math.floor(100_000 / bars[0]!.close); // sized at the first close, bought at the second open
    const entry = money(bars[1]!.open);
    const commission = ibFixed.commission({ side: "buy", qty, price: entry, value: entry.times(qty), monthShares: 0 });
    const expected = money(100_000).minus(entry.times(qty)).minus(commission).plus(money(bars.at(-1)!.close).times(qty));
    expect(r.fills).toHaveLength(1);
    expect(r.finalCash.toString()).toBe(money(100_000).minus(entry.times(qty)).minus(commission).toString());
    expect(r.equity.equity.at(-1)).toBeCloseTo(toNumber(expected), 6);
    expect(r.trades[0]!.pnl.toString()).toBe(money(bars.at(-1)!.close).minus(entry).times(qty).minus(commission).toString());
  });

  test("a range trades only inside it; earlier bars warm up indicators", () => {
    const feed = new HistoricalFeed([randomWalkSeries("X", 1000, 3)]);
    const strategy = configureStrategy("sma-cross", { fast: 5, slow: 20 });
    const r = runBacktest({ feed, strategy, range: { from: 500, to: 800 } });
    expect(r.equity.time.length).toBe(300);
    expect(r.equity.time[0]).toBe(feed.timeline[500]);
    expect(r.fills.every((f) => f.time > feed.timeline[500]! && f.time < feed.timeline[800]!)).toBe(true);
    expect(r.bars).toBe(800);
  });
});
