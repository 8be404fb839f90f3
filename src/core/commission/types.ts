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

/** A broker's fee schedule: exact money, always >= 0. */
export interface CommissionModel {
  readonly name: string;
  commission(input: CommissionInput): Money;
}
