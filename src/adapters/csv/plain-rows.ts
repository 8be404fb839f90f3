import type { BarColumnsBuilder } from "./bar-columns-builder.ts";
import { OPEN, HIGH, LOW, CLOSE, TIME, VOLUME } from "./fast-fields.ts";
import { dateAt, hourOf } from "./iso-time-words.ts";

// The bulk path of the CSV reader: a run of plain rows read straight from the bytes into the
// columns in one loop, everything in locals (no call, object or string per row or field).
// A plain row is the common case only: every field unquoted, numbers `[+-]digits[.digits]` of at
// most 15 digits, the time `YYYY-MM-DD` (daily) or `YYYY-MM-DD[T ]HH:MM:SS[Z]` (intraday; no
// `Z` only in a UTC zone), a sound bar, LF or CRLF. The loop stops at the first row that is not
// plain and leaves it to fastRow / the string path (bars-csv-scan.ts), which read it as always,
// so this path only ever takes rows the others would take with the same values.

/**
 * DIGIT_XOR: a byte xor '0' (48) is below 10 exactly when the byte is a digit, and is then the
 * digit's value: one comparison a byte where `byte - 48` needed two (`>= 0` and `<= 9`); xor is a
 * bijection, so no other byte passes. Past the end of the bytes `undefined ^ 48` is 48: no digit,
 * as `undefined - 48` (NaN) was not. '.' xor '0' is DOT_XOR.
 */
const DOT_XOR = 46 ^ 48;

// BAR_CHECK: every price > 0, volume >= 0, low <= open, close <= high. A number read here is never
// NaN (at most 15 digits over a power of ten), so low > 0 with high, open and close >= low is every
// price > 0: four comparisons fewer a row than checking each price.

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** State of the bulk path across chunks: the column roles and the last date seen (bars share days). */
export class PlainRows {
  readonly #roles: Int8Array;
  readonly #last: number;
  readonly #daily: boolean;
  /** robotrader's export layout (time,open,high,low,close,volume), intraday: a smaller loop of its own. */
  readonly #export: boolean;
  /** Times without `Z` are UTC wall times only in a UTC zone. */
  readonly #utc: boolean;
  /** The row being read, by role (every role is one column, so each row sets them all). */
  readonly #vals = new Float64Array(VOLUME + 1);
  // The last date's bytes (`YYYY`, `-MM-`, `DD` as little-endian words) and its 00:00 UTC.
  #day0 = -1;
  #day1 = -1;
  #day2 = -1;
  #dayMs = 0;
  // The last `THH:` of an intraday time (a word) and its hour in ms.
  #hour0 = -1;
  #hourMs = 0;

  constructor(roles: Int8Array, daily: boolean, zone: string) {
    this.#roles = roles;
    this.#last = roles.length - 1;
    this.#daily = daily;
    this.#utc = zone === "UTC" || zone === "Etc/UTC" || zone === "GMT";
    this.#export = !daily && roles.length === 6 && roles.every((role, col) => role === TIME + col);
  }

