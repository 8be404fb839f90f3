/**
 * Masks account ids and tokens so they never reach a log or a page:
 * "DU1234567" -> "DU12****". Keeps the 4 first characters (enough to tell paper "DU"
 * from live "U"), hides the rest.
 */
export function maskSecret(value: string): string {
  if (value.length === 0) return value;
  const shown = value.length <= 4 ? Math.min(2, value.length - 1) : 4;
  return value.slice(0, shown) + "****";
}

/** IB account ids: U/DU/DF/F + digits (institutional accounts may carry letters). */
const ACCOUNT_ID = /\b(D?[UF][0-9]{5,})\b/g;

/** Masks every account-id-looking token and every registered secret inside free text. */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(ACCOUNT_ID, (m) => maskSecret(m));
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join(maskSecret(s));
  }
  return out;
}
