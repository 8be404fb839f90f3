/**
 * A figure of a saved report part (heatmap score, windows-table figure) as JSON holds it: a
 * number, null, or the name of a number JSON cannot hold ("Infinity", "-Infinity", "NaN").
 */
export type JsonFigure = number | string | null;

export function figureToJson(n: number | null): JsonFigure {
  return n === null || Number.isFinite(n) ? n : String(n);
}

/** A saved figure back; undefined when the value is none of the three forms. */
export function figureFromJson(value: unknown): number | null | undefined {
  if (value === null) return null;
  if (typeof value === "number") return value;
  return typeof value === "string" && ["Infinity", "-Infinity", "NaN"].includes(value) ? Number(value) : undefined;
}
