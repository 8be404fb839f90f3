import { describe, expect, test } from "bun:test";
import type { Bar, BarArrays } from "../core/bar.ts";
import { LatestBars } from "./market-view.ts";

const MINUTE = 60_000;

/** A seeded random walk of `n` bars with rising times (gaps of one or two minutes). */
function columns(n: number, seed: number): BarArrays {
  let s = seed;
  const random = () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const c: BarArrays = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let time = 1_700_000_000_000;
  let close = 100;
  for (let i = 0; i < n; i++) {
    time += random() < 0.2 ? 2 * MINUTE : MINUTE;
    const open = close;
    close = Math.max(1, close * (1 + (random() - 0.5) * 0.02 + (i % 700 < 350 ? 0.0004 : -0.0004)));
    c.time[i] = time;
    c.open[i] = open;
    c.high[i] = Math.max(open, close) + random();
    c.low[i] = Math.min(open, close) - random();
    c.close[i] = close;
    c.volume[i] = Math.floor(random() * 1000);
  }
  return c;
}

const barAt = (c: BarArrays, i: number): Bar => ({ time: c.time[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });

describe("latest bars that follow a feed's columns", () => {
  test("every read (bar, close, regime, the market index's time) is what copying each bar gives, over runs, skipped bars and late regimes", () => {
    for (const seed of [1, 2, 3]) {
      const a = columns(4_000, seed);
      const b = columns(4_000, seed + 100);
      let s = seed * 7;
      const random = () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
      // The market index's regime by time (neither symbol is SPX): both views must ask at the same time.
      const asked: number[][] = [[], []];
      const copied = new LatestBars(["A", "B"], { symbol: "SPX", at: (t) => void asked[0]!.push(t) });
      const followed = new LatestBars(["A", "B"], { symbol: "SPX", at: (t) => void asked[1]!.push(t) });
      const compare = () => {
        for (const symbol of ["A", "B"]) expect(followed.bar(symbol)).toEqual(copied.bar(symbol));
        expect(followed.closeAt(0)).toBe(copied.closeAt(0));
      };
      let reads = 0;
      let regimeAsked = false;
      for (let i = 0; i < a.time.length; ) {
        // A batch whose first `accepted` bars are followed; the rest are each delivered or skipped (rejected).
        const to = Math.min(a.time.length, i + 1 + Math.floor(random() * 600));
        const accepted = random() < 0.7 ? to - i : Math.floor(random() * (to - i));
        if (accepted > 0) followed.follow(0, a, i, i + accepted);
        for (let j = i; j < to; j++) {
          if (j < i + accepted || random() < 0.5) {
            copied.update(0, barAt(a, j));
            followed.update(0, barAt(a, j));
          }
          // The other symbol's bars are always copied.
          copied.update(1, barAt(b, j));
          followed.update(1, barAt(b, j));
          // Seed 2 reads seldom: long runs go unread, then a regime starts from the ring.
          const r = seed === 2 ? random() * 8 : random();
          if (r < 0.01) {
            compare();
            reads++;
          } else if (r < 0.013 && (regimeAsked || j > 1_500)) {
            regimeAsked = true;
            expect(followed.regime("A")).toEqual(copied.regime("A"));
            expect(followed.regime()).toEqual(copied.regime());
          }
        }
        i = to;
      }
      compare();
      expect(followed.regime("A")).toEqual(copied.regime("A"));
      expect(followed.regime()).toEqual(copied.regime());
      expect(asked[1]).toEqual(asked[0]!);
      expect(reads).toBeGreaterThan(seed === 2 ? 1 : 20);
      expect(regimeAsked).toBe(true);
      expect(copied.regime("A")).toEqual({ trend: expect.any(String), vol: expect.any(String) });
    }
  });

  test("a regime first asked after a long followed run starts from the last closes, as with copies", () => {
    const c = columns(2_000, 9);
    const copied = new LatestBars(["A"]);
    const followed = new LatestBars(["A"]);
    for (let j = 0; j < 700; j++) copied.update(0, barAt(c, j));
    followed.follow(0, c, 0, 700);
    for (let j = 0; j < 700; j++) followed.update(0, barAt(c, j));
    expect(followed.regime("A")).toEqual(copied.regime("A"));
    followed.follow(0, c, 700, 2_000);
    for (let j = 700; j < 2_000; j++) {
      copied.update(0, barAt(c, j));
      followed.update(0, barAt(c, j));
    }
    expect(followed.regime("A")).toEqual(copied.regime("A"));
    expect(copied.regime("A")).toEqual({ trend: expect.any(String), vol: expect.any(String) });
  });

  test("a run the engine stops handling midway: the latest bar is the last one it handled", () => {
    const c = columns(100, 5);
    const view = new LatestBars(["A"]);
    view.follow(0, c, 0, 100);
    expect(view.bar("A")).toBeUndefined();
    for (let j = 0; j < 40; j++) view.update(0, barAt(c, j));
    expect(view.bar("A")).toEqual(barAt(c, 39));
    // A new run that does not continue the first (bars 40-49 never came).
    view.follow(0, c, 50, 60);
    for (let j = 50; j < 55; j++) view.update(0, barAt(c, j));
    expect(view.closeAt(0)).toBe(c.close[54]!);
  });
});
