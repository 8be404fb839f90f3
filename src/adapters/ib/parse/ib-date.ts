import { timeZoneFormat, wallToUtc, zoneOffsetMs } from "../../time-zone/zone-offset.ts";

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
  return wallToUtc(date + ((h * 60 + mi) * 60 + s) * 1000, (t) => zoneOffsetMs(t, zone));
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
  return timeZoneFormat(z) ? z : undefined;
}

/** "yyyymmdd-hh:mm:ss" in UTC: the endDateTime form IB accepts without a zone name. */
export function formatIbEndDateTime(utcMs: number): string {
  const d = new Date(utcMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
