import { describe, expect, test } from "bun:test";
import { calibrationTable } from "./calibration.ts";
import { accuracy, balancedAccuracy, baseRate, brierScore, logLoss, rocAuc, rocCurve } from "./classification.ts";
import { informationCoefficient } from "./information-coefficient.ts";
import { scoreSummary } from "./summary.ts";

// Expected values computed by hand and checked against scikit-learn 1.2 (roc_auc_score,
// log_loss, brier_score_loss, balanced_accuracy_score) and scipy.stats.spearmanr.
const y = [0, 0, 1, 1, 0, 1, 1, 0];
const p = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.4, 0.2];

describe("metrics", () => {
  test("ROC AUC counts ties as half and is undefined with one class", () => {
    expect(rocAuc(y, p)).toBeCloseTo(0.8125, 12);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 0, 1], [0.9, 0.1, 0.8])).toBe(1);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });

  test("log loss, Brier, accuracy, balanced accuracy and base rate", () => {
    expect(logLoss(y, p)).toBeCloseTo(0.4870108, 6);
    expect(brierScore(y, p)).toBeCloseTo(0.1603125, 10);
    expect(accuracy(y, p)).toBe(0.75); // threshold 0.5: 0.8 and 0.7 called positive
    expect(balancedAccuracy(y, p)).toBe(0.75); // tpr 0.5, tnr 1
    expect(baseRate(y)).toBe(0.5);
    expect(balancedAccuracy([0, 0, 0, 1], [0.9, 0.9, 0.9, 0.9])).toBe(0.5);
  });

  test("information coefficient is Spearman's rank correlation", () => {
    expect(informationCoefficient([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(informationCoefficient([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(informationCoefficient([0.1, 0.4, 0.35, 0.8, 0.4], [-0.01, 0.02, 0.0, 0.03, -0.02])).toBeCloseTo(0.5643, 4);
  });

  test("ROC curve runs from (0,0) to (1,1) and its area is the AUC", () => {
    const { fpr, tpr } = rocCurve(y, p);
    expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    let area = 0;
    for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
    expect(area).toBeCloseTo(rocAuc(y, p), 12);
  });

  test("calibration table groups predictions by probability", () => {
    const t = calibrationTable(y, p, 5);
    expect(t.map((b) => b.count)).toEqual([1, 2, 3, 1, 1]);
    expect(t[3]!.observedRate).toBe(1);
    expect(t[1]!.meanPredicted).toBeCloseTo(0.275, 12);
    expect(t[2]!.observedRate).toBeCloseTo(1 / 3, 12);
    expect(calibrationTable(y, p, 10)[0]!.observedRate).toBeNaN(); // empty bin: unknown, not 0
  });

  test("summary bundles them", () => {
    const s = scoreSummary(y, p);
    expect(s.rows).toBe(8);
    expect(s.auc).toBeCloseTo(0.8125, 12);
    expect(s.ic).toBeNaN();
  });
});
