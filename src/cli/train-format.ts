import type { TrainOutcome } from "../app/train/train.ts";
import { formatTable } from "./_output.ts";

const num = (v: number) => (Number.isFinite(v) ? v : null);
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "—");
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export function trainJson(o: TrainOutcome): unknown {
  return {
    models: o.models.map((m) => ({
      id: m.id,
      model: m.model,
      auc: num(m.auc),
      accuracy: num(m.accuracy),
      balancedAccuracy: num(m.balancedAccuracy),
      logLoss: num(m.logLoss),
      brier: num(m.brier),
      ic: num(m.ic),
      baseRate: num(m.baseRate),
      trainRows: m.trainRows,
      testRows: m.testRows,
      trainSeconds: m.trainSeconds,
      saved: m.dir !== undefined,
      folds: m.folds.map((f) => ({ ...f, auc: num(f.auc), accuracy: num(f.accuracy), trainFrom: day(f.trainFrom), trainTo: day(f.trainTo), testFrom: day(f.testFrom), testTo: day(f.testTo) })),
    })),
    data: { ...o.data, from: day(o.data.from), to: day(o.data.to) },
    featureHash: o.featureHash,
    label: o.label,
    cv: o.cv,
    ...(o.promotion ? { promotion: o.promotion } : {}),
    ...(o.report ? { report: o.report } : {}),
    ...(o.search ? { search: o.search.map((p) => ({ ...p, auc: num(p.auc), accuracy: num(p.accuracy), logLoss: num(p.logLoss) })) } : {}),
  };
}

export function trainText(o: TrainOutcome): string {
  const head = `${o.data.source}: ${o.data.rows} rows x ${o.data.features} features, ${day(o.data.from)} .. ${day(o.data.to)}; label ${o.label}; validation ${o.cv} (out-of-sample scores)`;
  const table = formatTable(
    ["ID", "MODEL", "AUC", "ACCURACY", "BALANCED", "LOG LOSS", "BASE RATE", "TRAIN ROWS", "TEST ROWS", "TRAIN S"],
    o.models.map((m) => [m.id, m.model, f3(m.auc), f3(m.accuracy), f3(m.balancedAccuracy), f3(m.logLoss), f3(m.baseRate), String(m.trainRows), String(m.testRows), m.trainSeconds.toFixed(2)]),
  );
  const lines = [head, "", table];
  if (o.search) {
    lines.push("", `grid: ${o.search.length} points; the best out-of-sample AUC per model is kept (its scores are the best of the points tried: optimistic)`);
    lines.push(formatTable(["MODEL", "PARAMETERS", "AUC", "ACCURACY", "LOG LOSS", ""], o.search.map((p) => [p.model, Object.entries(p.params).map(([k, v]) => `${k}=${v}`).join(" "), f3(p.auc), f3(p.accuracy), f3(p.logLoss), p.chosen ? "chosen" : ""])));
  }
  if (o.models.some((m) => m.dir === undefined)) lines.push("", "not saved (--no-save)");
  if (o.promotion) lines.push("", `promote-if-better: ${o.promotion.promoted ? `promoted ${o.promotion.id}` : "not promoted"} (${o.promotion.reason})`);
  if (o.report) lines.push("", `report: ${o.report}`);
  return lines.join("\n");
}
