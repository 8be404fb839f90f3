import type { Sizing } from "../../core/sizing.ts";
import type { ExitOptions } from "../../core/risk/index.ts";
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
  readonly exits: { readonly stopLossPct: number; readonly takeProfitPct: number };
  readonly books: { readonly cash: string; readonly positions: readonly { readonly symbol: string; readonly qty: number; readonly avgCost: string }[] };
  readonly barSize: string;
  readonly broker: string;
  readonly mode: string;
}

export const exitOptions = (setup: RecordedSetup): ExitOptions => ({ stopLossPct: setup.exits.stopLossPct, takeProfitPct: setup.exits.takeProfitPct });
