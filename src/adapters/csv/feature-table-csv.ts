import { readCsv } from "./csv-records.ts";
import { parseBarTime, TIME_FORMS } from "./parse-time.ts";

/** A bare date (daily rows, 00:00 UTC); anything else must carry a time of day. */
const DATE_ONLY = /^(\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{8})$/;

/** A CSV of features: a `time` column, numeric columns, one of them the label. */
export interface FeatureTableCsv {
  readonly names: readonly string[];
  readonly time: Float64Array;
  /** Row-major values of `names`. */
  readonly values: Float64Array;
  readonly label: Float64Array;
  /** True when the label column holds returns (any value other than 0 and 1). */
  readonly labelIsReturn: boolean;
}

export type FeatureTableResult = { readonly ok: true; readonly table: FeatureTableCsv } | { readonly ok: false; readonly error: string };

/**
 * Parses a feature CSV. Every problem names the file, line and column: a missing `time` or
 * label column, a bad time, a value that is not a number, times not strictly increasing.
 */
export function parseFeatureTableCsv(text: string, file: string, labelColumn: string): FeatureTableResult {
  const { records, errors } = readCsv(text);
  if (errors.length > 0) return { ok: false, error: `${file} line ${errors[0]!.line}: ${errors[0]!.message}` };
  const header = records[0]?.fields.map((h) => h.trim());
  if (!header) return { ok: false, error: `${file}: empty file; expected a header with 'time' and numeric columns` };
  const ti = header.findIndex((h) => h.toLowerCase() === "time" || h.toLowerCase() === "date");
  if (ti < 0) return { ok: false, error: `${file} line 1: no 'time' column (header: ${header.join(",")})` };
  const li = header.indexOf(labelColumn);
  if (li < 0) return { ok: false, error: `${file} line 1: no label column '${labelColumn}' (header: ${header.join(",")})` };
  const featureIdx = header.map((_, i) => i).filter((i) => i !== ti && i !== li);
  if (featureIdx.length === 0) return { ok: false, error: `${file} line 1: no feature columns besides '${header[ti]}' and '${labelColumn}'` };
  const n = records.length - 1;
  const time = new Float64Array(n), values = new Float64Array(n * featureIdx.length), label = new Float64Array(n);
  let labelIsReturn = false;
  for (let r = 0; r < n; r++) {
    const rec = records[r + 1]!;
    if (rec.fields.length !== header.length) return { ok: false, error: `${file} line ${rec.line}: ${rec.fields.length} fields, the header has ${header.length}` };
    const raw = rec.fields[ti]!.trim();
    const t = parseBarTime(raw, { daily: DATE_ONLY.test(raw), timeZone: "UTC" });
    if (!t.ok) return { ok: false, error: `${file} line ${rec.line}, column '${header[ti]}': ${t.message} (expected ${TIME_FORMS})` };
    if (r > 0 && t.time <= time[r - 1]!) return { ok: false, error: `${file} line ${rec.line}: time ${rec.fields[ti]} is not after the previous row's; rows must be in increasing time order` };
    time[r] = t.time;
    const num = (i: number): number | string => {
      const s = rec.fields[i]!.trim();
      const v = s === "" ? NaN : Number(s);
      return Number.isFinite(v) ? v : `${file} line ${rec.line}, column '${header[i]}': expected a number, got '${s}'`;
    };
    for (let k = 0; k < featureIdx.length; k++) {
      const v = num(featureIdx[k]!);
      if (typeof v === "string") return { ok: false, error: v };
      values[r * featureIdx.length + k] = v;
    }
    const y = num(li);
    if (typeof y === "string") return { ok: false, error: y };
    label[r] = y;
    if (y !== 0 && y !== 1) labelIsReturn = true;
  }
  if (n < 2) return { ok: false, error: `${file}: ${n} data rows; need more to train and test` };
  return { ok: true, table: { names: featureIdx.map((i) => header[i]!), time, values, label, labelIsReturn } };
}
