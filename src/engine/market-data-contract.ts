import { describe, expect, test } from "bun:test";
import { barProblem, type Bar } from "../core/bar.ts";
import type { MarketData } from "./ports.ts";

export interface MarketDataHarness {
  readonly source: MarketData;
  /** Bars the source must deliver, per symbol, in time order (what the harness fed it). */
  readonly expected: Readonly<Record<string, readonly Bar[]>>;
  /** Runs the source to the end of `expected` (replay: run; live: run until the last bar, then stop). */
  drain(sink: Parameters<MarketData["run"]>[0]): Promise<void> | void;
  close?(): Promise<void> | void;
}

/** Every MarketData implementation passes this suite (replay now, IB subscriptions later). */
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

    test("time steps only move forward, and a bar arrives before its time step ends", async () => {
      const { log } = await collect();
      let lastEnd = -Infinity;
      for (const e of log) {
        if (e.kind === "end") {
          expect(e.time).toBeGreaterThan(lastEnd);
          lastEnd = e.time;
        } else {
          expect(e.bar.time).toBeGreaterThan(lastEnd);
        }
      }
      const lastBar = log.findLast((e) => e.kind === "bar");
      expect(log.at(-1)).toEqual({ kind: "end", time: lastBar?.kind === "bar" ? lastBar.bar.time : NaN });
    });
  });
}

const plain = (b: Bar): Bar => ({ time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
