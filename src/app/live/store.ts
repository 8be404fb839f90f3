import type { Store } from "../../engine/ports.ts";
import { WARM_UP_RULE } from "../../engine/risk-gate.ts";

/**
 * The engine's Store for a live run: the SQLite store (adapters/sqlite/engine-store.ts).
 * Signals on history bars (warm-up) were never orders, so their refusals are not stored.
 * Its writes join the turn's group commit; the db-write latency is that commit's.
 */
export function liveStore(inner: Store): Store {
  return {
    recordIntent: (intent) => inner.recordIntent(intent),
    recordOrderUpdate: (update) => inner.recordOrderUpdate(update),
    recordFill: (fill) => inner.recordFill(fill),
    recordRefusal(intent, refusal) {
      if (refusal.rule !== WARM_UP_RULE) inner.recordRefusal(intent, refusal);
    },
  };
}
