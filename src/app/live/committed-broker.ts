import type { CommitGate } from "../../adapters/ib/execution/ib-broker.ts";
import type { OrderIntent } from "../../core/order.ts";
import { fillsFromBars, type BarFillingBroker, type Broker, type BrokerListener } from "../../engine/ports.ts";

/**
 * A broker whose submits and cancels wait for the store's group commit (the paper broker's
 * counterpart of what IbBroker does inside: adapters/sqlite/group-commit.ts). An intent
 * reaches `inner` only once it is committed; if the commit fails, the order is reported
 * failed to the listeners and never reaches `inner`. Submits and cancels keep their order.
 *
 * The paper broker answers inside `submit` (its acknowledgement, a rejection). Those events
 * are held until the order counts as sent (`onSent`) and delivered right after it, before the
 * next send: as IB's answers come after `placeOrder` returned, the runner's handling of them
 * (the engine's books, the store's order events) is not part of the send. Listeners see the
 * same events in the same order as without the hold.
 */
export function committedBroker(inner: Broker, commits: CommitGate, onSent: (key: string) => void): Broker {
  const listeners = new Set<BrokerListener>();
  let held: (() => void)[] | undefined;
  const notSent = (intent: OrderIntent, error: Error) => {
    const event = { kind: "order", key: intent.key, state: "failed", filledQty: 0, remainingQty: intent.qty, time: intent.signalTime, reason: `not sent: ${error.message}` } as const;
    for (const listener of [...listeners]) listener(event);
  };
  const outer: Broker = {
    submit(intent) {
      commits.afterCommit(() => {
        const answers: (() => void)[] = (held = []);
        try {
          inner.submit(intent);
        } finally {
          held = undefined;
        }
        onSent(intent.key);
        for (const deliver of answers) deliver();
      }, (error) => notSent(intent, error));
    },
    cancel(key) {
      commits.afterCommit(() => inner.cancel(key), () => {});
    },
    subscribe(listener) {
      listeners.add(listener);
      const off = inner.subscribe((event) => {
        if (held) held.push(() => listener(event));
        else listener(event);
      });
      return () => {
        listeners.delete(listener);
        off();
      };
    },
  };
  if (!fillsFromBars(inner)) return outer;
  const filling: BarFillingBroker = { ...outer, onBar: (symbol, bar) => inner.onBar(symbol, bar) };
  return filling;
}
