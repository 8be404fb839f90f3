import type { RiskLimits } from "../../core/risk/standard-rules.ts";
import { needsCovariance, type Sizing } from "../../core/sizing.ts";

/** The size limits, as config keys and flags, with the rule that applies each. */
const SIZE_LIMITS = [
  { rule: "max-order-value", key: "max_order_value", limit: (l: RiskLimits) => l.maxOrderValue },
  { rule: "max-position-value", key: "max_position_value", limit: (l: RiskLimits) => l.maxPositionValue },
  { rule: "max-position-pct", key: "max_position_pct", limit: (l: RiskLimits) => l.maxPositionPct },
] as const;

/** Counts by rule summed over several runs (`backtest --each`), in the order the rules first appear. */
export function sumByRule(counts: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const c of counts) for (const [rule, n] of Object.entries(c)) sum[rule] = (sum[rule] ?? 0) + n;
  return sum;
}

/**
 * risk-parity and target-vol size each entry as a share of equity; [risk]'s fixed size limits
 * (10,000 USD an order by default) refuse most of them on a 100k account. When they did, one
 * line names every size limit with its value and how to raise it (raising only the one that
 * refused first meets the next). Undefined otherwise: other sizings' output is unchanged.
 * `refused` counts the refusals by rule (backtest: refusalCountsByRule; run: its summary's).
 */
export function sizingLimitHint(sizing: Sizing, limits: RiskLimits | undefined, refused: Readonly<Record<string, number>>): string | undefined {
  if (!needsCovariance(sizing) || limits === undefined) return undefined;
  const count = SIZE_LIMITS.reduce((n, s) => n + (refused[s.rule] ?? 0), 0);
  if (count === 0) return undefined;
  const set = SIZE_LIMITS.flatMap((s) => {
    const value = s.limit(limits);
    return value === undefined ? [] : [{ ...s, value }];
  });
  const values = set.map((s) => `${s.key} ${s.value}`).join(", ");
  const flags = set.map((s) => `--${s.rule} N`).join(" ");
  return `Note: --sizing ${sizing.kind} sizes entries as a share of equity, and the [risk] size limits refused ${count} of them ` +
    `(${values}); to trade them as sized, raise these in robotrader.toml or with ${flags}`;
}

/**
 * sizingLimitHint of a run's refusals (`byRule`: refusalCountsByRule), counted only when the hint can apply (risk-parity and
 * target-vol with [risk] limits): a minute-bar backtest refuses ~19k orders for other reasons,
 * and counting them by rule for nothing was a pass over all of them at the end.
 */
export function refusalsHint(sizing: Sizing, limits: RiskLimits | undefined, byRule: () => Readonly<Record<string, number>>): string | undefined {
  if (!needsCovariance(sizing) || limits === undefined) return undefined;
  return sizingLimitHint(sizing, limits, byRule());
}
