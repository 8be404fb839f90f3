import { MARKET_INDEX } from "../../engine/market-view.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";

/**
 * Why a run's market regime filter would allow no entry, said at start when the index is neither
 * traded nor followed as data only (run-live.ts follows it; a session built without it warns).
 * Undefined when the filter can work.
 */
export function marketRegimeNotice(setup: Pick<TradingSetup, "regimeFilter">, symbols: readonly string[]): string | undefined {
  if (setup.regimeFilter?.source !== "market" || symbols.includes(MARKET_INDEX)) return undefined;
  return (
    `--regime-filter ${setup.regimeFilter.filter} reads the market regime of ${MARKET_INDEX}, which this run does not trade: ` +
    `run takes the index's regime from its live bars and subscribes only to the traded symbols, so the market regime stays unknown ` +
    `and the filter allows no entry (exits still run). Use --regime-of symbol (each symbol's own regime), or include ${MARKET_INDEX} among the run's symbols.`
  );
}
