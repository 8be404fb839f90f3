import { OBJECTIVES, type ObjectiveName } from "../walk-forward/objective.ts";
import { figureFromJson, figureToJson, type JsonFigure } from "./json-figure.ts";
import type { WalkForwardWindows, WindowRow } from "./windows.ts";

/**
 * A walk-forward run's windows table as a saved run keeps it (JSON, beside its statistics): one
 * small object per window with what the table shows. Times are epoch ms; a figure JSON cannot
 * hold (an infinite profit factor) is kept as text.
 */
export interface WindowsJson {
  readonly objective: string;
  readonly rows: readonly WindowRowJson[];
}

export interface WindowRowJson {
  readonly index: number;
  readonly train: readonly [number, number];
  readonly test: readonly [number, number];
  readonly heldTo: number | null;
  readonly params: Readonly<Record<string, number>>;
  readonly inSampleScore: JsonFigure;
  readonly testReturn: JsonFigure;
  readonly testSharpe: JsonFigure;
  readonly testMaxDrawdown: JsonFigure;
}

const FIGURES = ["inSampleScore", "testReturn", "testSharpe", "testMaxDrawdown"] as const;

export function windowsToJson({ objective, rows }: WalkForwardWindows): WindowsJson {
  return {
    objective,
    rows: rows.map((r) => ({
      index: r.index, train: [r.trainFrom, r.trainTo], test: [r.testFrom, r.testTo], heldTo: r.heldTo, params: r.params,
      inSampleScore: figureToJson(r.inSampleScore), testReturn: figureToJson(r.testReturn), testSharpe: figureToJson(r.testSharpe), testMaxDrawdown: figureToJson(r.testMaxDrawdown),
    })),
  };
}

export type WindowsRead = { readonly ok: true; readonly windows: WalkForwardWindows } | { readonly ok: false; readonly error: string };

/** A saved windows table back, checked field by field; the error names the window and field. */
export function windowsFromJson(value: unknown): WindowsRead {
  const fail = (error: string): WindowsRead => ({ ok: false, error });
  if (!isObject(value)) return fail("not an object");
  const { objective, rows } = value;
  if (typeof objective !== "string" || !(objective in OBJECTIVES)) return fail(`objective ${JSON.stringify(objective)} is not one of ${Object.keys(OBJECTIVES).join(", ")}`);
  if (!Array.isArray(rows) || rows.length === 0) return fail("rows is not a list of windows");
  const out: WindowRow[] = [];
  for (const [k, row] of rows.entries()) {
    const read = rowFromJson(row);
    if (typeof read === "string") return fail(`window ${k + 1}: ${read}`);
    out.push(read);
  }
  return { ok: true, windows: { objective: objective as ObjectiveName, rows: out } };
}

/** One window's row, or what is wrong with it. */
function rowFromJson(row: unknown): WindowRow | string {
  if (!isObject(row)) return "not an object";
  if (!Number.isSafeInteger(row["index"]) || (row["index"] as number) < 0) return "index is not a window number";
  const span = (name: "train" | "test"): readonly [number, number] | undefined => {
    const s = row[name];
    return Array.isArray(s) && s.length === 2 && s.every(isTime) ? [s[0] as number, s[1] as number] : undefined;
  };
  const train = span("train");
  const test = span("test");
  if (!train) return "train is not [from, to] times";
  if (!test) return "test is not [from, to] times";
  const heldTo = row["heldTo"];
  if (heldTo !== null && !isTime(heldTo)) return "heldTo is neither a time nor null";
  const params = row["params"];
  if (!isObject(params) || !Object.values(params).every((n) => typeof n === "number" && Number.isFinite(n))) return "params is not an object of numbers";
  const figures: (number | null)[] = [];
  for (const name of FIGURES) {
    const f = row[name];
    const n = figureFromJson(f);
    if (n === undefined) return `${name} ${JSON.stringify(f)} is not a number`;
    figures.push(n);
  }
  const [inSampleScore, testReturn, testSharpe, testMaxDrawdown] = figures as [number | null, number | null, number | null, number | null];
  return {
    index: row["index"] as number, trainFrom: train[0], trainTo: train[1], testFrom: test[0], testTo: test[1], heldTo,
    params: params as Readonly<Record<string, number>>,
    inSampleScore, testReturn, testSharpe, testMaxDrawdown,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
