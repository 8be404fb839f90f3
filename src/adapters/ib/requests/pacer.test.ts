import { describe, expect, test } from "bun:test";
import { backoffDelay } from "../connection/backoff.ts";
import { FakeClock } from "../../clock/fake-clock.ts";
import { HistoricalPacer, MessagePacer, pacingMargin } from "./pacer.ts";

const key = (identity: string, contract = "AAPL", smallBars = false) => ({ identity, contract, smallBars });

describe("pacing (fake time)", () => {
  test("message pacer lets 45 through at once, then one every 1/45 s", async () => {
    const clock = new FakeClock();
    const pacer = new MessagePacer(clock, 45);
    for (let i = 0; i < 45; i++) expect(pacer.tryTake()).toBe(0);
    const wait = pacer.tryTake();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(23);
    await clock.advanceAsync(wait);
    expect(pacer.tryTake()).toBe(0);
    expect(() => new MessagePacer(clock, 60)).toThrow(RangeError);
  });

  test("no identical small-bar request within 15 s (plus a margin); daily bars may repeat", () => {
    const clock = new FakeClock(1_000_000);
    const pacer = new HistoricalPacer(clock);
    pacer.start(key("AAPL|5 secs|1800 S", "AAPL", true));
    expect(pacer.delayFor(key("AAPL|5 secs|1800 S", "AAPL", true))).toBe(15_750);
    expect(pacer.delayFor(key("AAPL|5 secs|3600 S", "AAPL", true))).toBe(0);
    pacer.start(key("AAPL|1 day|1 Y"));
    expect(pacer.delayFor(key("AAPL|1 day|1 Y"))).toBe(0);
  });

  test("the 6th request for one contract within 2 s waits for the window and half a second more", () => {
    const clock = new FakeClock(0);
    const pacer = new HistoricalPacer(clock);
    for (let i = 0; i < 5; i++) pacer.start(key(`r${i}`));
    expect(pacer.delayFor(key("r5"))).toBe(2_500);
    expect(pacer.delayFor(key("other", "MSFT"))).toBe(0);
  });

  test("at most 60 small-bar requests in 10 minutes; large bars are not counted", () => {
    const clock = new FakeClock(0);
    const pacer = new HistoricalPacer(clock);
    for (let i = 0; i < 60; i++) {
      pacer.start(key(`s${i}`, `C${i}`, true));
      pacer.finish();
    }
    expect(pacer.delayFor(key("s60", "C60", true))).toBe(630_000);
    expect(pacer.delayFor(key("big", "C61", false))).toBe(0);
  });

  test("50 open requests block the 51st until one finishes", async () => {
    const clock = new FakeClock(0);
    const pacer = new HistoricalPacer(clock);
    for (let i = 0; i < 50; i++) pacer.start(key(`o${i}`, `C${i}`));
    let got = false;
    const pending = pacer.acquire(key("o50", "C50")).then(() => (got = true));
    await clock.advanceAsync(60_000);
    expect(got).toBe(false);
    pacer.finish();
    await pending;
    expect(got).toBe(true);
    expect(pacer.open).toBe(50);
  });

  test("acquire sleeps exactly until the identical-request window (with its margin) passes", async () => {
    const clock = new FakeClock(0);
    const pacer = new HistoricalPacer(clock);
    pacer.start(key("same", "AAPL", true));
    pacer.finish();
    let waited: number | undefined = -1;
    const p = pacer.acquire(key("same", "AAPL", true)).then((ms) => (waited = ms));
    await clock.advanceAsync(15_749);
    expect(waited).toBe(-1);
    await clock.advanceAsync(1);
    await p;
    expect(waited).toBe(15_750);
  });

  test("margins: at least half a second, 5% of long windows", () => {
    expect(pacingMargin(2_000)).toBe(500);
    expect(pacingMargin(600_000)).toBe(30_000);
  });

  test("an aborted signal ends a pacing wait at once and records nothing", async () => {
    const clock = new FakeClock(0);
    const pacer = new HistoricalPacer(clock);
    pacer.start(key("same", "AAPL", true));
    pacer.finish();
    const stop = new AbortController();
    let waited: number | undefined = -1;
    const p = pacer.acquire(key("same", "AAPL", true), stop.signal).then((ms) => (waited = ms));
    await clock.advanceAsync(1_000);
    expect(waited).toBe(-1);
    stop.abort();
    await p;
    expect(waited).toBeUndefined();
    expect(pacer.open).toBe(0);
    expect(await pacer.acquire(key("other"), stop.signal)).toBeUndefined();
  });

  test("an aborted signal also ends a wait for a free slot among 50 open requests", async () => {
    const clock = new FakeClock(0);
    const pacer = new HistoricalPacer(clock);
    for (let i = 0; i < 50; i++) pacer.start(key(`o${i}`, `C${i}`));
    const stop = new AbortController();
    const p = pacer.acquire(key("o50", "C50"), stop.signal);
    stop.abort();
    expect(await p).toBeUndefined();
    expect(pacer.open).toBe(50);
    pacer.finish();
    expect(await pacer.acquire(key("o51", "C51"))).toBe(0);
  });

  test("backoff doubles up to the cap, with jitter in the upper half", () => {
    const opts = (r: number) => ({ baseMs: 1000, maxMs: 30_000, random: () => r });
    expect(backoffDelay(0, opts(0))).toBe(500);
    expect(backoffDelay(0, opts(0.999999))).toBe(1000);
    expect(backoffDelay(3, opts(0))).toBe(4000);
    expect(backoffDelay(10, opts(0))).toBe(15_000);
    expect(backoffDelay(10, opts(0.5))).toBe(22_500);
    expect(() => backoffDelay(-1, opts(0))).toThrow(RangeError);
  });
});
