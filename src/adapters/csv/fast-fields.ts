import { wallTimeToUtc } from "./zoned-time.ts";

// Byte-level fast paths of the CSV reader. Each returns NaN when the cell is not in its plain
// form; the caller then reads the row the slow way (strings, parseBarTime, the number regex),
// which gives the same value or the same message. So a fast path never decides anything the
// slow path would decide differently: it only skips the string work for ordinary cells.

export const NEED_MORE = -2;
export const SLOW = -1;
/** Column roles in the fast path (0: ignored). */
export const TIME = 1, OPEN = 2, HIGH = 3, LOW = 4, CLOSE = 5, VOLUME = 6;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * `[+-]digits[.digits]` with at most 15 digits: mantissa / 10^k, which is the correctly rounded
 * value (both operands exact, one IEEE division), i.e. exactly Number(text). NaN otherwise.
 */
export function fastNumber(b: Uint8Array, start: number, end: number): number {
  const v = scanNumber(b, start, end);
  return fieldEnd === end ? v : NaN;
}

/** Where the last scanNumber stopped (a byte it does not take, or `end`). */
let fieldEnd = 0;

/**
 * Reads a plain decimal from `start` up to the first byte that cannot continue one (setting
 * fieldEnd there): the value, or NaN when it is not a plain decimal of at most 15 digits.
 */
export function scanNumber(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = b[i]!;
  if (c === 45 || c === 43) (negative = c === 45), i++;
  let m = 0;
  let digits = 0;
  for (; i < end; i++) {
    c = b[i]! - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
    digits++;
  }
  let frac = 0;
  if (i < end && b[i] === 46) {
    for (i++; i < end; i++) {
      c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
      frac++;
    }
  }
  fieldEnd = i;
  if (digits + frac === 0 || digits + frac > 15) return NaN;
  const v = frac > 0 ? m / POW10[frac]! : m;
  return negative ? -v : v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(b: Uint8Array, i: number): number {
  const c = b[i]! - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

function two(b: Uint8Array, i: number): number {
  return digit(b, i) * 10 + digit(b, i + 1);
}

// The fast path takes years 1971..2099 only: anything else (and every refusal) goes the slow way.
const FIRST_YEAR = 1971;
const LAST_YEAR = 2099;
const EPOCH_MS_MIN = 31_536_000_000; // 1971-01-01
const EPOCH_MS_MAX = 4_102_444_800_000; // 2100-01-01

/**
 * `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS][Z]` or 10/13-digit epoch (intraday) -> epoch ms, as
 * parseBarTime gives it; NaN for any other form or any value parseBarTime would refuse.
 */
export function fastTime(b: Uint8Array, start: number, end: number, daily: boolean, zone: string): number {
  const len = end - start;
  if ((len === 10 || len === 13) && !daily && b[start + 4] !== 45) {
    let ms = 0;
    for (let i = start; i < end; i++) {
      const d = digit(b, i);
      if (d !== d) return NaN;
      ms = ms * 10 + d;
    }
    if (len === 10) ms *= 1000;
    return ms >= EPOCH_MS_MIN && ms < EPOCH_MS_MAX ? ms : NaN;
  }
  if (len < 10 || b[start + 4] !== 45 || b[start + 7] !== 45) return NaN;
  const y = digit(b, start) * 1000 + digit(b, start + 1) * 100 + two(b, start + 2);
  const mo = two(b, start + 5);
  const d = two(b, start + 8);
  if (!(y >= FIRST_YEAR && y <= LAST_YEAR && mo >= 1 && mo <= 12 && d >= 1)) return NaN;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[mo]! + (leap ? 1 : 0)) return NaN;
  const day = daysFromCivil(y, mo, d) * 86_400_000;
  if (len === 10) return daily ? day : NaN;
  const sep = b[start + 10];
  if ((sep !== 84 && sep !== 32) || b[start + 13] !== 58) return NaN;
  let z = len;
  if (b[end - 1] === 90) z--; // Z
  if (z !== 16 && z !== 19) return NaN;
  const h = two(b, start + 11);
  const mi = two(b, start + 14);
  let s = 0;
  if (z === 19) {
    if (b[start + 16] !== 58) return NaN;
    s = two(b, start + 17);
  }
  if (!(h <= 23 && mi <= 59 && s <= 59)) return NaN; // NaN fails too
  if (daily) return day;
  const wall = day + h * 3_600_000 + mi * 60_000 + s * 1000;
  if (z !== len) return wall;
  const utc = wallTimeToUtc(wall, zone);
  return utc === undefined ? NaN : utc;
}

/**
 * Reads one row straight from the bytes into `out` (time, open, high, low, close, volume):
 * its end after the newline, SLOW for anything but plain sound values, NEED_MORE without a
 * newline before `end`. Numbers are parsed as the bytes are scanned (one pass).
 */
export function fastRow(b: Uint8Array, pos: number, end: number, eof: boolean, roles: Int8Array, daily: boolean, zone: string, out: Float64Array): number {
  const last = roles.length - 1;
  let time = NaN, open = NaN, high = NaN, low = NaN, close = NaN, volume = NaN;
  let i = pos;
  for (let col = 0; ; col++) {
    const role = roles[col]!;
    const start = i;
    if (role >= OPEN) {
      const v = scanNumber(b, i, end);
      i = fieldEnd;
      if (role === OPEN) open = v;
      else if (role === HIGH) high = v;
      else if (role === LOW) low = v;
      else if (role === CLOSE) close = v;
      else volume = v;
    }
    let c = 0;
    while (i < end) {
      c = b[i]!;
      if (c === 44 || c === 10) break;
      if (c === 34) return SLOW;
      i++;
    }
    if (i === end) {
      if (!eof) return NEED_MORE;
      c = 10;
    }
    const stop = c === 10 && i > start && b[i - 1] === 13 ? i - 1 : i;
    if (role === TIME) time = fastTime(b, start, stop, daily, zone);
    else if (role >= OPEN && fieldEnd !== stop) return SLOW; // trailing bytes after the number
    if (c === 10) {
      if (col !== last) return SLOW;
      break;
    }
    if (col === last) return SLOW;
    i++;
  }
  // NaN fails every comparison below: such a row goes the slow way, which names the problem.
  if (!(time === time && open > 0 && high > 0 && low > 0 && close > 0 && volume >= 0)) return SLOW;
  if (!(high >= low && open >= low && open <= high && close >= low && close <= high)) return SLOW;
  out[0] = time;
  out[1] = open;
  out[2] = high;
  out[3] = low;
  out[4] = close;
  out[5] = volume;
  return i + 1;
}

