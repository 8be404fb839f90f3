import type { IndicatorDef } from "./_def.ts";
import { emaDef } from "./overlap/ema.ts";
import { smaDef } from "./overlap/sma.ts";

/** Every indicator robotrader knows, in display order. */
export const INDICATORS: readonly IndicatorDef[] = [
  smaDef,
  emaDef,
];