  /** The loops' code (a JIT tier can be chosen for it: csv-stream-worker.ts). */
  static loops(): readonly ((...args: never[]) => unknown)[] {
    const rows = new PlainRows(new Int8Array(0), true, "UTC");
    return [rows.#scanAny, rows.#scanExport];
  }

  /** False when no row can be plain (separate date and time columns). */
  get usable(): boolean {
    return this.#roles[0] !== -1;
  }

  /**
   * Appends the plain rows of b[pos, end) to the columns; returns where it stopped: the first row
   * that is not plain, an incomplete last row, or a full builder. Each row taken is one line (no
   * quotes), so the rows taken are `columns.length` after minus before, on consecutive lines
   * (the caller marks where they start: columns.lines).
   */
  scan(b: Uint8Array, pos: number, end: number, columns: BarColumnsBuilder): number {
    return this.#export ? this.#scanExport(b, pos, end, columns) : this.#scanAny(b, pos, end, columns);
  }

  /** Any layout: each column by its role. */
  #scanAny(b: Uint8Array, pos: number, end: number, columns: BarColumnsBuilder): number {
    // Only whole lines: every row read below ends in a newline before `limit`.
    let limit = end;
    while (limit > pos && b[limit - 1] !== 10) limit--;
    const roles = this.#roles;
    const last = this.#last;
    const daily = this.#daily;
    const utc = this.#utc;
    const cap = columns.time.length;
    const T = columns.time, O = columns.open, H = columns.high, L = columns.low, C = columns.close, V = columns.volume;
    let day0 = this.#day0, day1 = this.#day1, day2 = this.#day2;
    let dayMs = this.#dayMs;
    let hour0 = this.#hour0, hourMs = this.#hourMs;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    // Bytes a time field needs before the end of the data (with its delimiter).
    const need = daily ? 11 : 20;
    let n = columns.length;
    let lastTime = n > 0 ? T[n - 1]! : -Infinity;
    let rising = columns.rising;
    let i = pos;
    const vals = this.#vals;
    rows: while (i < limit && n < cap) {
      for (let col = 0; col <= last; col++) {
        const role = roles[col]!;
        let c: number;
        if (role === TIME) {
          if (i + need > limit) break rows;
          // The date as three words: the same bytes as the last row's are the same (checked) day.
          const w0 = view.getUint32(i, true), w1 = view.getUint32(i + 4, true), w2 = view.getUint16(i + 8, true);
          if (w0 !== day0 || w1 !== day1 || w2 !== day2) {
            dayMs = dateAt(b, i);
            day0 = -1;
            if (dayMs < 0) break rows;
            (day0 = w0), (day1 = w1), (day2 = w2);
          }
          if (daily) {
            vals[TIME] = dayMs;
            i += 10;
          } else {
            // `THH:` as a word: the same as the last row's is the same (checked) hour.
            const hw = view.getUint32(i + 10, true);
            if (hw !== hour0) {
              hourMs = hourOf(hw);
              hour0 = -1;
              if (hourMs < 0) break rows;
              hour0 = hw;
            }
            // `MM:S` as a word, then the last digit.
            const mw = view.getUint32(i + 14, true);
            const n0 = (mw & 255) - 48, n1 = ((mw >> 8) & 255) - 48, s0 = (mw >>> 24) - 48, s1 = b[i + 18]! - 48;
            if ((n0 | (9 - n0) | n1 | (9 - n1) | s0 | (9 - s0) | s1 | (9 - s1)) < 0 || ((mw >> 16) & 255) !== 58) break rows;
            const mi = n0 * 10 + n1, sec = s0 * 10 + s1;
            if (mi > 59 || sec > 59) break rows;
            vals[TIME] = dayMs + hourMs + mi * 60_000 + sec * 1000;
            if (b[i + 19] === 90) i += 20; // Z
            else if (utc) i += 19;
            else break rows;
          }
          c = b[i]!;
        } else if (role !== 0) {
          c = b[i]!;
          let negative = false;
          if (c < 48) {
            // Below '0': a sign?
            if (c === 45) (negative = true), (c = b[++i]!);
            else if (c === 43) c = b[++i]!;
          }
          let m = 0;
          const first = i;
          c ^= 48; // a digit's value (DIGIT_XOR)
          while (c < 10) {
            m = m * 10 + c;
            c = b[++i]! ^ 48;
          }
          let digits = i - first;
          let frac = 0;
          if (c === DOT_XOR) {
            const dot = ++i;
            c = b[i]! ^ 48;
            while (c < 10) {
              m = m * 10 + c;
              c = b[++i]! ^ 48;
            }
            frac = i - dot;
            digits += frac;
          }
          if (digits === 0 || digits > 15) break rows;
          const v = m / POW10[frac]!;
          vals[role] = negative ? -v : v;
          c ^= 48; // the byte again (past the end: 0, no delimiter, as undefined was)
        } else {
          // An ignored column: any unquoted text.
          c = b[i]!;
          while (c !== 44 && c !== 10) {
            if (c === 34) break rows;
            c = b[++i]!;
          }
        }
        if (col < last) {
          if (c !== 44) break rows;
          i++;
        } else if (c === 10) i++;
        else if (c === 13 && b[i + 1] === 10) i += 2;
        else break rows;
      }
      const time = vals[TIME]!, open = vals[OPEN]!, high = vals[HIGH]!, low = vals[LOW]!, close = vals[CLOSE]!, volume = vals[VOLUME]!;
      // A sound bar (BAR_CHECK).
      if (!(low > 0 && volume >= 0 && high >= low && open >= low && open <= high && close >= low && close <= high)) break;
      if (!(time > lastTime)) rising = false;
      lastTime = time;
      T[n] = time;
      O[n] = open;
      H[n] = high;
      L[n] = low;
      C[n] = close;
      V[n] = volume;
      n++;
      pos = i;
    }
    (this.#day0 = day0), (this.#day1 = day1), (this.#day2 = day2);
    (this.#hour0 = hour0), (this.#hourMs = hourMs);
    this.#dayMs = dayMs;
    columns.length = n;
    columns.rising = rising;
    return pos;
  }
  /** The export layout, intraday: the same checks as #scanAny in a smaller loop (the JIT optimises it sooner). */
  #scanExport(b: Uint8Array, pos: number, end: number, columns: BarColumnsBuilder): number {
    let limit = end;
    while (limit > pos && b[limit - 1] !== 10) limit--;
    const utc = this.#utc;
    const cap = columns.time.length;
    const T = columns.time, O = columns.open, H = columns.high, L = columns.low, C = columns.close, V = columns.volume;
    let day0 = this.#day0, day1 = this.#day1, day2 = this.#day2;
    let dayMs = this.#dayMs;
    let hour0 = this.#hour0, hourMs = this.#hourMs;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let n = columns.length;
    let lastTime = n > 0 ? T[n - 1]! : -Infinity;
    let rising = columns.rising;
    let i = pos;
    const vals = this.#vals;
    rows: while (i < limit && n < cap) {
      if (i + 20 > limit) break;
      const w0 = view.getUint32(i, true), w1 = view.getUint32(i + 4, true), w2 = view.getUint16(i + 8, true);
      if (w0 !== day0 || w1 !== day1 || w2 !== day2) {
        dayMs = dateAt(b, i);
        day0 = -1;
        if (dayMs < 0) break;
        (day0 = w0), (day1 = w1), (day2 = w2);
      }
      const hw = view.getUint32(i + 10, true);
      if (hw !== hour0) {
        hourMs = hourOf(hw);
        hour0 = -1;
        if (hourMs < 0) break;
        hour0 = hw;
      }
      const mw = view.getUint32(i + 14, true);
      const n0 = (mw & 255) - 48, n1 = ((mw >> 8) & 255) - 48, s0 = (mw >>> 24) - 48, s1 = b[i + 18]! - 48;
      if ((n0 | (9 - n0) | n1 | (9 - n1) | s0 | (9 - s0) | s1 | (9 - s1)) < 0 || ((mw >> 16) & 255) !== 58) break;
      const mi = n0 * 10 + n1, sec = s0 * 10 + s1;
      if (mi > 59 || sec > 59) break;
      const time = dayMs + hourMs + mi * 60_000 + sec * 1000;
      if (b[i + 19] === 90) i += 20; // Z
      else if (utc) i += 19;
      else break;
      for (let k = OPEN; k <= VOLUME; k++) {
        if (b[i] !== 44) break rows;
        let c = b[++i]!;
        let negative = false;
        if (c < 48) {
          // Below '0': a sign?
          if (c === 45) (negative = true), (c = b[++i]!);
          else if (c === 43) c = b[++i]!;
        }
        let m = 0;
        const first = i;
        c ^= 48; // a digit's value (DIGIT_XOR)
        while (c < 10) {
          m = m * 10 + c;
          c = b[++i]! ^ 48;
        }
        let digits = i - first;
        let frac = 0;
        if (c === DOT_XOR) {
          const dot = ++i;
          c = b[i]! ^ 48;
          while (c < 10) {
            m = m * 10 + c;
            c = b[++i]! ^ 48;
          }
          frac = i - dot;
          digits += frac;
        }
        if (digits === 0 || digits > 15) break rows;
        const v = m / POW10[frac]!;
        vals[k] = negative ? -v : v;
      }
      const c = b[i];
      if (c === 10) i++;
      else if (c === 13 && b[i + 1] === 10) i += 2;
      else break;
      const open = vals[OPEN]!, high = vals[HIGH]!, low = vals[LOW]!, close = vals[CLOSE]!, volume = vals[VOLUME]!;
      // A sound bar (BAR_CHECK).
      if (!(low > 0 && volume >= 0 && high >= low && open >= low && open <= high && close >= low && close <= high)) break;
      if (!(time > lastTime)) rising = false;
      lastTime = time;
      T[n] = time;
      O[n] = open;
      H[n] = high;
      L[n] = low;
      C[n] = close;
      V[n] = volume;
      n++;
      pos = i;
    }
    (this.#day0 = day0), (this.#day1 = day1), (this.#day2 = day2);
    (this.#hour0 = hour0), (this.#hourMs = hourMs);
    this.#dayMs = dayMs;
    columns.length = n;
    columns.rising = rising;
    return pos;
  }
}
