import type { SimOrder } from "../account/order.ts";

export type StepDecision = { readonly kind: "wait" } | { readonly kind: "fill"; readonly price: number } | { readonly kind: "trigger" };

/**
 * Whether a working order trades at a replayed 5-second price point. `first` marks the check at
 * placement or at a session's first step (a gap): the order then trades at that price, which is
 * at least as good as its limit; a limit reached later inside a session fills at the limit.
 * Stops trigger when the price touches the stop and then trade like a market (STP) or limit
 * (STP LMT) order from the same point on. SIMULATED fills: no queue position, no partial fills.
 */
export function decide(o: SimOrder, price: number, first: boolean): StepDecision {
  const buy = o.action === "BUY";
  if ((o.orderType === "STP" || o.orderType === "STP LMT") && !o.triggered) {
    const stop = o.auxPrice!;
    return (buy ? price >= stop : price <= stop) ? { kind: "trigger" } : { kind: "wait" };
  }
  if (o.orderType === "MKT" || o.orderType === "STP") return { kind: "fill", price };
  if (o.orderType === "LMT" || o.orderType === "STP LMT") {
    const limit = o.lmtPrice!;
    const ok = buy ? price <= limit : price >= limit;
    if (!ok) return { kind: "wait" };
    return { kind: "fill", price: first ? price : limit };
  }
  return { kind: "wait" }; // MOC / LOC trade only at the close (handled by the engine)
}

/** MOC fills at the close; LOC only when the close is at or better than its limit. */
export function decideAtClose(o: SimOrder, close: number): StepDecision {
  if (o.orderType === "MOC") return { kind: "fill", price: close };
  if (o.orderType === "LOC") {
    const ok = o.action === "BUY" ? close <= o.lmtPrice! : close >= o.lmtPrice!;
    return ok ? { kind: "fill", price: close } : { kind: "wait" };
  }
  return { kind: "wait" };
}
