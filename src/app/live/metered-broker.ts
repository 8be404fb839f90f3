import type { BrokerEvent } from "../../core/events.ts";
import type { OrderIntent, OrderState } from "../../core/order.ts";
import { fillsFromBars, type BarFillingBroker, type Broker, type BrokerListener } from "../../engine/ports.ts";

export interface BrokerMeter {
  /** An intent is about to go to the broker. */
  sent(intent: OrderIntent): void;
  /** The broker's first word about an order, `ms` after it was sent. */
  acknowledged(key: string, ms: number): void;
  /** Every event, after the engine has seen it. */
  event(event: BrokerEvent): void;
}

/** Orders by their latest state as the broker reported it. */
export class OrderStates {
  readonly #state = new Map<string, OrderState>();
  sent(key: string): void {
    if (!this.#state.has(key)) this.#state.set(key, "submitted");
  }
  update(key: string, state: OrderState): void {
    this.#state.set(key, state);
  }
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.#state.values()) out[s] = (out[s] ?? 0) + 1;
    return out;
  }
}

/**
 * Wraps a broker to time order -> acknowledgement and watch its events, keeping the
 * BarFillingBroker shape when the inner broker has it (paper), so the engine still hands
 * it bars.
 */
export function meteredBroker(inner: Broker, meter: BrokerMeter): Broker {
  const sentAt = new Map<string, number>();
  inner.subscribe((event) => {
    if (event.kind === "order") {
      const t = sentAt.get(event.key);
      if (t !== undefined) {
        sentAt.delete(event.key);
        meter.acknowledged(event.key, performance.now() - t);
      }
    }
  });
  const outer: Broker = {
    submit(intent) {
      meter.sent(intent);
      sentAt.set(intent.key, performance.now());
      inner.submit(intent);
    },
    cancel: (key) => inner.cancel(key),
    subscribe(listener: BrokerListener) {
      // The engine listens first; the meter sees each event after it.
      return inner.subscribe((event) => {
        listener(event);
        meter.event(event);
      });
    },
  };
  if (!fillsFromBars(inner)) return outer;
  const barBroker: BarFillingBroker = { ...outer, onBar: (symbol, bar) => inner.onBar(symbol, bar) };
  return barBroker;
}
