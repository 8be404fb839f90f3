import type { OrderIntent, OrderRequest } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import type { Direction, PortfolioContext, SubmitResult } from "../strategy/types.ts";
import type { LatestBars } from "./market-view.ts";

/** What a PortfolioStepContext asks its engine for. */
export interface PortfolioHost {
  readonly portfolio: PortfolioView;
  readonly direction: Direction;
  positionAt(slot: number): number;
  entryQtyAt(slot: number, price: number): number;
  submitFrom(slot: number, order: OrderRequest, signalTime: number): SubmitResult;
  cancel(key: string): void;
  openOrdersAt(slot: number): readonly OrderIntent[];
  openOrders(): OrderIntent[];
}

/** The one context of a portfolio strategy, reused every time step. */
export class PortfolioStepContext implements PortfolioContext {
  time = NaN;
  readonly market: LatestBars;
  readonly #host: PortfolioHost;

  constructor(host: PortfolioHost, market: LatestBars) {
    this.#host = host;
    this.market = market;
  }

  get portfolio(): PortfolioView {
    return this.#host.portfolio;
  }

  get direction(): Direction {
    return this.#host.direction;
  }

  #slot(symbol: string): number {
    const slot = this.market.slotOf(symbol);
    if (slot === undefined) throw new Error(`symbol ${symbol} is not in this run's universe (${this.market.symbols.join(", ")})`);
    return slot;
  }

  position(symbol: string): number {
    return this.#host.positionAt(this.#slot(symbol));
  }

  entryQty(symbol: string): number {
    const slot = this.#slot(symbol);
    return this.#host.entryQtyAt(slot, this.market.closeAt(slot));
  }

  submit(order: OrderRequest): SubmitResult {
    return this.#host.submitFrom(this.#slot(order.symbol), order, this.time);
  }

  cancel(key: string): void {
    this.#host.cancel(key);
  }

  openOrders(symbol?: string): readonly OrderIntent[] {
    return symbol === undefined ? this.#host.openOrders() : this.#host.openOrdersAt(this.#slot(symbol));
  }
}
