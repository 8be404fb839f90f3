/**
 * IB's bar dates: daily "yyyymmdd" -> 00:00 UTC of that date (as src/core/bar.ts wants);
 * intraday "yyyymmdd hh:mm:ss Zone" (or the legacy two-space form, in `defaultZone`);
 * formatDate=2 epoch seconds. Returns epoch ms, or undefined when the text is none of these.
 */
export function parseIbDate(text: string, defaultZone = "America/New_York"): number | undefined {
  const t = text.trim();
  if (/^\d{9,10}$/.test(t)) return Number(t) * 1000;
  const day = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (day) return validDate(Number(day[1]), Number(day[2]), Number(day[3]));
  const m = /^(\d{4})(\d{2})(\d{2})[ -]+(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(t);
  if (!m) return undefined;
  const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (date === undefined) return undefined;
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const zone = normaliseZone(m[7] ?? defaultZone);
  if (zone === undefined) return undefined;
  return zonedToUtc(date + ((h * 60 + mi) * 60 + s) * 1000, zone);
}

function validDate(y: number, mo: number, d: number): number | undefined {
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms;
}

const ZONE_ALIASES: Record<string, string> = {
  EST: "America/New_York",
  EDT: "America/New_York",
  "US/Eastern": "America/New_York",
  "US/Central": "America/Chicago",
  "US/Pacific": "America/Los_Angeles",
  GMT: "UTC",
};

function normaliseZone(zone: string): string | undefined {
  const z = ZONE_ALIASES[zone] ?? zone;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: z });
    return z;
  } catch {
    return undefined;
  }
}

/** Offset (ms) of `zone` from UTC at instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Wall-clock time in `zone` (given as if it were UTC) -> the real UTC instant. */
export function zonedToUtc(wallMs: number, zone: string): number {
  let utc = wallMs - zoneOffsetMs(wallMs, zone);
  utc = wallMs - zoneOffsetMs(utc, zone);
  return utc;
}

/** "yyyymmdd-hh:mm:ss" in UTC: the endDateTime form IB accepts without a zone name. */
export function formatIbEndDateTime(utcMs: number): string {
  const d = new Date(utcMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
