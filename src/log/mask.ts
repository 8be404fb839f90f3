/**
 * Masks account ids and tokens so they never reach a log or a page:
 * "DU1234567" -> "DU12****". Keeps the 4 first characters (enough to tell paper "DU"
 * from live "U"), hides the rest; short values keep less.
 */
export function maskSecret(value: string): string {
  if (value.length === 0) return value;
  const shown = value.length <= 4 ? Math.min(2, value.length - 1) : 4;
  return value.slice(0, shown) + "****";
}

/** IB account ids: U/DU/DF/F + digits (individual, paper, financial-advisor accounts). */
const ACCOUNT_ID = /\b(D?[UF][0-9]{5,})\b/g;

/** Secrets shorter than this are not masked inside free text: they would hit ordinary words. */
export const MIN_SECRET_LENGTH = 4;

/**
 * Masks every registered secret (longest first, so one that contains another goes whole)
 * and every account-id-looking word inside free text.
 */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const ordered = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
  return out.replace(ACCOUNT_ID, (m) => maskSecret(m));
}
