import { UserError } from "../errors.ts";
import { ibFixed } from "./ib-fixed.ts";
import { ibTiered } from "./ib-tiered.ts";
import { noCommission } from "./none.ts";
import type { CommissionModel } from "./types.ts";

export type { CommissionInput, CommissionModel } from "./types.ts";
export { ibFixed, ibTiered, noCommission };

export const COMMISSION_MODELS = ["ib-fixed", "ib-tiered", "none"] as const;
export type CommissionModelName = (typeof COMMISSION_MODELS)[number];

export function commissionModel(name: string): CommissionModel {
  switch (name) {
    case "ib-fixed":
      return ibFixed;
    case "ib-tiered":
      return ibTiered;
    case "none":
      return noCommission;
    default:
      throw new UserError(`unknown commission model '${name}': expected one of ${COMMISSION_MODELS.join(", ")}`);
  }
}
