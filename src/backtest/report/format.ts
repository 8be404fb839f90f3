import { toCents, type Money } from "../../core/money.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Safe inside element text and inside quoted attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** What a report shows for a value that does not exist (no trades -> no win rate). */
export const MISSING = "—";

export function pct(value: number | null, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  return `${(value * 100).toFixed(digits).replace(/^-(0\.?0*)$/, "$1")}%`; // no "-0.0%" for a tiny loss
}

export function num(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? MISSING : group(value.toFixed(digits));
}

/** Money to the cent with thousands separators; exact (big.js) in, no float rounding on the way. */
export function usd(value: Money | number | null): string {
  if (value === null) return MISSING;
  if (typeof value === "number") return Number.isFinite(value) ? group(value.toFixed(2)) : MISSING;
  return group(toCents(value).toFixed(2));
}

export function day(time: number | null): string {
  return time === null ? MISSING : new Date(time).toISOString().slice(0, 10);
}

/** Date, plus the time of day for intraday bars. */
export function stamp(time: number | null): string {
  if (time === null) return MISSING;
  const iso = new Date(time).toISOString();
  return iso.slice(11, 19) === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function group(fixed: string): string {
  const [int, frac] = fixed.split(".");
  const sign = int!.startsWith("-") ? "-" : "";
  const digits = int!.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${digits}${frac === undefined ? "" : `.${frac}`}`;
}
