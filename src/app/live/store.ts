import type { OrderUpdate, Refusal } from "../../core/events.ts";
import type { Fill } from "../../core/fill.ts";
import type { OrderIntent } from "../../core/order.ts";
import type { Store } from "../../engine/ports.ts";
import { WARM_UP_RULE } from "../../engine/risk-gate.ts";

/**
 * The engine's Store for a live run: the SQLite store (adapters/sqlite/engine-store.ts)
 * with each write timed for the db-write latency metric. Signals on history bars
 * (warm-up) were never orders, so their refusals are not stored.
 */
export function timedStore(inner: Store, onWrite: (ms: number) => void): Store {
  const timed = (write: () => void) => {
    const started = performance.now();
    write();
    onWrite(performance.now() - started);
  };
  return {
    recordIntent: (intent: OrderIntent) => timed(() => inner.recordIntent(intent)),
    recordOrderUpdate: (update: OrderUpdate) => timed(() => inner.recordOrderUpdate(update)),
    recordFill: (fill: Fill) => timed(() => inner.recordFill(fill)),
    recordRefusal(intent: OrderIntent, refusal: Refusal) {
      if (refusal.rule !== WARM_UP_RULE) timed(() => inner.recordRefusal(intent, refusal));
    },
  };
}
