import type { Side } from "../../../core/order.ts";

/** Execution sides (BOT/SLD) and order actions (BUY/SELL/SSHORT) -> our side. */
export function sideFromIb(word: string): Side | undefined {
  switch (word.toUpperCase()) {
    case "BOT":
    case "BUY":
      return "buy";
    case "SLD":
    case "SELL":
    case "SSHORT":
      return "sell";
    default:
      return undefined;
  }
}
