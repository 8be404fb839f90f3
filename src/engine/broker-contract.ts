import { afterEach, describe, expect, test } from "bun:test";
import type { Bar } from "../core/bar.ts";
import type { BrokerEvent, OrderUpdate } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import { intentKey, TERMINAL_STATES, type OrderIntent, type OrderRequest } from "../core/order.ts";
import type { Broker } from "./ports.ts";

/**
 * One broker under test plus a way to move its market. The simulated broker moves by
 * `onBar`; the IB broker by the gateway simulator's next bar. `settle` waits until the
 * broker has reported what that market move caused (a no-op for synchronous brokers).
 */
export interface BrokerHarness {
  readonly broker: Broker;
  /** A symbol the market has prices for, trading near `price`. */
  readonly symbol: string;
  readonly price: number;
  /** Moves the market one bar; the broker may fill working orders against it. */
  nextBar(bar: Omit<Bar, "time">): Promise<void> | void;
  settle(): Promise<void>;
  close(): Promise<void> | void;
}

/** Every Broker implementation passes this suite (STYLE.md: one interface, one shared test). */
export function brokerContract(name: string, makeHarness: () => Promise<BrokerHarness> | BrokerHarness): void {
  describe(`Broker contract: ${name}`, () => {
    let harness: BrokerHarness | undefined;
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    async function setup() {
      harness = await makeHarness();
      const events: BrokerEvent[] = [];
      harness.broker.subscribe((e) => events.push(e));
      let seq = 0;
      const intent = (req: Partial<OrderRequest> = {}): OrderIntent => {
        const side = req.side ?? "buy";
        const signalTime = 1_700_000_000_000 + ++seq * 60_000;
        return {
          symbol: harness!.symbol, side, qty: 10, type: "market", tif: "gtc", ...req,
          key: intentKey("contract", harness!.symbol, side, signalTime), strategy: "contract", signalTime,
        };
      };
      const p = harness.price;
      const quietBar = () => harness!.nextBar({ open: p, high: p * 1.001, low: p * 0.999, close: p, volume: 1000 });
      const updates = (key: string) => events.filter((e): e is OrderUpdate => e.kind === "order" && e.key === key);
      const fills = (key: string) => events.filter((e): e is { kind: "fill"; fill: Fill } => e.kind === "fill" && e.fill.orderKey === key).map((e) => e.fill);
      return { h: harness, events, intent, quietBar, updates, fills };
    }

    test("a market order is acknowledged, then filled in full under its intent key", async () => {
      const { h, intent, quietBar, updates, fills } = await setup();
      const order = intent({ qty: 7 });
      h.broker.submit(order);
      await quietBar();
      await h.settle();
      const states = updates(order.key).map((u) => u.state);
      expect(states[0]).not.toBe("filled");
      expect(states.at(-1)).toBe("filled");
      const f = fills(order.key);
      expect(f.reduce((n, x) => n + x.qty, 0)).toBe(7);
      for (const x of f) {
        expect(x.symbol).toBe(order.symbol);
        expect(x.side).toBe("buy");
        expect(x.price.gt(0)).toBe(true);
        expect(x.commission.gte(0)).toBe(true);
      }
    });

    test("fills come before the order's filled state and carry unique exec ids", async () => {
      const { h, events, intent, quietBar } = await setup();
      const a = intent({ side: "buy" });
      const b = intent({ side: "sell" });
      h.broker.submit(a);
      h.broker.submit(b);
      await quietBar();
      await h.settle();
      for (const key of [a.key, b.key]) {
        const firstFill = events.findIndex((e) => e.kind === "fill" && e.fill.orderKey === key);
        const filled = events.findIndex((e) => e.kind === "order" && e.key === key && e.state === "filled");
        expect(firstFill).toBeGreaterThanOrEqual(0);
        expect(firstFill).toBeLessThan(filled);
      }
      const ids = events.flatMap((e) => (e.kind === "fill" ? [e.fill.execId] : []));
      expect(new Set(ids).size).toBe(ids.length);
    });

    test("submitting the same intent key twice places one order", async () => {
      const { h, intent, quietBar, fills } = await setup();
      const order = intent({ qty: 5 });
      h.broker.submit(order);
      h.broker.submit(order);
      await quietBar();
      await quietBar();
      await h.settle();
      expect(fills(order.key).reduce((n, x) => n + x.qty, 0)).toBe(5);
    });

    test("a cancelled working limit order reports cancelled and never fills", async () => {
      const { h, intent, quietBar, updates, fills } = await setup();
      const order = intent({ type: "limit", limitPrice: h.price * 0.5 });
      h.broker.submit(order);
      await quietBar();
      await h.settle();
      h.broker.cancel(order.key);
      await h.settle();
      await quietBar();
      await h.settle();
      expect(updates(order.key).at(-1)?.state).toBe("cancelled");
      expect(fills(order.key)).toEqual([]);
    });

    test("a malformed order (qty 0) is rejected with a reason, never filled", async () => {
      const { h, intent, quietBar, updates, fills } = await setup();
      const order = intent({ qty: 0 });
      h.broker.submit(order);
      await quietBar();
      await h.settle();
      const last = updates(order.key).at(-1);
      expect(last?.state).toBe("rejected");
      expect(last?.reason ?? "").not.toBe("");
      expect(fills(order.key)).toEqual([]);
    });

    test("nothing follows a terminal state", async () => {
      const { h, intent, quietBar, events } = await setup();
      const order = intent();
      h.broker.submit(order);
      await quietBar();
      await quietBar();
      await h.settle();
      const mine = events.filter((e) => (e.kind === "order" ? e.key : e.fill.orderKey) === order.key);
      const end = mine.findIndex((e) => e.kind === "order" && TERMINAL_STATES.has(e.state));
      expect(end).toBe(mine.length - 1);
    });
  });
}
