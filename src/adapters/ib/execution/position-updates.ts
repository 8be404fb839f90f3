import { EventName, type Contract, type IBApi } from "@stoqey/ib";
import type { IbConnection } from "../connection/connection.ts";

export interface PositionUpdates {
  /** Asks IB for positions again (a fetchPositions elsewhere ends the subscription with cancelPositions). */
  renew(): void;
  stop(): void;
}

/**
 * IB's position stream (reqPositions keeps sending a position after each change): every
 * report, on every session of the connection, goes to `onPosition` as (account, symbol, qty).
 */
export function subscribePositions(conn: IbConnection, onPosition: (account: string, symbol: string, qty: number) => void): PositionUpdates {
  let api: IBApi | undefined;
  const listener = (account: string, contract: Contract, pos: number) => {
    if (contract.symbol && Number.isFinite(pos)) onPosition(account, contract.symbol, pos);
  };
  const attach = (next: IBApi | undefined) => {
    api?.off(EventName.position, listener);
    api = next;
    api?.on(EventName.position, listener);
    if (api && conn.isReady) api.reqPositions();
  };
  const off = conn.events.on("session", (session) => attach(session.api));
  attach(conn.api);
  return {
    renew: () => {
      if (api && conn.isReady) api.reqPositions();
    },
    stop: () => {
      off();
      api?.off(EventName.position, listener);
      api = undefined;
    },
  };
}
