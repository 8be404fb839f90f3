import type { Money } from "./money.ts";
import type { Side } from "./order.ts";

/** One execution. Price and commission are exact; qty is whole shares. */
export interface Fill {
  /** The order's intent key (IB orderRef). */
  readonly orderKey: string;
  /** Broker execution id (IB execId); the simulated broker makes its own. Unique. */
  readonly execId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly price: Money;
  readonly commission: Money;
  /** UTC epoch ms. */
  readonly time: number;
}
