/**
 * The host's speed at the moment, for reading a bench on a shared or virtual machine: the same
 * fixed integer loop timed in this process. On a VM whose host is busy the same binary can take
 * half as long again minutes later; the figure beside each section says which it was.
 */
let sink = 0;

function round(steps: number): number {
  const t = performance.now();
  let s = 0;
  for (let i = 0; i < steps; i++) s = (Math.imul(s, 31) + i) | 0;
  sink ^= s;
  return performance.now() - t;
}

/** Median ms of 7 rounds of 20M integer steps (the first round includes the JIT's tier-up). */
export function hostLoopMs(): number {
  const times: number[] = [];
  for (let r = 0; r < 7; r++) times.push(round(20_000_000));
  times.sort((a, b) => a - b);
  return sink === 0.5 ? Number.NaN : times[3]!;
}

export const hostLoopText = (x: number) => `host loop ${x.toFixed(1)} ms`;
