const formats = new Map<string, Intl.DateTimeFormat>();

/** An IANA zone Intl knows ("America/New_York", "US/Eastern", "UTC"), or undefined. */
export function timeZoneFormat(zone: string): Intl.DateTimeFormat | undefined {
  let f = formats.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      return undefined;
    }
    formats.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset (ms, east positive) at an instant. */
function offsetAt(format: Intl.DateTimeFormat, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

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
  let offset = offsetAt(format, wallMs);
  const second = offsetAt(format, wallMs - offset);
  if (second !== offset) offset = second;
  if (hourCache.size > 100_000) hourCache.clear();
  hourCache.set(key, offset);
  return wallMs - offset;
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
