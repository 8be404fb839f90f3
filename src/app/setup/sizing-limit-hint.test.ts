import { describe, expect, test } from "bun:test";
import type { BacktestRefusal } from "../../backtest/types.ts";
import { refusalsByRule } from "../../backtest/refusals-of.ts";
import { sizingLimitHint } from "./sizing-limit-hint.ts";

const limits = { maxOpenPositions: 10, maxPositionValue: 10_000, maxPositionPct: 25, maxOrderValue: 10_000, maxDailyTradesPerSymbol: 4, dailyLossLimit: 1_000 };
const refusal = (rule: string): BacktestRefusal => ({ key: "k", time: 0, symbol: "X", side: "buy", qty: 300, rule, reason: `${rule}: too big` });

describe("sizing limit hint", () => {
  test("risk-parity entries refused by the size limits: every size limit named with its value and flag", () => {
    const refused = refusalsByRule([refusal("max-order-value"), refusal("max-open-positions"), refusal("max-position-pct")]);
    expect(refused).toEqual({ "max-order-value": 1, "max-open-positions": 1, "max-position-pct": 1 });
    expect(sizingLimitHint({ kind: "risk-parity", lookback: 60 }, limits, refused)).toBe(
      "Note: --sizing risk-parity sizes entries as a share of equity, and the [risk] size limits refused 2 of them (max_order_value 10000, max_position_value 10000, max_position_pct 25); " +
        "to trade them as sized, raise these in robotrader.toml or with --max-order-value N --max-position-value N --max-position-pct N",
    );
    // A live run's summary counts them by rule already.
    expect(sizingLimitHint({ kind: "target-vol", pct: 10, lookback: 60 }, limits, { "max-position-value": 3, "max-daily-trades": 1 })).toContain("--sizing target-vol sizes entries as a share of equity, and the [risk] size limits refused 3 of them");
  });

  test("nothing for other sizings, other rules, or no risk rules", () => {
    expect(sizingLimitHint({ kind: "pct-equity", pct: 50 }, limits, { "max-order-value": 1 })).toBeUndefined();
    expect(sizingLimitHint({ kind: "target-vol", pct: 10, lookback: 60 }, limits, { "max-open-positions": 1 })).toBeUndefined();
    expect(sizingLimitHint({ kind: "target-vol", pct: 10, lookback: 60 }, undefined, { "max-order-value": 1 })).toBeUndefined();
  });
});
