import Big from "big.js";
import type { Money } from "../core/money.ts";

/**
 * A price for people: at most 4 decimals (IB's average costs carry the commission per share,
 * 150.35123456789...), at least 2. Stored values stay exact; this is for text only.
 */
export function formatPrice(value: Money): string {
  const rounded = value.round(4, Big.roundHalfUp);
  const text = rounded.toFixed(4).replace(/0{1,2}$/, "");
  return text;
}
