import type { StreamingIndicator } from "./types.ts";

/** One numeric parameter of an indicator, in TA-Lib's order. */
export interface ParamDef {
  readonly name: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** When set, the only values accepted (e.g. TA-Lib MA types without 7). */
  readonly allowed?: readonly number[];
  /** Left out of the canonical name when it (and every later one) has its default: MA types. */
  readonly optional?: boolean;
}

/** An indicator as the registry knows it: how to name, check and build it. */
export interface IndicatorDef {
  /** Lower-case TA-Lib name, e.g. "bbands", "linearreg_slope". */
  readonly name: string;
  readonly title: string;
  readonly params: readonly ParamDef[];
  /** ["value"] for single-output indicators. */
  readonly outputs: readonly string[];
  /** Bar fields read, when not just close (documentation and the CLI help). */
  readonly inputs?: string;
  /** Builds an instance; `params` are complete and already checked against `params`. */
  create(id: string, params: readonly number[]): StreamingIndicator;
}

export function periodParam(def: number, min = 2, name = "period"): ParamDef {
  return { name, default: def, min, max: 100_000, integer: true };
}

export function realParam(name: string, def: number, min: number, max: number): ParamDef {
  return { name, default: def, min, max, integer: false };
}
