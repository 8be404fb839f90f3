import { ZERO } from "../money.ts";
import type { CommissionModel } from "./types.ts";

export const noCommission: CommissionModel = {
  name: "none",
  commission: () => ZERO,
  commissionUnits: () => 0,
};
