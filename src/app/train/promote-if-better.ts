import type { Db } from "../../adapters/sqlite/db.ts";
import { rocAuc } from "../../ml/metrics/classification.ts";
import { takeRows, takeValues } from "../../ml/models/matrix.ts";
import type { ModelResult } from "../../ml/pipeline/cross-validate.ts";
import type { Dataset } from "../../ml/pipeline/dataset.ts";
import { loadUsableModel, promote, promoted } from "./registry.ts";

export interface PromotionDecision {
  readonly promoted: boolean;
  readonly id?: string;
  readonly previous?: string;
  readonly reason: string;
  /** AUCs compared on the same rows (rows neither model trained on). */
  readonly candidateAuc?: number;
  readonly currentAuc?: number;
  readonly rows?: number;
}

const MIN_ROWS = 30;

/**
 * `--promote-if-better`: the best model of this run (by out-of-sample AUC) replaces the promoted
 * one only when it scores better on the same rows (by more than `margin`, `--promote-margin`;
 * 0: by any amount): this run's out-of-sample rows that come after everything the current model
 * trained on. Different features or labels are never compared.
 */
export function decidePromotion(
  db: Db,
  d: Dataset,
  results: readonly ModelResult[],
  models: readonly { id: string; auc: number }[],
  o: { featureHash: string; label: string; save: boolean; dataDir: string; margin?: number | undefined },
): PromotionDecision {
  let best = -1;
  models.forEach((m, i) => {
    if (Number.isFinite(m.auc) && (best < 0 || m.auc > models[best]!.auc)) best = i;
  });
  if (best < 0) return { promoted: false, reason: "no model of this run has a defined out-of-sample AUC" };
  const candidate = models[best]!, res = results[best]!;
  if (!o.save) return { promoted: false, reason: "--no-save: nothing stored to promote" };
  const current = promoted(db);
  if (!current) {
    promote(db, candidate.id);
    return { promoted: true, id: candidate.id, reason: "no model was promoted", candidateAuc: candidate.auc };
  }
  if (current.featureHash !== o.featureHash || current.label !== o.label) {
    return { promoted: false, previous: current.id, reason: `current model ${current.id} uses other features or labels (${current.featureHash}, ${current.label}); promote explicitly with robotrader models promote ID` };
  }
  const usable = loadUsableModel(db, o.dataDir, current.id);
  const after = usable.meta.trainedThrough;
  const rows: number[] = [];
  const probs: number[] = [];
  res.oosRows.forEach((row, k) => {
    if (d.time[row]! > after) {
      rows.push(row);
      probs.push(res.oosProb[k]!);
    }
  });
  if (rows.length < MIN_ROWS) {
    return { promoted: false, previous: current.id, reason: `only ${rows.length} out-of-sample rows after ${new Date(after).toISOString().slice(0, 10)} (the current model's training data); need ${MIN_ROWS} to compare`, rows: rows.length };
  }
  const idx = Int32Array.from(rows);
  const y = takeValues(d.y, idx);
  const candidateAuc = rocAuc(y, probs);
  const currentAuc = rocAuc(y, usable.model.predict(takeRows(d.x, idx)));
  const margin = o.margin ?? 0;
  const by = margin > 0 ? ` by more than ${margin}` : "";
  if (!beatsBy(candidateAuc, currentAuc, margin)) {
    return { promoted: false, previous: current.id, reason: `candidate ${candidate.id} is not better${by} on the same ${rows.length} rows (AUC ${candidateAuc.toFixed(3)} vs ${currentAuc.toFixed(3)} for ${current.id})`, candidateAuc, currentAuc, rows: rows.length };
  }
  promote(db, candidate.id);
  return { promoted: true, id: candidate.id, previous: current.id, reason: `better${by} on the same ${rows.length} rows (AUC ${candidateAuc.toFixed(3)} vs ${currentAuc.toFixed(3)} for ${current.id})`, candidateAuc, currentAuc, rows: rows.length };
}

/** Whether a candidate's AUC beats the current model's by more than `margin` (0: by any amount); NaN never does. */
export function beatsBy(candidateAuc: number, currentAuc: number, margin: number): boolean {
  return candidateAuc > currentAuc + margin;
}
