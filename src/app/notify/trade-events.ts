import type { NotifyEvent } from "../../adapters/webhook/event.ts";
import type { Refusal } from "../../core/events.ts";
import type { Fill } from "../../core/fill.ts";
import type { OrderIntent } from "../../core/order.ts";

/** The same symbol refused by the same rule is said at most once per this long (a strategy retries every bar). */
export const REFUSAL_NOTIFY_EVERY_MS = 5 * 60_000;

export function fillEvent(f: Fill): NotifyEvent {
  const strategy = /^rt:([^:]+):/.exec(f.orderKey)?.[1];
  return {
    kind: "fill", level: "info", time: Date.now(),
    title: `fill: ${f.side} ${f.qty} ${f.symbol} @ ${f.price.toString()}`,
    text: `order ${f.orderKey}${strategy ? ` (strategy ${strategy})` : ""}, commission ${f.commission.toString()} USD`,
    data: { symbol: f.symbol, side: f.side, qty: f.qty, price: f.price.toString(), commission: f.commission.toString(), orderRef: f.orderKey, execId: f.execId, marketTime: new Date(f.time).toISOString() },
  };
}

export function refusalEvent(intent: OrderIntent, r: Refusal): NotifyEvent {
  return {
    kind: "refusal", level: "warn", time: Date.now(),
    title: `order refused (${r.rule}): ${intent.side} ${intent.qty} ${intent.symbol}`,
    text: r.reason,
    data: { symbol: intent.symbol, side: intent.side, qty: intent.qty, strategy: intent.strategy, rule: r.rule, reason: r.reason, orderRef: intent.key, ...(r.limit !== undefined ? { limit: r.limit } : {}), ...(r.actual !== undefined ? { actual: r.actual } : {}) },
  };
}

/** Says yes for a key at most once per `everyMs`. */
export class Throttle {
  readonly #last = new Map<string, number>();
  constructor(readonly everyMs: number) {}
  due(key: string, now: number): boolean {
    const last = this.#last.get(key);
    if (last !== undefined && now - last < this.everyMs) return false;
    this.#last.set(key, now);
    return true;
  }
}
