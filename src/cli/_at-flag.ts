import { UserError } from "../core/errors.ts";
import { fromNewYork, parseIsoDate } from "../core/calendar/index.ts";

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const WALL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads --at: an ISO time with a zone ("2026-11-27T15:00Z", "...-05:00") is exact; one
 * without a zone is New York wall time ("2026-11-27T10:00"); a bare date means 12:00 there.
 */
export function parseAtFlag(text: string): number {
  const trimmed = text.trim();
  const fail = () =>
    new UserError(
      `--at: expected an ISO time like 2026-11-27T10:00 (New York time), 2026-11-27T15:00Z or 2026-11-27, got '${text}'`,
    );
  if (ZONED.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isNaN(ms)) throw fail();
    return ms;
  }
  const m = WALL.exec(trimmed);
  if (!m || !parseIsoDate(m[1]!)) throw fail();
  const [hh, mm, ss] = [Number(m[2] ?? 12), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) throw fail();
  return fromNewYork(m[1]!, hh * 60 + mm) + ss * 1000;
}
