import Big from "big.js";
import { keepOffTopTier, keepOutOfCallers, type Code } from "../../adapters/os/jit-tiers.ts";
import { isSessionAllowed } from "../../core/calendar/index.ts";
import { isNewYorkDst, newYorkDayBounds } from "../../core/calendar/new-york-time.ts";
import { isoTime } from "../../core/iso-time.ts";
import { bigOfUnits, unitsOf } from "../../core/money-units.ts";
import { money } from "../../core/money.ts";
import { checkRisk, isReducing, projectedQty } from "../../core/risk/index.ts";
import { qtyAfter, referencePrice, surelyAbove, surelyAtMost } from "../../core/risk/context.ts";
import { isRefusal, refuse } from "../../core/risk/decision.ts";
import { standardRules } from "../../core/risk/standard-rules.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { entryQty } from "../../core/sizing.ts";
import { RefusalList } from "../../backtest/refusal-list.ts";
import { RefusalLog, refusalOf } from "../../backtest/refusal-log.ts";
import { warmUpBefore } from "../../backtest/run-backtest.ts";
import { DataValidator } from "../../core/data-validation/data-validator.ts";
import { Engine } from "../../engine/engine.ts";
import { ExitWatch } from "../../engine/exit-watch.ts";
import { IntentKeys } from "../../engine/intent-keys.ts";
import { LocalRiskContext } from "../../engine/local-risk-context.ts";
import { orderRequestProblem } from "../../engine/order-request-problem.ts";
import { refusedTo, RiskGate } from "../../engine/risk-gate.ts";
import { enterLong, exitLong, goLong, goShortOrFlat } from "../../strategy/library/_orders.ts";

/**
 * Code a backtest runs per order, kept out of the JIT's top tier (FTL): in a 1M-bar run the
 * order path (~20k order attempts, 18.8k of them refused) was FTL-compiled for ~40% of the FTL's
 * background CPU and gave no main-thread time back (docs/performance.md, "JIT tiers"). The
 * per-bar code (engine, pipeline, indicators, validator, recorder) and the CSV row loop keep the
 * FTL: measured, it pays for them. Outputs do not change: a tier is only how fast the same code
 * runs.
 */
/** Limits that make standardRules build every rule there is. */
const EVERY_LIMIT = {
  maxOpenPositions: 1, maxPositionValue: 1, maxPositionPct: 1, maxOrderValue: 1, maxDailyTradesPerSymbol: 1,
  duplicateWindowMinutes: 1, dailyLossLimit: 1, maxCorrelatedExposurePct: 1, correlationThreshold: 0.7,
};

function perOrder(): Code[] {
  const engine = Engine.prototype, gate = RiskGate.prototype, big = Big.prototype;
  return [
    engine.submitFrom, engine.entryQtyAt, entryQty, orderRequestProblem,
    gate.check, gate.judgeLocal, isSessionAllowed, checkRisk, isReducing, projectedQty,
    bigOfUnits, unitsOf, Big, big.times, isRefusal,
    IntentKeys.prototype.fresh, RefusalLog.prototype.recordRefusal, refusalOf, isoTime,
    RefusalList.prototype.pushMarketHours, RefusalList.prototype.pushMaxDailyTrades, RefusalList.prototype.pushEager,
    // Seen in the FTL in long-short and refusal-heavy runs (twice the orders, or thousands of a
    // rule's refusals): the rules' context, the positions they read, a refusal, the warm-up test,
    // and every rule (the mark is on a rule's code: one list of them marks every run's).
    LocalRiskContext.prototype.judge, Portfolio.prototype.positions, refuse, refusedTo, warmUpBefore(0),
    ...standardRules(EVERY_LIMIT).map((rule) => rule.check),
    qtyAfter, referencePrice, surelyAbove, surelyAtMost,
    // A value rule's refusal words money (big.js): thousands of them in a run whose orders exceed a limit.
    money, big.round, big.toFixed,
  ];
}

/**
 * The built-in strategies' order helpers: called on a signal (~20k times in 1M bars), from a
 * strategy's `onBar` that runs every bar. Inlined, they and the order path under them were most
 * of what the JIT compiled for `onBar` (twice: the strategy's and its guard's, ~700 of ~800
 * bytecodes each), and they ran rarely enough not to need the FTL themselves.
 */
function perSignal(): Code[] {
  return [goLong, goShortOrFlat, exitLong, enterLong];
}

/** Once a day, from code that runs every step (the risk gate's day roll, the session check). */
function perDay(): Code[] {
  return [newYorkDayBounds];
}

/**
 * Daylight time or not: asked a few times a New York day (its session bounds) and at each fill
 * (the commission's volume month): some 25k calls in 1M bars (estimated). Optimized once, it reached the FTL
 * (a compile of ~5 ms of JIT CPU) for calls of a few comparisons each.
 */
function perDayOffTopTier(): Code[] {
  return [isNewYorkDst];
}

/**
 * Per-step code kept a call of its own in the bar loop: the risk gate's `observe` reads the
 * step's equity, a whole number (the starting cash) until the first fill. Compiled into the
 * loop, the loop's optimized code expected a whole number there and left for the slow tiers at
 * each later call (a batch of bars each time) until it was compiled again.
 */
function perStepApart(): Code[] {
  return [RiskGate.prototype.observe];
}

/**
 * Per-bar code whose top-tier compile comes too late to pay back in a run of ~1M bars: queued
 * behind the rest of the per-bar code's FTL compiles on two busy cores, `DataValidator.acceptRun`
 * (the validator's loop over a batch of 512 bars, 631 bytecodes with the window's push inlined:
 * the largest FTL compile of the run) and ExitWatch's check of a held position were FTL-compiled
 * at 60-75% and 80-90% of the 1M-bar CSV run (`BUN_JSC_reportFTLCompileTimes=1`, stamped as they
 * print). Kept in the DFG tier, the run spends ~7-9 ms less CPU (docs/performance.md, "jitw").
 */
function perBarLate(): Code[] {
  return [DataValidator.prototype.acceptRun, ExitWatch.heldCheck()];
}

let kept = false;

/** Marks the code once per process (the mark is on the code: every later run shares it). */
export function keepPerOrderCodeOffTopTier(): void {
  if (kept) return;
  kept = true;
  keepOffTopTier(perOrder());
  keepOutOfCallers(perSignal());
  keepOffTopTier(perSignal());
  keepOutOfCallers(perDay());
  keepOffTopTier(perDayOffTopTier());
  keepOutOfCallers(perStepApart());
  keepOffTopTier(perBarLate());
}
