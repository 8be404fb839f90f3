import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../adapters/embedded/sp500.ts";
import { rulesRegimes } from "./rules.ts";
import { StreamingRulesRegime } from "./streaming-rules.ts";

describe("streaming rules regime", () => {
  test("gives the batch labels bar by bar on the embedded SPX", () => {
    const closes = embeddedBars().map((b) => b.close);
    const batch = rulesRegimes(closes);
    const live = new StreamingRulesRegime();
    const streamed = closes.map((c) => (live.update(c), live.label()));
    expect(streamed).toEqual(batch);
    expect(streamed.filter((l) => l.trend === "bear" && l.vol === "high-vol").length).toBeGreaterThan(100);
  });
});
