import type { OrderIntent, OrderRequest } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import type { Bar } from "../core/bar.ts";
import type { Direction, MarketView, StrategyContext, SubmitResult } from "./types.ts";

/**
 * A strategy context that hands every call to another one. Wrappers that watch or steer a
 * strategy (walk-forward's parameter switching, the live signal recorder) extend it and
 * override only what they change, usually `submit`.
 */
export class PassContext implements StrategyContext {
  /** The context calls go to; a wrapper made before the engine exists sets it before each call. */
  inner!: StrategyContext;

  constructor(inner?: StrategyContext) {
    if (inner !== undefined) this.inner = inner;
  }

  get symbol(): string {
    return this.inner.symbol;
  }
  get bar(): Bar {
    return this.inner.bar;
  }
  get portfolio(): PortfolioView {
    return this.inner.portfolio;
  }
  get market(): MarketView {
    return this.inner.market;
  }
  get direction(): Direction {
    return this.inner.direction;
  }
  position(): number {
    return this.inner.position();
  }
  entryQty(): number {
    return this.inner.entryQty();
  }
  submit(order: OrderRequest): SubmitResult {
    return this.inner.submit(order);
  }
  submitAs(strategy: string, order: OrderRequest): SubmitResult {
    if (this.inner.submitAs === undefined) throw new Error("this context cannot submit for a member strategy");
    return this.inner.submitAs(strategy, order);
  }
  cancel(key: string): void {
    this.inner.cancel(key);
  }
  openOrders(): readonly OrderIntent[] {
    return this.inner.openOrders();
  }
}
