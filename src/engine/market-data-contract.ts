import { describe, expect, test } from "bun:test";
import { barProblem, type Bar } from "../core/bar.ts";
import type { MarketData } from "./ports.ts";

export interface MarketDataHarness {
  readonly source: MarketData;
  /** Bars the source must deliver, per symbol, in time order (what the harness fed it). */
  readonly expected: Readonly<Record<string, readonly Bar[]>>;
  /** Runs the source to the end of `expected` (replay: run; live: run until the last bar, then stop). */
  drain(sink: Parameters<MarketData["run"]>[0]): Promise<void> | void;
  /**
   * A live source makes no symbol wait for another: a step ends once every symbol has its
   * bar or some symbol is two steps ahead, so a lagging symbol's bar (a backfill answered
   * later than another's) may come after its step ended. It is still delivered, in its
   * symbol's time order. A replay merges exactly: every bar comes before its step ends.
   */
  readonly live?: boolean;
  close?(): Promise<void> | void;
}

/** Every MarketData implementation passes this suite (HistoricalFeed, LiveMarketData). */
export function marketDataContract(name: string, makeHarness: () => Promise<MarketDataHarness> | MarketDataHarness): void {
  describe(`MarketData contract: ${name}`, () => {
    async function collect() {
      const h = await makeHarness();
      const log: ({ kind: "bar"; symbol: string; bar: Bar } | { kind: "end"; time: number })[] = [];
      try {
        await h.drain({
          // Copy: the source may reuse its bar object.
          bar: (slot, bar) => log.push({ kind: "bar", symbol: h.source.symbols[slot]!, bar: { ...bar } }),
          timeEnd: (time) => log.push({ kind: "end", time }),
        });
      } finally {
        await h.close?.();
      }
      return { h, log };
    }

    test("delivers every expected bar of every symbol, in time order, each one sound", async () => {
      const { h, log } = await collect();
      for (const [symbol, bars] of Object.entries(h.expected)) {
        const got = log.flatMap((e) => (e.kind === "bar" && e.symbol === symbol ? [e.bar] : []));
        expect(got.map(plain)).toEqual(bars.map(plain));
        for (const b of got) expect(barProblem(b)).toBeUndefined();
      }
    });

    test("time steps only move forward, each symbol's bars too, and a bar arrives before its time step ends (replay) or at worst after it (live)", async () => {
      const { h, log } = await collect();
      let lastEnd = -Infinity;
      const lastBar = new Map<string, number>();
      for (const e of log) {
        if (e.kind === "end") {
          expect(e.time).toBeGreaterThan(lastEnd);
          lastEnd = e.time;
        } else {
          expect(e.bar.time).toBeGreaterThan(lastBar.get(e.symbol) ?? -Infinity);
          lastBar.set(e.symbol, e.bar.time);
          if (!h.live) expect(e.bar.time).toBeGreaterThan(lastEnd);
        }
      }
      const newest = Math.max(...lastBar.values());
      expect(log.at(-1)).toEqual({ kind: "end", time: newest });
    });
  });
}

const plain = (b: Bar): Bar => ({ time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
