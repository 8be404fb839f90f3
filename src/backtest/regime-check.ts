import type { Refusal } from "../core/events.ts";
import type { PreTradeCheck } from "../engine/ports.ts";
import { labelText } from "../regime/labels.ts";
import { allows, type RegimeFilter } from "../regime/regime-filter.ts";
import type { RegimeTimeline } from "../regime/regime-timeline.ts";

export interface RegimeCheckOptions {
  readonly filter: RegimeFilter;
  /** Whose regime decides: the market index's, or each symbol's own. */
  readonly source: { readonly kind: "market"; readonly symbol: string; readonly timeline: RegimeTimeline } | { readonly kind: "symbol"; readonly timelines: ReadonlyMap<string, RegimeTimeline> };
  /** The traded bars' length in ms: a decision on a bar is made at its close (start + barMs). */
  readonly barMs: number;
}

/**
 * --regime-filter: refuses entries (orders that open or add to a position) unless the regime
 * known at the signal bar's close is one the filter names. Exits always pass.
 */
export function regimeFilterCheck(options: RegimeCheckOptions): PreTradeCheck {
  return {
    name: "regime-filter",
    check(intent, portfolio): Refusal | undefined {
      const held = portfolio.qty(intent.symbol);
      const entry = held === 0 || (held > 0) === (intent.side === "buy");
      if (!entry) return undefined;
      const decidedAt = intent.signalTime + options.barMs;
      const src = options.source;
      const label = src.kind === "market" ? src.timeline.at(decidedAt) : src.timelines.get(intent.symbol)?.at(decidedAt);
      if (allows(options.filter, label)) return undefined;
      const whose = src.kind === "market" ? `market (${src.symbol})` : intent.symbol;
      const now = label && (label.trend || label.vol) ? labelText(label) : "unknown";
      return {
        kind: "refused",
        rule: "regime-filter",
        reason: `regime-filter: ${whose} regime is ${now}; entries allowed in ${options.filter.text}`,
        limit: options.filter.text,
        actual: now,
      };
    },
  };
}
