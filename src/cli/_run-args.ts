import { UserError } from "../core/errors.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "--for 60s", "5m", "1h30m", "90" (seconds) -> ms; UserError naming the flag otherwise. */
export function parseForDuration(text: string, flag = "--for"): number {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return positive(Number(t) * 1000, text, flag);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== t) {
    throw new UserError(`${flag} must be a duration like 60s, 5m, 1h30m or 2h, got '${text}'`);
  }
  return positive(parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]!]!, 0), text, flag);
}

function positive(ms: number, text: string, flag: string): number {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new UserError(`${flag} must be a duration > 0, got '${text}'`);
  return ms;
}

/**
 * "--until 2025-03-14T15:30:00Z" (an ISO instant; without a zone, local time) or "15:30"
 * (today, local time; tomorrow when already past) -> epoch ms.
 */
export function parseUntil(text: string, now: number = Date.now()): number {
  const t = text.trim();
  const hm = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (hm) {
    const [h, m] = [Number(hm[1]), Number(hm[2])];
    if (h > 23 || m > 59) throw new UserError(`--until ${text}: hour must be 0..23 and minute 0..59`);
    const d = new Date(now);
    d.setHours(h, m, 0, 0);
    if (d.getTime() <= now) d.setDate(d.getDate() + 1);
    return d.getTime();
  }
  const at = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t) ? Date.parse(t.replace(" ", "T")) : NaN;
  if (!Number.isFinite(at)) throw new UserError(`--until must be HH:MM (local time) or an ISO date-time like 2025-03-14T15:30:00Z, got '${text}'`);
  if (at <= now) throw new UserError(`--until ${text} is already past`);
  return at;
}

/** "--symbols aapl, MSFT" -> ["AAPL", "MSFT"]; UserError for an empty or malformed list. */
export function parseSymbols(text: string): string[] {
  const symbols = text.split(",").map((s) => s.trim().toUpperCase()).filter((s) => s !== "");
  if (symbols.length === 0) throw new UserError("--symbols needs at least one ticker, e.g. --symbols AAPL,MSFT");
  const bad = symbols.find((s) => !/^[A-Z][A-Z0-9.]{0,9}$/.test(s));
  if (bad !== undefined) throw new UserError(`--symbols: '${bad}' is not a ticker (expected upper-case letters, digits and dots, like AAPL or BRK.B)`);
  return [...new Set(symbols)];
}
