import { dateInZone, timeZoneFormat, wallTimeToUtc } from "./zoned-time.ts";

export type ParsedTime = { readonly ok: true; readonly time: number } | { readonly ok: false; readonly message: string };

export interface TimeOptions {
  /** Daily bars take 00:00 UTC of the date as written (core/bar.ts); intraday bars need a time. */
  readonly daily: boolean;
  /** Zone for date-times written without an offset or zone name. */
  readonly timeZone: string;
}

export const TIME_FORMS = "2020-01-02, 2020-01-02T14:30:00Z, 20200102, or 20200102 09:30:00 US/Eastern";

const ZONE = String.raw`(?:\s+([A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*))?`;
// 2020-01-02, 2020/01/02, 2020-01-02 09:30, 2020-01-02T09:30:00.123-05:00, ... [zone name]
const ISO = new RegExp(
  String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?` + ZONE + "$",
);
// IB: 20200102, 20200102 09:30:00, 20200102  09:30:00 US/Eastern, 20200102-14:30:00 (UTC)
const COMPACT = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})(?:(\s{1,2}|-)(\d{2}):(\d{2}):(\d{2}))?` + ZONE + "$");
const EPOCH = /^(\d{10}|\d{13})$/;

interface Parts {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  /** [hour, minute, second, ms] when a time of day is written. */
  readonly clock: readonly [number, number, number, number] | undefined;
  readonly offset: string | undefined;
  readonly zone: string | undefined;
}

function parts(text: string): Parts | undefined {
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, offset, zone] = iso;
    const ms = frac ? Number(frac.padEnd(3, "0").slice(0, 3)) : 0;
    return {
      y: Number(y), mo: Number(mo), d: Number(d),
      clock: h === undefined ? undefined : [Number(h), Number(mi), Number(s ?? 0), ms],
      offset, zone,
    };
  }
  const ib = COMPACT.exec(text);
  if (ib) {
    const [, y, mo, d, sep, h, mi, s, zone] = ib;
    return {
      y: Number(y), mo: Number(mo), d: Number(d),
      clock: h === undefined ? undefined : [Number(h), Number(mi), Number(s), 0],
      offset: sep === "-" ? "Z" : undefined, zone,
    };
  }
  return undefined;
}

const fail = (text: string, expected: string): ParsedTime => ({ ok: false, message: `must be ${expected}, got '${text}'` });

function offsetMs(offset: string): number {
  if (offset === "Z") return 0;
  const digits = offset.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return (offset.startsWith("-") ? -1 : 1) * minutes * 60_000;
}

/** Bars after 2100 are a typo or a unit mistake (epoch microseconds), never market data. */
export const LAST_YEAR = 2100;
const AFTER_LAST = Date.UTC(LAST_YEAR + 1, 0, 1);

/** Parses one CSV time cell to UTC epoch ms; the message completes "'date' ...". */
export function parseBarTime(raw: string, options: TimeOptions): ParsedTime {
  const parsed = parseAnyTime(raw, options);
  return parsed.ok && parsed.time >= AFTER_LAST ? fail(raw.trim(), `a date in or before ${LAST_YEAR}`) : parsed;
}

function parseAnyTime(raw: string, options: TimeOptions): ParsedTime {
  const text = raw.trim();
  if (EPOCH.test(text)) {
    const ms = text.length === 10 ? Number(text) * 1000 : Number(text);
    // A daily bar from epoch seconds: its trading date is the New York calendar date.
    return { ok: true, time: options.daily ? dateInZone(ms, "America/New_York")! : ms };
  }
  const p = parts(text);
  if (!p) return fail(text, `a date like ${TIME_FORMS}`);
  const [h, mi, s, ms] = p.clock ?? [0, 0, 0, 0];
  const wall = Date.UTC(p.y, p.mo - 1, p.d, h, mi, s, ms);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== p.y || check.getUTCMonth() !== p.mo - 1 || check.getUTCDate() !== p.d || h > 23 || mi > 59 || s > 59) {
    return fail(text, "a real calendar date and time");
  }
  if (p.zone !== undefined && !timeZoneFormat(p.zone)) {
    return fail(text, `followed by a known time zone such as America/New_York, US/Eastern or UTC (not '${p.zone}')`);
  }
  if (options.daily) return { ok: true, time: Date.UTC(p.y, p.mo - 1, p.d) };
  if (!p.clock) return fail(text, "a date AND time for intraday bars, like 2020-01-02T14:30:00Z");
  if (p.offset !== undefined) return { ok: true, time: wall - offsetMs(p.offset) };
  const zone = p.zone ?? options.timeZone;
  const utc = wallTimeToUtc(wall, zone);
  return utc === undefined ? fail(text, `in a known time zone (not '${zone}')`) : { ok: true, time: utc };
}
