import { SimulatedBroker, type FundsCheck } from "./simulated-broker.ts";
import type { Bar } from "../core/bar.ts";
import type { CommissionModel } from "../core/commission/types.ts";
import type { OrderIntent } from "../core/order.ts";
import type { BarFillingBroker, BrokerListener } from "../engine/ports.ts";

export interface PaperBrokerOptions {
  readonly commission: CommissionModel;
  readonly slippageBps?: number;
  readonly funds: FundsCheck;
}

/**
 * `--broker paper`: the backtest's SimulatedBroker applied to live bars (DESIGN.md "One
 * engine, two drivers"): an order decided on bar t fills on bar t+1 by the same fill
 * model and commissions. Execution ids are made unique across runs ("paper:<key>": the
 * simulated broker fills an order whole, once), so a restart never collides with a fill
 * already stored.
 */
export class PaperBroker implements BarFillingBroker {
  readonly #inner: SimulatedBroker;
  /** Why orders being abandoned now are cancelled (set only during `abandonAll`). */
  #abandoning: string | undefined;

  constructor(options: PaperBrokerOptions) {
    this.#inner = new SimulatedBroker({ commission: options.commission, slippageBps: options.slippageBps ?? 0, funds: options.funds });
  }

  submit(intent: OrderIntent): void {
    this.#inner.submit(intent);
  }

  cancel(key: string): void {
    this.#inner.cancel(key);
  }

  onBar(symbol: string, bar: Bar): void {
    this.#inner.onBar(symbol, bar);
  }

  openOrders(): OrderIntent[] {
    return this.#inner.openOrders();
  }

  /**
   * Cancels every working order, reported with `reason`: paper orders live in this
   * process only, so when the runner stops they stop too, and the store must say so.
   */
  abandonAll(reason: string): number {
    const open = this.#inner.openOrders();
    this.#abandoning = reason;
    try {
      for (const intent of open) this.#inner.cancel(intent.key);
    } finally {
      this.#abandoning = undefined;
    }
    return open.length;
  }

  subscribe(listener: BrokerListener): () => void {
    return this.#inner.subscribe((event) => {
      if (event.kind === "fill") return listener({ kind: "fill", fill: { ...event.fill, execId: `paper:${event.fill.orderKey}` } });
      const abandoned = this.#abandoning !== undefined && event.state === "cancelled";
      listener(abandoned ? { ...event, reason: this.#abandoning! } : event);
    });
  }
}
