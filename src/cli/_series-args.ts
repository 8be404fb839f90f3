import { formatBarTime, LAST_YEAR, parseBarTime, timeZoneFormat, TIME_FORMS } from "../adapters/csv/index.ts";
import { BAR_SIZES, isBarSize, type BarSize } from "../core/bar.ts";
import { UserError } from "../core/errors.ts";

const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;
const DATE_ONLY = /^\d{4}-?\d{2}-?\d{2}$/;
const DAY_MS = 86_400_000;

/** --symbol: a ticker, upper-cased ("aapl" -> "AAPL"). */
export function symbolArg(value: string | undefined, flag = "--symbol"): string {
  const symbol = (value ?? "").trim().toUpperCase();
  if (!TICKER.test(symbol)) throw new UserError(`${flag} must be a ticker like AAPL or BRK.B, got '${value ?? ""}'`);
  return symbol;
}

export function barSizeArg(value: string | undefined, flag = "--bar-size"): BarSize {
  const size = value ?? "1d";
  if (!isBarSize(size)) throw new UserError(`${flag} must be one of ${BAR_SIZES.join(", ")}, got '${size}'`);
  return size;
}

export function timeZoneArg(value: string | undefined, flag = "--tz"): string {
  const zone = value ?? "UTC";
  if (!timeZoneFormat(zone)) throw new UserError(`${flag} must be an IANA time zone like America/New_York or UTC, got '${zone}'`);
  return zone;
}

/**
 * --from/--to as an inclusive epoch-ms range (UTC). A bare date covers the whole day, so
 * `--to 2020-01-31` includes that day's intraday bars.
 */
/** A date or time flag; a date alone as an `end` means the end of that day. Errors name the flag. */
export function dateArg(flag: string, value: string, end: boolean): number {
  const dateOnly = DATE_ONLY.test(value.trim());
  const parsed = parseBarTime(value, { daily: dateOnly, timeZone: "UTC" });
  if (!parsed.ok) {
    // A real date past LAST_YEAR is refused as such, not as "not a date".
    const late = parsed.message.includes(`in or before ${LAST_YEAR}`);
    throw new UserError(late ? `${flag} ${parsed.message}` : `${flag} must be a date or time like ${TIME_FORMS}, got '${value}'`);
  }
  return dateOnly && end ? parsed.time + DAY_MS - 1 : parsed.time;
}

export function rangeArgs(from: string | undefined, to: string | undefined): { from?: number; to?: number } {
  const range: { from?: number; to?: number } = {};
  if (from !== undefined) range.from = dateArg("--from", from, false);
  if (to !== undefined) range.to = dateArg("--to", to, true);
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new UserError(`--from (${formatBarTime(range.from, false)}) must not be after --to (${formatBarTime(range.to, false)})`);
  }
  return range;
}

/** "a, b" -> ["a", "b"]; none is an error naming the flag. */
export function flagList(value: string, flag: string): string[] {
  const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new UserError(`${flag} needs at least one value`);
  return items;
}
