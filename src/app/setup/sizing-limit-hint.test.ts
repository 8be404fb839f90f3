import { describe, expect, test } from "bun:test";
import type { BacktestRefusal } from "../../backtest/types.ts";
import { sizingLimitHint } from "./sizing-limit-hint.ts";

const limits = { maxOpenPositions: 10, maxPositionValue: 10_000, maxPositionPct: 25, maxOrderValue: 10_000, maxDailyTradesPerSymbol: 4, dailyLossLimit: 1_000 };
const refusal = (rule: string): BacktestRefusal => ({ key: "k", time: 0, symbol: "X", side: "buy", qty: 300, rule, reason: `${rule}: too big` });

describe("sizing limit hint", () => {
  test("risk-parity entries refused by the size limits: every size limit named with its value and flag", () => {
    expect(sizingLimitHint({ kind: "risk-parity", lookback: 60 }, limits, [refusal("max-order-value"), refusal("max-open-positions"), refusal("max-position-pct")])).toBe(
      "Note: --sizing risk-parity sizes entries as a share of equity, and the [risk] size limits refused 2 of them (max_order_value 10000, max_position_value 10000, max_position_pct 25); " +
        "to trade them as sized, raise these in robotrader.toml or with --max-order-value N --max-position-value N --max-position-pct N",
    );
  });

  test("nothing for other sizings, other rules, or no risk rules", () => {
    expect(sizingLimitHint({ kind: "pct-equity", pct: 50 }, limits, [refusal("max-order-value")])).toBeUndefined();
    expect(sizingLimitHint({ kind: "target-vol", pct: 10, lookback: 60 }, limits, [refusal("max-open-positions")])).toBeUndefined();
    expect(sizingLimitHint({ kind: "target-vol", pct: 10, lookback: 60 }, undefined, [refusal("max-order-value")])).toBeUndefined();
  });
});
