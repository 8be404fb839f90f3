import type { Money } from "../money.ts";
import type { Side } from "../order.ts";

/** One execution to price. `monthShares` = shares already traded this calendar month (tiered rates). */
export interface CommissionInput {
  readonly side: Side;
  readonly qty: number;
  readonly price: Money;
  /** price x qty, computed once by the caller. */
  readonly value: Money;
  readonly monthShares: number;
}

/** The same execution with `price` and `value` in whole units of 1e-8 USD (core/money-units.ts). */
export interface CommissionUnitsInput {
  readonly side: Side;
  readonly qty: number;
  readonly price: number;
  readonly value: number;
  readonly monthShares: number;
}

/** A broker's fee schedule: exact money, always >= 0. */
export interface CommissionModel {
  readonly name: string;
  commission(input: CommissionInput): Money;
  /**
   * Optional fast path: the same commission in whole units of 1e-8 USD, or NaN when it is
   * not a whole number of units (the caller then uses `commission`). Must agree with it exactly.
   */
  commissionUnits?(input: CommissionUnitsInput): number;
}
