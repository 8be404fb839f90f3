import type { OrderRequest } from "../core/order.ts";

/** Why a strategy's order request is malformed, or undefined when it is sound. */
export function orderRequestProblem(order: OrderRequest): string | undefined {
  if (!Number.isInteger(order.qty) || order.qty <= 0) return `qty must be a whole number > 0, got ${order.qty}`;
  if (order.side !== "buy" && order.side !== "sell") return `side must be buy or sell, got ${String(order.side)}`;
  if (order.type === "limit" && !(Number.isFinite(order.limitPrice) && order.limitPrice! > 0)) {
    return `a limit order needs a limitPrice > 0, got ${order.limitPrice}`;
  }
  if (order.type === "stop" && !(Number.isFinite(order.stopPrice) && order.stopPrice! > 0)) {
    return `a stop order needs a stopPrice > 0, got ${order.stopPrice}`;
  }
  if (order.type !== "market" && order.type !== "limit" && order.type !== "stop") return `unknown order type ${String(order.type)}`;
  if (order.tif !== "day" && order.tif !== "gtc" && order.tif !== "ioc") return `unknown time in force ${String(order.tif)}`;
  return undefined;
}
