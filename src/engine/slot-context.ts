import type { Bar } from "../core/bar.ts";
import type { OrderIntent, OrderRequest } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import type { Direction, MarketView, StrategyContext, SubmitResult } from "../strategy/types.ts";

/** What a SlotContext asks its engine for; kept narrow so the context stays a thin view. */
export interface SlotHost {
  readonly portfolio: PortfolioView;
  readonly direction: Direction;
  positionAt(slot: number): number;
  entryQtyAt(slot: number, price: number): number;
  submitFrom(slot: number, order: OrderRequest, signalTime: number, strategy?: string): SubmitResult;
  cancel(key: string): void;
  openOrdersAt(slot: number): readonly OrderIntent[];
}

const NO_BAR: Bar = { time: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN };

/** One per symbol, reused for every bar: the strategy's window onto the engine. */
export class SlotContext implements StrategyContext {
  readonly symbol: string;
  readonly slot: number;
  readonly market: MarketView;
  bar: Bar = NO_BAR;
  readonly #host: SlotHost;

  constructor(host: SlotHost, slot: number, symbol: string, market: MarketView) {
    this.#host = host;
    this.slot = slot;
    this.symbol = symbol;
    this.market = market;
  }

  get portfolio(): PortfolioView {
    return this.#host.portfolio;
  }

  get direction(): Direction {
    return this.#host.direction;
  }

  position(): number {
    return this.#host.positionAt(this.slot);
  }

  entryQty(): number {
    return this.#host.entryQtyAt(this.slot, this.bar.close);
  }

  submit(order: OrderRequest): SubmitResult {
    return this.#host.submitFrom(this.slot, order, this.bar.time);
  }

  submitAs(strategy: string, order: OrderRequest): SubmitResult {
    return this.#host.submitFrom(this.slot, order, this.bar.time, strategy);
  }

  cancel(key: string): void {
    this.#host.cancel(key);
  }

  openOrders(): readonly OrderIntent[] {
    return this.#host.openOrdersAt(this.slot);
  }
}
