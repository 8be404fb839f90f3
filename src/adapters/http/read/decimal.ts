import type { Money } from "../../../core/money.ts";

/** Money on the wire: a plain decimal string ("1234.5"), exact, never a float; null when unknown. */
export const dec = (m: Money | null | undefined): string | null => (m == null ? null : m.toFixed());
