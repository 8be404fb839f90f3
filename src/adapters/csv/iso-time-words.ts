// The date and hour of a fixed-width ISO time (`YYYY-MM-DD[T ]HH:MM:SS`) straight from bytes, for
// the CSV reader's bulk path (plain-rows.ts): no Date, no string. Each refuses (-1) exactly what
// fastTime (fast-fields.ts) refuses, so a refused time is read the usual way and named there.

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Years fastTime takes (fast-fields.ts): the same range, so nothing outside it is decided here.
const FIRST_YEAR = 1971;
const LAST_YEAR = 2099;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil), years >= 1. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy / 400) | 0;
  const yoe = yy - era * 400;
  const doy = (((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

/** 00:00 UTC of a date as epoch ms, or -1 when fastTime would not take it (not a real date, out of its years). */
function dayStart(y: number, mo: number, d: number): number {
  if (y < FIRST_YEAR || y > LAST_YEAR || mo < 1 || mo > 12 || d < 1) return -1;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[mo]! + (leap ? 1 : 0)) return -1;
  return daysFromCivil(y, mo, d) * 86_400_000;
}

// A digit d has d | (9 - d) >= 0; any other byte minus 48 makes it negative.

/** `YYYY-MM-DD` at b[i] -> 00:00 UTC in epoch ms, or -1 (then fastTime / parseBarTime read it). */
export function dateAt(b: Uint8Array, i: number): number {
  const y0 = b[i]! - 48, y1 = b[i + 1]! - 48, y2 = b[i + 2]! - 48, y3 = b[i + 3]! - 48;
  const m0 = b[i + 5]! - 48, m1 = b[i + 6]! - 48, d0 = b[i + 8]! - 48, d1 = b[i + 9]! - 48;
  const digits = y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | m0 | (9 - m0) | m1 | (9 - m1) | d0 | (9 - d0) | d1 | (9 - d1);
  if (digits < 0 || b[i + 4] !== 45 || b[i + 7] !== 45) return -1;
  return dayStart(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
}

/** `THH:` (or a space for T) as a little-endian word -> the hour in ms, or -1. */
export function hourOf(word: number): number {
  const sep = word & 255, h0 = ((word >> 8) & 255) - 48, h1 = ((word >> 16) & 255) - 48;
  if ((h0 | (9 - h0) | h1 | (9 - h1)) < 0 || word >>> 24 !== 58 || (sep !== 84 && sep !== 32)) return -1;
  const h = h0 * 10 + h1;
  return h > 23 ? -1 : h * 3_600_000;
}
