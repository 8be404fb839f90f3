import { describe, expect, test } from "bun:test";
import { intentKey, type OrderRequest } from "../core/order.ts";
import { IntentKeys } from "./intent-keys.ts";

const order = (symbol: string, side: "buy" | "sell"): OrderRequest => ({ symbol, side, qty: 1, type: "market", tif: "day" });

describe("IntentKeys", () => {
  test("a key is intentKey's text (the time as String words it), with :2, :3 for more of one side on one bar", () => {
    const keys = new IntentKeys({ name: "s" }, 2);
    const symbols = ["AAPL", "MSFT"];
    // Bar times and the edges of the split: below and at a million, off whole seconds, fractions,
    // negatives, the millions changing, and past 2^31 millions.
    const times = [0, 999_999, 1_000_000, 1_000_001, 946_859_940_000, 946_859_999_000, 946_860_000_000, 946_860_060_000, 1_700_000_000_123, 1.5e12 + 0.5, -60_000, 2 ** 31 * 1e6 - 1000, 2 ** 31 * 1e6, 2 ** 53 - 1];
    let seed = 7;
    const rand = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 2000; i++) times.push(946_684_800_000 + Math.floor(rand() * 1e9) * (rand() < 0.5 ? 60_000 : 1000));
    times.sort((a, b) => a - b);
    for (const time of times) {
      for (let slot = 0; slot < 2; slot++) {
        const sides = ["buy", "sell", "buy"] as const;
        sides.forEach((side, i) => {
          const base = intentKey("s", symbols[slot]!, side, time);
          expect(keys.fresh(slot, order(symbols[slot]!, side), time, "s")).toBe(i === 2 ? `${base}:2` : base);
        });
      }
    }
    // Another member of a combined strategy gets its own name in the key.
    expect(keys.fresh(0, order("AAPL", "sell"), 946_859_940_000, "other")).toBe(intentKey("other", "AAPL", "sell", 946_859_940_000));
  });
});
