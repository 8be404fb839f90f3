export type BarColumn = "time" | "date" | "open" | "high" | "low" | "close" | "volume";

/** Where each needed column sits; `date` is set only when date and time are separate columns. */
export type ColumnMap = { readonly [K in BarColumn]?: number };

export type HeaderResult = { readonly ok: true; readonly columns: ColumnMap } | { readonly ok: false; readonly message: string };

// Header names, lower-cased with spaces, underscores and dashes removed.
const NAMES: Record<string, BarColumn | "ignored"> = {
  date: "date", day: "date", tradingday: "date",
  time: "time", datetime: "time", timestamp: "time", datetimeutc: "time", "date/time": "time",
  open: "open", high: "high", low: "low", close: "close", last: "close",
  volume: "volume", vol: "volume",
  adjclose: "ignored", adjustedclose: "ignored",
};

const REQUIRED = ["open", "high", "low", "close", "volume"] as const;

/**
 * Finds the bar columns in a header: Yahoo (`Date,Open,High,Low,Close,Adj Close,Volume`),
 * lower-case (`date,open,...,adjclose,volume`), IB (`date,open,high,low,close,volume,...`),
 * our export (`time,open,...`), or separate `Date,Time` columns. Other columns are ignored.
 */
export function barColumns(header: readonly string[]): HeaderResult {
  const found: Partial<Record<BarColumn, number>> = {};
  const duplicates: string[] = [];
  header.forEach((raw, i) => {
    const name = NAMES[raw.trim().toLowerCase().replace(/[\s_-]+/g, "")];
    if (!name || name === "ignored") return;
    if (found[name] !== undefined) duplicates.push(raw.trim());
    else found[name] = i;
  });
  const got = `got: ${header.join(",")}`;
  const separator = header.length === 1 ? [";", "\t", "|"].find((c) => header[0]!.includes(c)) : undefined;
  if (separator !== undefined) {
    const named = separator === "\t" ? "tabs" : `'${separator}'`;
    return {
      ok: false,
      message:
        `the columns are separated by ${named}, not commas` + (separator === ";" ? " (a European-style CSV?)" : "") +
        `; robotrader reads comma-separated files with '.' as the decimal point: export or save the file as comma-separated CSV (${got})`,
    };
  }
  if (header.length > 0 && /^\s*\d/.test(header[0] ?? "")) {
    return { ok: false, message: `expected a header line naming the columns (like Date,Open,High,Low,Close,Volume), ${got}` };
  }
  if (duplicates.length > 0) return { ok: false, message: `the header names ${duplicates.map((d) => `'${d}'`).join(", ")} twice (${got})` };
  // Only one of date/time: that column carries the whole timestamp.
  if (found.time === undefined && found.date !== undefined) (found.time = found.date), delete found.date;
  const missing = [...(found.time === undefined ? ["date"] : []), ...REQUIRED.filter((c) => found[c] === undefined)];
  if (missing.length > 0) {
    return {
      ok: false,
      message: `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")}; the header must name date, open, high, low, close and volume (${got})`,
    };
  }
  return { ok: true, columns: found };
}
