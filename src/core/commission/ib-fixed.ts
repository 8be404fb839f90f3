import { mulUnits, UNITS_PER_USD } from "../money-units.ts";
import { money, type Money } from "../money.ts";
import type { CommissionInput, CommissionModel, CommissionUnitsInput } from "./types.ts";

const PER_SHARE = money("0.005");
const MINIMUM = money("1.00");
const MAX_RATE = money("0.01");
/** At or above this price the 1% cap is never below 0.005/share. */
const HALF = money("0.5");
/** 200 shares x 0.005 = the 1.00 minimum. */
const MIN_SHARES = 200;
const HUNDRED = money(100);
/** The same constants in units of 1e-8 USD. */
const PER_SHARE_UNITS = 500_000;
const MINIMUM_UNITS = UNITS_PER_USD;
const HALF_UNITS = 50_000_000;
const HUNDRED_UNITS = 100 * UNITS_PER_USD;

/**
 * IB Pro "fixed" for US stocks: USD 0.005 per share, at least USD 1.00, at most 1% of the
 * trade value (the cap wins over the minimum, so a USD 50 trade pays USD 0.50). IB's fixed
 * rate already includes exchange and clearing fees. Not included: the regulatory
 * pass-throughs on sales (SEC fee, FINRA TAF), which are small and change yearly.
 */
export const ibFixed: CommissionModel = {
  name: "ib-fixed",
  commission({ qty, price, value }: CommissionInput): Money {
    // Fast paths for the usual prices (no cap): fewer decimal operations, same result.
    if (price.gte(HALF)) {
      if (qty >= MIN_SHARES) return PER_SHARE.times(qty);
      if (value.gte(HUNDRED)) return MINIMUM;
    }
    const perShare = PER_SHARE.times(qty);
    const cap = value.times(MAX_RATE);
    const withMin = perShare.lt(MINIMUM) ? MINIMUM : perShare;
    return withMin.gt(cap) ? cap : withMin;
  },
  commissionUnits({ qty, price, value }: CommissionUnitsInput): number {
    if (price >= HALF_UNITS) {
      if (qty >= MIN_SHARES) return mulUnits(PER_SHARE_UNITS, qty);
      if (value >= HUNDRED_UNITS) return MINIMUM_UNITS;
    }
    const perShare = mulUnits(PER_SHARE_UNITS, qty);
    // 1% of the value is whole units only when the value is a multiple of 100 units.
    const cap = value % 100 === 0 ? value / 100 : NaN;
    if (Number.isNaN(perShare + cap)) return NaN;
    const withMin = perShare < MINIMUM_UNITS ? MINIMUM_UNITS : perShare;
    return withMin > cap ? cap : withMin;
  },
};
