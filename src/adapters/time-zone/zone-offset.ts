/**
 * Time-zone arithmetic from the platform's zone database (Intl), for the adapters that read
 * zone names from outside (IB, CSV files) and for the simulator's New York clock. The core
 * calendar computes New York time itself (src/core/calendar/new-york-time.ts).
 */
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

/** The UTC offset (ms, east positive) of a zone's format at an instant, to the second. */
export function offsetIn(format: Intl.DateTimeFormat, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The UTC offset (ms, east positive) of `zone` at an instant; throws RangeError for a zone Intl does not know. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const format = timeZoneFormat(zone);
  if (!format) throw new RangeError(`unknown time zone '${zone}'`);
  return offsetIn(format, utcMs);
}

/**
 * A wall-clock time (written as if it were UTC) -> the real UTC instant, given the zone's
 * offset at an instant: two steps, so a time near a change of offset lands on the right side.
 * In a spring-forward gap or autumn overlap the result is one of the two plausible instants.
 */
export function wallToUtc(wallMs: number, offsetAt: (utcMs: number) => number): number {
  return wallMs - offsetAt(wallMs - offsetAt(wallMs));
}
