import type { Sizing } from "../../core/sizing.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import type { Direction } from "../../strategy/types.ts";

/**
 * What a recorded run traded with, as stored beside its inputs (JSON): enough to build the
 * same engine again. The books are the run's opening cash and positions (a paper account
 * carries on from earlier runs).
 */
/** One of several strategies of a recorded run. */
export interface RecordedMember {
  /** Its name in orders (the id). */
  readonly name: string;
  /** A built-in's name or a strategy file's path. */
  readonly source: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly limits?: { readonly maxPositionValue?: number | undefined; readonly maxOpenPositions?: number | undefined };
  /** What it held when the run started. */
  readonly held?: Readonly<Record<string, number>>;
}

export interface RecordedSetup {
  readonly strategy: {
    readonly name: string;
    readonly params: Readonly<Record<string, unknown>>;
    /** A strategy file's path (absent for a built-in). */
    readonly file?: string;
    /** Several strategies in the account, each as the run built it (absent for one). */
    readonly members?: readonly RecordedMember[];
  };
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
  /**
   * Symbols followed as data only (the market index of a market regime filter the run does not
   * trade): their bars are `data` inputs of the recording. Absent in runs recorded before they were kept.
   */
  readonly dataOnly?: readonly string[];
}
