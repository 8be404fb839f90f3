import type { Refusal } from "../core/events.ts";
import { labelText } from "../regime/labels.ts";
import { allows, parseRegimeFilter } from "../regime/regime-filter.ts";
import type { Engine } from "./engine.ts";
import type { PreTradeCheck } from "./ports.ts";

/**
 * The setup's regime filter as a pre-trade check: an entry (an order that opens or adds to a
 * position) passes only when the rules regime the engine knows at the signal bar's close (the
 * market index's, or the symbol's own) is one the filter names. Exits always pass. The same
 * check in backtest, replay and run.
 */
export function regimeFilterGate(setting: { readonly filter: string; readonly source: "market" | "symbol" }, engine: () => Engine | undefined): PreTradeCheck {
  const parsed = parseRegimeFilter(setting.filter);
  if (!parsed.ok) throw new RangeError(`regime filter: ${parsed.error}`);
  const filter = parsed.filter;
  return {
    name: "regime-filter",
    check(intent, portfolio): Refusal | undefined {
      const held = portfolio.qty(intent.symbol);
      if (held !== 0 && (held > 0) !== (intent.side === "buy")) return undefined;
      const label = engine()?.regime(setting.source === "market" ? undefined : intent.symbol);
      if (allows(filter, label)) return undefined;
      const now = label && (label.trend || label.vol) ? labelText(label) : "unknown";
      const whose = setting.source === "market" ? "market" : intent.symbol;
      return { kind: "refused", rule: "regime-filter", reason: `regime-filter: ${whose} regime is ${now}; entries allowed in ${filter.text}`, limit: filter.text, actual: now };
    },
  };
}
