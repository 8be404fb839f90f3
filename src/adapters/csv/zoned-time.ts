import { offsetIn, timeZoneFormat, wallToUtc } from "../time-zone/zone-offset.ts";

export { timeZoneFormat };

const hourCache = new Map<string, number>();

/**
 * The UTC instant of a wall-clock time in a zone; `wallMs` is that wall time written as if it
 * were UTC. Offsets are cached per zone and wall hour (time-zone rules change on the hour), so
 * a million intraday rows cost a few thousand Intl calls. Returns undefined for an unknown zone.
 * In a spring-forward gap or autumn overlap the result is one of the two plausible instants.
 */
export function wallTimeToUtc(wallMs: number, zone: string): number | undefined {
  if (zone === "UTC" || zone === "Etc/UTC" || zone === "GMT") return wallMs;
  const key = `${zone}|${Math.floor(wallMs / 3_600_000)}`;
  const cached = hourCache.get(key);
  if (cached !== undefined) return wallMs - cached;
  const format = timeZoneFormat(zone);
  if (!format) return undefined;
  const utc = wallToUtc(wallMs, (t) => offsetIn(format, t));
  if (hourCache.size > 100_000) hourCache.clear();
  hourCache.set(key, wallMs - utc);
  return utc;
}

/** 00:00 UTC of the calendar date the instant falls on in the zone (daily bar time). */
export function dateInZone(utcMs: number, zone: string): number | undefined {
  const format = timeZoneFormat(zone);
  if (!format) return undefined;
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!);
}
