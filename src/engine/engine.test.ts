import { describe, expect, test } from "bun:test";
import type { Bar } from "../core/bar.ts";
import type { BrokerEvent, Refusal } from "../core/events.ts";
import { money } from "../core/money.ts";
import type { OrderIntent, OrderRequest } from "../core/order.ts";
import { Portfolio } from "../core/portfolio.ts";
import type { ConfiguredStrategy, StrategyContext, SubmitResult } from "../strategy/types.ts";
import { Engine } from "./engine.ts";
import type { Broker, BrokerListener, PreTradeCheck } from "./ports.ts";

/** A broker that only records what reaches it and acknowledges. */
class RecordingBroker implements Broker {
  readonly submitted: OrderIntent[] = [];
  readonly cancelled: string[] = [];
  #listener: BrokerListener | undefined;
  submit(intent: OrderIntent): void {
    this.submitted.push(intent);
    this.#listener?.({ kind: "order", key: intent.key, state: "acknowledged", filledQty: 0, remainingQty: intent.qty, time: intent.signalTime });
  }
  cancel(key: string): void {
    this.cancelled.push(key);
  }
  subscribe(listener: BrokerListener): () => void {
    this.#listener = listener;
    return () => (this.#listener = undefined);
  }
  emit(event: BrokerEvent): void {
    this.#listener?.(event);
  }
}

/** A strategy that submits whatever the test hands it on each bar. */
function scripted(script: (ctx: StrategyContext) => void): ConfiguredStrategy {
  return { name: "script", params: {}, create: () => ({ onBar: script }) };
}

const bar = (time: number): Bar => ({ time, open: 10, high: 10, low: 10, close: 10, volume: 1 });
const buy = (qty = 1): OrderRequest => ({ symbol: "X", side: "buy", qty, type: "market", tif: "day" });

function engine(strategy: ConfiguredStrategy, checks: PreTradeCheck[] = []) {
  const broker = new RecordingBroker();
  const refusals: Refusal[] = [];
  const intents: OrderIntent[] = [];
  const e = new Engine({
    strategy, symbols: ["X"], broker, portfolio: new Portfolio(money(1000)), sizing: { kind: "qty", qty: 1 }, checks,
    store: { recordIntent: (i) => intents.push(i), recordOrderUpdate: () => {}, recordFill: () => {}, recordRefusal: (_, r) => refusals.push(r) },
  });
  return { e, broker, refusals, intents };
}

describe("Engine", () => {
  test("a refusing pre-trade check keeps the intent from the broker and records why", () => {
    const maxQty: PreTradeCheck = {
      name: "max-qty",
      check: (intent) => (intent.qty > 5 ? { kind: "refused", rule: "max-qty", reason: `qty ${intent.qty} > 5`, limit: 5, actual: intent.qty } : undefined),
    };
    const results: SubmitResult[] = [];
    const { e, broker, refusals, intents } = engine(scripted((ctx) => results.push(ctx.submit(buy(ctx.bar.time === 1 ? 9 : 2)))), [maxQty]);
    e.bar(0, bar(1));
    e.bar(0, bar(2));
    // submit says what happened: the refusal itself (rule, reason, numbers), or the key it went out under.
    expect(results).toEqual([{ kind: "refused", rule: "max-qty", reason: "qty 9 > 5", limit: 5, actual: 9 }, { kind: "accepted", key: "rt:script:X:buy:2" }]);
    expect(refusals).toEqual([{ kind: "refused", rule: "max-qty", reason: "qty 9 > 5", limit: 5, actual: 9 }]);
    expect(broker.submitted.map((i) => i.qty)).toEqual([2]);
    expect(intents.map((i) => i.key)).toEqual(["rt:script:X:buy:2"]); // written before the broker saw it
  });

  test("intent keys are deterministic; a second order of the same side on one bar gets a suffix", () => {
    const { e, broker } = engine(scripted((ctx) => {
      ctx.submit(buy());
      ctx.submit(buy());
    }));
    e.bar(0, bar(7));
    expect(broker.submitted.map((i) => i.key)).toEqual(["rt:script:X:buy:7", "rt:script:X:buy:7:2"]);
  });

  test("open orders are tracked until a terminal update; cancel goes to the broker only for open orders", () => {
    let ctxRef: StrategyContext | undefined;
    const { e, broker } = engine(scripted((ctx) => {
      ctxRef = ctx;
      if (ctx.bar.time === 1) ctx.submit(buy());
    }));
    e.bar(0, bar(1));
    expect(ctxRef!.openOrders().map((o) => o.key)).toEqual(["rt:script:X:buy:1"]);
    broker.emit({ kind: "order", key: "rt:script:X:buy:1", state: "cancelled", filledQty: 0, remainingQty: 1, time: 2 });
    expect(ctxRef!.openOrders()).toEqual([]);
    ctxRef!.cancel("rt:script:X:buy:1");
    expect(broker.cancelled).toEqual([]);
  });

  test("fills from the broker update the portfolio the strategy sees", () => {
    const positions: number[] = [];
    const { e, broker } = engine(scripted((ctx) => positions.push(ctx.position())));
    e.bar(0, bar(1));
    broker.emit({ kind: "fill", fill: { orderKey: "x", execId: "1", symbol: "X", side: "buy", qty: 4, price: money(10), commission: money(1), time: 2 } });
    e.bar(0, bar(2));
    expect(positions).toEqual([0, 4]);
    expect(e.portfolio.cash.toString()).toBe("959");
  });

  test("a strategy's malformed order or an order for another symbol is a bug and throws", () => {
    const bad = engine(scripted((ctx) => void ctx.submit({ ...buy(), qty: 1.5 })));
    expect(() => bad.e.bar(0, bar(1))).toThrow("strategy script on X: bad order: qty must be a whole number > 0, got 1.5");
    const other = engine(scripted((ctx) => void ctx.submit({ ...buy(), symbol: "Y" })));
    expect(() => other.e.bar(0, bar(1))).toThrow(/may only trade its own symbol, not Y/);
  });
});
