import type Big from "big.js";

/** One fill, as execDetails and commissionReport carry it. */
export interface SimExecution {
  readonly execId: string;
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  readonly symbol: string;
  readonly conId: number;
  readonly secType: string;
  readonly currency: string;
  readonly exchange: string;
  readonly side: "BOT" | "SLD";
  readonly shares: Big;
  readonly price: Big;
  /** Replayed time of the fill, epoch ms. */
  readonly time: number;
  readonly cumQty: Big;
  readonly avgPrice: Big;
  readonly orderRef: string;
  readonly commission: Big;
  /** Realized P&L of this fill when it closed shares, else undefined (IB's unset). */
  readonly realizedPnl: Big | undefined;
}
