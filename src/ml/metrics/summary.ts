import { accuracy, balancedAccuracy, baseRate, brierScore, logLoss, rocAuc } from "./classification.ts";
import { informationCoefficient } from "./information-coefficient.ts";

/** The out-of-sample scores `train` reports for one model. */
export interface ScoreSummary {
  readonly rows: number;
  readonly auc: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly logLoss: number;
  readonly brier: number;
  readonly baseRate: number;
  /** Rank correlation of the score with the forward return (NaN when none is given). */
  readonly ic: number;
}

export function scoreSummary(y: ArrayLike<number>, p: ArrayLike<number>, forwardReturn?: ArrayLike<number>): ScoreSummary {
  return {
    rows: y.length,
    auc: rocAuc(y, p),
    accuracy: accuracy(y, p),
    balancedAccuracy: balancedAccuracy(y, p),
    logLoss: logLoss(y, p),
    brier: brierScore(y, p),
    baseRate: baseRate(y),
    ic: forwardReturn ? informationCoefficient(p, forwardReturn) : NaN,
  };
}
