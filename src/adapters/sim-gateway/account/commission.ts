import Big from "big.js";

/**
 * IB Pro "fixed" commission for US stocks: USD 0.005 per share, at least USD 1.00 per order,
 * at most 1% of the trade value (interactivebrokers.com pricing page). The minimum applies
 * per order, so a fill's commission is the order's total so far minus what earlier fills paid.
 */
export function fixedCommission(shares: Big, price: Big): Big {
  const perShare = shares.abs().times("0.005");
  const cap = shares.abs().times(price).times("0.01");
  const withMin = perShare.lt(1) ? new Big(1) : perShare;
  return (withMin.gt(cap) ? cap : withMin).round(2, Big.roundHalfUp);
}
