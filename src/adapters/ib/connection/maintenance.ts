import { zoneOffsetMs } from "../../time-zone/zone-offset.ts";

const NY = "America/New_York";

/**
 * IB's known outages, in New York time. Every night the servers reset (North America:
 * about 23:45-00:45 ET), and once a week IB Gateway / TWS must log in again with the user's
 * credentials (robotrader assumes early Sunday, 01:00 ET; IB's auto-restart does not cover it).
 * Reconnects inside these windows are expected and logged quietly.
 */
export interface MaintenanceSchedule {
  /** Minutes after midnight ET when the nightly reset starts, and its length. */
  readonly nightlyStartMin: number;
  readonly nightlyLengthMin: number;
  /** Day of week (0 = Sunday) and minute ET of the weekly re-login. */
  readonly reloginDay: number;
  readonly reloginMin: number;
}

export const IB_MAINTENANCE: MaintenanceSchedule = {
  nightlyStartMin: 23 * 60 + 45,
  nightlyLengthMin: 60,
  reloginDay: 0,
  reloginMin: 60,
};

function nyWall(utcMs: number): { day: number; minute: number } {
  const wall = new Date(utcMs + zoneOffsetMs(utcMs, NY));
  return { day: wall.getUTCDay(), minute: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
}

/** True inside the nightly reset window, or within 2 hours after the weekly re-login time. */
export function inMaintenanceWindow(utcMs: number, s: MaintenanceSchedule = IB_MAINTENANCE): boolean {
  const { day, minute } = nyWall(utcMs);
  const since = (minute - s.nightlyStartMin + 1440) % 1440;
  if (since < s.nightlyLengthMin) return true;
  const sinceRelogin = ((day - s.reloginDay + 7) % 7) * 1440 + minute - s.reloginMin;
  return sinceRelogin >= 0 && sinceRelogin < 120;
}

/** The next weekly re-login at or after `utcMs` (epoch ms, UTC). */
export function nextWeeklyRelogin(utcMs: number, s: MaintenanceSchedule = IB_MAINTENANCE): number {
  const { day, minute } = nyWall(utcMs);
  let minutesAhead = ((s.reloginDay - day + 7) % 7) * 1440 + s.reloginMin - minute;
  if (minutesAhead < 0) minutesAhead += 7 * 1440;
  const at = Math.floor(utcMs / 60_000) * 60_000 + minutesAhead * 60_000;
  // Correct for a DST change between now and then.
  return at + (zoneOffsetMs(utcMs, NY) - zoneOffsetMs(at, NY));
}

/** A line to show the user when the weekly re-login is less than `aheadMs` away, else undefined. */
export function reloginNotice(utcMs: number, aheadMs = 24 * 3_600_000, s: MaintenanceSchedule = IB_MAINTENANCE): string | undefined {
  const at = nextWeeklyRelogin(utcMs, s);
  const left = at - utcMs;
  if (left > aheadMs) return undefined;
  const hours = Math.floor(left / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  return `IB requires the weekly re-login of TWS / IB Gateway in ${hours}h ${minutes}m (${new Date(at).toISOString()}): log in with your credentials and 2FA, or the connection will stay down until you do.`;
}
