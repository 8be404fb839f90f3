import { mkdir } from "node:fs/promises";
import path from "node:path";
import { calibrationTable } from "../../ml/metrics/calibration.ts";
import { rocCurve } from "../../ml/metrics/classification.ts";
import { takeValues } from "../../ml/models/matrix.ts";
import type { ModelResult } from "../../ml/pipeline/cross-validate.ts";
import type { Dataset } from "../../ml/pipeline/dataset.ts";
import { oosEquity } from "./oos-equity.ts";
import { svgPlot, type PlotLine } from "./svg-plot.ts";
import type { TrainedModel } from "./train.ts";

export interface TrainReportInput {
  readonly dataset: Dataset;
  readonly results: readonly ModelResult[];
  readonly models: readonly TrainedModel[];
  readonly label: string;
  readonly cv: string;
  readonly source: string;
  readonly nextReturn?: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];
const esc = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "—");
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A self-contained HTML page (inline SVG, no script, no external file): scores, ROC, calibration, importance, folds, equity. */
export function renderTrainReport(i: TrainReportInput): string {
  const d = i.dataset;
  const summary = i.models
    .map((m) => `<tr><td>${esc(m.id)}</td><td>${m.model}</td><td>${f3(m.auc)}</td><td>${f3(m.accuracy)}</td><td>${f3(m.balancedAccuracy)}</td><td>${f3(m.logLoss)}</td><td>${f3(m.brier)}</td><td>${f3(m.ic)}</td><td>${f3(m.baseRate)}</td><td>${m.trainRows}</td><td>${m.testRows}</td><td>${m.trainSeconds.toFixed(2)}</td></tr>`)
    .join("");
  const roc: PlotLine[] = [{ xs: [0, 1], ys: [0, 1], color: "#999", dash: true, label: "chance" }];
  const cal: PlotLine[] = [{ xs: [0, 1], ys: [0, 1], color: "#999", dash: true, label: "perfect" }];
  i.results.forEach((r, k) => {
    const y = takeValues(d.y, r.oosRows);
    const c = rocCurve(y, r.oosProb);
    roc.push({ xs: c.fpr, ys: c.tpr, color: COLORS[k % COLORS.length]!, label: `${r.kind} AUC ${f3(r.summary.auc)}` });
    const bins = calibrationTable(y, r.oosProb, 10).filter((b) => b.count >= 5);
    cal.push({ xs: bins.map((b) => b.meanPredicted), ys: bins.map((b) => b.observedRate), color: COLORS[k % COLORS.length]!, label: r.kind, points: true });
  });
  const importance = i.results
    .map((r) => {
      const order = [...d.names.keys()].sort((a, b) => r.permutationImportance[b]! - r.permutationImportance[a]!).slice(0, 15);
      const rows = order.map((k) => `<tr><td>${esc(d.names[k])}</td><td>${f3(r.permutationImportance[k]!)}</td><td>${r.gainImportance ? f3(r.gainImportance[k]!) : "—"}</td></tr>`).join("");
      return `<div class="card"><h3>${r.kind}</h3><table><tr><th>feature</th><th>permutation (AUC drop)</th><th>gain share</th></tr>${rows}</table></div>`;
    })
    .join("");
  const folds = i.results
    .flatMap((r) => r.folds.map((f) => `<tr><td>${r.kind}</td><td>${f.index + 1}</td><td>${day(f.trainFrom)} .. ${day(f.trainTo)}</td><td>${day(f.testFrom)} .. ${day(f.testTo)}</td><td>${f.trainRows}</td><td>${f.testRows}</td><td>${f3(f.auc)}</td><td>${f3(f.accuracy)}</td><td>${f.seconds.toFixed(2)}</td></tr>`))
    .join("");
  let equity = "<p>No prices for a CSV feature table: out-of-sample equity needs --symbols.</p>";
  if (i.nextReturn) {
    const lines: PlotLine[] = [];
    i.results.forEach((r, k) => {
      const e = oosEquity(d, r.oosRows, r.oosProb, i.nextReturn!);
      if (k === 0) lines.push({ xs: e.time, ys: e.hold, color: "#999", label: "buy and hold" });
      lines.push({ xs: e.time, ys: e.model, color: COLORS[k % COLORS.length]!, label: `${r.kind}: long when p > 0.5, 5 bps per change` });
    });
    equity = svgPlot({ lines, width: 900, height: 300, xTime: true, yLabel: "growth of 1" });
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>robotrader train: ${esc(i.label)}</title><style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.row{display:flex;flex-wrap:wrap;gap:24px}.card{flex:1;min-width:300px}h2{margin-top:28px;border-bottom:1px solid #ddd}svg text{font:11px sans-serif}
</style></head><body>
<h1>robotrader train</h1>
<p>${esc(i.source)} · ${d.x.rows} rows × ${d.x.cols} features · label ${esc(i.label)} · validation ${esc(i.cv)} · ${day(d.time[0]!)} .. ${day(d.time[d.time.length - 1]!)}</p>
<p>All scores are out of sample: each prediction comes from a model that did not train on that row or on any row whose label window overlaps it. On daily index direction an AUC far above 0.5 means a leak, not skill.</p>
<h2>Scores</h2><table><tr><th>id</th><th>model</th><th>AUC</th><th>accuracy</th><th>balanced</th><th>log loss</th><th>Brier</th><th>IC</th><th>base rate</th><th>train rows</th><th>test rows</th><th>train s</th></tr>${summary}</table>
<div class="row"><div class="card"><h2>ROC</h2>${svgPlot({ lines: roc, width: 420, height: 380, xLabel: "false positive rate", yLabel: "true positive rate" })}</div>
<div class="card"><h2>Calibration</h2>${svgPlot({ lines: cal, width: 420, height: 380, xLabel: "mean predicted", yLabel: "observed rate" })}</div></div>
<h2>Feature importance (last fold)</h2><div class="row">${importance}</div>
<h2>Folds</h2><table><tr><th>model</th><th>fold</th><th>train</th><th>test</th><th>train rows</th><th>test rows</th><th>AUC</th><th>accuracy</th><th>train s</th></tr>${folds}</table>
<h2>Out-of-sample equity</h2>${equity}
</body></html>`;
}

export async function writeTrainReport(file: string, input: TrainReportInput): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await Bun.write(file, renderTrainReport(input));
}
