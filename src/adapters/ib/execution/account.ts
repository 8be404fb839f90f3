import { EventName, type CommissionReport, type Contract, type Execution, type Order, type OrderState as IbOrderState } from "@stoqey/ib";
import { money, type Money } from "../../../core/money.ts";
import type { OrderState, Side } from "../../../core/order.ts";
import type { Position } from "../../../core/position.ts";
import type { IbConnection } from "../connection/connection.ts";
import { orderStateFromIb } from "../parse/order-status.ts";
import { parseIbDate } from "../parse/ib-date.ts";
import { sideFromIb } from "../parse/side.ts";
import { ibRequest } from "../requests/request.ts";
import { ok, type IbResult } from "../result.ts";
import type { BrokerExecutionView } from "../../../core/reconciliation.ts";

export interface BrokerPosition extends Position {
  readonly account: string;
}

/** IB's unset double (1.7976931348623157E308) and NaN mean "unknown": never a number we show. */
function known(value: number | undefined): number | undefined {
  return value === undefined || !Number.isFinite(value) || Math.abs(value) > 1e300 ? undefined : value;
}

export function fetchPositions(conn: IbConnection): Promise<IbResult<BrokerPosition[]>> {
  return ibRequest(conn, {
    request: "positions",
    run(api, done) {
      const rows: BrokerPosition[] = [];
      const onPosition = (account: string, contract: Contract, pos: number, avgCost?: number) => {
        const cost = known(avgCost);
        if (!contract.symbol || !Number.isFinite(pos)) return;
        rows.push({ account, symbol: contract.symbol, qty: pos, avgCost: money(cost ?? 0) });
      };
      const onEnd = () => done(ok(rows));
      api.on(EventName.position, onPosition).on(EventName.positionEnd, onEnd);
      api.reqPositions();
      return () => {
        api.off(EventName.position, onPosition).off(EventName.positionEnd, onEnd);
        api.cancelPositions();
      };
    },
  });
}

export interface AccountValue {
  readonly account: string;
  readonly tag: string;
  /** Money when the value is a number, else IB's text. */
  readonly value: Money | string;
  readonly currency: string;
}

export const SUMMARY_TAGS = "NetLiquidation,TotalCashValue,SettledCash,BuyingPower,AvailableFunds,ExcessLiquidity,GrossPositionValue,RealizedPnL,UnrealizedPnL,AccountType";

export function fetchAccountSummary(conn: IbConnection, tags = SUMMARY_TAGS): Promise<IbResult<AccountValue[]>> {
  const reqId = conn.nextReqId();
  return ibRequest(conn, {
    request: "account summary",
    reqId,
    run(api, done) {
      const rows: AccountValue[] = [];
      const onRow = (id: number, account: string, tag: string, value: string, currency: string) => {
        if (id !== reqId) return;
        const numeric = /^-?\d+(\.\d+)?$/.test(value.trim());
        rows.push({ account, tag, value: numeric ? money(value.trim()) : value, currency });
      };
      const onEnd = (id: number) => id === reqId && done(ok(rows));
      api.on(EventName.accountSummary, onRow).on(EventName.accountSummaryEnd, onEnd);
      api.reqAccountSummary(reqId, "All", tags);
      return () => {
        api.off(EventName.accountSummary, onRow).off(EventName.accountSummaryEnd, onEnd);
        api.cancelAccountSummary(reqId);
      };
    },
  });
}

/** An order as the broker knows it. `key` is our intent key when orderRef carries one. */
export interface BrokerOrder {
  readonly orderId: number;
  readonly permId: number | undefined;
  readonly key: string | undefined;
  readonly account: string | undefined;
  readonly symbol: string;
  readonly side: Side | undefined;
  readonly qty: number;
  readonly type: string;
  readonly limitPrice: number | undefined;
  readonly stopPrice: number | undefined;
  readonly tif: string | undefined;
  readonly state: OrderState | undefined;
  /** IB's own status word, kept for logs and unknown states. */
  readonly ibStatus: string;
}

