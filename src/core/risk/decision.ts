import type { OrderRequest } from "../order.ts";

export const RULE_NAMES = [
  "invalid-order",
  "kill-switch",
  "circuit-breaker",
  "daily-loss-limit",
  "duplicate-order",
  "max-daily-trades",
  "max-open-positions",
  "max-order-value",
  "max-position-value",
  "max-position-pct",
  "max-correlated-exposure",
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export interface Accepted {
  readonly kind: "accepted";
}

/**
 * Why an order may not go out. `limit` and `actual` are numbers for counts and percents,
 * decimal strings for money ("10000.00"), words for states ("off" / "on"); "unknown"
 * when the value could not be known (no price): never a guess (DESIGN.md invariant 8).
 */
export interface Refusal {
  readonly kind: "refused";
  readonly rule: RuleName;
  readonly symbol: string;
  readonly side: OrderRequest["side"];
  readonly limit: number | string;
  readonly actual: number | string;
  readonly message: string;
  /** Set when the runner must also switch the kill switch on (the daily loss limit). */
  readonly trips?: "kill-switch";
}

export type RiskDecision = Accepted | Refusal;

export const ACCEPTED: Accepted = Object.freeze({ kind: "accepted" });

export function refuse(
  rule: RuleName,
  request: OrderRequest,
  values: { limit: number | string; actual: number | string; message: string; trips?: "kill-switch" },
): Refusal {
  const refusal: { -readonly [K in keyof Refusal]: Refusal[K] } = {
    kind: "refused",
    rule,
    symbol: request.symbol,
    side: request.side,
    limit: values.limit,
    actual: values.actual,
    message: `${rule}: ${request.side} ${request.qty} ${request.symbol} refused: ${values.message}`,
  };
  if (values.trips) refusal.trips = values.trips;
  return refusal;
}

export function isRefusal(decision: RiskDecision): decision is Refusal {
  return decision.kind === "refused";
}
