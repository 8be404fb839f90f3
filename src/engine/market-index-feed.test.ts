import { describe, expect, test } from "bun:test";
import { LatestBars } from "./market-view.ts";
import { StreamingRulesRegime } from "../regime/streaming-rules.ts";
import { MarketIndexFeed } from "./market-index-feed.ts";

const DAY = 86_400_000;
const bar = (i: number, close: number) => ({ time: i * DAY, open: close, high: close, low: close, close, volume: 1 });

describe("the market index followed as data only", () => {
  test("its bars give the market regime the engine reads for a symbol set without it; repeated bars count once", () => {
    const feed = new MarketIndexFeed("SPX");
    const reference = new StreamingRulesRegime();
    const view = new LatestBars(["AAPL"], feed.source);
    view.update(0, bar(0, 50));
    expect(view.regime()).toBeUndefined(); // no index bar yet: unknown, never guessed
    for (let i = 0; i < 400; i++) {
      const close = 100 * 1.001 ** i * (1 + 0.02 * Math.sin(i / 3));
      feed.bar(0, bar(i, close));
      if (i % 50 === 0) feed.bar(0, bar(i, close * 2)); // a resubscription's overlap: ignored
      reference.update(close);
    }
    view.update(0, bar(400, 50));
    expect(feed.lastTime).toBe(399 * DAY);
    expect(view.regime()).toEqual(reference.label());
    expect(reference.label()).toEqual({ trend: "bull", vol: expect.any(String) });
  });
});
