import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../adapters/embedded/sp500.ts";
import { rulesRegimes } from "../regime/rules.ts";
import { RegimeTimeline } from "../regime/regime-timeline.ts";
import type { RegimeView } from "../strategy/api/public-types.ts";
import type { ConfiguredStrategy } from "../strategy/types.ts";
import { HistoricalFeed, seriesFromBars } from "./historical-feed.ts";
import { runBacktest } from "./run-backtest.ts";
import { plainSetup } from "../engine/trading-setup.ts";
import { configureStrategy } from "../strategy/registry.ts";

const DAY = 86_400_000;
const spx = embeddedBars().slice(0, 1500).map(({ symbol: _, ...b }) => b);

/** A strategy that only records what ctx.market.regime() said at each of its bars. */
function recorder(seen: Map<string, { market: RegimeView | undefined; own: RegimeView | undefined }[]>): ConfiguredStrategy {
  return {
    name: "regime-recorder",
    params: {},
    create: ({ symbol }) => {
      const list: { market: RegimeView | undefined; own: RegimeView | undefined }[] = [];
      seen.set(symbol, list);
      return { onBar: (ctx) => void list.push({ market: ctx.market.regime(), own: ctx.market.regime(ctx.symbol) }) };
    },
  };
}

describe("ctx.market.regime() in a backtest", () => {
  test("the index's regime (traded) and each symbol's own, as known at each close", () => {
    const other = spx.map((b) => ({ ...b, open: b.open * 2, high: b.high * 2, low: b.low * 2, close: b.close * 2 }));
    const seen = new Map<string, { market: RegimeView | undefined; own: RegimeView | undefined }[]>();
    runBacktest({ feed: new HistoricalFeed([seriesFromBars("SPX", spx), seriesFromBars("X", other)]), strategy: recorder(seen), marketRegime: { symbol: "SPX" } });
    const expected = rulesRegimes(spx.map((b) => b.close));
    // X was handled after SPX in each step, so SPX's regime of the same step is known to it.
    expect(seen.get("X")!.map((r) => r.market)).toEqual(expected);
    expect(seen.get("SPX")!.map((r) => r.own)).toEqual(expected);
    expect(seen.get("X")!.map((r) => r.own)).toEqual(rulesRegimes(other.map((b) => b.close)));
  });

  test("a regime first asked for late (bar 1000) gives the labels it would have had from the start", () => {
    const seen: (RegimeView | undefined)[] = [];
    const late: ConfiguredStrategy = {
      name: "late-asker",
      params: {},
      create: () => {
        let bars = 0;
        return { onBar: (ctx) => void (bars++ >= 1000 && seen.push(ctx.market.regime(ctx.symbol))) };
      },
    };
    runBacktest({ feed: new HistoricalFeed([seriesFromBars("X", spx)]), strategy: late });
    expect(seen).toEqual(rulesRegimes(spx.map((b) => b.close)).slice(1000));
  });

  test("an index that is not traded comes from its own bars through the lookup; without one it is unknown", () => {
    const timeline = RegimeTimeline.rules(spx.map((b) => b.time), spx.map((b) => b.close), DAY);
    const seen = new Map<string, { market: RegimeView | undefined; own: RegimeView | undefined }[]>();
    const feed = new HistoricalFeed([seriesFromBars("X", spx)]);
    runBacktest({ feed, strategy: recorder(seen), marketRegime: { symbol: "SPX", at: (t) => timeline.at(t + DAY) } });
    expect(seen.get("X")!.map((r) => r.market)).toEqual(rulesRegimes(spx.map((b) => b.close)));
    const none = new Map<string, { market: RegimeView | undefined; own: RegimeView | undefined }[]>();
    runBacktest({ feed, strategy: recorder(none) });
    expect(none.get("X")!.every((r) => r.market === undefined)).toBe(true);
    expect(none.get("X")!.some((r) => r.own?.trend !== undefined)).toBe(true);
  });

  test("the setup's regime filter (the pipeline's, as in run and replay): buy-and-hold waits for the first bull close", () => {
    const setup = { ...plainSetup({ sizing: { kind: "pct-equity", pct: 50 } }), regimeFilter: { filter: "bull", source: "symbol" as const } };
    const result = runBacktest({ feed: new HistoricalFeed([seriesFromBars("X", spx)]), strategy: configureStrategy("buy-and-hold"), setup });
    const labels = rulesRegimes(spx.map((b) => b.close));
    const firstBull = labels.findIndex((l) => l.trend === "bull");
    expect(result.fills.map((f) => f.time)).toEqual([spx[firstBull + 1]!.time]); // filled at the next open
    expect(result.refusals.length).toBe(firstBull);
    expect(result.refusals.every((r) => r.rule === "regime-filter")).toBe(true);
  });
});
