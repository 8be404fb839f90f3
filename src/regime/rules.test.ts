import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../adapters/embedded/sp500.ts";
import { rulesRegimes } from "./rules.ts";

const closes = embeddedBars().map((b) => b.close);
const times = embeddedBars().map((b) => b.time);
const at = (date: string) => times.indexOf(Date.parse(date));

describe("rules regime", () => {
  test("unknown while the SMA and the volatility ranking warm up", () => {
    const labels = rulesRegimes(closes);
    expect(labels[100]).toEqual({ trend: undefined, vol: undefined });
    expect(labels[300]!.trend).toBeDefined();
    expect(labels[300]!.vol).toBeDefined();
  });

  test("the embedded SPX: bear and high volatility in late 2008, bull in 2017", () => {
    const labels = rulesRegimes(closes);
    expect(labels[at("2008-11-20")]).toEqual({ trend: "bear", vol: "high-vol" });
    expect(labels[at("2017-07-03")]!.trend).toBe("bull");
    expect(labels[at("2020-03-23")]!.vol).toBe("high-vol");
  });

  test("causal: the label at t does not change when closes after t change", () => {
    const cut = 3000;
    const changed = closes.map((c, i) => (i > cut ? c * (i % 2 ? 1.3 : 0.7) : c));
    const a = rulesRegimes(closes);
    const b = rulesRegimes(changed);
    expect(b.slice(0, cut + 1)).toEqual(a.slice(0, cut + 1));
    expect(b.slice(cut + 1)).not.toEqual(a.slice(cut + 1));
  });

  test("a steady rise is bull; a steady fall is bear", () => {
    const up = Array.from({ length: 300 }, (_, i) => 100 * 1.001 ** i * (1 + 0.001 * (i % 3)));
    const down = up.map((_, i) => up[up.length - 1 - i]!);
    expect(rulesRegimes(up).at(-1)!.trend).toBe("bull");
    expect(rulesRegimes(down).at(-1)!.trend).toBe("bear");
  });
});
