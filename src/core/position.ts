import type { Money } from "./money.ts";

/** Signed quantity: > 0 long, < 0 short. avgCost per share, commissions excluded. */
export interface Position {
  readonly symbol: string;
  readonly qty: number;
  readonly avgCost: Money;
}
