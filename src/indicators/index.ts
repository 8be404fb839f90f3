import { UserError } from "../core/errors.ts";
import { runBatch } from "./batch.ts";
import { INDICATORS } from "./registry.ts";
import { parseSpec, type IndicatorSpec, type SpecResult } from "./spec.ts";
import type { BarColumns, StreamingIndicator } from "./types.ts";

export type { BarColumns, BarInput, StreamingIndicator } from "./types.ts";
export type { IndicatorDef, ParamDef } from "./_def.ts";
export type { IndicatorSpec, SpecResult } from "./spec.ts";
export { INDICATORS } from "./registry.ts";

/** Parses "sma_10", "bbands_20_2_2", "sar_0.02_0.2" ...; errors are values. */
export function resolveIndicator(spec: string): SpecResult {
  return parseSpec(spec, INDICATORS);
}

function mustResolve(spec: string): IndicatorSpec {
  const r = resolveIndicator(spec);
  if (!r.ok) throw new UserError(r.error);
  return r.spec;
}

/** A fresh streaming instance; throws UserError on an unknown name or bad parameters. */
export function createIndicator(spec: string): StreamingIndicator {
  const s = mustResolve(spec);
  return s.def.create(s.id, s.params);
}

/** Batch values over columns, one Float64Array per output (NaN before the first valid value). */
export function batch(spec: string, columns: BarColumns): Record<string, Float64Array> {
  return runBatch(createIndicator(spec), columns);
}

/** SMA of close. */
export function sma(period: number): StreamingIndicator {
  return createIndicator(`sma_${period}`);
}

/** EMA of close, TA-Lib seeding. */
export function ema(period: number): StreamingIndicator {
  return createIndicator(`ema_${period}`);
}
