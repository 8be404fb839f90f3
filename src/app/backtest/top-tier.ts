import Big from "big.js";
import { keepOffTopTier, type Code } from "../../adapters/os/jit-tiers.ts";
import { isSessionAllowed } from "../../core/calendar/index.ts";
import { isoTime } from "../../core/iso-time.ts";
import { bigOfUnits, unitsOf } from "../../core/money-units.ts";
import { checkRisk, isReducing, projectedQty } from "../../core/risk/index.ts";
import { entryQty } from "../../core/sizing.ts";
import { RefusalList, refusalOf } from "../../backtest/run-backtest.ts";
import { Engine } from "../../engine/engine.ts";
import { orderRequestProblem } from "../../engine/order-request-problem.ts";
import { RiskGate } from "../../engine/risk-gate.ts";

/**
 * Code a backtest runs per order, kept out of the JIT's top tier (FTL): in a 1M-bar run the
 * order path (~20k order attempts, 18.8k of them refused) was FTL-compiled for ~40% of the FTL's
 * background CPU and gave no main-thread time back (docs/performance.md, "JIT tiers"). The
 * per-bar code (engine, pipeline, indicators, validator, recorder) and the CSV row loop keep the
 * FTL: measured, it pays for them. Outputs do not change: a tier is only how fast the same code
 * runs.
 */
function perOrder(): Code[] {
  const engine = Engine.prototype, gate = RiskGate.prototype, big = Big.prototype;
  return [
    engine.submitFrom, engine.entryQtyAt, entryQty, orderRequestProblem,
    gate.check, isSessionAllowed, checkRisk, isReducing, projectedQty,
    bigOfUnits, unitsOf, Big, big.times,
    RefusalList.prototype.recordRefusal, refusalOf, isoTime,
  ];
}

let kept = false;

/** Marks the code once per process (the mark is on the code: every later run shares it). */
export function keepPerOrderCodeOffTopTier(): void {
  if (kept) return;
  kept = true;
  keepOffTopTier(perOrder());
}
