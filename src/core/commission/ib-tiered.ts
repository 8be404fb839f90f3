import { newYorkOffsetMinutes } from "../calendar/new-york-time.ts";
import { money, type Money } from "../money.ts";
import type { CommissionInput, CommissionModel } from "./types.ts";

/** Monthly share volume up to which each per-share rate applies (IB Pro tiered, US stocks). */
const TIERS: readonly { readonly upTo: number; readonly rate: Money }[] = [
  { upTo: 300_000, rate: money("0.0035") },
  { upTo: 3_000_000, rate: money("0.002") },
  { upTo: 20_000_000, rate: money("0.0015") },
  { upTo: 100_000_000, rate: money("0.001") },
  { upTo: Infinity, rate: money("0.0005") },
];
const MINIMUM = money("0.35");
const MAX_RATE = money("0.01");

/** Third-party fees IB passes through on top of the tiered commission. */
export const TIERED_FEES = {
  /** Exchange fee per share; assumes the order removes liquidity (market, stop, marketable limit). */
  exchangePerShare: money("0.003"),
  /** NSCC/DTC clearing fee per share. */
  clearingPerShare: money("0.0002"),
  /** FINRA pass-through, a fraction of the commission. */
  finraPassThrough: money("0.00056"),
  /** SEC transaction fee on sales, a fraction of the trade value. */
  secFeeRate: money("0.0000278"),
  /** FINRA trading activity fee on sales, per share, capped per trade. */
  finraTafPerShare: money("0.000166"),
  finraTafMax: money("8.30"),
} as const;

const DAY_MS = 86_400_000;

/**
 * The clock monthly share volume is counted by: New York wall time as epoch ms, so that
 * Date.UTC month boundaries on it are New York month boundaries. A fill at 21:00 New York
 * on a month's last day counts in that month, though UTC is already in the next. A time at
 * exactly 00:00 UTC is a daily bar's date stamp (core/bar.ts): already its trading date.
 */
export function volumeClock(time: number): number {
  return time % DAY_MS === 0 ? time : time + newYorkOffsetMinutes(time) * 60_000;
}

/** The per-share rate for an order when `monthShares` shares were already traded this month. */
export function tieredRate(monthShares: number): Money {
  for (const tier of TIERS) if (monthShares < tier.upTo) return tier.rate;
  return TIERS[TIERS.length - 1]!.rate;
}

/**
 * IB Pro "tiered" for US stocks. Commission = rate x shares, the rate chosen by the shares
 * already traded this month (the whole order at one rate), at least USD 0.35, at most 1% of
 * trade value. Added on top, as IB does: exchange fee (remove-liquidity rate for every
 * order, a conservative simplification), clearing fee, FINRA pass-through, and on sales the
 * SEC fee and the FINRA TAF. Not modelled: exchange rebates for adding liquidity, the CAT
 * fee, and per-venue differences.
 */
export const ibTiered: CommissionModel = {
  name: "ib-tiered",
  commission({ side, qty, value, monthShares }: CommissionInput): Money {
    let commission = tieredRate(monthShares).times(qty);
    if (commission.lt(MINIMUM)) commission = MINIMUM;
    const cap = MAX_RATE.times(value);
    if (commission.gt(cap)) commission = cap;
    let total = commission
      .plus(TIERED_FEES.exchangePerShare.times(qty))
      .plus(TIERED_FEES.clearingPerShare.times(qty))
      .plus(TIERED_FEES.finraPassThrough.times(commission));
    if (side === "sell") {
      const taf = TIERED_FEES.finraTafPerShare.times(qty);
      total = total.plus(TIERED_FEES.secFeeRate.times(value)).plus(taf.gt(TIERED_FEES.finraTafMax) ? TIERED_FEES.finraTafMax : taf);
    }
    return total;
  },
};
