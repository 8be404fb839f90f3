/** SIMULATED quote model: a fixed spread around the replayed last price (about 1 bp, at least a cent). */
export function halfSpread(price: number): number {
  return Math.max(0.01, Math.round(price * 0.00005 * 100) / 100);
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

export function bidAsk(last: number): { bid: number; ask: number } {
  const h = halfSpread(last);
  return { bid: round2(last - h), ask: round2(last + h) };
}

/** A deterministic, plausible quote size in round lots for the simulated book. */
export function quoteSize(seed: number): number {
  return 100 * (1 + (Math.abs(Math.floor(seed * 7919)) % 9));
}
