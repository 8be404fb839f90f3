import { describe, expect, test } from "bun:test";
import Big from "big.js";
import { money, type Money } from "../../core/money.ts";
import { mulberry32 as random } from "../../core/seeded-random.ts";
import type { TradeRecord } from "../types.ts";
import { exposureFromSeries, tradeStats, tradeStatsBig } from "./trades.ts";

/** A decimal with up to `decimals` places and up to `digits` digits before the point, signed when asked. */
function amount(rnd: () => number, digits: number, decimals: number, signed: boolean): Money {
  const whole = Math.floor(rnd() * 10 ** digits);
  const places = Math.floor(rnd() * (decimals + 1));
  const frac = places === 0 ? "" : `.${String(Math.floor(rnd() * 10 ** places)).padStart(places, "0")}`;
  const sign = signed && rnd() < 0.5 ? "-" : "";
  return money(`${sign}${whole}${frac}`);
}

function trades(seed: number, n: number, o: { digits: number; decimals: number; qty: number }): TradeRecord[] {
  const rnd = random(seed);
  return Array.from({ length: n }, (_, i): TradeRecord => {
    const open = rnd() < 0.05;
    return {
      symbol: "X",
      side: rnd() < 0.5 ? "long" : "short",
      qty: 1 + Math.floor(rnd() * o.qty),
      entryTime: i,
      entryPrice: amount(rnd, o.digits, o.decimals, false),
      exitTime: open ? null : i + 1,
      exitPrice: open ? null : amount(rnd, o.digits, o.decimals, false),
      // Some exactly 0 (neither a win nor a loss).
      pnl: rnd() < 0.03 ? money(0) : amount(rnd, o.digits, o.decimals, true),
      commission: amount(rnd, 1, o.decimals, false),
    };
  });
}

/** Every field as text: exact money compares by its decimal string, ratios by value. */
const shown = (s: ReturnType<typeof tradeStats>) =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Big ? v.toString() : v]));

describe("tradeStats in units equals the big.js sums", () => {
  test("random trades: cents, 8 decimals, finer than 1e-8 (big.js fallback), sums past USD 90 million", () => {
    const cases = [
      { digits: 3, decimals: 2, qty: 100 },
      { digits: 4, decimals: 8, qty: 1000 },
      { digits: 3, decimals: 12, qty: 50 },
      // Each leg up to ~USD 100 million: the sums leave the units' range.
      { digits: 5, decimals: 4, qty: 10_000 },
    ];
    for (const [i, c] of cases.entries()) {
      for (const n of [0, 1, 7, 2000]) {
        const t = trades(1000 * i + n, n, c);
        expect(shown(tradeStats(t))).toEqual(shown(tradeStatsBig(t)));
      }
    }
  });
});

test("exposure from the recorder's 0/1 flags (runs found by byte search) is the count of the flag series read one by one", () => {
  const rnd = random(14);
  expect(exposureFromSeries(new Uint8Array(0))).toBeNull();
  for (const n of [1, 2, 7, 1000]) {
    for (const p of [0, 0.02, 0.5, 0.97, 1]) {
      // Runs of random length: in and out of the market for stretches, as a run holds positions.
      const flags = new Uint8Array(n);
      let on = rnd() < p;
      for (let i = 0; i < n; i++) {
        if (rnd() < 0.1) on = rnd() < p;
        flags[i] = on ? 1 : 0;
      }
      expect(exposureFromSeries(flags)).toBe(exposureFromSeries(Array.from(flags)));
      // The same flags inside a larger buffer, as a run's cut (subarray) hands them over.
      const within = new Uint8Array(n + 6).fill(1).subarray(3, 3 + n);
      within.set(flags);
      expect(exposureFromSeries(within)).toBe(exposureFromSeries(Array.from(flags)));
    }
  }
});
