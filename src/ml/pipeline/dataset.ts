import type { BarArrays } from "../../core/bar.ts";
import { computeFeatures } from "../features/batch.ts";
import type { FeatureSpec } from "../features/spec.ts";
import { computeLabels, uniquenessWeights, type LabelSpec } from "../labels/labels.ts";
import { matrix, type Matrix } from "../models/matrix.ts";
import type { RowSpans } from "../validation/splits.ts";

/** Labelled feature rows of one or more symbols, in time order, ready to split and train. */
export interface Dataset {
  readonly names: readonly string[];
  readonly x: Matrix;
  readonly y: Float64Array;
  /** Forward log return each label stands for (NaN when unknown, e.g. CSV 0/1 labels). */
  readonly forwardReturn: Float64Array;
  readonly time: Float64Array;
  readonly symbol: readonly string[];
  readonly spans: RowSpans;
  /** Uniqueness weights when asked for. */
  readonly w?: Float64Array;
}

export interface SymbolSeries {
  readonly symbol: string;
  readonly bars: BarArrays;
}

interface Row {
  readonly symbol: string;
  readonly time: number;
  readonly endTime: number;
  readonly values: Float64Array;
  readonly y: number;
  readonly fr: number;
}

/** Features and labels per symbol; rows without complete features or a known label are dropped. */
export function barDataset(series: readonly SymbolSeries[], spec: FeatureSpec, label: LabelSpec, opts: { market?: BarArrays; weights?: boolean } = {}): Dataset {
  const rows: Row[] = [];
  let names: readonly string[] = [];
  for (const s of series) {
    const table = computeFeatures(s.bars, spec, opts.market);
    names = table.names;
    const labels = computeLabels(s.bars, label);
    const n = s.bars.time.length;
    for (let r = 0; r < table.x.rows; r++) {
      const b = table.barIndex[r]!;
      const y = labels.y[b]!;
      if (y !== y) continue;
      const endBar = Math.min(labels.end[b]!, n - 1);
      rows.push({ symbol: s.symbol, time: s.bars.time[b]!, endTime: s.bars.time[endBar]!, values: table.x.data.slice(r * table.x.cols, (r + 1) * table.x.cols), y, fr: labels.forwardReturn[b]! });
    }
  }
  return assemble(names, rows, opts.weights ?? false);
}

/** Rows from a CSV: time, numeric features, a label column (0/1, or a return whose sign is the label). */
export function tableDataset(names: readonly string[], time: Float64Array, x: Matrix, label: Float64Array, labelIsReturn: boolean): Dataset {
  const rows: Row[] = [];
  for (let i = 0; i < x.rows; i++) {
    const v = label[i]!;
    rows.push({ symbol: "", time: time[i]!, endTime: time[Math.min(i + 1, x.rows - 1)]!, values: x.data.slice(i * x.cols, (i + 1) * x.cols), y: labelIsReturn ? (v > 0 ? 1 : 0) : v, fr: labelIsReturn ? v : NaN });
  }
  return assemble(names, rows, false);
}

function assemble(names: readonly string[], rows: Row[], weights: boolean): Dataset {
  rows.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const times = [...new Set(rows.flatMap((r) => [r.time, r.endTime]))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const cols = names.length;
  const x = matrix(rows.length, cols);
  rows.forEach((r, i) => x.data.set(r.values, i * cols));
  const at = Int32Array.from(rows, (r) => index.get(r.time)!);
  // A label always ends after its bar, even when the data ended first (CSV's last row).
  const end = Int32Array.from(rows, (r, i) => Math.max(index.get(r.endTime)!, at[i]! + 1));
  return {
    names,
    x,
    y: Float64Array.from(rows, (r) => r.y),
    forwardReturn: Float64Array.from(rows, (r) => r.fr),
    time: Float64Array.from(rows, (r) => r.time),
    symbol: rows.map((r) => r.symbol),
    spans: { at, end, timeline: Float64Array.from(times) },
    ...(weights ? { w: weightsPerSymbol(rows, at, end) } : {}),
  };
}

/** Uniqueness weights within each symbol: labels of one symbol overlap each other, not another's. */
function weightsPerSymbol(rows: readonly Row[], at: Int32Array, end: Int32Array): Float64Array {
  const w = new Float64Array(rows.length);
  const bySymbol = new Map<string, number[]>();
  rows.forEach((r, i) => (bySymbol.get(r.symbol) ?? bySymbol.set(r.symbol, []).get(r.symbol)!).push(i));
  for (const idx of bySymbol.values()) {
    const u = uniquenessWeights(idx.map((i) => at[i]!), idx.map((i) => end[i]!));
    idx.forEach((i, k) => (w[i] = u[k]!));
  }
  return w;
}
