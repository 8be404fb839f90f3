import { wallToUtc, zoneOffsetMs } from "../../time-zone/zone-offset.ts";

/** New York wall time, which IB uses for US stock bars ("US/Eastern"). */
const NEW_YORK = "America/New_York";
const DAY_MS = 86_400_000;
const offsetCache = new Map<number, number>();

/** Offset of New York from UTC in ms at the given instant (e.g. -5h in winter); New York changes offset on the hour. */
export function easternOffsetMs(epochMs: number): number {
  const hourKey = Math.floor(epochMs / 3_600_000);
  const hit = offsetCache.get(hourKey);
  if (hit !== undefined) return hit;
  const offset = zoneOffsetMs(hourKey * 3_600_000, NEW_YORK);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

/** UTC instant of a New York wall-clock time on the date of `dayUtcMidnight` (00:00 UTC of that date). */
export function easternToUtc(dayUtcMidnight: number, secondsOfDay: number): number {
  return wallToUtc(dayUtcMidnight + secondsOfDay * 1000, easternOffsetMs);
}

/** 00:00 UTC of the New York calendar date containing the instant. */
export function easternDate(epochMs: number): number {
  const local = epochMs + easternOffsetMs(epochMs);
  return Math.floor(local / DAY_MS) * DAY_MS;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** "yyyymmdd" of a date given as 00:00 UTC. */
export function ymd(dayUtcMidnight: number): string {
  const d = new Date(dayUtcMidnight);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** "yyyymmdd hh:mm:ss" in New York time. */
export function easternText(epochMs: number): string {
  const d = new Date(epochMs + easternOffsetMs(epochMs));
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const zoneName = new Intl.DateTimeFormat("en-US", { timeZone: NEW_YORK, timeZoneName: "short" });

/** "yyyymmdd hh:mm:ss EST" (or EDT): TWS's connection-time string; clients only display it. */
export function easternTextWithZone(epochMs: number): string {
  const name = zoneName.formatToParts(new Date(epochMs)).find((p) => p.type === "timeZoneName")?.value ?? "";
  return `${easternText(epochMs)} ${name}`;
}

/** "HH:MM" New York time, as updateAccountTime carries it. */
export function easternClock(epochMs: number): string {
  return easternText(epochMs).slice(9, 14);
}

/**
 * Parses IB's endDateTime forms: "yyyymmdd hh:mm:ss[ TZ]" (TZ: US/Eastern, America/New_York,
 * UTC, GMT; none means New York) and "yyyymmdd-hh:mm:ss" (UTC). Returns undefined when malformed.
 */
export function parseIbDateTime(text: string): number | undefined {
  const t = text.trim();
  const dash = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(t);
  if (dash) {
    const [, y, mo, d, h, mi, s] = dash.map(Number) as [number, number, number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi, s);
  }
  const m = /^(\d{4})(\d{2})(\d{2})(?:\s+(\d{2}):(\d{2}):(\d{2}))?(?:\s+(\S+))?$/.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  const tz = (m[7] ?? "US/Eastern").toUpperCase();
  const day = Date.UTC(y, mo - 1, d);
  const secs = h * 3600 + mi * 60 + s;
  if (tz === "UTC" || tz === "GMT" || tz === "Z") return day + secs * 1000;
  if (tz === "US/EASTERN" || tz === "AMERICA/NEW_YORK" || tz === "EST" || tz === "EDT" || tz === "EST5EDT") {
    return easternToUtc(day, secs);
  }
  return undefined;
}
