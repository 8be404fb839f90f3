/** Trend and volatility labels a regime carries; a regime filter names some of them. */
export const TRENDS = ["bull", "bear", "sideways"] as const;
export type Trend = (typeof TRENDS)[number];
export const VOLS = ["low-vol", "normal-vol", "high-vol"] as const;
export type Vol = (typeof VOLS)[number];

export interface RegimeLabel {
  /** Unknown (undefined) while the model warms up. */
  readonly trend: Trend | undefined;
  readonly vol: Vol | undefined;
}

export function labelText(label: RegimeLabel): string {
  return `${label.trend ?? "unknown"} ${label.vol ?? "unknown"}`;
}

/** Volatility label of HMM state j of k (sorted by sigma): lowest low, highest high, rest normal. */
export function hmmVolLabel(state: number, states: number): Vol {
  if (state === 0) return "low-vol";
  if (state === states - 1) return "high-vol";
  return "normal-vol";
}