export function brokerOrder(orderId: number, contract: Contract, order: Order, orderState: IbOrderState | undefined): BrokerOrder {
  const status = String(orderState?.status ?? "");
  return {
    orderId,
    permId: known(order.permId),
    key: order.orderRef || undefined,
    account: order.account || undefined,
    symbol: contract.symbol ?? "",
    side: sideFromIb(String(order.action ?? "")),
    qty: Number(order.totalQuantity ?? 0),
    type: String(order.orderType ?? ""),
    limitPrice: known(order.lmtPrice),
    stopPrice: known(order.auxPrice),
    tif: order.tif || undefined,
    state: orderStateFromIb(status),
    ibStatus: status,
  };
}

/** Every open order of the account (reqAllOpenOrders: those of other client ids too). */
export function fetchOpenOrders(conn: IbConnection): Promise<IbResult<BrokerOrder[]>> {
  return ibRequest(conn, {
    request: "open orders",
    run(api, done) {
      const rows = new Map<number, BrokerOrder>();
      const onOrder = (orderId: number, contract: Contract, order: Order, state: IbOrderState) => rows.set(orderId, brokerOrder(orderId, contract, order, state));
      const onEnd = () => done(ok([...rows.values()]));
      api.on(EventName.openOrder, onOrder).on(EventName.openOrderEnd, onEnd);
      api.reqAllOpenOrders();
      return () => api.off(EventName.openOrder, onOrder).off(EventName.openOrderEnd, onEnd);
    },
  });
}

export function fetchCompletedOrders(conn: IbConnection): Promise<IbResult<BrokerOrder[]>> {
  return ibRequest(conn, {
    request: "completed orders",
    run(api, done) {
      const rows: BrokerOrder[] = [];
      const onOrder = (contract: Contract, order: Order, state: IbOrderState) => rows.push(brokerOrder(order.orderId ?? 0, contract, order, state));
      const onEnd = () => done(ok(rows));
      api.on(EventName.completedOrder, onOrder).on(EventName.completedOrdersEnd, onEnd);
      api.reqCompletedOrders(false);
      return () => api.off(EventName.completedOrder, onOrder).off(EventName.completedOrdersEnd, onEnd);
    },
  });
}

/**
 * One execution as reconciliation reads it (core's view), plus the account. Commission is
 * undefined until IB's commission report arrives; time (UTC epoch ms) when IB's text was unreadable.
 */
export interface BrokerExecution extends BrokerExecutionView {
  readonly account: string | undefined;
}

export function brokerExecution(contract: Contract, e: Execution): BrokerExecution {
  return {
    execId: e.execId ?? "",
    orderId: e.orderId ?? 0,
    orderKey: e.orderRef || undefined,
    account: e.acctNumber || undefined,
    symbol: contract.symbol ?? "",
    side: sideFromIb(String(e.side ?? "")),
    qty: Number(e.shares ?? 0),
    price: money(known(e.price) ?? 0),
    commission: undefined,
    time: e.time ? parseIbDate(e.time.replace(/^(\d{8})\s+/, "$1 ")) : undefined,
  };
}

export function withCommission(x: BrokerExecution, report: CommissionReport): BrokerExecution {
  const c = known(report.commission);
  return c === undefined ? x : { ...x, commission: money(c) };
}

/** Executions of the day (IB keeps them since midnight), each with its commission when IB sent it. */
export function fetchExecutions(conn: IbConnection): Promise<IbResult<BrokerExecution[]>> {
  const reqId = conn.nextReqId();
  return ibRequest(conn, {
    request: "executions",
    reqId,
    run(api, done) {
      const rows = new Map<string, BrokerExecution>();
      const commissions = new Map<string, CommissionReport>();
      const onExec = (id: number, contract: Contract, e: Execution) => {
        if (id !== reqId || !e.execId) return;
        const x = brokerExecution(contract, e);
        const report = commissions.get(x.execId);
        rows.set(x.execId, report ? withCommission(x, report) : x);
      };
      const onCommission = (report: CommissionReport) => {
        if (!report.execId) return;
        commissions.set(report.execId, report);
        const x = rows.get(report.execId);
        if (x) rows.set(x.execId, withCommission(x, report));
      };
      const onEnd = (id: number) => id === reqId && done(ok([...rows.values()]));
      api.on(EventName.execDetails, onExec).on(EventName.commissionReport, onCommission).on(EventName.execDetailsEnd, onEnd);
      api.reqExecutions(reqId, {});
      return () => api.off(EventName.execDetails, onExec).off(EventName.commissionReport, onCommission).off(EventName.execDetailsEnd, onEnd);
    },
  });
}
