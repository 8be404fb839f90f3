import { formatNewYork, isoAddDays, nyseDay, sessionAt, type MarketSession } from "../../core/calendar/index.ts";

/** One instant shown three ways. */
export interface ShownTime {
  readonly utc: string;
  readonly newYork: string;
  readonly local: string;
}

export interface MarketStatusReport {
  readonly at: ShownTime;
  readonly session: MarketSession;
  readonly tradingDay: string;
  readonly isTradingDay: boolean;
  readonly isEarlyClose: boolean;
  readonly holidayName?: string;
  readonly earlyCloseName?: string;
  readonly nextOpen: ShownTime & { readonly in: string };
  readonly nextClose: ShownTime & { readonly in: string };
  /** Holidays and early closes in the next two weeks. */
  readonly upcoming: readonly UpcomingDay[];
  readonly localTimeZone: string;
}

export interface UpcomingDay {
  readonly date: string;
  readonly kind: "holiday" | "early-close";
  readonly name: string;
}

const UPCOMING_DAYS = 14;

function upcomingDays(from: string): UpcomingDay[] {
  const out: UpcomingDay[] = [];
  for (let i = 1; i <= UPCOMING_DAYS; i++) {
    const day = nyseDay(isoAddDays(from, i));
    if (day.holidayName !== undefined) out.push({ date: day.date, kind: "holiday", name: day.holidayName });
    else if (day.earlyCloseName !== undefined) out.push({ date: day.date, kind: "early-close", name: day.earlyCloseName });
  }
  return out;
}

/** "2h 05m", "3d 4h 00m"; "now" under a minute. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "now";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = String(minutes % 60).padStart(2, "0");
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m` : `${minutes}m`;
}

function localFormatter(timeZone: string): (ms: number) => string {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
  });
  return (ms) => {
    const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
  };
}

/** The market status at `now`; `timeZone` is the viewer's (defaults to this machine's). */
export function marketStatus(now: number, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): MarketStatusReport {
  const local = localFormatter(timeZone);
  const shown = (ms: number): ShownTime => ({ utc: new Date(ms).toISOString(), newYork: formatNewYork(ms), local: local(ms) });
  const s = sessionAt(now);
  return {
    at: shown(now),
    session: s.session,
    tradingDay: s.tradingDay,
    isTradingDay: s.isTradingDay,
    isEarlyClose: s.isEarlyClose,
    ...(s.holidayName !== undefined ? { holidayName: s.holidayName } : {}),
    ...(s.earlyCloseName !== undefined ? { earlyCloseName: s.earlyCloseName } : {}),
    nextOpen: { ...shown(s.nextOpen), in: formatDuration(s.nextOpen - now) },
    nextClose: { ...shown(s.nextClose), in: formatDuration(s.nextClose - now) },
    upcoming: upcomingDays(s.tradingDay),
    localTimeZone: timeZone,
  };
}

function sessionText(session: MarketSession, earlyClose: boolean): string {
  const close = earlyClose ? "13:00" : "16:00";
  const late = earlyClose ? "17:00" : "20:00";
  if (session === "pre-market") return "PRE-MARKET (04:00-09:30 ET)";
  if (session === "regular") return `REGULAR SESSION (09:30-${close} ET)`;
  if (session === "after-hours") return `AFTER-HOURS (${close}-${late} ET)`;
  return "CLOSED";
}

export function formatMarketStatus(r: MarketStatusReport): string {
  const session = sessionText(r.session, r.isEarlyClose);
  const lines = [
    `NYSE        ${session}`,
    `at          ${r.at.newYork}  (${r.at.local})`,
  ];
  if (r.holidayName) lines.push(`holiday     ${r.tradingDay}: ${r.holidayName} — market closed all day`);
  else if (!r.isTradingDay) lines.push(`weekend     ${r.tradingDay}: market closed`);
  if (r.isEarlyClose) lines.push(`early close ${r.tradingDay}: ${r.earlyCloseName ?? "early close"} — regular session ends 13:00 ET, after-hours 17:00 ET`);
  lines.push(`next open   ${r.nextOpen.newYork}  (${r.nextOpen.local})  in ${r.nextOpen.in}`);
  lines.push(`next close  ${r.nextClose.newYork}  (${r.nextClose.local})  in ${r.nextClose.in}`);
  for (const u of r.upcoming) {
    const what = u.kind === "holiday" ? "closed" : "closes 13:00 ET";
    lines.push(`${u === r.upcoming[0] ? "upcoming   " : "           "} ${u.date}: ${what} (${u.name})`);
  }
  return lines.join("\n");
}
