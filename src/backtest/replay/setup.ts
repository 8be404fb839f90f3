import type { Sizing } from "../../core/sizing.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import type { Direction } from "../../strategy/types.ts";

/**
 * What a recorded run traded with, as stored beside its inputs (JSON): enough to build the
 * same engine again. The books are the run's opening cash and positions (a paper account
 * carries on from earlier runs).
 */
export interface RecordedSetup {
  readonly strategy: { readonly name: string; readonly params: Readonly<Record<string, unknown>> };
  readonly symbols: readonly string[];
  readonly direction: Direction;
  readonly sizing: Sizing;
  readonly exits: { readonly stopLossPct: number; readonly takeProfitPct: number; readonly trailingStopPct?: number };
  readonly books: { readonly cash: string; readonly positions: readonly { readonly symbol: string; readonly qty: number; readonly avgCost: string }[] };
  readonly barSize: string;
  readonly broker: string;
  readonly mode: string;
  /** The run's whole TradingSetup (risk, validation, costs too); absent in runs recorded before it. */
  readonly setup?: TradingSetup;
}
